"""Input validation and the first steps of the pipeline: text -> cleaned text -> sentences.

Example:
    >>> doc = prepare_document("Rain fell. The river rose.")
    >>> [s.text for s in doc.sentences]
    ['Rain fell.', 'The river rose.']
"""

from __future__ import annotations

from dataclasses import dataclass

from .cleaning import MAX_CHARS, clean_text
from .sentences import Sentence, split_sentences
from .tokens import tokenize_words

__all__ = ["Document", "prepare_document", "check_text"]


@dataclass(frozen=True)
class Document:
    """Cleaned source text and its sentences (offsets index into ``source``)."""

    source: str
    sentences: tuple[Sentence, ...]


def check_text(text: object, name: str = "text") -> str:
    """Return ``text`` if it is a non-empty ``str`` within the size limit, else raise a clear
    ``TypeError``/``ValueError`` naming the problem."""
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
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"{name} is {len(text):,} characters; the limit is {MAX_CHARS:,} "
            "(split the input, e.g. one article or chapter at a time)"
        )
    return text


def prepare_document(text: str, clean: bool = True) -> Document:
    """Validate, clean (``clean=True``) and sentence-split ``text``."""
    text = check_text(text)
    source = clean_text(text) if clean else text
    if not source.strip():
        raise ValueError(
            "text has no article content left after cleaning (only markup or page "
            "boilerplate); pass clean=False to summarize it as it is"
        )
    if not tokenize_words(source[:100_000]) and not tokenize_words(source):
        raise ValueError("text contains no words (only punctuation, symbols or markup)")
    sentences = tuple(split_sentences(source))
    return Document(source, sentences)
