"""ROUGE: bit-for-bit parity with rouge-score on SummEval, Unicode text, bad input."""

from __future__ import annotations

import pytest
rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")  # metrics extra: the reference implementation

from summarize.metrics.rouge import ROUGE_TYPES, rouge_scores, tokenize_for_rouge
from summarize.text.sentences import split_sentences


def _lines(text: str) -> str:
    """The text as rouge-score's rougeLsum wants it: one sentence (our splitter) per line."""
    return "\n".join(s.text for s in split_sentences(text))


def _max_diff(theirs, ours) -> float:
    return max(abs(theirs[t][f] - ours[t][f]) for t in ROUGE_TYPES for f in range(3))


def test_parity_with_rouge_score_on_all_summeval_outputs(summeval_rows):
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    n, worst = 0, 0.0
    for row in summeval_rows:
        ref = row["reference"]
        ref_lines = _lines(ref)
        for system in row["systems"].values():
            pred = system["summary"]
            theirs = scorer.score(ref_lines, _lines(pred))
            ours = rouge_scores(pred, ref)
            worst = max(worst, _max_diff(theirs, ours))
            n += 1
    assert n == 1600
    assert worst <= 1e-9


def test_parity_without_stemming_and_with_eleven_references(summeval_rows):
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False)
    for row in summeval_rows[:2]:
        refs = row["references"]
        assert len(refs) == 11
        for system in row["systems"].values():
            pred = system["summary"]
            theirs = scorer.score_multi([_lines(r) for r in refs], _lines(pred))
            ours = rouge_scores(pred, refs, use_stemmer=False)
            assert _max_diff(theirs, ours) <= 1e-9


def test_multiple_references_take_the_best():
    one = rouge_scores("The cat sat on the mat.", "A dog ran in the park.")
    many = rouge_scores("The cat sat on the mat.", ["A dog ran in the park.", "The cat sat on a mat."])
    assert many["rouge1"].fmeasure > one["rouge1"].fmeasure
    assert many["rouge1"] == rouge_scores("The cat sat on the mat.", "The cat sat on a mat.")["rouge1"]


def test_chinese_and_russian_predictions_score_above_zero():
    zh = rouge_scores("北京今天下雨了。", "北京今天下大雨。")
    ru = rouge_scores("Москва объявила новые меры.", "Москва объявила о новых мерах поддержки.")
    assert zh["rouge1"].fmeasure > 0.5 and zh["rougeLsum"].fmeasure > 0.5
    assert ru["rouge1"].fmeasure > 0 and ru["rougeL"].fmeasure > 0
    # rouge-score itself drops these scripts and scores 0: the reason for our tokenizer
    plain = rouge_scorer.RougeScorer(["rouge1"]).score("北京今天下大雨。", "北京今天下雨了。")
    assert plain["rouge1"].fmeasure == 0.0
    assert rouge_scores("北京今天下雨了。", "北京今天下大雨。", tokenizer="rouge-score")[
        "rouge1"].fmeasure == 0.0


def test_tokenizers():
    assert tokenize_for_rouge("Running dogs ran") == ["run", "dog", "ran"]
    assert tokenize_for_rouge("Running dogs ran", use_stemmer=False) == ["running", "dogs", "ran"]
    assert tokenize_for_rouge("a-b c", tokenizer=str.split, use_stemmer=False) == ["a-b", "c"]
    with pytest.raises(ValueError, match="tokenizer"):
        tokenize_for_rouge("x", tokenizer="spaces")


def test_lsum_uses_sentence_split():
    pred = "The storm hit the coast. Power failed in the city."
    ref = "Power failed in the city. The storm hit the coast."
    s = rouge_scores(pred, ref)
    assert s["rougeLsum"].fmeasure == pytest.approx(1.0)
    assert s["rougeL"].fmeasure < 0.7  # one sequence: the order change costs


def test_empty_and_bad_input():
    zero = rouge_scores("", "The storm hit the coast.")
    assert all(v.fmeasure == 0.0 for v in zero.values())
    assert rouge_scores("...", "!!!")["rouge1"].fmeasure == 0.0
    with pytest.raises(TypeError, match="prediction"):
        rouge_scores(None, "x")
    with pytest.raises(TypeError, match="reference 1"):
        rouge_scores("x", ["a", 3])
    with pytest.raises(ValueError, match="references is empty"):
        rouge_scores("x", [])
    with pytest.raises(ValueError, match="ROUGE type"):
        rouge_scores("x", "y", rouge_types=["rougeX"])
