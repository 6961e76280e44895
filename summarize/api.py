"""The two calls most users need: ``summarize(text)`` and ``summarize_many(texts)``.

Example:
    >>> from summarize import summarize
    >>> summarize("Rain fell all night. The river rose. Roads closed.", sentences=1).text
    'Rain fell all night.'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Mapping, Sequence

from .methods.base import Summarizer
from .methods.registry import get_summarizer
from .summary import Summary, SummaryError
from .text.document import Document, prepare_document
from .text.length import LengthRequest

__all__ = ["summarize", "summarize_many", "summarize_items"]


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
    length = LengthRequest.from_args(sentences, words, ratio)  # fails before anything else
    return get_summarizer(method, **params).summarize_text(text, length, clean=clean,
                                                           language=language)


def summarize_many(
    texts: Iterable[str],
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    progress: bool = True,
    urls: Sequence[str] | None = None,
    language: str | None = None,
    **params: Any,
) -> Any:
    """Summarize many texts; results come back in input order. Length arguments, their
    default and ``language`` are those of ``summarize()`` (one language for all, or detected
    per text).

    ``urls``: where each text came from (for web pages: kept in ``Summary.page``), "" where
    not known.

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
    results = summarize_items(items, get_summarizer(method, **params), length, clean, progress,
                              urls, language)
    if series_index is not None:
        import pandas as pd

        return pd.Series(results, index=series_index, name="summary")
    return results


def summarize_items(items: list[Any], summarizer: Summarizer, length: LengthRequest,
                    clean: bool = True, progress: bool = False,
                    urls: Sequence[str] | None = None,
                    language: str | None = None) -> list[Summary | SummaryError]:
    """``summarize_many`` below its argument checks: ``items`` in order, with the length
    already built (the benchmark engines and the Ray batches call this); ``urls`` and
    ``language`` as in ``summarize_many``.

    Example:
        >>> from summarize.methods.registry import get_summarizer
        >>> [r.ok for r in summarize_items(["One. Two.", 7], get_summarizer("lead"),
        ...                                LengthRequest.from_args(sentences=1))]
        [True, False]
    """
    results: list[Summary | SummaryError | None] = [None] * len(items)
    docs: list[tuple[int, Document]] = []
    for i, item in enumerate(items):
        try:
            url = urls[i] if urls is not None and i < len(urls) else ""
            docs.append((i, prepare_document(item, clean=clean, url=url or "",
                                             language=language)))
        except (TypeError, ValueError) as exc:
            results[i] = SummaryError(i, type(exc).__name__, str(exc), summarizer.name)
    outputs = summarizer.summarize_documents([d for _, d in docs], length, progress=progress)
    for (i, doc), out in zip(docs, outputs):
        if out.ok:
            results[i] = replace(out, page=doc.page) if doc.page is not None else out
        else:
            results[i] = replace(out, index=i)  # its index in ``texts``
    return results  # type: ignore[return-value]


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
