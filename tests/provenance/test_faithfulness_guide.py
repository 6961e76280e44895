"""docs/guides/faithfulness.md: its Python blocks run offline, in order, in one namespace (a
block right after a ``<!-- notest: ... -->`` line is skipped), and the output it shows is what
the first block prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "faithfulness.md"
FENCE = re.compile(r"(<!-- notest:[^>]*-->\s*\n)?```(\w*)\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str, bool]]:
    return [(m.group(2), m.group(3), m.group(1) is not None)
            for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8"))]


@pytest.mark.timeout(600)
def test_guide_code_runs_and_shows_what_it_prints():
    pytest.importorskip("pandas")  # meta_evaluate's table; part of the dev install
    ns: dict = {}
    blocks = _blocks()
    python = [(code, skip) for lang, code, skip in blocks if lang == "python"]
    assert len(python) >= 4 and sum(skip for _, skip in python) == 1
    shown = next(code for lang, code, _ in blocks if lang == "")
    for k, (code, skip) in enumerate(python):
        if skip:
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{GUIDE.name} block {k}", "exec"), ns)
        if k == 0:
            assert out.getvalue() == shown
    taus = ns["taus"]
    assert taus.loc["faithfulness", ("summary", "consistency")] > 0.2
    assert 0.0 <= ns["mine"] <= 1.0 and 0.0 <= ns["ours"] <= 1.0
