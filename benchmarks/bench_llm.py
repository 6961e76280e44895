"""The packaged Gemma 3 270M GGUF three ways, same prompts: our plain-torch runtime
(``method="gemma-270m"``'s ``ModelSummarizer``, weights de-quantized to the precision measured
for this CPU), llama.cpp in this process (``method="llama.cpp:gemma-270m"``, Q4_K_M as it is),
and llama.cpp's OpenAI-compatible server on 127.0.0.1 (``method="openai:..."``, started here).

Run:  python benchmarks/bench_llm.py [--docs 8] [--max-input-tokens 512] [--max-new-tokens 64]
                                     [--out benchmarks/results/bench_llm.json]

Our runtime runs twice: with its default threads ("auto": the cores idle when a batch starts)
and with every usable core, as llama.cpp uses. Each path runs in a fresh process (load, one warm-up document, the timed batch) and gets the
same prompt texts: the first ``--docs`` SummEval articles, each cut to
``--max-input-tokens`` Gemma tokens, in the TL;DR completion prompt (``text + "\\n\\nTL;DR:"``),
greedy decoding, at most ``--max-new-tokens`` new tokens, stopping at a blank line (no early
stop of ours: every path does the same work). Sentence support is lexical on every path, so the
timings are generation. Per path: load seconds, documents/s over the batch (``summarize_many``;
the server path sends one request at a time, as llama.cpp's server serves them), ROUGE-1/2/Lsum
(F1 x 100, stemmed) of the raw model output against the reference, and how many raw outputs
equal the in-process llama.cpp ones. The CPU model and the load averages are printed beside the figures; compare only figures from
the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from summarize.bench.data import data_path


def cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_flags() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return ", ".join(f for f in ("avx2", "avx512f", "avx512_bf16", "amx_bf16")
                                 if f in flags)
    except OSError:
        pass
    return ""


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def rouge(outputs: list[str], refs: list[str]) -> dict:
    from summarize.metrics.rouge import rouge_scores

    keys = ("rouge1", "rouge2", "rougeLsum")
    scores = {k: [] for k in keys}
    for o, r in zip(outputs, refs):
        sc = rouge_scores(o, r, rouge_types=keys)
        for k in keys:
            scores[k].append(100 * sc[k].fmeasure)
    return {k: round(statistics.mean(v), 2) for k, v in scores.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(gguf: str, n_ctx: int, threads: int) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", gguf,
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
                             "--n_threads", str(threads), "--n_threads_batch", str(threads),
                             "--model_alias", "gemma-270m"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    while time.perf_counter() - t0 < 300:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/models", timeout=2):
                return proc, url, time.perf_counter() - t0
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("llama_cpp.server did not start within 300 s")


PATHS = ("ours (plain torch)", "ours (plain torch, all cores)", "llama.cpp in-process",
         "llama.cpp server")


def run_path(label: str, texts: list[str], refs: list[str], args: argparse.Namespace) -> dict:
    """One path over ``texts`` in this (fresh) process: load, warm-up, timed batch."""
    from summarize import summarize_many
    from summarize.methods.llm.summarizer import LLMSummarizer
    from summarize.runtime.llamacpp import llama_threads
    from summarize.runtime.packaged import gemma_270m_path

    gguf, n_ctx, threads = gemma_270m_path(), 2048, llama_threads("auto")
    proc = None
    t0 = time.perf_counter()
    if label.startswith("ours"):
        from summarize.methods.models import ModelSummarizer

        summarizer = ModelSummarizer(gguf, name=label, mode="truncate",
                                     max_input_tokens=args.max_input_tokens +
                                     args.max_new_tokens + 32,
                                     max_new_tokens=args.max_new_tokens, stop_early=False,
                                     support_scorer="lexical",
                                     threads=threads if "all cores" in label else "auto").load()
    elif label == "llama.cpp in-process":
        summarizer = LLMSummarizer(gguf, backend="llama.cpp", name=label, prompt_style="tldr",
                                   max_new_tokens=args.max_new_tokens, context_window=n_ctx,
                                   support_scorer="lexical").load()
    else:
        proc, url, _ = start_server(gguf, n_ctx, threads)
        summarizer = LLMSummarizer("gemma-270m", base_url=url, name=label, prompt_style="tldr",
                                   max_new_tokens=args.max_new_tokens, context_window=n_ctx,
                                   concurrency=1, timeout=600, support_scorer="lexical",
                                   extra_body={"repeat_penalty": 1.0})
    load_s = time.perf_counter() - t0
    try:
        common = dict(sentences=3, progress=False)
        summarize_many(texts[:1], method=summarizer, **common)  # warm-up, not timed
        before = loadavg()
        t0 = time.perf_counter()
        res = summarize_many(texts, method=summarizer, **common)
        sec = time.perf_counter() - t0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    good = [r for r in res if r.ok]
    raw = [r.extra["raw_output"].strip() for r in good]
    entry = {"load_s": round(load_s, 2), "seconds": round(sec, 2),
             "docs_per_s": round(len(texts) / sec, 4), "errors": len(res) - len(good),
             "raw_rouge": rouge(raw, refs), "loadavg_before": before, "loadavg_after": loadavg(),
             "blank_start_retries": sum(bool(r.extra.get("blank_start_retry")) for r in good)}
    if label.startswith("ours") and good:
        entry.update(dtype=good[0].params.get("dtype"),
                     dtype_reason=good[0].params.get("dtype_reason"),
                     torch_threads=good[0].extra.get("torch_threads"))
    else:
        entry["llama_threads"] = threads
    return {"entry": entry, "raw": raw}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--max-input-tokens", type=int, default=512)
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--out", default="benchmarks/results/bench_llm.json")
    ap.add_argument("--only", choices=PATHS, help=argparse.SUPPRESS)  # one path, in a child
    ap.add_argument("--texts", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.only:
        data = json.loads(Path(args.texts).read_text(encoding="utf-8"))
        print("RESULT " + json.dumps(run_path(args.only, data["texts"], data["refs"], args)))
        return

    from summarize.methods.models.chunking import cut_to_tokens
    from summarize.runtime import load_model
    from summarize.runtime.packaged import gemma_270m_path

    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line, _ in zip(f, range(args.docs))]
    refs = [r["reference"] for r in rows]
    tok = load_model(gemma_270m_path()).tokenizer
    texts = [cut_to_tokens(r["source"], tok, args.max_input_tokens) for r in rows]
    result: dict = {"cpu": cpu_name(), "cpu_flags": cpu_flags(), "cores": os.cpu_count(),
                    "docs": len(rows), "max_input_tokens": args.max_input_tokens,
                    "max_new_tokens": args.max_new_tokens, "prompt": "text + '\\n\\nTL;DR:'",
                    "prompt_tokens_mean": round(statistics.mean(
                        len(tok(t + "\n\nTL;DR:")["input_ids"]) for t in texts), 1),
                    "each path": "a fresh process: load, one warm-up document, the timed batch",
                    "paths": {}}
    outputs: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "texts.json"
        data.write_text(json.dumps({"texts": texts, "refs": refs}), encoding="utf-8")
        for label in PATHS:
            done = subprocess.run([sys.executable, __file__, "--only", label, "--texts",
                                   str(data), "--max-input-tokens", str(args.max_input_tokens),
                                   "--max-new-tokens", str(args.max_new_tokens)],
                                  capture_output=True, text=True)
            lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
            if done.returncode or not lines:
                raise RuntimeError(f"{label} failed:\n{done.stderr[-3000:]}")
            got = json.loads(lines[-1][len("RESULT "):])
            result["paths"][label], outputs[label] = got["entry"], got["raw"]
            print(label, json.dumps(got["entry"]), flush=True)
    ref = outputs["llama.cpp in-process"]
    base = result["paths"][PATHS[0]]["docs_per_s"]
    for label, raw in outputs.items():
        entry = result["paths"][label]
        entry["raw_equal_to_llama_cpp_in_process"] = \
            f"{sum(a == b for a, b in zip(raw, ref))}/{len(ref)}"
        entry["speed_vs_ours"] = round(entry["docs_per_s"] / base, 3)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
