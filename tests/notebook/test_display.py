"""Rich display of a Summary: highlights, links both ways, unsupported flags, escaping."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from summarize import SentenceSupport, Summary, prepare_document, summarize
from summarize.notebook.display import summary_html

ARTICLE = (
    "The city council approved a new tram line on Monday after a three-hour debate.\n"
    "The line will connect the harbour district with the university campus.\n"
    "Construction is expected to start next spring and cost about 80 million euros.\n"
    "Opposition members said the budget was unrealistic.\n"
    "The mayor promised that the first trams would run before the 2030 elections.\n"
)


class _Tree(HTMLParser):
    """Collects every start tag with its attributes and the decoded text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self.span_text: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        self._stack.append((tag, d))

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for _tag, attrs in self._stack:
            if attrs.get("id"):
                self.span_text[attrs["id"]] = self.span_text.get(attrs["id"], "") + data

    def by_class(self, cls: str) -> list[dict]:
        return [a for _t, a in self.tags if cls in (a.get("class") or "").split()]

    def ids(self) -> set[str]:
        return {a["id"] for _t, a in self.tags if a.get("id")}


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def _abstractive() -> Summary:
    doc = prepare_document(ARTICLE)
    return Summary(
        text="Councillors backed a tram line costing 80 million euros. The mayor resigned.",
        sentences=("Councillors backed a tram line costing 80 million euros.", "The mayor resigned."),
        method="toy-generator",
        params={},
        source=doc.source,
        source_sentences=doc.sentences,
        support=(
            SentenceSupport((2, 0), (0.91, 0.55), True, "minilm"),
            SentenceSupport((4,), (0.12,), False, "minilm"),
        ),
        kind="abstractive",
    )


def test_extractive_highlights_exactly_the_selected_sentences_and_links_both_ways():
    s = summarize(ARTICLE, method="lead", sentences=2)
    tree = _parse(s._repr_html_())
    highlighted = tree.by_class("sz-hl")
    uid = tree.by_class("summarize-summary")[0]["id"]
    assert sorted(int(a["id"].rsplit("-", 1)[1]) for a in highlighted) == sorted(s.selected)
    # every source sentence is shown once, in order, with its own text
    for sent in s.source_sentences:
        assert tree.span_text[f"{uid}-src-{sent.index}"] == sent.text
    # summary -> source links point at existing ids, and each highlight links back
    links = [a["href"] for a in tree.by_class("sz-link")]
    assert links == [f"#{uid}-src-{j}" for j in s.selected]
    ids = tree.ids()
    assert all(h[1:] in ids for h in links)
    back = [a["href"] for t, a in tree.tags if t == "a" and "-sum-" in (a.get("href") or "")]
    assert sorted(back) == [f"#{uid}-sum-{i}" for i in range(len(s.sentences))]
    assert all(h[1:] in ids for h in back)
    assert not tree.by_class("sz-unsupported")
    assert "(extractive)" in "".join(tree.text)


def test_abstractive_shows_scores_and_flags_unsupported_sentence():
    s = _abstractive()
    html = s._repr_html_()
    tree = _parse(html)
    text = "".join(tree.text)
    flagged = tree.by_class("sz-unsupported")
    assert len(flagged) == 1 and flagged[0]["id"].endswith("-sum-1")
    assert "unsupported" in tree.span_text[flagged[0]["id"]]
    # supported sentence: both supporting source sentences highlighted, scores shown
    hl = {int(a["id"].rsplit("-", 1)[1]): a for a in tree.by_class("sz-hl")}
    assert sorted(hl) == [0, 2]
    # source sentences are numbered from 0, as in Summary.selected and the text view
    assert "S2 0.91" in text and "S0 0.55" in text
    assert "minilm" in hl[2]["title"] or "0.91" in hl[2]["title"]
    # the unsupported sentence's closest source is linked but NOT highlighted as support
    assert 4 not in hl
    assert "S4 0.12" in text
    assert "1 unsupported" in text and "(abstractive)" in text


def test_xss_payload_in_source_stays_inert_text():
    payload = ("Officials confirmed the report on Tuesday. <script>alert(1)</script> "
               "The photo <img src=x onerror=alert(2)> was removed. A \"quoted\" 'word' & more.")
    s = summarize(payload, method="lead", sentences=3, clean=False)
    evil = replace(s, method='<script>alert(3)</script>',
                   support=tuple(replace(x, scorer='" onmouseover="alert(4)') for x in s.support))
    for summary in (s, evil):
        html = summary_html(summary)
        tree = _parse(html)
        tags = {t for t, _ in tree.tags}
        assert "script" not in tags and "img" not in tags
        for _t, attrs in tree.tags:
            assert not any(k.startswith("on") for k in attrs), attrs
        assert "<script>" not in html and "<img" not in html
        text = "".join(tree.text)
        assert "<script>alert(1)</script>" in text  # shown literally, as text
        assert "<img src=x onerror=alert(2)>" in text
    assert "<script>alert(3)</script>" in "".join(_parse(summary_html(evil)).text)


