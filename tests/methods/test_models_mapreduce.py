"""The map-reduce state machine on its own (``methods/models/mapreduce.py``): a word-level
"tokenizer" and a generator that keeps the first sentence of each chunk, so every round, budget
and failure path is visible without torch."""

from __future__ import annotations

import pytest

from summarize.methods.models.mapreduce import MapReduce
from summarize.methods.models.prompts import PromptFormat
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest


class WordLM:
    """A stand-in for ``LoadedModel``: one token per word."""

    kind = "seq2seq"

    class tokenizer:  # noqa: N801  (called like a transformers tokenizer)
        def __new__(cls, text, add_special_tokens=True, verbose=False):
            return {"input_ids": text.split()}

        @staticmethod
        def decode(ids, skip_special_tokens=True):
            return " ".join(ids)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def sentence(i: int) -> str:
    return f"Sentence number {i} says something about the river and the town."


FMT = PromptFormat("plain", "{text}")
LENGTH = LengthRequest.from_args(sentences=1)


def first_sentences(calls):
    def generate(texts, new_tokens, stops, desc):
        calls.append((list(texts), list(new_tokens), list(stops), desc))
        return [t.split(". ")[0].rstrip(".") + "." for t in texts]
    return generate


def test_a_long_document_takes_rounds_until_it_fits():
    doc = prepare_document(" ".join(sentence(i) for i in range(60)))  # 660 words
    calls: list = []
    plan = MapReduce(WordLM(), window=200, fmt=FMT, max_new_tokens=20, final_stop=(1, None),
                     name="demo")
    out = plan.run([doc], LENGTH, first_sentences(calls),
                   lambda st, raw: (st.rounds, st.chunks, raw))
    rounds, chunks, raw = out[0]
    assert rounds >= 1 and chunks == sum(len(c[0]) for c in calls[:-1])
    assert raw.startswith("Sentence number 0")
    *maps, final = calls
    assert all(stop == (None, None) for c in maps for stop in c[2])  # map jobs: loops only
    assert final[2] == [(1, None)] and final[1] == [20] and "round" not in final[3]
    assert maps[0][3] == "summarize[demo] round 1"
    assert all(len(t.split()) <= plan.budget(new) for c in maps for t, new in zip(c[0], c[1]))


def test_short_documents_go_straight_to_the_final_job_and_failures_stay_in_their_slot():
    docs = [prepare_document(sentence(1)), "not a document", prepare_document(sentence(2))]
    calls: list = []

    def finish(st, raw):
        if st.index == 2:
            raise ValueError("cannot build this one")
        return raw

    out = MapReduce(WordLM(), window=200, fmt=FMT, max_new_tokens=None, final_stop=None) \
        .run(docs, LENGTH, first_sentences(calls), finish)
    assert out[0] == sentence(1)
    assert isinstance(out[1], TypeError) and isinstance(out[2], ValueError)
    assert len(calls) == 1 and calls[0][2] == [None, None]  # stop_early off
    assert calls[0][1] == [48, 48]  # one sentence: 40 tokens + 8


def test_truncate_and_extract_decide_up_front():
    doc = prepare_document(" ".join(sentence(i) for i in range(60)))
    for mode in ("truncate", "extract"):
        calls: list = []
        plan = MapReduce(WordLM(), window=120, fmt=FMT, max_new_tokens=20, mode=mode,
                         extract_tokens=50)
        st = plan.run([doc], LENGTH, first_sentences(calls), lambda st, raw: st)[0]
        assert len(calls) == 1 and st.rounds == 0 and st.chunks == 0
        assert len(calls[0][0][0].split()) <= (plan.budget(20) if mode == "truncate" else 50)
        assert (st.extracted is not None) == (mode == "extract")


def test_a_window_without_room_is_a_clear_error():
    plan = MapReduce(WordLM(), window=10, fmt=FMT, max_new_tokens=20)
    out = plan.run([prepare_document(sentence(1))], LENGTH, first_sentences([]),
                   lambda st, raw: raw)
    assert isinstance(out[0], ValueError) and "leaves no room" in str(out[0])
    with pytest.raises(ValueError, match="unknown mode"):
        MapReduce(WordLM(), window=10, fmt=FMT, max_new_tokens=20, mode="auto")
