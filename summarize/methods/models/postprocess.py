"""Generated text -> summary sentences: tidy, split, drop repeats, fit the length request.

Models count tokens, users count words and sentences, so the length limits are applied here on
the output, always at a sentence boundary (a first sentence longer than the word budget is cut
at a word boundary and marked with an ellipsis).

Example:
    >>> from summarize.text.length import LengthRequest
    >>> tidy_sentences("- Rain fell.\\n- Rain fell.\\nRoads shut")
    ['Rain fell.', 'Roads shut']
    >>> fit_length(["Rain fell all night.", "Roads shut."], LengthRequest(words=5), 10)
    (['Rain fell all night.'], False)
"""

from __future__ import annotations

import re

from ...text.length import LengthRequest
from ...text.sentences import split_sentences
from ...text.tokens import count_words, cut_at_word, is_cjk_char, tokenize_words

__all__ = ["tidy_sentences", "fit_length", "truncate_words"]

_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*$")


def tidy_sentences(text: str, drop_incomplete_tail: bool = False) -> list[str]:
    """Split generated text into sentences: one line may hold several sentences, list bullets
    are removed, exact and near repeats (same words) are dropped. With ``drop_incomplete_tail``
    a last sentence cut off mid-way (no final punctuation) is dropped when others remain."""
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for sent in split_sentences(line):
            s = " ".join(sent.text.split())
            key = tuple(tokenize_words(s))
            if not key or key in seen:
                continue
            seen.add(key)
            out.append(s)
    if drop_incomplete_tail and len(out) > 1 and not _END.search(out[-1]):
        out.pop()
    return out


def truncate_words(text: str, max_words: int) -> str:
    """``text`` cut to at most ``max_words`` words at a word boundary, with an ellipsis."""
    parts = text.split()
    kept: list[str] = []
    for part in parts:
        if count_words(" ".join(kept + [part])) > max_words:
            break
        kept.append(part)
    if not kept:  # one CJK run longer than the budget: cut at a phrase end inside it
        kept = [parts[0][:cut_at_word(parts[0], max_words) or max_words]] if parts else []
    out = " ".join(kept)
    return out + ("\u2026" if out and is_cjk_char(out[-1]) else " \u2026")


def fit_length(sentences: list[str], length: LengthRequest,
               n_source: int) -> tuple[list[str], bool]:
    """Keep leading sentences within the sentence/ratio limit and the word budget; returns the
    kept sentences and whether the first one had to be cut inside (``truncated``)."""
    limit = length.max_sentences(max(1, n_source))
    kept: list[str] = []
    words = 0
    for s in sentences[:limit]:
        n = count_words(s)
        if length.words is not None and words + n > length.words:
            break
        kept.append(s)
        words += n
    if not kept and sentences and length.words is not None:
        return [truncate_words(sentences[0], length.words)], True
    return kept, False
