"""Model-backed summarizers (transformers + torch): encoder-decoders (BART, PEGASUS, T5, LED)
and decoder-only LMs (chat or base, GGUF included) behind ``summarize()``/``summarize_many()``.

The registry lists ``"gemma-270m"`` and resolves hub ids / paths to ``ModelSummarizer``. Loading,
devices, precision and decoding live in ``summarize.runtime``; torch and transformers are
imported only when a model is loaded.

Example:
    >>> from summarize import summarize_many
    >>> summarize_many(articles, method="facebook/bart-large-cnn", words=60)  # doctest: +SKIP
"""

from __future__ import annotations

from .aliases import GEMMA_ALIAS
from .generate import GenerationSettings
from .summarizer import MODES, ModelSummarizer

__all__ = [
    "ModelSummarizer",
    "GenerationSettings",
    "MODES",
    "GEMMA_ALIAS",
]
