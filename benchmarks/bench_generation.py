"""Gemma 3 270M on SummEval: our batched generation vs the per-document ``generate`` loop.

Run:  python benchmarks/bench_generation.py [--docs 16] [--max-input-tokens 768]
                                            [--max-new-tokens 64] [--cold] [--rouge 100]

1. Throughput (same model object, same documents, same prompt text, same input length, same
   generation settings: greedy, ``max_new_tokens``, stop at a blank line):
   - naive: ``for doc: model.generate(**tokenizer(prompt, return_tensors="pt"))``, what users
     write today without the removed pipeline (given our one extra setting too: the answer may
     not start with a line break, which would leave it empty);
   - ours through ``generate`` (``drop_finished=False, stop_early=False``): length-sorted
     batches, left padding, the prompts prefilled in 128-token chunks;
   - ours, dropping finished rows (``stop_early=False``): the same batches through our greedy
     loop, where a row whose answer ended leaves the batch (the same search);
   - ours, default (``stop_early=True``): also ends a TL;DR answer once its lines repeat or
     already hold the sentences asked for (3).
   Documents/s of each and the ratios, plus the peak RSS after each phase. Both sides run the
   one loaded model, in the precision ``--dtype`` asks for ("auto": bf16 on CPUs with
   hardware bf16, else float32); the raw outputs are compared, and scored with ROUGE-1.
2. Load time: warm (dequantized cache present) in a fresh process; with ``--cold`` also the cold
   GGUF dequantization into a temporary cache folder.
3. ``--rouge N``: ROUGE-1/2/Lsum (F1 x 100, stemmed, the original reference) and lexical
   support of Gemma plain TL;DR (whole article, map-reduce when too long) vs extract-then-abstract
   (``mode="extract"``) on N SummEval articles, 3 sentences.

The CPU is shared: say so when quoting numbers, and compare only ratios from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize.bench.data import data_path
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest

LOAD_SNIPPET = (
    "import time; t0=time.perf_counter(); import torch, transformers; t1=time.perf_counter();"
    "from summarize.methods.models import load_model; from summarize.methods.models.aliases import gemma_270m_path;"
    "lm=load_model(gemma_270m_path()); t2=time.perf_counter();"
    "print(t2-t0, t2-t1, lm.source, lm.dtype)"
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_summeval(n: int) -> list[dict]:
    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return rows[:n]


def time_load(cache: str | None = None) -> dict:
    """Load Gemma in a fresh process: seconds including ``import torch, transformers`` and
    after them, plus the process wall time (interpreter start included)."""
    env = dict(os.environ)
    if cache:
        env["SUMMARIZE_CACHE"] = cache
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True,
                         env=env, check=True)
    wall = time.perf_counter() - t0
    total, after_imports, source, dtype = out.stdout.strip().split()[-4:]
    return {"seconds": round(float(total), 2),
            "seconds_after_imports": round(float(after_imports), 2),
            "process_wall_s": round(wall, 2), "source": source, "dtype": dtype}


def raw_rouge1(outputs: list[str], rows: list[dict]) -> float:
    from summarize.metrics.rouge import rouge_scores

    scores = [rouge_scores(o, r["reference"], rouge_types=("rouge1",))["rouge1"].fmeasure
              for o, r in zip(outputs, rows)]
    return round(100 * statistics.mean(scores), 2)


def throughput(args: argparse.Namespace) -> dict:
    import torch

    from summarize.methods.models import ModelSummarizer
    from summarize.methods.models.aliases import gemma_270m_path
    from summarize.methods.models.chunking import cut_to_tokens
    from summarize.methods.models.generate import blank_start_ids

    rows = load_summeval(args.docs)
    docs = [prepare_document(r["source"]) for r in rows]
    length = LengthRequest.from_args(sentences=3)
    common = dict(name="gemma-270m", mode="truncate", max_input_tokens=args.max_input_tokens,
                  max_new_tokens=args.max_new_tokens, batch_size=args.batch_size,
                  batch_tokens=args.batch_tokens, dtype=args.dtype)
    variants = {
        # batching through transformers' generate: every row runs until the batch ends
        "ours_generate": ModelSummarizer(gemma_270m_path(), stop_early=False,
                                         drop_finished=False, **common),
        # our greedy loop: ended rows leave the batch (the same search)
        "ours_drop_finished": ModelSummarizer(gemma_270m_path(), stop_early=False, **common),
        # the default: also stop an answer once its lines repeat or hold the sentences asked
        "ours_default": ModelSummarizer(gemma_270m_path(), stop_early=True, **common),
    }
    ours = variants["ours_default"]
    lm = ours.lm
    fmt = ours.format(length)
    budget = ours._budget(fmt, args.max_new_tokens)
    # the exact prompt texts our path feeds the model (same cut for the naive loop)
    prompts = [fmt.render(cut_to_tokens(d.source, lm.tokenizer, budget)) for d in docs]
    tok, model = lm.tokenizer, lm.model
    results: dict = {"docs": len(docs), "max_input_tokens": args.max_input_tokens,
                     "max_new_tokens": args.max_new_tokens, "batch_size": args.batch_size,
                     "batch_tokens": args.batch_tokens,
                     "prompt_tokens_mean": statistics.mean(len(tok(p)["input_ids"])
                                                           for p in prompts)}
    # warm-up (first-call allocations) outside the timings
    for summ in variants.values():
        summ.summarize_documents(docs[:2], length, progress=False)

    # our one extra generation setting, used on both sides: no empty answer after "TL;DR:"
    no_blank_start = list(blank_start_ids(tok))
    t0 = time.perf_counter()
    naive_out = []
    for p in prompts:
        enc = tok(p, return_tensors="pt")
        out = model.generate(**enc, max_new_tokens=args.max_new_tokens, do_sample=False,
                             stop_strings=["\n\n"], tokenizer=tok, pad_token_id=tok.pad_token_id,
                             begin_suppress_tokens=no_blank_start)
        naive_out.append(tok.decode(out[0, enc["input_ids"].shape[1]:], skip_special_tokens=True))
    naive_s = time.perf_counter() - t0
    results["naive"] = {"seconds": naive_s, "docs_per_s": len(docs) / naive_s, "peak_rss_mb": rss_mb()}
    print("naive", json.dumps(results["naive"]), flush=True)

    for label, summ in variants.items():
        t0 = time.perf_counter()
        outs = summ.summarize_documents(docs, length, progress=False)
        sec = time.perf_counter() - t0
        errors = [o for o in outs if isinstance(o, Exception)]
        results[label] = {"seconds": sec, "docs_per_s": len(docs) / sec, "peak_rss_mb": rss_mb(),
                          "errors": len(errors)}
        if label != "ours_default":  # same settings as naive: compare the raw outputs
            raw = [o.extra["raw_output"] for o in outs if not isinstance(o, Exception)]
            same = sum(r == n for r, n in zip(raw, naive_out))
            results[label]["raw_output_equal_to_naive"] = f"{same}/{len(docs)}"
            # where outputs differ (bf16 rounds differently in a padded batch), is the quality
            # the same? ROUGE-1 F1 of the raw outputs against the references, both sides
            results["naive"]["raw_rouge1"] = raw_rouge1(naive_out, rows)
            results[label]["raw_rouge1"] = raw_rouge1(raw, rows)
        print(label, json.dumps(results[label]), flush=True)
    for label in variants:
        results[label]["speedup_vs_naive"] = results[label]["docs_per_s"] / results["naive"]["docs_per_s"]
    results["torch_threads"] = torch.get_num_threads()
    results["dtype"] = lm.dtype
    return results


def rouge_quality(n: int, max_new_tokens: int, dtype: str = "auto") -> dict:
    from summarize import summarize_many
    from summarize.metrics.rouge import rouge_scores

    rows = load_summeval(n)
    out: dict = {"docs": len(rows)}
    for label, mode in (("plain_tldr", "map_reduce"), ("extract_then_abstract", "extract")):
        t0 = time.perf_counter()
        res = summarize_many([r["source"] for r in rows], method="gemma-270m", sentences=3,
                             mode=mode, max_new_tokens=max_new_tokens, dtype=dtype,
                             progress=True)
        sec = time.perf_counter() - t0
        ok = [(r, s) for r, s in zip(rows, res) if s.ok]
        scores = {k: [] for k in ("rouge1", "rouge2", "rougeLsum")}
        support, words = [], []
        empty = sum(not s.text.strip() for _, s in ok)
        for row, s in ok:
            sc = rouge_scores(s.text, row["reference"], rouge_types=tuple(scores))
            for k in scores:
                scores[k].append(sc[k].fmeasure * 100)
            if s.support:
                support.append(sum(x.supported for x in s.support) / len(s.support))
            words.append(s.n_words)
        out[label] = {
            "dtype": ok[0][1].params["dtype"] if ok else None,
            **{k: round(statistics.mean(v), 2) for k, v in scores.items() if v},
            "supported_sentence_share": round(statistics.mean(support), 3) if support else None,
            "mean_words": round(statistics.mean(words), 1) if words else None,
            "seconds_per_doc": round(sec / len(rows), 2),
            "errors": len(rows) - len(ok),
            "empty_summaries": empty,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=16)
    p.add_argument("--max-input-tokens", type=int, default=768)
    p.add_argument("--max-new-tokens", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--batch-tokens", type=int, default=16384)
    p.add_argument("--dtype", default="auto",
                   help="precision of the one model both sides use: auto, float32, bfloat16")
    p.add_argument("--cold", action="store_true", help="also time a cold GGUF load (~40 s+)")
    p.add_argument("--rouge", type=int, default=0, help="ROUGE/support on N SummEval articles")
    p.add_argument("--skip-throughput", action="store_true")
    p.add_argument("--out", default="benchmarks/results/bench_generation.json")
    args = p.parse_args(argv)

    report: dict = {"machine": f"{platform.processor() or platform.machine()}, "
                               f"{os.cpu_count()} CPUs, load avg {os.getloadavg()[0]:.1f}",
                    "note": "compare ratios within this run only"}
    report["load_warm"] = time_load()
    if args.cold:
        with tempfile.TemporaryDirectory() as tmp:
            report["load_cold"] = time_load(tmp)
    print(json.dumps(report, indent=2), flush=True)
    if not args.skip_throughput:
        report["throughput"] = throughput(args)
        print(json.dumps(report["throughput"], indent=2), flush=True)
    if args.rouge:
        report["rouge"] = rouge_quality(args.rouge, args.max_new_tokens, args.dtype)
        print(json.dumps(report["rouge"], indent=2), flush=True)
    report["load_avg_end"] = round(os.getloadavg()[0], 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
