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
        rank = np.linalg.solve(system, np.full(n, (1.0 - damping) / n))
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
