"""Fitting long inputs into a model's window: sentence-aware chunks, extract-then-abstract, and
a last-resort token cut. Nothing here ever lets a prompt exceed the window (the classic
``IndexError: index out of range`` of position embeddings).

Example:
    >>> count = lambda s: len(s.split())
    >>> chunk_sentences(["a b c.", "d e.", "f g.", "j."], count, budget=6, overlap=1)
    [['a b c.', 'd e.'], ['d e.', 'f g.'], ['f g.', 'j.']]
"""

from __future__ import annotations

from typing import Callable, Sequence

from ...text.document import Document
from ...text.length import LengthRequest

__all__ = ["chunk_sentences", "split_long_sentence", "extract_to_fit", "cut_to_tokens"]

Counter = Callable[[str], int]


def split_long_sentence(sentence: str, count: Counter, budget: int) -> list[str]:
    """Cut one over-long sentence at word boundaries into pieces of at most ``budget`` tokens
    (a single word longer than the budget is cut by characters)."""
    if count(sentence) <= budget:
        return [sentence]
    words = sentence.split()
    if len(words) <= 1:
        text = words[0] if words else sentence
        mid = max(1, len(text) // 2)
        return split_long_sentence(text[:mid], count, budget) + \
            split_long_sentence(text[mid:], count, budget)
    mid = len(words) // 2
    return split_long_sentence(" ".join(words[:mid]), count, budget) + \
        split_long_sentence(" ".join(words[mid:]), count, budget)


def chunk_sentences(sentences: Sequence[str], count: Counter, budget: int,
                    overlap: int = 1) -> list[list[str]]:
    """Pack consecutive sentences into chunks of at most ``budget`` tokens; each chunk after the
    first repeats the last ``overlap`` sentences of the previous one (when they take at most
    half the budget) so no fact is cut off from its context."""
    if budget < 1:
        raise ValueError(f"chunk budget must be >= 1 token, got {budget}")
    if overlap < 0:
        raise ValueError(f"overlap must be >= 0 sentences, got {overlap}")
    pieces: list[tuple[str, int]] = []
    for s in sentences:
        for p in split_long_sentence(s, count, budget):
            pieces.append((p, count(p)))
    chunks: list[list[str]] = []
    current: list[tuple[str, int]] = []
    used = 0
    for piece, n in pieces:
        cost = n + (1 if current else 0)  # the joining space
        if current and used + cost > budget:
            chunks.append([p for p, _ in current])
            carry = current[-overlap:] if overlap else []
            if sum(k for _, k in carry) + len(carry) + n > budget or \
                    sum(k for _, k in carry) > budget // 2:
                carry = []
            current = list(carry)
            used = sum(k for _, k in current) + max(0, len(current) - 1)
            cost = n + (1 if current else 0)
        current.append((piece, n))
        used += cost
    if current:
        chunks.append([p for p, _ in current])
    return chunks


def cut_to_tokens(text: str, tokenizer, budget: int) -> str:
    """``text`` cut to its first ``budget`` tokens (decoded back to text)."""
    ids = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
    if len(ids) <= budget:
        return text
    return tokenizer.decode(ids[:max(0, budget)], skip_special_tokens=True).strip()


def extract_to_fit(doc: Document, count: Counter, budget: int) -> list[int]:
    """Indices (source order) of the best sentences by the extractive ``auto`` method whose
    text fits in ``budget`` tokens: the "extract then abstract" input."""
    from ..extractive import AutoSummarizer
    from ..extractive.features import DocFeatures

    sentences = [s.text for s in doc.sentences]
    if not sentences:
        return []
    costs = [count(s) + 1 for s in sentences]
    if sum(costs) <= budget:
        return list(range(len(sentences)))
    features = DocFeatures.build(list(doc.sentences))
    scores = AutoSummarizer().score(features)
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    used = 0
    for i in order:
        if used + costs[i] <= budget:
            chosen.append(i)
            used += costs[i]
    return sorted(chosen)

