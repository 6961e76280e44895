"""Extractive methods on SummEval: quality vs Lead-3 and sumy, and speed vs sumy.

Run:  python benchmarks/bench_extractive.py [--docs 100] [--repeat 5] [--speed-only] [--cold]

1. Quality: ROUGE-1/2/Lsum (stemmed, original reference, F1 x 100) of every method of ours and
   of every sumy method, 3 sentences each (``auto`` also at its default paragraph length), plus
   the released Lead-3 (M0), with mean summary length in words. Skipped with ``--speed-only``.
2. Speed: our TextRank / LexRank against sumy's on the same sentences (sumy is handed our
   sentences through an adapter, since its own tokenizer needs nltk data that cannot be
   downloaded). Prints documents/s for each and the ratio, measured in the same run.

   What is timed: ``summarize_document(doc, 3 sentences)`` on every document, best of
   ``--repeat`` passes, ours and sumy's passes alternating. The documents are prepared
   (cleaned, split into sentences) once, outside the timed region, for both tools. Inside it,
   ours does all of its per-document analysis: word tokenization of every sentence, word
   counts, content words and the term matrix, the discourse links the selection step reads
   (punctuation for every sentence, the wording of each sentence selection asks about), the
   sentence graph, PageRank, selection and the ``Summary`` with provenance; sumy tokenizes
   every sentence (through the adapter, with our ``tokenize_words``), stems, builds its graph
   and ranks. Nothing computed for a document survives to the next pass; what does persist in
   the process, for both tools, is per-word memos (ours: the term id of each word form, i.e.
   its stop-word test and stem; sumy's own, if any), which also hold after the first of many
   documents in real use. ``--cold`` clears ours before every pass.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from summarize.methods.peers import SUMY_METHODS, sumy_summarizer
from summarize.bench.data import data_path
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest
from summarize.metrics.rouge import rouge_scores
from summarize.methods.registry import get_summarizer
from summarize.runtime.precision import cpu_model_name
from summarize.text.tokens import count_words

OURS = ["lead", "auto", "textrank", "lexrank", "centroid", "mmr"]


def load(n: int) -> list[dict]:
    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f][:n]


def score(preds: list[list[str]], rows: list[dict]) -> tuple[float, float, float, float]:
    totals = [0.0, 0.0, 0.0]
    for sents, row in zip(preds, rows):
        s = rouge_scores("\n".join(sents), row["reference"], ("rouge1", "rouge2", "rougeLsum"))
        totals[0] += s["rouge1"].fmeasure
        totals[1] += s["rouge2"].fmeasure
        totals[2] += s["rougeLsum"].fmeasure
    n = len(rows)
    words = sum(count_words(" ".join(p)) for p in preds) / n
    return (100 * totals[0] / n, 100 * totals[1] / n, 100 * totals[2] / n, words)


def run_method(summarizer, docs, length) -> list[list[str]]:
    return [list(summarizer.summarize_document(d, length).sentences) for d in docs]


def seconds_per_pass(summarizer, docs, length) -> float:
    t0 = time.perf_counter()
    for d in docs:
        summarizer.summarize_document(d, length)
    return time.perf_counter() - t0


def docs_per_second(tools, docs, length, repeat: int, cold: bool = False) -> list[float]:
    """Documents per second of each summarizer in ``tools``, best of ``repeat`` passes; the
    passes alternate between the tools, so a slow spell of a shared machine hits them alike."""
    best = [float("inf")] * len(tools)
    for _ in range(repeat):
        for k, summarizer in enumerate(tools):
            if cold:
                clear_word_memos()
            best[k] = min(best[k], seconds_per_pass(summarizer, docs, length))
    return [len(docs) / b for b in best]


def clear_word_memos() -> None:
    """Empty our per-word memos (the content word of each word form, the stems)."""
    from summarize.methods.extractive import features
    from summarize.text.tokens import light_stem

    # (_CONTENT: the memo's name before the term ids, so this runs on older checkouts too)
    getattr(features, "_TERMS", getattr(features, "_CONTENT", {})).clear()
    light_stem.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--speed-only", action="store_true", help="skip the quality section")
    ap.add_argument("--cold", action="store_true",
                    help="clear our per-word memos before every timed pass")
    args = ap.parse_args()
    rows = load(args.docs)
    docs = [prepare_document(r["source"]) for r in rows]
    three = LengthRequest.from_args(sentences=3)
    print(f"# {len(rows)} SummEval articles; {cpu_model_name()}, "
          f"python {platform.python_version()}")
    if not args.speed_only:
        quality(rows, docs, three)
    print("\n# speed, same sentences, 3-sentence summaries (best of", args.repeat, "runs"
          + (", word memos cleared before each)" if args.cold else ")"))
    for ours, peer in (("textrank", "sumy-textrank"), ("lexrank", "sumy-lexrank")):
        a, b = docs_per_second([get_summarizer(ours), sumy_summarizer(peer)], docs, three,
                               args.repeat, args.cold)
        print(f"{ours:<10} {a:9.1f} docs/s   {peer:<14} {b:9.1f} docs/s   ratio {a / b:6.1f}x")


def quality(rows: list[dict], docs: list, three: LengthRequest) -> None:
    default = LengthRequest.from_args()
    print(f"{'method':<22}{'R-1':>7}{'R-2':>7}{'R-Lsum':>8}{'words':>7}")
    m0 = [[s.text for s in prepare_document(r["systems"]["M0"]["summary"], clean=False).sentences]
          for r in rows]
    print(f"{'M0 (released Lead-3)':<22}" + "".join(f"{x:>7.2f}" for x in score(m0, rows)))
    results = {}
    for name in OURS:
        results[name] = score(run_method(get_summarizer(name), docs, three), rows)
    results["auto (default length)"] = score(run_method(get_summarizer("auto"), docs, default), rows)
    for name in SUMY_METHODS:
        results[name] = score(run_method(sumy_summarizer(name), docs, three), rows)
    for name, r in results.items():
        print(f"{name:<22}" + "".join(f"{x:>7.2f}" for x in r))
    best_auto = results["auto (default length)"]
    best_sumy = max((r for n, r in results.items() if n.startswith("sumy")), key=lambda r: r[0])
    print(f"\nauto (default) - lead: R-1 {best_auto[0] - results['lead'][0]:+.2f}, "
          f"R-Lsum {best_auto[2] - results['lead'][2]:+.2f}; "
          f"auto - best sumy: R-1 {best_auto[0] - best_sumy[0]:+.2f}")


if __name__ == "__main__":
    main()
