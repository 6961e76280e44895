"""Centroid methods: sentences closest to the document's TF-IDF centroid (Radev et al. 2004),
and MMR (Carbonell & Goldstein 1998), which trades that relevance against redundancy.

Example:
    >>> text = "Cats purr. Cats and dogs play together. Dogs bark. Birds sing."
    >>> CentroidSummarizer().summarize(text, sentences=1).text
    'Cats and dogs play together.'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .features import DocFeatures
from .base import ExtractiveSummarizer

__all__ = ["CentroidSummarizer", "MMRSummarizer", "centroid_scores"]


def centroid_scores(features: DocFeatures, top_terms: float = 0.3) -> np.ndarray:
    """Cosine of each sentence's TF-IDF row with the document centroid, keeping only the
    centroid's top ``top_terms`` share of terms (the topic words)."""
    if features.n == 0:
        return np.zeros(0)
    centroid = np.asarray(features.tfidf.sum(axis=0)).ravel()
    if centroid.size > 10 and 0 < top_terms < 1:
        cut = np.quantile(centroid, 1.0 - top_terms)
        centroid = np.where(centroid >= cut, centroid, 0.0)
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(features.n)
    return np.asarray(features.tfidf @ (centroid / norm)).ravel()


class CentroidSummarizer(ExtractiveSummarizer):
    """Sentences most similar to the TF-IDF centroid of the document."""

    name = "centroid"
    description = "TF-IDF centroid: sentences closest to the document's topic words."

    def __init__(self, top_terms: float = 0.3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not 0.0 < top_terms <= 1.0:
            raise ValueError(f"top_terms must be in (0, 1], got {top_terms}")
        self.top_terms = float(top_terms)


    def score(self, features: DocFeatures) -> np.ndarray:
        return centroid_scores(features, self.top_terms)


class MMRSummarizer(CentroidSummarizer):
    """Centroid relevance with maximal-marginal-relevance selection (redundancy penalised)."""

    name = "mmr"
    description = "MMR: centroid relevance minus similarity to sentences already chosen."

    def __init__(self, diversity: float = 0.3, **kwargs: Any) -> None:
        super().__init__(diversity=diversity, **kwargs)
