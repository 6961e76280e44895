"""The shared shape of every extractive method: score sentences, then one selection step.

Subclasses implement ``score``; everything else (cleaning, splitting, length control,
redundancy control, provenance) is shared, so every method reads the same.

Example:
    >>> from summarize.methods.extractive import LeadSummarizer
    >>> LeadSummarizer().summarize("One. Two. Three. Four.", sentences=2).text
    'One. Two.'
"""

from __future__ import annotations

import numpy as np

from ...summary import Summary
from ...text.document import Document
from ...text.length import LengthRequest
from ..base import Summarizer
from .features import DocFeatures
from .selection import select_sentences

__all__ = ["ExtractiveSummarizer"]


class ExtractiveSummarizer(Summarizer):
    """Base class: ``score(features) -> array`` plus the shared selection step.

    Args:
        diversity: MMR trade-off in [0, 1); 0 picks purely by score.
        max_similarity: skip sentences whose TF-IDF cosine to a chosen one exceeds this.
    """

    kind = "extractive"

    def __init__(self, diversity: float = 0.0, max_similarity: float | None = None) -> None:
        if not 0.0 <= float(diversity) < 1.0:
            raise ValueError(f"diversity must be in [0, 1), got {diversity}")
        if max_similarity is not None and not 0.0 < float(max_similarity) <= 1.0:
            raise ValueError(f"max_similarity must be in (0, 1], got {max_similarity}")
        self.diversity = float(diversity)
        self.max_similarity = None if max_similarity is None else float(max_similarity)

    def score(self, features: DocFeatures) -> np.ndarray:
        """One relevance score per sentence (higher is better)."""
        raise NotImplementedError

    def select(self, features: DocFeatures, length: LengthRequest) -> list[int]:
        """Indices of the chosen sentences, in source order."""
        if features.n == 0:
            return []
        needs_sim = self.diversity > 0 or self.max_similarity is not None
        return select_sentences(
            self.score(features),
            features.word_counts,
            max_sentences=length.max_sentences(features.n),
            max_words=length.words,
            similarity=features.similarity_to if needs_sim else None,
            diversity=self.diversity,
            max_similarity=self.max_similarity,
            eligible=features.eligible,
        )

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        """Summarize an already prepared ``Document``."""
        features = DocFeatures.build(list(doc.sentences))
        chosen = self.select(features, length)
        if not chosen and features.n and length.words is not None:
            # Every sentence is longer than the word budget: cut the best one at a word boundary.
            best = int(np.argmax(self.score(features)))
            return self.extract(doc, [best], length,
                                [_truncate_words(doc.sentences[best].text, length.words)],
                                truncated=True)
        return self.extract(doc, chosen, length)


def _truncate_words(text: str, max_words: int) -> str:
    from ...text.tokens import count_words

    parts = text.split()
    out: list[str] = []
    for part in parts:
        if count_words(" ".join(out + [part])) > max_words:
            break
        out.append(part)
    if not out:  # a single CJK run longer than the budget
        out = [parts[0][:max_words]]
    return " ".join(out) + " \u2026"
