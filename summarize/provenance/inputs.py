"""Input checks shared by the support and faithfulness scorers: a (summary, source) pair as two
lists of sentences.

Example:
    >>> split_pair("Rain fell. Roads shut.", ["Rain fell all night."])
    (['Rain fell.', 'Roads shut.'], ['Rain fell all night.'])
"""

from __future__ import annotations

from typing import Sequence

from ..text.sentences import split_sentences

__all__ = ["split_pair", "check_sentences"]


def split_pair(summary: str, source: str | Sequence[str]) -> tuple[list[str], list[str]]:
    """``(summary sentences, source sentences)``: the summary text split, the source split when
    it is one text (a list of sentences is checked and kept)."""
    if not isinstance(summary, str):
        raise TypeError(f"summary must be str, got {type(summary).__name__}")
    if isinstance(source, str):
        src = [x.text for x in split_sentences(source)]
    else:
        src = check_sentences(source, "source")
    return [x.text for x in split_sentences(summary)], src


def check_sentences(sentences: object, name: str) -> list[str]:
    """``sentences`` as a list of str, or a TypeError naming ``name`` (shared input check)."""
    if isinstance(sentences, str):
        raise TypeError(f"{name} must be a sequence of sentences, not one str; split it first "
                        "(e.g. [s.text for s in summarize.split_sentences(text)])")
    if sentences is None:
        raise TypeError(f"{name} is None; pass a list of sentences")
    out = list(sentences)  # type: ignore[call-overload]
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"{name}[{i}] must be str, got {type(s).__name__}")
    return out
