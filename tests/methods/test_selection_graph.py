"""The shared selection step, PageRank, and long-document bounds."""

import numpy as np
import pytest
from scipy import sparse

from summarize import summarize
from summarize.methods.extractive.graph import pagerank
from summarize.methods.extractive.features import DocFeatures
from summarize.methods.extractive.selection import select_sentences
from summarize.text.sentences import split_sentences


def test_select_by_score_in_source_order():
    assert select_sentences(np.array([0.1, 0.9, 0.5]), np.array([5, 5, 5]), 2) == [1, 2]


def test_select_word_budget_skips_what_does_not_fit():
    assert select_sentences(np.array([3.0, 2.0, 1.0]), np.array([8, 5, 3]), 3, max_words=9) == [0]
    assert select_sentences(np.array([3.0, 2.0, 1.0]), np.array([8, 5, 3]), 3, max_words=8) == [0]
    assert select_sentences(np.array([1.0, 3.0, 2.0]), np.array([8, 5, 3]), 3, max_words=8) == [1, 2]


def test_select_soft_target_stops_at_first_overflow():
    counts = np.array([30, 30, 30, 5])
    chosen = select_sentences(np.array([4.0, 3, 2, 1]), counts, 4, target_words=70, min_sentences=2)
    assert chosen == [0, 1]


def test_select_redundancy():
    sim = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    lookup = lambda idx: sim[:, idx]
    scores = np.array([1.0, 0.9, 0.1])
    assert select_sentences(scores, np.ones(3), 2, similarity=lookup, max_similarity=0.5) == [0, 2]
    assert select_sentences(scores, np.ones(3), 2, similarity=lookup, diversity=0.5) == [0, 2]
    with pytest.raises(ValueError):
        select_sentences(scores, np.ones(3), 2, diversity=0.5)


def test_pagerank_dense_and_sparse_agree_and_sum_to_one():
    rng = np.random.default_rng(1)
    w = rng.random((30, 30)) * (rng.random((30, 30)) > 0.7)
    w[3] = 0.0  # a dangling node
    dense = pagerank(w)
    sp = pagerank(sparse.csr_matrix(w), tol=1e-12, max_iter=1000)
    assert np.allclose(dense, sp, atol=1e-8) and np.isclose(dense.sum(), 1.0)
    # symmetric 2-cycle splits evenly; a hub ranks highest
    assert np.allclose(pagerank(np.array([[0, 1.0], [1.0, 0]])), 0.5)
    star = np.zeros((5, 5))
    star[1:, 0] = star[0, 1:] = 1.0
    assert int(np.argmax(pagerank(star))) == 0


def test_dense_and_sparse_features_give_same_graphs(monkeypatch):
    text = " ".join(f"Sentence {i} talks about topic {i % 7} and river {i % 3}." for i in range(60))
    sentences = split_sentences(text)
    dense = DocFeatures.build(sentences)
    import summarize.methods.extractive.features as features_module

    monkeypatch.setattr(features_module, "_DENSE_MAX_SENTENCES", 10)
    sp = DocFeatures.build(sentences)
    assert sp.is_sparse and not dense.is_sparse
    assert np.allclose(dense.cosine_graph(0.1), sp.cosine_graph(0.1).toarray())
    assert np.allclose(dense.overlap_graph(), sp.overlap_graph().toarray())
    assert np.allclose(dense.similarity_to([0, 5]), sp.similarity_to([0, 5]))


@pytest.mark.timeout(300)  # bounded time on the largest accepted input
def test_long_document_graph_methods_bounded():
    para = ("The council met on {i}. Engineers reported cracks in bridge {i}. "
            "Residents asked about costs in district {j}. ")
    text = "\n".join(para.format(i=i, j=i % 13) for i in range(1000))  # 3k sentences: sparse path
    for method in ("textrank", "lexrank"):
        s = summarize(text, method=method, words=40)
        assert 0 < s.n_words <= 40
