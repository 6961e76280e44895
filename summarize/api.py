"""The two calls most users need: ``summarize(text)`` and ``summarize_many(texts)``.

Example:
    >>> from summarize import summarize
    >>> summarize("Rain fell all night. The river rose. Roads closed.", sentences=1).text
    'Rain fell all night.'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Mapping

from .methods.base import Summarizer
from .methods.registry import get_summarizer
from .summary import Summary, SummaryError
from .text.document import Document, prepare_document
from .text.length import LengthRequest

__all__ = ["summarize", "summarize_many"]


def summarize(
    text: str,
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    language: str | None = None,
    **params: Any,
) -> Summary:
    """Summarize one text.

    Args:
        text: the article (plain text or HTML).
        method: a name from ``list_methods()`` ("auto", "lead", "textrank", "lexrank",
            "centroid", "mmr", model aliases), a Hugging Face model id or local path, or a
            summarizer object.
        sentences / words / ratio: length limits (default: a paragraph of at most
            ``DEFAULT_WORDS`` = 75 words, ``summarize.text.length``); ``words`` is never exceeded.
            When even the best sentence is over a word budget it is compressed at clause
            boundaries (``compress=False``: cut with " …"); see ``Summary.params["length_fit"]``.
        clean: strip markup and page boilerplate first.
        language: the text's language as an ISO 639-1 code ("de", "ja"); detected when not
            given, and recorded in ``Summary.params["language"]``. Chinese and Japanese are
            measured in characters (``words`` counts characters; the default is
            ``DEFAULT_CHARACTERS`` = 150), see docs/guides/languages.md.
        **params: settings for the method, e.g. ``diversity=0.3``.
    """
    LengthRequest.from_args(sentences, words, ratio)  # a bad length fails before anything else
    summarizer = get_summarizer(method, **params)
    return summarizer.summarize(text, sentences=sentences, words=words, ratio=ratio, clean=clean,
                                language=language)


def summarize_many(
    texts: Iterable[str],
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    progress: bool = True,
    language: str | None = None,
    **params: Any,
) -> Any:
    """Summarize many texts; results come back in input order. Length arguments, their
    default and ``language`` are those of ``summarize()`` (one language for all, or detected
    per text).

    A bad item does not stop the batch: its slot holds a ``SummaryError`` (``.ok`` is False)
    naming the problem. A pandas ``Series`` in gives a ``Series`` out, with the same index.
    Every method answers ``summarize_documents``; model methods batch their generation.

    Example:
        >>> [r.ok for r in summarize_many(["One. Two.", None], progress=False)]
        [True, False]
    """
    series_index = None
    _check_collection(texts)
    if hasattr(texts, "index") and hasattr(texts, "to_list"):  # pandas Series
        series_index = texts.index
        items = list(texts.to_list())
    else:
        items = list(texts)
    length = LengthRequest.from_args(sentences, words, ratio)
    summarizer = get_summarizer(method, **params)
    results: list[Summary | SummaryError | None] = [None] * len(items)
    docs: list[tuple[int, Document]] = []
    for i, item in enumerate(items):
        try:
            docs.append((i, prepare_document(item, clean=clean, language=language)))
        except (TypeError, ValueError) as exc:
            results[i] = SummaryError(i, type(exc).__name__, str(exc), summarizer.name)
    outputs = summarizer.summarize_documents([d for _, d in docs], length, progress=progress)
    for (i, _), out in zip(docs, outputs):
        results[i] = out if out.ok else replace(out, index=i)  # its index in ``texts``
    if series_index is not None:
        import pandas as pd

        return pd.Series(results, index=series_index, name="summary")
    return results


def _check_collection(texts: Any) -> None:
    """Refuse inputs whose iteration would not give the texts: a str (its characters), a
    DataFrame (its column names), a dict (its keys)."""
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError("summarize_many expects an iterable of texts; for one text use summarize()")
    if hasattr(texts, "columns") and hasattr(texts, "iloc"):  # pandas DataFrame
        cols = [str(c) for c in list(texts.columns)[:8]]
        text_like = [c for c in cols if c.lower() in _TEXT_COLUMNS] or cols[:1] or ["text"]
        raise TypeError(
            "summarize_many got a DataFrame, whose iteration gives its column names, not texts; "
            f"pass one column, e.g. summarize_many(df[{text_like[0]!r}]) (columns: {cols})")
    if isinstance(texts, Mapping):
        raise TypeError(
            "summarize_many got a dict, whose iteration gives its keys, not texts; pass "
            "list(d.values()), or pandas.Series(d) to keep the keys as the index")
    if not isinstance(texts, Iterable):
        raise TypeError(f"summarize_many expects a list (or Series) of texts, got "
                        f"{type(texts).__name__}")


_TEXT_COLUMNS = ("text", "article", "source", "document", "body", "content", "story")
