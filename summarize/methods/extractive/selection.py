"""The one selection step every extractive method shares: scores in, sentence indices out.

Greedy by score (or by maximal marginal relevance when ``diversity > 0``), honouring the length
request: at most ``max_sentences`` sentences and never more than ``words`` words. Sentences too
similar to one already chosen are skipped (``max_similarity``). Output is in source order.

Example:
    >>> import numpy as np
    >>> select_sentences(np.array([0.1, 0.9, 0.5]), np.array([5, 5, 5]), max_sentences=2)
    [1, 2]
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["select_sentences"]


def select_sentences(
    scores: np.ndarray,
    word_counts: np.ndarray,
    max_sentences: int,
    max_words: int | None = None,
    similarity: Callable[[list[int]], np.ndarray] | None = None,
    diversity: float = 0.0,
    max_similarity: float | None = None,
    target_words: int | None = None,
    min_sentences: int = 1,
    eligible: np.ndarray | None = None,
) -> list[int]:
    """Pick sentence indices by score under the length limits.

    Args:
        scores: one relevance score per sentence (higher is better).
        word_counts: words per sentence.
        max_sentences: the most sentences to pick.
        max_words: word budget, never exceeded (``None``: no budget).
        similarity: ``similarity(indices)`` gives every sentence's similarity to those sentences,
            shape (n, len(indices)); needed for ``diversity``/``max_similarity``.
        diversity: MMR trade-off in [0, 1): 0 ranks by score alone; higher values penalise
            similarity to sentences already chosen.
        max_similarity: skip a sentence whose similarity to a chosen one exceeds this.
        target_words: a soft length target: once ``min_sentences`` are chosen, stop at the first
            candidate that would take the summary past it (a paragraph-sized summary).
        min_sentences: with ``target_words``, the sentences taken before the target applies.
        eligible: boolean mask of sentences that may be picked (``None``: all).
    """
    n = len(scores)
    if n == 0 or max_sentences <= 0:
        return []
    if not 0.0 <= diversity < 1.0:
        raise ValueError(f"diversity must be in [0, 1), got {diversity}")
    if (diversity > 0 or max_similarity is not None) and similarity is None:
        raise ValueError("diversity and max_similarity need a similarity matrix")
    scores = np.asarray(scores, dtype=np.float64)
    span = scores.max() - scores.min()
    rel = (scores - scores.min()) / span if span > 0 else np.ones(n)
    chosen: list[int] = []
    used_words = 0
    available = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    if max_words is not None:
        available &= word_counts <= max_words
    redundancy = np.zeros(n)  # max similarity to any chosen sentence, updated as we go
    while len(chosen) < max_sentences and available.any():
        if diversity > 0 and chosen:
            value = (1.0 - diversity) * rel - diversity * redundancy
        else:
            value = rel
        # Ties go to the earlier sentence: argmax returns the first maximum.
        candidate = int(np.argmax(np.where(available, value, -np.inf)))
        available[candidate] = False
        if max_similarity is not None and chosen and redundancy[candidate] > max_similarity:
            continue
        if max_words is not None and used_words + word_counts[candidate] > max_words:
            continue
        if (target_words is not None and len(chosen) >= min_sentences
                and used_words + word_counts[candidate] > target_words):
            break
        chosen.append(candidate)
        used_words += int(word_counts[candidate])
        if similarity is not None:
            redundancy = np.maximum(redundancy, similarity([candidate])[:, 0])
        # Drop at once every candidate the checks above would skip from now on (redundancy and
        # used words only grow): the loop then runs once per chosen sentence, not once per
        # sentence, so 100k identical lines take linear time.
        if max_similarity is not None:
            available &= redundancy <= max_similarity
        if max_words is not None:
            available &= word_counts <= max_words - used_words
    return sorted(chosen)
