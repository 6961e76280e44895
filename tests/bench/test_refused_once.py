"""A document every method refuses (over MAX_CHARS) is skipped once when the corpus loads:
never run, split or scored again per method, and the run says which line and why."""

from __future__ import annotations

import pytest

from benchmark_fixtures import records, write_jsonl
from summarize.bench.corpus import load_corpus
from summarize.bench.suite import benchmark
from summarize.text.cleaning import MAX_CHARS


@pytest.mark.timeout(300)
def test_an_oversized_article_is_skipped_once_and_named(tmp_path):
    pytest.importorskip("pandas")  # the benchmark tables: benchmark/metrics extra
    huge = {"id": "huge", "source": "Rain fell on the valley. " * (MAX_CHARS // 25 + 10),
            "reference": "Rain fell."}
    path = write_jsonl(tmp_path / "c.jsonl", records(3) + [huge])
    corpus = load_corpus(path)
    assert [d.id for d in corpus.docs] == [r["id"] for r in records(3)]
    (skip,) = corpus.skipped
    assert skip.line == 4 and skip.id == "huge" and "over the 2,000,000-character" in skip.reason

    table = benchmark(corpus, ["lead", "textrank"], tmp_path / "run", published=None,
                      plots=False, progress=False, sentences=1)
    assert list(table["n_docs"]) == [3, 3] and list(table["n_errors"]) == [0, 0]
    assert "huge" in (tmp_path / "run" / "report.md").read_text()
