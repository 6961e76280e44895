"""evaluate(): tidy per-item table, seeded bootstrap intervals, extractiveness, bad input."""

from __future__ import annotations

import numpy as np
import pytest
pd = pytest.importorskip("pandas")  # metrics extra: evaluate() returns DataFrames

import summarize
from summarize.metrics.evaluation import bootstrap_ci, evaluate
from summarize.metrics.extractive_stats import extractiveness, fragments
from summarize.summary import SummaryError

SOURCE = ("Heavy rain fell across the valley on Monday night. The river rose by two metres and "
          "flooded the old town. The mayor closed three schools and opened a shelter in the "
          "stadium. Forecasters expect drier weather by Thursday.")
REFERENCE = "The river flooded the old town after heavy rain. Three schools closed."
PREDS = [
    "The river rose by two metres and flooded the old town. The mayor closed three schools.",
    "Heavy rain fell across the valley on Monday night.",
    "Aliens landed in the stadium and the president resigned.",
]


@pytest.fixture(scope="module")
def result():
    return evaluate(PREDS, references=[REFERENCE] * 3, sources=[SOURCE] * 3, n_boot=200, seed=7)


def test_items_table_has_one_row_per_item_and_all_groups(result):
    items = result.items
    assert isinstance(items, pd.DataFrame) and len(items) == 3
    for col in ("rouge1_f", "rouge2_p", "rougeL_r", "rougeLsum_f", "coverage", "density",
                "compression", "novel_1gram", "novel_4gram", "redundancy", "summary_words",
                "summary_sentences", "support_min", "unsupported_share", "empty"):
        assert col in items.columns, col
    assert "semantic_f" not in items.columns  # the model-backed group is opt-in
    assert items.index.name == "item"
    assert items.loc[0, "unsupported_share"] == 0.0
    assert items.loc[2, "unsupported_share"] == 1.0
    assert items.loc[0, "support_min"] > items.loc[2, "support_min"]
    assert items.loc[0, "rouge1_f"] > items.loc[2, "rouge1_f"]
    assert items.loc[1, "coverage"] == 1.0 and items.loc[2, "coverage"] < 0.6
    assert items.loc[0, "summary_sentences"] == 2


def test_summary_has_means_and_intervals(result):
    s = result.summary
    assert list(s.columns) == ["mean", "ci_low", "ci_high", "n"]
    assert s.loc["rouge1_f", "mean"] == pytest.approx(result.items["rouge1_f"].mean())
    assert (s["ci_low"] <= s["mean"] + 1e-12).all() and (s["mean"] <= s["ci_high"] + 1e-12).all()
    assert "empty" not in s.index
    assert "EvalResult(3 items" in repr(result)
    assert "<table" in result._repr_html_()


def test_same_call_gives_same_intervals_and_seed_matters():
    args = dict(references=[REFERENCE] * 3, sources=[SOURCE] * 3, n_boot=300)
    a = evaluate(PREDS, seed=3, **args).summary
    b = evaluate(PREDS, seed=3, **args).summary
    c = evaluate(PREDS, seed=4, **args).summary
    pd.testing.assert_frame_equal(a, b)
    assert not a["ci_low"].equals(c["ci_low"])


def test_bootstrap_ci_covers_the_mean_and_narrows_with_more_items():
    rng = np.random.default_rng(0)
    small = rng.normal(size=(20, 1))
    large = rng.normal(size=(2000, 1))
    m1, lo1, hi1 = bootstrap_ci(small, seed=0)
    m2, lo2, hi2 = bootstrap_ci(large, seed=0)
    assert lo1[0] < m1[0] < hi1[0] and lo2[0] < m2[0] < hi2[0]
    assert (hi2 - lo2)[0] < (hi1 - lo1)[0] / 4
    with_nan = bootstrap_ci(np.array([[1.0], [np.nan], [3.0]]), seed=0)
    assert with_nan[0][0] == 2.0
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ci(small, confidence=1.5)


def test_multiple_references_and_mixed_shapes():
    r = evaluate(["The cat sat on the mat."],
                 references=[["A dog ran.", "The cat sat on the mat."]], n_boot=10)
    assert r.items.loc[0, "rouge1_f"] == 1.0
    mixed = evaluate(["The cat sat.", "A dog ran."],
                     references=["The cat sat.", ("A dog ran fast.", "The dog ran.")], n_boot=10)
    assert len(mixed.items) == 2 and (mixed.items["rouge1_f"] > 0.5).all()


