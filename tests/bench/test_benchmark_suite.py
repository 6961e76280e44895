"""benchmark(): table, report and plots; the bench CLI; the published page."""

from __future__ import annotations

import json

import pytest

from benchmark_fixtures import ARTICLES, records, write_jsonl
from summarize.bench.corpus import corpus_from_records, load_corpus
from summarize.bench.scoring import score_records
from summarize.bench.suite import benchmark
from summarize.cli import main as cli_main
from summarize.metrics import evaluate

pytest.importorskip("pandas")  # benchmark extra: tables
pytest.importorskip("matplotlib")  # benchmark extra: plots


def _with_systems(n=4):
    rows = []
    for doc_id, source, ref in ARTICLES[:n]:
        rows.append({"id": doc_id, "source": source, "reference": ref,
                     "references": [ref, "A second reference."],
                     "systems": {"M0": {"summary": source.split(". ")[0] + "."},
                                 "M22": {"summary": ref}}})
    return rows


def test_table_rows_match_evaluate_on_the_same_outputs(tmp_path):
    corpus = corpus_from_records(_with_systems())
    table = benchmark(corpus, ["lead3", "textrank"], tmp_path, published="all", sentences=2,
                      progress=False, plots=False)
    assert list(table["method"]) == ["lead3", "textrank", "M0 Lead-3", "M22 BART"]
    assert list(table["kind"]) == ["ours", "ours", "published", "published"]
    # the published M22 output is the reference itself: ROUGE 100 with a zero-width interval
    m22 = table.set_index("method").loc["M22 BART"]
    assert m22["rouge1"] == pytest.approx(100) and m22["rouge1_lo"] == pytest.approx(100)
    assert m22[["latency_p50_s", "docs_per_s"]].isna().all()
    # our row equals evaluate() run directly on the recorded summaries
    outputs = [json.loads(x) for x in (tmp_path / "outputs.jsonl").read_text().splitlines()]
    lead = [o["summary"] for o in outputs if o["method"] == "lead3"]
    direct = evaluate(lead, [[d.reference] for d in corpus], [d.source for d in corpus],
                      metrics=("rouge",)).summary
    row = table.set_index("method").loc["lead3"]
    for col in ("rouge1", "rouge2", "rougeLsum"):
        assert row[col] == pytest.approx(100 * direct.loc[f"{col}_f", "mean"])
        assert row[f"{col}_lo"] == pytest.approx(100 * direct.loc[f"{col}_f", "ci_low"])
    assert row["latency_p50_s"] > 0 and row["docs_per_s"] > 0 and row["peak_mem_mb"] > 0
    assert row["coverage"] == pytest.approx(1.0) and row["supported"] == pytest.approx(1.0)
    # lead3 picks the first two sentences, exactly what M0 would be at that length
    assert row["words_mean"] > table.set_index("method").loc["M0 Lead-3", "words_mean"]
    assert (tmp_path / "table.csv").exists() and (tmp_path / "report.md").exists()
    report = (tmp_path / "report.md").read_text()
    assert "| lead3 | ours | 4 |" in report and "sentences=2" in report


def test_failed_documents_count_as_empty_and_are_reported(tmp_path):
    rows = records(3)
    rows[1]["source"] = "<div><script>x()</script></div>"
    corpus = corpus_from_records(rows)
    table = benchmark(corpus, ["lead"], tmp_path, published=None, progress=False, plots=False)
    assert table.loc[0, "n_errors"] == 1
    ok = [{"method": "lead", "doc_id": r["id"], "ok": True, "summary": r["source"]}
          for r in rows if r["id"] != rows[1]["id"]]
    assert table.loc[0, "rouge1"] < score_records(
        ok + [{"method": "lead", "doc_id": rows[1]["id"], "ok": True,
               "summary": rows[1]["reference"]}], corpus).loc[0, "rouge1"]


def test_all_references_score_at_least_the_first(tmp_path):
    corpus = corpus_from_records(_with_systems(3))
    recs = [{"method": "m", "doc_id": d.id, "ok": True, "summary": "A second reference."}
            for d in corpus]
    first = score_records(recs, corpus, references="first").loc[0, "rouge1"]
    best = score_records(recs, corpus, references="all").loc[0, "rouge1"]
    assert best == pytest.approx(100) and first < 50


def test_plots_are_written(tmp_path):
    corpus = corpus_from_records(_with_systems())
    benchmark(corpus, ["lead3", "auto"], tmp_path, progress=False)
    for name in ("quality_vs_speed", "lengths", "rouge_bars"):
        png = tmp_path / "plots" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 200_000


def test_cli_bench_with_malformed_rows_then_publish(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "c.jsonl", _with_systems(4),
                         ('{"id": "cut", "source": "Tr', json.dumps({"id": "e", "source": " ",
                                                                     "reference": "R."})))
    out = tmp_path / "run"
    code = cli_main(["bench", "--corpus", str(corpus), "--methods", "lead3,centroid",
                     "--published", "headline", "--out", str(out), "--quiet", "--sentences", "2",
                     "--param", "centroid:diversity=0.3"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "4 documents (all), 2 rows skipped" in captured.err
    assert "skipped line 5: malformed JSON" in captured.err
    assert "skipped line 6 (e): empty article" in captured.err
    assert "| centroid | ours | 4 |" in captured.out and "| M22 BART | published |" in captured.out
    config = json.loads((out / "config.json").read_text())
    assert config["method_params"] == {"centroid": {"diversity": 0.3}}
    assert len(config["corpus"]["skipped"]) == 2
    page, plots = tmp_path / "BENCH.md", tmp_path / "docs" / "bench"
    assert cli_main(["bench", "publish", "--run", f"Tiny={out}", "--note", "Tiny=A note.",
                     "--intro", "Intro text.", "--markdown", str(page), "--plots",
                     str(plots)]) == 0
    text = page.read_text()
    assert "## Tiny" in text and "A note." in text and "Intro text." in text
    assert "| lead3 | ours | 4 |" in text and "## Machine and versions" in text
    assert "(docs/bench/run_rouge_bars.png)" in text and (plots / "run_lengths.png").exists()


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert cli_main(["bench", "--corpus", str(tmp_path / "none.jsonl"), "--out",
                     str(tmp_path / "o")]) == 1
    assert "corpus file not found" in capsys.readouterr().err
    path = write_jsonl(tmp_path / "c.jsonl", records(2))
    assert cli_main(["bench", "--corpus", str(path), "--out", str(tmp_path / "o"),
                     "--param", "oops"]) == 1
    assert "expected METHOD:KEY=VALUE" in capsys.readouterr().err
    assert cli_main(["bench", "--corpus", str(path), "--out", str(tmp_path / "o"),
                     "--published", "M22", "--quiet"]) == 1
    assert "M22 are not in" in capsys.readouterr().err


def test_summeval_sample_beside_published_systems(shared_dir, tmp_path):
    corpus = load_corpus(shared_dir / "corpora" / "summeval.jsonl", limit=8)
    table = benchmark(corpus, ["lead3"], tmp_path, published="headline", progress=False,
                      plots=False).set_index("method")
    assert list(table.index) == ["lead3", "M0 Lead-3", "M22 BART", "M23 PEGASUS"]
    # our Lead-3 and SummEval's released Lead-3 pick the same sentences (the released one was
    # lower-cased then re-cased, which ROUGE ignores)
    assert table.loc["lead3", "rouge1"] == pytest.approx(table.loc["M0 Lead-3", "rouge1"], abs=3)
