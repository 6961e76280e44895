"""Batch planning for generation: length-sorted batches under a token budget.

Sorting by length keeps padding small; the budget (prompt + new tokens, times the batch size)
bounds memory; ``group`` keeps items with different generation settings apart. Callers put the
outputs back in input order (``scatter``).

Example:
    >>> plan_batches([5, 50, 7, 48], max_tokens=100, max_size=8)
    [[1, 3], [2, 0]]
"""

from __future__ import annotations

from typing import Hashable, Sequence, TypeVar

__all__ = ["plan_batches", "scatter"]

T = TypeVar("T")


def plan_batches(lengths: Sequence[int], max_tokens: int, max_size: int,
                 groups: Sequence[Hashable] | None = None) -> list[list[int]]:
    """Indices into ``lengths`` grouped into batches, longest first.

    A batch's cost is ``len(batch) * longest`` (its padded size); it stays within
    ``max_tokens`` unless a single item is larger on its own, and holds at most ``max_size``
    items. Items with different ``groups`` keys never share a batch.
    """
    if max_tokens < 1 or max_size < 1:
        raise ValueError("max_tokens and max_size must be >= 1")
    keys = list(groups) if groups is not None else [0] * len(lengths)
    if len(keys) != len(lengths):
        raise ValueError("groups must have one key per item")
    by_group: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key, []).append(i)
    batches: list[list[int]] = []
    for members in by_group.values():
        members.sort(key=lambda i: (-lengths[i], i))
        current: list[int] = []
        for i in members:
            longest = lengths[current[0]] if current else lengths[i]
            if current and (len(current) >= max_size or (len(current) + 1) * longest > max_tokens):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
    return batches


def scatter(batches: Sequence[Sequence[int]], outputs: Sequence[Sequence[T]], n: int) -> list[T]:
    """Per-batch outputs back into input order.

    Example:
        >>> scatter([[1, 3], [2, 0]], [["b", "d"], ["c", "a"]], 4)
        ['a', 'b', 'c', 'd']
    """
    result: list = [None] * n
    for batch, outs in zip(batches, outputs):
        for i, out in zip(batch, outs):
            result[i] = out
    return result
