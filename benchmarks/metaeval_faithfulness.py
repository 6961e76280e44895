"""Meta-evaluation of the default faithfulness score on two development sets and on errors made
here: SummEval (summary-level Kendall tau with the experts' consistency rating) and Rank19
(pairwise accuracy: the correct summary sentence ranked above the incorrect one, ties half),
beside support_min, faith_lexical and the novel n-gram shares, with splits (hash halves, system
groups, data sets) and the previous formula. Writes the faithfulness section of
docs/METAEVAL.md (between its faithfulness markers).

    python benchmarks/metaeval_faithfulness.py            # seconds; writes docs/METAEVAL.md
    python benchmarks/metaeval_faithfulness.py --print    # print the section only

Data: $SUMMARIZE_DATA/corpora/{summeval,rank19,xsum_sample}.jsonl (default ../shared).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.bench.data import data_path  # noqa: E402
from summarize.metrics import meta_evaluate  # noqa: E402
from summarize.metrics.extractive_stats import extractiveness  # noqa: E402
from summarize.provenance import faithfulness as F  # noqa: E402
from summarize.provenance.support import split_pair, support_stats  # noqa: E402

BEGIN, END = "<!-- faithfulness:begin -->", "<!-- faithfulness:end -->"
EXTRACTIVE = {"M0", "M1", "M2", "M5"}
#: published figures of the score before issue 22 (docs/METAEVAL.md as of issue 13, rank19
#: README): kept as printed, since its code is gone
PREVIOUS = {"summeval": 0.423, "rank19": 0.662}
#: the first revision for issue 22 (h22: every left-out span with a content word a join), as
#: published; the row "joins as in h22" recomputes it
H22 = {"summeval": 0.408, "rank19": 0.741}


def _sentence(r: F.SentenceFaithfulness, join: float) -> float:
    """A sentence's score with ``join`` per joined phrase (``F.JOIN_PENALTY`` is the default)."""
    in_order = 1.0 if r.lexical >= F.LEXICAL_TOLERANCE else r.lexical
    return in_order * (1.0 - r.novel_share) * F.FLAG_PENALTY ** r.steps * join ** r.joins


def _absence(r: F.SentenceFaithfulness) -> float:
    """A sentence's score from what the source lacks only (novel words, fact flags, invented
    facts): no lexical order, junction or join."""
    return (1.0 - r.novel_share) * F.FLAG_PENALTY ** (r.steps - r.junctions)


@contextmanager
def patched(**attrs):
    """Score with some of the faithfulness module's rules or constants replaced (an ablation)."""
    keep = {k: getattr(F, k) for k in attrs}
    for k, v in attrs.items():
        setattr(F, k, v)
    try:
        yield
    finally:
        for k, v in keep.items():
            setattr(F, k, v)


def _every_junction(terms, src, aligned, runs=None) -> int:
    """Junctions as counted before this revision: one per extra aligned sentence."""
    return max(len(aligned) - 1, 0)


#: ablations and sensitivities scored by re-running the sentence checks: column -> module
#: attributes replaced
VARIANTS: dict[str, dict] = {
    "v_prev": {"_junctions": _every_junction, "_said_elsewhere": lambda *a: False,
               "_same_before": lambda *a: False,
               "LEXICAL_TOLERANCE": 1.0},
    "v_h22": {"_modifier": lambda *a: False},
    "v_old_junctions": {"_junctions": _every_junction},
    "v_unbacked_joins": {"_said_elsewhere": lambda *a: False},
    "v_no_same_word": {"_same_before": lambda *a: False},
    "v_tol_1.0": {"LEXICAL_TOLERANCE": 1.0},
    "v_tol_0.97": {"LEXICAL_TOLERANCE": 0.97},
    "v_tol_0.93": {"LEXICAL_TOLERANCE": 0.93},
    "v_tol_0.9": {"LEXICAL_TOLERANCE": 0.9},
}
#: the lexical tolerance values measured, for the leave-one-data-set-out pick
TOLERANCES = {"v_tol_0.9": 0.9, "v_tol_0.93": 0.93, "faithfulness": F.LEXICAL_TOLERANCE,
              "v_tol_0.97": 0.97, "v_tol_1.0": 1.0}


