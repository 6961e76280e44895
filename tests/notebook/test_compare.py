"""compare(): one row per method, metrics computed for real, HTML table escaped, errors as rows."""

from __future__ import annotations

import math
from html.parser import HTMLParser

import pytest

from summarize import Summary, Summarizer, summarize
from summarize.notebook.comparison import COLUMNS, compare
from summarize.metrics import extractiveness
from summarize.provenance import sentence_support

ARTICLE = (
    "The regional airport will close its second runway for repairs from March.\n"
    "Airport managers said the asphalt had cracked after two unusually cold winters.\n"
    "About forty flights a week will move to the main runway during the works.\n"
    "Local residents have complained about noise from the main runway for years.\n"
    "The repairs are expected to cost twelve million dollars and last six months.\n"
    "Airlines said passengers should expect small delays at peak times.\n"
)


class Inventor(Summarizer):
    """A toy 'generator': copies the first source sentence, then invents a claim."""

    name = "inventor"
    kind = "abstractive"

    def summarize_document(self, doc, length):
        first = doc.sentences[0].text
        invented = "Volcanic ash grounded every helicopter in Norway yesterday."
        sents = (first, invented)
        return Summary(
            text=" ".join(sents), sentences=sents, method=self.name, params={},
            source=doc.source, source_sentences=doc.sentences,
        )


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html):
    p = _Cells()
    p.feed(html)
    return p


def test_rows_match_the_summaries_and_metrics():
    pytest.importorskip("pandas")  # notebook extra: Comparison.to_frame()
    table = compare(ARTICLE, methods=["lead", "textrank", "auto"], sentences=2)
    frame = table.to_frame()
    assert list(frame.index) == ["lead", "textrank", "auto"]
    assert list(frame.columns) == list(COLUMNS)
    for m in frame.index:
        s = table[m]
        direct = summarize(ARTICLE, method=m, sentences=2)
        assert frame.loc[m, "summary"] == s.text == direct.text
        assert frame.loc[m, "words"] == s.n_words
        assert frame.loc[m, "sentences"] == len(s.sentences) == 2
        ext = extractiveness(s.text, s.source)
        assert frame.loc[m, "compression"] == pytest.approx(ext["compression"])
        assert frame.loc[m, "compression"] > 1
        # copied sentences: every summary word sits in a copied fragment
        assert frame.loc[m, "coverage"] == pytest.approx(1.0)
        assert frame.loc[m, "novel_2gram"] < 0.1  # only the bigram across the sentence join
        assert frame.loc[m, "density"] == pytest.approx(ext["density"])
        assert frame.loc[m, "density"] > 5
        assert frame.loc[m, "time_s"] == s.elapsed_s > 0
        # extractive sentences are copies: fully supported by the shared support scorer
        assert frame.loc[m, "support_min"] == pytest.approx(1.0)
        assert frame.loc[m, "unsupported"] == 0
        assert frame.loc[m, "kind"] == "extractive" and frame.loc[m, "error"] == ""
    assert frame.loc["lead", "summary"].startswith("The regional airport will close")


def test_invented_sentence_is_counted_and_marked_unsupported():
    pytest.importorskip("pandas")  # notebook extra: Comparison.to_frame()
    table = compare(ARTICLE, methods=["lead", Inventor()], sentences=2)
    row = table.to_frame().loc["inventor"]
    expected = sentence_support(list(table["inventor"].sentences),
                                [s.text for s in table["inventor"].source_sentences])
    assert row["kind"] == "abstractive"
    assert row["unsupported"] == 1 == sum(not s.supported for s in expected)
    assert row["support_min"] == pytest.approx(min(s.score for s in expected))
    assert row["support_min"] < 0.3
    assert row["support_mean"] == pytest.approx((1.0 + row["support_min"]) / 2)
    assert 0.3 < row["novel_2gram"] < 1.0 and row["coverage"] < 1.0
    html = table._repr_html_()
    tree = _parse(html)
    marked = [a for t, a in tree.tags if "sz-unsupported" in (a.get("class") or "").split()]
    assert len(marked) == 1 and "-card-1-sum-1" in marked[0]["id"]
    invented = html.split('class="sz-sent sz-unsupported"')[1].split("</li>")[0]
    assert "Volcanic" in invented and "unsupported" in invented
    # the invented words are bold (novel), the copied first sentence is underlined (shared)
    assert '<b class="sz-novel">Volcanic</b>' in invented
    assert 'class="sz-shared"' in html.split('-card-1-sum-0"')[1].split("</li>")[0]
    assert "1 unsupported" in repr(table)


