"""Provenance: which source sentences support each summary sentence (lexical LCS or MiniLM
embeddings, pluggable scorers). Below ``methods`` and ``metrics``: both may import it.

Example:
    >>> from summarize.provenance import sentence_support
    >>> sentence_support(["Dogs bark."], ["Cats purr.", "Dogs bark."])[0].source_indices
    (1,)
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "sentence_support": "support",
    "support_matrix": "support",
    "support_stats": "support",
    "support_figures": "support",
    "reusable_support": "support",
    "get_scorer": "support",
    "SupportScorer": "support",
    "LexicalScorer": "support",
    "EmbeddingScorer": "support",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
