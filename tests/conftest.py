"""Shared test fixtures: the data folder ($SUMMARIZE_DATA, default ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.bench.data import data_dir


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = data_dir()
    if not (path / "corpora").is_dir():
        pytest.fail(f"test data not found at {path}; set SUMMARIZE_DATA")
    return path


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    return (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def summeval_rows(shared_dir: Path) -> list[dict]:
    with open(shared_dir / "corpora" / "summeval.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def demo_plugin(tmp_path_factory):
    """The demo plug-in (tests/demo_plugin.py) installed on ``sys.path`` for this module's
    tests and found through its ``summarize.methods`` entry point; yields its folder (for a
    subprocess's PYTHONPATH)."""
    import sys

    from demo_plugin import install_demo_plugin

    from summarize.methods.registry import reload_plugins

    folder = install_demo_plugin(tmp_path_factory.mktemp("plugin"))
    sys.path.insert(0, str(folder))
    reload_plugins()
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop("summarize_demo_plugin", None)
    reload_plugins()