def test_long_source_is_shown_around_the_highlights_with_gaps_marked():
    text = "\n".join(f"Sentence number {i} reports on topic {i % 7} in the valley." for i in range(300))
    s = summarize(text, method="lead", sentences=2)
    tree = _parse(summary_html(s))
    shown = [a for a in tree.by_class("sz-src")]
    assert len(shown) == 2 + 2  # the two leads plus two sentences of context after them
    gaps = [t for t in tree.text if "not shown" in t]
    assert len(gaps) == 1 and "296 source sentences" in gaps[0]
    full = _parse(summary_html(s, context=1000))
    assert len(full.by_class("sz-src")) == 300


def test_repr_stays_plain_text_and_ids_are_unique_per_render():
    s = _abstractive()
    r = repr(s)
    assert "<span" not in r and "<div" not in r and "[unsupported]" in r
    a, b = (_parse(summary_html(s)).by_class("summarize-summary")[0]["id"] for _ in range(2))
    assert a != b


def test_empty_summary_and_bad_context():
    s = replace(_abstractive(), text="", sentences=(), support=())
    html = summary_html(s)
    assert "(empty summary)" in html and "sz-hl" not in html
    with pytest.raises(ValueError, match="context"):
        summary_html(s, context=-1)


def test_check_summary_flags_invented_sentence_in_an_external_summary():
    from summarize.notebook.checking import check_summary

    s = check_summary(ARTICLE, "The council approved a new tram line on Monday. "
                               "The tram line will be free for pensioners.", method="editor")
    assert [x.supported for x in s.support] == [True, False]
    assert s.support[0].source_indices[0] == 0 and not s.selected
    tree = _parse(s._repr_html_())
    flagged = tree.by_class("sz-unsupported")
    assert len(flagged) == 1 and "pensioners" in tree.span_text[flagged[0]["id"]]
    assert [a["id"].rsplit("-", 1)[1] for a in tree.by_class("sz-hl")][0] == "0"
    with pytest.raises(ValueError, match="summary is empty"):
        check_summary(ARTICLE, "  ")


def _with_invented_number() -> Summary:
    from summarize.summary import FactFlag

    doc = prepare_document(ARTICLE)
    sent = "Construction will cost about 95 million euros <b>today</b>."
    a = sent.index("95 million euros")
    flag = FactFlag("quantity", "95 million euros", a, a + len("95 million euros"),
                    'about 80 million "euros" <i>')
    return Summary(
        text=sent, sentences=(sent,), method="toy-generator", params={}, source=doc.source,
        source_sentences=doc.sentences,
        support=(SentenceSupport((2,), (0.62,), True, "lexical", flags=(flag,)),),
    )


def test_fact_flags_are_red_with_tooltip_and_screen_reader_text_all_escaped():
    s = _with_invented_number()
    html = summary_html(s)
    tree = _parse(html)
    facts = tree.by_class("sz-fact")
    assert len(facts) == 1
    title = facts[0]["title"]
    assert title.startswith("95 million euros: quantity not in the source")
    assert 'the source has \u201cabout 80 million "euros" <i>\u201d' in title  # decoded
    assert "<i>" not in html and "&lt;/" in html and "i" not in {t for t, _ in tree.tags}
    # the same explanation is in the text for screen readers, in a visually hidden span
    hidden = tree.by_class("sz-sr")
    assert len(hidden) == 1 and "clip:rect(0,0,0,0)" in hidden[0]["style"]
    assert "(flagged: 95 million euros: quantity not in the source" in "".join(tree.text)
    assert "1 flagged fact" in "".join(tree.text)
    # shared runs underlined in the sentence's colour in the summary and in the source
    shared = tree.by_class("sz-shared")
    assert len(shared) >= 2 and all("border-bottom:2px solid" in a["style"] for a in shared)
    assert any(a.get("data-summary") == "1" for a in shared)  # a source-side underline
    assert '<b class="sz-novel">today</b>' in html  # the source never says "today"


def test_support_override_and_minimap():
    s = _with_invented_number()
    low = (SentenceSupport((2,), (0.62,), False, "lexical"),)
    tree = _parse(summary_html(s, support=low))
    assert len(tree.by_class("sz-unsupported")) == 1
    assert len(tree.by_class("sz-fact")) == 1  # flags still come from the summary
    assert not tree.by_class("sz-mm-mark")  # an unsupported sentence draws from nothing
    ok = _parse(summary_html(s))
    marks = ok.by_class("sz-mm-mark")
    assert len(marks) == 1 and marks[0]["href"].endswith("-src-2")
    assert "source sentence S2" in marks[0]["aria-label"]


def test_no_fixed_widths_and_plural_counts():
    import re

    s = summarize(ARTICLE, method="lead", sentences=1)
    html = summary_html(s)
    assert "1 sentence," in html and "sentences, " not in html.split("sz-meta")[1][:200]
    widths = [int(v) for v in re.findall(r"(?<![-\w])(?:min-)?width:\s*(\d+)px", html)]
    assert all(w <= 200 for w in widths), widths
