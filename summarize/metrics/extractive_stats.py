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

__all__ = ["extractiveness", "fragments", "EXTRACTIVENESS_COLUMNS", "METRIC"]

EXTRACTIVENESS_COLUMNS = (
    "coverage", "density", "compression", "novel_1gram", "novel_2gram", "novel_3gram",
    "novel_4gram", "redundancy", "summary_words", "summary_sentences", "source_words",
)


def fragments(summary_tokens: Sequence[str], source_tokens: Sequence[str]) -> list[int]:
    """Lengths of the extractive fragments of Grusky et al. (greedy longest shared runs).

    Example:
        >>> fragments("a b c x d e".split(), "d e q a b c".split())
        [3, 2]
    """
    positions: dict[str, list[int]] = {}
    for j, tok in enumerate(source_tokens):
        positions.setdefault(tok, []).append(j)
    out = []
    i, n, m = 0, len(summary_tokens), len(source_tokens)
    while i < n:
        best = 0
        for j in positions.get(summary_tokens[i], ()):
            k = 1
            while i + k < n and j + k < m and summary_tokens[i + k] == source_tokens[j + k]:
                k += 1
            if k > best:
                best = k
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
