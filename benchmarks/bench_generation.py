"""Gemma 3 270M on SummEval: the default ``summarize_many`` vs a naive float32 per-document
``generate`` loop, float32 batched-vs-loop equality, load time, and quality (default vs raw).

Run:  python benchmarks/bench_generation.py [--docs 16] [--max-input-tokens 768]
                                            [--max-new-tokens 64] [--cold] [--rouge 100]

Everything the issue needs comes out of one run (with the CPU model, the load average beside
every phase, the precision "auto" chose and why, and the torch threads used):

1. Throughput on ``--docs`` SummEval articles, every prompt cut to ``--max-input-tokens``:
   - naive: transformers' float32 model and ``for doc: model.generate(**tokenizer(prompt))``
     with torch's default threads, what users write (given our one extra setting too: the
     answer may not start with a line break, which would leave it empty);
   - ours, float32, same threads as the naive loop, no early stop: our batches must give the
     loop's outputs exactly (``raw_output_equal_to_naive``);
   - default: ``summarize_many(texts, method="gemma-270m", sentences=3)`` with every default
     (precision and threads "auto", faithful check, early stop) on the same cut articles.
   Documents/s, ratios against the naive loop, peak RSS.
2. Load time: warm (dequantized cache present) in ``--load-runs`` fresh processes, imports
   included (each run, the median and the slowest); with ``--cold`` also the cold GGUF
   dequantization into a temporary cache folder.
3. ``--rouge N``: ROUGE-1/2/Lsum (F1 x 100, stemmed, the original reference) and the share of
   summary sentences the source supports (lexical support), for the default (faithful) mode and
   the raw model output (``faithful=False``), on N SummEval articles, 3 sentences.

The CPU is shared: quote the load averages printed, and compare only ratios from the same run.
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
    "from summarize.runtime import load_model; from summarize.runtime.packaged import gemma_270m_path;"
    "lm=load_model(gemma_270m_path()); t2=time.perf_counter();"
    "print(t2-t0, t2-t1, lm.source, lm.dtype)"
)


def loadavg() -> str:
    """The 1/5/15-minute load averages, as /proc/loadavg shows them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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
            "process_wall_s": round(wall, 2), "source": source, "dtype": dtype,
            "loadavg": loadavg()}


def raw_rouge1(outputs: list[str], rows: list[dict]) -> float:
    from summarize.metrics.rouge import rouge_scores

    scores = [rouge_scores(o, r["reference"], rouge_types=("rouge1",))["rouge1"].fmeasure
              for o, r in zip(outputs, rows)]
    return round(100 * statistics.mean(scores), 2)


def throughput(args: argparse.Namespace) -> dict:
    import torch

    from summarize import summarize_many
    from summarize.methods.models import ModelSummarizer
    from summarize.runtime.packaged import gemma_270m_path
    from summarize.methods.models.chunking import cut_to_tokens
    from summarize.methods.models.generate import blank_start_ids

    rows = load_summeval(args.docs)
    docs = [prepare_document(r["source"]) for r in rows]
    length = LengthRequest.from_args(sentences=3)
    default_threads = torch.get_num_threads()
    # float32, our batches, the naive loop's threads, no early stop: must equal the loop
    exact = ModelSummarizer(gemma_270m_path(), name="gemma-270m", mode="truncate",
                            max_input_tokens=args.max_input_tokens,
                            max_new_tokens=args.max_new_tokens, dtype="float32",
                            stop_early=False, threads=default_threads)
    lm = exact.lm
    fmt = exact.format(length)
    budget = exact._budget(fmt, args.max_new_tokens)
    cut = [cut_to_tokens(d.source, lm.tokenizer, budget) for d in docs]
    prompts = [fmt.render(c) for c in cut]  # the exact prompt texts of our path
    # what users write: transformers' model (ours runs on the ``gemma3`` runtime)
    tok, model = lm.tokenizer, lm.generation_model()
    results: dict = {"docs": len(docs), "max_input_tokens": args.max_input_tokens,
                     "max_new_tokens": args.max_new_tokens,
                     "torch_default_threads": default_threads,
                     "prompt_tokens_mean": statistics.mean(len(tok(p)["input_ids"])
                                                           for p in prompts)}
    default_kwargs = dict(method="gemma-270m", sentences=3, max_new_tokens=args.max_new_tokens,
                          progress=False)
    # warm-up (first-call allocations, the default model's load) outside the timings
    exact.summarize_documents(docs[:2], length, progress=False)
    warm = summarize_many(cut[:2], **default_kwargs)
    results["default_dtype"] = warm[0].params.get("dtype")
    results["default_dtype_reason"] = warm[0].params.get("dtype_reason")

    no_blank_start = list(blank_start_ids(tok))
    results["naive"] = {"loadavg_before": loadavg()}
    t0 = time.perf_counter()
    naive_out = []
    with torch.inference_mode():
        for p in prompts:
            enc = tok(p, return_tensors="pt")
            out = model.generate(**enc, max_new_tokens=args.max_new_tokens, do_sample=False,
                                 stop_strings=["\n\n"], tokenizer=tok,
                                 pad_token_id=tok.pad_token_id,
                                 begin_suppress_tokens=no_blank_start)
            naive_out.append(tok.decode(out[0, enc["input_ids"].shape[1]:],
                                        skip_special_tokens=True))
    naive_s = time.perf_counter() - t0
    results["naive"].update({"seconds": naive_s, "docs_per_s": len(docs) / naive_s,
                             "peak_rss_mb": rss_mb(), "loadavg_after": loadavg(),
                             "raw_rouge1": raw_rouge1(naive_out, rows)})
    print("naive", json.dumps(results["naive"]), flush=True)

    phases = {
        "ours_float32_exact": lambda: exact.summarize_documents(docs, length, progress=False),
        "default_summarize_many": lambda: summarize_many(cut, **default_kwargs),
    }
    for label, run in phases.items():
        before = loadavg()
        t0 = time.perf_counter()
        outs = run()
        sec = time.perf_counter() - t0
        good = [o for o in outs if getattr(o, "ok", False) is True]
        results[label] = {"seconds": sec, "docs_per_s": len(docs) / sec,
                          "speedup_vs_naive": naive_s / sec, "peak_rss_mb": rss_mb(),
                          "errors": len(docs) - len(good), "loadavg_before": before,
                          "loadavg_after": loadavg(),
                          "dtype": good[0].params["dtype"] if good else None,
                          "torch_threads": good[0].extra.get("torch_threads") if good else None}
        raw = [o.extra["raw_output"] for o in good]
        results[label]["raw_rouge1"] = raw_rouge1(raw, rows)
        if label == "ours_float32_exact":
            same = sum(r == n for r, n in zip(raw, naive_out))
            results[label]["raw_output_equal_to_naive"] = f"{same}/{len(docs)}"
        print(label, json.dumps(results[label]), flush=True)
    return results


