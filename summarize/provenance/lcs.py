"""The bit-parallel LCS kernel shared by ROUGE-L (``metrics.rouge``) and the lexical support
scorer (``provenance.support``).

Example:
    >>> lcs_against(token_masks(["a", "b", "c"]), 3, ["a", "c"])
    2
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["token_masks", "lcs_against"]


def token_masks(tokens: Sequence[str]) -> dict[str, int]:
    """Per-token bit masks over the positions of ``tokens`` (input of :func:`lcs_against`)."""
    masks: dict[str, int] = {}
    for j, tok in enumerate(tokens):
        masks[tok] = masks.get(tok, 0) | (1 << j)
    return masks


def lcs_against(masks: dict[str, int], length: int, other: Sequence[str]) -> int:
    """LCS length of a token sequence of ``length`` tokens, given as :func:`token_masks`, with
    ``other``; bit-parallel (Hyyro 2004)."""
    full = (1 << length) - 1
    v = full
    for tok in other:
        m = masks.get(tok)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return length - bin(v).count("1")
