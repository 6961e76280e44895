"""The benchmark survives its run folder: five random SIGKILLs, corrupted and foreign lines, a
changed setting with config.json deleted, a read-only folder and a full disk, each with no lost
or duplicated rows and no traceback; and hostile corpus ids/system names/file names never come
out live in report.md, table.csv or the plots.

The read-only folder and the full disk are real: a small tmpfs mounted for the test (the test
machine runs as root). Where mounting is impossible the full disk is simulated with
RLIMIT_FSIZE in the child process (the write fails with EFBIG instead of ENOSPC) and the
read-only folder by dropping root in the child (os.setuid) on a chmod 555 folder.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("pandas")  # benchmark extra: a run is scored into tables

from benchmark_fixtures import records, write_jsonl
from summarize.bench.runner import read_run

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SUMMARIZE_DATA": os.environ.get(
    "SUMMARIZE_DATA", str(ROOT.parent / "shared"))}

_SLOW = textwrap.dedent("""
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
            time.sleep(0.05)
            return self.inner.summarize_document(doc, length)

    register_method("slow-lead", SlowLead, "lead, slowly (test)")
    run_benchmark(load_corpus(sys.argv[1]), ["slow-lead"], sys.argv[2], sentences=2,
                  progress=False)
""")


def _corpus(tmp_path: Path, copies: int = 5) -> Path:
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(copies) for r in records()]
    return write_jsonl(tmp_path / "c.jsonl", rows)


def _bench(corpus: Path, out: Path, *extra: str, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarize", "bench", "--corpus", str(corpus),
                           "--methods", "lead3", "--out", str(out), "--quiet", "--no-plots",
                           "--published", "none", *extra],
                          env=ENV, capture_output=True, text=True, timeout=240,
                          preexec_fn=preexec)


def _clean_failure(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    for needle in needles:
        assert needle in proc.stderr, proc.stderr[-2000:]


def _keyed(run) -> list[tuple]:
    return [(r["method"], r["doc_id"], r["ok"], r.get("summary"), tuple(r.get("selected", ())))
            for r in run.records]


def _lines(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_five_random_kills_then_resume_loses_and_duplicates_nothing(tmp_path):
    corpus = _corpus(tmp_path)  # 30 documents, 0.05 s each
    script = tmp_path / "slow.py"
    script.write_text(_SLOW)
    whole = subprocess.run([sys.executable, str(script), str(corpus), str(tmp_path / "whole")],
                           env=ENV, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "killed"
    outputs = out / "outputs.jsonl"
    rng = random.Random(14)
    counts = []
    for _ in range(5):
        before = outputs.read_bytes().count(b"\n") if outputs.exists() else 0
        target = before + rng.randint(1, 4)
        proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(out)], env=ENV,
                                stderr=subprocess.DEVNULL)
        deadline = time.time() + 90
        while time.time() < deadline and proc.poll() is None:
            if outputs.exists() and outputs.read_bytes().count(b"\n") >= target:
                break
            time.sleep(0.005 + rng.random() * 0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        counts.append(outputs.read_bytes().count(b"\n"))
    assert counts[-1] < 30, f"the kills must land part-way: {counts}"
    done = subprocess.run([sys.executable, str(script), str(corpus), str(out)], env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert sorted(_keyed(read_run(out))) == sorted(_keyed(read_run(tmp_path / "whole")))
    keys = [(r["method"], r["doc_id"]) for r in _lines(outputs)]
    assert len(keys) == 30 == len(set(keys))


@pytest.mark.timeout(240)
def test_corrupted_and_foreign_lines_are_quarantined_and_rerun(tmp_path):
    corpus = _corpus(tmp_path, copies=1)
    whole = _bench(corpus, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "run"
    assert _bench(corpus, out).returncode == 0
    outputs = out / "outputs.jsonl"
    lines = outputs.read_bytes().split(b"\n")[:-1]
    flipped = lines[1].replace(b"valley", b"vallex", 1) if b"valley" in lines[1] else \
        lines[1].replace(b'"summary": "', b'"summary": "X', 1)
    assert flipped != lines[1]
    lines[1] = flipped                                       # a byte changed in a summary
    lines[3] = b"42"                                         # not a record
    lines.append(b'{"method": "lead3"}')                     # no doc_id
    lines.append(b"\xff\xfe not utf-8 \x00")                 # binary garbage
    lines.append(json.dumps({"method": "other", "doc_id": "flood-0", "ok": True,
                             "summary": "x"}).encode())      # a method this run never had
    outputs.write_bytes(b"\n".join(lines) + b"\n")
    again = _bench(corpus, out)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert "quarantine" in again.stderr and "line 2: checksum mismatch" in again.stderr
    moved = _lines(out / "quarantine.jsonl")
    assert [q["line"] for q in moved] == [2, 4, 7, 8, 9]
    assert "checksum" in moved[0]["reason"] and "not a record" in moved[1]["reason"]
    assert sorted(_keyed(read_run(out))) == sorted(_keyed(read_run(tmp_path / "whole")))
    keys = [(r["method"], r["doc_id"]) for r in _lines(outputs)]
    assert len(keys) == 6 == len(set(keys))


@pytest.mark.timeout(240)
def test_changed_setting_is_refused_even_without_config_json(tmp_path):
    corpus = _corpus(tmp_path, copies=1)
    out = tmp_path / "run"
    assert _bench(corpus, out, "--sentences", "3").returncode == 0
    _clean_failure(_bench(corpus, out, "--sentences", "1"), "length")
    (out / "config.json").unlink()
    _clean_failure(_bench(corpus, out, "--sentences", "1"), "other settings", "new --out")
    # a truncated config.json with the same settings: rebuilt, nothing re-run
    config_before = out / "outputs.jsonl"
    n = len(_lines(config_before))
    assert _bench(corpus, out, "--sentences", "3").returncode == 0
    text = (out / "config.json").read_text()
    (out / "config.json").write_text(text[: len(text) // 2])
    again = _bench(corpus, out, "--sentences", "3")
    assert again.returncode == 0 and "damaged" in again.stderr, again.stderr
    assert len(_lines(out / "outputs.jsonl")) == n == 6
    assert read_run(out).config["length"] == {"sentences": 3}


@contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` at ``path`` (True), or False when this machine cannot mount."""
    path.mkdir(parents=True, exist_ok=True)
    ok = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True).returncode == 0
    try:
        yield ok
    finally:
        if ok:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def _drop_root() -> None:  # runs in the child: a non-root user obeys chmod 555
    os.setgid(65534)
    os.setuid(65534)


