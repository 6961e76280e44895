"""Files we write: ``bench --out`` never clobbers a user's folder and never follows a link.

An output folder is ours only when empty or carrying ``.summarize-run``; someone's folder, a
file, a dangling link are refused in one line naming the path with every byte left as it was.
Links planted inside a run folder (the lock, a temporary name, the report, the outputs, the
plots folder) are never followed: their targets keep their content.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark_fixtures import records, write_jsonl
from summarize.bench.corpus import corpus_from_records
from summarize.bench.runner import RUN_MARKER, RunFolderError, read_run, run_benchmark
from summarize.safe_files import FileSafetyError, atomic_write, claim_folder, open_lock

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SUMMARIZE_DATA": os.environ.get(
    "SUMMARIZE_DATA", str(ROOT.parent / "shared"))}


def _corpus():
    return corpus_from_records(records(3))


def _bench_cli(tmp_path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    corpus = write_jsonl(tmp_path / "c.jsonl", records(2))
    return subprocess.run([sys.executable, "-m", "summarize", "bench", "--corpus", str(corpus),
                           "--methods", "lead3", "--out", str(out), "--quiet",
                           "--published", "none", *extra],
                          env=ENV, capture_output=True, text=True, timeout=240)


def _one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, proc.stderr[-2000:]
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


@pytest.mark.timeout(240)
def test_someone_elses_folder_is_refused_and_untouched(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / ".lock").write_text("their lock, do not truncate")
    (theirs / "report.md").write_text("# my notes\n")
    (theirs / "table.csv").write_text("a,b\n1,2\n")
    (theirs / "config.json").write_text("not json: my settings")
    before = _snapshot(theirs)
    proc = _bench_cli(tmp_path, theirs)
    _one_line_error(proc, str(theirs.resolve()), "not empty", "not made by summarize")
    assert _snapshot(theirs) == before
    with pytest.raises(RunFolderError, match="not made by summarize"):
        run_benchmark(_corpus(), ["lead"], theirs, sentences=1, progress=False)
    assert _snapshot(theirs) == before


@pytest.mark.timeout(240)
def test_a_file_a_dangling_link_and_a_file_in_the_path_are_one_line_errors(tmp_path):
    a_file = tmp_path / "results.txt"
    a_file.write_text("precious")
    dangling = tmp_path / "gone"
    dangling.symlink_to(tmp_path / "nowhere")
    for out, needle in ((a_file, "is not a folder (a file)"),
                        (dangling, "dangling symbolic link"),
                        (a_file / "run", "cannot use")):
        _one_line_error(_bench_cli(tmp_path, out), str(out))
    assert a_file.read_text() == "precious"
    assert not (tmp_path / "nowhere").exists()


def test_empty_folder_is_claimed_and_resumed(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    run_benchmark(_corpus(), ["lead"], out, sentences=1, progress=False)
    assert (out / RUN_MARKER).is_file()
    again = run_benchmark(_corpus(), ["lead"], out, sentences=1, progress=False)
    assert len(again.records) == 3
    # a link to a folder as --out is the user's choice: it resolves to that folder
    link = tmp_path / "link"
    link.symlink_to(out)
    assert len(run_benchmark(_corpus(), ["lead"], link, sentences=1,
                             progress=False).records) == 3


def _ours(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    run_benchmark(_corpus(), ["lead"], out, sentences=1, progress=False)
    return out


@pytest.mark.parametrize("name", [".lock", "outputs.jsonl", "sessions.jsonl", "config.json"])
def test_a_link_planted_in_a_run_folder_is_never_followed(tmp_path, name):
    out = _ours(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("victim content\n")
    target = out / name
    target.unlink()
    target.symlink_to(victim)
    with pytest.raises(RunFolderError, match="symbolic link"):
        run_benchmark(_corpus(), ["lead", "lead3"], out, sentences=1, progress=False)
    assert victim.read_text() == "victim content\n"


def test_links_at_temporary_and_report_names_are_replaced_not_followed(tmp_path):
    pytest.importorskip("pandas")  # the benchmark tables: benchmark/metrics extra
    out = _ours(tmp_path)
    victims = {}
    for name in ("config.json.tmp", "outputs.jsonl.tmp", "report.md", "table.csv"):
        victims[name] = tmp_path / f"victim-{name}"
        victims[name].write_text("victim\n")
        (out / name).symlink_to(victims[name])
    (out / "config.json").write_text("[[[[")  # damaged: renamed aside and rebuilt
    from summarize.bench.suite import benchmark

    benchmark(_corpus(), ["lead"], out, sentences=1, progress=False, published=None,
              plots=False)
    for name, victim in victims.items():
        assert victim.read_text() == "victim\n", name
    assert not (out / "report.md").is_symlink() and "Benchmark" in (out / "report.md").read_text()
    assert not (out / "table.csv").is_symlink()
    assert len(read_run(out).records) == 3


def test_a_linked_plots_folder_is_refused(tmp_path):
    pytest.importorskip("matplotlib")  # plots are the [benchmark] extra
    out = _ours(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "plots").symlink_to(elsewhere, target_is_directory=True)
    from summarize.bench.suite import benchmark

    with pytest.raises(RunFolderError, match="not follow links"):
        benchmark(_corpus(), ["lead"], out, sentences=1, progress=False, published=None)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.timeout(60)
def test_a_fifo_in_a_run_folder_is_refused_without_hanging(tmp_path):
    out = _ours(tmp_path)
    (out / "sessions.jsonl").unlink()
    os.mkfifo(out / "sessions.jsonl")
    with pytest.raises(RunFolderError, match="FIFO"):
        read_run(out)


def test_marker_must_be_ours(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / RUN_MARKER).write_text("I typed this")
    (out / "mine.txt").write_text("x")
    with pytest.raises(FileSafetyError, match="damaged"):
        claim_folder(out, RUN_MARKER)
    (out / RUN_MARKER).unlink()
    (out / RUN_MARKER).symlink_to(out / "mine.txt")
    with pytest.raises(FileSafetyError, match="not a regular file"):
        claim_folder(out, RUN_MARKER)


def test_lock_is_exclusive_and_never_truncated(tmp_path):
    lock = tmp_path / ".lock"
    with open_lock(lock) as f:
        f.write(b"pid 1")
    with open_lock(lock):
        pass
    assert lock.read_bytes() == b"pid 1"
    atomic_write(tmp_path / "x", b"1")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
