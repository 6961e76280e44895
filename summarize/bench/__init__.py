"""Benchmarks: any summarizer on a news corpus, quality + speed + memory, resumable.

- ``load_corpus``: JSONL / CSV / SummEval / XSum / Hugging Face data sets; bad rows reported;
- ``benchmark``: run methods (and sumy peers), add the corpus's published systems, score all of
  them with ``summarize.metrics.evaluate``, write table, report and plots; returns a DataFrame;
- ``run_benchmark`` / ``read_run``: the resumable runner alone (append-only JSONL per run).

Example:
    >>> from summarize.bench import benchmark  # doctest: +SKIP
    >>> table = benchmark("../shared/corpora/summeval.jsonl", ["lead3", "auto"],
    ...                   out="runs/summeval", published="headline")  # doctest: +SKIP

Command line: ``python -m summarize bench --corpus FILE --methods lead3,auto --out DIR``.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "benchmark": "suite",
    "tables_from_run": "suite",
    "load_corpus": "corpus",
    "corpus_from_records": "corpus",
    "Corpus": "corpus",
    "CorpusDoc": "corpus",
    "SkippedRow": "corpus",
    "run_benchmark": "runner",
    "read_run": "runner",
    "RunResult": "runner",
    "score_records": "scoring",
    "published_records": "published",
    "available_peers": ".methods.peers",
    "markdown_table": "report",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
