"""Graph centrality methods: TextRank (Mihalcea & Tarau 2004) and LexRank (Erkan & Radev 2004).

Both build a sentence graph and rank sentences by PageRank over it, vectorised in numpy.

Example:
    >>> text = "Cats purr softly. Dogs bark loudly. Cats and dogs play. Birds sing."
    >>> TextRankSummarizer().summarize(text, sentences=1).text
    'Cats and dogs play.'
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse

from .features import DocFeatures
from .base import ExtractiveSummarizer

__all__ = ["TextRankSummarizer", "LexRankSummarizer", "pagerank"]


def pagerank(weights: np.ndarray | sparse.spmatrix, damping: float = 0.85, tol: float = 1e-6,
             max_iter: int = 100) -> np.ndarray:
    """Stationary PageRank scores of a weighted graph (rows: outgoing edges), dense or sparse.

    Example:
        >>> pagerank(np.array([[0, 1.0], [1.0, 0]])).round(3).tolist()
        [0.5, 0.5]
    """
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    if type(weights) is np.ndarray and weights.dtype == np.float64 and n <= _DGESV_MAX:
        return _pagerank_small(weights, damping)
    is_sparse = sparse.issparse(weights)
    if is_sparse:
        w = sparse.csr_matrix(weights, dtype=np.float64)
        out = np.asarray(w.sum(axis=1)).ravel()
    else:
        w = np.asarray(weights, dtype=np.float64)
        out = w.sum(axis=1)
    any_dangling = not out.all()  # a node without outgoing weight
    dangling = out == 0 if any_dangling or is_sparse else None
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out)) if any_dangling \
        else 1.0 / out
    if not is_sparse:
        # Small graphs: solve (I - d P^T) r = (1 - d) / n exactly; dangling rows jump anywhere.
        transition = w * inv[:, None]
        if any_dangling:
            transition[dangling] = 1.0 / n
        # I - d P^T built in place: (0 - x) + 1 is exactly 1 - x, and 0 - x exactly -x
        system = 0.0 - damping * transition.T
        system.flat[::n + 1] += 1.0
        rhs = np.full(n, (1.0 - damping) / n)
        rank = _solve(system, rhs) if n <= _DGESV_MAX else np.linalg.solve(system, rhs)
        return rank / rank.sum()
    transition_t = (sparse.diags(inv) @ w).T.tocsr()
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        # dangling nodes spread their rank evenly over all nodes
        new = (1.0 - damping) / n + damping * (transition_t @ rank + rank[dangling].sum() / n)
        if np.abs(new - rank).sum() < tol:
            return new
        rank = new
    return rank


def _pagerank_small(w: np.ndarray, damping: float) -> np.ndarray:
    """``pagerank``'s dense path for a float64 graph of at most ``_DGESV_MAX`` nodes, with the
    same operations in the same order (so the same bits) and fewer numpy calls: on a graph of
    a few dozen sentences each call costs more than its arithmetic."""
    n = w.shape[0]
    out = np.add.reduce(w, axis=1)  # what ndarray.sum does
    if 0.0 in out.tolist():  # a node without outgoing weight: dangling rows jump anywhere
        dangling = out == 0
        transition = w * np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))[:, None]
        transition[dangling] = 1.0 / n
    else:
        transition = w * (1.0 / out)[:, None]
    # I - d P^T built in place: (0 - x) + 1 is exactly 1 - x, and 0 - x exactly -x
    system = np.multiply(transition.T, damping)
    np.subtract(0.0, system, out=system)
    system.ravel(order="K")[::n + 1] += 1.0  # the diagonal (a view: system is contiguous)
    rhs = np.empty(n)
    rhs.fill((1.0 - damping) / n)
    rank = _solve(system, rhs)
    return rank / np.add.reduce(rank)


_DGESV: list = []
# Graphs up to this many sentences are solved by dgesv directly. (On the reference machine its
# solutions equal np.linalg.solve's bit for bit up to about 100 unknowns, where the bundled
# OpenBLAS builds start to factorise in blocks differently: larger graphs keep numpy's solve, so
# rankings are exactly what they were.)
_DGESV_MAX = 64


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.linalg.solve(a, b)`` through LAPACK's dgesv directly (SciPy's binding: the same
    factorisation without numpy's checks and error-state set-up, which cost more than the
    solve on a graph of a few dozen sentences); numpy's error if ``a`` is singular. ``a`` and
    ``b`` are overwritten."""
    if not _DGESV:
        from scipy.linalg.lapack import dgesv

        _DGESV.append(dgesv)
    _, _, x, info = _DGESV[0](a, b, overwrite_a=True, overwrite_b=True)
    if info != 0:
        raise np.linalg.LinAlgError("Singular matrix")
    return x


class TextRankSummarizer(ExtractiveSummarizer):
    """PageRank over word-overlap similarity |Si ∩ Sj| / (log|Si| + log|Sj|)."""

    name = "textrank"
    description = "TextRank: PageRank over word-overlap similarity between sentences."

    def __init__(self, damping: float = 0.85, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not 0.0 < damping < 1.0:
            raise ValueError(f"damping must be in (0, 1), got {damping}")
        self.damping = float(damping)


    def score(self, features: DocFeatures) -> np.ndarray:
        return pagerank(features.overlap_graph(), self.damping)


class LexRankSummarizer(ExtractiveSummarizer):
    """PageRank over the graph of TF-IDF cosine similarities above ``threshold``."""

    name = "lexrank"
    description = "LexRank: PageRank over thresholded TF-IDF cosine similarity."

    def __init__(self, threshold: float = 0.1, damping: float = 0.85, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not 0.0 <= threshold < 1.0:
            raise ValueError(f"threshold must be in [0, 1), got {threshold}")
        if not 0.0 < damping < 1.0:
            raise ValueError(f"damping must be in (0, 1), got {damping}")
        self.threshold = float(threshold)
        self.damping = float(damping)


    def score(self, features: DocFeatures) -> np.ndarray:
        return pagerank(features.cosine_adjacency(self.threshold), self.damping)
