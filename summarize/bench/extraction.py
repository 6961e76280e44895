"""Scoring article extraction against hand-checked bodies, and summaries against the body.

The metric is the article-extraction benchmark's: text split on whitespace into 4-word shingles
(a text under 4 words is one shingle), counted with multiplicity; per page, precision and recall
of the predicted shingles against the true ones; precision and recall averaged over pages; F1
of the two means. An empty prediction scores 0 for both (1 when the truth is empty too).

``junk_sentences`` flags summary sentences whose shingles mostly (half or more) do not occur in
the article body: page furniture, captions, teasers that reached a summary.

Example:
    >>> page_scores("the river rose two metres overnight", "the river rose two metres")
    (1.0, 0.6666666666666666)
    >>> extraction_scores([("a b c d e", "a b c d e"), ("a b c d e", "")])
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'pages': 2}
    >>> junk_sentences(["Cookies help us improve your experience.", "The river rose two metres."],
    ...                "Rain fell. The river rose two metres. Roads shut.")
    [True, False]
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

__all__ = ["shingles", "page_scores", "extraction_scores", "junk_sentences"]


def shingles(text: str, n: int = 4) -> Counter:
    """The ``n``-word shingles of ``text`` (whitespace tokens), counted."""
    tokens = text.split()
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(truth: str, predicted: str, n: int = 4) -> tuple[float, float]:
    """Precision and recall of ``predicted``'s shingles against ``truth``'s, for one page."""
    true, pred = shingles(truth, n), shingles(predicted, n)
    if not pred:
        return (1.0, 1.0) if not true else (0.0, 0.0)
    tp = sum((true & pred).values())
    precision = tp / sum(pred.values())
    recall = tp / sum(true.values()) if true else 1.0
    return precision, recall


def extraction_scores(pairs: Iterable[tuple[str, str]], n: int = 4) -> dict[str, float]:
    """Mean precision and recall over ``(truth, predicted)`` pages, and their F1."""
    scores = [page_scores(t, p, n) for t, p in pairs]
    if not scores:
        raise ValueError("no pages to score")
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pages": len(scores)}


def junk_sentences(sentences: Sequence[str], body: str, n: int = 4) -> list[bool]:
    """For each summary sentence: True when half or more of its shingles are not in ``body``."""
    known = shingles(body, n)
    out = []
    for sentence in sentences:
        own = shingles(sentence, n)
        total = sum(own.values())
        outside = sum(c for s, c in own.items() if s not in known)
        out.append(total > 0 and outside >= 0.5 * total)
    return out
