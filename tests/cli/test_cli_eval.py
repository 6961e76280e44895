"""python -m summarize eval over JSONL and CSV files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

pytest.importorskip("pandas")  # metrics extra: `summarize eval` tables

from summarize.cli.evaluate import main  # noqa: E402

SOURCE = "Rain fell all night. The river rose two metres. Schools were closed on Tuesday."
ROWS = [
    {"id": "a", "summary": "The river rose two metres.", "reference": "The river rose.",
     "source": SOURCE},
    {"id": "b", "summary": "Aliens closed the schools.",
     "reference": ["Schools were closed.", "Schools shut."], "source": SOURCE},
]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_eval_one_jsonl_file_json_output_and_items(tmp_path, capsys):
    items = tmp_path / "items.csv"
    rc = main([_jsonl(tmp_path / "out.jsonl", ROWS), "--id-field", "id", "--json",
               "--items", str(items), "--n-boot", "50"])
    assert rc == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n_items"] == 2
    assert set(payload["params"]["metrics"]) == {"rouge", "extractiveness", "support",
                                                 "faithfulness", "coherence"}
    assert 0 < payload["summary"]["rouge1_f"]["mean"] <= 1
    assert 0 <= payload["summary"]["faithfulness"]["mean"] <= 1
    assert payload["summary"]["unsupported_share"]["mean"] == 0.5
    with open(items, newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [r["item"] for r in table] == ["a", "b"]


def test_eval_separate_csv_files(tmp_path, capsys):
    preds, refs = tmp_path / "p.csv", tmp_path / "r.csv"
    with open(preds, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerows([["prediction"], ["北京今天下雨了。"], ["The cat sat."]])
    with open(refs, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerows([["reference"], ["北京今天下大雨。"], [json.dumps(["A dog.", "The cat sat."])]])
    assert main([str(preds), "--references", str(refs), "--n-boot", "20"]) == 0
    out = capsys.readouterr().out
    assert "EvalResult(2 items" in out and "rouge1_f" in out


def test_eval_errors(tmp_path, capsys):
    path = _jsonl(tmp_path / "x.jsonl", ROWS)
    assert main([path, "--pred-field", "nope"]) == 1
    assert "no field 'nope'" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n", encoding="utf-8")
    assert main([str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err
    short = _jsonl(tmp_path / "refs.jsonl", ROWS[:1])
    assert main([path, "--references", short]) == 1
    assert "2 predictions but 1 references" in capsys.readouterr().err


def test_eval_is_a_summarize_subcommand(tmp_path):
    path = _jsonl(tmp_path / "out.jsonl", ROWS)
    proc = subprocess.run([sys.executable, "-m", "summarize", "eval", path, "--metrics", "rouge",
                           "--n-boot", "20"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "rougeLsum_f" in proc.stdout and "coverage" not in proc.stdout