def test_unicode_predictions_score():
    r = evaluate(["北京今天下雨了。", "Москва объявила новые меры."],
                 references=["北京今天下大雨。", "Москва объявила о новых мерах."], n_boot=10)
    assert (r.items["rouge1_f"] > 0).all()


def test_empty_none_and_failed_items_score_zero_and_are_flagged():
    preds = ["The river flooded the old town.", None, "",
             SummaryError(3, "ValueError", "text is empty")]
    r = evaluate(preds, references=[REFERENCE] * 4, sources=[SOURCE] * 4, n_boot=10)
    assert r.items["empty"].tolist() == [False, True, True, True]
    assert (r.items.loc[1:, "rouge1_f"] == 0).all()
    assert (r.items.loc[1:, "support_min"] == 0).all()
    assert (r.items.loc[1:, "unsupported_share"] == 1).all()
    assert r.items.loc[0, "rouge1_f"] > 0
    assert r.params["n_empty"] == 3


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        evaluate(["a", "b"], references=["a"])
    with pytest.raises(ValueError, match="2 predictions but 3 sources"):
        evaluate(["a", "b"], sources=["a", "b", "c"])
    with pytest.raises(TypeError, match="not a single str"):
        evaluate("one summary", references=["x"])
    with pytest.raises(TypeError, match=r"predictions\[1\]"):
        evaluate(["a", 5], references=["a", "b"])
    with pytest.raises(TypeError, match=r"references\[1\]"):
        evaluate(["a", "b"], references=["a", None])
    with pytest.raises(TypeError, match=r"references\[0\]\[1\]"):
        evaluate(["a"], references=[["a", 3]])
    with pytest.raises(ValueError, match=r"references\[0\] is an empty list"):
        evaluate(["a"], references=[[]])
    with pytest.raises(ValueError, match=r"references\[0\] is empty text"):
        evaluate(["a"], references=["  "])
    with pytest.raises(ValueError, match=r"sources\[0\] is empty"):
        evaluate(["a"], sources=[""])
    with pytest.raises(ValueError, match="nothing to compute"):
        evaluate(["a"])
    with pytest.raises(ValueError, match="needs sources"):
        evaluate(["a"], references=["a"], metrics=["support"])
    with pytest.raises(ValueError, match="unknown metric group"):
        evaluate(["a"], references=["a"], metrics="bleu")


def test_summary_objects_and_series_in():
    summary = summarize.summarize(SOURCE, method="lead", sentences=1)
    r = evaluate([summary], n_boot=10)  # the Summary brings its own source
    assert r.items.loc[0, "coverage"] == 1.0 and r.items.loc[0, "support_min"] == 1.0
    batch = summarize.summarize_many([SOURCE, "   "], method="lead", sentences=1, progress=False)
    rb = evaluate(batch, n_boot=10)  # a failed item needs no source: it scores 0
    assert rb.items["empty"].tolist() == [False, True]
    assert rb.items["support_min"].tolist() == [1.0, 0.0]
    s = pd.Series(PREDS[:2], index=["a", "b"], name="doc")
    r2 = evaluate(s, references=[REFERENCE] * 2, n_boot=10)
    assert list(r2.items.index) == ["a", "b"]
    assert summarize.evaluate is evaluate


def test_extractiveness_figures():
    m = extractiveness("the river rose fast", "rain fell . the river rose fast today")
    assert m["coverage"] == 1.0 and m["density"] == 4.0
    assert m["compression"] == pytest.approx(7 / 4)  # tokens: punctuation does not count
    novel = extractiveness("the river rose slowly", "the river rose fast")
    assert novel["novel_1gram"] == pytest.approx(1 / 4)
    assert novel["novel_2gram"] == pytest.approx(1 / 3)
    assert novel["novel_3gram"] == pytest.approx(1 / 2)
    assert novel["novel_4gram"] == 1.0
    assert extractiveness("a b c a b c", "a b c")["redundancy"] == pytest.approx(1 - 3 / 4)
    assert fragments(list("abxcd"), list("cdab")) == [2, 2]
    zero = extractiveness("", "some source text")
    assert zero["coverage"] == 0.0 and zero["summary_words"] == 0.0
    with pytest.raises(TypeError, match="summary"):
        extractiveness(None, "x")


def test_every_export_is_the_object_not_a_shadowing_submodule():
    import types

    import summarize.metrics as m

    evaluate([PREDS[0]], sources=[SOURCE], n_boot=5)  # imports every lexical submodule
    for name in m.__all__:
        assert not isinstance(getattr(m, name), types.ModuleType), name
