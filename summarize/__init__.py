"""summarize: news summarization for notebooks.

    >>> from summarize import summarize
    >>> print(summarize("Rain fell all night. The river rose. Roads closed.", sentences=1))
    Rain fell all night.

Layers, bottom to top: ``text`` > ``summary`` | ``runtime`` > ``provenance`` > ``methods`` |
``metrics`` > ``api`` > ``distributed`` > ``bench`` > ``notebook`` > ``cli`` (see
docs/ARCHITECTURE.md).
Heavy parts (torch, transformers, pandas, sentence-transformers) load only when used.
"""

from __future__ import annotations

from . import _compat
from ._lazy import lazy_exports
from .summary import Summary, set_html_view

__version__ = "0.1.0"

# public name -> module that defines it; resolved on first access to keep import fast
_EXPORTS = {
    "summarize": "api",
    "summarize_many": "api",
    "Summary": "summary",
    "SentenceSupport": "summary",
    "SummaryError": "summary",
    "Sentence": "text.sentences",
    "split_sentences": "text.sentences",
    "clean_text": "text.cleaning",
    "strip_html": "text.cleaning",
    "tokenize_words": "text.tokens",
    "count_words": "text.tokens",
    "LengthRequest": "text.length",
    "prepare_document": "text.document",
    "Document": "text.document",
    "Summarizer": "methods.base",
    "list_methods": "methods.registry",
    "get_summarizer": "methods.registry",
    "register_method": "methods.registry",
    "ModelSummarizer": "methods.models",
    "evaluate": "metrics",
    "sentence_support": "metrics",
    "summarize_dataset": "distributed",
    "compare": "notebook.comparison",
    "Comparison": "notebook.comparison",
    "explore": "notebook.explorer",
    "check_summary": "notebook.checking",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)


def _summary_html(summary: Summary) -> str:
    """``Summary._repr_html_``: the notebook layer's view (imported when a summary is shown)."""
    from .notebook.display import summary_html

    return summary_html(summary)


_compat.install()  # old import paths (summarize.sentences, summarize.models, ...) still work
set_html_view(_summary_html)
