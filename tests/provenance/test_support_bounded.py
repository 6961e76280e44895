"""The lexical scorer's bounded ``support`` gives what the full matrix gives (top-k order, ties
by index, scores, the supported flag) on random news-like sentences, and a book-long summary is
checked only up to ``MAX_SUPPORT_SENTENCES``."""

from __future__ import annotations

import random

import numpy as np
import pytest

from summarize.provenance.support import (MAX_SUPPORT_SENTENCES, LexicalScorer,
                                          sentence_support)
from summarize.summary import SentenceSupport

WORDS = ("rain fell river rose the council said roads shut schools closed farmers moved cattle "
         "a of on monday prices grain").split()


def _sentences(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))) + "."
            for _ in range(n)]


def _from_matrix(summ, src, top_k, thr=0.5):
    mat = LexicalScorer().score(summ, src)
    out = []
    for row in mat:
        order = [int(j) for j in np.argsort(-row, kind="stable")[:top_k] if row[j] > 0]
        scores = tuple(float(row[j]) for j in order)
        out.append(SentenceSupport(tuple(order), scores, (scores[0] if scores else 0.0) >= thr,
                                   "lexical"))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_bounded_support_equals_the_full_matrix(seed):
    rng = random.Random(seed)
    summ, src = _sentences(rng, 12), _sentences(rng, 40)
    for top_k in (1, 3):
        got = LexicalScorer().support(summ, src, top_k=top_k)
        want = _from_matrix(summ, src, top_k)
        assert [(g.source_indices, g.supported) for g in got] == \
            [(w.source_indices, w.supported) for w in want]
        for g, w in zip(got, want):
            assert np.allclose(g.scores, w.scores)


def test_a_book_long_summary_is_checked_up_to_the_cap():
    summ = ["Rain fell on the river."] * (MAX_SUPPORT_SENTENCES + 5)
    sup = sentence_support(summ, ["Rain fell on the river.", "Roads shut."])
    assert len(sup) == len(summ)
    assert all(s.supported for s in sup[:MAX_SUPPORT_SENTENCES])
    assert not any(s.supported or s.source_indices for s in sup[MAX_SUPPORT_SENTENCES:])
