"""``auto``: the default news summarizer. Combines what works on news in one score:

- position: news puts the key facts first (inverted pyramid), so early sentences get a prior;
- centrality: similarity to the document's TF-IDF centroid (topic words);
- sentence quality: very short lines (headings, captions), questions, direct quotes and
  first/second-person asides are unlikely summary sentences;
- redundancy: a sentence too similar to one already chosen is skipped;
- length: with no length given, a paragraph: the best sentences until about ``target_words``
  words (at least ``min_sentences``). Fixed Lead-3 overshoots when news sentences are long; on
  SummEval this length rule is what moves it past Lead-3 (see README).

Example:
    >>> text = ("The council approved the new bridge on Monday. Who pays? "
    ...         "The bridge will cost $40 million and open in 2027. Residents welcomed it.")
    >>> AutoSummarizer().summarize(text, sentences=2).text
    'The council approved the new bridge on Monday. The bridge will cost $40 million and open in 2027.'
"""

from __future__ import annotations

import re

import numpy as np

from .features import DocFeatures
from ...text.length import LengthRequest
from .selection import select_sentences
from .base import ExtractiveSummarizer
from .centroid import centroid_scores

__all__ = ["AutoSummarizer"]

_QUOTE_START = re.compile(r"^\s*(?:``|\"|\u201c|'|\u2018|-)")
_PERSONAL = re.compile(r"(?:^|\s)(?:I|I'm|I've|we|We|you|You|my|My)(?:\s|$)")
_FURNITURE = re.compile(
    r"scroll down|click here|read more|watch the video|follow us|pictured\s*:|"
    r"^\s*(?:by|published|updated|last updated)\b|contributed to this report|e-?mail",
    re.I,
)


class AutoSummarizer(ExtractiveSummarizer):
    """Position prior + centroid centrality + sentence-quality penalties, with redundancy
    control. The default method.

    Args:
        position_weight: weight of the lead prior ``1 / (1 + i / position_scale)``.
        position_scale: how many sentences the lead prior takes to halve.
        centrality_weight: weight of the (max-normalised) centroid similarity.
        min_words: sentences shorter than this are penalised (headings, captions, fragments).
        max_similarity: redundancy cut-off on TF-IDF cosine.
        target_words: with no length given, stop before the summary passes this many words...
        min_sentences: ...once it has at least this many sentences.
    """

    name = "auto"
    description = "News default: lead position prior + centrality + quality, redundancy-aware."

    def __init__(
        self,
        position_weight: float = 1.0,
        position_scale: float = 2.0,
        centrality_weight: float = 0.1,
        min_words: int = 8,
        max_similarity: float | None = 0.5,
        diversity: float = 0.0,
        target_words: int = 75,
        min_sentences: int = 2,
    ) -> None:
        super().__init__(diversity=diversity, max_similarity=max_similarity)
        if position_scale <= 0:
            raise ValueError(f"position_scale must be > 0, got {position_scale}")
        if min_words < 0:
            raise ValueError(f"min_words must be >= 0, got {min_words}")
        self.position_weight = float(position_weight)
        self.position_scale = float(position_scale)
        self.centrality_weight = float(centrality_weight)
        self.min_words = int(min_words)
        if target_words < 1 or min_sentences < 1:
            raise ValueError("target_words and min_sentences must be >= 1")
        self.target_words = int(target_words)
        self.min_sentences = int(min_sentences)


    def select(self, features: DocFeatures, length: LengthRequest) -> list[int]:
        if not length.is_default:
            return super().select(features, length)
        return select_sentences(
            self.score(features),
            features.word_counts,
            max_sentences=features.n,
            similarity=features.similarity_to,
            diversity=self.diversity,
            max_similarity=self.max_similarity,
            target_words=self.target_words,
            min_sentences=self.min_sentences,
            eligible=features.eligible,
        )

    def score(self, features: DocFeatures) -> np.ndarray:
        n = features.n
        if n == 0:
            return np.zeros(0)
        position = 1.0 / (1.0 + np.arange(n) / self.position_scale)
        central = centroid_scores(features)
        if central.max() > 0:
            central = central / central.max()
        score = self.position_weight * position + self.centrality_weight * central
        return score - self._penalties(features)

    def _penalties(self, features: DocFeatures) -> np.ndarray:
        penalty = np.zeros(features.n)
        for i, (sentence, n_words) in enumerate(zip(features.sentences, features.word_counts)):
            text = sentence.text
            if n_words < self.min_words:
                penalty[i] += 0.6 * (1.0 - n_words / max(1, self.min_words))
            if text.rstrip("'\"\u201d\u2019 ").endswith("?"):
                penalty[i] += 0.4
            if _QUOTE_START.match(text):
                penalty[i] += 0.25
            if _PERSONAL.search(text):
                penalty[i] += 0.15
            if _FURNITURE.search(text):
                penalty[i] += 1.0
        return penalty
