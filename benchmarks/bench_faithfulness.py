"""Throughput of the default faithfulness score against the lexical support score
(``support_min``) on the 1,600 SummEval (summary, source) pairs, in the same run.

    python benchmarks/bench_faithfulness.py             # best of 3 runs each
    python benchmarks/bench_faithfulness.py --repeat 5

Both are called the way ``evaluate()`` calls them, one (summary, source) pair at a time, with the
source as text (sentence splitting included). The faithfulness score keeps each prepared source in
a small per-process cache (4 sources), which the 16 systems of an article share; the "cold" row
clears that cache before every pair, so it shows the cost when no source repeats. Prints pairs per
second and the ratio to ``support_min``; quote the load average with any figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.bench.data import data_path  # noqa: E402
from summarize.provenance.faithfulness import _prepare, faithfulness_stats  # noqa: E402
from summarize.provenance.support import support_stats  # noqa: E402

from bench_metrics import best_of  # noqa: E402  (the sibling script's timer; python puts benchmarks/ on sys.path)


def load() -> list[tuple[str, str]]:
    pairs = []
    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            pairs.extend((out["summary"], art["source"]) for out in art["systems"].values())
    return pairs


def run(repeat: int = 3) -> dict[str, float]:
    """Seconds for the 1,600 pairs: support_min, faithfulness (warm cache), faithfulness (cold)."""
    pairs = load()

    def support() -> None:
        for summ, src in pairs:
            support_stats(summ, src)

    def faith() -> None:
        _prepare.cache_clear()
        for summ, src in pairs:
            faithfulness_stats(summ, src)

    def faith_cold() -> None:
        for summ, src in pairs:
            _prepare.cache_clear()
            faithfulness_stats(summ, src)

    return {"n": len(pairs), "support_min (lexical)": best_of(repeat, support),
            "faithfulness": best_of(repeat, faith),
            "faithfulness, no source reuse": best_of(repeat, faith_cold)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    res = run(args.repeat)
    n = res.pop("n")
    base = res["support_min (lexical)"]
    load1 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{n} SummEval pairs; best of {args.repeat}; {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {load1:.2f}")
    print(f"{'score':<32} {'seconds':>8} {'pairs/s':>9} {'x support_min':>14}")
    for name, sec in res.items():
        print(f"{name:<32} {sec:8.2f} {n / sec:9.0f} {base / sec:14.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
