"""Benchmark engines: where a method runs over the documents still to do. One small interface,
two engines: ``LocalEngine`` (this process; load time and peak memory measured here) and the Ray
engine (``summarize.distributed.bench_engine.RayEngine``, imported only for ``engine="ray"``).

An engine yields ``(documents, results, latencies)`` per finished batch, in input order; the
runner writes them (``runner.append_batch``) and then one session line with ``session()``.

Example:
    >>> from summarize.bench.corpus import corpus_from_records
    >>> docs = corpus_from_records([{"source": "Rain fell. Roads shut.", "reference": "Rain."}]).docs
    >>> engine, one = LocalEngine(), LengthRequest.from_args(sentences=1)
    >>> [r.text for _, results, _ in engine.batches("lead", {}, docs, one, True, 8)
    ...  for r in results]
    ['Rain fell.']
"""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator, Protocol, Sequence

from ..api import summarize_items
from ..methods.base import Summarizer
from ..methods.registry import get_summarizer
from ..text.length import LengthRequest

__all__ = ["Engine", "LocalEngine", "make_engine", "resolve_method", "Batch"]

# (corpus documents with .id and .source, their Summary / SummaryError, seconds per document)
Batch = tuple[list, list, list[float]]


class Engine(Protocol):
    """What the runner needs from an engine."""

    def batches(self, method: str | Summarizer, params: dict[str, Any], docs: Sequence[Any],
                length: LengthRequest, clean: bool, batch_size: int) -> Iterator[Batch]:
        """Run ``method`` (with ``params``) over ``docs``; one item per finished batch."""
        ...

    def session(self) -> dict[str, Any]:
        """The last run's figures for the session line (``load_s``, ``peak_mem_mb``, ...)."""
        ...


def make_engine(name: str, *, memory: str = "rss", workers: int | None = None) -> Engine:
    """The engine called ``name``: ``"local"`` or ``"ray"``."""
    if name == "local":
        return LocalEngine(memory)
    if name == "ray":
        from ..distributed.bench_engine import RayEngine

        return RayEngine(workers)
    raise ValueError(f"engine must be 'local' or 'ray', got {name!r}")


def resolve_method(method: str | Summarizer, **params: Any) -> tuple[str, Summarizer]:
    """``(label, summarizer)`` for a registered name or alias (``sumy-*`` peers and plug-ins
    included), a model id/path, or a summarizer object; the label is the name as given."""
    summarizer = get_summarizer(method, **params)
    return (method if isinstance(method, str) else summarizer.name), summarizer


class LocalEngine:
    """This process: the load (timed) then batches of ``batch_size`` documents for methods that
    batch (``Summarizer.batched``), one document per call for the others (so each latency is
    that document's own)."""

    def __init__(self, memory: str = "rss") -> None:
        if memory not in ("rss", "tracemalloc"):
            raise ValueError(f"memory must be 'rss' or 'tracemalloc', got {memory!r}")
        self.memory = memory
        self._session: dict[str, Any] = {}

    def batches(self, method: str | Summarizer, params: dict[str, Any], docs: Sequence[Any],
                length: LengthRequest, clean: bool, batch_size: int) -> Iterator[Batch]:
        with _MemoryPeak(self.memory) as mem:
            t0 = time.perf_counter()
            _, summarizer = resolve_method(method, **params)
            summarizer.load()  # model weights load here, timed
            load_s = time.perf_counter() - t0
            step = batch_size if summarizer.batched else 1
            for start in range(0, len(docs), step):
                chunk = list(docs[start:start + step])
                t1 = time.perf_counter()
                results = summarize_items([d.source for d in chunk], summarizer, length,
                                          clean=clean, progress=False)
                latency = (time.perf_counter() - t1) / len(chunk)
                yield chunk, results, [latency] * len(chunk)
        self._session = {"load_s": round(load_s, 6), "batch_size": step,
                         "memory": self.memory, "peak_mem_mb": mem.peak_mb,
                         "mem_delta_mb": mem.delta_mb}

    def session(self) -> dict[str, Any]:
        return dict(self._session)


class _MemoryPeak:
    """Peak memory while a method loads and runs: resident set size sampled every 10 ms
    (psutil), or peak Python allocations (tracemalloc)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.peak_mb: float | None = None
        self.delta_mb: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "_MemoryPeak":
        if self.mode == "tracemalloc":
            import tracemalloc

            self._started_tm = not tracemalloc.is_tracing()
            if self._started_tm:
                tracemalloc.start()
            tracemalloc.reset_peak()
            self._base = tracemalloc.get_traced_memory()[0]
            return self
        try:
            import psutil
        except ImportError:
            return self  # memory is left unreported
        proc = psutil.Process()
        self._base = proc.memory_info().rss
        self._peak = self._base

        def sample() -> None:
            while not self._stop.wait(0.01):
                self._peak = max(self._peak, proc.memory_info().rss)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        self._proc = proc
        return self

    def __exit__(self, *exc: Any) -> None:
        mb = 1024 * 1024
        if self.mode == "tracemalloc":
            import tracemalloc

            peak = tracemalloc.get_traced_memory()[1]
            if self._started_tm:
                tracemalloc.stop()
            self.peak_mb = round(peak / mb, 2)
            self.delta_mb = round((peak - self._base) / mb, 2)
        elif self._thread is not None:
            self._stop.set()
            self._thread.join()
            peak = max(self._peak, self._proc.memory_info().rss)
            self.peak_mb = round(peak / mb, 2)
            self.delta_mb = round((peak - self._base) / mb, 2)
