"""Coherence and ROUGE of every extractive method at the default length and at 30/45/60 words.

Run (two steps, so that summaries made by an older checkout can be scored by today's metric):

    python benchmarks/coherence_lengths.py dump --out runs/coherence/after.jsonl
    python benchmarks/coherence_lengths.py score runs/coherence/after.jsonl \
        [--before runs/coherence/before.jsonl] [--markdown | --readme]

``dump`` summarizes ``summeval.jsonl`` and ``xsum_sample.jsonl`` (``$SUMMARIZE_DATA``) with
auto, lead, textrank, lexrank, centroid and mmr at the default length and at 30, 45 and 60 words,
plus Lead-3 (``sentences=3``) on the cased and the lower-cased articles, and writes one JSON line
per summary (``Summary.to_dict(include_source=True)`` and the run's labels). It only needs
``summarize.summarize``, so it also runs against an older checkout (``PYTHONPATH=old_tree``).

``score`` rebuilds each ``Summary`` and reports, per corpus, method and length: ROUGE-1 and
ROUGE-Lsum F1 x 100 (stemmed, first reference), mean words, the share of summaries with a dangling
sentence (``summarize.metrics.coherence``: a dangling opener, an orphan colon or an unbalanced
quote), the share with a broken lead, and how many were compressed or truncated. With
``--before`` it puts the older run's ROUGE and dangling share beside each row. It also counts
sentences of the cased and lower-cased articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

METHODS = ["auto", "lead", "textrank", "lexrank", "centroid", "mmr"]
LENGTHS: list[tuple[str, dict[str, int]]] = [
    ("default", {}), ("30w", {"words": 30}), ("45w", {"words": 45}), ("60w", {"words": 60}),
]
CORPORA = ["summeval", "xsum_sample"]


def _rows(name: str, limit: int | None) -> list[dict]:
    from summarize.bench.data import data_path

    with open(data_path("corpora", f"{name}.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[:limit] if limit else rows


def dump(out: Path, limit: int | None) -> None:
    from summarize import summarize

    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        for corpus in CORPORA:
            rows = _rows(corpus, limit)
            runs: list[tuple[str, str, dict[str, int], bool]] = [
                (m, label, kw, False) for m in METHODS for label, kw in LENGTHS
            ]
            runs.append(("lead", "3s", {"sentences": 3}, False))
            runs.append(("lead", "3s", {"sentences": 3}, True))
            for method, label, kwargs, lower in runs:
                for row in rows:
                    source = row["source"].lower() if lower else row["source"]
                    try:
                        rec = summarize(source, method=method, **kwargs).to_dict(
                            include_source=True)
                    except ValueError as exc:  # e.g. nothing left after cleaning: not scored
                        rec = {"error": str(exc)}
                    rec.update(corpus=corpus, id=row["id"], label=label, lower=lower,
                               reference=row["reference"])
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            print(f"{corpus}: {len(rows)} articles, {time.perf_counter() - t0:.0f}s",
                  file=sys.stderr)


def _summary(rec: dict) -> Any:
    """A ``Summary`` rebuilt from a dumped record (older records have no kept ranges)."""
    from summarize.text.sentences import Sentence
    from summarize.summary import SentenceSupport, Summary

    source = rec["source"]
    sents = tuple(Sentence(source[d["start"]:d["end"]], d["start"], d["end"], i)
                  for i, d in enumerate(rec["source_sentences"]))
    support = tuple(
        SentenceSupport(tuple(x["source_indices"]), tuple(x["scores"]), x["supported"],
                        x["scorer"], kept=tuple(tuple(k) for k in x.get("kept", ())))
        for x in rec["support"]
    )
    return Summary(text=rec["summary"], sentences=tuple(rec["sentences"]), method=rec["method"],
                   params=rec["params"], source=source, source_sentences=sents,
                   selected=tuple(rec["selected"]), support=support,
                   extra=rec.get("extra", {}))


def _score(path: Path) -> dict[tuple[str, str, str, bool], dict[str, float]]:
    from summarize.metrics.coherence import coherence_issues
    from summarize.metrics.rouge import rouge_scores
    from summarize.text.sentences import split_sentences

    groups: dict[tuple[str, str, str, bool], list[dict[str, float]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if "error" in rec:
                continue
            s = _summary(rec)
            kinds = {i.kind for i in coherence_issues(s)}
            r = rouge_scores("\n".join(s.sentences), rec["reference"], ("rouge1", "rougeLsum"))
            extra = rec.get("extra", {})
            groups.setdefault((rec["corpus"], rec["method"], rec["label"], rec["lower"]), []).append({
                "r1": 100 * r["rouge1"].fmeasure,
                "rlsum": 100 * r["rougeLsum"].fmeasure,
                "words": rec["n_words"],
                "dangling": float(bool(kinds & {"dangling_opener", "orphan_colon",
                                                "unbalanced_quote"})),
                "opener": float("dangling_opener" in kinds),
                "broken_lead": float("broken_lead" in kinds),
                "compressed": float(bool(extra.get("compressed"))),
                "truncated": float(bool(extra.get("truncated"))),
                "n_src": len(split_sentences(rec["source"])),
            })
    return {k: {m: sum(x[m] for x in v) / len(v) for m in v[0]} | {"n": len(v)}
            for k, v in groups.items()}


def compact(after: dict, old: dict) -> str:
    """The README table: per method and length, SummEval and XSum side by side, before -> after
    for ROUGE-1, ROUGE-Lsum and the dangling share, plus the share compressed / truncated."""
    head = ("| method | length | SummEval R-1 | R-Lsum | dangling % | shortened % | "
            "XSum R-1 | R-Lsum | dangling % | shortened % |")
    lines = [head, "|---|---|" + "---:|" * 8]
    for method in METHODS:
        for label, _ in LENGTHS:
            cells = [f"`{method}`", label]
            for corpus in CORPORA:
                a, o = after[(corpus, method, label, False)], old.get((corpus, method, label, False))
                arrow = (lambda k, f=1.0: f"{f * o[k]:.1f} \u2192 {f * a[k]:.1f}") if o else (
                    lambda k, f=1.0: f"{f * a[k]:.1f}")
                cells += [arrow("r1"), arrow("rlsum"), arrow("dangling", 100.0),
                          f"{100 * a['compressed']:.0f} / {100 * a['truncated']:.0f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def score(path: Path, before: Path | None, markdown: bool, readme: bool = False) -> None:
    after = _score(path)
    old = _score(before) if before else {}
    if readme:
        print(compact(after, old))
        return
    head = ["corpus", "method", "length", "R-1", "R-Lsum", "words", "dangling %", "broken lead %",
            "compressed %", "truncated %"]
    if old:
        head[3:3] = ["R-1 before", "R-Lsum before", "dangling % before"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, v in after.items():
        corpus, method, label, lower = key
        if lower:
            continue
        cells = [corpus, method, label]
        if old:
            o = old.get(key)
            cells += ([f"{o['r1']:.2f}", f"{o['rlsum']:.2f}", f"{100 * o['dangling']:.1f}"]
                      if o else ["-", "-", "-"])
        cells += [f"{v['r1']:.2f}", f"{v['rlsum']:.2f}", f"{v['words']:.1f}",
                  f"{100 * v['dangling']:.1f}", f"{100 * v['broken_lead']:.1f}",
                  f"{100 * v['compressed']:.1f}", f"{100 * v['truncated']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    print("\n".join(lines) if markdown else "\n".join(x.replace("|", " ") for x in lines))
    print()
    for corpus in CORPORA:
        cased, lower = after.get((corpus, "lead", "3s", False)), after.get((corpus, "lead", "3s", True))
        if cased and lower:
            print(f"{corpus}: Lead-3 R-1 cased {cased['r1']:.2f}, lower-cased {lower['r1']:.2f}; "
                  f"mean sentences per article cased {cased['n_src']:.1f}, "
                  f"lower-cased {lower['n_src']:.1f} ({100 * lower['n_src'] / cased['n_src']:.1f}%)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    s = sub.add_parser("score")
    s.add_argument("records", type=Path)
    s.add_argument("--before", type=Path)
    s.add_argument("--markdown", action="store_true")
    s.add_argument("--readme", action="store_true", help="the compact README table")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.limit)
    else:
        score(args.records, args.before, args.markdown, args.readme)


if __name__ == "__main__":
    main()
