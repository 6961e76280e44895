"""Pure helpers of the model summarizers: chunking, batch planning, output tidying, prompts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.text.length import LengthRequest
from summarize.runtime.batching import plan_batches, scatter
from summarize.methods.models.chunking import chunk_sentences, extract_to_fit, split_long_sentence
from summarize.methods.models.postprocess import fit_length, tidy_sentences
from summarize.methods.models.prompts import PromptFormat, length_hint, prompt_format
from summarize.text.document import prepare_document
from summarize.text.tokens import count_words


def words(s: str) -> int:
    return len(s.split())


sentences_st = st.lists(
    st.lists(st.sampled_from(["rain", "fell", "river", "rose", "x"]), min_size=1, max_size=30)
    .map(lambda ws: " ".join(ws) + "."), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(sentences_st, st.integers(3, 40), st.integers(0, 2))
def test_chunks_fit_budget_and_cover_every_word(sents, budget, overlap):
    chunks = chunk_sentences(sents, words, budget, overlap)
    for chunk in chunks:
        assert sum(words(p) for p in chunk) + len(chunk) - 1 <= budget
    covered = " ".join(p for c in chunks for p in c).split()
    for w in " ".join(sents).split():
        assert w in covered
    assert len(" ".join(" ".join(c) for c in chunks).split()) >= len(" ".join(sents).split())


def test_overlap_repeats_last_sentence():
    chunks = chunk_sentences(["a b.", "c d.", "e f.", "g h."], words, budget=5, overlap=1)
    assert chunks == [["a b.", "c d."], ["c d.", "e f."], ["e f.", "g h."]]
    assert chunk_sentences(["a b.", "c d.", "e f."], words, 5, overlap=0) == [["a b.", "c d."],
                                                                             ["e f."]]


def test_split_long_sentence_and_single_long_word():
    pieces = split_long_sentence("one two three four five six seven", words, 2)
    assert all(words(p) <= 2 for p in pieces) and " ".join(pieces).split() == \
        "one two three four five six seven".split()
    assert all(len(p) <= 3 for p in split_long_sentence("abcdefghij", len, 3))


def test_plan_batches_budget_size_groups_and_order():
    lengths = [10, 90, 30, 80, 20, 70]
    batches = plan_batches(lengths, max_tokens=200, max_size=3)
    assert sorted(i for b in batches for i in b) == list(range(6))
    for b in batches:
        assert len(b) <= 3 and len(b) * max(lengths[i] for i in b) <= 200
        assert [lengths[i] for i in b] == sorted((lengths[i] for i in b), reverse=True)
    grouped = plan_batches([5, 5, 5, 5], 100, 8, groups=["a", "b", "a", "b"])
    assert sorted(map(sorted, grouped)) == [[0, 2], [1, 3]]
    assert plan_batches([500], 100, 4) == [[0]]  # one big item still gets a batch
    assert scatter(batches, [[f"o{i}" for i in b] for b in batches], 6) == \
        [f"o{i}" for i in range(6)]


def test_tidy_sentences_bullets_repeats_and_cut_tail():
    raw = "\n- Rain fell all night. Rain fell all night.\n* The river rose.\n1. Roads were"
    assert tidy_sentences(raw) == ["Rain fell all night.", "The river rose.", "Roads were"]
    assert tidy_sentences(raw, drop_incomplete_tail=True) == ["Rain fell all night.",
                                                              "The river rose."]
    assert tidy_sentences("  \n \n") == []


def test_fit_length_words_sentences_ratio():
    sents = ["Rain fell all night.", "The river rose fast.", "Roads shut."]
    assert fit_length(sents, LengthRequest(sentences=2), 10) == (sents[:2], False)
    assert fit_length(sents, LengthRequest(words=9), 10) == (sents[:2], False)
    assert fit_length(sents, LengthRequest(ratio=0.1), 10) == (sents[:1], False)
    cut, truncated = fit_length(sents, LengthRequest(words=2), 10)
    assert truncated and count_words(cut[0]) <= 2 and cut[0].endswith("\u2026")


def test_prompt_styles():
    class Tok:
        chat_template = None

    assert prompt_format(Tok(), "seq2seq", "t5").render("X") == "summarize: X"
    assert prompt_format(Tok(), "seq2seq", "bart").render("X") == "X"
    assert prompt_format(Tok(), "causal", "llama").render("X {text}") == "X {text}\n\nTL;DR:"
    assert prompt_format(Tok(), "causal", "llama").stop_strings == ("\n\n",)
    custom = prompt_format(Tok(), "causal", "llama", template="Article: {text}\nSummary:")
    assert custom.style == "custom" and custom.render("X") == "Article: X\nSummary:"
    assert length_hint(LengthRequest(sentences=1)) == " in at most 1 sentence"
    assert PromptFormat("plain", "{text}").stop_strings == ()


def test_extract_to_fit_prefers_lead_and_keeps_source_order():
    text = " ".join(f"Sentence number {i} talks about the harbour and the ships." for i in range(30))
    doc = prepare_document(text)
    chosen = extract_to_fit(doc, words, 40)
    assert chosen == sorted(chosen) and 0 in chosen
    assert sum(words(doc.sentences[i].text) + 1 for i in chosen) <= 40
    assert extract_to_fit(prepare_document("Short one. Two."), words, 40) == [0, 1]


def test_new_token_estimates_read_the_length_request_once():
    # the tighter of the limits given, plus slack, within [slack, most]; ratio through the source
    req = LengthRequest(sentences=3, words=40)
    assert req.new_tokens(20, per_word=2, per_sentence=48, slack=16, most=1024) == 96
    assert req.new_tokens(20, per_word=1.6, per_sentence=40, slack=8, most=512) == 72
    assert LengthRequest(ratio=0.1).new_tokens(50, 2, 48, 16, 1024) == 48 * 5 + 16
    assert LengthRequest(sentences=100).new_tokens(500, 1.6, 40, 8, 512) == 512
    assert LengthRequest(words=1).new_tokens(5, 1.6, 40, 8, 512) == 9
    assert LengthRequest(ratio=0.5).new_tokens(0, 2, 48, 16, 1024) == 64  # an empty source
