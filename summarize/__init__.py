"""summarize: news summarization for notebooks.

    >>> from summarize import summarize
    >>> print(summarize("Rain fell all night. The river rose. Roads closed.", sentences=1))
    Rain fell all night.

Heavy parts (torch, transformers, pandas, sentence-transformers) load only when used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
