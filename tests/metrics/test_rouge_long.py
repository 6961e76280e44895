"""ROUGE on long and multilingual texts: exact parity with rouge-score on newline-split texts
of 10,000+ tokens, no silent cap, the documented rougeLsum sentence modes, non-Latin scripts."""

from __future__ import annotations

import random

import numpy as np
import pytest

# metrics extra: rouge-score is the parity reference of every test here
rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
from summarize.metrics.rouge import LSUM_MAX_WORK, ROUGE_TYPES, rouge_scores, tokenize_for_rouge

_WORDS = ("the council voted on monday to approve a new budget for schools roads and hospitals "
          "officials said spending would rise by percent while taxes stayed flat critics warned "
          "that the plan relied on optimistic forecasts of growth jobs housing prices rising "
          "bridges repaired nurses hired teachers striking").split()


def _text(n_tokens: int, seed: int, words_per_line: tuple[int, int] = (60, 140)) -> str:
    rng = random.Random(seed)
    lines, n = [], 0
    while n < n_tokens:
        k = rng.randint(*words_per_line)
        lines.append(" ".join(rng.choice(_WORDS) for _ in range(k)) + ".")
        n += k
    return "\n".join(lines)


def _numpy_lcs_table(ref, can):
    """rouge-score's LCS table, computed row by row with numpy (the same recurrence: a row is
    the running maximum of the row above and the diagonal + 1 where tokens match). Only the
    last row is kept for large tables (rougeL reads ``table[-1][-1]``)."""
    ref_ids = {t: i for i, t in enumerate(dict.fromkeys(list(ref) + list(can)))}
    can_arr = np.array([ref_ids[t] for t in can], dtype=np.int64)
    prev = np.zeros(len(can) + 1, dtype=np.int64)
    keep = len(ref) * len(can) <= 1_000_000
    rows = [prev.tolist()] if keep else None
    for tok in ref:
        cand = np.maximum(prev[1:], np.where(can_arr == ref_ids[tok], prev[:-1] + 1, 0))
        cur = np.concatenate(([0], np.maximum.accumulate(cand)))
        if keep:
            rows.append(cur.tolist())
        prev = cur
    return rows if keep else [prev.tolist()]


@pytest.fixture
def fast_rouge_score(monkeypatch):
    """rouge-score itself (tokenizer, stemmer, union LCS, counting), its quadratic pure-Python
    LCS table swapped for the numpy one above, which is checked here to be identical."""
    rng = random.Random(3)
    for _ in range(300):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        assert _numpy_lcs_table(a, b) == rouge_scorer._lcs_table(a, b)
    monkeypatch.setattr(rouge_scorer, "_lcs_table", _numpy_lcs_table)
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


@pytest.mark.timeout(600)
def test_exact_parity_on_newline_texts_of_10k_tokens(fast_rouge_score):
    reference, prediction = _text(10_500, 1), _text(11_200, 2)
    assert len(tokenize_for_rouge(reference)) >= 10_000
    theirs = fast_rouge_score.score(reference, prediction)
    ours = rouge_scores(prediction, reference, lsum_sentences="newlines")
    for t in ROUGE_TYPES:
        assert tuple(ours[t]) == tuple(theirs[t]), t  # bit for bit, no tolerance


def test_no_silent_cap_on_a_long_reference():
    # a reference of 9,000+ tokens and a prediction that copies its second half: recall is
    # exactly the share copied (a 5,000-token cap would divide by 5,000 instead)
    reference = _text(9_220, 4, (8, 30))
    lines = reference.split("\n")
    half = "\n".join(lines[len(lines) // 2:])
    ref_tokens, half_tokens = tokenize_for_rouge(reference), tokenize_for_rouge(half)
    s = rouge_scores(half, reference, ("rougeL", "rougeLsum"), lsum_sentences="newlines")
    assert s["rougeL"].recall == len(half_tokens) / len(ref_tokens)
    assert s["rougeL"].precision == 1.0
    assert s["rougeLsum"].recall == len(half_tokens) / len(ref_tokens)


def test_opt_in_limit_is_explicit():
    big = " ".join(f"w{i % 2_000}." for i in range(80_000))
    with pytest.raises(ValueError, match="max_tokens"):
        rouge_scores(big, big, ("rougeLsum",))
    assert 80_000 * 2_000 > LSUM_MAX_WORK
    capped = rouge_scores(big, big, ("rougeLsum",), max_tokens=5_000)
    assert capped["rougeLsum"].fmeasure == 1.0
    with pytest.raises(ValueError, match="max_tokens"):
        rouge_scores("a", "a", max_tokens=0)


def test_lsum_sentence_modes():
    reference = "Rain fell all night. Roads were shut. Schools stayed open."
    prediction = "Roads were shut after rain fell. Schools stayed open."
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True)
    # "newlines": rouge-score's own rule, a text without line breaks is one sentence
    assert tuple(rouge_scores(prediction, reference, ("rougeLsum",),
                              lsum_sentences="newlines")["rougeLsum"]) == \
        tuple(scorer.score(reference, prediction)["rougeLsum"])
    # "split" (default): our sentences, the same as rouge-score on one sentence per line
    split = rouge_scores(prediction, reference, ("rougeLsum",))["rougeLsum"]
    lined = scorer.score("Rain fell all night.\nRoads were shut.\nSchools stayed open.",
                         "Roads were shut after rain fell.\nSchools stayed open.")["rougeLsum"]
    assert tuple(split) == tuple(lined)
    with pytest.raises(ValueError, match="lsum_sentences"):
        rouge_scores(prediction, reference, lsum_sentences="paragraphs")


def test_non_latin_scripts_score():
    hindi = tokenize_for_rouge("\u092d\u093e\u0930\u0924 \u0928\u0947 \u092e\u0948\u091a \u091c\u0940\u0924\u093e")
    assert hindi == ["\u092d\u093e\u0930\u0924", "\u0928\u0947", "\u092e\u0948\u091a", "\u091c\u0940\u0924\u093e"]  # words kept whole
    thai = tokenize_for_rouge("\u0e1d\u0e19\u0e15\u0e01\u0e2b\u0e19\u0e31\u0e01")
    assert thai[-2:] == ["\u0e19\u0e31", "\u0e01"]  # a letter with its vowel mark
    for pred, ref in [("\u092d\u093e\u0930\u0924 \u0928\u0947 \u092e\u0948\u091a \u091c\u0940\u0924\u093e", "\u092d\u093e\u0930\u0924 \u0928\u0947 \u0915\u0932 \u092e\u0948\u091a \u091c\u0940\u0924\u093e"),
                      ("\u0e1d\u0e19\u0e15\u0e01\u0e2b\u0e19\u0e31\u0e01", "\u0e1d\u0e19\u0e15\u0e01"),
                      ("\u05d4\u05d2\u05e9\u05dd \u05d9\u05e8\u05d3", "\u05d4\u05d2\u05e9\u05dd \u05d9\u05e8\u05d3 \u05d4\u05d9\u05d5\u05dd"),
                      ("\u96e8\u304c\u964d\u3063\u305f\u3002", "\u6628\u65e5\u96e8\u304c\u964d\u3063\u305f\u3002")]:
        s = rouge_scores(pred, ref)
        assert all(s[t].fmeasure > 0.5 for t in ROUGE_TYPES), (pred, s)
    # English stays rouge-score's tokens
    assert tokenize_for_rouge("Caf\u00e9s fell 3%") == ["caf", "s", "fell", "3"]
