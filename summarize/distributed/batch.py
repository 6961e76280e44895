"""The work done on one batch of rows, wherever it runs (a Ray task, a Ray actor, or here).

A batch is a ``pandas.DataFrame``; the result is the same frame with the summary columns added
(see ``output_columns``). Texts go through ``summarize_many``'s own path
(``api.summarize_items``), so a batch gives exactly what ``summarize_many`` gives, and a bad row
(None, bytes, empty, too long) becomes an error row.

Example:
    >>> import pandas as pd
    >>> out = summarize_batch(pd.DataFrame({"text": ["Rain fell. Roads shut.", None]}),
    ...                       "lead", length=LengthRequest.from_args(sentences=1))
    >>> out["summary"][0], out["summary_error"][1]
    ('Rain fell.', 'TypeError: text is None; pass the article as a str')
"""

from __future__ import annotations

import json
import math
import os
import pickle
import socket
import time
from typing import Any

from ..api import summarize_items
from ..methods.base import Summarizer
from ..methods.registry import get_summarizer
from ..summary import Summary, SummaryError, result_from_record
from ..text.length import LengthRequest

__all__ = ["output_columns", "summarize_batch", "SummarizeActor", "result_from_row"]

# suffix -> meaning; the prefix ("summary" by default) is prepended: summary, summary_error, ...
_SUFFIXES = {
    "": "the summary text (null for an error row)",
    "_method": "the method name",
    "_n_words": "words in the summary (null for an error row)",
    "_provenance": "JSON: the result's record (Summary.to_record / SummaryError.to_record: "
                   "sentences, selected source sentences, spans, support, params; or the error)",
    "_elapsed_s": "seconds the summarizer spent on this row (its own measure)",
    "_worker_s": "wall seconds the worker spent on this row's batch, divided by its rows",
    "_worker": "host:pid of the worker process that made it",
    "_error": "'ErrorType: message' for a row that failed, else null",
}


def output_columns(prefix: str = "summary", keep_objects: bool = False) -> dict[str, str]:
    """The columns added to each row, with what they hold.

    Example:
        >>> list(output_columns())[:3]
        ['summary', 'summary_method', 'summary_n_words']
    """
    cols = {prefix + s: doc for s, doc in _SUFFIXES.items()}
    if keep_objects:
        cols[prefix + "_object"] = "the pickled Summary / SummaryError (Python consumers only)"
    return cols


def summarize_batch(
    batch: Any,
    method: str | Summarizer,
    *,
    text_column: str = "text",
    prefix: str = "summary",
    length: LengthRequest | None = None,
    clean: bool = True,
    keep_objects: bool = False,
    params: dict[str, Any] | None = None,
) -> Any:
    """Summarize the ``text_column`` of a pandas batch to ``length`` (default: the default
    length); returns the batch with the summary columns added (the input columns are kept as
    they are)."""
    t0 = time.perf_counter()
    if text_column not in batch.columns:
        raise ValueError(f"no column {text_column!r} in the data; columns: "
                         f"{', '.join(map(str, batch.columns))}; pass text_column=...")
    clash = [c for c in output_columns(prefix, keep_objects) if c in batch.columns]
    if clash:
        raise ValueError(f"the data already has column(s) {clash}; pass prefix=... "
                         "to name the summary columns differently")
    summarizer = method if not isinstance(method, str) else get_summarizer(method,
                                                                           **(params or {}))
    texts = [_missing_as_none(x) for x in batch[text_column].tolist()]
    results = summarize_items(texts, summarizer, length or LengthRequest.from_args(),
                              clean=clean, progress=False)
    per_row = (time.perf_counter() - t0) / max(1, len(texts))
    return _with_results(batch, results, prefix, per_row, keep_objects)


class SummarizeActor:
    """A callable for ``Dataset.map_batches`` in an actor pool: builds the summarizer (and
    loads the model) once per actor, then summarizes batch after batch with it."""

    def __init__(self, method: str | Summarizer, params: dict[str, Any] | None = None,
                 **batch_args: Any) -> None:
        t0 = time.perf_counter()
        self.summarizer = (get_summarizer(method, **(params or {})) if isinstance(method, str)
                           else method)
        self.summarizer.load()
        self.load_s = time.perf_counter() - t0
        self.batch_args = batch_args

    def __call__(self, batch: Any) -> Any:
        return summarize_batch(batch, self.summarizer, **self.batch_args)


def result_from_row(row: Any, prefix: str = "summary", text_column: str | None = None,
                    clean: bool = True) -> Summary | SummaryError:
    """The ``Summary`` / ``SummaryError`` of an output row: the pickled object when the run kept
    objects (``keep_objects=True``), else rebuilt from the row's record (``<prefix>_provenance``;
    pass ``text_column`` (and the run's ``clean``) to restore the source and its sentences)."""
    data = row.get(prefix + "_object") if hasattr(row, "get") else None
    if data is not None:
        return pickle.loads(bytes(data))
    record = row[prefix + "_provenance"]
    if not isinstance(record, str):
        raise ValueError(f"row has no {prefix}_provenance record")
    data = json.loads(record)
    source = None
    if text_column is not None and data.get("ok") and isinstance(row[text_column], str):
        from ..text.document import prepare_document

        source = prepare_document(row[text_column], clean=clean).source
    return result_from_record(data, source)


def _missing_as_none(x: Any) -> Any:
    """pandas turns missing strings into NaN / NA; summarize reports them as a missing text."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if type(x).__name__ in ("NAType", "NaTType"):
        return None
    return x


def _with_results(batch: Any, results: list, prefix: str, per_row: float,
                  keep_objects: bool) -> Any:
    import pandas as pd

    text = "string"  # typed even when a batch holds only nulls, so every block agrees
    cols: dict[str, Any] = {
        prefix: pd.array([r.text if r.ok else None for r in results], dtype=text),
        prefix + "_method": pd.array([r.method for r in results], dtype=text),
        prefix + "_n_words": pd.array([r.n_words if r.ok else None for r in results],
                                      dtype="Int64"),
        prefix + "_provenance": pd.array([json.dumps(r.to_record(), ensure_ascii=False)
                                          for r in results], dtype=text),
        prefix + "_elapsed_s": pd.array([float(r.elapsed_s) if r.ok else math.nan
                                         for r in results], dtype="float64"),
        prefix + "_worker_s": pd.array([per_row] * len(results), dtype="float64"),
        prefix + "_worker": pd.array([f"{socket.gethostname()}:{os.getpid()}"] * len(results),
                                     dtype=text),
        prefix + "_error": pd.array([None if r.ok else f"{r.error_type}: {r.message}"
                                     for r in results], dtype=text),
    }
    if keep_objects:
        cols[prefix + "_object"] = pd.Series([pickle.dumps(r) for r in results], dtype=object)
    out = batch.copy()
    for name, values in cols.items():
        out[name] = pd.Series(values, dtype=values.dtype).set_axis(batch.index)
    return out
