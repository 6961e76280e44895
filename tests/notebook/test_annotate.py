"""annotate(): shared runs, novel words, fact flags and source usage per summary sentence."""

from __future__ import annotations

import pytest

from summarize import SentenceSupport, Summary, prepare_document, summarize
from summarize.notebook.annotate import annotate
from summarize.summary import plural
from summarize.summary import FactFlag
from summarize.text.tokens import tokenize_words, word_spans

ARTICLE = (
    "The city council approved a new tram line on Monday after a three-hour debate.\n"
    "The line will connect the harbour district with the university campus.\n"
    "Construction is expected to start next spring and cost about 80 million euros.\n"
    "Opposition members said the budget was unrealistic.\n"
)


def _generated(sentences, support, flags=()):
    doc = prepare_document(ARTICLE)
    support = tuple(SentenceSupport(*s[:3], "lexical", flags=tuple(flags[i]) if i < len(flags)
                                    else ()) for i, s in enumerate(support))
    return Summary(text=" ".join(sentences), sentences=tuple(sentences), method="toy",
                   params={}, source=doc.source, source_sentences=doc.sentences, support=support)


def test_word_spans_are_the_tokens_of_tokenize_words():
    text = "Grew 3.5% in Zürich — 经济 up"
    assert [text[a:b].lower() for a, b in word_spans(text)] == tokenize_words(text)


def test_copied_sentence_is_one_shared_run_from_its_own_source_sentence():
    s = summarize(ARTICLE, method="lead", sentences=2)
    notes = annotate(s)
    for i, sa in enumerate(notes.sentences):
        assert sa.novel == () and sa.flags == ()
        assert len(sa.matches) == 1 and sa.matches[0].source_sentence == i
        m = sa.matches[0]
        assert s.source[m.source_start:m.source_end] == sa.text[m.start:m.end]
        assert sa.draws_from[0] == i
    assert notes.source_usage() == {0: [0], 1: [1]}


def test_invented_number_is_novel_and_the_rest_is_shared():
    s = _generated(["Construction should reportedly cost about 95 million euros."],
                   [((2,), (0.7,), True)])
    sa = annotate(s).sentences[0]
    assert sa.novel_words == ["reportedly", "95"]  # "should": a stopword, never novel
    assert [m.text for m in sa.matches] == ["cost about", "million euros"]
    assert all(m.source_sentence == 2 for m in sa.matches)
    kinds = {t: k for t, k, _ in sa.segments()}
    assert kinds["95"] == "novel" and kinds["cost about"] == "shared"
    # segments cover the sentence exactly, in order
    assert "".join(t for t, _, _ in sa.segments()) == sa.text


def test_flags_win_over_other_marks_and_come_from_the_summary_when_support_is_overridden():
    sent = "Construction should reportedly cost about 95 million euros."
    start = sent.index("95 million euros")
    flag = FactFlag("quantity", "95 million euros", start, start + len("95 million euros"),
                    "80 million euros")
    s = _generated([sent], [((2,), (0.7,), True)], flags=[[flag]])
    sa = annotate(s).sentences[0]
    assert sa.flags == (flag,)
    flagged = [(t, f) for t, k, f in sa.segments() if k == "flag"]
    assert flagged == [("95 million euros", flag)]
    # re-scored support (no flags) keeps the summary's own flags
    again = annotate(s, support=[SentenceSupport((2,), (0.2,), False, "lexical")])
    assert again.sentences[0].flags == (flag,) and not again.sentences[0].supported
    assert again.source_usage() == {}  # unsupported sentences draw from nothing
    assert again.n_flags == 1


def test_stopword_runs_are_not_marked_and_bad_arguments():
    s = _generated(["Talks with the press."], [((1,), (0.5,), True)])
    sa = annotate(s).sentences[0]
    assert sa.matches == () and sa.novel_words == ["Talks", "press"]  # "with the": stopwords
    neg = _generated(["The budget was not unrealistic."], [((3,), (0.8,), True)])
    assert annotate(neg).sentences[0].novel_words == ["not"]  # a negation is always marked
    s2 = _generated(["The city council met."], [((0,), (0.5,), True)])
    assert [m.text for m in annotate(s2).sentences[0].matches] == ["The city council"]
    with pytest.raises(ValueError, match="min_ngram"):
        annotate(s, min_ngram=0)


def test_plural():
    assert [plural(n, "sentence") for n in (0, 1, 2)] == ["0 sentences", "1 sentence",
                                                            "2 sentences"]


def test_numbers_are_compared_whole():
    from summarize.notebook.checking import check_summary

    source = "Growth was 2 percent in 2011. Prices rose 5 percent. It cost 18,000 dollars."
    s = check_summary(source, "Growth was 2.5 percent in 2011. It cost 18000 dollars, or 12 more.")
    first, second = annotate(s).sentences
    assert first.novel_words == ["2.5"]  # "2" and "5" are in the source, "2.5" is not
    assert second.novel_words == ["12"]  # "18000" is the source's "18,000"
    kinds = {t: k for t, k, _ in first.segments()}
    # check_summary's faithfulness scorer flags the number, and a flag outranks "novel"
    assert kinds["2.5"] == "flag" and kinds["in 2011"] == "shared"
    assert [f.kind for f in s.support[0].flags] == ["number"]
