"""The example notebooks: committed without outputs, and each one runs top to bottom on a fresh
kernel (nbclient) and exports to HTML (nbconvert) showing highlighted provenance and plots.

One execution per notebook serves both checks. Set ``SUMMARIZE_NOTEBOOK_HTML=DIR`` to keep the
exported HTML files for a look in a browser.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbclient")  # notebook extra (pip install -e ".[notebook]")
pytest.importorskip("nbformat")  # notebook extra

from summarize.bench.data import data_dir

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STRIP_TOOL = ROOT / "tools" / "strip_notebooks.py"

# notebook -> what its exported HTML must show (CSS classes from summarize.notebook.display,
# sidebyside, corpus_view): "plots" PNG images, "svgs" SVG images at least
EXPECT = {
    "01_quickstart.ipynb": {"highlights": True, "plots": 0, "svgs": 0,
                            "html": ["summarize-compare", "sz-card", "sz-minimap", "sz-shared",
                                     "sz-metric-table", "sz-page-header"]},
    "02_benchmark.ipynb": {"highlights": True, "plots": 0, "svgs": 2,
                           "html": ["<table", "summarize-corpus", "summarize-compare",
                                    "sz-novel"]},
    "03_trust.ipynb": {"highlights": True, "plots": 1, "svgs": 0,
                       "html": ["sz-unsupported", "sz-novel", "summarize-compare"]},
    "04_long_documents.ipynb": {"highlights": True, "plots": 1, "svgs": 0,
                                "html": ["sz-gap", "sz-minimap"]},
    # starts llama.cpp's server: needs the llamacpp extra; the demo key never shows
    "05_your_llm.ipynb": {"highlights": True, "plots": 0, "svgs": 0, "needs": "llama_cpp",
                          "html": ["sz-unsupported", "summarize-compare", "***"],
                          "absent": [r"sk-demo-[0-9a-f]{16}"]},
}


def _start_tags(html: str) -> list[tuple[str, dict]]:
    from html.parser import HTMLParser

    tags: list[tuple[str, dict]] = []

    class _P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    _P().feed(html)
    return tags


def test_every_notebook_is_listed_and_committed_without_outputs():
    assert sorted(p.name for p in NOTEBOOKS) == sorted(EXPECT)
    done = subprocess.run([sys.executable, str(STRIP_TOOL), "--check", *map(str, NOTEBOOKS)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"notebooks carry outputs; run tools/strip_notebooks.py:\n{done.stdout}"


def test_strip_tool_removes_outputs(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    cell.execution_count = 3
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text")]
    nb.metadata["widgets"] = {"state": {}}
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, str(path))
    check = [sys.executable, str(STRIP_TOOL), "--check", str(path)]
    assert subprocess.run(check, capture_output=True).returncode == 1
    subprocess.run([sys.executable, str(STRIP_TOOL), str(path)], check=True, capture_output=True)
    assert subprocess.run(check, capture_output=True).returncode == 0
    clean = nbformat.read(str(path), as_version=4)
    assert clean.cells[0].outputs == [] and clean.cells[0].execution_count is None
    assert clean.cells[0].source == "print(1)" and "widgets" not in clean.metadata
    nbformat.validate(clean)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_exports_html(path: Path, tmp_path: Path):
    import nbformat
    import nbclient
    import nbconvert

    if EXPECT[path.name].get("needs"):  # an extra this notebook needs (CI installs it)
        pytest.importorskip(EXPECT[path.name]["needs"])
    nb = nbformat.read(str(path), as_version=4)
    env = dict(os.environ)
    env.setdefault("SUMMARIZE_DATA", str(data_dir()))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors

    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    keep = os.environ.get("SUMMARIZE_NOTEBOOK_HTML")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / (path.stem + ".html")).write_text(html, encoding="utf-8")
    expect = EXPECT[path.name]
    if expect["highlights"]:
        # highlighted source sentences, and summary links that point at them
        tags = _start_tags(html)
        highlighted = {a.get("id") for t, a in tags
                       if t == "span" and "sz-hl" in (a.get("class") or "").split()}
        links = {(a.get("href") or "")[1:] for t, a in tags
                 if t == "a" and "sz-link" in (a.get("class") or "").split()}
        assert highlighted and all(re.fullmatch(r"sz-[0-9a-f]+-src-\d+", i) for i in highlighted)
        assert highlighted & links, "no summary link points at a highlighted source sentence"
    images = re.findall(r'<img[^>]+src="data:image/png;base64,', html)
    assert len(images) >= expect["plots"], f"{len(images)} plots in the HTML"
    svgs = html.count("jp-RenderedSVG") + html.count("data:image/svg+xml")
    assert svgs >= expect["svgs"], f"{svgs} SVG plots in the HTML"
    for marker in expect["html"]:
        assert marker in html, marker
    for secret in expect.get("absent", ()):  # patterns that must not show (e.g. a key)
        assert not re.search(secret, html), secret
    # user text never arrives as live markup in the rich outputs
    assert "<script>alert" not in html
