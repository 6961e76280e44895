"""Summary metrics: ``evaluate()`` (ROUGE, extractiveness, support, faithfulness, coherence,
semantic similarity, with bootstrap intervals) and meta-evaluation against human judgments.
Support and faithfulness scorers live in ``summarize.provenance``. Heavy parts (pandas,
sentence-transformers) load lazily.

Example:
    >>> from summarize.metrics import rouge_scores
    >>> round(rouge_scores("Rain fell.", ["Rain fell all night."])["rouge1"].fmeasure, 2)
    0.67
"""

from __future__ import annotations

from .._lazy import lazy_exports

# public name -> submodule that defines it (no submodule may share a public function's name:
# importing the submodule would shadow the function on this package)
_EXPORTS = {
    "evaluate": "evaluation",
    "EvalResult": "evaluation",
    "bootstrap_ci": "evaluation",
    "rouge_scores": "rouge",
    "tokenize_for_rouge": "rouge",
    "extractiveness": "extractive_stats",
    "fragments": "extractive_stats",
    "semantic_similarity": "similarity",
    "kendall_table": "metaeval",
    "coherence_issues": "coherence",
    "coherence_score": "coherence",
    "coherence_stats": "coherence",
    "CoherenceIssue": "coherence",
    "meta_evaluate": "metaeval",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