def test_a_failing_method_becomes_an_error_row_and_the_others_survive():
    pytest.importorskip("pandas")  # notebook extra: Comparison.to_frame()
    table = compare(ARTICLE, methods=["lead", "no-such-method", "mmr"],
                    method_params={"mmr": {"diversity": 2.0}}, sentences=1)
    frame = table.to_frame()
    assert frame.loc["lead", "error"] == "" and frame.loc["lead", "words"] > 0
    assert "unknown method 'no-such-method'" in frame.loc["no-such-method", "error"]
    assert "diversity" in frame.loc["mmr", "error"]
    assert math.isnan(frame.loc["mmr", "support_mean"])
    html = table._repr_html_()
    assert html.count('class="sz-card sz-error"') == 2  # a card each, with the error
    assert html.count('class="sz-error-cell"') == 2  # and a row each in the metric table
    assert "unknown method &#x27;no-such-method&#x27;" in html
    assert "ERROR" in repr(table)


def test_bad_arguments_fail_fast_with_clear_errors():
    with pytest.raises(ValueError, match="empty"):
        compare("   ", methods=["lead"])
    with pytest.raises(TypeError, match="list of method names"):
        compare(ARTICLE, methods="lead")
    with pytest.raises(ValueError, match="at least one"):
        compare(ARTICLE, methods=[])
    with pytest.raises(ValueError, match="duplicates"):
        compare(ARTICLE, methods=["lead", "lead"])
    with pytest.raises(ValueError, match="not compared"):
        compare(ARTICLE, methods=["lead"], method_params={"mmr": {}})
    with pytest.raises(ValueError):
        compare(ARTICLE, methods=["lead"], words=0)
    with pytest.raises(ValueError, match="scorer"):
        compare(ARTICLE, methods=["lead"], scorer="nope")


def test_shared_word_limit_and_escaped_html():
    pytest.importorskip("pandas")  # notebook extra: Comparison.to_frame()
    text = ARTICLE + "A reader wrote <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n"
    table = compare(text, methods=["lead", "textrank", "lexrank", "centroid"], words=25,
                    clean=False)
    frame = table.to_frame()
    assert (frame["words"] <= 25).all() and (frame["words"] > 0).all()
    html = table._repr_html_()
    tree = _parse(html)
    assert not any(t in ("script", "img") for t, _ in tree.tags)
    assert not any(k.startswith("on") for _, a in tree.tags for k in a)
    # a method that picks the payload sentence shows it as text
    big = compare(text, methods=["lead"], ratio=1.0, clean=False)
    assert "<script>alert(1)</script>" in "".join(_parse(big._repr_html_()).text)


def test_package_export_is_the_function():
    import summarize
    import summarize.notebook.comparison  # noqa: F401  (importing the module must not shadow it)

    assert callable(summarize.compare) and summarize.compare is compare


def _style_widths(html):
    """Fixed widths (px) in inline styles, ``max-width`` excluded."""
    import re

    return [int(v) for v in re.findall(r"(?<![-\w])(?:min-)?width:\s*(\d+)px", html)]