@pytest.mark.timeout(240)
def test_read_only_folder_is_a_clear_error(tmp_path):
    corpus = _corpus(tmp_path, copies=1)
    with _tmpfs(tmp_path / "mnt", "4m") as mounted:
        out = tmp_path / "mnt" / "run"
        assert _bench(corpus, out).returncode == 0
        before = (out / "outputs.jsonl").read_bytes()
        if mounted:
            _remount(tmp_path / "mnt", "ro")
            proc = _bench(corpus, out, "--sentences", "2")   # would need new outputs
            fresh = _bench(corpus, tmp_path / "mnt" / "new")
        else:  # no mount: a chmod 555 folder and a child that is not root
            os.chmod(out, 0o555)
            os.chmod(corpus.parent, 0o755)
            proc = _bench(corpus, out, "--sentences", "2", preexec=_drop_root)
            fresh = _bench(corpus, out / "new", preexec=_drop_root)
        for p in (proc, fresh):
            _clean_failure(p, "cannot write to", "writable folder")
        assert (out / "outputs.jsonl").read_bytes() == before


_FSIZE = textwrap.dedent("""
    import resource, runpy, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG, do not die
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv.pop(1)),) * 2)
    sys.argv[0] = "summarize"
    runpy.run_module("summarize", run_name="__main__")
""")


