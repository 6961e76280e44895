"""``summarize_dataset``: a summarize method over a ``ray.data.Dataset`` (or a list, a pandas
DataFrame, or a JSONL / Parquet / CSV path, which ``to_dataset`` turns into one).

Extractive methods run as stateless batch tasks; model methods run in an actor pool, one model
load per actor, on CPU or GPU (``num_gpus``). Ray batches hold ``batch_size`` rows (for models:
the summarizer's own ``batch_size``, 16 by default), and inside a batch the model packs its
generation batches by its token budget (``batch_tokens``), exactly as ``summarize_many`` does.

Example:
    >>> import ray  # doctest: +SKIP
    >>> ray.init()  # or ray.init("ray://head-node:10001") for a cluster  # doctest: +SKIP
    >>> out = summarize_dataset(df, method="lead", sentences=2)  # doctest: +SKIP
    >>> out.to_pandas()[["text", "summary", "summary_error"]]  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..text.length import LengthRequest
from ..methods.base import Summarizer
from ..methods.registry import get_summarizer
from .batch import SummarizeActor, output_columns, summarize_batch

__all__ = ["to_dataset", "summarize_dataset"]

EXTRACTIVE_BATCH = 64  # rows per task for extractive methods (cheap per row)
MODEL_BATCH = 16  # rows per actor call for model methods (ModelSummarizer's batch_size)


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ImportError('distributed runs need Ray Data: pip install "summarize[ray]"') from exc
    return ray


def to_dataset(data: Any, text_column: str = "text", rows_per_block: int = 64) -> Any:
    """A ``ray.data.Dataset`` from a Dataset (returned as is), a pandas DataFrame or Series,
    a list of texts (put in ``text_column``) or of dicts (one row each), or a path to a
    ``.jsonl`` / ``.json`` (one object per line), ``.parquet`` (file or folder) or ``.csv`` file.

    In-memory data is cut into blocks of ``rows_per_block`` rows, so that the blocks spread
    over the workers; files and Datasets keep the blocks Ray gives them.

    Example:
        >>> to_dataset(["First article.", "Second article."]).take(1)  # doctest: +SKIP
        [{'text': 'First article.'}]
    """
    ray = _ray()
    if isinstance(data, ray.data.Dataset):
        return data
    if isinstance(data, (str, os.PathLike)):
        return _read_path(ray, str(data))
    if hasattr(data, "to_frame") and hasattr(data, "iloc"):  # pandas Series
        data = data.rename(text_column).to_frame()
    if hasattr(data, "columns") and hasattr(data, "iloc"):  # pandas DataFrame
        frame = data.reset_index(drop=True)
        mixed = [c for c in frame.columns if frame[c].dtype == object
                 and _mixed_types(frame[c].tolist())]
        if not mixed:
            return ray.data.from_pandas([frame.iloc[i:i + rows_per_block]
                                         for i in range(0, max(1, len(frame)), rows_per_block)])
        return _from_columns(ray, {str(c): frame[c].tolist() for c in frame.columns},
                             rows_per_block, frame.drop(columns=mixed))
    if isinstance(data, (bytes, bytearray)):
        raise TypeError("data is bytes; pass a list of texts, a DataFrame, a path or a Dataset")
    try:
        items = list(data)
    except TypeError:
        raise TypeError("data must be a ray Dataset, a pandas DataFrame/Series, a list of "
                        f"texts or dicts, or a file path; got {type(data).__name__}") from None
    if not items:
        raise ValueError("data is empty: nothing to summarize")
    if any(isinstance(x, dict) for x in items):
        if not all(isinstance(x, dict) for x in items):
            raise TypeError("data mixes dicts and plain texts; use one or the other")
        rows = items
    else:
        rows = [{text_column: x} for x in items]
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns = {k: [row.get(k) for row in rows] for k in keys}
    if not any(_mixed_types(v) for v in columns.values()):
        return ray.data.from_items(rows, override_num_blocks=_blocks(len(rows), rows_per_block))
    return _from_columns(ray, columns, rows_per_block)


def _blocks(n: int, rows_per_block: int) -> int:
    return max(1, -(-n // rows_per_block))


def _mixed_types(values: list) -> bool:
    """True when a column mixes value types (e.g. str and bytes), which Arrow would coerce
    (str to binary); such a column is stored as Python objects so every value stays as given
    and a bad row is reported for what it really is."""
    return len({type(v) for v in values if v is not None}) > 1


def _from_columns(ray: Any, columns: dict[str, list], rows_per_block: int,
                  plain: Any = None) -> Any:
    """A Dataset whose mixed-type columns hold pickled Python objects (the others are
    ordinary Arrow columns; ``plain`` is a DataFrame of those when the input was one)."""
    import pyarrow as pa
    from ray.data.extensions.object_extension import ArrowPythonObjectArray

    base = (pa.Table.from_pandas(plain, preserve_index=False) if plain is not None else None)
    arrays, names = [], []
    for name, values in columns.items():
        if base is not None and name in base.column_names:
            arrays.append(base.column(name))
        elif _mixed_types(values):
            arrays.append(ArrowPythonObjectArray.from_objects(values))
        else:
            try:
                arrays.append(pa.array(values))
            except (pa.ArrowException, TypeError, ValueError):
                arrays.append(ArrowPythonObjectArray.from_objects(values))
        names.append(name)
    table = pa.Table.from_arrays(arrays, names=names)
    return ray.data.from_arrow([table.slice(i, rows_per_block)
                                for i in range(0, max(1, table.num_rows), rows_per_block)])


def _read_path(ray: Any, path: str) -> Any:
    remote = "://" in path
    if not remote and not Path(path).exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    low = path.lower().rstrip("/")
    if low.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")):
        return ray.data.read_json(path, lines=True)
    if low.endswith(".parquet") or (not remote and Path(path).is_dir()):
        return ray.data.read_parquet(path)
    if low.endswith((".csv", ".csv.gz")):
        return ray.data.read_csv(path)
    raise ValueError(f"cannot tell the format of {path!r}: use a .jsonl, .parquet or .csv "
                     "path, or read it yourself with ray.data and pass the Dataset")


def summarize_dataset(
    data: Any,
    method: str | Summarizer = "auto",
    *,
    text_column: str = "text",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    workers: int | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
    batch_size: int | None = None,
    prefix: str = "summary",
    keep_objects: bool = False,
    preserve_order: bool = True,
    address: str | None = None,
    **params: Any,
) -> Any:
    """Summarize every row of ``data`` on Ray; returns a lazy ``ray.data.Dataset`` with every
    input column plus the summary columns (``output_columns(prefix)``).

    Args:
        data: a ``ray.data.Dataset``, pandas DataFrame/Series, list, or file path
            (see ``to_dataset``).
        method: as in ``summarize_many`` (a name, a model id/path, or a summarizer object;
            an object is pickled to every worker).
        text_column: the column holding the articles.
        sentences / words / ratio / clean / **params: exactly as in ``summarize_many``.
        workers: parallel workers (actors for model methods, concurrent tasks otherwise);
            default: as many as the cluster's free CPUs (or GPUs) allow.
        num_cpus / num_gpus: resources per worker (``num_gpus=1``: one GPU per model actor).
        batch_size: rows per call (default 64 for extractive methods, the model's
            ``batch_size`` or 16 for models).
        prefix: name of the summary column and start of the others.
        keep_objects: also add ``<prefix>_object``, the pickled ``Summary``/``SummaryError``
            (see ``result_from_row``).
        preserve_order: output rows in input order (the default; costs a little streaming
            slack).
        address: a Ray cluster address ("ray://head:10001", "auto") to connect to when Ray
            is not started yet; default: the ``RAY_ADDRESS`` variable, else a local Ray.

    A row that cannot be summarized gets ``<prefix>_error`` and a null summary; the other rows
    complete. Bad arguments (unknown method, bad length, clashing column) fail here, before
    any work is scheduled.
    """
    length = LengthRequest.from_args(sentences, words, ratio)  # a bad length fails on the driver
    return dataset_summaries(data, method, length, text_column=text_column, clean=clean,
                             workers=workers, num_cpus=num_cpus, num_gpus=num_gpus,
                             batch_size=batch_size, prefix=prefix, keep_objects=keep_objects,
                             preserve_order=preserve_order, address=address, **params)


def dataset_summaries(data: Any, method: str | Summarizer, length: LengthRequest, *,
                      text_column: str = "text", clean: bool = True, workers: int | None = None,
                      num_cpus: float = 1, num_gpus: float = 0, batch_size: int | None = None,
                      prefix: str = "summary", keep_objects: bool = False,
                      preserve_order: bool = True, address: str | None = None,
                      **params: Any) -> Any:
    """``summarize_dataset`` for a ``LengthRequest`` already built (the benchmark's Ray
    engine calls this)."""
    # cheap (weights load on first use): unknown names and bad parameters fail here, and the
    # method's class says how it runs: extractive as batch tasks, models in an actor pool
    kind = get_summarizer(method, **params).kind
    for arg, value in (("workers", workers), ("batch_size", batch_size)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise ValueError(f"{arg} must be a positive int, got {value!r}")
    if num_cpus < 0 or num_gpus < 0:
        raise ValueError("num_cpus and num_gpus must be >= 0")
    if not isinstance(prefix, str) or not prefix:
        raise ValueError("prefix must be a non-empty str")
    if kind == "extractive" and num_gpus:
        raise ValueError(f"method {method!r} is extractive and runs on CPU; leave num_gpus at 0")
    ray = _ray()
    if address is not None and not ray.is_initialized():
        ray.init(address=address)
    batch_args = dict(text_column=text_column, prefix=prefix, length=length, clean=clean,
                      keep_objects=keep_objects)
    if batch_size is None:
        size = params.get("batch_size", MODEL_BATCH)
        batch_size = EXTRACTIVE_BATCH if kind == "extractive" else (
            size if isinstance(size, int) and not isinstance(size, bool) and size > 0
            else MODEL_BATCH)
    # blocks of one batch each, so they spread over the workers (a block goes to one worker)
    ds = to_dataset(data, text_column, rows_per_block=batch_size)
    if kind == "extractive" and isinstance(data, (str, os.PathLike)):
        # a file read as one block: split it, streaming (for model actors that can starve a
        # small cluster of CPUs, so there the file keeps Ray's blocks)
        ds = ds.repartition(target_num_rows_per_block=batch_size)
    _check_columns(ds, text_column, prefix, keep_objects)
    if kind == "extractive":
        out = ds.map_batches(summarize_batch, batch_format="pandas", batch_size=batch_size,
                             fn_kwargs=dict(method=method, params=params, **batch_args),
                             num_cpus=num_cpus,
                             compute=ray.data.TaskPoolStrategy(size=workers) if workers else None)
    else:
        compute = (ray.data.ActorPoolStrategy(size=workers) if workers
                   else ray.data.ActorPoolStrategy(min_size=1, max_size=None))
        out = ds.map_batches(SummarizeActor, batch_format="pandas", batch_size=batch_size,
                             fn_constructor_args=(method,),
                             fn_constructor_kwargs=dict(params=params, **batch_args),
                             compute=compute, num_cpus=num_cpus, num_gpus=num_gpus or None)
    return _ordered(out) if preserve_order else out


def _check_columns(ds: Any, text_column: str, prefix: str, keep_objects: bool) -> None:
    """Check the columns when the schema is known without running anything (the batch
    function checks again on the workers)."""
    try:
        columns = ds.columns(fetch_if_missing=False)
    except Exception:  # schema not available without execution
        return
    if not columns:
        return
    if text_column not in columns:
        raise ValueError(f"no column {text_column!r} in the data; columns: "
                         f"{', '.join(columns)}; pass text_column=...")
    clash = [c for c in output_columns(prefix, keep_objects) if c in columns]
    if clash:
        raise ValueError(f"the data already has column(s) {clash}; pass prefix=... "
                         "to name the summary columns differently")


def _ordered(ds: Any) -> Any:
    """The same dataset, executed with rows kept in input order, without changing the
    caller's global ``DataContext``."""
    import ray.data

    out = ray.data.Dataset.copy(ds, _deep_copy=True)
    out.context.execution_options.preserve_order = True
    return out
