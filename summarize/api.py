"""The two calls most users need: ``summarize(text)`` and ``summarize_many(texts)``.

Example:
    >>> from summarize import summarize
    >>> summarize("Rain fell all night. The river rose. Roads closed.", sentences=1).text
    'Rain fell all night.'
"""

from __future__ import annotations

import time
from typing import Any, Iterable, Mapping

from .text.document import Document, prepare_document
from .text.length import LengthRequest
from .methods.registry import Summarizer, get_summarizer
from .summary import Summary, SummaryError

__all__ = ["summarize", "summarize_many"]


def summarize(
    text: str,
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    **params: Any,
) -> Summary:
    """Summarize one text.

    Args:
        text: the article (plain text or HTML).
        method: a name from ``list_methods()`` ("auto", "lead", "textrank", "lexrank",
            "centroid", "mmr", model aliases), a Hugging Face model id or local path, or a
            summarizer object.
        sentences / words / ratio: length limits (default: 3 sentences); ``words`` is never
            exceeded.
        clean: strip markup and page boilerplate first.
        **params: settings for the method, e.g. ``diversity=0.3``.
    """
    length = LengthRequest.from_args(sentences, words, ratio)
    summarizer = get_summarizer(method, **params)
    t0 = time.perf_counter()
    doc = prepare_document(text, clean=clean)
    result = summarizer.summarize_document(doc, length)
    return _with_elapsed(result, time.perf_counter() - t0)


def summarize_many(
    texts: Iterable[str],
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    progress: bool = True,
    **params: Any,
) -> Any:
    """Summarize many texts; results come back in input order.

    A bad item does not stop the batch: its slot holds a ``SummaryError`` (``.ok`` is False)
    naming the problem. A pandas ``Series`` in gives a ``Series`` out, with the same index.
    Model methods batch their generation (``summarize_documents``).

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
    name = getattr(summarizer, "name", str(method))
    results: list[Summary | SummaryError | None] = [None] * len(items)
    docs: list[tuple[int, Document]] = []
    for i, item in enumerate(items):
        try:
            docs.append((i, prepare_document(item, clean=clean)))
        except (TypeError, ValueError) as exc:
            results[i] = SummaryError(i, type(exc).__name__, str(exc), name)
    batch = getattr(summarizer, "summarize_documents", None)
    if batch is not None:
        outputs = batch([d for _, d in docs], length, progress=progress)
        for (i, _), out in zip(docs, outputs):
            results[i] = _as_result(i, out, name)
    else:
        for i, doc in _progress(docs, progress, name):
            t0 = time.perf_counter()
            try:
                out = summarizer.summarize_document(doc, length)
                results[i] = _with_elapsed(out, time.perf_counter() - t0)
            except Exception as exc:  # a batch never loses the good items to one bad one
                results[i] = SummaryError(i, type(exc).__name__, str(exc), name)
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


def _as_result(i: int, out: Summary | BaseException, name: str) -> Summary | SummaryError:
    if isinstance(out, BaseException):
        return SummaryError(i, type(out).__name__, str(out), name)
    return out


def _progress(items: list, enabled: bool, name: str) -> Iterable:
    if not enabled or len(items) < 2:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=f"summarize[{name}]", unit="doc")


def _with_elapsed(result: Summary, elapsed: float) -> Summary:
    from dataclasses import replace

    return replace(result, elapsed_s=elapsed)
