"""Corpus loading: formats, field options, bad rows reported and skipped, limit and sample."""

from __future__ import annotations

import csv
import json

import pytest

from benchmark_fixtures import ARTICLES, records, write_jsonl
from summarize.bench.corpus import corpus_from_records, load_corpus


def test_bad_rows_are_reported_with_line_and_reason_and_the_rest_kept(tmp_path):
    good = records(3)
    lines = [json.dumps(good[0]),
             '{"id": "broken", "source": "Unclosed',            # 2 malformed JSON
             json.dumps({"id": "nosrc", "reference": "R."}),      # 3 missing source
             json.dumps({"id": "empty", "source": "   \n ", "reference": "R."}),  # 4 empty
             json.dumps(good[1]),
             json.dumps({"id": "noref", "source": "A text. More."}),           # 6 missing ref
             json.dumps(["a", "list"]),                                      # 7 not an object
             json.dumps({"id": good[0]["id"], "source": "Dup. Text.", "reference": "R."}),  # 8
             json.dumps({"id": "num", "source": 42, "reference": "R."}),     # 9 not text
             "",                                                             # blank: ignored
             json.dumps(good[2])]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert [d.id for d in corpus] == [r["id"] for r in good]
    reasons = {s.line: s.reason for s in corpus.skipped}
    assert sorted(reasons) == [2, 3, 4, 6, 7, 8, 9]
    assert reasons[2].startswith("malformed JSON")
    assert "missing field 'source'" in reasons[3]
    assert reasons[4].startswith("empty article")
    assert "missing field 'reference'" in reasons[6]
    assert "not an object" in reasons[7]
    assert "duplicate id" in reasons[8]
    assert "int, not text" in reasons[9]
    assert {s.id for s in corpus.skipped if s.line in (3, 4, 6)} == {"nosrc", "empty", "noref"}
    assert "7 rows skipped" in corpus.describe()


def test_summeval_layout_multiple_references_and_systems(tmp_path):
    (doc_id, source, ref), = ARTICLES[:1]
    row = {"id": doc_id, "source": source, "reference": ref,
           "references": [ref, "Crowd reference one.", "", "Crowd reference two."],
           "systems": {"M0": {"summary": "Heavy rain fell.", "relevance": 3.0},
                       "M22": {"summary": "The river rose.", "coherence": 4.0},
                       "M9": {"summary": "   "}}}
    corpus = load_corpus(write_jsonl(tmp_path / "se.jsonl", [row]))
    doc = corpus.docs[0]
    assert doc.references == (ref, "Crowd reference one.", "Crowd reference two.")
    assert doc.reference == ref
    assert dict(doc.systems) == {"M0": "Heavy rain fell.", "M22": "The river rose."}
    assert corpus.system_ids == ["M0", "M22"]


def test_references_list_alone_is_enough(tmp_path):
    row = {"id": "x", "source": ARTICLES[0][1], "references": ["First ref.", "Second ref."]}
    corpus = load_corpus(write_jsonl(tmp_path / "c.jsonl", [row]))
    assert corpus.docs[0].references == ("First ref.", "Second ref.")


def test_csv_with_configured_fields_and_two_reference_columns(tmp_path):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["key", "body_text", "ref_a", "ref_b"])
        for i, (name, src, ref) in enumerate(ARTICLES[:3]):
            w.writerow([name, src, ref, f"Other reference {i}."])
        w.writerow(["blank", "", "r", "r"])
        w.writerow(["extra", "Text. More.", "r", "r", "spill"])
    corpus = load_corpus(path, source_field="body_text", reference_field=["ref_a", "ref_b"],
                         id_field="key")
    assert [d.id for d in corpus] == [a[0] for a in ARTICLES[:3]]
    assert corpus.docs[1].references == (ARTICLES[1][2], "Other reference 1.")
    assert [(s.line, s.id) for s in corpus.skipped] == [(5, "blank"), (6, None)]
    assert "more values than header" in corpus.skipped[1].reason


def test_fields_are_detected_and_missing_ids_numbered():
    corpus = corpus_from_records([{"article": a[1], "highlights": a[2]} for a in ARTICLES[:2]])
    assert [d.id for d in corpus] == ["row-1", "row-2"]
    assert corpus.docs[0].reference == ARTICLES[0][2]


def test_limit_and_seeded_sample():
    corpus = corpus_from_records(records())
    assert [d.id for d in corpus.limit(2)] == ["flood", "budget"]
    a, b = corpus.sample(3, seed=7), corpus.sample(3, seed=7)
    assert [d.id for d in a] == [d.id for d in b] and len(a) == 3
    order = [r["id"] for r in records()]
    assert [order.index(d.id) for d in a] == sorted(order.index(d.id) for d in a)
    seeds = {tuple(d.id for d in corpus.sample(3, seed=s)) for s in range(8)}
    assert len(seeds) > 1
    assert len(corpus.sample(50)) == len(corpus)
    assert a.fingerprint() != corpus.fingerprint()
    with pytest.raises(ValueError, match="limit must be >= 1"):
        corpus.limit(0)
    with pytest.raises(TypeError, match="sample must be an int"):
        corpus.sample("3")


def test_hugging_face_dataset_saved_to_disk(tmp_path):
    pytest.importorskip("datasets")  # benchmark extra: Hugging Face data sets
    import datasets
    rows = [{"id": n, "article": s, "highlights": r} for n, s, r in ARTICLES[:4]]
    rows[2]["article"] = ""
    ds = datasets.DatasetDict({"test": datasets.Dataset.from_list(rows),
                               "train": datasets.Dataset.from_list(rows[:1])})
    ds.save_to_disk(str(tmp_path / "cnn_like"))
    corpus = load_corpus(tmp_path / "cnn_like", limit=2)
    assert [d.id for d in corpus] == [ARTICLES[0][0], ARTICLES[1][0]]
    assert corpus.skipped[0].reason.startswith("empty article")
    train = load_corpus(str(tmp_path / "cnn_like"), split="train")
    assert len(train) == 1
    direct = load_corpus(datasets.Dataset.from_list(rows))  # an in-memory Dataset object
    assert len(direct) == 3
    with pytest.raises(ValueError, match="pick a split"):
        load_corpus(str(tmp_path / "cnn_like"), split="validation")


def test_unknown_paths_and_formats_fail_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus not found"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "c.txt").write_text("x")
    with pytest.raises(ValueError, match="cannot tell the format"):
        load_corpus(tmp_path / "c.txt")
    with pytest.raises(ValueError, match="unknown corpus format"):
        load_corpus(tmp_path / "c.txt", format="xml")


def test_shared_corpora_load_in_full(shared_dir):
    se = load_corpus(shared_dir / "corpora" / "summeval.jsonl")
    assert len(se) == 100 and not se.skipped
    assert all(len(d.references) == 11 for d in se)
    assert len(se.system_ids) == 16 and {"M0", "M22", "M23"} <= set(se.system_ids)
    xs = load_corpus(shared_dir / "corpora" / "xsum_sample.jsonl", sample=100, seed=0)
    assert len(xs) == 100 and xs.selection == "random sample of 100, seed 0"
    assert all(len(d.references) == 1 and not d.systems for d in xs)
