"""Documents/s on Ray: 1 vs 2 local workers, an extractive method and Gemma 3 270M, with the
in-process ``summarize_many`` of the same documents as the peer in the same run.

Run:  python benchmarks/bench_ray.py [--docs 100] [--model-docs 12] [--out bench_ray.json]

Articles: the first N SummEval (CNN/DM) articles from $SUMMARIZE_DATA. For each method:

- ``in-process``: ``summarize_many`` here (torch uses its default thread count);
- ``ray xW``: ``summarize_dataset(..., workers=W)`` on a local Ray with 2 CPUs, one CPU per
  worker (Ray sets ``OMP_NUM_THREADS=1`` in each), output materialized.

``in-process`` is reported without its model load (given separately). Reported per Ray run:
wall seconds end to end (actor start and model load included: what a user
waits for), the steady rate (documents / the busiest worker's summed batch seconds, i.e.
without start-up), and that rate per worker. Every run's summaries are checked to equal the
in-process ones. The projection for the CNN/DM test split (11,490 articles) at N workers is
start-up + 11,490 / (N x steady rate per worker): it assumes workers scale linearly, which
holds on a cluster of separate machines, not on this 2-core box.

The CPU is shared with other jobs while this runs: compare ratios from one run, quote the
machine with any figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

CNNDM_TEST = 11_490


def load_articles(n: int) -> list[str]:
    from summarize.bench.data import data_path

    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        return [json.loads(line)["source"] for line in f][:n]


def run_local(texts: list[str], method: str, length: dict, params: dict
              ) -> tuple[float, float, list]:
    """(load seconds, run seconds, summaries) of summarize_many in this process."""
    from summarize import summarize_many
    from summarize.methods.registry import get_summarizer

    t0 = time.perf_counter()
    summarizer = get_summarizer(method, **params)
    load = getattr(summarizer, "load", None)
    if callable(load):
        load()
    t1 = time.perf_counter()
    out = summarize_many(texts, method=summarizer, progress=False, **length)
    return t1 - t0, time.perf_counter() - t1, [r.text if r.ok else None for r in out]


def run_ray(texts: list[str], method: str, length: dict, params: dict, workers: int,
            batch_size: int) -> dict:
    from summarize.distributed import summarize_dataset

    t0 = time.perf_counter()
    df = summarize_dataset(texts, method, workers=workers, batch_size=batch_size,
                           **length, **params).to_pandas()
    wall = time.perf_counter() - t0
    busy = df.groupby("summary_worker")["summary_worker_s"].sum()
    steady = len(df) / float(busy.max())
    return {"wall_s": round(wall, 3), "docs_per_s_wall": round(len(df) / wall, 4),
            "docs_per_s_steady": round(steady, 4),
            "docs_per_s_steady_per_worker": round(steady / workers, 4),
            "startup_s": round(max(0.0, wall - float(busy.max())), 3),
            "workers_seen": int(busy.size), "errors": int(df["summary_error"].notna().sum()),
            "summaries": [None if isinstance(x, float) or x is None or str(x) == "<NA>"
                          else str(x) for x in df["summary"].tolist()]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=100, help="articles for the extractive method")
    p.add_argument("--repeat", type=int, default=5,
                   help="the extractive articles are used this many times (default 5: 500)")
    p.add_argument("--model-docs", type=int, default=12, help="articles for Gemma 270M")
    p.add_argument("--extractive", default="textrank")
    p.add_argument("--skip-model", action="store_true")
    p.add_argument("--out", default="bench_ray.json")
    args = p.parse_args(argv)

    import ray
    from ray.data import DataContext

    plans = [(args.extractive, load_articles(args.docs) * args.repeat, {"sentences": 3}, {},
              16)]
    if not args.skip_model:
        # one generation per article (extract then abstract), bounded input and output
        plans.append(("gemma-270m", load_articles(args.model_docs), {"sentences": 3},
                      {"mode": "extract", "max_new_tokens": 64}, 4))
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=1024 ** 3,
             log_to_driver=False)
    DataContext.get_current().enable_progress_bars = False
    run_ray(load_articles(4), "lead", {}, {}, 2, 2)  # warm-up: Ray's worker processes start
    results = []
    try:
        for method, texts, length, params, batch_size in plans:
            load_s, local_s, local_out = run_local(texts, method, length, params)
            row = {"method": method, "docs": len(texts), "params": params, "length": length,
                   "batch_size": batch_size, "in_process_load_s": round(load_s, 3),
                   "in_process_run_s": round(local_s, 3),
                   "in_process_docs_per_s": round(len(texts) / local_s, 4), "ray": {}}
            for workers in (1, 2):
                r = run_ray(texts, method, length, params, workers, batch_size)
                r["same_as_in_process"] = r.pop("summaries") == local_out
                row["ray"][str(workers)] = r
                print(f"{method} x{workers}: {r}", file=sys.stderr, flush=True)
            one, two = row["ray"]["1"], row["ray"]["2"]
            row["speedup_2_vs_1_wall"] = round(one["wall_s"] / two["wall_s"], 3)
            row["speedup_2_vs_1_steady"] = round(two["docs_per_s_steady"]
                                                 / one["docs_per_s_steady"], 3)
            per_worker = one["docs_per_s_steady_per_worker"]
            row["cnndm_test_hours"] = {
                str(n): round((one["startup_s"] + CNNDM_TEST / (n * per_worker)) / 3600, 3)
                for n in (1, 2, 8, 32, 128)}
            results.append(row)
    finally:
        ray.shutdown()
    machine = {"python": platform.python_version(), "cpu_count": os.cpu_count(),
               "platform": platform.platform(), "ray": ray.__version__,
               "load_average": os.getloadavg()}
    Path(args.out).write_text(json.dumps({"machine": machine, "results": results}, indent=1),
                              encoding="utf-8")
    print("| method | docs | in-process docs/s | ray x1 docs/s (wall / steady) | "
          "ray x2 docs/s (wall / steady) | x2/x1 steady | same output |")
    print("|---|---|---|---|---|---|---|")
    for row in results:
        one, two = row["ray"]["1"], row["ray"]["2"]
        print(f"| {row['method']} | {row['docs']} | {row['in_process_docs_per_s']} | "
              f"{one['docs_per_s_wall']} / {one['docs_per_s_steady']} | "
              f"{two['docs_per_s_wall']} / {two['docs_per_s_steady']} | "
              f"{row['speedup_2_vs_1_steady']} | "
              f"{one['same_as_in_process'] and two['same_as_in_process']} |")
    for row in results:
        print(f"{row['method']}: projected hours for {CNNDM_TEST} articles by workers: "
              f"{row['cnndm_test_hours']}")
    print(f"machine: {machine}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
