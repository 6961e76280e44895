"""Benchmarks: any summarizer on a news corpus, quality + speed + memory, resumable.

Example:
    >>> from summarize.benchmark import load_corpus, benchmark  # doctest: +SKIP
    >>> table = benchmark("../shared/corpora/summeval.jsonl", ["lead3", "auto"], out="runs/se")  # doctest: +SKIP
"""
