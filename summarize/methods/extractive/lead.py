"""Lead-k: the first sentences of the article, the classic news baseline.

Always a prefix of the article's (non-heading) sentences: selection stops at the first sentence
that does not fit, and a sentence ending in a colon or an open quote is only kept with what
completes it. When even the first sentence is over the word budget it is compressed (see
``ExtractiveSummarizer``). ``lead3`` is the fixed Lead-3 baseline (3 sentences when no length is
given).

Example:
    >>> LeadSummarizer().summarize("A b. C d. E f. G h.", sentences=3).text
    'A b. C d. E f.'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .features import DocFeatures
from ...text.length import LengthRequest
from .base import ExtractiveSummarizer

__all__ = ["LeadSummarizer", "Lead3Summarizer"]


class LeadSummarizer(ExtractiveSummarizer):
    """The first sentences, in order, as many as the length allows."""

    name = "lead"
    description = "First sentences of the article (a prefix); the news baseline."
    prefix = True

    def score(self, features: DocFeatures) -> np.ndarray:
        return -np.arange(features.n, dtype=np.float64)


class Lead3Summarizer(LeadSummarizer):
    """Lead-3: the first three sentences when no length is given (the published baseline)."""

    name = "lead3"
    description = "Lead-3: the first three sentences (the published news baseline)."

    def select(self, features: DocFeatures, length: LengthRequest, **kwargs: Any) -> list[int]:
        if length.is_default:
            length = LengthRequest(sentences=3)
        return super().select(features, length, **kwargs)