def test_side_by_side_view_has_cards_minimaps_source_and_a_metric_toggle():
    table = compare(ARTICLE, methods=["lead", "textrank", Inventor()], sentences=2)
    html = table._repr_html_()
    tree = _parse(html)
    cls = [(t, (a.get("class") or "").split(), a) for t, a in tree.tags]
    cards = [a for t, c, a in cls if "sz-card" in c]
    assert [a["id"].rsplit("-", 1)[1] for a in cards] == ["0", "1", "2"]
    assert all(a.get("aria-labelledby") or a.get("aria-label") for a in cards)
    # one minimap strip per method, each mark linking to a source sentence that exists
    strips = [a for t, c, a in cls if "sz-minimap" in c]
    assert len(strips) == 3
    ids = {a.get("id") for _, _, a in cls}
    marks = [a for t, c, a in cls if "sz-mm-mark" in c]
    assert marks and all(a["href"][1:] in ids for a in marks)
    assert all(a.get("aria-label") for a in marks)
    # the source: lead's two sentences are used by lead (card 1) -> shaded and badged
    uid = [a for t, c, a in cls if "summarize-compare" in c][0]["id"]
    used = {a["id"] for t, c, a in cls if "sz-hl" in c}
    assert {f"{uid}-src-0", f"{uid}-src-1"} <= used
    # summary links go to the shared source panel
    links = [a["href"][1:] for t, c, a in cls if "sz-link" in c]
    assert links and all(h in ids for h in links)
    # key numbers on the card, pluralised; the metric table sits in a <details> toggle
    text = "".join(tree.text)
    assert "2 sentences" in text and "1 sentence," not in text
    assert "same length limit: 2 sentences" in text
    assert html.index("<details") < html.index('class="sz-metric-table"')
    # no fixed width that could force a horizontal scroll in a 1,024 px notebook
    assert all(w <= 200 for w in _style_widths(html)), _style_widths(html)


def test_cards_escape_method_names_and_summaries():
    class Evil(Inventor):
        name = '<img src=x onerror=alert(1)>'

    table = compare(ARTICLE + "They said <script>alert(2)</script> twice.\n",
                    methods=[Evil(), "lead"], ratio=1.0, clean=False)
    html = table._repr_html_()
    tree = _parse(html)
    assert not any(t in ("script", "img") for t, _ in tree.tags)
    assert not any(k.startswith("on") for _, a in tree.tags for k in a)
    text = "".join(tree.text)
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(2)</script>" in text


def test_from_results_compares_summaries_made_elsewhere():
    pytest.importorskip("pandas")  # notebook extra: Comparison.to_frame()
    from summarize.notebook.checking import check_summary
    from summarize.notebook.comparison import Comparison

    results = {"editor": check_summary(ARTICLE, "The airport will close its third runway."),
               "lead": summarize(ARTICLE, method="lead", sentences=1)}
    table = Comparison.from_results(results, threshold=0.99)
    frame = table.to_frame()
    assert list(frame.index) == ["editor", "lead"]
    assert frame.loc["lead", "unsupported"] == 0  # a copy scores 1.0
    assert frame.loc["editor", "unsupported"] == 1  # "third": 6 of 7 words in order
    assert "sz-card" in table._repr_html_()


def test_cards_show_faithfulness_and_coherence(monkeypatch):
    """The cards show ``Summary.faithfulness`` and ``metrics.coherence``'s score and issues
    (here stand-in values, to check the wording and the escaping)."""
    import types

    from summarize.metrics import coherence

    class Faithful(Summary):
        @property
        def faithfulness(self):
            return 0.42

    issue = types.SimpleNamespace(kind="dangling_opener", sentence=1, text="<But> he said")
    monkeypatch.setattr(coherence, "coherence_score", lambda s: 0.5)
    monkeypatch.setattr(coherence, "coherence_issues", lambda s: [issue])
    from summarize.notebook.comparison import Comparison

    s = summarize(ARTICLE, method="lead", sentences=2)
    faithful = Faithful(**{f: getattr(s, f) for f in s.__dataclass_fields__})
    html = Comparison.from_results({"lead": faithful})._repr_html_()
    text = "".join(_parse(html).text)
    assert "faithfulness 0.42" in text and "coherence 0.50" in text
    assert "sentence 2: dangling opener \u201c<But> he said\u201d" in text
    assert "&lt;But&gt;" in html