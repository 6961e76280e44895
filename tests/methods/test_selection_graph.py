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


def _argmax_selection(scores, max_sentences):
    """The greedy rule spelled out: the best remaining sentence (the first of equals, NaN
    counting as best, as numpy's argmax reads it), until the count is reached."""
    taken: list[int] = []
    scores = np.asarray(scores, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        low, span = scores.min(), scores.max() - scores.min()
        rel = (scores - low) / span if span > 0 else np.ones(len(scores))
    while len(taken) < min(max_sentences, len(scores)):
        value = np.where(np.isin(np.arange(len(scores)), taken), -np.inf, rel)
        taken.append(int(np.argmax(value)))
    return sorted(taken)


def test_select_visits_candidates_as_argmax_would():
    # the static ranking (one stable sort) must pick what a per-step argmax picks: ties to the
    # earlier sentence, scores that round to the same relative value, infinite scores
    rng = np.random.default_rng(3)
    pool = [0.0, 0.5, 1.0, 1.0 + 2e-16, 2.0, 0.1 + 0.2, 0.3, np.inf, -np.inf, np.nan]
    for _ in range(500):
        n = int(rng.integers(1, 12))
        scores = np.array([pool[k] for k in rng.integers(0, len(pool) - 3 * (_ % 2), n)])
        k = int(rng.integers(1, 5))
        with np.errstate(invalid="ignore"):
            got = select_sentences(scores, np.ones(n, dtype=int), k)
        assert got == _argmax_selection(scores, k), scores


def test_pagerank_small_graphs_match_numpy_solve():
    # graphs of up to _DGESV_MAX sentences go to LAPACK directly, larger ones to numpy
    from summarize.methods.extractive import graph

    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 30, graph._DGESV_MAX, graph._DGESV_MAX + 1, 90):
        w = rng.random((n, n)) * (rng.random((n, n)) < 0.5)
        np.fill_diagonal(w, 0.0)
        out = w.sum(axis=1)
        transition = np.where(out[:, None] > 0, w / np.where(out > 0, out, 1.0)[:, None], 1.0 / n)
        expected = np.linalg.solve(np.eye(n) - 0.85 * transition.T, np.full(n, 0.15 / n))
        assert np.allclose(pagerank(w), expected / expected.sum(), rtol=1e-12, atol=0)
    with pytest.raises(np.linalg.LinAlgError):
        graph._solve(np.zeros((2, 2)), np.ones(2))


def test_pagerank_small_path_matches_the_general_path_bit_for_bit():
    # float64 graphs of up to _DGESV_MAX nodes take a shorter path with the same operations; an
    # ndarray subclass takes the general one
    from summarize.methods.extractive import graph

    class Weights(np.ndarray):
        pass

    rng = np.random.default_rng(11)
    for n in (1, 2, 3, 9, 30, graph._DGESV_MAX):
        for density in (0.0, 0.2, 0.6, 1.0):  # 0.0: every node dangling
            w = rng.random((n, n)) * (rng.random((n, n)) < density)
            np.fill_diagonal(w, 0.0)
            w[rng.random(n) < 0.2] = 0.0  # some dangling rows
            general = pagerank(w.view(Weights), 0.7)
            small = graph._pagerank_small(w, 0.7)
            assert np.asarray(general).tobytes() == small.tobytes(), (n, density)
            assert pagerank(w, 0.7).tobytes() == small.tobytes()


def test_features_columns_follow_first_use_and_count_terms():
    sentences = split_sentences("Rivers flood towns. The town rebuilds. Floods return to rivers "
                                "and towns! 42 of them.")
    f = DocFeatures.build(sentences, "en")
    # content words, stemmed, in order of first use; stop words and numbers left out
    assert list(f.vocab) == ["river", "flood", "town", "rebuild", "return"]
    assert f.tokens == [["river", "flood", "town"], ["town", "rebuild"],
                        ["flood", "return", "river", "town"], []]
    for i, toks in enumerate(f.tokens):  # the matrix holds exactly the token counts
        assert {t: int(f.counts[i, f.vocab[t]]) for t in toks} == {t: toks.count(t) for t in toks}
        assert f.counts[i].sum() == len(toks)
    assert f.sentence_words(1) == ["the", "town", "rebuilds"]


def test_cosine_adjacency_is_the_thresholded_graph(monkeypatch):
    text = " ".join(f"Sentence {i} talks about topic {i % 7} and river {i % 3}." for i in range(40))
    sentences = split_sentences(text)
    import summarize.methods.extractive.features as features_module

    for dense_max in (400, 10):  # dense, then the sparse path
        monkeypatch.setattr(features_module, "_DENSE_MAX_SENTENCES", dense_max)
        f = DocFeatures.build(sentences)
        graph = f.cosine_graph(0.3)
        adjacency = f.cosine_adjacency(0.3)
        graph = graph.toarray() if sparse.issparse(graph) else graph
        adjacency = adjacency.toarray() if sparse.issparse(adjacency) else adjacency
        assert np.array_equal(adjacency, (graph > 0).astype(float)) and adjacency.any()
