"""Run summarizers over a corpus and record every output, append-only, so a run can resume.

A run directory holds:

- ``config.json``: the corpus (name, origin, fingerprint), the methods and their parameters, the
  length request, library versions and the machine;
- ``outputs.jsonl``: one line per (method, document): the result's record (``Summary.to_record``:
  the summary, its provenance, its parameters; or the error), its latency and batch size;
- ``sessions.jsonl``: one line per method per session: load time and peak memory.

Running again on the same directory skips the (method, document) pairs already recorded, so a
run killed at document 900 goes on from there, with no duplicate and no missing rows.

The folder is untrusted input. Every output line is a ``Summary.to_record`` record plus the hash
of the settings it was made with and a checksum of its content; a line that cannot be read, fails its
checksum, or belongs to another run (other settings, unknown method or document) is moved to
``quarantine.jsonl`` with its line number and reason, and its document runs again. A missing or
damaged ``config.json`` is rebuilt only when every output was made with the current settings;
otherwise the run is refused with a message naming the difference. A read-only folder or a full
disk is a ``RunFolderError`` naming the path and what to do (the run resumes afterwards).

The folder is ours only when it was empty or carries our marker (``.summarize-run``): a folder of
someone else's files, a file, or a dangling link given as ``out`` is refused with one line naming
it, and nothing there is touched. Inside a run folder no symbolic link is followed: the lock is
created exclusively (never truncated), every file is opened with ``O_NOFOLLOW`` and must be a
regular file, and rewritten files (config, report, table) go through a fresh exclusive temporary
file and an atomic rename.

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

import errno
import hashlib
import json
import os
import platform
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ..safe_files import (FileSafetyError, atomic_write, claim_folder, load_json, open_append,
                          open_lock, open_read, open_rewrite, read_bounded)
from ..text.length import LengthRequest
from ..methods.base import Summarizer
from ..methods.llm.client import redact_params
from ..methods.registry import get_summarizer, list_methods
from .corpus import Corpus
from .engine import Engine, make_engine, resolve_method

__all__ = ["run_benchmark", "read_run", "RunResult", "RunFolderError", "resolve_method",
           "method_speed", "settings_hash", "result_of"]

OUTPUTS = "outputs.jsonl"
SESSIONS = "sessions.jsonl"
CONFIG = "config.json"
QUARANTINE = "quarantine.jsonl"
RUN_MARKER = ".summarize-run"
MAX_CONFIG_BYTES = 256 * 1024 * 1024


def claim_run_folder(out_dir: str | Path) -> Path:
    """``out_dir`` as a run folder we may write (created if missing, resolved): empty, or
    carrying our marker. Anything else is a ``RunFolderError`` naming the folder.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "notes.txt").write_text("mine")
        >>> claim_run_folder(d)
        Traceback (most recent call last):
        ...
        summarize.bench.runner.RunFolderError: ... is not empty and was not made by summarize ...
    """
    out = Path(out_dir)
    with fs_errors(out):
        try:
            return claim_folder(out, RUN_MARKER, "--out folder (out=...)")
        except FileSafetyError as exc:
            raise RunFolderError(str(exc)) from None


class RunFolderError(RuntimeError):
    """The run folder cannot be written (read-only, no permission, disk full), is not ours
    (someone else's files, a file, a link), or cannot be read."""


@dataclass
class RunResult:
    """What a run directory holds: its config, every output record, and per-session stats."""

    out_dir: Path
    config: dict[str, Any]
    records: list[dict[str, Any]]
    sessions: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

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
        sentences / words / ratio: the length request given to every method (default: the one
            default length, a paragraph of at most 75 words; ``summarize.text.length``).
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
    raw_params = params  # what the methods get; the run folder never holds a secret (api_key)
    params = redact_params(params)
    labels = [m if isinstance(m, str) else get_summarizer(m).name for m in methods]
    if len(set(labels)) != len(labels):
        raise ValueError(f"methods listed twice: {labels}")
    out = claim_run_folder(out_dir)
    list_methods()  # registry set up before any load is timed
    runner = make_engine(engine, memory=memory, workers=workers)
    settings = {label: settings_hash(corpus.fingerprint(), length, clean, params.get(label, {}))
                for label in labels}
    with fs_errors(out), _RunLock(out):
        config = _write_config(out, corpus, labels, length, clean, params, batch_size, settings)
        records, bad = _load_outputs(out, config, {d.id for d in corpus.docs}, repair=True)
        if bad:
            _quarantine(out, bad)
        done = {(r["method"], r["doc_id"]) for r in records}
        for method, label in zip(methods, labels):
            todo = [d for d in corpus.docs if (label, d.id) not in done]
            if not todo:
                continue
            _run_method(out, runner, method, label, raw_params.get(label, {}), todo, length,
                        clean, batch_size, progress, settings[label])
    return read_run(out)


def settings_hash(fingerprint: str, length: LengthRequest, clean: bool,
                  params: Mapping[str, Any]) -> str:
    """A short hash of what decides a method's outputs: the corpus, length, cleaning and the
    method's parameters. Stored in ``config.json`` and in every output line.

    Example:
        >>> len(settings_hash("abc", LengthRequest.from_args(1, None, None), True, {}))
        16
    """
    body = {"corpus": fingerprint, "length": length.as_dict(), "clean": bool(clean),
            "params": dict(params)}
    return hashlib.sha256(_canonical(body)).hexdigest()[:16]


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                      default=repr).encode("ascii")


