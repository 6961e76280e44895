"""Issue 12: summaries that read on their own -- the discourse model, coherent selection,
compression with provenance, the one default length, and the coherence metric."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import evaluate, summarize, summarize_many
from summarize.methods.extractive.compression import compress_sentence, truncate_sentence
from summarize.text.discourse import detect_language, opener_dependency, sentence_links
from summarize.text.length import DEFAULT_WORDS, LengthRequest
from summarize.metrics.coherence import coherence_issues, coherence_score
from summarize.methods.extractive.selection import select_sentences, unit_of
from summarize.text.sentences import split_sentences
from summarize.text.tokens import count_words

EXTRACTIVE = ["auto", "lead", "textrank", "lexrank", "centroid", "mmr"]

# Our own short article: a pronoun, a connective, an unnamed speaker, a colon and a quote.
ARTICLE = (
    "The city council approved a new bridge over the Elm River on Monday, ending a decade of "
    "arguments over its cost.\n"
    "It will cost $40 million and open in 2027.\n"
    "However, two councillors voted against the plan.\n"
    "Engineers said the old crossing, built in 1931, can no longer carry buses.\n"
    '"We cannot wait another winter," the mayor said.\n'
    "Residents near the river have asked for a footpath.\n"
    "The transport director gave one reason for the delay:\n"
    '"The steel has to come from abroad.\n'
    'We ordered it in May," she said.\n'
    "Traffic will use the Harbour Road crossing while the bridge is built.\n"
    "Shops on Elm Street fear losing customers during the works.\n"
)


def dangling(summary):
    return [i for i in coherence_issues(summary) if i.kind != "broken_lead"]


# --- discourse ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reason",
    [
        ("He said no.", "pronoun"),
        ("Their plan failed.", "pronoun"),
        ("It flooded the road.", "pronoun"),
        ("It is likely that the vote will fail.", None),  # extraposition
        ("It's not clear whether he will go.", None),
        ("This has raised fears.", "demonstrative"),
        ("Another official disagreed.", "demonstrative"),
        ("However, the vote failed.", "connective"),
        ("As a result, prices rose.", "connective"),
        ('"We won," she said.', "speaker"),
        ("Prices will rise, the official added.", "speaker"),
        ("Time was running out, said he.", "speaker"),
        ("Prices will rise, the White House said.", None),  # a named speaker
        ("The mayor of Leeds, Tom Smith, said prices will rise.", None),
        ("Kerry said he would go.", None),
        ("`` It was shocking , '' he said .", "pronoun"),  # PTB
        ("the council met. it voted.", None),  # not a sentence start of its own
        ("At 28, she was the youngest-ever winner.", "pronoun"),  # after a fronted phrase
        ("Last year, however, prices fell.", "connective"),
        ("In 2010, the council voted.", None),
        ("Kerry, his aides said, was tired.", None),  # not a fronted adverbial
        ("Mr Smith, who is 45, said it.", None),  # "said it": "it" is the object
    ],
)
def test_opener_dependency(text, reason):
    assert opener_dependency(text) == reason


def test_unknown_language_claims_only_punctuation_cues():
    # Turkish has no word cues (WORD_CUES): only the colon links
    turkish = ["Meclis pazartesi toplandı.", "O plana onay verdi:", "Köprü yapılacak."]
    assert detect_language(" ".join(turkish)) == "und"
    links = sentence_links(turkish)
    assert [lk.previous for lk in links] == [None, None, None]
    assert links[1].next == "colon"
    chinese = split_sentences("北京是首都。他说：“我们赢了。”然后离开。")
    assert all(lk.previous is None for lk in sentence_links(chinese))


def test_links_quotes_over_sentences_and_paragraphs():
    sents = split_sentences(ARTICLE)
    links = sentence_links(sents, ARTICLE)
    text = [s.text for s in sents]
    colon = text.index("The transport director gave one reason for the delay:")
    assert links[colon].next == "colon"
    assert links[colon + 1].next == "quote" and links[colon + 2].previous == "quote"
    # one sentence per line: a quote closed two lines later still links
    lines = ['He said: "We will build it.', "It will take years.", 'Nobody doubts that."']
    lk = sentence_links(split_sentences("\n".join(lines)), "\n".join(lines))
    assert lk[0].next == "quote" and lk[2].previous == "quote"


# --- selection ----------------------------------------------------------------------------------


def test_unit_of_follows_links_both_ways():
    prev = [False, False, True, False, False]
    nxt = [False, True, False, True, False]
    assert unit_of(2, prev, nxt) == range(1, 3)
    assert unit_of(3, prev, nxt) == range(3, 5)
    assert unit_of(0, prev, nxt) == range(0, 1)


def test_dependent_sentence_taken_with_its_predecessor_or_not_at_all():
    scores = np.array([0.1, 0.2, 1.0, 0.3])
    counts = np.array([10, 10, 10, 10])
    prev = [False, False, True, False]
    nxt = [False] * 4
    # the best sentence needs sentence 1: both are taken
    assert select_sentences(scores, counts, 2, needs_previous=prev, needs_next=nxt) == [1, 2]
    # room for one sentence only: the dependent one is skipped
    assert select_sentences(scores, counts, 1, needs_previous=prev, needs_next=nxt) == [3]
    assert select_sentences(scores, counts, 3, max_words=15, needs_previous=prev,
                            needs_next=nxt) == [3]


def test_prefix_stops_at_first_unit_that_does_not_fit():
    scores = -np.arange(4.0)
    counts = np.array([5, 20, 3, 3])
    assert select_sentences(scores, counts, 4, max_words=12, prefix=True) == [0]
    assert select_sentences(scores, counts, 4, max_words=12) == [0, 2, 3]


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("words", [None, 12, 20, 30, 45, 60])
def test_every_method_reads_on_its_own(method, words):
    s = summarize(ARTICLE, method=method, words=words)
    assert dangling(s) == []
    assert s.n_words <= (words or DEFAULT_WORDS)


@pytest.mark.parametrize("words", [5, 10, 15, 20, 25, 30, 45, 60, 100])
def test_lead_is_a_prefix_or_a_compressed_first_sentence(words):
    s = summarize(ARTICLE, method="lead", words=words)
    assert list(s.selected) == list(range(len(s.selected)))
    assert all(not sup.kept for sup in s.support[1:])
    assert not [i for i in coherence_issues(s) if i.kind == "broken_lead"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "The council met on Monday.", "It approved the budget.", "However, critics objected.",
    "The mayor gave a reason:", '"We had no choice. It was the law," she said.',
    "Roads will close for a week, officials said.", "This angered residents.",
    "Shops fear losing customers, according to a survey of 40 owners in the town centre."]),
    min_size=1, max_size=12), st.sampled_from(EXTRACTIVE), st.integers(3, 40))
def test_property_no_dangling_and_lead_prefix(sentences, method, words):
    s = summarize(" ".join(sentences), method=method, words=words)
    assert s.n_words <= words
    issues = dangling(s)
    if s.params.get("length_fit") == "truncated":  # a cut inside a quotation may leave it open
        issues = [i for i in issues if i.kind != "unbalanced_quote"]
    assert issues == []
    if method == "lead":
        assert list(s.selected) == list(range(len(s.selected)))


# --- compression and provenance -----------------------------------------------------------------


def test_compression_keeps_exact_source_ranges():
    s = summarize(ARTICLE, method="lead", words=14)
    assert s.params["length_fit"] == "compressed"
    kept = s.support[0].kept
    assert kept and "".join(s.source[a:b] for a, b in kept) == s.sentences[0]
    assert s.spans == list(kept)
    assert s.sentences[0] == ("The city council approved a new bridge over the Elm River on "
                              "Monday.")
    assert s.to_dict()["support"][0]["kept"] == [list(r) for r in kept]


@pytest.mark.parametrize(
    "text, budget, expected",
    [
        ("Kerry flew to Moscow on Thursday, despite doubts among officials.", 6,
         "Kerry flew to Moscow on Thursday."),
        ("The novel, a sweeping account of life in Calcutta, is the favourite to win.", 8,
         "The novel is the favourite to win."),
        ("Smith (pictured) was sacked on Monday after a long inquiry, the club said.", 9,
         "Smith was sacked on Monday after a long inquiry."),
        ("Mr Charney , who founded the company , was ousted last year .", 6,
         "Mr Charney was ousted last year ."),
        ("The bus caught fire on a freeway , but everyone on board was safely evacuated .", 8,
         "The bus caught fire on a freeway ."),
    ],
)
def test_compress_sentence(text, budget, expected):
    c = compress_sentence(split_sentences(text)[0], budget)
    assert c is not None and c.text == expected
    assert "".join(text[a:b] for a, b in c.ranges) == expected


def test_compress_returns_none_without_a_clause_boundary():
    sent = split_sentences("The whale swam the longest migration of any mammal ever recorded.")[0]
    assert compress_sentence(sent, 5) is None
    cut = truncate_sentence(sent, 5)
    assert cut.truncated and cut.text == "The whale swam the longest \u2026"


def test_truncation_is_stated_and_compress_false_never_compresses():
    text = "The whale swam the longest migration of any mammal ever recorded. It rested."
    s = summarize(text, method="auto", words=5)
    assert s.params["length_fit"] == "truncated" and s.extra["truncated"]
    assert s.text.endswith("\u2026") and s.selected == (0,)
    s2 = summarize(ARTICLE, method="lead", words=14, compress=False)
    assert s2.params["length_fit"] == "truncated" and s2.params["compress"] is False
    with pytest.raises(TypeError):
        summarize(ARTICLE, method="lead", compress="yes")


def test_seed_at_30_words_is_a_grammatical_compression_of_its_first_sentence(seed_text):
    for method in EXTRACTIVE:
        s = summarize(seed_text, method=method, words=30)
        if method in ("auto", "lead"):
            assert s.selected[0] == 0 and s.params["length_fit"] == "compressed"
            first = s.sentences[0]
            source_first = s.source_sentences[0].text
            assert first.endswith(".") and source_first.startswith(first[:-1])
            assert 20 <= count_words(first) <= 30
        assert s.n_words <= 30 and dangling(s) == []


# --- the one default length ---------------------------------------------------------------------


def test_one_default_length_everywhere():
    length = LengthRequest.from_args()
    assert length.words == DEFAULT_WORDS and length.is_default and length.sentences is None
    one = summarize(ARTICLE, method="lead")
    many = summarize_many([ARTICLE], method="lead", progress=False)[0]
    assert one.text == many.text and one.params["words"] == DEFAULT_WORDS
    assert one.params["default_length"] is True
    help_text = subprocess.run([sys.executable, "-m", "summarize", "--help"], capture_output=True,
                               text=True, check=True).stdout
    assert f"at most {DEFAULT_WORDS} words" in " ".join(help_text.split())


def test_lead3_alias_is_three_sentences_by_default():
    assert len(summarize(ARTICLE, method="lead3").sentences) == 3
    assert len(summarize(ARTICLE, method="lead3", sentences=2).sentences) == 2


# --- the metric ---------------------------------------------------------------------------------


def test_metric_kinds():
    text = ARTICLE
    assert [i.kind for i in coherence_issues("It will cost $40 million and open in 2027.",
                                             source=text)] == ["dangling_opener"]
    assert [i.kind for i in coherence_issues(
        "The transport director gave one reason for the delay:", source=text)] == ["orphan_colon"]
    assert {i.kind for i in coherence_issues('We ordered it in May," she said.')} == {
        "unbalanced_quote", "dangling_opener"}
    assert coherence_issues("The council met. It voted.") == []  # "It" follows a sentence
    assert coherence_score("However, it failed. Rain fell.") == 0.5
    assert coherence_score("") == 1.0


def test_metric_sees_broken_lead():
    from dataclasses import replace

    s = summarize(ARTICLE, method="lead", sentences=2)
    assert coherence_issues(s) == []
    broken = replace(s, selected=(0, 2), sentences=(s.source_sentences[0].text,
                                                    s.source_sentences[2].text))
    kinds = [i.kind for i in coherence_issues(broken)]
    assert "broken_lead" in kinds and "dangling_opener" in kinds


def test_evaluate_reports_coherence():
    pytest.importorskip("pandas")  # metrics extra (pip install -e ".[metrics]"): evaluate() tables
    summaries = [summarize(ARTICLE, method="lead", sentences=2),
                 "However, it failed. Rain fell."]
    r = evaluate(summaries, references=["A bridge was approved.", "Rain fell."])
    assert {"coherence", "dangling", "broken_lead", "n_coherence_issues"} <= set(r.items.columns)
    assert r.items["dangling"].tolist() == [0.0, 1.0]
    assert r.items["coherence"].tolist() == [1.0, 0.5]


def test_kept_ranges_survive_the_record_and_bad_ones_are_refused():
    from summarize.summary import Summary

    s = summarize(ARTICLE, method="lead", words=14)
    rec = s.to_record(include_source=True)
    assert rec["support"][0]["kept"] == [list(r) for r in s.support[0].kept]
    back = Summary.from_record(rec)
    assert back.support[0].kept == s.support[0].kept and back.spans == s.spans
    rec["support"][0]["kept"] = [[5, 2]]
    with pytest.raises(ValueError, match="kept"):
        Summary.from_record(rec)
    rec["support"][0]["kept"] = "nonsense"
    with pytest.raises(ValueError, match="kept"):
        Summary.from_record(rec)
