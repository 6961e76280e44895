"""Input validation and the first steps of the pipeline: text -> cleaned text -> sentences.

Example:
    >>> doc = prepare_document("Rain fell. The river rose.")
    >>> [s.text for s in doc.sentences]
    ['Rain fell.', 'The river rose.']
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from .cleaning import MAX_CHARS, clean_page, clean_text, looks_like_html
from .languages import detect_language
from .page import PageMeta
from .sentences import Sentence, split_sentences
from .tokens import tokenize_words

__all__ = ["Document", "prepare_document", "check_text", "replace_surrogates", "MAX_CHARS"]

# Lone UTF-16 surrogates (U+D800..U+DFFF) are the only code points a Python str can hold that
# UTF-8 cannot encode; they come from bad decodes (``errors="surrogateescape"``) or JSON escapes
# such as "\\ud83d" without its pair.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    """Cleaned source text and its sentences (offsets index into ``source``); ``page``: the
    metadata of the web page it was extracted from (None for plain text); ``language``: the
    ISO 639-1 code given or detected (``"und"`` when undetermined)."""

    source: str
    sentences: tuple[Sentence, ...]
    page: PageMeta | None = None
    language: str = "und"


def replace_surrogates(text: str, name: str = "text", warn: bool = True) -> str:
    """``text`` with every lone surrogate (a code point UTF-8 cannot encode) replaced by
    U+FFFD, with a warning saying how many and where the first was.

    Example:
        >>> replace_surrogates("Rain\\ud800 fell.", warn=False)
        'Rain\ufffd fell.'
    """
    first = _SURROGATE.search(text)
    if first is None:
        return text
    out, count = _SURROGATE.subn("\ufffd", text)
    if warn:
        warnings.warn(
            f"{name} holds {count} lone surrogate code point(s) (invalid Unicode that cannot be "
            f"written as UTF-8, first U+{ord(first.group()):04X} at character {first.start()}), "
            "usually from a bad decode; replaced with U+FFFD. Decode the input with "
            "errors='replace' to silence this.", UnicodeWarning, stacklevel=3)
    return out


def check_text(text: object, name: str = "text", limit: int = MAX_CHARS) -> str:
    """Return ``text`` if it is a non-empty ``str`` within the size limit (``MAX_CHARS``, checked
    before any other work, so no later step sees more), else raise a clear
    ``TypeError``/``ValueError`` naming the problem. Lone surrogates are replaced (see
    ``replace_surrogates``)."""
    if text is None:
        raise TypeError(f"{name} is None; pass the article as a str")
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{name} is {type(text).__name__}; decode it first, e.g. data.decode('utf-8')"
        )
    if not isinstance(text, str):
        raise TypeError(f"{name} must be str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{name} is empty or whitespace only")
    if len(text) > limit:
        raise ValueError(
            f"{name} is {len(text):,} characters; the limit is {limit:,} "
            "(split the input, e.g. one article or chapter at a time)"
        )
    return replace_surrogates(text, name)


def prepare_document(text: str, clean: bool = True, url: str = "",
                     language: str | None = None) -> Document:
    """Validate, clean (``clean=True``) and sentence-split ``text``. An HTML page (with
    ``clean=True``) becomes its article body, its metadata in ``Document.page``; ``url`` says
    where it came from. ``language`` (an ISO 639-1 code such as ``"de"``) is detected when
    not given."""
    if language is not None and (not isinstance(language, str) or not language.strip()):
        raise TypeError(f"language must be an ISO 639-1 code such as 'en', got {language!r}")
    page = None
    if clean and isinstance(text, str) and looks_like_html(text):
        from .web import MAX_HTML_CHARS

        text = check_text(text, limit=MAX_HTML_CHARS)
        source, page = clean_page(text, url)
    else:
        text = check_text(text)
        source = clean_text(text) if clean else text
    if not source.strip():
        raise ValueError(
            "text has no article content left after cleaning (only markup or page "
            "boilerplate); pass clean=False to summarize it as it is"
        )
    if not tokenize_words(source[:100_000]) and not tokenize_words(source):
        raise ValueError("text contains no words (only punctuation, symbols or markup)")
    language = language.strip().lower() if language else detect_language(source)
    sentences = tuple(split_sentences(source, language))
    return Document(source, sentences, page=page, language=language)
