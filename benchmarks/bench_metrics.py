"""Throughput of the metrics on the 1,600 SummEval (summary, reference, source) triples, and
ROUGE alone against Google's rouge-score in the same run (ratio; same inputs, same results).

    python benchmarks/bench_metrics.py               # lexical metric set + ROUGE vs rouge-score
    python benchmarks/bench_metrics.py --embedding   # also the MiniLM metrics (minutes on CPU)

The rouge-score side gets its inputs already sentence-split (one sentence per line, as its
rougeLsum needs), so the splitting time is charged to this package only. Stemming caches are
cleared before each timed run of this package. Best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.bench.data import data_path  # noqa: E402
from summarize.metrics import evaluate  # noqa: E402
from summarize.metrics import rouge as our_rouge  # noqa: E402
from summarize.text.sentences import split_sentences  # noqa: E402

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def load() -> tuple[list[str], list[str], list[str]]:
    preds, refs, srcs = [], [], []
    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            for out in art["systems"].values():
                preds.append(out["summary"])
                refs.append(art["reference"])
                srcs.append(art["source"])
    return preds, refs, srcs


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--embedding", action="store_true", help="also time the MiniLM metrics")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    from rouge_score import rouge_scorer

    preds, refs, srcs = load()
    n = len(preds)
    lines = lambda t: "\n".join(s.text for s in split_sentences(t))  # noqa: E731
    pred_lines = [lines(t) for t in preds]
    ref_lines = [lines(t) for t in refs]
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)

    def theirs():
        return [scorer.score(r, q) for r, q in zip(ref_lines, pred_lines)]

    def ours():
        our_rouge._STEM_CACHE.clear()
        return [our_rouge.rouge_scores(q, r, TYPES) for q, r in zip(preds, refs)]

    worst = max(abs(a[t][k] - b[t][k]) for a, b in zip(theirs(), ours())
                for t in TYPES for k in range(3))
    t_theirs = best_of(args.repeat, theirs)
    t_ours = best_of(args.repeat, ours)
    rows = [("ROUGE-1/2/L/Lsum, rouge-score 0.1.2 (stemmed)", t_theirs),
            ("ROUGE-1/2/L/Lsum, summarize.metrics (stemmed)", t_ours)]

    def lexical_set():
        our_rouge._STEM_CACHE.clear()
        evaluate(preds, references=refs, sources=srcs,
                 metrics=["rouge", "extractiveness", "support"], n_boot=1000)

    rows.append(("evaluate(): rouge + extractiveness + support (lexical) + bootstrap",
                 best_of(args.repeat, lexical_set)))
    if args.embedding:
        from summarize.provenance.embeddings import load_minilm

        t = time.perf_counter()
        load_minilm()
        rows.append(("MiniLM load (once per process)", time.perf_counter() - t))
        rows.append(("semantic similarity (MiniLM token embeddings)", best_of(1, lambda: evaluate(
            preds, references=refs, metrics=["semantic"], n_boot=1))))
        from summarize.metrics import embeddings

        def emb_support():
            embeddings._SENT_CACHE.clear()
            evaluate(preds, sources=srcs, metrics=["support"], support_scorer="embedding",
                     n_boot=1)

        rows.append(("support, embedding scorer (MiniLM, cold cache)", best_of(1, emb_support)))

    print(f"{n} SummEval outputs; {platform.machine()}, Python {platform.python_version()}")
    print(f"max |ours - rouge-score| over all scores: {worst:.1e}")
    print(f"{'step':<70} {'seconds':>8} {'items/s':>9}")
    for name, sec in rows:
        print(f"{name:<70} {sec:8.2f} {n / sec:9.0f}")
    print(f"ROUGE speed-up over rouge-score (same run): {t_theirs / t_ours:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
