"""benchmarks/bench_web.py end to end on a few corpus pages (read from SUMMARIZE_DATA), and the
extraction metric on hand-made pairs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from summarize.bench.extraction import extraction_scores, junk_sentences, page_scores

ROOT = Path(__file__).resolve().parents[2]


def test_metric_counts_repeats_and_empty_predictions():
    truth = "one two three four five six seven"
    assert page_scores(truth, truth) == (1.0, 1.0)
    p, r = page_scores(truth, truth + " " + truth)  # everything twice: half is extra
    assert p == pytest.approx(4 / 11) and r == 1.0
    assert page_scores(truth, "") == (0.0, 0.0) and page_scores("", "") == (1.0, 1.0)
    scores = extraction_scores([(truth, truth), (truth, "")])
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["f1"] == 0.5


def test_junk_is_half_or_more_outside_the_body():
    body = "the river rose two metres overnight and the roads were closed"
    # 0 of 2 shingles outside the body; 5 of 7; 0 of 3; 1 of 2 (half counts as junk)
    assert junk_sentences(["the river rose two metres",
                           "the river rose two metres and then some cookies here",
                           "overnight and the roads were closed",
                           "the roads were closed today"], body) == [False, True, False, True]


def test_bench_web_script_on_three_pages(tmp_path, shared_dir):
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "benchmarks" / "bench_web.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "web.json"
    assert bench.main(["--limit", "3", "--no-newspaper", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["pages"] == 3 and report["cpu"] and report["loadavg_before"]
    assert set(report["systems"]) >= {"summarize", "trafilatura", "markup stripped"}
    for row in report["systems"].values():
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 and row["ms_per_page"] > 0
    assert 0 <= report["junk"]["summarize"]["share"] <= 1
