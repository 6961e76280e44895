"""Summary metrics: ROUGE, extractiveness, support (faithfulness), semantic similarity, and
meta-evaluation against human judgments. Heavy parts (pandas, sentence-transformers) load lazily.

Example:
    >>> from summarize.metrics import sentence_support
    >>> sentence_support(["Dogs bark."], ["Cats purr.", "Dogs bark."])[0].source_indices
    (1,)
"""

from __future__ import annotations

from .._lazy import lazy_exports

# public name -> submodule that defines it (no submodule may share a public function's name:
# importing the submodule would shadow the function on this package)
_EXPORTS = {
    "sentence_support": ".provenance.support",
    "support_matrix": ".provenance.support",
    "SupportScorer": ".provenance.support",
    "LexicalScorer": ".provenance.support",
    "EmbeddingScorer": ".provenance.support",
    "get_scorer": ".provenance.support",
    "support_stats": ".provenance.support",
    "evaluate": "evaluation",
    "EvalResult": "evaluation",
    "bootstrap_ci": "evaluation",
    "rouge_scores": "rouge",
    "tokenize_for_rouge": "rouge",
    "extractiveness": "extractive_stats",
    "fragments": "extractive_stats",
    "semantic_similarity": "similarity",
    "kendall_table": "metaeval",
    "meta_evaluate": "metaeval",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
