"""summarize() / summarize_many(): methods, length control, provenance, batches, bad input."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import count_words, list_methods, summarize, summarize_many
from summarize.summary import SummaryError

EXTRACTIVE = ["auto", "lead", "textrank", "lexrank", "centroid", "mmr"]

ARTICLE = (
    "The city council voted on Tuesday to close the Old Mill Bridge to cars after engineers found "
    "corrosion in its supports. The bridge carries 18,000 vehicles a day across the river. "
    "Drivers will be diverted to the Harbour Road crossing, adding six minutes to commutes. "
    "Cyclists and pedestrians may still use the bridge. Who will pay? "
    "A full repair of the bridge would cost $42 million and take two years, engineers said. "
    "Replacing the bridge would cost about $65 million. Two councillors voted against the closure. "
    "Local shops fear losing customers who drive across the bridge."
)


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_every_method_gives_provenance(method):
    s = summarize(ARTICLE, method=method, sentences=2)
    assert s.method == method and 1 <= len(s.sentences) <= 2
    assert list(s.selected) == sorted(s.selected)
    for sent, idx, (start, end) in zip(s.sentences, s.selected, s.spans):
        assert s.source[start:end] == sent == s.source_sentences[idx].text
    assert [sup.source_indices for sup in s.support] == [(i,) for i in s.selected]
    assert s.text == " ".join(s.sentences)


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("words", [5, 12, 30, 60])
def test_word_budget_never_exceeded(method, words):
    s = summarize(ARTICLE, method=method, words=words)
    assert 0 < s.n_words <= words


def test_ratio_and_sentences():
    n = len(summarize(ARTICLE, method="lead", ratio=1.0).source_sentences)
    assert len(summarize(ARTICLE, method="lead", ratio=0.25).sentences) == int(np.ceil(0.25 * n))
    assert summarize(ARTICLE, method="lead", sentences=2).selected == (0, 1)


def test_auto_default_is_paragraph_sized_and_skips_questions():
    s = summarize(ARTICLE)
    assert 2 <= len(s.sentences) and s.n_words <= 75
    assert "Who will pay?" not in s.text
    assert s.params["default_length"] is True


def test_mmr_differs_from_centroid_on_redundant_text():
    text = ("The storm hit the coast on Monday. The storm hit the coast on Monday night. "
            "Power failed in 9,000 homes. Schools will reopen on Friday.")
    plain = summarize(text, method="centroid", sentences=2)
    diverse = summarize(text, method="mmr", sentences=2, diversity=0.7)
    assert plain.selected != diverse.selected


def test_params_recorded_and_json_ready():
    s = summarize(ARTICLE, method="lexrank", sentences=2, threshold=0.2)
    d = json.loads(json.dumps(s.to_dict()))
    assert d["params"]["threshold"] == 0.2 and d["params"]["sentences"] == 2
    assert d["method"] == "lexrank" and d["selected"] == list(s.selected)


def test_single_sentence_longer_than_budget_is_cut_at_a_word():
    s = summarize("One very long sentence " + "with many words " * 30 + "ends here.", words=10)
    assert s.n_words <= 10 and s.extra["truncated"] and s.selected == (0,)


def test_fewer_sentences_than_requested():
    s = summarize("Only one sentence here.", sentences=5)
    assert s.sentences == ("Only one sentence here.",)


def test_list_methods_has_descriptions():
    methods = {m.name: m for m in list_methods()}
    assert set(EXTRACTIVE) <= set(methods)
    assert all(m.description for m in methods.values())


@pytest.mark.parametrize(
    "bad, exc, pattern",
    [
        ("", ValueError, "empty"),
        ("   \n\t ", ValueError, "empty"),
        (None, TypeError, "None"),
        (b"bytes text", TypeError, "decode"),
        (123, TypeError, "int"),
        (["a list"], TypeError, "list"),
        ("... !!! ??? ---", ValueError, "no words"),
        ("No comments:\nPost a Comment", ValueError, "boilerplate"),
        ("x" * 20_000_000, ValueError, "limit"),
    ],
)
def test_bad_input_clear_errors(bad, exc, pattern):
    with pytest.raises(exc, match=pattern):
        summarize(bad)


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"sentences": 0}, ValueError), ({"words": -1}, ValueError), ({"ratio": 1.5}, ValueError),
        ({"ratio": 0}, ValueError), ({"sentences": 2.5}, TypeError), ({"words": True}, TypeError),
        ({"method": "no-such-method"}, ValueError), ({"method": "lexrank", "threshold": 2}, ValueError),
        ({"method": "lead", "bogus": 1}, TypeError),
    ],
)
def test_bad_arguments(kwargs, exc):
    with pytest.raises(exc):
        summarize(ARTICLE, **kwargs)


@pytest.mark.parametrize(
    "text",
    [
        "北京是中国的首都。上海是最大的城市。广州在南方。深圳发展很快。",
        "Москва — столица России. Город основан в 1147 году. В нём живут миллионы людей. Метро огромное.",
        "القاهرة هي عاصمة مصر. يعيش فيها ملايين الناس. النيل يمر عبرها. المدينة قديمة جدا.",
    ],
)
@pytest.mark.parametrize("method", EXTRACTIVE)
def test_non_english(text, method):
    s = summarize(text, method=method, sentences=2)
    assert len(s.sentences) == 2 and all(x in text for x in s.sentences)


def test_text_without_punctuation():
    s = summarize("lorem ipsum dolor sit amet consectetur " * 20, words=10)
    assert 0 < s.n_words <= 10


@pytest.mark.timeout(60)  # bounded time: a hang fails the test
def test_binary_noise_bounded():
    rng = np.random.default_rng(0)
    noise = bytes(rng.integers(0, 256, 200_000, dtype=np.uint8)).decode("latin-1")
    s = summarize(noise, method="textrank", words=50)
    assert 0 < s.n_words <= 50


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600), st.sampled_from(EXTRACTIVE), st.integers(1, 40))
def test_any_text_summary_or_clear_error(text, method, words):
    try:
        s = summarize(text, method=method, words=words)
    except ValueError:
        return
    assert s.n_words <= words
    for start, end in s.spans:
        assert s.source[start:end]


def test_summarize_many_keeps_order_and_good_items():
    texts = [ARTICLE, "", None, "Short one. Second one.", b"bytes"]
    results = summarize_many(texts, method="lead", sentences=1, progress=False)
    assert [r.ok for r in results] == [True, False, False, True, False]
    assert isinstance(results[1], SummaryError) and results[1].index == 1
    assert results[2].error_type == "TypeError"
    assert results[3].text == "Short one."
    assert results[0].text == summarize(ARTICLE, method="lead", sentences=1).text


def test_summarize_many_pandas_series():
    pytest.importorskip("pandas")  # metrics/notebook extra: a Series in, a Series out
    import pandas as pd  # the dev extra installs it; the core does not need it
    series = pd.Series(["A b c. D e f.", "G h i. J k l."], index=["x", "y"])
    out = summarize_many(series, method="lead", sentences=1, progress=False)
    assert list(out.index) == ["x", "y"] and out["y"].text == "G h i."


def test_import_is_light():
    # what is imported, not how long it takes (no timing asserts: a busy machine moves them)
    code = ("import sys; import summarize; summarize.summarize('A b. C d.'); "
            "print([m for m in ('torch','transformers','pandas','sentence_transformers') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy = out.stdout
    assert heavy.strip() == "[]"


def test_cli_file_json_and_errors(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = lambda *a, **k: subprocess.run([sys.executable, "-m", "summarize", *a], capture_output=True,
                                         text=True, env=env, **k)
    out = run(str(path), "--method", "lead", "--sentences", "1", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["selected"] == [0]
    out = run("-", "--words", "20", input=ARTICLE)
    assert out.returncode == 0 and 0 < count_words(out.stdout) <= 20
    out = run(str(tmp_path / "missing.txt"))
    assert out.returncode == 1 and "no such file" in out.stderr
    out = run("http://127.0.0.1:9/article", "--timeout", "2")
    assert out.returncode == 1 and "could not fetch" in out.stderr
    out = run("--list-methods")
    assert "textrank" in out.stdout


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_headings_are_not_summary_sentences(method):
    text = ("The council closed the bridge on Tuesday after engineers found corrosion in it.\n"
            "COSTS AND DELAYS\n"
            "A repair would cost $42 million and take two years to complete, engineers said.\n"
            "WHAT COMES NEXT\nPublic meetings on the options will be held in February.")
    for words in (20, 40, 80):
        s = summarize(text, method=method, words=words)
        assert "COSTS" not in s.text and "WHAT COMES" not in s.text
    assert summarize("JUST A HEADLINE").text == "JUST A HEADLINE"
