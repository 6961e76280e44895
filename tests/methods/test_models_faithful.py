"""The faithful step for small models (``models/faithful.py``): unsupported generated sentences
are replaced by the source sentence they paraphrase or dropped, the summary is filled to the
sentences asked for, and every stand-in is marked; ``faithful=False`` keeps the raw output.
Pure functions on our own sentences, then end to end on a tiny random Llama."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # models extra (pip install torch==2.13.0 -e ".[models]")

from summarize import summarize, summarize_many
from summarize.provenance import support as support_mod
from summarize.methods.models import ModelSummarizer
from summarize.methods.models.faithful import (faithfulness_scorer, make_faithful,
                                       reads_on_its_own)
from summarize.summary import Summary
from summarize.text.tokens import count_words

from tiny_models import CORPUS, article, build_tiny

pytestmark = pytest.mark.models

SOURCE = [
    "The city council voted on Monday to build a new bridge over the river.",
    "But residents said the plan came far too late.",
    "The bridge will cost forty million dollars and open next spring.",
    "Engineers drew up the plans in only six months.",
    "Heavy rain closed the old crossing twice this year.",
]


def test_supported_sentences_stay_as_the_model_wrote_them():
    gen = ["The council voted on Monday to build a new bridge.",
           "The bridge will cost forty million dollars."]
    out = make_faithful(gen, SOURCE, max_sentences=2)
    assert out.sentences == gen and out.origins == ["", ""] and not out.dropped
    assert out.scorer == faithfulness_scorer().name


def test_an_unsupported_paraphrase_is_replaced_by_its_source_sentence():
    # half of its words follow source sentence 2 in order: below the 0.5 threshold, above 0.25
    gen = ["The new bridge will cost sixty billion euros and never open at all."]
    row = support_mod.support_matrix(gen, SOURCE)[0]
    assert 0.25 <= row.max() < 0.5 and int(np.argmax(row)) == 2
    out = make_faithful(gen, SOURCE, max_sentences=1)
    assert out.sentences == [SOURCE[2]] and out.origins == ["unsupported"]
    assert out.source_indices == [2] and out.replaced_text == gen


def test_an_unrelated_sentence_is_dropped_and_the_summary_filled():
    gen = ["Aliens landed in Paris yesterday.", "The council voted to build a new bridge."]
    out = make_faithful(gen, SOURCE, max_sentences=3, ranking=[3, 1, 0, 2, 4])
    assert out.dropped == ["Aliens landed in Paris yesterday."]
    # the ranking's first sentence, then "But residents..." is skipped (it points back) and
    # sentence 0 is already said by the model's own sentence: sentence 2 comes next
    assert out.sentences == [gen[1], SOURCE[3], SOURCE[2]]
    assert out.origins == ["", "missing", "missing"]


def test_a_stand_in_that_does_not_read_on_its_own_is_not_used():
    gen = ["Residents said the new bridge plan came a bit late for the whole town."]
    row = support_mod.support_matrix(gen, SOURCE)[0]
    assert int(np.argmax(row)) == 1 and row[1] < 0.5  # its best match opens with "But"
    out = make_faithful(gen, SOURCE, max_sentences=1, ranking=[])
    assert SOURCE[1] not in out.sentences
    # the next-best related sentence stands in if it is related enough, else it is dropped
    second = int(np.argsort(-row, kind="stable")[1])
    if row[second] >= 0.25:
        assert out.sentences == [SOURCE[second]] and out.origins == ["unsupported"]
    else:
        assert out.sentences == [] and out.dropped == gen
    assert reads_on_its_own(SOURCE[0]) and not reads_on_its_own(SOURCE[1])
    assert not reads_on_its_own("Bridge plans")  # a heading, no sentence end


def test_one_source_sentence_is_never_used_twice():
    gen = ["The new bridge will cost sixty billion euros and never open at all.",
           "The bridge could cost eighty billion euros and maybe open in winter."]
    out = make_faithful(gen, SOURCE, max_sentences=2, ranking=[0, 3])
    assert out.sentences.count(SOURCE[2]) == 1 and len(out.sentences) == 2
    assert len(set(out.sentences)) == 2


def test_the_word_budget_and_sentence_limit_hold():
    gen = ["The council voted on Monday to build a new bridge."]
    out = make_faithful(gen, SOURCE, max_sentences=4, max_words=20, ranking=[0, 2, 3, 4])
    assert sum(count_words(s) for s in out.sentences) <= 20
    assert len(out.sentences) == 2  # the model's 10 words + "Engineers drew up ..." (8 words)
    out = make_faithful(gen * 1 + ["The bridge will cost forty million dollars."], SOURCE,
                        max_sentences=1)
    assert out.sentences == gen and out.dropped == ["The bridge will cost forty million dollars."]


def test_a_registered_faithfulness_scorer_takes_over(monkeypatch):
    class Strict:
        """Supports only exact copies (so every paraphrase is unsupported)."""

        name, threshold = "faithfulness", 0.99

        def score(self, summary, source):
            return np.array([[1.0 if a == b else (0.6 if set(a.split()) & set(b.split()) else 0.0)
                              for b in source] for a in summary])

    # a scorer registered under the name "faithfulness" replaces the built-in one
    support_mod.SCORERS.register("faithfulness", Strict)
    try:
        assert isinstance(faithfulness_scorer(), Strict)
        gen = ["The council voted on Monday to build a new bridge."]
        out = make_faithful(gen, SOURCE, max_sentences=1)
        assert out.scorer == "faithfulness" and out.origins == ["unsupported"]
        assert out.sentences == [SOURCE[0]]
    finally:
        support_mod.SCORERS.reload()


# ------------------------------------------------------------------ end to end, tiny Llama

@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    return str(build_tiny("llama", tmp_path_factory.mktemp("faithful")))


@pytest.mark.timeout(300)
def test_faithful_summary_has_exactly_the_sentences_asked_and_marks_stand_ins(tiny_llama):
    text = article(8)
    s = summarize(text, method=tiny_llama, sentences=3, max_new_tokens=24, faithful=True,
                  dtype="float32")
    raw = summarize(text, method=tiny_llama, sentences=3, max_new_tokens=24, faithful=False,
                    dtype="float32")
    assert len(s.sentences) == 3 and len(s.support) == 3
    assert all(sup.supported for sup in s.support)  # random weights: every kept one is checked
    assert s.params["faithful"] is True and raw.params["faithful"] is False
    assert s.extra["raw_output"] == raw.extra["raw_output"]  # same generation, raw kept
    assert s.extra["faithfulness_scorer"] == faithfulness_scorer().name
    for i in s.replaced:
        assert s.support[i].replaced in ("unsupported", "missing")
        assert s.sentences[i] in CORPUS  # a source sentence, whole
        assert s.support[i].source_indices[0] == s.extra["replaced"][s.replaced.index(i)][
            "source_sentence"]
    assert s.replaced, "random weights cannot write 3 supported sentences"
    assert "[source sentence:" in repr(s) and "3 sentences" in repr(s)
    html = s._repr_html_()
    assert html.count('class="sz-replaced"') == len(s.replaced)
    assert 'class="sz-replaced"' not in raw._repr_html_()
    assert [d.get("replaced", "") for d in s.to_dict()["support"]] == \
        [sup.replaced for sup in s.support]
    assert not raw.replaced and all(not d.get("replaced") for d in raw.to_dict()["support"])
    back = Summary.from_record(s.to_record(include_source=True))
    assert back.replaced == s.replaced and back.support == s.support
    record = s.to_record(include_source=True)
    record["support"][s.replaced[0]]["replaced"] = "invented"  # untrusted input
    with pytest.raises(ValueError, match="'replaced'"):
        Summary.from_record(record)


@pytest.mark.timeout(300)
def test_faithful_fills_no_more_than_the_source_has_and_keeps_word_budgets(tiny_llama):
    short = " ".join(CORPUS[:2])
    s = summarize(short, method=tiny_llama, sentences=5, max_new_tokens=16, faithful=True)
    assert 1 <= len(s.sentences) <= 2
    w = summarize(article(8), method=tiny_llama, words=25, max_new_tokens=16, faithful=True)
    assert w.n_words <= 25 and len(w.sentences) >= 1
    batch = summarize_many([article(6), article(6, 3), ""], method=tiny_llama, sentences=2,
                           max_new_tokens=16, faithful=True, progress=False)
    assert [len(b.sentences) for b in batch[:2]] == [2, 2] and batch[2].ok is False


def test_faithful_must_be_a_bool(tiny_llama):
    with pytest.raises(TypeError, match="faithful must be True or False"):
        ModelSummarizer(tiny_llama, faithful="yes")
