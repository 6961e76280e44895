"""The command line on a closed pipe and on a directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("The river rose two metres overnight. Officials closed the main bridge. "
           "Schools sent pupils home early. Farmers moved cattle to higher fields.\n")


def _env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                   os.environ.get("PYTHONPATH")])))


@pytest.mark.timeout(120)
def test_closed_pipe_is_quiet(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE * 40, encoding="utf-8")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before we write anything, as after `head -1` exits
    try:
        done = subprocess.run([sys.executable, "-m", "summarize", str(article), "--json",
                               "--ratio", "1.0"], stdout=write, stderr=subprocess.PIPE,
                              env=_env(), timeout=100)
    finally:
        os.close(write)
    assert done.stderr.decode() == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert done.returncode == 141


@pytest.mark.timeout(120)
def test_head_in_a_shell_pipeline(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE * 400, encoding="utf-8")  # output larger than a pipe buffer
    cmd = f'"{sys.executable}" -m summarize "{article}" --json --ratio 1.0 | head -1'
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=_env(),
                          timeout=100)
    assert done.stdout == "{\n" and "Error" not in done.stderr and "Traceback" not in done.stderr


def test_directory_argument_gets_a_clear_message(tmp_path, capsys):
    from summarize.cli import main

    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path} is a directory" in err and "one article file" in err
