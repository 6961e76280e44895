"""Torch threads and batch sizes for Gemma 270M generation on this machine, under whatever load
it has: the measurement behind the defaults (``threads="auto"``, ``batch_size=16``).

Run:  python benchmarks/bench_threads.py [--docs 8] [--threads 1 2] [--batch-sizes 4 8 16]
                                         [--rounds 2]

Each configuration summarizes the same ``--docs`` SummEval articles (cut to 512 tokens, 48 new
tokens, greedy, the default precision); configurations are interleaved over ``--rounds`` rounds
so that a change in the machine's load hits them alike, and each line carries the load average
and the idle cores sampled before it. Compare only figures from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=8)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[4, 8, 16])
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--out", default="benchmarks/results/bench_threads.json")
    args = p.parse_args(argv)

    from summarize.bench.data import data_path
    from summarize.methods.models import ModelSummarizer
    from summarize.runtime.packaged import gemma_270m_path
    from summarize.runtime.precision import cpu_model_name
    from summarize.runtime.threads import free_cores, usable_cores

    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for _, line in zip(range(args.docs), f)]
    docs = [prepare_document(r["source"]) for r in rows]
    length = LengthRequest.from_args(sentences=3)
    summ = {(t, b): ModelSummarizer(gemma_270m_path(), mode="truncate", max_input_tokens=512,
                                    max_new_tokens=48, threads=t, batch_size=b)
            for t in args.threads for b in args.batch_sizes}
    first = next(iter(summ.values()))
    first.summarize_documents(docs[:2], length, progress=False)  # warm-up
    report = {"cpu": cpu_model_name(), "usable_cores": usable_cores(), "dtype": first.lm.dtype,
              "docs": len(docs), "runs": []}
    for rnd in range(args.rounds):
        for (t, b), s in summ.items():
            load, free = " ".join(f"{x:.2f}" for x in os.getloadavg()), free_cores()
            t0 = time.perf_counter()
            s.summarize_documents(docs, length, progress=False)
            sec = time.perf_counter() - t0
            run = {"round": rnd, "threads": t, "batch_size": b, "seconds": round(sec, 2),
                   "docs_per_s": round(len(docs) / sec, 3), "loadavg": load,
                   "idle_cores_before": None if free is None else round(free, 2)}
            report["runs"].append(run)
            print(json.dumps(run), flush=True)
    summary = {}
    for (t, b) in summ:
        rates = [r["docs_per_s"] for r in report["runs"]
                 if r["threads"] == t and r["batch_size"] == b]
        summary[f"threads={t} batch={b}"] = round(statistics.median(rates), 3)
    report["median_docs_per_s"] = summary
    print(json.dumps(summary, indent=2))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
