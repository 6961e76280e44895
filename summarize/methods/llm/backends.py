"""Where an LLM summarizer's completions come from. Both backends take the same OpenAI-style
request body, so one prompt gives the same request to a hosted API, a local server and a GGUF
file in this process:

- :class:`EndpointBackend`: an OpenAI-compatible HTTP endpoint (``client.EndpointClient``);
  token counts are estimated (no tokenizer is reachable), the context window is the one given
  or learned from the server's "context length" error;
- :class:`LlamaCppBackend`: a GGUF file through ``llama-cpp-python`` in this process (any
  architecture llama.cpp knows, quantized weights as they are; one load per process per file
  and settings), with its own tokenizer and window.

Example:
    >>> estimate_tokens("Rain fell all night.")
    7
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any, Mapping

from .client import EndpointClient, Secret, public_url

__all__ = ["EndpointBackend", "LlamaCppBackend", "estimate_tokens", "LLAMA_CPP_HINT",
           "clear_llama_cache"]

LLAMA_CPP_HINT = ('pip install "summarize[llamacpp]"  (builds llama-cpp-python from source '
                  'with the system C++ compiler and cmake, about 12 minutes on 2 cores)')
PATHS = {"chat": "/chat/completions", "completion": "/completions"}


def estimate_tokens(text: str) -> int:
    """A conservative token count without a tokenizer: one token per 3 UTF-8 bytes (English
    averages about 4 bytes per token, CJK about 3 per character and token)."""
    return max(1, math.ceil(len(text.encode("utf-8")) / 3))


class EndpointBackend:
    """Completions from an OpenAI-compatible endpoint (see ``client.EndpointClient``)."""

    exact_tokens = False

    def __init__(self, base_url: str, api_key: Secret | None, context_window: int | None,
                 **client_args: Any) -> None:
        self.client = EndpointClient(base_url, api_key, **client_args)
        self.window = context_window
        self.identity = public_url(self.client.base_url)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def complete(self, kind: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], dict]:
        return self.client.post(PATHS[kind], payload)

    def list_models(self) -> list[str]:
        """Model ids the endpoint lists at ``/models`` (empty when it lists none)."""
        data = self.client.get("/models").get("data")
        return [str(m.get("id")) for m in data if isinstance(m, dict)][:20] \
            if isinstance(data, list) else []


_LLAMAS: dict[tuple, Any] = {}
_LLAMAS_LOCK = threading.Lock()


def clear_llama_cache() -> None:
    """Forget the llama.cpp models loaded in this process (frees their memory)."""
    with _LLAMAS_LOCK:
        _LLAMAS.clear()


class LlamaCppBackend:
    """Completions from a GGUF file through llama.cpp in this process.

    Args:
        path: the ``.gguf`` file.
        context_window: ``n_ctx`` (default: the model's training context, at most 4096).
        threads: "auto" (every core this process may use) or an int.
        seed: llama.cpp's sampling seed (greedy decoding does not use it).
    """

    exact_tokens = True

    def __init__(self, path: str, context_window: int | None = None, threads: Any = "auto",
                 seed: int = 0) -> None:
        self.path = str(path)
        self.context_window, self.threads, self.seed = context_window, threads, seed
        self.identity = f"llama.cpp:{Path(self.path).name}"
        self._llm: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_llm"] = None  # each process loads its own
        state.pop("_lock", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def load(self) -> Any:
        """The ``llama_cpp.Llama`` for this file and settings, loaded once per process."""
        if self._llm is not None:
            return self._llm
        try:
            import llama_cpp
        except ImportError as exc:
            raise ImportError(f"GGUF files through llama.cpp need llama-cpp-python, which is "
                              f"not installed ({exc}); install it with: {LLAMA_CPP_HINT}. "
                              "Without it, pass the .gguf path as method= to run it through "
                              "transformers.") from None
        if not os.path.isfile(self.path):
            raise FileNotFoundError(f"GGUF file not found: {self.path}")
        threads = _threads(self.threads)
        stat = os.stat(self.path)
        key = (os.path.realpath(self.path), stat.st_size, stat.st_mtime_ns,
               self.context_window, threads)
        with _LLAMAS_LOCK:
            llm = _LLAMAS.get(key)
            if llm is None:
                n_ctx = self.context_window or 0
                try:
                    llm = llama_cpp.Llama(model_path=self.path, n_ctx=n_ctx, n_threads=threads,
                                          n_threads_batch=threads, seed=self.seed,
                                          verbose=False)
                except (ValueError, RuntimeError) as exc:
                    raise ValueError(f"llama.cpp cannot load {self.path}: {exc} (not a GGUF "
                                     "model file, truncated, or an architecture this "
                                     "llama-cpp-python build does not know)") from None
                if not self.context_window and llm.n_ctx() > 4096:
                    # the training context (32k and more) would reserve a large KV cache
                    del llm
                    llm = llama_cpp.Llama(model_path=self.path, n_ctx=4096, n_threads=threads,
                                          n_threads_batch=threads, seed=self.seed,
                                          verbose=False)
                _LLAMAS[key] = llm
        self._llm = llm
        return llm

    @property
    def window(self) -> int:
        return int(self.load().n_ctx())

    def count_tokens(self, text: str) -> int:
        llm = self.load()
        with self._lock:
            return len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def complete(self, kind: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], dict]:
        import time

        llm = self.load()
        args = {k: v for k, v in payload.items() if k != "model"}
        t0 = time.perf_counter()
        with self._lock:  # one llama.cpp context: one generation at a time
            if kind == "chat":
                answer = llm.create_chat_completion(**args)
            else:
                answer = llm.create_completion(**args)
        return dict(answer), {"latency_s": time.perf_counter() - t0, "retries": 0}


def _threads(value: Any) -> int:
    if value == "auto" or value is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:
            return max(1, os.cpu_count() or 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"threads must be 'auto' or an int >= 1, got {value!r}")
    return value