@pytest.mark.timeout(300)
def test_full_disk_is_a_clear_error_and_the_run_resumes(tmp_path):
    corpus = _corpus(tmp_path, copies=3)  # 18 documents
    whole = _bench(corpus, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    with _tmpfs(tmp_path / "mnt", "8k") as mounted:
        out = tmp_path / "mnt" / "run"
        if mounted:
            full = _bench(corpus, out)
        else:  # simulated: every file may grow to 6 KB only
            script = tmp_path / "fsize.py"
            script.write_text(_FSIZE)
            full = subprocess.run([sys.executable, str(script), "6000", "bench", "--corpus",
                                   str(corpus), "--methods", "lead3", "--out", str(out),
                                   "--quiet", "--no-plots", "--published", "none"],
                                  env=ENV, capture_output=True, text=True, timeout=240)
        _clean_failure(full, "no space left", "run the same command again")
        saved = (out / "outputs.jsonl").read_bytes().count(b"\n")
        assert saved < 18
        if mounted:
            _remount(tmp_path / "mnt", "size=8m")
        done = _bench(corpus, out)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert sorted(_keyed(read_run(out))) == sorted(_keyed(read_run(tmp_path / "whole")))
        keys = [(r["method"], r["doc_id"]) for r in _lines(out / "outputs.jsonl")]
        assert len(keys) == 18 == len(set(keys))


# ---------------------------------------------------------------- injection

PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>',
            '=HYPERLINK("http://evil.example","click")', '+1+cmd|calc', '@SUM(A1:A9)',
            '-2+3', '| a | b |', '[link](javascript:alert(1))', '**bold** _it_ `code`',
            '$\\frac{a}{$']


def _hostile_corpus(tmp_path: Path) -> Path:
    from benchmark_fixtures import ARTICLES

    rows = [{"id": doc_id, "source": source, "reference": reference,
             "systems": {p: source.split(". ")[0] + "." for p in PAYLOADS}}
            for doc_id, (_, source, reference) in zip(PAYLOADS[:6], ARTICLES)]
    return write_jsonl(tmp_path / "<img src=x onerror=alert(1)>=cmd|[x](javascript:y).jsonl",
                       rows)


@pytest.mark.timeout(300)
def test_hostile_ids_system_names_and_file_name_are_never_live(tmp_path):
    from summarize.bench import benchmark

    corpus = _hostile_corpus(tmp_path)
    out = tmp_path / "run"
    table = benchmark(str(corpus), ["lead3"], out, published="all", progress=False)
    assert len(table) == 1 + len(PAYLOADS)
    report = (out / "report.md").read_text(encoding="utf-8")
    for live in ("<img", "<script", "](javascript:", "**bold**", "`code`"):
        assert live not in report, live
    assert "&lt;script&gt;" in report and "&lt;img src=x onerror=alert\\(1\\)&gt;" in report
    table_rows = [ln for ln in report.splitlines() if ln.startswith("| ")]
    columns = table_rows[0].count(" | ")
    for row in table_rows:  # escaped pipes never open a new cell
        assert row.replace("\\|", "").count(" | ") == columns, row
    with open(out / "table.csv", newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f) for c in row]
    for cell in cells:
        assert not cell.lstrip(" ").startswith(("=", "+", "@")) and not (
            cell.startswith("-") and not _number(cell)), cell
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.mark.timeout(120)
def test_plot_labels_are_drawn_literally(tmp_path):
    """Every system name reaches the plots as plain text (no mathtext): ``$\\frac{a}{$`` is
    drawn as those characters, and drawing does not fail."""
    import pandas as pd

    from summarize.bench.plots import metric_bars, quality_vs_speed

    rows = []
    for k, name in enumerate(PAYLOADS):
        row = {"method": name, "kind": "ours" if k % 2 else "published",
               "docs_per_s": None if k % 2 == 0 else 10.0 + k}
        for m in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
            row.update({m: 30.0 + k, f"{m}_lo": 29.0 + k, f"{m}_hi": 31.0 + k})
        rows.append(row)
    table = pd.DataFrame(rows)
    for make in (metric_bars, quality_vs_speed):
        fig = make(table)
        fig.canvas.draw()  # raises on a mathtext parse error
        texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text")
                                        and hasattr(a, "get_parse_math"))
                 if "$" in t.get_text() or "\\frac" in t.get_text()]
        assert texts, "the $-payload must appear among the labels"
        for t in texts:
            assert not t.get_parse_math() or t.get_text().count("\\$") == 2, t.get_text()
