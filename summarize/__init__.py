"""summarize: news summarization for notebooks.

    >>> from summarize import summarize
    >>> print(summarize("Rain fell all night. The river rose. Roads closed.", sentences=1))
    Rain fell all night.

Heavy parts (torch, transformers, pandas, sentence-transformers) load only when used.
"""

from __future__ import annotations

from ._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it; resolved on first access to keep import fast
_EXPORTS = {
    "summarize": "api",
    "summarize_many": "api",
    "Summary": "summary",
    "SentenceSupport": "summary",
    "SummaryError": "summary",
    "Sentence": "sentences",
    "split_sentences": "sentences",
    "clean_text": "cleaning",
    "strip_html": "cleaning",
    "tokenize_words": "tokens",
    "count_words": "tokens",
    "LengthRequest": "length",
    "list_methods": "registry",
    "get_summarizer": "registry",
    "register_method": "registry",
    "prepare_document": "document",
    "Document": "document",
    "compare": "comparison",
    "Comparison": "comparison",
    "explore": "explorer",
    "check_summary": "checking",
    "summarize_dataset": "distributed",
    "evaluate": "metrics",
    "sentence_support": "metrics",
    "ModelSummarizer": "models",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