AGG: dict[str, Callable[[Sequence[float]], float]] = {
    "min": lambda v: float(min(v)) if len(v) else 0.0,
    "prod": lambda v: float(np.prod(v)) if len(v) else 0.0,
    "mean": lambda v: float(np.mean(v)) if len(v) else 0.0,
}
# column -> (label, sign); sign -1: lower is better (negated before ranking)
ROWS = {
    "faithfulness": ("**faithfulness (default: weakest sentence; this revision)**", 1),
    "v_prev": ("previous default (second issue-22 revision: every junction, every join, exact "
               "word order)", 1),
    "v_old_junctions": ("ablation: every junction charged (no own-subject rule)", 1),
    "v_unbacked_joins": ("ablation: a join charged where another source sentence has its words",
                         1),
    "v_no_same_word": ("ablation: a join or junction charged where the source repeats the "
                       "summary's word before it", 1),
    "v_tol_1.0": ("ablation: no lexical tolerance (exact word order)", 1),
    "v_tol_0.97": ("sensitivity: lexical tolerance 0.97", 1),
    "v_tol_0.93": ("sensitivity: lexical tolerance 0.93", 1),
    "v_tol_0.9": ("sensitivity: lexical tolerance 0.90", 1),
    "faith_mean": ("faith_mean (mean over sentences)", 1),
    "v_h22": ("ablation: a left-out modifier is a join (the h22 rule)", 1),
    "v_prod": ("aggregation: product over sentences", 1),
    "v_nojoin_min": ("ablation: no join step", 1),
    "v_join_0.5": ("sensitivity: joins x0.5", 1),
    "v_join_0.85": ("sensitivity: joins x0.85", 1),
    "v_absence": ("ablation: what the source lacks only (novel share, fact flags; no order, "
                  "junction or join)", 1),
    "support_min": ("support_min (lexical support)", 1),
    "faith_lexical": ("faith_lexical (worst sentence, aligned set)", 1),
    "novel_1gram": ("novel unigram share (negated)", -1),
    "novel_2gram": ("novel bigram share (negated)", -1),
    "novel_3gram": ("novel trigram share (negated)", -1),
    "faith_fact_flags": ("component: fact flags (negated)", -1),
    "faith_joined": ("component: joined phrases (negated)", -1),
    "faith_novel_share": ("component: novel content words (negated)", -1),
}
SPLIT_ROWS = ["faithfulness", "v_prev", "faith_mean", "v_absence", "support_min",
              "faith_lexical", "novel_1gram", "novel_2gram", "novel_3gram"]
BASELINES = ("support_min", "novel_1gram", "novel_2gram", "novel_3gram")


#: the parts of the default score, each as "does it fire in this sentence"
PARTS: dict[str, Callable[[F.SentenceFaithfulness], bool]] = {
    "word order (lexical below the tolerance)": lambda r: r.lexical < F.LEXICAL_TOLERANCE,
    "novel content word": lambda r: r.n_novel > 0,
    "junction (charged)": lambda r: r.junctions > 0,
    "join": lambda r: r.joins > 0,
    "fact flag or invented fact": lambda r: r.steps > r.junctions,
}


def score_pair(summary: str, source: str) -> dict[str, float]:
    """Every row's value for one (summary, source) pair, sign not applied."""
    sents, src = split_pair(summary, source)
    res = [r for r in F.sentence_faithfulness(sents, src) if r.n_words]
    row = F.faithfulness_stats(summary, source)
    row["v_prod"] = AGG["prod"]([_sentence(r, F.JOIN_PENALTY) for r in res])
    row["v_nojoin_min"] = AGG["min"]([_sentence(r, 1.0) for r in res])
    for p in (0.5, 0.85):
        row[f"v_join_{p}"] = AGG["min"]([_sentence(r, p) for r in res])
    row["v_absence"] = AGG["min"]([_absence(r) for r in res])
    for part, fires in PARTS.items():
        row[part] = float(any(fires(r) for r in res))
    for col, attrs in VARIANTS.items():
        with patched(**attrs):
            row[col] = AGG["min"]([r.faithfulness for r in F.sentence_faithfulness(sents, src)
                                   if r.n_words])
    row["support_min"] = support_stats(summary, source)["support_min"]
    ext = extractiveness(summary, source)
    for n in (1, 2, 3):
        row[f"novel_{n}gram"] = ext[f"novel_{n}gram"]
    return row


