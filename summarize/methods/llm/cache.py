"""A response cache for LLM calls: the same request (backend, model, prompt, settings) is
answered from disk, so a resumed or repeated benchmark run never pays for a completion twice.

One JSON file per request, named by the SHA-256 of the canonical request (the API key is never
part of it, nor written anywhere). The folder is untrusted input when read back: an entry is
used only when it is a regular file (no link, FIFO or device), at most ``max_bytes``, valid JSON,
names the same request key and matches its own checksum; anything else is a miss (counted in
``rejected``) and is overwritten by the next answer. Writes go to a new temporary file that
replaces the entry atomically.

Example:
    >>> import tempfile
    >>> cache = ResponseCache(tempfile.mkdtemp())
    >>> key = cache.key("http://127.0.0.1:8080/v1/chat/completions", {"model": "m", "n": 1})
    >>> cache.get(key) is None
    True
    >>> cache.put(key, {"choices": [{"text": "Rain fell."}]})
    >>> cache.get(key)["choices"][0]["text"]
    'Rain fell.'
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import threading
from pathlib import Path
from typing import Any, Mapping

__all__ = ["ResponseCache", "cache_from"]

log = logging.getLogger(__name__)
_VERSION = 1


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


class ResponseCache:
    """Answers of LLM requests stored under ``folder`` (see the module docs)."""

    def __init__(self, folder: str | os.PathLike, max_bytes: int = 4 << 20) -> None:
        self.folder = Path(folder).expanduser()
        self.max_bytes = int(max_bytes)
        self.hits = self.misses = self.rejected = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.folder)!r})"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_lock", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @staticmethod
    def key(where: str, payload: Mapping[str, Any]) -> str:
        """The cache key of a request: where it goes (no secrets) and its JSON body."""
        return hashlib.sha256(_canonical({"where": where, "payload": payload})).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer for ``key``, or None (missing, or rejected as untrusted)."""
        answer, why = self._read(key)
        with self._lock:
            if answer is not None:
                self.hits += 1
            elif why:
                self.rejected += 1
                log.warning("response cache entry %s ignored: %s", self._path(key), why)
            else:
                self.misses += 1
        return answer

    def _read(self, key: str) -> tuple[dict[str, Any] | None, str]:
        path = self._path(key)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            return None, ""
        except OSError as exc:  # a link (ELOOP), no permission, ...
            return None, f"cannot be opened ({exc.strerror})"
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, "not a regular file"
            if info.st_size > self.max_bytes:
                return None, f"{info.st_size:,} bytes, over {self.max_bytes:,}"
            with os.fdopen(fd, "rb", closefd=False) as f:
                raw = f.read(self.max_bytes + 1)
        finally:
            os.close(fd)
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None, "not JSON"
        if not isinstance(entry, dict) or entry.get("v") != _VERSION or entry.get("key") != key:
            return None, "not an entry for this request"
        answer = entry.get("answer")
        if not isinstance(answer, dict):
            return None, "no answer object"
        try:
            digest = hashlib.sha256(_canonical(answer)).hexdigest()
        except (TypeError, ValueError, RecursionError):
            return None, "answer cannot be checked"
        if entry.get("sha") != digest:
            return None, "checksum mismatch"
        return answer, ""

    def put(self, key: str, answer: Mapping[str, Any]) -> None:
        """Store ``answer`` for ``key`` (atomic replace; a write failure only logs)."""
        try:
            body = _canonical({"v": _VERSION, "key": key, "answer": dict(answer),
                               "sha": hashlib.sha256(_canonical(dict(answer))).hexdigest()})
        except (TypeError, ValueError):
            return
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                         getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("response cache: cannot write %s (%s)", path, exc.strerror)
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def stats(self) -> dict[str, int]:
        """hits, misses and rejected entries so far."""
        return {"hits": self.hits, "misses": self.misses, "rejected": self.rejected}


def cache_from(value: Any) -> ResponseCache | None:
    """A ``ResponseCache`` from a ``cache=`` parameter: None/False (no cache), a folder path,
    or a cache object.

    Example:
        >>> cache_from(None) is None
        True
    """
    if value is None or value is False:
        return None
    if isinstance(value, ResponseCache):
        return value
    if isinstance(value, (str, os.PathLike)):
        return ResponseCache(value)
    raise TypeError(f"cache must be None, a folder path or a ResponseCache, got "
                    f"{type(value).__name__}")
