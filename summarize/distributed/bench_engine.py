"""The benchmark harness's Ray engine (``bench --engine ray``): one method over the
documents still to do, on Ray, written to the run folder exactly as the local engine writes it.

Rows come back in input order and are appended to ``outputs.jsonl`` as each batch arrives,
so a run killed half way resumes from the recorded documents like a local run.

Example:
    >>> from summarize.benchmark import run_benchmark  # doctest: +SKIP
    >>> run_benchmark(corpus, ["lead3", "gemma-270m"], "runs/x", engine="ray", workers=4)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..registry import Summarizer
from .batch import result_from_row
from .ray_data import _ray, summarize_dataset

__all__ = ["ray_results", "run_method_ray"]


def ray_results(method: str | Summarizer, params: dict[str, Any], docs: Sequence[Any],
                length: dict[str, Any], clean: bool, batch_size: int,
                workers: int | None = None) -> Iterator[tuple[list, list, list[float]]]:
    """``(docs, results, latencies)`` per batch, in input order: the corpus documents
    (objects with ``.id`` and ``.source``), their ``Summary``/``SummaryError`` objects, and
    each row's share of its worker batch's wall time."""
    by_id = {d.id: d for d in docs}
    if len(by_id) != len(docs):
        raise ValueError("document ids must be unique")
    rows = [{"doc_id": d.id, "text": d.source} for d in docs]
    ds = summarize_dataset(rows, method, clean=clean, workers=workers, batch_size=batch_size,
                           keep_objects=True, **length, **params)
    for batch in ds.iter_batches(batch_size=None, batch_format="pandas"):
        chunk = [by_id[i] for i in batch["doc_id"].tolist()]
        results = [result_from_row(row) for _, row in batch.iterrows()]
        yield chunk, results, [float(x) for x in batch["summary_worker_s"].tolist()]


def run_method_ray(out: Path, method: str | Summarizer, label: str, params: dict[str, Any],
                   todo: list, length: dict[str, Any], clean: bool, batch_size: int,
                   workers: int | None, progress: bool) -> None:
    """Run one method of a benchmark on Ray, appending to the run folder's output and
    session files (the layout of ``summarize.benchmark.runner``)."""
    from ..benchmark.runner import OUTPUTS, SESSIONS, _bar, append_batch
    from ..registry import get_summarizer

    if isinstance(method, str) and method.startswith("sumy-"):
        from ..benchmark.peers import sumy_summarizer

        method, params = sumy_summarizer(method, **params), {}
    elif isinstance(method, str):
        from .ray_data import method_kind

        if method_kind(method) == "extractive":
            get_summarizer(method, **params)  # bad parameters fail here, not on every worker
    ray = _ray()
    started = not ray.is_initialized()
    if started:
        ray.init(include_dashboard=False)
    try:
        bar = _bar(len(todo), label, progress)
        t_run = time.perf_counter()
        with open(out / OUTPUTS, "a", encoding="utf-8") as f:
            for chunk, results, latencies in ray_results(method, params, todo, length, clean,
                                                         batch_size, workers):
                append_batch(f, label, chunk, results, latencies, bar)
        if bar is not None:
            bar.close()
        run_s = time.perf_counter() - t_run
        cpus = ray.cluster_resources().get("CPU")
    finally:
        if started:
            ray.shutdown()
    # load time and memory live in the workers; the driver's own figures would mislead
    session = {"method": label, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "n_docs": len(todo), "load_s": None, "run_s": round(run_s, 6),
               "batch_size": batch_size, "memory": None, "peak_mem_mb": None,
               "mem_delta_mb": None, "engine": "ray", "workers": workers,
               "cluster_cpus": cpus, "docs_per_s_wall": round(len(todo) / run_s, 6)}
    with open(out / SESSIONS, "a", encoding="utf-8") as f:
        f.write(json.dumps(session) + "\n")
