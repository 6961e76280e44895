"""Meta-evaluation: Kendall tau of metrics with human judgments, at summary and system level."""

from __future__ import annotations

import numpy as np
import pytest
pd = pytest.importorskip("pandas")  # metrics extra: meta-evaluation tables

from summarize.metrics.metaeval import (
    kendall_table,
    meta_evaluate,
    summary_level_tau,
    system_level_tau,
)
from summarize.metrics.rouge import rouge_scores


def _toy() -> pd.DataFrame:
    rows = []
    human = {"d1": [5, 4, 2, 1], "d2": [1, 2, 4, 5], "d3": [3, 3, 3, 3]}
    for doc, hs in human.items():
        for k, (system, h) in enumerate(zip("abcd", hs)):
            rows.append({"doc_id": doc, "system": system, "good": h + 0.1 * k, "bad": -h,
                         "human": h, "other": k})
    return pd.DataFrame(rows)


def test_perfect_and_inverted_metrics():
    t = meta_evaluate(_toy(), ["good", "bad"], ["human", "other"])
    assert t.loc["good", ("summary", "human")] == pytest.approx(1.0)
    assert t.loc["bad", ("summary", "human")] == pytest.approx(-1.0)
    assert list(t.columns.get_level_values("level")) == ["summary", "summary", "system", "system"]
    long = kendall_table(_toy(), ["good"], ["human"])
    row = long[(long.level == "summary")].iloc[0]
    assert row.n == 2  # d3 has constant human scores: no tau, left out


def test_matrix_helpers():
    m = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, np.nan]])
    h = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    tau, n = summary_level_tau(m, h)
    assert n == 2 and tau == pytest.approx((1.0 - 1.0) / 2)
    assert system_level_tau(np.array([[1, 2], [1, 2]]), np.array([[2, 3], [4, 5]])) == 1.0
    with pytest.raises(ValueError, match="one shape"):
        summary_level_tau(np.zeros((2, 3)), np.zeros((3, 2)))


def test_bad_tables_are_rejected():
    with pytest.raises(ValueError, match="columns not in data"):
        meta_evaluate(_toy(), ["nope"], ["human"])
    dup = pd.concat([_toy(), _toy().iloc[:1]])
    with pytest.raises(ValueError, match="duplicate"):
        meta_evaluate(dup, ["good"], ["human"])


def test_rouge1_consistency_tau_on_summeval_matches_the_published_protocol(summeval_rows):
    """The issue's reference figure: ROUGE-1 (stemmed, one reference) vs consistency, 0.135."""
    rows = []
    for row in summeval_rows:
        for system, out in row["systems"].items():
            r1 = rouge_scores(out["summary"], row["reference"], rouge_types=["rouge1"])["rouge1"]
            rows.append({"doc_id": row["id"], "system": system, "rouge1_f": r1.fmeasure,
                         "consistency": out["consistency"]})
    t = meta_evaluate(pd.DataFrame(rows), ["rouge1_f"], ["consistency"])
    assert t.loc["rouge1_f", ("summary", "consistency")] == pytest.approx(0.1345, abs=5e-4)
