"""Run summarizers over a corpus and record every output, append-only, so a run can resume.

A run directory holds:

- ``config.json``: the corpus (name, origin, fingerprint), the methods and their parameters, the
  length request, library versions and the machine;
- ``outputs.jsonl``: one line per (method, document): the summary, its provenance, its latency;
- ``sessions.jsonl``: one line per method per session: load time and peak memory.

Running again on the same directory skips the (method, document) pairs already recorded, so a
run killed at document 900 goes on from there, with no duplicate and no missing rows.

Example:
    >>> import tempfile
    >>> from summarize.bench.corpus import corpus_from_records
    >>> corpus = corpus_from_records([{"source": "Rain fell. Roads shut. Schools closed.",
    ...                                "reference": "Rain shut roads."}])
    >>> run = run_benchmark(corpus, ["lead"], tempfile.mkdtemp(), sentences=1, progress=False)
    >>> run.records[0]["summary"]
    'Rain fell.'
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ..text.length import LengthRequest
from ..methods.registry import Summarizer, list_methods
from .corpus import Corpus
from .engine import Engine, make_engine, resolve_method

__all__ = ["run_benchmark", "read_run", "RunResult", "resolve_method", "method_speed"]

OUTPUTS = "outputs.jsonl"
SESSIONS = "sessions.jsonl"
CONFIG = "config.json"


@dataclass
class RunResult:
    """What a run directory holds: its config, every output record, and per-session stats."""

    out_dir: Path
    config: dict[str, Any]
    records: list[dict[str, Any]]
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        return list(self.config.get("methods", []))

    def for_method(self, method: str) -> list[dict[str, Any]]:
        return [r for r in self.records if r["method"] == method]


def run_benchmark(
    corpus: Corpus,
    methods: Sequence[str | Summarizer],
    out_dir: str | Path,
    *,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    method_params: Mapping[str, Mapping[str, Any]] | None = None,
    batch_size: int = 8,
    memory: str = "rss",
    progress: bool = True,
    engine: str = "local",
    workers: int | None = None,
) -> RunResult:
    """Run every method over every document of ``corpus``, appending to ``out_dir``.

    Args:
        methods: registered names ("lead", "auto", "gemma-270m", ...), model ids, ``sumy-*``
            peers, or summarizer objects.
        sentences / words / ratio: the length request given to every method (default 3
            sentences).
        method_params: per-method settings, e.g. ``{"mmr": {"diversity": 0.5}}``.
        batch_size: documents per ``summarize_many`` call for methods that batch
            (``summarize_documents``); the others run one document per call, so each latency
            is that document's own.
        memory: ``"rss"`` (peak resident memory, sampled) or ``"tracemalloc"`` (peak Python
            allocations; slower, excludes torch's native buffers).
        engine: ``"local"`` (this process) or ``"ray"`` (``summarize.distributed``: ``workers``
            Ray workers, the Ray cluster of ``RAY_ADDRESS`` or a local one; same records).

    An existing run directory is resumed: pairs already recorded are skipped. Resuming with a
    different corpus, length, or method parameters raises ``ValueError``.
    """
    if not methods:
        raise ValueError("give at least one method")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if engine not in ("local", "ray"):
        raise ValueError(f"engine must be 'local' or 'ray', got {engine!r}")
    if memory not in ("rss", "tracemalloc"):
        raise ValueError(f"memory must be 'rss' or 'tracemalloc', got {memory!r}")
    length = LengthRequest.from_args(sentences, words, ratio)
    params = {str(k): dict(v) for k, v in (method_params or {}).items()}
    labels = [m if isinstance(m, str) else getattr(m, "name", type(m).__name__) for m in methods]
    if len(set(labels)) != len(labels):
        raise ValueError(f"methods listed twice: {labels}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    list_methods()  # registry set up before any load is timed
    runner = make_engine(engine, memory=memory, workers=workers)
    with _RunLock(out):
        config = _write_config(out, corpus, labels, length, clean, params, batch_size)
        done = {(r["method"], r["doc_id"]) for r in _read_jsonl(out / OUTPUTS, repair=True)}
        for method, label in zip(methods, labels):
            todo = [d for d in corpus.docs if (label, d.id) not in done]
            if not todo:
                continue
            lengths = {"sentences": sentences, "words": words, "ratio": ratio}
            _run_method(out, runner, method, label, params.get(label, {}), todo, lengths,
                        clean, batch_size, progress)
    return read_run(out)


def read_run(out_dir: str | Path) -> RunResult:
    """Read a run directory back (records deduplicated on (method, document))."""
    out = Path(out_dir)
    if not (out / CONFIG).exists():
        raise FileNotFoundError(f"{out} holds no benchmark run ({CONFIG} missing)")
    config = json.loads((out / CONFIG).read_text(encoding="utf-8"))
    seen: set[tuple[str, str]] = set()
    records = []
    for rec in _read_jsonl(out / OUTPUTS):
        key = (rec["method"], rec["doc_id"])
        if key not in seen:
            seen.add(key)
            records.append(rec)
    return RunResult(out, config, records, list(_read_jsonl(out / SESSIONS)))


def method_speed(records: Sequence[Mapping[str, Any]],
                 sessions: Sequence[Mapping[str, Any]] = ()) -> dict[str, float | None]:
    """Latency p50/p95 (s), documents per second, load time (s) and peak memory (MB) of one
    method, from its output records and session lines.

    Example:
        >>> method_speed([{"latency_s": 0.1}, {"latency_s": 0.3}])["docs_per_s"]
        5.0
    """
    import numpy as np

    lat = np.array([r["latency_s"] for r in records if r.get("latency_s") is not None], float)
    out: dict[str, float | None] = {"latency_p50_s": None, "latency_p95_s": None,
                                    "docs_per_s": None, "load_s": None, "peak_mem_mb": None,
                                    "mem_delta_mb": None}
    if lat.size:
        out["latency_p50_s"] = float(np.percentile(lat, 50))
        out["latency_p95_s"] = float(np.percentile(lat, 95))
        total = float(lat.sum())
        out["docs_per_s"] = round(lat.size / total, 6) if total > 0 else None
    if sessions:
        first = sessions[0]
        out["load_s"] = first.get("load_s")
        peaks = [s["peak_mem_mb"] for s in sessions if s.get("peak_mem_mb") is not None]
        deltas = [s["mem_delta_mb"] for s in sessions if s.get("mem_delta_mb") is not None]
        out["peak_mem_mb"] = max(peaks) if peaks else None
        out["mem_delta_mb"] = max(deltas) if deltas else None
    return out


# ---------------------------------------------------------------- one method


def _run_method(out: Path, engine: Engine, method: str | Summarizer, label: str,
                params: dict[str, Any], todo: list, length: dict[str, Any], clean: bool,
                batch_size: int, progress: bool) -> None:
    """One method through ``engine``: every finished batch is appended to ``outputs.jsonl`` as
    it arrives, then one session line (the engine's own figures: load time, memory, ...)."""
    bar = _bar(len(todo), label, progress)
    t_run = time.perf_counter()
    with open(out / OUTPUTS, "a", encoding="utf-8") as f:
        for chunk, results, latencies in engine.batches(method, params, todo, length, clean,
                                                        batch_size):
            append_batch(f, label, chunk, results, latencies, bar)
    if bar is not None:
        bar.close()
    run_s = time.perf_counter() - t_run
    session = {"method": label, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "n_docs": len(todo), "run_s": round(run_s, 6), **engine.session()}
    with open(out / SESSIONS, "a", encoding="utf-8") as f:
        f.write(json.dumps(session) + "\n")


def append_batch(f: Any, label: str, chunk: Sequence[Any], results: Sequence[Any],
                 latencies: Sequence[float], bar: Any = None) -> None:
    """Append one finished batch to the open ``outputs.jsonl`` and flush it, so an interrupted
    run loses at most the batch in flight (shared by the local and the Ray engine)."""
    for doc, res, latency in zip(chunk, results, latencies):
        f.write(json.dumps(_record(label, doc.id, res, latency, len(chunk)),
                           ensure_ascii=False) + "\n")
    f.flush()
    if bar is not None:
        bar.update(len(chunk))


def _record(label: str, doc_id: str, res: Any, latency: float, batch: int) -> dict[str, Any]:
    rec: dict[str, Any] = {"method": label, "doc_id": doc_id, "ok": bool(res.ok),
                           "latency_s": round(latency, 6), "batch": batch}
    if res.ok:
        rec.update(summary=res.text, n_words=res.n_words, n_sentences=len(res.sentences),
                   selected=list(res.selected),
                   supported=[bool(s.supported) for s in res.support],
                   support_score=[round(s.score, 4) for s in res.support])
    else:
        rec.update(summary=None, error=f"{res.error_type}: {res.message}")
    return rec


def _bar(total: int, label: str, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=f"bench[{label}]", unit="doc")


# ---------------------------------------------------------------- files


def _read_jsonl(path: Path, repair: bool = False) -> Iterator[dict[str, Any]]:
    """The records of ``path``. A process killed mid-write can leave a partial last line; with
    ``repair=True`` it is cut off so appending starts on a fresh line."""
    if not path.exists():
        return iter(())
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    if repair and cut < len(data):
        with open(path, "r+b") as f:
            f.truncate(cut)
    rows = []
    for line in data[:cut].decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a damaged line: its pair counts as missing and is run again
    return iter(rows)


def _write_config(out: Path, corpus: Corpus, labels: list[str], length: LengthRequest,
                  clean: bool, params: dict[str, dict[str, Any]], batch_size: int
                  ) -> dict[str, Any]:
    new = {
        "corpus": {"name": corpus.name, "origin": corpus.origin, "selection": corpus.selection,
                   "n_docs": len(corpus), "fingerprint": corpus.fingerprint(),
                   "skipped": [[s.line, s.id, s.reason] for s in corpus.skipped],
                   "doc_ids": [d.id for d in corpus.docs]},
        "length": length.as_dict(),
        "clean": clean,
        "methods": labels,
        "method_params": params,
        "batch_size": batch_size,
    }
    path = out / CONFIG
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        problems = [f"{key}: run has {old.get(key)!r}, now {new[key]!r}"
                    for key in ("length", "clean") if old.get(key) != new[key]]
        if old.get("corpus", {}).get("fingerprint") != new["corpus"]["fingerprint"]:
            problems.append(f"corpus: run used {old['corpus'].get('name')!r} "
                            f"({old['corpus'].get('n_docs')} documents, fingerprint "
                            f"{old['corpus'].get('fingerprint')}), now {corpus.name!r} "
                            f"({len(corpus)} documents, fingerprint {new['corpus']['fingerprint']})")
        for m in set(labels) & set(old.get("methods", [])):
            before = old.get("method_params", {}).get(m, {})
            if before != params.get(m, {}):
                problems.append(f"parameters of {m!r}: run has {before}, now {params.get(m, {})}")
        if problems:
            raise ValueError(f"{out} holds a different run; use a new --out folder. "
                             + "; ".join(problems))
        new["methods"] = old["methods"] + [m for m in labels if m not in old["methods"]]
        new["method_params"] = {**old.get("method_params", {}), **params}
        new["created"] = old.get("created")
        new["resumed"] = old.get("resumed", []) + [time.strftime("%Y-%m-%dT%H:%M:%S")]
    else:
        new["created"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    new["environment"] = environment()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(new, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return new


def environment() -> dict[str, Any]:
    """Machine and library versions, for the config file and BENCHMARKS.md."""
    from importlib import metadata

    versions = {}
    for pkg in ("summarize", "numpy", "torch", "transformers", "rouge-score", "sumy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            continue
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpu": cpu, "cpu_count": os.cpu_count(), "versions": versions}


class _RunLock:
    """One process per run directory at a time (released by the OS if the process dies)."""

    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self.f: Any = None

    def __enter__(self) -> "_RunLock":
        self.f = open(self.path, "w")
        try:
            import fcntl

            fcntl.flock(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows: no lock
            pass
        except OSError:
            self.f.close()
            raise RuntimeError(f"{self.path.parent} is in use by another benchmark process") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        self.f.close()
