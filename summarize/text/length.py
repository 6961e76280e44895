"""Length requests shared by every method: a sentence count, a word budget, a ratio of the source.

Example:
    >>> LengthRequest.from_args(ratio=0.2).max_sentences(n_source=20)
    4
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

__all__ = ["LengthRequest", "DEFAULT_SENTENCES"]

DEFAULT_SENTENCES = 3


@dataclass(frozen=True)
class LengthRequest:
    """How long a summary may be. Any combination is allowed; every limit given is honoured.

    ``sentences``: at most this many sentences. ``words``: at most this many words (never
    exceeded). ``ratio``: at most this share of the source's sentences (rounded up, at least 1).
    With nothing given, ``sentences=3``.
    """

    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    #: True when the caller gave no limit and ``sentences=3`` was filled in; a method with a
    #: better default for its genre (``auto``: a paragraph of about 75 words) may use its own.
    is_default: bool = False

    @classmethod
    def from_args(
        cls, sentences: int | None = None, words: int | None = None, ratio: float | None = None
    ) -> "LengthRequest":
        """Validate user arguments (clear ``TypeError``/``ValueError``) and apply the default."""
        for name, value in (("sentences", sentences), ("words", words)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            if value < 1:
                raise ValueError(f"{name} must be >= 1, got {value}")
        if ratio is not None:
            if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real):
                raise TypeError(f"ratio must be a number, got {type(ratio).__name__}")
            if not (0.0 < float(ratio) <= 1.0) or math.isnan(float(ratio)):
                raise ValueError(f"ratio must be in (0, 1], got {ratio}")
        is_default = sentences is None and words is None and ratio is None
        if is_default:
            sentences = DEFAULT_SENTENCES
        return cls(
            None if sentences is None else int(sentences),
            None if words is None else int(words),
            None if ratio is None else float(ratio),
            is_default,
        )

    def max_sentences(self, n_source: int) -> int:
        """The most sentences allowed for a source of ``n_source`` sentences."""
        limit = n_source
        if self.sentences is not None:
            limit = min(limit, self.sentences)
        if self.ratio is not None:
            limit = min(limit, max(1, math.ceil(self.ratio * n_source)))
        return max(0, limit)

    def as_dict(self) -> dict[str, int | float | bool]:
        """The limits given (``default_length: True`` when none was given)."""
        out: dict[str, int | float | bool] = {
            k: v for k, v in (("sentences", self.sentences), ("words", self.words),
                              ("ratio", self.ratio)) if v is not None
        }
        if self.is_default:
            out["default_length"] = True
        return out
