"""Where an LLM summarizer's completions come from. Both backends take the same OpenAI-style
request body, so one prompt gives the same request to a hosted API, a local server and a GGUF
file in this process:

- :class:`EndpointBackend`: an OpenAI-compatible HTTP endpoint (``client.EndpointClient``);
  token counts are estimated (no tokenizer is reachable), the context window is the one given
  or learned from the server's "context length" error;
- :class:`LlamaCppBackend`: a GGUF file through ``llama-cpp-python`` in this process (any
  architecture llama.cpp knows, quantized weights as they are; one load per process per file
  and settings, ``runtime.llamacpp``), with its own tokenizer and window.

Example:
    >>> estimate_tokens("Rain fell all night.")
    7
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

from ...runtime.llamacpp import llama_lock, load_llama
from .client import EndpointClient, Secret

__all__ = ["EndpointBackend", "LlamaCppBackend", "estimate_tokens"]

PATHS = {"chat": "/chat/completions", "completion": "/completions"}


def estimate_tokens(text: str) -> int:
    """A conservative token count without a tokenizer: one token per 3 UTF-8 bytes (English
    averages about 4 bytes per token, CJK about 3 per character and token)."""
    return max(1, math.ceil(len(text.encode("utf-8")) / 3))


class EndpointBackend:
    """Completions from an OpenAI-compatible endpoint (see ``client.EndpointClient``)."""

    exact_tokens = False

    def __init__(self, base_url: "str | Secret", api_key: Secret | None,
                 context_window: int | None, **client_args: Any) -> None:
        self.client = EndpointClient(base_url, api_key, **client_args)
        self.window = context_window
        self.identity = self.client.where

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def complete(self, kind: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], dict]:
        return self.client.post(PATHS[kind], payload)

    def list_models(self) -> list[str]:
        """Model ids the endpoint lists at ``/models`` (empty when it lists none)."""
        data = self.client.get("/models").get("data")
        return [str(m.get("id")) for m in data if isinstance(m, dict)][:20] \
            if isinstance(data, list) else []


class LlamaCppBackend:
    """Completions from a GGUF file through llama.cpp in this process.

    Args:
        path: the ``.gguf`` file.
        context_window: ``n_ctx`` (default: the model's training context, at most 4096).
        threads: "auto" (every core this process may use) or an int.
    """

    exact_tokens = True

    def __init__(self, path: str, context_window: int | None = None,
                 threads: Any = "auto") -> None:
        self.path = str(path)
        self.context_window, self.threads = context_window, threads
        self.identity = f"llama.cpp:{Path(self.path).name}"
        self._llm: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_llm": None}  # each process loads its own

    def load(self) -> Any:
        """The ``llama_cpp.Llama`` for this file and settings (once per process,
        ``runtime.llamacpp``)."""
        if self._llm is None:
            self._llm = load_llama(self.path, self.context_window, self.threads)
        return self._llm

    @property
    def window(self) -> int:
        return int(self.load().n_ctx())

    def count_tokens(self, text: str) -> int:
        llm = self.load()
        with llama_lock(llm):
            return len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def complete(self, kind: str, payload: Mapping[str, Any]) -> tuple[dict[str, Any], dict]:
        import time

        llm = self.load()
        args = {k: v for k, v in payload.items() if k != "model"}
        args.setdefault("repeat_penalty", 1.0)  # what OpenAI-style servers default to
        t0 = time.perf_counter()
        with llama_lock(llm):  # one llama.cpp context: one call at a time
            if kind == "chat":
                answer = llm.create_chat_completion(**args)
            else:
                answer = llm.create_completion(**args)
        return dict(answer), {"latency_s": time.perf_counter() - t0, "retries": 0}

