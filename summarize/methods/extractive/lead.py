"""Lead-k: the first sentences of the article, the classic news baseline.

Example:
    >>> LeadSummarizer().summarize("A b. C d. E f. G h.", sentences=3).text
    'A b. C d. E f.'
"""

from __future__ import annotations

import numpy as np

from .features import DocFeatures
from .base import ExtractiveSummarizer

__all__ = ["LeadSummarizer"]


class LeadSummarizer(ExtractiveSummarizer):
    """The first sentences, in order (Lead-3 with the default length)."""

    name = "lead"
    aliases = ("lead3",)
    description = "First sentences of the article (Lead-3 by default); the news baseline."

    def score(self, features: DocFeatures) -> np.ndarray:
        return -np.arange(features.n, dtype=np.float64)