def _half(key: str) -> int:
    """0 or 1 from the md5 of an id: a split that does not follow the file order."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2


def summeval_scores() -> pd.DataFrame:
    rows = []
    with open(data_path("corpora", "summeval.jsonl"), encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            for system, out in art["systems"].items():
                rows.append({"doc_id": art["id"], "system": system,
                             "consistency": out["consistency"],
                             **score_pair(out["summary"], art["source"])})
    return pd.DataFrame(rows)


def rank19_scores() -> pd.DataFrame:
    rows = []
    with open(data_path("corpora", "rank19.jsonl"), encoding="utf-8") as f:
        for line in f:
            x = json.loads(line)
            for label in ("correct", "incorrect"):
                rows.append({"id": x["id"], "label": label,
                             **score_pair(x[label], x["source"])})
    return pd.DataFrame(rows)


def se_tau(df: pd.DataFrame, cols: Sequence[str], level: str = "summary") -> pd.Series:
    signed = df.copy()
    for c in cols:
        signed[c] = ROWS[c][1] * signed[c]
    t = meta_evaluate(signed, list(cols), ["consistency"])
    return t[(level, "consistency")]


def pair_accuracy(df: pd.DataFrame, cols: Sequence[str]) -> pd.Series:
    """Share of pairs where the correct one ranks above the incorrect one (ties count half)."""
    good = df[df.label == "correct"].set_index("id")
    bad = df[df.label == "incorrect"].set_index("id").loc[good.index]
    out = {}
    for c in cols:
        g, b = ROWS[c][1] * good[c].to_numpy(), ROWS[c][1] * bad[c].to_numpy()
        out[c] = float(np.mean(np.where(np.isclose(g, b, rtol=0, atol=1e-12), 0.5, g > b)))
    return pd.Series(out)


# ----------------------------------------------------------------- errors made here (XSum)

_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_AUX = re.compile(r"\b(is|was|are|were|has|have|had|will|would|can|could)\b")
_PRONOUNS = {"he": "she", "she": "he", "his": "her", "her": "his", "him": "her"}


def perturb(ref: str, src: str) -> dict[str, str]:
    """One changed fact per kind, made from an XSum reference sentence (the reference itself is
    the faithful side of each pair)."""
    out = {}
    words = re.findall(r"\b[A-Z][a-z]{2,}\b", ref)
    names = [w for w in words[1:] if w in src and w not in _DAYS + _MONTHS]
    others = [w for w in dict.fromkeys(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b", src))
              if w not in ref and w not in _DAYS + _MONTHS]
    if names and others:
        out["name swapped for another name in the article"] = re.sub(
            rf"\b{names[0]}\b", others[0], ref, count=1)
    if names and "Hallworth" not in src:
        out["name swapped for one the article lacks"] = re.sub(
            rf"\b{names[0]}\b", "Hallworth", ref, count=1)
    nums = re.findall(r"\b\d+\b", ref)
    if nums:
        new = next(str(int(nums[0]) + k) for k in range(1, 10**6)
                   if not re.search(rf"\b{int(nums[0]) + k}\b", src))
        out["number changed to one the article lacks"] = re.sub(
            rf"\b{nums[0]}\b", new, ref, count=1)
    for cycle in (_DAYS, _MONTHS):
        hit = next((d for d in cycle if re.search(rf"\b{d}\b", ref)), None)
        if hit:
            out["weekday or month changed"] = re.sub(
                rf"\b{hit}\b", cycle[(cycle.index(hit) + 1) % len(cycle)], ref, count=1)
            break
    if _AUX.search(ref) and " not " not in ref:
        out["negation inserted"] = _AUX.sub(lambda m: m.group(0) + " not", ref, count=1)
    pro = re.search(r"\b(he|she|his|her|him)\b", ref)
    if pro:
        out["pronoun swapped (he/she)"] = ref[:pro.start()] + _PRONOUNS[pro.group()] + \
            ref[pro.end():]
    return out


def _auc(good: np.ndarray, bad: np.ndarray) -> float:
    """Probability that a random ``good`` value is above a random ``bad`` one (ties half)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([good, bad]))
    n1, n0 = len(good), len(bad)
    return float((ranks[:n1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


#: the row of the XSum table that ranks every reference against every changed sentence
POOLED = "every reference against every changed sentence, across articles (AUC)"


def xsum_pairs(cols: Sequence[str]) -> pd.DataFrame:
    """Pairwise accuracy (reference above its perturbed copy, ties half) per kind of change, and
    the AUC of all references against all perturbed copies (the sanity row left out) pooled
    across articles: a score read across different articles, as a rating study of one system's
    summaries reads it, must be comparable from one article to the next."""
    arts = [json.loads(line) for line in open(data_path("corpora", "xsum_sample.jsonl"),
                                              encoding="utf-8")]
    wins: dict[str, dict[str, list[float]]] = {}
    pooled: dict[str, tuple[list[float], list[float]]] = {c: ([], []) for c in cols}
    for i, art in enumerate(arts):
        src, ref = art["source"], art["reference"]
        base = score_pair(ref, src)
        changes = perturb(ref, src)
        for c in cols:
            pooled[c][0].append(ROWS[c][1] * base[c])
        for kind, bad in changes.items():
            alt = score_pair(bad, src)
            for c in cols:
                pooled[c][1].append(ROWS[c][1] * alt[c])
            _pair(wins, kind, cols, base, alt)
        other = score_pair(arts[(i + 1) % len(arts)]["reference"], src)
        _pair(wins, "another article's reference (sanity)", cols, base, other)
    table = pd.DataFrame({k: {c: np.mean(v) for c, v in per.items()} for k, per in wins.items()}
                         ).T.assign(pairs={k: len(next(iter(per.values())))
                                           for k, per in wins.items()})
    auc = {c: _auc(np.array(g), np.array(b)) for c, (g, b) in pooled.items()}
    table.loc[POOLED] = {**auc, "pairs": len(pooled[cols[0]][0]) * len(pooled[cols[0]][1])}
    return table


def _pair(wins: dict, kind: str, cols: Sequence[str], base: dict, alt: dict) -> None:
    for c in cols:
        a, b = ROWS[c][1] * base[c], ROWS[c][1] * alt[c]
        wins.setdefault(kind, {}).setdefault(c, []).append(
            0.5 if abs(a - b) <= 1e-12 else float(a > b))


# ------------------------------------------------------------------------------- the section

def _goal(value: float, goal: float) -> str:
    return "goal met" if value >= goal else f"goal {goal} not met"


def _fmt(v: float) -> str:
    return f"{v:.3f}"


def per_system(df: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """Kendall tau-b with consistency across the articles of one system (the protocol of a
    rating study of one system's summaries), for each abstractive system: the mean over them,
    the lowest, and tau over all their summaries pooled."""
    from scipy.stats import kendalltau

    ab = df[~df.system.isin(EXTRACTIVE)]
    out = {}
    for c in cols:
        per = [kendalltau(g.consistency, ROWS[c][1] * g[c]).statistic
               for _, g in ab.groupby("system")]
        out[c] = {"mean": float(np.nanmean(per)), "min": float(np.nanmin(per)),
                  "pooled": float(kendalltau(ab.consistency, ROWS[c][1] * ab[c]).statistic)}
    return pd.DataFrame(out).T


def section() -> tuple[str, dict]:
    t0 = time.perf_counter()
    se = summeval_scores()
    t_se = time.perf_counter() - t0
    t0 = time.perf_counter()
    rk = rank19_scores()
    t_rk = time.perf_counter() - t0
    cols = list(ROWS)
    se["half"] = se.doc_id.map(_half)
    rk["half"] = rk.id.map(_half)
    main = pd.DataFrame({
        "se": se_tau(se, cols),
        "se_a": se_tau(se[se.half == 0], cols), "se_b": se_tau(se[se.half == 1], cols),
        "se_sys": se_tau(se, cols, "system"),
        "rk": pair_accuracy(rk, cols),
        "rk_a": pair_accuracy(rk[rk.half == 0], cols),
        "rk_b": pair_accuracy(rk[rk.half == 1], cols)})
    lines = ["| score | SummEval tau (cons.) | half A | half B | system level | Rank19 acc. | "
             "half A | half B |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cols:
        r = main.loc[c]
        lines.append(f"| {ROWS[c][0]} | " + " | ".join(_fmt(r[k]) for k in (
            "se", "se_a", "se_b", "se_sys", "rk", "rk_a", "rk_b")) + " |")
    lines.append(f"| issue-13 default (as published: product, no joins) | "
                 f"{PREVIOUS['summeval']:.3f} | | | | {PREVIOUS['rank19']:.3f} | | |")
    lines.append(f"| first issue-22 revision (h22, as published) | {H22['summeval']:.3f} | | | | "
                 f"{H22['rank19']:.3f} | | |")
    groups = {
        "abstractive systems (12)": se[~se.system.isin(EXTRACTIVE)],
        "extractive systems (4)": se[se.system.isin(EXTRACTIVE)],
        "Daily Mail articles (87)": se[se.doc_id.str.startswith("dm")],
        "CNN articles (13)": se[se.doc_id.str.startswith("cnn")],
    }
    split = {g: se_tau(d, SPLIT_ROWS) for g, d in groups.items()}
    split_lines = ["| score | " + " | ".join(groups) + " |",
                   "|---|" + "---:|" * len(groups)]
    for c in SPLIT_ROWS:
        split_lines.append(f"| {ROWS[c][0]} | "
                           + " | ".join(_fmt(split[g][c]) for g in groups) + " |")
    cons = se.consistency >= 5
    n_cons, n_rest = int(cons.sum()), int((~cons).sum())
    part_lines = [
        f"| {part} | {se.loc[cons, part].mean():.2f} | {se.loc[~cons, part].mean():.2f} | "
        f"{int(rk.loc[rk.label == 'correct', part].sum())} | "
        f"{int(rk.loc[rk.label == 'incorrect', part].sum())} |" for part in PARTS]
    within = per_system(se, SPLIT_ROWS)
    w_lines = ["| score | mean over the 12 systems | lowest system | 1,200 summaries pooled |",
               "|---|---:|---:|---:|"]
    for c in SPLIT_ROWS:
        w = within.loc[c]
        w_lines.append(f"| {ROWS[c][0]} | {_fmt(w['mean'])} | {_fmt(w['min'])} | "
                       f"{_fmt(w['pooled'])} |")
    # leave one data set out: constants chosen by looking at both sets (the join factor, the
    # lexical tolerance); pick each on one set alone and read the other
    joins = {"v_join_0.5": 0.5, "faithfulness": F.JOIN_PENALTY, "v_join_0.85": 0.85,
             "v_nojoin_min": 1.0}

    def pick(options: dict, key: str) -> tuple:
        best = max(options, key=lambda c: (round(main.loc[c, key], 6), -abs(options[c] - 1)))
        return options[best], main.loc[best, "se"], main.loc[best, "rk"]

    rk_tols = sorted((main.loc[c, "rk"] for c in TOLERANCES), reverse=True)
    tol_margin = (rk_tols[0] - rk_tols[1]) * (len(rk) // 2)
    picks = {"join": (pick(joins, "se"), pick(joins, "rk")),
             "tol": (pick(TOLERANCES, "se"), pick(TOLERANCES, "rk"))}
    t0 = time.perf_counter()
    xcols = ["faithfulness", "v_prev", "v_absence", "faith_fact_flags", "support_min",
             "novel_1gram", "novel_2gram", "novel_3gram"]
    xs = xsum_pairs(xcols)
    t_x = time.perf_counter() - t0
    x_lines = ["| change made to the XSum reference | pairs | " + " | ".join(
        ROWS[c][0].replace("**", "") for c in xcols) + " |", "|---|---:|" + "---:|" * len(xcols)]
    for kind, r in xs.iterrows():
        x_lines.append(f"| {kind} | {int(r['pairs'])} | "
                       + " | ".join(_fmt(r[c]) for c in xcols) + " |")
    m, prev = main.loc["faithfulness"], main.loc["v_prev"]
    base_se = max(main.loc[c, "se"] for c in BASELINES)
    base_rk = max(main.loc[c, "rk"] for c in BASELINES)
    base_w = max(within.loc[c, "mean"] for c in BASELINES)
    base_p = max(within.loc[c, "pooled"] for c in BASELINES)

    def drop(col: str) -> str:
        return f"SummEval {main.loc[col, 'se']:.3f}, Rank19 {main.loc[col, 'rk']:.3f} (the " \
               f"rule adds {m['se'] - main.loc[col, 'se']:+.3f} and " \
               f"{m['rk'] - main.loc[col, 'rk']:+.3f})"

    facts = {"se": m["se"], "rk": m["rk"], "base_se": base_se, "base_rk": base_rk,
             "picks": picks, "seconds": (t_se, t_rk, t_x),
             "within": within.loc["faithfulness"].to_dict()}
    (j_se, j_rk), (t_se_pick, t_rk_pick) = picks["join"], picks["tol"]
    text = f"""{BEGIN}
## Faithfulness (issues 13 and 22): the default score on two development sets

`faithfulness` (`summarize.provenance.faithfulness`; the `evaluate(..., sources=...)` column,
`check_summary(...)`, `get_scorer("faithfulness")`, `Summary.faithfulness`). Each summary
sentence is aligned to a set of source sentences; its score is
`lexical x (1 - novel share) x 0.5 ** (junctions + fact flags + invented) x 0.7 ** joins`
(`lexical` counted as 1 from {F.LEXICAL_TOLERANCE}) and **a summary scores its weakest
sentence** (`faith_mean` gives the mean). A *join* is a place where the sentence glues two
copied phrases (two words or more each) that one source sentence keeps apart, leaving out words
between them that include a content word ("players were arrested" from "players were questioned
after the coach was arrested"); not a join: a left-out aside between commas, dashes or brackets,
a left-out conjunct, the first words of a name, a left-out modifier (at most two words with no
verb, subordinator, subject pronoun or conjunction, unless a head such as "a series of"), and,
new in this revision, words another source sentence has together. A *junction* is a place where
a fused sentence passes from one aligned source sentence to another. Each join is a `joined` flag
naming the source's words between the two phrases.

Two development sets, judged together (a change that gains on one and loses on the other is
not a gain): **SummEval** (1,600 summaries of 100 CNN/DM articles, summary-level Kendall tau-b
with the experts' consistency, mean over articles) and **Rank19** (373 CNN/DM source sentences,
each with a correct and an incorrect summary sentence; pairwise accuracy, ties half). Hash
halves split by the md5 of the article or pair id.

| {lines[0][2:]}
{chr(10).join(lines[1:])}

Goals of issue 22: SummEval >= 0.43 and Rank19 >= 0.75. The default gets SummEval
{m['se']:.3f} ({_goal(m['se'], 0.43)}) and Rank19 {m['rk']:.3f} ({_goal(m['rk'], 0.75)}); the
previous default {prev['se']:.3f} and {prev['rk']:.3f}. Against the best simple baseline of
each set (support_min, novel 1-3-gram shares: SummEval {base_se:.3f}, Rank19 {base_rk:.3f}) it
is {m['se'] - base_se:+.3f} and {m['rk'] - base_rk:+.3f}; the issue-13 default was
{PREVIOUS['summeval'] - base_se:+.3f} and {PREVIOUS['rank19'] - base_rk:+.3f}.

What changed in this revision, and why:

- **A junction counts only where the next piece lacks its own subject.** Each word of a fused
  sentence is credited to the aligned sentence holding the longest copied run through it; where
  the summary passes to another sentence, the piece that follows brings its own subject when it
  opens its source sentence or follows a subject pronoun there ("... and will see Lavrov" from
  "He will see Lavrov"), and is charged when it is taken from mid-clause (a predicate the
  source gives another subject: "Crates of letters won awards" from "Nurses ... won
  awards"). At most one junction per extra aligned sentence, as before. Without the rule:
  {drop('v_old_junctions')}. Rank19's sources are one sentence, with no junctions, so this rule
  is judged on SummEval and the splits below only.
- **A join or junction is waived where the source itself puts both sides together**: another
  source sentence, outside the aligned set, has the summary's words across the join, from the
  last content word before it to the first after it ("the climber near the summit" from "the
  climber who had fallen near the summit", when another sentence says "the climber near the
  summit"; without the rule: {drop('v_unbacked_joins')}); or the piece after a join or junction
  follows, in its source sentence, the same content word the summary puts before it ("Ozil
  impressed" from "Ozil ... . Ozil impressed"; without it: {drop('v_no_same_word')}). A
  one-sentence source never backs a join from another sentence, and Rank19 does not move.
  A first version matched only the two words at the edge of the join ("were arrested"): it
  reached SummEval 0.434, but an unrelated sentence ("two protesters were arrested") waived a
  join, and most of its gain came from function-word pairs ("of a", "at the") found anywhere;
  it was replaced by the content-word span, which gains less.
- **A sentence with {F.LEXICAL_TOLERANCE:.0%} or more of its words in order scores as copied**
  (one word in twenty out of place: a moved adverb, an added "then"; `lexical` itself is still
  reported). This is the one constant of the revision chosen by looking at the sets, and it
  had been tried on both in the second revision (tried-and-dropped table: 0.412 / 0.761 then,
  too small a gain). Picked on Rank19 alone among 0.90, 0.93, 0.95, 0.97 and 1 (none) it is
  {t_rk_pick[0]} (SummEval {t_rk_pick[1]:.3f}, Rank19 {t_rk_pick[2]:.3f}), ahead of the next value by
  {tol_margin:.1f} of 373 pairs, so that pick is close to arbitrary; picked on SummEval alone
  it is {t_se_pick[0]} (SummEval {t_se_pick[1]:.3f}, Rank19 {t_se_pick[2]:.3f}). Without it:
  {drop('v_tol_1.0')}; the sensitivity rows show the range. **The SummEval figure depends on
  this constant.**
- Unchanged: the weakest sentence (the product charges every extra sentence; on the held-out
  CNN/DM study of issue 22 raters judged longer summaries *more* consistent), joins x0.7 (picked
  on SummEval alone {j_se[0]}: SummEval {j_se[1]:.3f}, Rank19 {j_se[2]:.3f}; on Rank19 alone
  {j_rk[0]}: {j_rk[1]:.3f} / {j_rk[2]:.3f}), the modifier rule of the second revision, and names
  that say what the source has in their place (`entity 'Helen Marsh' (source has 'Bob Young')`).

Why SummEval moves with these rules: 82% of its summaries are rated fully consistent (about 13
of the 16 per article), and summary-level tau-b charges a score for every pair it orders that
the experts tie. Before this revision junctions and joins fired on 20-23% of the consistent
summaries (BART, PEGASUS and T5 compress and fuse), against 37-62% of the others (the table
below has the figures now); the row "what the source lacks
only" (no word order, junction or join) keeps those summaries tied at 1 and reaches
{main.loc['v_absence', 'se']:.3f} on SummEval, but Rank19's incorrect sentences are made of
the source's own words ({main.loc['v_absence', 'rk']:.3f}). The three rules leave the
structural evidence where it tells errors apart and stop charging fusions and compressions
that the source vouches for in another way.

Where each part fires: the share of SummEval summaries with it in at least one sentence, among
those rated fully consistent ({n_cons}) and the others ({n_rest}), and the Rank19 sentences
with it, correct against incorrect (of {len(rk) // 2} each). A part that fires nearly as often on
the consistent summaries costs SummEval whatever it wins on Rank19:

| part | SummEval consistent | SummEval the rest | Rank19 correct | Rank19 incorrect |
|---|---:|---:|---:|---:|
{chr(10).join(part_lines)}

Splits of SummEval (summary-level tau with consistency):

| {split_lines[0][2:]}
{chr(10).join(split_lines[1:])}

**Within one system** (tau across the 100 articles of each abstractive system, the protocol of a
rating study of one system's summaries, such as the held-out studies of issue 22; the scores
were not developed on this view). The default's mean over systems is
{within.loc['faithfulness', 'mean']:.3f} against {base_w:.3f} for the best simple baseline, and
{within.loc['faithfulness', 'pooled']:.3f} against {base_p:.3f} pooled:

| {w_lines[0][2:]}
{chr(10).join(w_lines[1:])}

Errors made here (no ratings): each XSum reference in `xsum_sample.jsonl` against the same
sentence with one fact changed (pairwise accuracy, ties half; the sanity row pairs it with
another article's reference; the last row ranks every reference against every changed
sentence of all articles: a score read across articles, as a rating study of one system's
summaries reads it, must mean the same from one article to the next). XSum references are
highly abstractive, and many are themselves unfaithful to their article, so every score ties
often and no figure here is near 1:

| {x_lines[0][2:]}
{chr(10).join(x_lines[1:])}

Across articles (last row) the default reaches {xs.loc[POOLED, 'faithfulness']:.3f} against
{max(xs.loc[POOLED, c] for c in BASELINES):.3f} for the best simple baseline; its fact flags
alone reach {xs.loc[POOLED, 'faith_fact_flags']:.3f}: on abstractive one-sentence summaries the
word-order part adds little (the issue-22 study of XSum-style summaries found the same).

Tried and dropped (measured with scratch code on cached components, not re-run by this script).
The first thirteen rows in this revision, the first twelve on its first two rules before the
tolerance (0.425 / 0.760 in the scratch copy); the next fifteen in the second revision, the eight after in its first pass,
the rest in h22 (each a change to the default of its time, except the learned weights, which
replace all of its constants):

| variant | SummEval | Rank19 |
|---|---:|---:|
| a junction also free after a conjunction or subordinator in its source sentence | 0.420 | 0.760 |
| a junction free only where the piece opens its source sentence (not after a subject pronoun) | 0.421 | 0.760 |
| a junction free where another source sentence has its two words together | 0.411 | 0.760 |
| a join free where any source sentence, the aligned one included, has its edge words within one / two words (on the previous default) | 0.419 / 0.421 | 0.732 / 0.729 |
| a join free where the left-out words end with a subject pronoun (on top of the two rules) | 0.425 | 0.759 |
| a join free where the left-out words end with the summary's word before them again | 0.427 | 0.732 |
| joins x0.6 / x0.8 with the two rules | 0.422 / 0.423 | 0.763 / 0.760 |
| junctions charged x0.4 / x0.6 / x0.7 where they count | 0.422 / 0.423 / 0.420 | 0.760 |
| word order, junctions and joins counted only when their product falls below 0.9 / 0.8 | 0.430 / 0.417 | 0.720 / 0.702 |
| the score rounded to powers of 0.9 / 0.7 (fewer distinct values; with the join rule only) | 0.418 / 0.414 | 0.723 / 0.649 |
| mean over sentences; half weakest, half mean | 0.411; 0.418 | 0.760; 0.760 |
| a count of sentences with any problem (novel word, fact, junction, join, lexical below 0.9; on the previous default) | 0.404 | 0.676 |
| a join waived where another source sentence has only its two edge words together ("were arrested"), not the span between content words (the first version of this revision) | 0.434 | 0.761 |
| joins only at an open edge (a phrase cut mid-constituent: the summary word before the left-out words, or their last word, is a determiner, preposition, auxiliary, subordinator, conjunction, subject pronoun or possessive) | 0.411 | 0.733 |
| joins only where the left-out words hold a clause word and the next word is in the code's verb list | 0.413 | 0.676 |
| joins at an open edge or where the left-out words hold a clause word | 0.409 | 0.755 |
| joins at an open edge and with a clause word left out | 0.417 | 0.710 |
| a left-out prepositional phrase (no clause word, ending on a content word) is no join; 0.408 / 0.760 when of, as, than, like, including do not count as prepositions | 0.408 | 0.764 |
| word order: LCS per piece between commas and clause words (reordering across them free) | 0.405 | 0.752 |
| a junction at a clause boundary (comma, conjunction, subordinator) x0.7, elsewhere x0.5 | 0.405 | 0.760 |
| junctions x0.3 / x0.7 / none instead of x0.5 (Rank19 has no junctions) | 0.404 / 0.404 / 0.389 | 0.760 |
| joins counted once per sentence | 0.407 | 0.752 |
| left-out words ending in a subject pronoun ("... after he" + "claimed": most often the same subject) are no join | 0.407 | 0.765 |
| a whole left-out clause (from a subordinator or conjunction to a content word) is no join | 0.408 | 0.751 |
| lexical: a name or pronoun found only outside the aligned sentences counts as found (all such words: 0.396 / 0.760) | 0.409 | 0.760 |
| a join whose left-out words end with the summary's word before them again ("Ozil ... Ozil impressed": the source repeats it) is no join | 0.410 | 0.760 |
| weakest sentence of what the source lacks x mean (geometric mean) over sentences of lexical, junctions and joins | 0.400 (0.401) | 0.760 |
| fewer distinct values: lexical >= 0.95 counts as 1 (lexical floored to tenths; the first is the default since the third revision) | 0.412 (0.410) | 0.761 (0.755) |
| tie-breaker: weakest sentence - 0.01 x novel-trigram share | 0.366 | 0.780 |
| tie-breaker: weakest sentence + 0.01 x mean over sentences | 0.403 | 0.760 |
| joins only where the left-out words hold a clause word (no length rule) | 0.414 | 0.731 |
| lexical over content words only (function words ignored) | 0.399 | 0.739 |
| lexical: one missing word per sentence not counted | 0.408 | 0.706 |
| novel words x0.7 each instead of the share | 0.404 | 0.759 |
| a sentence that ends where its source phrase goes on ("with a pelvis [injury]") x0.7 | 0.385 | 0.740 |
| weights learned on made-up errors (logistic regression, see below) | 0.373 | 0.753 |
| sentence x (1 - its novel bigram share), product | 0.409 | 0.709 |
| sentence x (1 - its novel trigram share), product | 0.401 | 0.718 |
| summary x (1 - novel trigram share)^0.5, weakest sentence | 0.397 | 0.718 |
| every left-out span with a content word x0.7 (no run-length, aside or conjunct rules) | 0.397 | 0.764 |
| left-out share of the aligned span as a factor (coverage), product | 0.391 | 0.786 |
| a left-out quantifier ("half of", "most", "million") halves | 0.411 | 0.677 |
| fact flags only where the source names another value | 0.418 | 0.660 |
| log-linear weights of the components fitted on pairs (Rank19 + SummEval) | 0.378 | 0.769 |

The learned weights: 11,048 sentences made from `xsum_sample.jsonl` and `web_pages.jsonl.gz`
bodies (four sentences per document, fixed seed; SummEval and Rank19 not used): faithful =
copied, an aside or a modifier left out, the first clause kept, two adjacent sentences fused;
unfaithful = a name (from the article or invented), number, weekday or month, negation or
pronoun changed, 3-8 words left out from the middle, or a sentence's start glued to the next
one's end. A logistic regression on the components (-log lexical, -log(1 - novel share), fact
flags, invented, junctions, long and short joins; weights kept >= 0) learned factors of 0.41,
0.85, 0.02, 0.15, 0.34, 0.01 and 1.0: it trusts facts and long joins far more than SummEval's
experts do, and its made-up positives never contain new words, so it barely charges them.
It scored SummEval 0.373 and Rank19 0.753 and was dropped. (Its factor of 1.0 for short joins
agrees with the modifier rule, but only because its faithful set leaves modifiers out by
construction.)

Run time of this script: SummEval {t_se:.1f} s, Rank19 {t_rk:.1f} s, XSum checks {t_x:.1f} s
({platform.machine()}, Python {platform.python_version()}, shared 2-core CPU).
{END}
"""
    return text, facts


def write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        old = head + text.rstrip("\n") + rest.split(END, 1)[1]
    else:
        old = old.rstrip("\n") + "\n\n" + text
    path.write_text(old, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=str(ROOT / "docs" / "METAEVAL.md"))
    p.add_argument("--print", action="store_true", help="print the section, write nothing")
    args = p.parse_args(argv)
    text, facts = section()
    print(text)
    if not args.print:
        write(Path(args.out), text)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
