"""Every test and doctest runs with a temporary model cache (``SUMMARIZE_CACHE``), never the
user's ``~/.cache/summarize``: nothing the suite writes, measures or damages on purpose reaches
it. Complete GGUF entries of the user's cache (those that list their files' hashes) are
hard-linked in, read-only in effect (the package replaces files by renaming, never writes them
in place), so the packaged Gemma is not de-quantized again for every run; subprocesses inherit
the variable."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

_USER_CACHE = Path(os.environ.get("SUMMARIZE_CACHE") or Path.home() / ".cache" / "summarize")


def _seed(target: Path) -> None:
    gguf = _USER_CACHE / "gguf"
    if not gguf.is_dir() or gguf.is_symlink():
        return
    for entry in gguf.iterdir():
        marker = entry / "summarize-cache.json"
        try:
            if entry.is_symlink() or marker.stat().st_size > 1 << 20:
                continue
            if not isinstance(json.loads(marker.read_text()).get("files"), dict):
                continue  # an entry without hashes would be derived again anyway
            dest = target / "gguf" / entry.name
            dest.mkdir(parents=True)
            for f in entry.iterdir():
                if f.is_file() and not f.is_symlink():
                    if f.name == marker.name:
                        shutil.copyfile(f, dest / f.name)
                    else:
                        os.link(f, dest / f.name)
        except (OSError, ValueError, AttributeError):
            shutil.rmtree(target / "gguf" / entry.name, ignore_errors=True)


def pytest_configure(config) -> None:
    if os.environ.get("SUMMARIZE_TEST_CACHE"):  # already set up (a nested pytest)
        return
    tmp = Path(tempfile.mkdtemp(prefix="summarize-test-cache-"))
    _seed(tmp)
    os.environ["SUMMARIZE_CACHE"] = os.environ["SUMMARIZE_TEST_CACHE"] = str(tmp)
    config._summarize_cache = tmp


def pytest_unconfigure(config) -> None:
    tmp = getattr(config, "_summarize_cache", None)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
