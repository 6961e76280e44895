"""A newcomer's task: a folder, a glob or a list of saved pages and URLs into a table of url,
title, date and summary, exported as CSV; order kept, a bad file an error row. URLs come from
a local HTTP server started here."""

from __future__ import annotations

import csv
import http.server
import io
import subprocess
import sys
from pathlib import Path

import pytest
from local_http import serve

import summarize
from summarize import summarize_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "examples" / "page.html").read_text(encoding="utf-8")
TITLE = "Harbour town opens its first tidal power station"
PLAIN = "Rain fell all night across the valley. The river rose two metres. Roads shut at dawn."
HOSTILE_TITLE = "=HYPERLINK(\"http://x\",\"click\") <b>bold</b>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/page":
            body, ctype = PAGE.encode(), "text/html; charset=utf-8"
        elif self.path == "/image":
            body, ctype = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with serve(_Handler) as url:
        yield url


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "a_page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b_notes.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "c_broken.html").write_bytes(b"\x00\x01\x02" * 50)  # binary
    hostile = HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    (tmp_path / "d_hostile.html").write_text(PAGE.replace(TITLE, hostile), encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not a page: left out of the listing
    return tmp_path


def test_importable_from_the_package():
    assert summarize.summarize_pages is summarize_pages
    from summarize.text.fetch import read_source
    from summarize.text.page import PageMeta

    assert summarize.read_source is read_source and summarize.PageMeta is PageMeta


def test_folder_to_table_in_order_with_error_row(folder):
    pytest.importorskip("pandas")  # to_frame(): metrics/notebook extra
    results = summarize_pages(folder, sentences=1, progress=False)
    assert [Path(r.input).name for r in results] == [
        "a_page.html", "b_notes.txt", "c_broken.html", "d_hostile.html"]
    assert [r.ok for r in results] == [True, True, False, True]
    frame = results.to_frame()
    assert list(frame.columns[:8]) == ["input", "url", "title", "byline", "date", "site_name",
                                       "language", "summary"]
    first = frame.iloc[0]
    assert first["title"] == TITLE and first["date"] == "2026-04-14"
    assert first["url"] == "https://courier.example/news/2026/04/14/tidal-power-station"
    assert first["summary"].startswith("A tidal power station")
    assert frame.iloc[1]["title"] == "" and frame.iloc[1]["summary"] == PLAIN.split(". ")[0] + "."
    assert "binary" in frame.iloc[2]["error"] and frame.iloc[2]["summary"] == ""


def test_csv_cells_escaped(folder, tmp_path):
    results = summarize_pages(str(folder / "*.html"), sentences=1, progress=False)
    assert len(results) == 3  # the glob: three .html files
    out = tmp_path / "out.csv"
    text = results.to_csv(out)
    assert out.read_text(encoding="utf-8") == text
    rows = list(csv.DictReader(io.StringIO(text)))
    hostile = rows[2]
    assert hostile["title"].startswith("'=HYPERLINK")  # a formula is never run
    assert "<b>bold</b>" in hostile["title"]  # CSV keeps text as text (quoted), not HTML


def test_urls_and_files_mixed(server, folder):
    results = summarize_pages([f"{server}/page", str(folder / "b_notes.txt"), f"{server}/image",
                               f"{server}/missing", str(folder / "nope.html")],
                              sentences=1, progress=False)
    assert [r.ok for r in results] == [True, True, False, False, False]
    assert results[0].summary.page.url == f"{server}/page"
    assert results[0].summary.page.title == TITLE
    errors = [r.row()["error"] for r in results[2:]]
    assert "not text or HTML" in errors[0]
    assert "404" in errors[1] or "Not Found" in errors[1]
    assert "no such file" in errors[2]


def test_offline_url_is_an_error_row_not_a_crash():
    [r] = summarize_pages(["http://127.0.0.1:9/nothing-listens-here"], timeout=3, progress=False)
    assert not r.ok and "could not fetch" in r.row()["error"]


def test_nothing_found_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no pages found"):
        summarize_pages(tmp_path, progress=False)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "summarize", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_cli_folder_to_csv(folder, tmp_path):
    out = tmp_path / "table.csv"
    done = _cli(str(folder), "--sentences", "1", "--csv", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [Path(r["input"]).name for r in rows] == [
        "a_page.html", "b_notes.txt", "c_broken.html", "d_hostile.html"]
    assert rows[0]["title"] == TITLE
    assert "c_broken.html" in done.stderr and "Traceback" not in done.stderr


def test_cli_folder_plain_listing(folder):
    done = _cli(str(folder), "-s", "1")
    assert done.returncode == 0, done.stderr
    assert f"== {folder / 'a_page.html'}" in done.stdout and TITLE in done.stdout
    assert "error: ValueError" in done.stdout  # the broken file's row


def test_cli_one_page_json_has_page():
    import json

    done = _cli(str(ROOT / "examples" / "page.html"), "--json", "-s", "1")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["page"]["title"] == TITLE


def test_batch_rows_of_pages_keep_urls_and_read_errors(server, folder):
    # what Ray workers run on rows from read_pages (no Ray needed here)
    pd = pytest.importorskip("pandas")  # Ray batches are DataFrames: ray/metrics extra

    from summarize.distributed.batch import summarize_batch
    from summarize.pages import read_pages
    from summarize.text.length import LengthRequest

    rows = read_pages([f"{server}/page", str(folder / "c_broken.html"), str(folder / "nope.txt")])
    out = summarize_batch(pd.DataFrame(rows), "lead", length=LengthRequest.from_args(sentences=1))
    assert out["summary"][0].startswith("A tidal power station")
    import json

    assert json.loads(out["summary_provenance"][0])["page"]["url"] == f"{server}/page"
    assert "binary" in out["summary_error"][1] and "no such file" in out["summary_error"][2]


def test_benchmark_corpus_from_a_folder_of_pages(folder):
    # the benchmark takes the same inputs; each page's reference sits beside it
    from summarize.bench.corpus import load_corpus

    (folder / "a_page.reference.txt").write_text("A tidal power station opened in the harbour.")
    corpus = load_corpus(str(folder))
    assert [d.id for d in corpus.docs] == ["a_page.html"]
    assert corpus.docs[0].reference.startswith("A tidal power station")
    assert "<article>" in corpus.docs[0].source  # the page itself; summarize_many extracts it
    reasons = {s.id: s.reason for s in corpus.skipped}
    assert "missing field 'reference'" in reasons["b_notes.txt"]
    assert any("binary" in s.reason for s in corpus.skipped)
    glob_corpus = load_corpus(str(folder / "a_*.html"))
    assert [d.id for d in glob_corpus.docs] == ["a_page.html"]
