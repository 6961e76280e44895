"""summarize.distributed on a local Ray (2 CPUs, started and stopped here): same summaries, in
the same order, as summarize_many; poisoned rows reported while the rest complete; the
benchmark's Ray engine writes the local engine's records and resumes."""

from __future__ import annotations

import json

import pytest

ray = pytest.importorskip("ray")  # ray extra (pip install -e ".[ray]")

pd = pytest.importorskip("pandas")  # installed with the ray extra

from summarize import summarize_many  # noqa: E402
from summarize.distributed import (output_columns, result_from_row,  # noqa: E402
                                   summarize_dataset)

from tiny_models import article, build_tiny  # noqa: E402

pytestmark = pytest.mark.ray

POISON = {2: None, 4: b"bytes, not text", 5: ""}


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=512 * 1024 * 1024,
             log_to_driver=False)
    from ray.data import DataContext

    DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def _texts(n: int, sentences: int = 5) -> list:
    texts: list = [article(sentences, offset=3 * i) for i in range(n)]
    for i, bad in POISON.items():
        texts[i] = bad
    return texts


def _assert_same(out: pd.DataFrame, expected: list) -> None:
    assert len(out) == len(expected)
    for i, (row, exp) in enumerate(zip(out.to_dict("records"), expected)):
        if exp.ok:
            assert pd.isna(row["summary_error"]), (i, row["summary_error"])
            assert row["summary"] == exp.text, i
            prov = json.loads(row["summary_provenance"])
            assert prov["selected"] == list(exp.selected)
            assert prov["spans"] == [list(s) for s in exp.spans]
            assert [s["source_indices"] for s in prov["support"]] == \
                [list(s.source_indices) for s in exp.support]
            assert row["summary_n_words"] == exp.n_words
        else:
            assert pd.isna(row["summary"]), i
            assert row["summary_error"] == f"{exp.error_type}: {exp.message}", i


def test_extractive_matches_summarize_many_and_keeps_columns():
    texts = _texts(9)
    frame = pd.DataFrame({"id": [f"a{i}" for i in range(9)], "text": texts,
                          "section": ["news"] * 9})
    out = summarize_dataset(frame, "textrank", sentences=2, workers=2,
                            batch_size=2).to_pandas()
    expected = summarize_many(texts, method="textrank", sentences=2, progress=False)
    assert list(out.columns) == ["id", "text", "section", *output_columns()]
    assert out["id"].tolist() == frame["id"].tolist()  # input order
    assert out["section"].tolist() == ["news"] * 9
    # the poisoned rows keep their values and say what is wrong with them
    assert out["text"][4] == b"bytes, not text" and out["text"][5] == ""
    assert out["summary_error"][2].startswith("TypeError: text is None")
    assert out["summary_error"][4].startswith("TypeError: text is bytes")
    assert out["summary_error"][5] == "ValueError: text is empty or whitespace only"
    assert out["summary_error"].notna().sum() == 3
    _assert_same(out, expected)
    assert (out["summary_worker_s"] > 0).all()


def test_tiny_transformer_matches_summarize_many(tmp_path):
    path = str(build_tiny("bart", tmp_path))
    texts = _texts(7, sentences=3)
    settings = dict(sentences=1, max_new_tokens=8)
    out = summarize_dataset(texts, path, workers=2, batch_size=2, keep_objects=True,
                            **settings).to_pandas()
    expected = summarize_many(texts, method=path, progress=False, **settings)
    _assert_same(out, expected)
    assert sum(r.ok for r in expected) == 4
    rebuilt = [result_from_row(row) for _, row in out.iterrows()]
    assert [r.ok for r in rebuilt] == [r.ok for r in expected]
    ok = [(a, b) for a, b in zip(rebuilt, expected) if b.ok]
    assert all(a.text == b.text and a.support == b.support for a, b in ok)
    assert all(a.params["model"] == b.params["model"] for a, b in ok)


