"""The work done on one batch of rows, wherever it runs (a Ray task, a Ray actor, or here).

A batch is a ``pandas.DataFrame``; the result is the same frame with the summary columns added
(see ``output_columns``). Texts go through ``summarize_many``, so a batch gives exactly what
``summarize_many`` gives, and a bad row (None, bytes, empty, too long) becomes an error row.

Example:
    >>> import pandas as pd
    >>> out = summarize_batch(pd.DataFrame({"text": ["Rain fell. Roads shut.", None]}),
    ...                       "lead", sentences=1)
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

from ..api import summarize_many
from ..methods.registry import Summarizer, get_summarizer
from ..summary import Summary, SummaryError

__all__ = ["output_columns", "summarize_batch", "SummarizeActor", "result_from_row"]

# suffix -> meaning; the prefix ("summary" by default) is prepended: summary, summary_error, ...
_SUFFIXES = {
    "": "the summary text (null for an error row)",
    "_method": "the method name",
    "_n_words": "words in the summary (null for an error row)",
    "_provenance": "JSON: sentences, selected source-sentence indices, character spans, "
                   "support (source_indices, scores, supported, scorer) and params",
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
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    keep_objects: bool = False,
    params: dict[str, Any] | None = None,
) -> Any:
    """Summarize the ``text_column`` of a pandas batch; returns the batch with the summary
    columns added (the input columns are kept as they are)."""
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
    results = summarize_many(texts, method=summarizer, sentences=sentences, words=words,
                             ratio=ratio, clean=clean, progress=False)
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
        load = getattr(self.summarizer, "load", None)
        if callable(load):
            load()
        self.load_s = time.perf_counter() - t0
        self.batch_args = batch_args

    def __call__(self, batch: Any) -> Any:
        return summarize_batch(batch, self.summarizer, **self.batch_args)


def result_from_row(row: Any, prefix: str = "summary") -> Summary | SummaryError:
    """The ``Summary`` / ``SummaryError`` of an output row made with ``keep_objects=True``."""
    data = row[prefix + "_object"]
    if data is None:
        raise ValueError(f"row has no {prefix}_object; run with keep_objects=True")
    return pickle.loads(bytes(data))


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
        prefix + "_provenance": pd.array([_provenance(r) if r.ok else None for r in results],
                                         dtype=text),
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


def _provenance(summary: Summary) -> str:
    d = summary.to_dict()
    keep = {k: d[k] for k in ("sentences", "selected", "spans", "support", "params")}
    if "extra" in d:
        keep["extra"] = d["extra"]
    return json.dumps(keep, ensure_ascii=False, default=str)
