"""The benchmark harness's Ray engine (``bench --engine ray``): one method over the
documents still to do, on Ray. It implements the benchmark's engine interface
(``batches`` / ``session``) without importing the benchmark: the runner writes what it yields
exactly as it writes the local engine's batches, so a run killed half way resumes alike.

Example:
    >>> from summarize.bench import run_benchmark  # doctest: +SKIP
    >>> run_benchmark(corpus, ["lead3", "gemma-270m"], "runs/x", engine="ray", workers=4)  # doctest: +SKIP
"""

from __future__ import annotations

import time
from typing import Any, Iterator, Sequence

from ..methods.base import Summarizer
from ..methods.registry import get_summarizer
from ..text.length import LengthRequest
from .batch import result_from_row
from .ray_data import _ray, dataset_summaries

__all__ = ["ray_results", "RayEngine"]


def ray_results(method: str | Summarizer, params: dict[str, Any], docs: Sequence[Any],
                length: LengthRequest, clean: bool, batch_size: int,
                workers: int | None = None) -> Iterator[tuple[list, list, list[float]]]:
    """``(docs, results, latencies)`` per batch, in input order: the corpus documents
    (objects with ``.id`` and ``.source``), their ``Summary``/``SummaryError`` objects, and
    each row's share of its worker batch's wall time."""
    by_id = {d.id: d for d in docs}
    if len(by_id) != len(docs):
        raise ValueError("document ids must be unique")
    rows = [{"doc_id": d.id, "text": d.source} for d in docs]
    ds = dataset_summaries(rows, method, length, clean=clean, workers=workers,
                           batch_size=batch_size, **params)
    for batch in ds.iter_batches(batch_size=None, batch_format="pandas"):
        chunk = [by_id[i] for i in batch["doc_id"].tolist()]
        results = [result_from_row(row, text_column="text", clean=clean)  # from the records
                   for _, row in batch.iterrows()]
        yield chunk, results, [float(x) for x in batch["summary_worker_s"].tolist()]


class RayEngine:
    """The benchmark engine interface (``summarize.bench.engine.Engine``) on Ray: batches come
    back in input order as the workers finish them. Starts a local Ray when none is running
    (and stops it after the run)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers
        self._session: dict[str, Any] = {}

    def batches(self, method: str | Summarizer, params: dict[str, Any], docs: Sequence[Any],
                length: LengthRequest, clean: bool, batch_size: int
                ) -> Iterator[tuple[list, list, list[float]]]:
        get_summarizer(method, **params)  # bad names and parameters fail here, not on workers
        ray = _ray()
        started = not ray.is_initialized()
        if started:
            ray.init(include_dashboard=False)
        try:
            t0 = time.perf_counter()
            yield from ray_results(method, params, docs, length, clean, batch_size, self.workers)
            run_s = time.perf_counter() - t0
            cpus = ray.cluster_resources().get("CPU")
        finally:
            if started:
                ray.shutdown()
        # load time and memory live in the workers; the driver's own figures would mislead
        self._session = {"load_s": None, "batch_size": batch_size, "memory": None,
                         "peak_mem_mb": None, "mem_delta_mb": None, "engine": "ray",
                         "workers": self.workers, "cluster_cpus": cpus,
                         "docs_per_s_wall": round(len(docs) / run_s, 6) if run_s > 0 else None}

    def session(self) -> dict[str, Any]:
        return dict(self._session)
