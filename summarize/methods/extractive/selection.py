"""The one selection step every extractive method shares: scores in, sentence indices out.

Greedy by score (or by maximal marginal relevance when ``diversity > 0``), honouring the length
request: at most ``max_sentences`` sentences and never more than ``words`` words. Sentences too
similar to one already chosen are skipped (``max_similarity``). Output is in source order.

Coherence (``links``, from ``summarize.text.discourse.sentence_links``): a sentence that depends on
its predecessor (or, ending with a colon or an open quote, on its successor) is taken together
with every sentence it needs -- its *unit*, the smallest run of sentences closed under those
links -- or not at all. With ``prefix=True`` (lead) selection stops at the first unit that does
not fit, so the result is always a prefix of the eligible sentences.

Zero-word "sentences" (a line of "!", a run of "..." fragments) are never candidates while a
sentence with words exists (a prefix keeps them, so lead stays a prefix), and each costs one
word of the budget: a word budget bounds the number of sentences too, whatever the splitter
made of the text.

Example:
    >>> import numpy as np
    >>> select_sentences(np.array([0.1, 0.9, 0.5]), np.array([5, 5, 5]), max_sentences=2)
    [1, 2]
    >>> len(select_sentences(np.ones(20_000), np.zeros(20_000, int), 20_000, max_words=75))
    75
"""

from __future__ import annotations

from itertools import compress
from typing import Callable, Sequence

import numpy as np

__all__ = ["select_sentences", "unit_of"]


def unit_of(index: int, needs_previous: Sequence[bool], needs_next: Sequence[bool]) -> range:
    """The run of sentences ``index`` cannot be shown without (itself included).

    Example:
        >>> unit_of(2, [False, False, True, False], [False, True, False, False])
        range(1, 3)
    """
    start = end = index
    while start > 0 and needs_previous[start]:
        start -= 1
    while end + 1 < len(needs_next) and needs_next[end]:
        end += 1
    # Sentences pulled in on either side only point inside the run: one pass is enough.
    return range(start, end + 1)


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
    needs_previous: Sequence[bool] | None = None,
    needs_next: Sequence[bool] | None = None,
    prefix: bool = False,
    first_must_fit: bool = False,
    chosen: Sequence[int] = (),
) -> list[int]:
    """Pick sentence indices by score under the length limits.

    Args:
        scores: one relevance score per sentence (higher is better).
        word_counts: words per sentence.
        max_sentences: the most sentences to pick (``chosen`` included).
        max_words: word budget, never exceeded (``None``: no budget).
        similarity: ``similarity(indices)`` gives every sentence's similarity to those sentences,
            shape (n, len(indices)); needed for ``diversity``/``max_similarity``.
        diversity: MMR trade-off in [0, 1): 0 ranks by score alone; higher values penalise
            similarity to sentences already chosen.
        max_similarity: skip a sentence whose similarity to a chosen one exceeds this.
        target_words: a soft length target: once ``min_sentences`` are chosen, stop at the first
            candidate that would take the summary past it (a paragraph-sized summary).
        min_sentences: with ``target_words``, the sentences taken before the target applies.
        eligible: boolean mask of sentences that may be picked (``None``: all); a unit may pull
            in an ineligible neighbour it depends on.
        needs_previous / needs_next: per sentence, whether it depends on its neighbour (see the
            module doc); ``None``: no dependencies.
        prefix: stop at the first candidate unit that does not fit (lead).
        first_must_fit: return ``[]`` when the best unit does not fit the word budget, so the
            caller can compress it instead of jumping to a lower-ranked sentence.
        chosen: sentences already in the summary (e.g. a compressed first sentence).
    """
    n = len(scores)
    if n == 0 or max_sentences <= 0:
        return sorted(chosen)
    if not 0.0 <= diversity < 1.0:
        raise ValueError(f"diversity must be in [0, 1), got {diversity}")
    if (diversity > 0 or max_similarity is not None) and similarity is None:
        raise ValueError("diversity and max_similarity need a similarity matrix")
    # read by index only: a lazy sequence (``dependency_flags``) analyses just the sentences
    # whose units are looked at
    prev_links = [False] * n if needs_previous is None else needs_previous
    next_links = [False] * n if needs_next is None else needs_next
    scores = np.asarray(scores, dtype=np.float64)
    real_words = np.asarray(word_counts)
    word_counts = np.maximum(real_words, 1)  # a zero-word fragment still costs one word
    costs = word_counts.tolist()
    low = np.minimum.reduce(scores)  # what ndarray.min/max do, without their wrappers
    span = np.maximum.reduce(scores) - low
    rel = (scores - low) / span if span > 0 else np.ones(n)
    taken = [False] * n
    available = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    for i in chosen:
        taken[i] = True
        available[i] = False
    n_taken = taken.count(True) if len(chosen) else 0
    used_words = int(sum(costs[i] for i in chosen))
    has_words = real_words > 0
    if not prefix and np.logical_or.reduce(has_words):  # any()
        available &= has_words  # fragments without words are never candidates
    # max similarity to any chosen sentence, updated as we go (read only with a similarity)
    redundancy = np.zeros(n) if similarity is not None else None
    if similarity is not None and len(chosen):
        redundancy = similarity(list(chosen)).max(axis=1)
    first = not len(chosen)
    # Without diversity a sentence's value never changes: candidates are visited best first
    # (ties to the earlier sentence, NaN first, as argmax would pick them), each once. (NaN
    # values come only from infinite scores.)
    ranked = None
    if diversity == 0:
        key = -rel if span != np.inf else np.where(np.isnan(rel), -np.inf, -rel)
        ranked = key.argsort(kind="stable").tolist()
    next_rank = 0
    while n_taken < max_sentences:
        if ranked is not None:
            while next_rank < n and not available[ranked[next_rank]]:
                next_rank += 1
            if next_rank == n:
                break
            candidate = ranked[next_rank]
            next_rank += 1
        else:
            if not available.any():
                break
            value = (1.0 - diversity) * rel - diversity * redundancy if n_taken else rel
            # Ties go to the earlier sentence: argmax returns the first maximum.
            candidate = int(np.argmax(np.where(available, value, -np.inf)))
        available[candidate] = False
        if max_similarity is not None and n_taken and redundancy[candidate] > max_similarity:
            continue
        unit = [i for i in unit_of(candidate, prev_links, next_links) if not taken[i]]
        new_words = sum(costs[i] for i in unit)
        if (target_words is not None and n_taken >= min_sentences
                and used_words + new_words > target_words):
            break  # the paragraph is complete
        fits = (n_taken + len(unit) <= max_sentences
                and (max_words is None or used_words + new_words <= max_words))
        if not fits:
            if first and first_must_fit:
                return []
            if prefix:
                break
            continue
        first = False
        for i in unit:
            taken[i] = True
        available[unit] = False
        n_taken += len(unit)
        used_words += new_words
        if similarity is not None:
            redundancy = np.maximum(redundancy, similarity(unit).max(axis=1))
        # Drop at once every candidate the checks above would skip from now on (redundancy and
        # used words only grow, and a unit holds its candidate): the loop then runs once per
        # chosen unit, not once per sentence, so 100k identical lines take linear time. The word
        # check is not applied early for a prefix or a soft target, which stop at the first
        # candidate that does not fit instead of skipping it.
        if max_similarity is not None:
            available &= redundancy <= max_similarity
        if max_words is not None and not prefix and target_words is None:
            available &= word_counts <= max_words - used_words
    return list(compress(range(n), taken))
