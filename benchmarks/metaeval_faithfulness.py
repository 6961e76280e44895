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
    return r.lexical * (1.0 - r.novel_share) * F.FLAG_PENALTY ** r.steps * join ** r.joins


def _absence(r: F.SentenceFaithfulness) -> float:
    """A sentence's score from what the source lacks only (novel words, fact flags, invented
    facts): no lexical order, junction or join."""
    return (1.0 - r.novel_share) * F.FLAG_PENALTY ** (r.steps - r.junctions)


@contextmanager
def modifiers_join():
    """Score as the first issue-22 revision did: a left-out modifier is a join too."""
    keep = F._modifier
    F._modifier = lambda *args: False
    try:
        yield
    finally:
        F._modifier = keep


AGG: dict[str, Callable[[Sequence[float]], float]] = {
    "min": lambda v: float(min(v)) if len(v) else 0.0,
    "prod": lambda v: float(np.prod(v)) if len(v) else 0.0,
    "mean": lambda v: float(np.mean(v)) if len(v) else 0.0,
}
# column -> (label, sign); sign -1: lower is better (negated before ranking)
ROWS = {
    "faithfulness": ("**faithfulness (default: weakest sentence, joins x0.7, modifiers no "
                     "joins)**", 1),
    "faith_mean": ("faith_mean (mean over sentences)", 1),
    "v_h22": ("ablation: a left-out modifier is a join (the h22 rule)", 1),
    "v_prod": ("aggregation: product over sentences (joins x0.7)", 1),
    "v_nojoin_min": ("ablation: no join step (weakest sentence)", 1),
    "v_nojoin_prod": ("ablation: no join step, product (the issue-13 formula)", 1),
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
SPLIT_ROWS = ["faithfulness", "faith_mean", "v_h22", "v_nojoin_prod", "v_absence", "support_min",
              "faith_lexical", "novel_2gram", "novel_3gram"]


def score_pair(summary: str, source: str) -> dict[str, float]:
    """Every row's value for one (summary, source) pair, sign not applied."""
    sents, src = split_pair(summary, source)
    res = [r for r in F.sentence_faithfulness(sents, src) if r.n_words]
    row = F.faithfulness_stats(summary, source)
    row["v_prod"] = AGG["prod"]([_sentence(r, F.JOIN_PENALTY) for r in res])
    row["v_nojoin_min"] = AGG["min"]([_sentence(r, 1.0) for r in res])
    row["v_nojoin_prod"] = AGG["prod"]([_sentence(r, 1.0) for r in res])
    for p in (0.5, 0.85):
        row[f"v_join_{p}"] = AGG["min"]([_sentence(r, p) for r in res])
    row["v_absence"] = AGG["min"]([_absence(r) for r in res])
    with modifiers_join():
        row["v_h22"] = AGG["min"]([r.faithfulness for r in F.sentence_faithfulness(sents, src)
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


def xsum_pairs(cols: Sequence[str]) -> pd.DataFrame:
    """Pairwise accuracy (reference above its perturbed copy, ties half) per kind of change."""
    arts = [json.loads(line) for line in open(data_path("corpora", "xsum_sample.jsonl"),
                                              encoding="utf-8")]
    wins: dict[str, dict[str, list[float]]] = {}
    for i, art in enumerate(arts):
        src, ref = art["source"], art["reference"]
        base = score_pair(ref, src)
        changes = perturb(ref, src)
        changes["another article's reference (sanity)"] = arts[(i + 1) % len(arts)]["reference"]
        for kind, bad in changes.items():
            alt = score_pair(bad, src)
            for c in cols:
                a, b = ROWS[c][1] * base[c], ROWS[c][1] * alt[c]
                wins.setdefault(kind, {}).setdefault(c, []).append(
                    0.5 if abs(a - b) <= 1e-12 else float(a > b))
    return pd.DataFrame({k: {c: np.mean(v) for c, v in per.items()} for k, per in wins.items()}
                        ).T.assign(pairs={k: len(next(iter(per.values())))
                                          for k, per in wins.items()})


# ------------------------------------------------------------------------------- the section

def _goal(value: float, goal: float) -> str:
    return "goal met" if value >= goal else f"goal {goal} not met"


def _fmt(v: float) -> str:
    return f"{v:.3f}"


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
    # leave one data set out: the only constant chosen by looking at both sets is the join
    # factor; pick it on one set alone and read the other
    joins = {"v_join_0.5": 0.5, "faithfulness": F.JOIN_PENALTY, "v_join_0.85": 0.85,
             "v_nojoin_min": 1.0}
    pick_se = max(joins, key=lambda c: main.loc[c, "se"])
    pick_rk = max(joins, key=lambda c: main.loc[c, "rk"])
    t0 = time.perf_counter()
    xcols = ["faithfulness", "v_h22", "v_nojoin_prod", "support_min", "novel_1gram",
             "novel_2gram", "novel_3gram"]
    xs = xsum_pairs(xcols)
    t_x = time.perf_counter() - t0
    x_lines = ["| change made to the XSum reference | pairs | " + " | ".join(
        ROWS[c][0].replace("**", "") for c in xcols) + " |", "|---|---:|" + "---:|" * len(xcols)]
    for kind, r in xs.iterrows():
        x_lines.append(f"| {kind} | {int(r['pairs'])} | "
                       + " | ".join(_fmt(r[c]) for c in xcols) + " |")
    m = main.loc["faithfulness"]
    base_se = max(main.loc[c, "se"] for c in ("support_min", "novel_1gram", "novel_2gram",
                                              "novel_3gram"))
    base_rk = max(main.loc[c, "rk"] for c in ("support_min", "novel_1gram", "novel_2gram",
                                              "novel_3gram"))
    facts = {"se": m["se"], "rk": m["rk"], "base_se": base_se, "base_rk": base_rk,
             "pick_se": (joins[pick_se], main.loc[pick_se, "se"], main.loc[pick_se, "rk"]),
             "pick_rk": (joins[pick_rk], main.loc[pick_rk, "se"], main.loc[pick_rk, "rk"]),
             "seconds": (t_se, t_rk, t_x)}
    text = f"""{BEGIN}
## Faithfulness (issues 13 and 22): the default score on two development sets

`faithfulness` (`summarize.provenance.faithfulness`; the `evaluate(..., sources=...)` column,
`check_summary(...)`, `get_scorer("faithfulness")`, `Summary.faithfulness`). Each summary
sentence is aligned to a set of source sentences; its score is
`lexical x (1 - novel share) x 0.5 ** (junctions + fact flags + invented) x 0.7 ** joins`
and **a summary scores its weakest sentence** (`faith_mean` gives the mean). A *join* is a
place where the sentence glues two copied phrases (two words or more each) that one source
sentence keeps apart, leaving out words between them that include a content word
("players were arrested" from "players were questioned after the coach was arrested"). Not joins:
a left-out aside between commas, dashes or brackets, a left-out conjunct ("... but did not
sign"), the first words of a name ("Vladimir Putin" -> "Putin") and, new in this revision, a
left-out **modifier**: at most two words with no verb, subordinator, subject pronoun or
conjunction among them ("the local bike" -> "the bike", "featured on Saturday for" ->
"featured for"), unless they are a head the next words depend on (a span ending in "of":
"a series of bombings" -> "a bombing"; the noun right before a verb: "two-year-old boys was"
-> "two-year-olds was"). Each join is a `joined` flag naming the source's words between the
two phrases.

Two development sets, judged together (a change that gains on one and loses on the other is
not a gain): **SummEval** (1,600 summaries of 100 CNN/DM articles, summary-level Kendall tau-b
with the experts' consistency, mean over articles) and **Rank19** (373 CNN/DM source sentences,
each with a correct and an incorrect summary sentence; pairwise accuracy, ties half). Hash
halves split by the md5 of the article or pair id.

| {lines[0][2:]}
{chr(10).join(lines[1:])}
| first issue-22 revision (h22, as published) | {H22['summeval']:.3f} | | | | {H22['rank19']:.3f} | | |

Goals of issue 22: SummEval >= 0.43 and Rank19 >= 0.75. The default gets SummEval
{m['se']:.3f} ({_goal(m['se'], 0.43)}) and Rank19 {m['rk']:.3f} ({_goal(m['rk'], 0.75)}).
Against the best simple baseline of each set (support_min, novel 1-3-gram shares: SummEval
{base_se:.3f}, Rank19 {base_rk:.3f}) it is {m['se'] - base_se:+.3f} and {m['rk'] - base_rk:+.3f};
the issue-13 default was {PREVIOUS['summeval'] - base_se:+.3f} and
{PREVIOUS['rank19'] - base_rk:+.3f}.

What changed in this revision, and why (each judged on both sets):

- **A left-out modifier is no join.** Rank19's incorrect sentences glue a subject to another
  clause's predicate; that needs a verb or a clause left out, or a long stretch. One or two
  left-out words without one are a modifier: the statement gets less specific, not false. On
  Rank19 such left-outs are as common in the correct sentences as in the incorrect ones (32 and
  28, counted with scratch code); on SummEval two thirds of the 182 summaries with one are
  rated fully consistent (82% of all are): weak evidence, which the h22 rule charged as much as a left-out clause. Against
  h22 ({main.loc['v_h22', 'se']:.3f} / {main.loc['v_h22', 'rk']:.3f}): Rank19
  {m['rk'] - main.loc['v_h22', 'rk']:+.3f}, SummEval {m['se'] - main.loc['v_h22', 'se']:+.3f}.
  The two head exceptions keep the errors a short left-out can make ("a series of bombings" ->
  "a bombing") flagged. The length limit was
  chosen after looking at both sets (limits of one to four words tried, scratch runs), and the
  result does not hang on it: one word gives SummEval 0.404 and Rank19 0.756 (without the head
  exceptions), three words 0.408 and 0.756; two words is best on Rank19 alone and ties three on
  SummEval alone. Without the two head exceptions two words gives 0.410 and 0.759; the clause
  words alone, with no length limit, 0.414 and 0.731. On the made-up errors described under the
  tried-and-dropped table (10,348 sentences, the left-out-modifier positives removed since they
  favour this rule by construction) both rules separate faithful from unfaithful sentences
  alike (AUC 0.825 and 0.825, scratch run).
- Unchanged from h22 and still measured here: the weakest sentence, not the product (the
  product charges every extra sentence; on the held-out CNN/DM study of issue 22 raters judged
  longer summaries *more* consistent), joins x0.7, and names that say what the source has in
  their place (`entity 'Helen Marsh' (source has 'Bob Young')`).

**Why SummEval stays near 0.41: ties.** 82% of SummEval's summaries are rated fully
consistent, about 13 of the 16 per article, and summary-level tau-b charges a score for every
pair it orders that the experts tie. The row "what the source lacks only" (novel words and fact
flags, no word order, junction or join) leaves those summaries tied at 1 and reaches
{main.loc['v_absence', 'se']:.3f} on SummEval, but Rank19's incorrect sentences are made of
the source's own words ({main.loc['v_absence', 'rk']:.3f}): only word order and joins tell them
apart, and those also fire on summaries the experts rate consistent (BART, PEGASUS and T5
compress and fuse). Of the combinations measured in scratch runs (the weights of word order,
junctions and joins, thresholds on them, and the rows of the tried-and-dropped table below),
none reaches both goals: each gives up SummEval for Rank19 or the other way round. A tie-breaker does not help either: ordering the summaries that tie at the top (by
novel trigrams or by the mean over sentences) lowers SummEval, because those ties are mostly
summaries the experts also tie; by novel trigrams it raises Rank19 (0.780), a trade the issue
rules out.

**Where the loss is** (a second pass on this revision, scratch counts on cached components).
Share of summaries where each component fires in at least one sentence, SummEval's fully
consistent (1,306) against the others (294), and Rank19 sentences where it fires, correct
against incorrect (of 373 each):

| component | SummEval consistent | SummEval the rest | Rank19 correct | Rank19 incorrect |
|---|---:|---:|---:|---:|
| word order (lexical below the aligned sentences' bag of words) | 0.17 | 0.53 | 35 | 83 |
| words found only in source sentences not aligned | 0.22 | 0.65 | 0 | 0 |
| novel content word | 0.08 | 0.39 | 19 | 65 |
| junction (a fused sentence) | 0.23 | 0.62 | 0 | 0 |
| join | 0.20 | 0.37 | 62 | 145 |
| fact flag | 0.07 | 0.35 | 2 | 14 |

Joins separate SummEval's ratings least (1.9 times as common outside the consistent summaries,
against 2.7 to 5 for the others) and decide the most Rank19 pairs (102 where only the
incorrect sentence has one, 19 the other way). On the consistent summaries of BART (M22),
PEGASUS (M23) and T5 (M17), 91-96% of their summaries, a join fires in 42%, 35% and 42%, word
order in 42-46% and a junction in 49-59%; on the extractive systems each fires in 1-6%.
Taking one component out of the default (SummEval / Rank19): word order 0.404 / 0.706, junctions 0.389 / 0.760 (Rank19's
source is one sentence: no junctions), joins 0.416 / 0.662, fact flags 0.401 / 0.751, the novel
share 0.401 / 0.757. Dropping the join step gains SummEval only 0.008 (0.416) and takes Rank19's
best evidence away. Were joins never to fire on the summaries the experts rate consistent (an
oracle, not a score), SummEval would reach 0.446: a join rule reaches the goal only if it tells
those compressions from the others, and no cue measured does (each subtype of join measured, by
edge words, clause words, place in the sentence, run and gap lengths, fires 1.0 to 2.5 times as
often outside the consistent summaries). Word order and junctions fire on consistent summaries
too, yet each carries SummEval's signal (taking either out lowers it). The refinements tried
are the first fifteen rows of the table below: joins restricted to who-does-what changes (an
"open" edge, where the summary word before the left-out words or their last word is a
determiner, preposition, auxiliary, subordinator, conjunction, subject pronoun or possessive, so
a phrase is cut mid-constituent; or a left-out clause word followed by a verb; or not where
the left-out words end in a subject pronoun or are a whole clause), a left-out prepositional
phrase as a modifier, word order forgiven across clause boundaries, junctions at a
clause boundary charged less, words of the source outside the aligned sentences (most often a
name or pronoun) counted as found, a join where the source repeats the summary's word, and
aggregations and coarser values that leave Rank19's one-sentence items unchanged. None reaches
0.43 (the highest, 0.417, drops Rank19 to 0.710); the others lose on one set or both, or gain
less than 0.005 on either. The default is unchanged.

Leave one data set out for the only constant chosen by looking at the sets (the join factor,
among 0.5, 0.7, 0.85 and 1 = none): picked on SummEval alone it would be
{facts['pick_se'][0]} (SummEval {facts['pick_se'][1]:.3f}, Rank19 {facts['pick_se'][2]:.3f});
picked on Rank19 alone, {facts['pick_rk'][0]} (SummEval {facts['pick_rk'][1]:.3f}, Rank19
{facts['pick_rk'][2]:.3f}). 0.7 stays; the sensitivity rows above show how little it moves in
that range.

Splits of SummEval (summary-level tau with consistency):

| {split_lines[0][2:]}
{chr(10).join(split_lines[1:])}

Errors made here (no ratings): each XSum reference in `xsum_sample.jsonl` against the same
sentence with one fact changed (pairwise accuracy, ties half; the sanity row pairs it with
another article's reference). XSum references are highly abstractive, so every score ties
often:

| {x_lines[0][2:]}
{chr(10).join(x_lines[1:])}

Tried and dropped (measured with scratch code on cached components, not re-run by this script;
the first fifteen rows in the second pass of this revision, the next eight in its first pass, each
a change to the default above except the learned weights, which replace all of its constants;
the rest in h22, before the join rules were settled):

| variant | SummEval | Rank19 |
|---|---:|---:|
| joins only at an open edge (a phrase cut mid-constituent, see above) | 0.411 | 0.733 |
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
| fewer distinct values: lexical >= 0.95 counts as 1 (lexical floored to tenths) | 0.412 (0.410) | 0.761 (0.755) |
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
