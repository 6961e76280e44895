"""The runner: every (method, document) recorded once, timings and memory, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from benchmark_fixtures import records, write_jsonl
from summarize.bench.corpus import corpus_from_records, load_corpus
from summarize.bench.runner import method_speed, read_run, result_of, run_benchmark

ROOT = Path(__file__).resolve().parents[2]


def _pairs(run):
    return [(r["method"], r["doc_id"]) for r in run.records]


def test_every_method_and_document_recorded_with_timing_and_memory(tmp_path):
    pytest.importorskip("psutil")  # benchmark extra: peak memory
    corpus = corpus_from_records(records())
    run = run_benchmark(corpus, ["lead3", "textrank"], tmp_path / "run", sentences=2,
                        progress=False)
    ids = [d.id for d in corpus]
    assert _pairs(run) == [("lead3", i) for i in ids] + [("textrank", i) for i in ids]
    lead = run.for_method("lead3")
    assert all(r["ok"] and len(r["sentences"]) == 2 and r["latency_s"] > 0 for r in lead)
    assert lead[0]["selected"] == [0, 1]
    assert [s["supported"] for s in lead[0]["support"]] == [True, True]
    # each line is the result's record (the one record schema), under the run's label
    back = result_of(lead[0])
    assert back.method == "lead3" and back.kind == "extractive" and back.selected == (0, 1)
    assert lead[0]["summary"].startswith("Heavy rain fell on the valley")
    assert [s["method"] for s in run.sessions] == ["lead3", "textrank"]
    assert all(s["peak_mem_mb"] > 10 and s["load_s"] >= 0 for s in run.sessions)
    speed = method_speed(lead, run.sessions[:1])
    assert speed["latency_p50_s"] <= speed["latency_p95_s"]
    assert speed["docs_per_s"] == pytest.approx(len(lead) / sum(r["latency_s"] for r in lead),
                                                rel=1e-3)
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert config["length"] == {"sentences": 2}
    assert config["corpus"]["fingerprint"] == corpus.fingerprint()
    assert config["methods"] == ["lead3", "textrank"]
    assert "cpu_count" in config["environment"]


def test_rerun_adds_nothing_and_new_methods_append(tmp_path):
    corpus = corpus_from_records(records(4))
    run_benchmark(corpus, ["lead"], tmp_path, progress=False)
    again = run_benchmark(corpus, ["lead", "centroid"], tmp_path, progress=False)
    assert len(again.records) == 8 and len(set(_pairs(again))) == 8
    assert [s["method"] for s in again.sessions] == ["lead", "centroid"]
    lines = (tmp_path / "outputs.jsonl").read_text().splitlines()
    assert len(lines) == 8


def test_resume_refuses_a_different_run(tmp_path):
    corpus = corpus_from_records(records(3))
    run_benchmark(corpus, ["lead"], tmp_path, sentences=1, progress=False)
    with pytest.raises(ValueError, match="length"):
        run_benchmark(corpus, ["lead"], tmp_path, sentences=2, progress=False)
    with pytest.raises(ValueError, match="corpus"):
        run_benchmark(corpus.limit(2), ["lead"], tmp_path, sentences=1, progress=False)
    with pytest.raises(ValueError, match="parameters of 'mmr'"):
        run_benchmark(corpus, ["mmr"], tmp_path / "b", sentences=1, progress=False,
                      method_params={"mmr": {"diversity": 0.2}})
        run_benchmark(corpus, ["mmr"], tmp_path / "b", sentences=1, progress=False,
                      method_params={"mmr": {"diversity": 0.5}})


def test_partial_last_line_is_cut_and_rerun(tmp_path):
    corpus = corpus_from_records(records(3))
    full = run_benchmark(corpus, ["lead"], tmp_path / "full", progress=False)
    run_benchmark(corpus, ["lead"], tmp_path / "cut", progress=False)
    out = tmp_path / "cut" / "outputs.jsonl"
    data = out.read_bytes()
    out.write_bytes(data[: data.rfind(b"\n", 0, len(data) - 1) + 25])  # third line half written
    assert len(read_run(tmp_path / "cut").records) == 2
    resumed = run_benchmark(corpus, ["lead"], tmp_path / "cut", progress=False)
    assert [r["summary"] for r in resumed.records] == [r["summary"] for r in full.records]
    assert all(json.loads(ln) for ln in out.read_text().splitlines())


def test_bad_articles_become_error_rows_and_the_rest_run(tmp_path):
    rows = records(3)
    rows[1]["source"] = "<div><script>x()</script></div>"  # nothing left after cleaning
    corpus = corpus_from_records(rows)
    run = run_benchmark(corpus, ["lead"], tmp_path, progress=False)
    assert [r["ok"] for r in run.records] == [True, False, True]
    assert "ValueError" in run.records[1]["error"]


def test_malformed_corpus_file_is_benchmarked_on_its_good_rows(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", records(3),
                       ('{"id": "x", "source": ', json.dumps({"id": "e", "source": "",
                                                               "reference": "R."})))
    corpus = load_corpus(path)
    run = run_benchmark(corpus, ["lead"], tmp_path / "run", progress=False)
    assert len(run.records) == 3 and len(corpus.skipped) == 2
    assert [s[0] for s in run.config["corpus"]["skipped"]] == [4, 5]


def test_batching_methods_get_batches(tmp_path):
    from summarize.methods.base import Summarizer
    from summarize.methods.registry import get_summarizer

    class Batching(Summarizer):
        name = "batching-lead"
        batched = True

        def __init__(self):
            self.inner = get_summarizer("lead")
            self.calls = []

        def summarize_document(self, doc, length):
            return self.inner.summarize_document(doc, length)

        def summarize_documents(self, docs, length, progress=False):
            self.calls.append(len(docs))
            return [self.inner.summarize_document(d, length) for d in docs]

    method = Batching()
    run = run_benchmark(corpus_from_records(records(5)), [method], tmp_path, batch_size=2,
                        progress=False)
    assert method.calls == [2, 2, 1]
    assert [r["batch"] for r in run.records] == [2, 2, 2, 2, 1]
    assert run.sessions[0]["batch_size"] == 2


def test_bad_arguments_fail_clearly(tmp_path):
    corpus = corpus_from_records(records(2))
    with pytest.raises(ValueError, match="at least one method"):
        run_benchmark(corpus, [], tmp_path)
    with pytest.raises(ValueError, match="listed twice"):
        run_benchmark(corpus, ["lead", "lead"], tmp_path)
    with pytest.raises(ValueError, match="batch_size"):
        run_benchmark(corpus, ["lead"], tmp_path, batch_size=0)
    with pytest.raises(ValueError, match="unknown method"):
        run_benchmark(corpus, ["no-such-method"], tmp_path, progress=False)


_SCRIPT = textwrap.dedent("""
    import sys, time
    from summarize.methods.base import Summarizer
    from summarize.methods.registry import get_summarizer, register_method
    from summarize.bench.corpus import load_corpus
    from summarize.bench.runner import run_benchmark

    class SlowLead(Summarizer):
        name = "slow-lead"
        def __init__(self):
            self.inner = get_summarizer("lead")
        def summarize_document(self, doc, length):
            time.sleep(0.04)
            return self.inner.summarize_document(doc, length)

    register_method("slow-lead", SlowLead, "lead, slowly (test)")
    run_benchmark(load_corpus(sys.argv[1]), ["slow-lead", "textrank"], sys.argv[2],
                  sentences=2, progress=False)
