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

from ..features import DocFeatures
from .base import ExtractiveSummarizer

__all__ = ["TextRankSummarizer", "LexRankSummarizer", "pagerank"]


def pagerank(weights: np.ndarray, damping: float = 0.85, tol: float = 1e-6,
             max_iter: int = 100) -> np.ndarray:
    """Stationary PageRank scores of a weighted graph (rows: outgoing edges).

    Example:
        >>> pagerank(np.array([[0, 1.0], [1.0, 0]])).round(3).tolist()
        [0.5, 0.5]
    """
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    out = weights.sum(axis=1, keepdims=True)
    dangling = out[:, 0] == 0
    out[dangling] = 1.0
    transition = weights / out
    transition[dangling] = 1.0 / n  # dangling nodes jump anywhere
    rank = np.full(n, 1.0 / n)
    teleport = (1.0 - damping) / n
    t_transpose = transition.T.copy()
    for _ in range(max_iter):
        new = teleport + damping * (t_transpose @ rank)
        if np.abs(new - rank).sum() < tol:
            rank = new
            break
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

    def get_params(self) -> dict[str, Any]:
        return {"damping": self.damping, **super().get_params()}

    def score(self, features: DocFeatures) -> np.ndarray:
        b = features.binary
        overlap = (b @ b.T).toarray()
        sizes = np.asarray(b.sum(axis=1)).ravel()
        logs = np.log(np.maximum(sizes, 1.0))
        norm = logs[:, None] + logs[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = np.where(norm > 0, overlap / norm, 0.0)
        np.fill_diagonal(sim, 0.0)
        return pagerank(sim, self.damping)


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

    def get_params(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "damping": self.damping, **super().get_params()}

    def score(self, features: DocFeatures) -> np.ndarray:
        adjacency = (features.cosine > self.threshold).astype(np.float64)
        return pagerank(adjacency, self.damping)
