"""Time and peak memory of hostile input shapes from 10 KB to 2 MB: growth should be linear.

    python benchmarks/bench_stress.py                 # every shape, 10 KB .. 2 MB
    python benchmarks/bench_stress.py --sizes 10000,100000 --shapes news-auto,dashes

Each (shape, size) runs in a fresh Python process (warmed up on a short text first, so lazy
imports are not counted), so its peak resident memory (ru_maxrss) is its own; the table shows
the peak above the process's size once the input is built, the seconds, and seconds per MB
(flat or falling = linear or better). Print the load average with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# shape -> (builder of a text of about n characters, what to run)
SHAPES = {
    "news-auto": ("news(n)", "auto"),
    "news-textrank": ("news(n)", "textrank"),
    "news-lexrank": ("news(n)", "lexrank"),
    "short-lines-textrank": ('lines(n, "Line {i} says w{j}.")', "textrank"),
    "identical-lines-lexrank": ('lines(n, "Same line here.")', "lexrank"),
    "identical-lines-auto": ('lines(n, "Same line here.")', "auto"),
    "one-line-sentences": ('"Rain fell. " * (n // 11)', "auto"),
    "dashes-count_words": ('"-" * n', "count_words"),
    "emoji-auto": ('"Rain fell. " + "\\U0001F600" * (n - 11)', "auto"),
    "rougeLsum-news": ("news(n)", "rougeLsum"),
    # issue 25: what a user's input flows through after the summary
    "check_summary-html": ("news(n)", "check_summary"),  # the text checked against itself
    "evaluate-all-groups": ("news(n)", "evaluate"),  # a 600-character summary of n
    "evaluate-long-summary": ("news(n)", "evaluate-summary"),  # n of summary vs n of source
    "zero-word-lines-textrank": ('"Rain fell on the valley. Roads shut.\\n" + "!\\n" * (n // 2)',
                                 "textrank"),
    "bench-refused-line-25x": ("news(25 * n)", "bench"),  # a corpus line 25x the column size
}

_CHILD = r'''
import json, os, random, resource, sys, tempfile, time
from summarize import summarize
from summarize.metrics.rouge import rouge_scores
from summarize.text.tokens import count_words

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def news(n):
    rng = random.Random(n)
    words = ("the council said on monday that rain fell across the valley while officials "
             "closed roads schools and bridges after the river rose two metres farmers moved "
             "cattle prices of grain climbed as traders expected delays ministers promised aid "
             "within days").split()
    out, size = [], 0
    while size < n:
        s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        s = s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", "!"])
        out.append(s + ("\n" if rng.random() < 0.2 else " "))
        size += len(s) + 1
    return "".join(out)[:n]

def lines(n, pattern):
    out, size, i = [], 0, 0
    while size < n:
        line = pattern.format(i=i, j=i % 97)
        out.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(out)[:n]

def run(text):
    global outcome_note
    if action == "check_summary":
        from summarize.notebook.checking import check_summary
        from summarize.notebook.display import summary_html
        html = summary_html(check_summary(text, text))
        outcome_note = f" ({len(html.encode()) / 1e6:.2f} MB HTML)"
    elif action == "evaluate":
        from summarize.metrics import evaluate
        r = evaluate([text[:600]], [text[-500:]], [text], metrics="all", n_boot=100)
        outcome_note = f" ({len(r.params['metrics'])} groups)"
    elif action == "evaluate-summary":
        from summarize.metrics import evaluate
        from summarize.metrics.evaluation import metric_groups
        groups = [g for g in metric_groups() if g != os.environ.get("STRESS_SKIP_GROUP")]
        other = news(len(text) + 1)
        evaluate([text], [text[-500:]], [other], metrics=groups, n_boot=100)
        outcome_note = f" ({len(groups)} groups)"
    elif action == "bench":
        from summarize.bench.suite import benchmark
        folder = tempfile.mkdtemp()
        rows = [{"id": f"d{i}", "source": news(3000 + i), "reference": "Rain fell."}
                for i in range(3)] + [{"id": "huge", "source": text, "reference": "Rain."}]
        with open(os.path.join(folder, "c.jsonl"), "w") as f:
            f.write("\n".join(json.dumps(r) for r in rows) + "\n")
        table = benchmark(os.path.join(folder, "c.jsonl"), ["lead", "textrank"],
                          os.path.join(folder, "run"), published=None, plots=False,
                          progress=False)
        outcome_note = f" ({int(table['n_docs'].iloc[0])} docs scored)"
    elif action == "count_words":
        count_words(text)
    elif action.startswith("rouge"):
        other = text[len(text) // 3:] + text[:len(text) // 3]
        rouge_scores(text, other, rouge_types=(action,))
    else:
        s = summarize(text, method=action)
        outcome_note = f" ({len(s.sentences)} sentences)"

outcome_note = ""
expr, action, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
run("Rain fell all night. Roads shut. Schools closed. " * 3)  # lazy imports: not timed
text = eval(expr)
base = rss()
t0 = time.perf_counter()
try:
    run(text)
    outcome = "ok" + outcome_note
except (ValueError, TypeError) as exc:
    outcome = type(exc).__name__
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": rss() - base,
                  "outcome": outcome}))
'''


def run_cell(expr: str, action: str, n: int, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run([sys.executable, "-W", "ignore", "-c", _CHILD, expr, action,
                               str(n)], env=env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mb": None, "outcome": f">{timeout:.0f}s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"seconds": None, "peak_mb": None, "outcome": f"died rc={proc.returncode}"}
    return json.loads(lines[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000,500000,1000000,2000000")
    p.add_argument("--shapes", default=",".join(SHAPES))
    p.add_argument("--timeout", type=float, default=180.0, help="per cell (s)")
    p.add_argument("--json", help="also write the rows here")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
    print(f"load average before: {' '.join(load)}; cpus: {os.cpu_count()}", flush=True)
    rows = []
    print("| shape | size | outcome | seconds | s per MB | peak MB above imports |")
    print("|---|---:|---|---:|---:|---:|")
    for shape in args.shapes.split(","):
        expr, action = SHAPES[shape]
        for n in sizes:
            r = run_cell(expr, action, n, args.timeout)
            rows.append({"shape": shape, "size": n, **r})
            sec = "–" if r["seconds"] is None else f"{r['seconds']:.2f}"
            per_mb = "–" if r["seconds"] is None else f"{r['seconds'] / (n / 1e6):.2f}"
            peak = "–" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
            print(f"| {shape} | {n / 1000:,.0f} KB | {r['outcome']} | {sec} | {per_mb} | {peak} |",
                  flush=True)
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else []
    print(f"load average after: {' '.join(load)}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
