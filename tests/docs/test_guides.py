"""Every ```python block of docs/**/*.md runs: the blocks of one page in order, in one namespace,
in a fresh process whose working directory is the repository root. A block preceded by the line
``<!-- notest: reason -->`` is left out (say why). A page whose code needs a missing extra is
skipped, naming it (a failure under SUMMARIZE_REQUIRE_EXTRAS=1, see conftest.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*$")
_NOTEST = re.compile(r"^\s*<!--\s*notest:\s*\S.*-->\s*$")
_MISSING = re.compile(r"No module named '([\w.]+)'")
# our own "missing extra" errors end with the install line, e.g. pip install "summarize[notebook]"
_OUR_HINT = re.compile(r"^ImportError: .*pip install [^\n]*\[(\w+)\]", re.M)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(line number, code)`` of each ```python block to run, in page order.

    Example:
        >>> python_blocks("a\\n```python\\nx = 1\\n```\\n<!-- notest: demo -->\\n```python\\nboom\\n```")
        [(2, 'x = 1')]
    """
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, indent, lang = i, m.group("indent"), m.group("lang")
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        prev = next((lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        if lang == "python" and not _NOTEST.match(prev):
            body = [x[len(indent):] if x.startswith(indent) else x for x in lines[start + 1:j]]
            out.append((start + 1, "\n".join(body)))
        i = j + 1
    return out


def test_the_block_finder_honours_notest_and_other_languages():
    text = "```bash\nls\n```\n```python\na = 1\n```\n\n<!-- notest: online -->\n\n```python\nb\n```"
    assert python_blocks(text) == [(4, "a = 1")]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_page_code_runs(page: Path, request: pytest.FixtureRequest):
    blocks = python_blocks(page.read_text(encoding="utf-8"))
    if not blocks:
        return
    rel = page.relative_to(ROOT)
    # one script; each block compiled with its page line numbers, so a failure names the line
    script = "\n".join(f"exec(compile({padded!r}, {str(rel)!r}, 'exec'), _ns)"
                       for padded in ("\n" * line + code for line, code in blocks))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH",
                                                                                 "")])}
    done = subprocess.run([sys.executable, "-c", "_ns = {'__name__': '__main__'}\n" + script],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=540)
    if done.returncode != 0:
        missing = _MISSING.search(done.stderr)
        extras = next((p.EXTRAS for p in request.config.pluginmanager.get_plugins()
                       if hasattr(p, "EXTRAS") and hasattr(p, "extra_missing")), {})
        root = missing.group(1).split(".")[0] if missing else ""
        if root in extras:
            pytest.skip(f"needs the optional package {root!r}: "
                        f'pip install -e ".[{extras[root]}]"')
        hint = _OUR_HINT.search(done.stderr)
        if hint:
            pytest.skip(f"needs the optional package(s) of the {hint.group(1)!r} extra: "
                        f'pip install -e ".[{hint.group(1)}]"')
        pytest.fail(f"{rel}: a code block failed:\n{done.stderr[-3000:]}")
