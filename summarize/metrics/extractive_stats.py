"""How extractive a summary is (Grusky et al. 2018, "Newsroom"), how much it repeats itself,
and how long it is.

- ``coverage``: share of summary words that lie in a fragment copied from the source;
- ``density``: mean squared fragment length per summary word (long copied runs -> high);
- ``compression``: source words / summary words;
- ``novel_1gram`` .. ``novel_4gram``: share of the summary's distinct n-grams absent from the source;
- ``redundancy``: share of the summary's trigrams that repeat an earlier trigram of the summary;
- ``summary_words``, ``summary_sentences``, ``source_words``.

Words are lower-cased Unicode tokens (CJK per character), not stemmed.

Example:
    >>> m = extractiveness("The river rose fast.", "Rain fell. The river rose fast on Monday.")
    >>> m["coverage"], m["density"], m["novel_1gram"]
    (1.0, 4.0, 0.0)
"""

from __future__ import annotations

from typing import Sequence

from ..text.sentences import split_sentences
from ..text.tokens import count_words, tokenize_words
from .base import ItemMetric

__all__ = ["extractiveness", "fragments", "EXTRACTIVENESS_COLUMNS", "METRIC",
           "MAX_FRAGMENT_CANDIDATES", "FRAGMENT_BUDGET"]

EXTRACTIVENESS_COLUMNS = (
    "coverage", "density", "compression", "novel_1gram", "novel_2gram", "novel_3gram",
    "novel_4gram", "redundancy", "summary_words", "summary_sentences", "source_words",
)


MAX_FRAGMENT_CANDIDATES = 1000  # source positions tried per summary word (bounded time)
FRAGMENT_BUDGET = 3_000_000  # source positions tried for the whole summary


def fragments(summary_tokens: Sequence[str], source_tokens: Sequence[str]) -> list[int]:
    """Lengths of the extractive fragments of Grusky et al. (greedy longest shared runs).

    Runs of two words or more are looked up by their first word pair, and at most
    ``MAX_FRAGMENT_CANDIDATES`` source positions are tried per summary word, fewer for a very
    long summary (``FRAGMENT_BUDGET`` in all, at least 8 per word): exact on news summaries,
    bounded in time when both texts are megabytes of the same few words.

    Example:
        >>> fragments("a b c x d e".split(), "d e q a b c".split())
        [3, 2]
    """
    words = set(source_tokens)
    pairs: dict[tuple[str, str], list[int]] = {}
    for j in range(len(source_tokens) - 1):
        pairs.setdefault((source_tokens[j], source_tokens[j + 1]), []).append(j)
    out = []
    i, n, m = 0, len(summary_tokens), len(source_tokens)
    cap = max(8, min(MAX_FRAGMENT_CANDIDATES, FRAGMENT_BUDGET // max(1, n)))
    while i < n:
        best = 1 if summary_tokens[i] in words else 0
        if i + 1 < n:
            for j in pairs.get((summary_tokens[i], summary_tokens[i + 1]),
                               ())[:cap]:
                k = 2
                while i + k < n and j + k < m and summary_tokens[i + k] == source_tokens[j + k]:
                    k += 1
                if k > best:
                    best = k
                    if i + k == n:  # nothing can be longer
                        break
        if best:
            out.append(best)
            i += best
        else:
            i += 1
    return out


def _ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def extractiveness(summary: str, source: str) -> dict[str, float]:
    """Extractiveness, redundancy and length figures of one summary against its source.

    An empty summary gives zeros (and ``compression`` 0.0), never an error.
    """
    if not isinstance(summary, str):
        raise TypeError(f"summary must be str, got {type(summary).__name__}")
    if not isinstance(source, str):
        raise TypeError(f"source must be str, got {type(source).__name__}")
    s_tok = tokenize_words(summary)
    a_tok = tokenize_words(source)
    out: dict[str, float] = dict.fromkeys(EXTRACTIVENESS_COLUMNS, 0.0)
    out["summary_words"] = float(count_words(summary))
    out["summary_sentences"] = float(len(split_sentences(summary)))
    out["source_words"] = float(count_words(source))
    if not s_tok:
        return out
    frags = fragments(s_tok, a_tok)
    out["coverage"] = sum(frags) / len(s_tok)
    out["density"] = sum(f * f for f in frags) / len(s_tok)
    out["compression"] = len(a_tok) / len(s_tok)
    for n in (1, 2, 3, 4):
        grams = set(_ngrams(s_tok, n))
        if grams:
            source_grams = set(_ngrams(a_tok, n))
            out[f"novel_{n}gram"] = sum(g not in source_grams for g in grams) / len(grams)
    tri = _ngrams(s_tok, 3)
    if tri:
        out["redundancy"] = 1.0 - len(set(tri)) / len(tri)
    return out


# the ``"extractiveness"`` group of ``evaluate()`` (see ``metrics.base``)
METRIC = ItemMetric("extractiveness", needs="sources",
                    compute=lambda pred, refs, src: extractiveness(pred, src or ""))