def rouge_quality(n: int, dtype: str = "auto") -> dict:
    from summarize import summarize_many
    from summarize.metrics.rouge import rouge_scores

    rows = load_summeval(n)
    out: dict = {"docs": len(rows)}
    for label, faithful in (("default", True), ("raw", False)):
        before = loadavg()
        t0 = time.perf_counter()
        res = summarize_many([r["source"] for r in rows], method="gemma-270m", sentences=3,
                             faithful=faithful, dtype=dtype, progress=True)
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
        replaced = [sum(bool(x.replaced) for x in s.support) for _, s in ok]
        n_sent = [len(s.sentences) for _, s in ok]
        out[label] = {
            "dtype": ok[0][1].params["dtype"] if ok else None,
            "loadavg_before": before, "loadavg_after": loadavg(),
            "sentences_mean": round(statistics.mean(n_sent), 2) if n_sent else None,
            "summaries_with_3_sentences": sum(n == 3 for n in n_sent),
            "replaced_or_added_sentences": sum(replaced),
            "replaced_unsupported": sum(sum(x.replaced == "unsupported" for x in s.support)
                                        for _, s in ok),
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
    p.add_argument("--dtype", default="auto",
                   help="precision for --rouge (default: auto)")
    p.add_argument("--cold", action="store_true", help="also time a cold GGUF load (~40 s+)")
    p.add_argument("--load-runs", type=int, default=5,
                   help="fresh processes timing the warm load (median and max reported)")
    p.add_argument("--rouge", type=int, default=0, help="ROUGE/support on N SummEval articles")
    p.add_argument("--skip-throughput", action="store_true")
    p.add_argument("--out", default="benchmarks/results/bench_generation.json")
    args = p.parse_args(argv)

    from summarize.runtime.precision import cpu_model_name, cpu_precision
    from summarize.runtime.threads import usable_cores

    choice = cpu_precision()
    report: dict = {"cpu": cpu_model_name(), "machine": platform.machine(),
                    "cpus": os.cpu_count(), "usable_cores": usable_cores(),
                    "loadavg_start": loadavg(),
                    "cpu_bf16_speedup": choice.speedup, "auto_dtype_16bit": choice.dtype,
                    "auto_dtype_reason": choice.reason,
                    "note": "compare ratios within this run only"}
    warm = [time_load() for _ in range(args.load_runs)]
    report["load_warm"] = {"runs": warm,
                           "median_s": statistics.median(r["seconds"] for r in warm),
                           "max_s": max(r["seconds"] for r in warm)}
    if args.cold:
        with tempfile.TemporaryDirectory() as tmp:
            report["load_cold"] = time_load(tmp)
    print(json.dumps(report, indent=2), flush=True)
    if not args.skip_throughput:
        report["throughput"] = throughput(args)
        print(json.dumps(report["throughput"], indent=2), flush=True)
    if args.rouge:
        report["rouge"] = rouge_quality(args.rouge, args.dtype)
        print(json.dumps(report["rouge"], indent=2), flush=True)
    report["loadavg_end"] = loadavg()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
