"""Hostile input shapes: every one gives a summary (or score) or a clear ValueError/TypeError,
never a hang, a memory flood or a deep traceback.

The shapes run one after another in ONE child process (one import), each under an alarm that
names a shape that hangs; the child reports each outcome and its peak resident memory so far
(VmHWM, else ru_maxrss), which must stay under 1 GB. pytest-timeout guards the whole; nothing
asserts a time. Hypothesis adds random texts (any code point, surrogates included) in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import summarize, summarize_many
from summarize.summary import Summary, SummaryError

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT_MB = 1024
SHAPE_ALARM_S = 120  # a hang guard per shape (a loaded 2-core machine is slow), not a target

# name -> (python expression building the input, what to run on it). Sizes are those of the
# issue where it names one; the others are our own.
SHAPES = {
    # the shapes
    "one line of 20k short sentences": ('"Rain fell. " * 20_000', "auto"),
    "20k dashes": ('"Rain fell hard. " + "-" * 20_000 + " more words"', "auto"),
    "200k dashes (count_words)": ('"-" * 200_000', "count_words"),
    "emoji run": ('"Rain fell. " + "\\U0001F600" * 200_000', "auto"),
    "ideographic full stops": ('"\\u96e8\\u3002" * 150_000', "auto"),
    "&amp; x 300k": ('"&amp;" * 300_000', "auto"),
    "40 apostrophes": ('"Rain fell." + "\'" * 40 + "x more"', "auto"),
    "textrank on 20k short lines": ('"\\n".join(f"Line {i} says w{i % 97}." '
                                    'for i in range(20_000))', "textrank"),
    "lexrank on 100k identical lines": ('"\\n".join(["Same line here."] * 100_000)', "lexrank"),
    "auto on 100k identical lines": ('"\\n".join(["Same line here."] * 100_000)', "auto"),
    "1.9 MB of news, textrank": ("news(1_900_000)", "textrank"),
    "1.9 MB of news, auto": ("news(1_900_000)", "auto"),
    "ROUGE-Lsum of two 1 MB texts": ("news(1_000_000)", "rougeLsum"),
    "ROUGE-L of two 1 MB texts": ("news(1_000_000)", "rougeL"),
    "lone surrogates": ('"Rain fell\\ud800 all night. Roads \\udfff shut."', "auto"),
    # our own
    "over the size limit": ('"Rain fell. " * 250_000', "auto"),
    "one 1 MB word": ('"a" * 1_000_000', "auto"),
    "1 MB of punctuation": ('"!? ." * 250_000', "auto"),
    "deeply nested HTML": ('"<div>" * 100_000 + "Rain fell. Roads shut." + "</div>" * 100_000',
                           "auto"),
    "400 lines x 500 distinct words": ('"\\n".join(" ".join(f"w{i}x{j}" for j in range(500))'
                                         ' + "." for i in range(400))', "lexrank"),
    "combining marks": ('"Rain fell" + "e\\u0301" * 300_000 + ". Roads shut."', "auto"),
    "bidi controls": ('("\\u202eRain fell. \\u2066Roads\\u2069 shut. " * 20_000)', "auto"),
    "NUL and control characters": ('("Rain\\x00 fell.\\x07\\x1b[31m Roads shut.\\r" * 30_000)',
                                   "auto"),
    "one line of 50k words, MMR": ('" ".join(f"w{i % 5000}" for i in range(50_000))', "mmr"),
    "ROUGE-Lsum, 5k one-word sentences": ('" ".join(f"w{i % 50}." for i in range(20_000))',
                                          "rougeLsum"),
}

_CHILD = textwrap.dedent('''
    import json, random, resource, signal, sys, time
    from summarize import summarize
    from summarize.text.tokens import count_words
    from summarize.metrics.rouge import rouge_scores

    def news(n_chars):
        # news-like text from our own word list: sentences of 8-30 words, paragraphs
        rng = random.Random(n_chars)
        words = ("the council said on monday that rain fell across the valley while officials "
                 "closed roads schools and bridges after the river rose two metres farmers moved "
                 "cattle prices of grain climbed as traders expected delays ministers promised "
                 "aid within days").split()
        out, size = [], 0
        while size < n_chars:
            s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
            s = s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", "!"])
            out.append(s + ("\\n" if rng.random() < 0.2 else " "))
            size += len(s) + 1
        return "".join(out)[:n_chars]

    def peak_mb():
        # VmHWM: this process's own peak. ru_maxrss survives execve on Linux, so in a child of a
        # big pytest process it would report the parent's peak instead.
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    class Hang(Exception):
        pass

    def alarm(*_):
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    shapes = json.loads(sys.argv[1])
    for name, (expr, action) in shapes.items():
        signal.alarm(int(sys.argv[2]))
        t0 = time.perf_counter()
        try:
            text = eval(expr)
            if action == "count_words":
                outcome = f"count {count_words(text)}"
            elif action.startswith("rouge"):
                other = text[len(text) // 3:] + text[:len(text) // 3]
                s = rouge_scores(text, other, rouge_types=(action,))[action]
                outcome = f"score {s.fmeasure:.3f}"
            else:
                r = summarize(text, method=action)
                r.text.encode("utf-8")  # writable everywhere
                outcome = f"summary {len(r.text)} chars"
        except Hang:
            outcome = "HANG"
        except (ValueError, TypeError) as exc:
            outcome = f"{type(exc).__name__}: {str(exc)[:120]}"
        except BaseException as exc:
            outcome = f"CRASH {type(exc).__name__}: {str(exc)[:200]}"
        signal.alarm(0)
        rss = peak_mb()
        print(json.dumps({"shape": name, "outcome": outcome,
                          "seconds": round(time.perf_counter() - t0, 2),
                          "peak_rss_mb": round(rss)}), flush=True)
''')


@pytest.fixture(scope="module")
def shape_results() -> dict[str, dict]:
    pytest.importorskip("nltk")  # metrics extra: the ROUGE shapes
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", _CHILD, json.dumps(SHAPES),
                           str(SHAPE_ALARM_S)], env=env, capture_output=True, text=True,
                          timeout=1500)
    rows = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["shape"]] = row
    if not rows:
        pytest.fail(f"the stress child produced nothing (rc {proc.returncode}): "
                    f"{proc.stderr[-2000:]}")
    return rows


@pytest.mark.timeout(1600)
@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.slow
def test_shape_gives_a_result_or_a_clear_error_in_bounded_memory(shape, shape_results):
    row = shape_results.get(shape)
    assert row is not None, f"the child died before or during {shape!r} (killed for memory?)"
    outcome = row["outcome"]
    assert outcome != "HANG", f"{shape}: no answer within {SHAPE_ALARM_S} s"
    assert not outcome.startswith("CRASH"), f"{shape}: {outcome}"
    assert outcome.split()[0] in ("summary", "score", "count", "ValueError:", "TypeError:"), \
        outcome
    assert row["peak_rss_mb"] < MEMORY_LIMIT_MB, row


@pytest.mark.slow
def test_the_clear_errors_are_the_expected_ones(shape_results):
    assert shape_results["over the size limit"]["outcome"].startswith("ValueError: text is")
    assert "no words" in shape_results["1 MB of punctuation"]["outcome"]
    assert shape_results["&amp; x 300k"]["outcome"].startswith("ValueError")
    assert shape_results["lone surrogates"]["outcome"].startswith("summary")
    assert shape_results["200k dashes (count_words)"]["outcome"] == "count 0"


# ---------------------------------------------------------------- hypothesis, in process

_ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF),
                    max_size=400)
_NEWSY = st.lists(st.sampled_from(["Rain", "fell", ".", "Mr.", "U.S.", "'", "''", "``", "!",
                                   "?", "\u3002", "\u2026", "\n", " ", "-", "&amp;", "<p>",
                                   "\ud800", "3.5", "\u00e9", "\U0001F600", "\"", "(", ")"]),
                  max_size=300).map(" ".join)


@pytest.mark.timeout(300)
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(_ANY_TEXT, _NEWSY),
       method=st.sampled_from(["auto", "lead", "textrank", "lexrank", "mmr"]))
def test_random_text_gives_a_writable_summary_or_a_clear_error(text, method):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = summarize(text, method=method, sentences=2)
        except (ValueError, TypeError) as exc:
            assert str(exc) and "Traceback" not in str(exc)
            return
    assert isinstance(result, Summary)
    result.text.encode("utf-8")
    for s in result.sentences:
        assert s in result.source or s.endswith("\u2026")


@pytest.mark.timeout(300)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.one_of(_NEWSY, st.none(), st.integers(), st.binary(max_size=20)),
                      max_size=6))
def test_batches_keep_order_and_isolate_bad_items(texts):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = summarize_many(texts, method="lead", sentences=1, progress=False)
    assert len(out) == len(texts)
    for i, (item, res) in enumerate(zip(texts, out)):
        assert isinstance(res, (Summary, SummaryError))
        if not isinstance(item, str):
            assert isinstance(res, SummaryError) and res.index == i


def test_collections_that_are_not_lists_of_texts_are_refused():
    pytest.importorskip("pandas")  # metrics extra: DataFrame/Series inputs
    import pandas as pd

    frame = pd.DataFrame({"id": [1], "article": ["Rain fell. Roads shut."]})
    with pytest.raises(TypeError, match=r"summarize_many\(df\['article'\]\)"):
        summarize_many(frame, progress=False)
    with pytest.raises(TypeError, match="dict.*keys"):
        summarize_many({"a": "Rain fell. Roads shut."}, progress=False)
    with pytest.raises(TypeError, match="for one text use summarize"):
        summarize_many("Rain fell. Roads shut.", progress=False)


def test_lone_surrogates_are_replaced_with_a_warning():
    with pytest.warns(UnicodeWarning, match="lone surrogate.*U\\+D800 at character 9"):
        result = summarize("Rain fell\ud800 all night. Roads shut.", sentences=2)
    assert "\ufffd" in result.text and result.text.encode("utf-8")


def test_nan_and_missing_predictions_score_as_empty():
    pytest.importorskip("pandas")  # metrics extra (pip install -e ".[metrics]"): evaluate() tables
    import math

    import pandas as pd

    from summarize.metrics import evaluate

    r = evaluate([math.nan, pd.NA, None, "Rain fell."], references=["Rain fell."] * 4)
    assert r.items["empty"].tolist() == [True, True, True, False]
    assert r.items["rouge1_f"].tolist()[:3] == [0.0, 0.0, 0.0]


def test_eval_cli_names_the_file_and_the_missing_column(tmp_path):
    from summarize.cli.evaluate import main

    latin = tmp_path / "latin.csv"
    latin.write_bytes("summary,reference\nCaf\u00e9 fell.,Rain.\n".encode("latin-1"))
    nopred = tmp_path / "nopred.csv"
    nopred.write_text("id,reference\n1,Rain fell.\n")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("summary,reference\nRain,fell,extra\n")
    for path, needle in ((latin, "not UTF-8"), (nopred, "no prediction field"),
                         (ragged, "more values than header")):
        proc = subprocess.run([sys.executable, "-m", "summarize", "eval", str(path)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert str(path.name) in proc.stderr and needle in proc.stderr, proc.stderr