""")


def test_sigkilled_run_resumes_to_the_same_results(tmp_path):
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(5) for r in records()]  # 30 documents
    corpus_path = write_jsonl(tmp_path / "c.jsonl", rows)
    script = tmp_path / "bench.py"
    script.write_text(_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(out: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(script), str(corpus_path), str(out)],
                              env=env, capture_output=True, text=True, timeout=120)

    assert run(tmp_path / "whole").returncode == 0
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, str(script), str(corpus_path), str(out)], env=env)
    outputs = out / "outputs.jsonl"
    deadline = time.time() + 60
    while time.time() < deadline:
        if outputs.exists() and outputs.read_text().count("\n") >= 5:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = outputs.read_text().count("\n")
    assert 5 <= written < 30, "the kill must land part-way (in the first method)"
    done = run(out)
    assert done.returncode == 0, done.stderr
    whole, resumed = read_run(tmp_path / "whole"), read_run(out)
    keys = ["method", "doc_id", "ok", "summary", "selected", "n_words"]
    assert [{k: r.get(k) for k in keys} for r in resumed.records] == \
        [{k: r.get(k) for k in keys} for r in whole.records]
    lines = outputs.read_text().splitlines()
    assert len(lines) == 60 and len({(json.loads(ln)["method"], json.loads(ln)["doc_id"])
                                     for ln in lines}) == 60
    # the killed session never finished, so only the resuming session's stats are there
    assert [s["method"] for s in resumed.sessions] == ["slow-lead", "textrank"]
    assert resumed.sessions[0]["n_docs"] == 30 - written
