"""Screenshots of the notebook views for the README, taken from real output.

Renders, with the code in this checkout, on texts written for this project (never corpus text):

- ``summary.png``: ``summarize(examples/article.txt)``, the annotated single-summary view;
- ``compare.png``: ``compare()`` of six extractive methods on the same article;
- ``check_summary.png``: ``check_summary()`` of a hand-written summary with changed numbers;
- ``corpus_view.png``: the corpus view of a small benchmark run (the test articles of
  ``tests/benchmark_fixtures.py``, with their headlines as a second, abstractive "system");
- ``quality_vs_speed.png``: that run's quality-vs-speed plot, PNG at 2x.

Each HTML view goes into a page 1,024 px wide and is shot in headless Debian Chromium via
Playwright (``/usr/bin/chromium``; no browser download). Usage::

    python tools/screenshots.py            # writes docs/screenshots/*.png
    python tools/screenshots.py --out DIR
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1024
MAX_HEIGHT = 1300

# A hand-written summary of examples/article.txt that gets two facts wrong (the vote was 7-2,
# the bridge carries about 18,000 vehicles a day) and adds one the article never states.
EDITED_SUMMARY = (
    "Riverton's council voted 5-4 to close the Old Mill Bridge to cars after engineers found "
    "corrosion in its steel supports. The bridge carries about 80,000 vehicles a day. "
    "Repairs will cost the town 12 million dollars."
)


def _page(html: str) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'><title>summarize</title></head>"
            f"<body style='margin:8px;background:#ffffff'>{html}</body></html>")


def _views(work: Path) -> dict[str, str]:
    """name -> HTML of each view (the plot is written straight to ``work``)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from benchmark_fixtures import ARTICLES

    from summarize import check_summary, compare, summarize
    from summarize.bench.corpus import corpus_from_records
    from summarize.bench.plots import quality_vs_speed
    from summarize.bench.suite import benchmark
    from summarize.notebook.corpus_view import corpus_view

    article = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    six = ["lead", "textrank", "lexrank", "centroid", "mmr", "auto"]
    rows = [{"id": doc_id, "source": source, "reference": ref,
             "systems": {"H1": {"summary": ref}}} for doc_id, source, ref in ARTICLES]
    corpus = corpus_from_records(rows, name="fixture articles")
    run = work / "run"
    table = benchmark(corpus, ["lead3", "auto", "textrank", "lexrank"], run, published=None,
                      progress=False, plots=False, sentences=2)
    quality_vs_speed(table, path=work / "quality_vs_speed.png",
                     title="Quality vs speed on the test articles (ROUGE-Lsum F1, 95% CI)")
    view = corpus_view(run, corpus, published=["H1"])
    return {
        "summary": summarize(article)._repr_html_(),
        "compare": compare(article, methods=six, words=60)._repr_html_(),
        "check_summary": check_summary(article, EDITED_SUMMARY, method="editor")._repr_html_(),
        "corpus_view": view.table_html() + view.comparison(view.ordered()[0]["doc_id"])
        ._repr_html_(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} not found (apt-get install -y chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        views = _views(work)
        (args.out / "quality_vs_speed.png").write_bytes((work / "quality_vs_speed.png")
                                                        .read_bytes())
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-background-networking",
                                               "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": WIDTH, "height": 800})
                for name, html in views.items():
                    path = work / f"{name}.html"
                    path.write_text(_page(html), encoding="utf-8")
                    page.goto(path.as_uri())
                    width, height = page.evaluate(
                        "[document.scrollingElement.scrollWidth, Math.ceil(Math.max(...["
                        "...document.body.children].map(e => e.getBoundingClientRect().bottom)"
                        ") + 8)]")
                    if width > WIDTH:
                        print(f"warning: {name} is {width} px wide", file=sys.stderr)
                    clip = {"x": 0, "y": 0, "width": WIDTH, "height": min(height, MAX_HEIGHT)}
                    page.screenshot(path=str(args.out / f"{name}.png"), clip=clip,
                                    full_page=True)
                    print(f"wrote {args.out / (name + '.png')}")
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
