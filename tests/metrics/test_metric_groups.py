"""Metric groups: ``evaluate`` finds every ``ItemMetric`` of the ``METRICS`` registry
(extractiveness is one), checks its inputs and tabulates its columns like the built-in ones."""

from __future__ import annotations

import pytest

pytest.importorskip("pandas")  # metrics extra (pip install -e ".[metrics]"): evaluate() tables

from summarize.metrics import evaluate
from summarize.metrics import evaluation
from summarize.metrics.base import ItemMetric
from summarize.metrics.extractive_stats import METRIC, extractiveness


def test_extractiveness_is_a_discovered_group():
    assert evaluation.item_metrics()["extractiveness"] is METRIC
    assert evaluation.metric_groups() == ("rouge", "coherence", "extractiveness", "faithfulness",
                                          "support",
                                          "semantic")
    r = evaluate(["Rain fell all night."], sources=["Rain fell all night. Roads shut."],
                 metrics=["extractiveness"])
    want = extractiveness("Rain fell all night.", "Rain fell all night. Roads shut.")
    assert r.items.loc[0, "coverage"] == pytest.approx(want["coverage"])
    with pytest.raises(ValueError, match="needs sources="):
        evaluate(["Rain fell."], references=["Rain."], metrics=["extractiveness"])


@pytest.fixture
def chars_metric():
    chars = ItemMetric("chars", needs="", compute=lambda pred, refs, src: {"chars": len(pred)})
    evaluation.METRICS.register("chars", chars)  # the public way to add a group
    yield chars
    evaluation.METRICS.unregister("chars")


def test_a_new_group_joins_evaluate(chars_metric):
    r = evaluate(["Rain fell.", None], references=["Rain.", "Roads shut."])
    assert r.items["chars"].tolist() == [10, 0] and "rouge1_f" in r.items
    assert r.summary.loc["chars", "mean"] == pytest.approx(5.0)
    only = evaluate(["Rain fell."], metrics="chars")
    assert list(only.items.columns) == ["chars", "empty"]


def test_registering_a_bad_group_fails_clearly():
    with pytest.raises(TypeError, match="must be a summarize.metrics.base.ItemMetric"):
        evaluation.METRICS.register("bad", lambda pred, refs, src: {})
    with pytest.raises(ValueError, match="taken by a built-in group"):
        evaluation.METRICS.register("rouge", ItemMetric("rouge", "", lambda p, r, s: {}))
    with pytest.raises(ValueError, match="unknown metric group 'nope'; available: rouge, "):
        evaluate(["Rain fell."], references=["Rain."], metrics=["nope"])


def test_item_metric_checks_its_inputs():
    with pytest.raises(ValueError, match="needs must be one of"):
        ItemMetric("x", needs="documents", compute=lambda p, r, s: {})
