"""Length requests shared by every method: a sentence count, a word budget, a ratio of the source.

The default length, everywhere (``summarize``, ``summarize_many``, the CLI, ``compare``, the
explorer): a paragraph of at most ``DEFAULT_WORDS`` (75) words. Every method fills it in its own
order under the coherence rules; ``auto`` stops at the first sentence that would not fit.

Example:
    >>> LengthRequest.from_args(ratio=0.2).max_sentences(n_source=20)
    4
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

__all__ = ["LengthRequest", "DEFAULT_WORDS", "DEFAULT_CHARACTERS", "DEFAULT_LENGTH_TEXT"]

#: The one default length: a paragraph of at most this many words.
DEFAULT_WORDS = 75
#: The default for Chinese and Japanese, counted in characters (``summarize.text.tokens.
#: count_words``): about as much content as ``DEFAULT_WORDS`` English words.
DEFAULT_CHARACTERS = 150
#: How the default is described in help texts and output.
DEFAULT_LENGTH_TEXT = f"a paragraph of at most {DEFAULT_WORDS} words"


@dataclass(frozen=True)
class LengthRequest:
    """How long a summary may be. Any combination is allowed; every limit given is honoured.

    ``sentences``: at most this many sentences. ``words``: at most this many words (never
    exceeded). ``ratio``: at most this share of the source's sentences (rounded up, at least 1).
    With nothing given, ``words=DEFAULT_WORDS`` and ``is_default=True``.
    """

    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    #: True when the caller gave no limit and ``words=DEFAULT_WORDS`` was filled in.
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
            words = DEFAULT_WORDS
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

    def new_tokens(self, n_source: int, per_word: float, per_sentence: int, slack: int,
                   most: int) -> int:
        """Tokens a generator needs for a summary of this length from a source of ``n_source``
        sentences: ``per_word`` tokens a word or ``per_sentence`` a sentence (the tighter of the
        limits given), plus ``slack``; between ``slack`` and ``most`` (``most`` when the request
        sets no limit). Each model family passes its own rates (its tokenizer's words-to-tokens
        ratio).

        Example:
            >>> LengthRequest.from_args(sentences=3).new_tokens(20, 2, 48, 16, 1024)
            160
            >>> LengthRequest.from_args(words=40, sentences=3).new_tokens(20, 2, 48, 16, 1024)
            96
        """
        estimates = []
        if self.words is not None:
            estimates.append(int(self.words * per_word) + slack)
        if self.sentences is not None or self.ratio is not None:
            estimates.append(per_sentence * self.max_sentences(max(1, n_source)) + slack)
        return max(slack, min(min(estimates, default=most), most))

    def for_language(self, language: str | None) -> "LengthRequest":
        """This request for a text in ``language``: the default length becomes
        ``DEFAULT_CHARACTERS`` for languages counted in characters (Chinese, Japanese); a
        ``words`` budget the caller gave is read in that unit as it is.

        Example:
            >>> LengthRequest.from_args().for_language("ja").words
            150
        """
        lang = (language or "").split("-")[0]
        if self.is_default and lang in ("zh", "ja") and self.words == DEFAULT_WORDS:
            return LengthRequest(self.sentences, DEFAULT_CHARACTERS, self.ratio, True)
        return self

    def as_dict(self) -> dict[str, int | float | bool]:
        """The limits given (``default_length: True`` when none was given)."""
        out: dict[str, int | float | bool] = {
            k: v for k, v in (("sentences", self.sentences), ("words", self.words),
                              ("ratio", self.ratio)) if v is not None
        }
        if self.is_default:
            out["default_length"] = True
        return out
