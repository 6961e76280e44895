"""Sentence splitting: our splitter's throughput against pySBD on news, and both on the shared
sentence-boundary cases.

Run:  python benchmarks/bench_sentences.py [--repeat 3] [--min-seconds 1]

1. Accuracy: cases of ``sentence_rules.jsonl`` passed per language (boundaries compared, not
   whitespace), for ``summarize.text.sentences`` and for pySBD (``clean=False``).
2. Speed: characters per second splitting the 100 SummEval articles and 321 XSum articles,
   and the ratio, measured in the same run, the same way for both tools:

   - both are warmed first (one untimed pass each over the same texts: pySBD's first pass is
     several per cent slower than its later ones, and on this kind of shared virtual machine a
     short run right after a pause is slower than one after a few seconds of work);
   - then ``--repeat`` rounds, alternating which tool goes first; in each round a tool splits
     every text, as many passes as fit in ``--min-seconds`` (at least one), and its time is the
     round's average per pass, in wall-clock and in process CPU time (``time.process_time``);
   - each tool's figure is its best round; the ratio of the medians is printed as well.

   Language detection is part of what is measured (``split_sentences(text)`` detects it, as
   pySBD is told ``language="en"``).

pySBD is a benchmark-only dependency (``pip install "summarize[benchmark]"``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
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


def _timed_round(split, texts: list[str], min_seconds: float) -> tuple[float, float]:
    """Wall-clock and CPU seconds per pass over ``texts``, averaged over as many passes as fit
    in ``min_seconds`` (at least one)."""
    gc.collect()
    passes = 0
    w0, c0 = time.perf_counter(), time.process_time()
    while True:
        for t in texts:
            split(t)
        passes += 1
        wall = time.perf_counter() - w0
        if wall >= min_seconds:
            return wall / passes, (time.process_time() - c0) / passes


def speed(tools: dict, texts: list[str], repeat: int, min_seconds: float) -> dict:
    """``{name: [(wall, cpu) per round]}``: rounds alternate which tool runs first, after one
    untimed warm-up pass of each."""
    for split in tools.values():
        for t in texts:
            split(t)
    names = list(tools)
    rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for r in range(repeat):
        for name in (names if r % 2 == 0 else names[::-1]):
            rounds[name].append(_timed_round(tools[name], texts, min_seconds))
    return rounds


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds per tool")
    ap.add_argument("--min-seconds", type=float, default=1.0,
                    help="a round repeats passes over the texts until this much time passed")
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

    print(f"# {cpu_name()}, python {platform.python_version()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, fn in (("summarize", ours), ("pysbd", theirs)):
        passed, total = accuracy(fn)
        per = " ".join(f"{k} {passed[k]}/{total[k]}" for k in sorted(total))
        print(f"{name:<10} sentence_rules {sum(passed.values())}/{sum(total.values())}  ({per})")
    texts = news_texts()
    chars = sum(map(len, texts))
    rounds = speed({"summarize": ours, "pysbd": theirs}, texts, args.repeat, args.min_seconds)
    print(f"speed on {len(texts)} news articles ({chars:,} chars), best of {args.repeat} rounds "
          f"(median in brackets), M chars/s:")
    best = {}
    for name, rs in rounds.items():
        wall = min(w for w, _ in rs)
        cpu = min(c for _, c in rs)
        best[name] = (wall, cpu, statistics.median(w for w, _ in rs))
        print(f"  {name:<10} wall {chars / wall / 1e6:6.3f} ({chars / best[name][2] / 1e6:.3f})"
              f"   cpu {chars / cpu / 1e6:6.3f}")
    (ow, oc, om), (tw, tc, tm) = best["summarize"], best["pysbd"]
    print(f"ratio summarize/pysbd: wall {tw / ow:.1f}x (median {tm / om:.1f}x), "
          f"cpu {tc / oc:.1f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
