"""The corpus view of a benchmark run: per-article scores, worst first, filter, open an article."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

pytest.importorskip("ipywidgets")  # notebook extra (pip install -e ".[notebook]")

from benchmark_fixtures import ARTICLES
from summarize import check_summary
from summarize.bench.corpus import corpus_from_records
from summarize.bench.runner import run_benchmark
from summarize.notebook.corpus_view import ORDERS, corpus_view


def _corpus():
    rows = []
    for k, (doc_id, source, ref) in enumerate(ARTICLES[:4]):
        # M9 copies the first sentence, except on "budget", where it invents a claim
        out = ("The mayor resigned after a tram scandal. Taxes will triple."
               if doc_id == "budget" else source.split(". ")[0] + ".")
        rows.append({"id": doc_id if k else "<b>flood</b>", "source": source, "reference": ref,
                     "systems": {"M9": {"summary": out}}})
    return corpus_from_records(rows)


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    corpus = _corpus()
    out = tmp_path_factory.mktemp("run")
    run_benchmark(corpus, ["lead", "textrank"], out, sentences=2, progress=False)
    return corpus_view(out, corpus, published=["M9"], page_size=3)


def test_rows_hold_the_checked_scores_worst_first(view):
    assert view.methods == ["lead", "textrank", "M9 Fast-abs-rl"]
    by_id = {r["doc_id"]: r for r in view.rows}
    budget = by_id["budget"]["methods"]["M9 Fast-abs-rl"]
    doc = next(d for d in view.corpus.docs if d.id == "budget")
    expected = check_summary(doc.source, "The mayor resigned after a tram scandal. Taxes will "
                                         "triple.", method="M9")
    assert budget["support_min"] == pytest.approx(min(s.score for s in expected.support))
    assert by_id["budget"]["methods"]["lead"]["faithfulness"] == pytest.approx(1.0)
    order = [r["doc_id"] for r in view.ordered()]
    assert order[0] == "budget"  # the invented summary makes it the worst article
    assert [r["doc_id"] for r in view.ordered("best faithfulness first")][-1] == "budget"
    assert [r["doc_id"] for r in view.ordered("corpus order")] == [d.id for d in view.corpus.docs]
    assert [r["doc_id"] for r in view.ordered(query="CARMAKER")] == ["market"]
    with pytest.raises(ValueError, match="order"):
        view.ordered("random")
    frame = view.to_frame()
    assert len(frame) == 4 * 3 and set(frame["method"]) == set(view.methods)


def test_table_html_bars_escape_and_page_size(view):
    html = view._repr_html_()

    class P(HTMLParser):
        tags: list = []
        text: list = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            self.text.append(data)

    p = P()
    p.feed(html)
    rows = [a for t, a in p.tags if "sz-article" in (a.get("class") or "")]
    assert len(rows) == 3 and rows[0]["data-doc"] == "budget"  # page_size, worst first
    assert "1 more not shown" in "".join(p.text) and "4 articles" in "".join(p.text)
    bars = [a for t, a in p.tags if a.get("role") == "img"]
    assert len(bars) == 3 * 3 * 2 and all(a.get("aria-label") for a in bars)
    full = view.table_html(limit=10)
    assert "&lt;b&gt;flood&lt;/b&gt;" in full and "<b>flood</b>" not in full


def test_widget_filter_and_pick_open_the_side_by_side_view(view):
    w = view.widget
    assert "summarize-corpus-view" in w._dom_classes
    assert [v for _, v in view._pick.options][0] == "budget"
    view._pick.value = "budget"
    assert "summarize-compare" in view._detail.value and "M9" in view._detail.value
    assert "sz-unsupported" in view._detail.value
    view._query.value = "carmaker"  # one match: opened at once
    assert [v for _, v in view._pick.options] == ["market"]
    assert "Article market" in view._detail.value
    view._query.value = "no such words"
    assert view._pick.options == () and view._detail.value == ""
    assert "summarize-corpus" in view._repr_mimebundle_()["text/html"]


def test_bad_arguments(view, tmp_path):
    with pytest.raises(ValueError, match="not in this run"):
        corpus_view(view.run, view.corpus, methods=["nope"])
    with pytest.raises(ValueError, match="corpus"):
        corpus_view(view.run, None)
    with pytest.raises(FileNotFoundError):
        corpus_view(tmp_path, view.corpus)
    with pytest.raises(ValueError, match="page_size"):
        corpus_view(view.run, view.corpus, page_size=0)
    assert set(ORDERS) >= {"worst faithfulness first", "corpus order"}