def _checksum(rec: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in rec.items() if k != "sha"})).hexdigest()[:16]


@contextmanager
def fs_errors(path: Path) -> Iterator[None]:
    """Turn a read-only folder, a missing permission or a full disk into a ``RunFolderError``
    that names the path and what to do."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or path
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise RunFolderError(
                f"cannot write to {where}: {exc.strerror}. Pass a writable folder as --out "
                "(out=...) or fix its permissions; nothing recorded so far is lost.") from None
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise RunFolderError(
                f"no space left while writing {where} ({exc.strerror}). Free some space (or "
                "pass --out on another disk) and run the same command again: it resumes from "
                "the last saved document.") from None
        if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.ELOOP, errno.EISDIR):
            raise RunFolderError(f"cannot use {where}: {exc.strerror}; pass a new or empty "
                                 "folder as --out (out=...)") from None
        raise
    except FileSafetyError as exc:
        raise RunFolderError(str(exc)) from None


def read_run(out_dir: str | Path) -> RunResult:
    """Read a run directory back (records deduplicated on (method, document))."""
    out = Path(out_dir)
    if not os.path.lexists(out / CONFIG):
        raise FileNotFoundError(f"{out} holds no benchmark run ({CONFIG} missing)")
    with fs_errors(out):
        config = _read_config(out / CONFIG)
    if config is None:
        raise RunFolderError(f"{out / CONFIG} is damaged (not a JSON object); run the benchmark "
                             "again on this folder to rebuild it, or use a new --out folder")
    doc_ids = set(config.get("corpus", {}).get("doc_ids") or ()) or None
    with fs_errors(out):
        records, bad = _load_outputs(out, config, doc_ids)
        session_lines = _read_lines(out / SESSIONS)[0]
    sessions = [s for _, s in session_lines
                if isinstance(s, dict) and isinstance(s.get("method"), str)
                and s.get("sha", None) in (None, _checksum(s))]
    return RunResult(out, config, records, sessions, [(n, why) for n, why, _ in bad])


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
                params: dict[str, Any], todo: list, length: LengthRequest, clean: bool,
                batch_size: int, progress: bool, settings: str | None = None) -> None:
    """One method through ``engine``: every finished batch is appended to ``outputs.jsonl`` as
    it arrives, then one session line (the engine's own figures: load time, memory, ...)."""
    bar = _bar(len(todo), label, progress)
    t_run = time.perf_counter()
    with fs_errors(out / OUTPUTS), open_append(out / OUTPUTS) as f:
        for chunk, results, latencies in engine.batches(method, params, todo, length, clean,
                                                        batch_size):
            append_batch(f, label, chunk, results, latencies, bar, settings)
    if bar is not None:
        bar.close()
    run_s = time.perf_counter() - t_run
    session = {"method": label, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "n_docs": len(todo), "run_s": round(run_s, 6), **engine.session()}
    with fs_errors(out / SESSIONS), open_append(out / SESSIONS) as f:
        f.write(json.dumps(_sealed(session)) + "\n")


def append_batch(f: Any, label: str, chunk: Sequence[Any], results: Sequence[Any],
                 latencies: Sequence[float], bar: Any = None, settings: str | None = None
                 ) -> None:
    """Append one finished batch to the open ``outputs.jsonl`` and flush it, so an interrupted
    run loses at most the batch in flight (shared by the local and the Ray engine). Each line
    carries the ``settings`` hash and a checksum (``sha``)."""
    lines = []
    for doc, res, latency in zip(chunk, results, latencies):
        rec = _record(label, doc.id, res, latency, len(chunk))
        if settings is not None:
            rec["settings"] = settings
        lines.append(json.dumps(_sealed(rec), ensure_ascii=False) + "\n")
    f.write("".join(lines))
    f.flush()
    if bar is not None:
        bar.update(len(chunk))


def _record(label: str, doc_id: str, res: Any, latency: float, batch: int) -> dict[str, Any]:
    """One ``outputs.jsonl`` line: the result's record (``Summary.to_record`` /
    ``SummaryError.to_record``, the one record schema) under the run's method label, with the
    document id, its latency and its batch size. The only place a line is built."""
    return {**res.to_record(), "method": label, "doc_id": doc_id,
            "latency_s": round(latency, 6), "batch": batch}


def result_of(record: Mapping[str, Any]) -> Any:
    """The ``Summary`` / ``SummaryError`` of an ``outputs.jsonl`` line (its method is the run's
    label; the source sentences are not stored: the corpus has the text). A line that is not a
    valid record (written by an older version, or damaged) is a ``ValueError``."""
    from ..summary import result_from_record

    return result_from_record(dict(record))


def _sealed(rec: dict[str, Any]) -> dict[str, Any]:
    """``rec`` with its checksum (``sha``) added."""
    return {**rec, "sha": _checksum(rec)}


def _bar(total: int, label: str, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=f"bench[{label}]", unit="doc")


# ---------------------------------------------------------------- files


def _read_lines(path: Path, repair: bool = False
                ) -> tuple[list[Any], list[tuple[int, str, str]]]:
    """The parsed lines of ``path`` and the unreadable ones as ``(line number, reason, text)``.
    A process killed mid-write can leave a partial last line; with ``repair=True`` it is cut
    off so appending starts on a fresh line (its document runs again)."""
    try:
        with open_read(path) as f:
            data = f.read()
    except FileNotFoundError:
        return [], []
    cut = data.rfind(b"\n") + 1
    if repair and cut < len(data):
        with open_rewrite(path) as f:
            f.truncate(cut)
    rows: list[Any] = []
    bad: list[tuple[int, str, str]] = []
    for n, raw in enumerate(data[:cut].split(b"\n")[:-1], 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
            rows.append((n, json.loads(line)))
        except UnicodeDecodeError as exc:
            bad.append((n, f"not UTF-8 (byte {exc.start})", raw.decode("utf-8", "replace")))
        except ValueError as exc:
            bad.append((n, f"not JSON ({getattr(exc, 'msg', exc)})", line))
    return rows, bad


_FIELDS = {"method": str, "doc_id": str, "ok": bool}


def _record_problem(rec: Any, config: Mapping[str, Any], doc_ids: set[str] | None) -> str | None:
    """Why an output line cannot be used, or None."""
    if not isinstance(rec, dict):
        return f"not a record (a JSON {type(rec).__name__})"
    for key, kind in _FIELDS.items():
        if not isinstance(rec.get(key), kind):
            return f"field {key!r} missing or not a {kind.__name__}"
    if "sha" not in rec:
        return "no checksum (written by an older version, or by hand)"
    if rec["sha"] != _checksum(rec):
        return "checksum mismatch (the line was altered after it was written)"
    try:
        result_of(rec)  # the one record schema (Summary.from_record checks it)
    except (ValueError, TypeError, KeyError) as exc:
        return f"not a valid summary record ({str(exc)[:200]})"
    methods = config.get("methods") or []
    if rec["method"] not in methods:
        return f"method {rec['method']!r} is not part of this run ({', '.join(methods)})"
    expected = (config.get("settings") or {}).get(rec["method"])
    if expected is not None and rec.get("settings", expected) != expected:
        return (f"made with other settings ({rec.get('settings')}; this run has {expected} for "
                f"{rec['method']!r})")
    if doc_ids is not None and rec["doc_id"] not in doc_ids:
        return f"document {rec['doc_id'][:80]!r} is not in the corpus"
    return None


def _load_outputs(out: Path, config: Mapping[str, Any], doc_ids: set[str] | None,
                  repair: bool = False
                  ) -> tuple[list[dict[str, Any]], list[tuple[int, str, str]]]:
    """The usable output records (first of each (method, document)) and the unusable lines."""
    rows, bad = _read_lines(out / OUTPUTS, repair)
    seen: set[tuple[str, str]] = set()
    records = []
    for n, rec in rows:
        why = _record_problem(rec, config, doc_ids)
        if why is not None:
            bad.append((n, why, json.dumps(rec, ensure_ascii=False)[:2000]))
            continue
        key = (rec["method"], rec["doc_id"])
        if key not in seen:
            seen.add(key)
            records.append(rec)
    bad.sort()
    return records, bad


def _quarantine(out: Path, bad: list[tuple[int, str, str]]) -> None:
    """Move unusable lines from ``outputs.jsonl`` to ``quarantine.jsonl`` (with line numbers
    and reasons) and say so on stderr; their documents run again."""
    path = out / OUTPUTS
    drop = {n for n, _, _ in bad}
    with open_read(path) as src:
        lines = src.read().split(b"\n")
    kept = [ln for n, ln in enumerate(lines[:-1], 1) if n not in drop and ln.strip()]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    with open_append(out / QUARANTINE) as f:
        for n, why, text in bad:
            f.write(json.dumps({"file": OUTPUTS, "line": n, "reason": why, "text": text,
                                "moved": stamp}, ensure_ascii=False) + "\n")
    atomic_write(path, b"".join(ln + b"\n" for ln in kept))
    shown = "; ".join(f"line {n}: {why}" for n, why, _ in bad[:5])
    more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
    print(f"warning: {path}: {len(bad)} unusable line(s) moved to {out / QUARANTINE} "
          f"({shown}{more}); their documents run again", file=sys.stderr)


def _read_config(path: Path) -> dict[str, Any] | None:
    """``config.json`` as a dict; None when it exists but is damaged. A link, a FIFO or a
    device there is a ``FileSafetyError``."""
    try:
        config = load_json(read_bounded(path, MAX_CONFIG_BYTES))
    except ValueError:
        return None
    kinds = {"corpus": dict, "length": dict, "methods": list, "method_params": dict,
             "settings": dict}
    if not isinstance(config, dict) or any(
            key in config and not isinstance(config[key], kind) for key, kind in kinds.items()):
        return None
    return config


def _write_config(out: Path, corpus: Corpus, labels: list[str], length: LengthRequest,
                  clean: bool, params: dict[str, dict[str, Any]], batch_size: int,
                  settings: dict[str, str] | None = None) -> dict[str, Any]:
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
        "settings": dict(settings or {}),
    }
    path = out / CONFIG
    old = _read_config(path) if os.path.lexists(path) else None
    if os.path.lexists(path) and old is None:
        broken = path.with_name(f"{CONFIG}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        os.replace(path, broken)
        print(f"warning: {path} was damaged (not a JSON object); moved to {broken.name}",
              file=sys.stderr)
    if old is None and os.path.lexists(out / OUTPUTS):
        _check_orphan_outputs(out, new)
    if old is not None:
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
        old_settings = old.get("settings") or {}
        for m in set(labels) & set(old_settings):
            if old_settings[m] != new["settings"][m]:
                problems.append(f"settings of {m!r}: run has {old_settings[m]}, now "
                                f"{new['settings'][m]}")
        if problems:
            raise ValueError(f"{out} holds a different run; use a new --out folder. "
                             + "; ".join(problems))
        old_methods = [m for m in old.get("methods") or [] if isinstance(m, str)]
        new["methods"] = old_methods + [m for m in labels if m not in old_methods]
        new["method_params"] = {**old.get("method_params", {}), **params}
        new["settings"] = {**old_settings, **new["settings"]}
        new["created"] = old.get("created")
        resumed = old.get("resumed") if isinstance(old.get("resumed"), list) else []
        new["resumed"] = resumed + [time.strftime("%Y-%m-%dT%H:%M:%S")]
    else:
        new["created"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    new["environment"] = environment()
    atomic_write(path, json.dumps(new, indent=1, ensure_ascii=False).encode("utf-8"))
    return new


def _check_orphan_outputs(out: Path, new: Mapping[str, Any]) -> None:
    """``config.json`` is gone or damaged but outputs exist: go on only if every sealed output
    of a method in this run was made with this run's settings (else refuse, saying which)."""
    rows, _ = _read_lines(out / OUTPUTS)
    other: dict[str, set[str]] = {}
    for _, rec in rows:
        if not isinstance(rec, dict) or not isinstance(rec.get("method"), str):
            continue
        method, made = rec["method"], rec.get("settings")
        if method in new["settings"] and made != new["settings"][method]:
            other.setdefault(method, set()).add(str(made))
    if other:
        which = "; ".join(f"{m!r} made with settings {', '.join(sorted(h))}, now "
                          f"{new['settings'][m]}" for m, h in other.items())
        raise ValueError(
            f"{out / CONFIG} is missing or damaged and {out / OUTPUTS} holds outputs made with "
            f"other settings ({which}); use a new --out folder for these settings, or delete "
            f"{out / OUTPUTS} to start this folder over")


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
    """One process per run directory at a time (released by the OS if the process dies). The
    lock file is created exclusively, or opened as it is (never truncated, never a link)."""

    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self.f: Any = None

    def __enter__(self) -> "_RunLock":
        self.f = open_lock(self.path)
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
