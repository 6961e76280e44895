"""Issue 12 on the local corpora ($SUMMARIZE_DATA): no sentence out of context at any length,
lead always a prefix, and lower-cased text split and summarized like cased text.

The README table comes from ``benchmarks/coherence_lengths.py`` (same checks, all articles).
"""

import json

import numpy as np
import pytest

pytest.importorskip("nltk")  # metrics extra: ROUGE with stemming

from summarize import summarize
from summarize.text.cleaning import clean_text
from summarize.metrics.coherence import coherence_issues
from summarize.metrics.rouge import rouge_scores
from summarize.text.sentences import split_sentences

METHODS = ["auto", "lead", "textrank", "lexrank", "centroid", "mmr"]
LENGTHS = [None, 30, 45, 60]
DANGLING = {"dangling_opener", "orphan_colon", "unbalanced_quote"}


@pytest.fixture(scope="module")
def xsum_rows(shared_dir):
    with open(shared_dir / "corpora" / "xsum_sample.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r for r in rows if clean_text(r["source"]).strip()]


def _check(rows, method, words):
    dangling = broken = 0
    for row in rows:
        s = summarize(row["source"], method=method, words=words)
        kinds = {i.kind for i in coherence_issues(s)}
        dangling += bool(kinds & DANGLING)
        if method == "lead":
            prefix = list(s.selected) == list(range(len(s.selected)))
            only_first_shortened = all(not sup.kept for sup in s.support[1:])
            broken += not (prefix and only_first_shortened) or "broken_lead" in kinds
    return dangling / len(rows), broken


@pytest.mark.timeout(900)
@pytest.mark.parametrize("method", METHODS)
def test_summeval_no_dangling_and_lead_prefix(summeval_rows, method):
    for words in LENGTHS:
        share, broken = _check(summeval_rows, method, words)
        assert share <= 0.02, (method, words, share)
        assert broken == 0


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("method", METHODS)
def test_xsum_no_dangling_and_lead_prefix(xsum_rows, method):
    rows = xsum_rows[:160]
    for words in LENGTHS:
        share, broken = _check(rows, method, words)
        assert share <= 0.02, (method, words, share)
        assert broken == 0


@pytest.mark.timeout(600)
def test_lower_cased_xsum_splits_and_scores_like_cased(xsum_rows):
    cased = sum(len(split_sentences(clean_text(r["source"]))) for r in xsum_rows)
    lower = sum(len(split_sentences(clean_text(r["source"].lower()))) for r in xsum_rows)
    assert abs(lower - cased) <= 0.1 * cased

    def lead3_r1(lowercase):
        scores = []
        for r in xsum_rows:
            text = r["source"].lower() if lowercase else r["source"]
            s = summarize(text, method="lead3")
            scores.append(100 * rouge_scores("\n".join(s.sentences), r["reference"],
                                             ("rouge1",))["rouge1"].fmeasure)
        return float(np.mean(scores))

    assert abs(lead3_r1(True) - lead3_r1(False)) <= 0.5


def test_lower_cased_paragraphs_split_within_lines():
    # scraped text often keeps whole paragraphs on one line
    text = ("the council met on monday. it approved the budget of $4.5 million. "
            "mr. jones, the mayor, said the u.s. grant helped. critics disagreed.")
    assert len(split_sentences(text)) == 4