def test_jsonl_path_input(tmp_path):
    path = tmp_path / "articles.jsonl"
    texts = [article(4, offset=i) for i in range(5)]
    path.write_text("".join(json.dumps({"doc": f"d{i}", "body": t}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    out = summarize_dataset(str(path), "lead", text_column="body", words=15,
                            prefix="digest", batch_size=2).to_pandas()
    assert out["doc"].tolist() == [f"d{i}" for i in range(5)]
    expected = summarize_many(texts, method="lead", words=15, progress=False)
    assert out["digest"].tolist() == [r.text for r in expected]
    assert out["digest_error"].isna().all()


def test_bad_arguments_fail_on_the_driver():
    frame = pd.DataFrame({"body": ["Rain fell. Roads shut."]})
    with pytest.raises(ValueError, match="unknown method"):
        summarize_dataset(["Rain fell."], "no-such-method")
    with pytest.raises(ValueError, match="sentences"):
        summarize_dataset(["Rain fell."], "lead", sentences=0)
    with pytest.raises(ValueError, match="extractive"):
        summarize_dataset(["Rain fell."], "lead", num_gpus=1)
    with pytest.raises(ValueError, match="no column 'text'"):
        summarize_dataset(frame, "lead")
    with pytest.raises(ValueError, match="prefix"):
        summarize_dataset(frame.assign(summary="x"), "lead", text_column="body")
    with pytest.raises(ValueError, match="workers"):
        summarize_dataset(["Rain fell."], "lead", workers=0)


def test_benchmark_ray_engine_matches_local_and_resumes(tmp_path):
    from summarize.bench.corpus import corpus_from_records
    from summarize.bench.runner import OUTPUTS, run_benchmark

    corpus = corpus_from_records([{"id": f"n{i}", "source": article(5, offset=2 * i),
                                   "reference": article(1, offset=2 * i)} for i in range(6)])
    local = run_benchmark(corpus, ["lexrank"], tmp_path / "local", sentences=2,
                          progress=False)
    remote = tmp_path / "ray"
    run_benchmark(corpus, ["lexrank"], remote, sentences=2, progress=False, engine="ray",
                  workers=2, batch_size=2)
    # a run killed after two documents, with a half-written third line
    lines = (remote / OUTPUTS).read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 6
    (remote / OUTPUTS).write_text("".join(lines[:2]) + lines[2][:20], encoding="utf-8")
    resumed = run_benchmark(corpus, ["lexrank"], remote, sentences=2, progress=False,
                            engine="ray", workers=2, batch_size=2)
    assert len((remote / OUTPUTS).read_text(encoding="utf-8").splitlines()) == 6
    want = {r["doc_id"]: r for r in local.records}
    assert sorted(r["doc_id"] for r in resumed.records) == sorted(want)
    for r in resumed.records:
        for key in ("summary", "selected", "support", "n_words", "ok", "kind", "params"):
            assert r[key] == want[r["doc_id"]][key]
    assert [s["engine"] for s in resumed.sessions] == ["ray", "ray"]
    assert [s["n_docs"] for s in resumed.sessions] == [6, 4]


def test_folder_of_pages_input(tmp_path):
    # the same inputs as summarize_pages: a folder of saved pages, one row per page in name order
    from pathlib import Path

    from summarize import summarize_pages

    page = (Path(__file__).resolve().parents[2] / "examples" / "page.html").read_text("utf-8")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rain fell all night. The river rose. Roads shut.")
    (tmp_path / "c.html").write_bytes(b"\x00\x01" * 40)
    out = summarize_dataset(str(tmp_path), "lead", sentences=1, workers=1).to_pandas()
    local = summarize_pages(tmp_path, "lead", sentences=1, progress=False)
    assert [Path(x).name for x in out["input"]] == ["a.html", "b.txt", "c.html"]
    assert out["summary"].tolist()[:2] == [r.summary.text for r in local][:2]
    assert "binary" in out["summary_error"][2]
    record = json.loads(out["summary_provenance"][0])
    assert record["page"]["title"] == local[0].summary.page.title


def test_endpoint_method_on_ray_matches_summarize_many():
    """An OpenAI-compatible endpoint (a local server of our own, tests/llm_server.py) from the
    model actors: summarize_many's results, bad rows in place; the key reaches the workers and
    none of the output columns."""
    from llm_server import FakeLLM

    key = "sk-ray-7Hq2mN0xPz"
    texts = [article(5, offset=k) for k in range(5)]
    texts[2] = None
    with FakeLLM() as llm:
        params = dict(base_url=llm.url, api_key=key, sentences=2)
        out = summarize_dataset(texts, "openai:lead", workers=2, batch_size=2,
                                **params).to_pandas()
        expected = summarize_many(texts, method="openai:lead", progress=False, **params)
        auth = {r["headers"].get("Authorization") for r in llm.requests}
    assert auth == {f"Bearer {key}"}
    _assert_same(out, expected)
    assert out["summary_error"].notna().tolist() == [False, False, True, False, False]
    assert key not in out.to_json()
