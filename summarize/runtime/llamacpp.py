"""GGUF files through llama.cpp (``llama-cpp-python``) in this process: any architecture
llama.cpp knows, the quantized weights used as they are (no de-quantization), loaded once per
process per (file, context, threads) in the runtime's ``ModelCache``.

The context (``n_ctx``) defaults to the model's training context, at most ``MAX_DEFAULT_CTX``
tokens (a 32k-token KV cache would take memory for nothing on news articles); threads default
to the cores this process may use (``threads.usable_cores``).

Example:
    >>> llm = load_llama("model.gguf")  # doctest: +SKIP
    >>> llm.n_ctx()  # doctest: +SKIP
    4096
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any

from .cache import ModelCache
from .threads import usable_cores

__all__ = ["load_llama", "llama_lock", "llama_threads", "clear_llama_cache", "LLAMA_CPP_HINT",
           "MAX_DEFAULT_CTX"]

LLAMA_CPP_HINT = ('pip install "summarize[llamacpp]"  (builds llama-cpp-python from source '
                  'with the system C++ compiler and cmake: about 12 minutes on 2 cores)')
MAX_DEFAULT_CTX = 4096
_LLAMAS: ModelCache[Any] = ModelCache("llama.cpp models")
_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def llama_lock(llm: Any) -> threading.Lock:
    """The lock that serializes calls into one loaded model (a llama.cpp context runs one
    evaluation at a time; every user of the cached model shares it)."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(id(llm), threading.Lock())


def clear_llama_cache() -> None:
    """Forget the llama.cpp models loaded in this process (frees their memory)."""
    _LLAMAS.clear()
    with _LOCKS_LOCK:
        _LOCKS.clear()


def llama_threads(value: Any = "auto") -> int:
    """llama.cpp's thread count: "auto" (the cores this process may use) or an int >= 1.

    Example:
        >>> llama_threads(3)
        3
    """
    if value == "auto" or value is None:
        return usable_cores()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"threads must be 'auto' or an int >= 1, got {value!r}")
    return value


def _import() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise ImportError(f"GGUF files through llama.cpp need llama-cpp-python, which is not "
                          f"installed ({exc}); install it with: {LLAMA_CPP_HINT}. Without it, "
                          "pass the .gguf path as method= to run it through transformers.") \
            from None
    return llama_cpp


def load_llama(path: str, n_ctx: int | None = None, threads: Any = "auto") -> Any:
    """The ``llama_cpp.Llama`` for ``path``, loaded once per process and settings."""
    llama_cpp = _import()
    if not os.path.isfile(path):
        raise FileNotFoundError(f"GGUF file not found: {path}")
    n_threads = llama_threads(threads)
    st = os.stat(path)
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, n_ctx, n_threads)

    def load() -> Any:
        ctx = n_ctx or min(_training_context(path), MAX_DEFAULT_CTX)
        try:
            llm = llama_cpp.Llama(model_path=path, n_ctx=ctx, n_threads=n_threads,
                                  n_threads_batch=n_threads, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise ValueError(f"llama.cpp cannot load {path}: {exc} (not a GGUF model file, "
                             "truncated, or an architecture this llama-cpp-python build does "
                             "not know)") from None
        # freed while the interpreter still works: left to garbage collection at shutdown,
        # llama-cpp-python's finalizer prints a TypeError traceback
        atexit.register(_close, llm)
        return llm

    return _LLAMAS.get_or_load(key, load)


def _close(llm: Any) -> None:
    try:
        llm.close()
    except Exception:  # already freed; nothing left to release
        pass


def _training_context(path: str) -> int:
    """The model's training context from the GGUF header (``gguf``'s reader maps the file and
    reads no weights); ``MAX_DEFAULT_CTX`` when it does not say or cannot be read."""
    try:
        from gguf import GGUFReader

        fields = GGUFReader(path).fields
        arch = _field(fields, "general.architecture")
        value = _field(fields, f"{arch}.context_length")
        return int(value) if isinstance(value, int) and value >= 64 else MAX_DEFAULT_CTX
    except Exception:  # no gguf package, or a header llama.cpp will judge itself
        return MAX_DEFAULT_CTX


def _field(fields: Any, name: str) -> Any:
    field = fields.get(name)
    if field is None or not field.data:
        return None
    part = field.parts[field.data[0]]
    if field.types and field.types[0].name == "STRING":
        return bytes(part).decode("utf-8", "replace")
    return int(part[0]) if len(part) else None
