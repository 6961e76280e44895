"""Sentence splitting: our splitter's throughput against pySBD on news, and both on the shared
sentence-boundary cases.

Run:  python benchmarks/bench_sentences.py [--repeat 3]

1. Accuracy: cases of ``sentence_rules.jsonl`` passed per language (boundaries compared, not
   whitespace), for ``summarize.text.sentences`` and for pySBD (``clean=False``).
2. Speed: characters per second splitting the 100 SummEval articles and 321 XSum articles
   (best of ``--repeat`` runs), and the ratio, measured in the same run.

pySBD is a benchmark-only dependency (``pip install "summarize[benchmark]"``).
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from collections import Counter

from summarize.bench.data import data_path
from summarize.text.sentences import split_sentences


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def accuracy(split) -> tuple[Counter, Counter]:
    passed, total = Counter(), Counter()
    with open(data_path("corpora", "sentence_rules.jsonl"), encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            total[row["lang"]] += 1
            try:
                got = split(row["text"], row["lang"])
            except Exception:  # a language pySBD does not know
                continue
            if len(got) == len(row["sentences"]) and all(map(_same, got, row["sentences"])):
                passed[row["lang"]] += 1
    return passed, total


def news_texts() -> list[str]:
    out = []
    for name in ("summeval.jsonl", "xsum_sample.jsonl"):
        with open(data_path("corpora", name), encoding="utf-8") as f:
            out += [json.loads(line)["source"] for line in f]
    return out


def chars_per_second(split, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            split(t)
        best = min(best, time.perf_counter() - t0)
    return sum(map(len, texts)) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import pysbd

    def ours(text, lang=None):
        return [s.text for s in split_sentences(text, lang)]

    segmenters: dict[str, object] = {}

    def theirs(text, lang="en"):
        seg = segmenters.get(lang)
        if seg is None:
            seg = segmenters[lang] = pysbd.Segmenter(language=lang, clean=False)
        return [s.strip() for s in seg.segment(text) if s.strip()]

    print(f"# {platform.processor() or platform.machine()}, python {platform.python_version()}")
    for name, fn in (("summarize", ours), ("pysbd", theirs)):
        passed, total = accuracy(fn)
        per = " ".join(f"{k} {passed[k]}/{total[k]}" for k in sorted(total))
        print(f"{name:<10} sentence_rules {sum(passed.values())}/{sum(total.values())}  ({per})")
    texts = news_texts()
    a = chars_per_second(ours, texts, args.repeat)
    b = chars_per_second(theirs, texts, args.repeat)
    print(f"speed on {len(texts)} news articles ({sum(map(len, texts)):,} chars): summarize "
          f"{a / 1e6:.2f} M chars/s, pysbd {b / 1e6:.3f} M chars/s, ratio {a / b:.1f}x")


if __name__ == "__main__":
    main()
