"""ROUGE-L / Lsum stay exact where rouge-score can answer, and bounded where it cannot."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.metrics import rouge
from summarize.metrics.rouge import rouge_scores


def _table_backtrack(ref, can):
    """rouge-score's own full-table LCS backtrack, written out here as the reference."""
    rows, cols = len(ref), len(can)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            table[i][j] = (table[i - 1][j - 1] + 1 if ref[i - 1] == can[j - 1]
                           else max(table[i - 1][j], table[i][j - 1]))
    out, i, j = [], rows, cols
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.append(i - 1)
            i, j = i - 1, j - 1
        elif table[i][j - 1] > table[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return out[::-1]


_SEQ = st.lists(st.sampled_from("abcde"), max_size=25)


@settings(max_examples=400, deadline=None)
@given(ref=_SEQ, can=_SEQ)
def test_bit_vector_backtrack_picks_rouge_scores_indices(ref, can):
    assert rouge._lcs_indices(ref, can) == _table_backtrack(ref, can)


def test_lsum_matches_rouge_score_on_random_multi_sentence_text():
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")  # metrics extra (CI: must run)

    scorer = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True)
    rng = random.Random(3)
    words = "rain fell roads shut the river rose schools closed".split()
    for _ in range(30):
        a = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) + "."
                      for _ in range(rng.randint(1, 6)))
        b = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) + "."
                      for _ in range(rng.randint(1, 6)))
        ours = rouge_scores(a, b, rouge_types=("rougeLsum",))["rougeLsum"]
        theirs = scorer.score(b, a)["rougeLsum"]
        assert ours.fmeasure == pytest.approx(theirs.fmeasure, abs=1e-12), (a, b)


@pytest.mark.timeout(120)
def test_long_texts_are_scored_whole_and_capped_only_on_request():
    # issue 21: no silent cap -- every token counts unless max_tokens is given
    pytest.importorskip("nltk")  # metrics extra: ROUGE stemming (rouge-score brings nltk)
    words = [f"w{i % 300}" for i in range(15_000)]
    text = " ".join(words)
    head = " ".join(words[:5_000])
    s = rouge_scores(head, text, rouge_types=("rougeL",))["rougeL"]
    assert (s.precision, s.recall) == (1.0, 5_000 / 15_000)
    other = " ".join(reversed(words))
    capped = rouge_scores(text, other, rouge_types=("rougeL",), max_tokens=5_000)["rougeL"]
    assert capped == rouge_scores(head, " ".join(list(reversed(words))[:5_000]),
                                  rouge_types=("rougeL",))["rougeL"]
    one_line = " ".join(f"w{i % 7}." for i in range(20_000))
    s = rouge_scores(one_line, one_line, rouge_types=("rougeLsum",))["rougeLsum"]
    assert s.fmeasure == pytest.approx(1.0)
