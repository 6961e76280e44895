"""Meta-evaluation of this package's metrics on SummEval: Kendall tau with the experts' four
ratings, at summary level (mean over the 100 articles of the tau across the 16 systems) and at
system level. Writes the table to docs/METAEVAL.md.

    python benchmarks/metaeval_summeval.py                 # everything (MiniLM metrics: minutes)
    python benchmarks/metaeval_summeval.py --no-embedding  # lexical metrics only (seconds)
    python benchmarks/metaeval_summeval.py --coherence-only  # only the coherence section
    python benchmarks/metaeval_summeval.py --faithfulness-only  # the faithfulness section only

Data: $SUMMARIZE_DATA/corpora/summeval.jsonl (default ../shared beside the repository).
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

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.bench.data import data_path  # noqa: E402
from summarize.text.tokens import light_stem  # noqa: E402
from summarize.metrics import evaluate, meta_evaluate  # noqa: E402
from summarize.metrics.extractive_stats import fragments  # noqa: E402
from summarize.provenance.support import get_scorer, lcs_precision_matrix  # noqa: E402
from summarize.text.sentences import split_sentences  # noqa: E402
from summarize.text.tokens import STOPWORDS, tokenize_words  # noqa: E402

DIMS = ["coherence", "consistency", "fluency", "relevance"]

# column -> (label in the table, sign: -1 where lower means better)
METRICS = {
    "rouge1_f": ("ROUGE-1 F (1 reference)", 1),
    "rouge2_f": ("ROUGE-2 F", 1),
    "rougeL_f": ("ROUGE-L F", 1),
    "rougeLsum_f": ("ROUGE-Lsum F", 1),
    "rouge1_f_11": ("ROUGE-1 F (11 references, max)", 1),
    "semantic_f": ("semantic similarity F (MiniLM, BERTScore-style)", 1),
    "coverage": ("coverage", 1),
    "density": ("density", 1),
    "novel_2gram": ("novel bigrams (negated)", -1),
    "redundancy": ("redundancy (negated)", -1),
    "baseline_bigram_min": ("baseline: bigrams in source, worst sentence", 1),
    "support_min": ("**support, lexical, worst sentence**", 1),
    "support_mean": ("support, lexical, mean over sentences", 1),
    "unsupported_share": ("unsupported sentences, lexical (negated)", -1),
    "emb_support_min": ("support, MiniLM embedding, worst sentence", 1),
    "emb_unsupported_share": ("unsupported sentences, embedding (negated)", -1),
}


# worst-sentence variants tried for the support score: column -> label
VARIANTS = {
    "v_content": "content words found anywhere in the source",
    "v_2gram": "bigrams found anywhere in the source (the baseline above)",
    "v_3gram": "trigrams found anywhere in the source",
    "v_4gram": "4-grams found anywhere in the source",
    "v_density": "fragment density of the sentence (Grusky), normalised",
    "v_lcs_adjacent": "ROUGE-L precision, best single or adjacent pair of source sentences",
    "v_lcs_x_content": "ROUGE-L precision x share of content words found in the source",
    "v_lcs_numbers": "ROUGE-L precision, halved when a number is not in the source",
}
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
EMB_VARIANTS = {
    "emb_support_min": "MiniLM sentence-embedding cosine with the best source sentence",
    "mix_support_min": "mean of ROUGE-L precision and embedding cosine (plug-in scorer)",
}


def bigram_baseline(summary: str, source: str) -> float:
    """The issue's baseline: share of a summary sentence's bigrams found anywhere in the source,
    worst sentence."""
    src = [light_stem(w) for w in tokenize_words(source)]
    src_bigrams = set(zip(src, src[1:]))
    worst = 1.0
    for sent in split_sentences(summary):
        words = [light_stem(w) for w in tokenize_words(sent.text)]
        grams = list(zip(words, words[1:]))
        if grams:
            worst = min(worst, sum(g in src_bigrams for g in grams) / len(grams))
    return worst


def _terms(text: str) -> list[str]:
    return [light_stem(w) for w in tokenize_words(text)]


def lexical_variants(summary: str, source: str) -> dict[str, float]:
    """Other principled ways to score a summary's worst sentence from lexical evidence alone
    (no weights or thresholds fitted), kept here so the comparison is reproducible."""
    src_sents = [_terms(x.text) for x in split_sentences(source)]
    src_all = [t for s in src_sents for t in s]
    vocab = set(src_all)
    grams = {n: set(zip(*[src_all[i:] for i in range(n)])) for n in (2, 3, 4)}
    out: dict[str, list[float]] = {k: [] for k in VARIANTS}
    for sent in split_sentences(summary):
        w = _terms(sent.text)
        if not w:
            continue
        content = [t for t in w if t not in STOPWORDS]
        out["v_content"].append(sum(t in vocab for t in content) / len(content) if content else 1.0)
        for n in (2, 3, 4):
            g = list(zip(*[w[i:] for i in range(n)]))
            out[f"v_{n}gram"].append(sum(x in grams[n] for x in g) / len(g) if g else 1.0)
        dens = fragments(w, src_all)
        out["v_density"].append(sum(f * f for f in dens) / len(w) ** 2)
        lcs = lcs_precision_matrix([w], src_sents)[0]
        pairs = [s1 + s2 for s1, s2 in zip(src_sents, src_sents[1:])]
        fused = lcs_precision_matrix([w], pairs)[0] if pairs else lcs
        best = float(lcs.max()) if len(lcs) else 0.0
        out["v_lcs_adjacent"].append(max(best, float(fused.max()) if len(fused) else 0.0))
        share = out["v_content"][-1]
        out["v_lcs_x_content"].append(best * share)
        nums = [t for t in w if any(c.isdigit() for c in t)]
        out["v_lcs_numbers"].append(best * (1.0 if all(t in vocab for t in nums) else 0.5))
    return {k: (min(v) if v else 0.0) for k, v in out.items()}


class MeanScorer:
    """Mean of the lexical and the MiniLM embedding support scores (a user-style plug-in)."""

    name, threshold = "lexical+embedding", 0.5

    def score(self, summary_sentences, source_sentences):
        return (get_scorer("lexical").score(summary_sentences, source_sentences)
                + get_scorer("embedding").score(summary_sentences, source_sentences)) / 2


def load(path: Path) -> pd.DataFrame:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            for system, out in art["systems"].items():
                rows.append({"doc_id": art["id"], "system": system, "prediction": out["summary"],
                             "reference": art["reference"], "references": art["references"],
                             "source": art["source"], **{d: out[d] for d in DIMS}})
    return pd.DataFrame(rows)


def compute(df: pd.DataFrame, embedding: bool) -> tuple[pd.DataFrame, dict[str, float]]:
    timings = {}
    t = time.perf_counter()
    groups = ["rouge", "extractiveness", "support"] + (["semantic"] if embedding else [])
    main = evaluate(df.prediction.tolist(), references=df.reference.tolist(),
                    sources=df.source.tolist(), metrics=groups, n_boot=1).items
    timings["evaluate (" + ", ".join(groups) + ")"] = time.perf_counter() - t
    t = time.perf_counter()
    multi = evaluate(df.prediction.tolist(), references=df.references.tolist(),
                     metrics=["rouge"], rouge_types=["rouge1"], n_boot=1).items
    timings["ROUGE-1 with 11 references"] = time.perf_counter() - t
    out = df[["doc_id", "system", *DIMS]].copy()
    for col in main.columns:
        out[col] = main[col].to_numpy()
    out["rouge1_f_11"] = multi["rouge1_f"].to_numpy()
    out["baseline_bigram_min"] = [bigram_baseline(p, s) for p, s in zip(df.prediction, df.source)]
    for th in THRESHOLDS:
        items = evaluate(df.prediction.tolist(), sources=df.source.tolist(), metrics=["support"],
                         support_threshold=th, n_boot=1).items
        out[f"unsupported_at_{th}"] = -items["unsupported_share"].to_numpy()
    t = time.perf_counter()
    var = pd.DataFrame([lexical_variants(p, s) for p, s in zip(df.prediction, df.source)])
    for col in var.columns:
        out[col] = var[col].to_numpy()
    timings["lexical variants"] = time.perf_counter() - t
    if embedding:
        t = time.perf_counter()
        emb = evaluate(df.prediction.tolist(), sources=df.source.tolist(), metrics=["support"],
                       support_scorer="embedding", n_boot=1).items
        timings["support with the MiniLM embedding scorer"] = time.perf_counter() - t
        out["emb_support_min"] = emb["support_min"].to_numpy()
        out["emb_unsupported_share"] = emb["unsupported_share"].to_numpy()
        t = time.perf_counter()
        mix = evaluate(df.prediction.tolist(), sources=df.source.tolist(), metrics=["support"],
                       support_scorer=MeanScorer(), n_boot=1).items
        timings["support with lexical+embedding (embeddings cached)"] = time.perf_counter() - t
        out["mix_support_min"] = mix["support_min"].to_numpy()
    return out, timings


def table(scores: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in METRICS if c in scores.columns]
    signed = scores.copy()
    for c in cols:
        signed[c] = METRICS[c][1] * signed[c]
    t = meta_evaluate(signed, cols, DIMS)
    t.index = [METRICS[c][0] for c in cols]
    return t


def to_markdown(t: pd.DataFrame) -> str:
    head = ("| metric | " + " | ".join(f"{d[:4]}." for d in DIMS) + " | "
            + " | ".join(f"{d[:4]}." for d in DIMS) + " |")
    sub = "|---|" + "---:|" * (2 * len(DIMS))
    lines = [head, sub]
    for name, row in t.iterrows():
        vals = [row[("summary", d)] for d in DIMS] + [row[("system", d)] for d in DIMS]
        lines.append(f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------ faithfulness (issue 13)

FAITH_BEGIN, FAITH_END = "<!-- faithfulness:begin -->", "<!-- faithfulness:end -->"
EXTRACTIVE_SYSTEMS = {"M0", "M1", "M2", "M5"}
# column -> (label, sign)
FAITH_METRICS = {
    "faithfulness": ("**faithfulness (default score)**", 1),
    "faith_rev_before": ("before this revision (written forms: contractions, titles, dates)", 1),
    "abl_contractions": ("ablation: spaced contractions (doesn ' t) not read as n't", 1),
    "abl_titles": ("ablation: a title (Mr, Dr...) counts in a name swap", 1),
    "abl_date_phrase": ("ablation: a date copied with its neighbour still checked by name", 1),
    "faith_rev1_before": ("two revisions back (light stemming, negation per sentence)", 1),
    "abl_light_stem": ("ablation: light stemming instead of inflectional stems", 1),
    "abl_neg_sentence": ("ablation: negation checked per sentence, not per governed word", 1),
    "faith_before": ("earlier formula: each novel word halves (no share)", 1),
    "faith_min": ("aggregation: worst sentence instead of product", 1),
    "agg_mean": ("aggregation: mean of sentences", 1),
    "agg_mean_min": ("aggregation: (mean + worst) / 2", 1),
    "agg_geomean": ("aggregation: geometric mean of sentences", 1),
    "support_min": ("support_min (lexical support, before)", 1),
    "doc_bigram_precision": ("baseline: summary bigram precision against the document", 1),
    "novel_word_share": ("baseline: share of summary words nowhere in the document (negated)", -1),
    "faith_lexical": ("component: lexical (worst sentence, aligned set)", 1),
    "faith_fused": ("component: share of fused sentences (negated)", -1),
    "faith_fact_flags": ("component: fact flags (negated)", -1),
    "faith_novel_share": ("component: novel content words (negated)", -1),
    "abl_no_junction": ("ablation: no junction penalty", 1),
    "abl_no_flags": ("ablation: no fact flags, no invented", 1),
    "abl_no_share": ("ablation: no novel-word share", 1),
    "abl_lexical_only": ("ablation: lexical only (aligned set, product)", 1),
    "abl_penalty_0.3": ("sensitivity: each step x 0.3 instead of x 0.5", 1),
    "abl_penalty_0.7": ("sensitivity: each step x 0.7 instead of x 0.5", 1),
}
# rows of the held-out-like split table
SPLIT_KEYS = ["faithfulness", "faith_rev_before", "abl_contractions", "abl_titles",
              "abl_date_phrase", "faith_rev1_before", "faith_before", "faith_min", "agg_mean",
              "agg_mean_min",
              "support_min", "doc_bigram_precision", "novel_word_share"]


def _stem_tokens(text: str) -> list[str]:
    return [light_stem(w) for w in tokenize_words(text)]


def doc_baselines(summary: str, source: str) -> dict[str, float]:
    """The two simple held-out baselines of issue 13: the summary's bigram precision against the
    whole document, and the share of summary words appearing nowhere in the document."""
    src = _stem_tokens(source)
    vocab, grams = set(src), set(zip(src, src[1:]))
    words, bigrams = [], []
    for sent in split_sentences(summary):
        w = _stem_tokens(sent.text)
        words += w
        bigrams += list(zip(w, w[1:]))
    return {"doc_bigram_precision": (sum(g in grams for g in bigrams) / len(bigrams))
            if bigrams else 0.0,
            "novel_word_share": (sum(w not in vocab for w in words) / len(words)) if words else 1.0}


@contextmanager
def faithfulness_before(stem: bool = True, negation: bool = True):
    """The faithfulness score as it was before its inflection revision, for the before/ablation
    rows: ``stem``: every word matched by ``light_stem`` (stop words included; units too, as
    written); ``negation``: a summary negation needs only *some* negation in the aligned text, and
    a negated source word is checked only when the summary has no negation at all."""
    from summarize.provenance import faithfulness as F

    saved = (F._word_term, F._UNITS, F._negation_flags)

    def word_term(low: str) -> str:
        term = F._NUMBER_WORDS.get(low) or light_stem(low)
        return term[:-1] if len(term) > 4 and term.endswith("e") and term.isascii() else term

    def negation_flags(toks, src, aligned, here, flagged):
        out, done, terms = [], set(flagged), [t.term for t in toks]
        neg_here = any(F._is_negation(src.toks[j], q) for j in aligned
                       for q in range(len(src.toks[j])))
        neg_summary = [k for k in range(len(toks)) if F._is_negation(toks, k)]
        if not neg_here:
            out = [(k, k, "") for k in neg_summary]
        if not neg_summary and neg_here:
            for j in aligned:
                ts = src.toks[j]
                for k, t in enumerate(ts):
                    nxt = next((u for u in ts[k + 1:k + 4] if F._content(u.term)), None) \
                        if F._is_negation(ts, k) else None
                    if nxt is not None and nxt.term in terms and terms.index(nxt.term) not in done:
                        out.append((terms.index(nxt.term),) * 2 + (f"{t.text} {nxt.text}",))
                        done.add(terms.index(nxt.term))
        return out

    try:
        if stem:
            F._word_term = word_term
            F._UNITS = frozenset(light_stem(w) for w in F._UNIT_WORDS)
        if negation:
            F._negation_flags = negation_flags
        F._prepare.cache_clear()
        yield
    finally:
        F._word_term, F._UNITS, F._negation_flags = saved
        F._prepare.cache_clear()


@contextmanager
def faithfulness_before_forms(contractions: bool = True, titles: bool = True,
                              dates: bool = True):
    """The faithfulness score as it was before its written-forms revision: ``contractions``: a
    contraction tokenised with spaces ("doesn ' t") is read as "doesn" + "t", not "does" + "n't";
    ``titles``: a title in the source's mention in place ("Mr Katter" where the summary has
    "Bob Katter") makes a name swap; ``dates``: a weekday or month copied with its neighbouring
    word is still checked against the date the source puts nearest its name."""
    from summarize.provenance import faithfulness as F

    saved = (F._WORD, F._TITLES, F._copied_with_neighbour)
    spaced = rf"|[^\W\d_{F._CJK}]+?(?=n ?['\u2019] t\b)|n ?['\u2019] t\b"
    assert spaced in F._WORD.pattern
    try:
        if contractions:
            F._WORD = re.compile(F._WORD.pattern.replace(spaced, ""))
        if titles:
            F._TITLES = frozenset()
        if dates:
            F._copied_with_neighbour = lambda *args: False
        F._prepare.cache_clear()
        yield
    finally:
        F._WORD, F._TITLES, F._copied_with_neighbour = saved
        F._prepare.cache_clear()


def faithfulness_variants(preds: list[str], sources: list[str]) -> dict[str, list[float]]:
    """The summary score before this revision and with each of its three changes undone; the
    score two revisions back, and the current score with each change of that revision undone."""
    from summarize.provenance.faithfulness import faithfulness_stats

    def run() -> list[float]:
        return [faithfulness_stats(p, s)["faithfulness"] for p, s in zip(preds, sources)]

    out = {}
    for col, flags in (("faith_rev_before", (True, True, True)),
                       ("abl_contractions", (True, False, False)),
                       ("abl_titles", (False, True, False)),
                       ("abl_date_phrase", (False, False, True))):
        with faithfulness_before_forms(*flags):
            out[col] = run()
    with faithfulness_before_forms(), faithfulness_before():
        out["faith_rev1_before"] = run()
    for col, stem, neg in (("abl_light_stem", True, False), ("abl_neg_sentence", False, True)):
        with faithfulness_before(stem, neg):
            out[col] = run()
    return out


def faithfulness_scores(preds: list[str], sources: list[str]) -> pd.DataFrame:
    """Per summary: ``faithfulness_stats`` (the public numbers), support_min, both baselines, and
    ablations recomputed from the same per-sentence results; plus the flag kinds present."""
    from summarize.provenance.faithfulness import (
        FLAG_PENALTY,
        faithfulness_stats,
        sentence_faithfulness,
    )
    from summarize.provenance.support import support_stats

    rows = []
    for pred, src in zip(preds, sources):
        row = faithfulness_stats(pred, src)
        row["support_min"] = support_stats(pred, src)["support_min"]
        row.update(doc_baselines(pred, src))
        res = [r for r in sentence_faithfulness([s.text for s in split_sentences(pred)],
                                                [s.text for s in split_sentences(src)])
               if r.n_words]

        def prod(values) -> float:
            return float(np.prod(list(values))) if res else 0.0

        known = [1.0 - r.novel_share for r in res]
        sent = [r.faithfulness for r in res]
        row["faith_before"] = prod(  # the formula before: each novel word one more step
            r.lexical * FLAG_PENALTY ** (r.steps + sum(f.kind == "novel" for f in r.flags))
            for r in res)
        row["agg_mean"] = float(np.mean(sent)) if res else 0.0
        row["agg_mean_min"] = (row["agg_mean"] + min(sent)) / 2 if res else 0.0
        row["agg_geomean"] = prod(sent) ** (1 / len(res)) if res else 0.0
        row["abl_no_junction"] = prod(r.lexical * k * FLAG_PENALTY ** (r.steps - r.junctions)
                                      for r, k in zip(res, known))
        row["abl_no_flags"] = prod(r.lexical * k * FLAG_PENALTY ** r.junctions
                                   for r, k in zip(res, known))
        row["abl_no_share"] = prod(r.lexical * FLAG_PENALTY ** r.steps for r in res)
        row["abl_lexical_only"] = prod(r.lexical for r in res)
        # the same steps (junctions, fact flags, invented facts) with another factor per step
        for p in (0.3, 0.7):
            row[f"abl_penalty_{p}"] = prod(r.lexical * k * p ** r.steps
                                           for r, k in zip(res, known))
        row["sentence_scores"] = [r.faithfulness for r in res]
        row["flag_kinds"] = sorted({f.kind for r in res for f in r.flags})
        rows.append(row)
    out = pd.DataFrame(rows)
    for col, values in faithfulness_variants(preds, sources).items():
        out[col] = values
    return out


def _hash_half(doc_id: str) -> int:
    """0 or 1 from the md5 of the article id: a split that does not follow the id order."""
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest(), 16) % 2


def _tau_rows(scores: pd.DataFrame, cols: list[str], dims: list[str]) -> pd.DataFrame:
    signed = scores.copy()
    for c in cols:
        signed[c] = FAITH_METRICS[c][1] * signed[c]
    return meta_evaluate(signed, cols, dims)


def _pr(flagged: np.ndarray, bad: np.ndarray) -> tuple[float, float, float]:
    tp = float((flagged & bad).sum())
    p = tp / max(flagged.sum(), 1)
    r = tp / max(bad.sum(), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def xsum_perturbation_table(limit: int | None = None) -> tuple[str, dict[str, float]]:
    """No human ratings come with xsum_sample.jsonl, so: (1) does each score rank an XSum
    reference above the same reference with one fact changed (pairwise accuracy, ties half)?
    (2) how often is the reference, and the article's own first sentence, marked unsupported?"""
    from summarize.provenance.faithfulness import (
        FAITHFULNESS_THRESHOLD,
        FLAG_PENALTY,
        faithfulness_stats,
        sentence_faithfulness,
    )
    from summarize.provenance.support import support_stats

    days = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
    months = ("January February March April May June July August September October November "
              "December").split()
    aux = re.compile(r"\b(is|was|are|were|has|have|had|will|would|can|could)\b")
    arts = [json.loads(line) for line in open(data_path("corpora", "xsum_sample.jsonl"),
                                                encoding="utf-8")][:limit]

    def perturb(ref: str, src: str) -> dict[str, str]:
        out = {}
        words = re.findall(r"\b[A-Z][a-z]{2,}\b", ref)
        names = [w for w in words[1:] if w in src and w not in days + months]
        others = [w for w in dict.fromkeys(re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b", src))
                  if w not in ref and w not in days + months]
        if names and others:
            out["entity swapped for another name in the article"] = re.sub(
                rf"\b{names[0]}\b", others[0], ref, count=1)
        if names and "Hallworth" not in src:  # a name the article never mentions
            out["entity swapped for a name the article lacks"] = re.sub(
                rf"\b{names[0]}\b", "Hallworth", ref, count=1)
        nums = re.findall(r"\b\d+\b", ref)
        if nums:  # to a value the article never states
            new = next(str(int(nums[0]) + k) for k in range(1, 10**6)
                       if not re.search(rf"\b{int(nums[0]) + k}\b", src))
            out["number changed to one the article lacks"] = re.sub(
                rf"\b{nums[0]}\b", new, ref, count=1)
        for cycle in (days, months):
            hit = next((d for d in cycle if re.search(rf"\b{d}\b", ref)), None)
            if hit:
                nxt = cycle[(cycle.index(hit) + 1) % len(cycle)]
                out["weekday or month changed"] = re.sub(rf"\b{hit}\b", nxt, ref, count=1)
                break
        if aux.search(ref) and " not " not in ref:
            out["negation inserted"] = aux.sub(lambda m: m.group(0) + " not", ref, count=1)
        return out

    def scores(summary: str, src: str) -> dict[str, float]:
        b = doc_baselines(summary, src)
        res = [r for r in sentence_faithfulness([s.text for s in split_sentences(summary)],
                                                [s.text for s in split_sentences(src)])
               if r.n_words]
        before = float(np.prod([r.lexical * FLAG_PENALTY ** (
            r.steps + sum(f.kind == "novel" for f in r.flags)) for r in res])) if res else 0.0
        with faithfulness_before_forms():
            rev_before = faithfulness_stats(summary, src)["faithfulness"]
        return {"faithfulness": faithfulness_stats(summary, src)["faithfulness"],
                "faith_rev_before": rev_before,
                "faith_before": before,
                "support_min": support_stats(summary, src)["support_min"],
                "doc_bigram_precision": b["doc_bigram_precision"],
                "novel_word_share": -b["novel_word_share"]}

    def win(a: float, b: float) -> float:
        return 1.0 if a - b > 1e-12 else 0.5 if abs(a - b) <= 1e-12 else 0.0

    wins: dict[str, dict[str, list[float]]] = {}
    ref_unsup = lead_unsup = 0
    ref_scores: list[dict[str, float]] = []
    ref_kinds: list[set[str]] = []
    for i, art in enumerate(arts):
        src, ref = art["source"], art["reference"]
        base = scores(ref, src)
        ref_scores.append(base)
        # the reference of the next article in the file: unrelated to this article
        other = scores(arts[(i + 1) % len(arts)]["reference"], src)
        for metric in base:
            wins.setdefault("another article's reference (sanity)", {}).setdefault(
                metric, []).append(win(base[metric], other[metric]))
        for kind, bad in perturb(ref, src).items():
            alt = scores(bad, src)
            for metric in base:
                wins.setdefault(kind, {}).setdefault(metric, []).append(
                    win(base[metric], alt[metric]))
        sents = [s.text for s in split_sentences(src)]
        checked = sentence_faithfulness([s.text for s in split_sentences(ref)], sents)
        ref_kinds.append({f.kind for r in checked for f in r.flags})
        ref_unsup += min(r.faithfulness for r in checked) < FAITHFULNESS_THRESHOLD
        lead_unsup += sentence_faithfulness(sents[:1], sents)[0].faithfulness \
            < FAITHFULNESS_THRESHOLD
    metrics = ["faithfulness", "faith_rev_before", "faith_before", "support_min",
               "doc_bigram_precision", "novel_word_share"]
    head = ("| change made to the XSum reference | pairs | faithfulness | before this revision | "
            "earlier formula | support_min | bigram precision (doc) | novel-word share |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for kind, per in wins.items():
        n = len(per["faithfulness"])
        lines.append(f"| {kind} | {n} | " + " | ".join(f"{np.mean(per[m]):.3f}" for m in metrics)
                     + " |")
    spread = ["| XSum references | mean | median | 10th pct | 90th pct | share < 0.01 |",
              "|---|---:|---:|---:|---:|---:|"]
    for m, label in (("faithfulness", "faithfulness (default score)"),
                     ("faith_rev_before", "before this revision"),
                     ("faith_before", "earlier formula (each novel word halves)")):
        v = np.array([x[m] for x in ref_scores])
        spread.append(f"| {label} | {v.mean():.3f} | {np.median(v):.3f} | "
                      f"{np.percentile(v, 10):.3f} | {np.percentile(v, 90):.3f} | "
                      f"{(v < 0.01).mean():.0%} |")
    extra = {"n": len(arts), "ref_unsupported": ref_unsup / len(arts),
             "accuracy": {kind: {m: float(np.mean(per[m])) for m in metrics}
                          for kind, per in wins.items()},
             "lead_unsupported": lead_unsup / len(arts),
             "ref_mean": float(np.mean([x["faithfulness"] for x in ref_scores])),
             "ref_novel": float(np.mean(["novel" in k for k in ref_kinds])),
             "ref_fact": float(np.mean([bool(k - {"novel"}) for k in ref_kinds])),
             "spread": "\n".join(spread)}
    return "\n".join(lines), extra


def faithfulness_section(df: pd.DataFrame) -> str:
    """The "Faithfulness (issue 13)" section of docs/METAEVAL.md, from the SummEval rows."""
    import os

    from summarize.provenance.faithfulness import (
        FAITHFULNESS_THRESHOLD,
        FLAG_PENALTY,
        NEGATION_SCOPE,
    )
    from summarize.provenance.faithfulness import DATE_NEIGHBOUR_SCOPE

    t0 = time.perf_counter()
    sc = faithfulness_scores(df.prediction.tolist(), df.source.tolist())
    elapsed = time.perf_counter() - t0
    for c in ("doc_id", "system", *DIMS):
        sc[c] = df[c].to_numpy()
    cols = list(FAITH_METRICS)
    full = _tau_rows(sc, cols, DIMS)
    docs = sorted(sc.doc_id.unique())
    abstractive = ~sc.system.isin(EXTRACTIVE_SYSTEMS)
    hashed = sc.doc_id.map(_hash_half)
    subsets = {"abstractive systems (12)": sc[abstractive],
               "hash half A": sc[hashed == 0], "hash half B": sc[hashed == 1],
               "articles 1-50": sc[sc.doc_id.isin(docs[:50])],
               "articles 51-100": sc[sc.doc_id.isin(docs[50:])],
               "Daily Mail articles (87)": sc[sc.doc_id.str.startswith("dm-")],
               "CNN articles (13)": sc[sc.doc_id.str.startswith("cnn-")]}
    key = SPLIT_KEYS
    sub_tau = {name: _tau_rows(d, key, ["consistency"])[("summary", "consistency")]
               for name, d in subsets.items()}

    def lab(c: str) -> str:
        return FAITH_METRICS[c][0]

    main_rows = "\n".join(
        f"| {lab(c)} | " + " | ".join(f"{full.loc[c, ('summary', d)]:.3f}" for d in DIMS)
        + f" | {full.loc[c, ('system', 'consistency')]:.3f} |" for c in cols)
    sub_head = " | ".join(sub_tau)
    sub_rows = "\n".join(f"| {lab(c)} | " + " | ".join(f"{sub_tau[s][c]:.3f}" for s in sub_tau)
                         + " |" for c in key)
    # threshold calibration: a summary is flagged when any sentence is below the threshold
    worst = np.array([min(s) if s else 0.0 for s in sc.sentence_scores])
    bad = sc.consistency.to_numpy() < 5
    first = sc.doc_id.isin(docs[:50]).to_numpy()
    grid = (0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9)
    cal_rows = []
    for th in grid:
        p, r, f = _pr(worst < th, bad)
        _, _, f1 = _pr(worst[first] < th, bad[first])
        _, _, f2 = _pr(worst[~first] < th, bad[~first])
        mark = " **(default)**" if th == FAITHFULNESS_THRESHOLD else ""
        cal_rows.append(f"| {th}{mark} | {p:.2f} | {r:.2f} | {f:.3f} | {f1:.3f} | {f2:.3f} |")
    f_by = {th: _pr(worst < th, bad)[2] for th in grid}
    f_best = max(f_by.values())
    plateau = [th for th in grid if f_by[th] >= f_best - 0.01]
    best_first = max(grid, key=lambda th: _pr(worst[first] < th, bad[first])[2])
    p2, r2, f2 = _pr(worst[~first] < best_first, bad[~first])
    p_all, r_all, f_all = _pr(worst < FAITHFULNESS_THRESHOLD, bad)
    # flags: how often a summary with a flag of each kind is rated below 5
    kinds = ["number", "date", "entity", "quantity", "negation", "novel"]
    flag_rows = []
    for kind in kinds:
        has = np.array([kind in k for k in sc.flag_kinds])
        flag_rows.append(f"| {kind} | {int(has.sum())} | {bad[has].mean() if has.any() else 0:.2f}"
                         f" | {bad[~has].mean():.2f} |")
    xsum_rows, xs = xsum_perturbation_table()
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_faithfulness", Path(__file__).with_name("bench_faithfulness.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    speed = bench.run(repeat=1)
    base_s = speed["support_min (lexical)"]
    f_tau = full.loc["faithfulness", ("summary", "consistency")]
    s_tau = full.loc["support_min", ("summary", "consistency")]
    b_tau = full.loc["doc_bigram_precision", ("summary", "consistency")]
    n_tau = full.loc["novel_word_share", ("summary", "consistency")]
    verdict = ("is reached" if f_tau >= 0.42 else "**is not reached**")

    def tau(c: str) -> float:
        return full.loc[c, ("summary", "consistency")]

    agg = {c: tau(c) for c in ("faith_min", "agg_mean", "agg_mean_min", "agg_geomean")}
    best_agg = max(agg.values())
    splits = ", ".join(
        f"{name} {sub_tau[name]['faithfulness'] - sub_tau[name]['faith_before']:+.3f}"
        for name in sub_tau)
    splits_rev = ", ".join(
        f"{name} {sub_tau[name]['faith_rev_before']:.4f} -> {sub_tau[name]['faithfulness']:.4f}"
        for name in sub_tau)
    held = ["abstractive systems (12)", "hash half A", "hash half B"]
    lowered = [n for n in held if sub_tau[n]["faithfulness"] < sub_tau[n]["faith_rev_before"]] + [
        k for k, a in xs["accuracy"].items() if a["faithfulness"] < a["faith_rev_before"]]
    protocol = ("lower neither hash half, nor the abstractive systems, nor any XSum check"
                if not lowered else "lower " + ", ".join(lowered))
    n_changed_rev = int((np.abs(sc.faithfulness - sc.faith_rev_before) > 1e-12).sum())
    xsum_rev = "; ".join(
        f"{kind} {acc['faith_rev_before']:.3f} -> {acc['faithfulness']:.3f}"
        for kind, acc in xs["accuracy"].items())
    return f"""{FAITH_BEGIN}
## Faithfulness (issue 13): the default score against support_min and the simple baselines

`faithfulness` (`summarize.provenance.faithfulness`, `evaluate(..., sources=...)` column,
`check_summary(...)`, `get_scorer("faithfulness")`): each summary sentence is aligned to a *set*
of source sentences (the best one, plus up to two that add a phrase of two or more words in
order); `lexical` is its share of words found in order there (words matched by their
inflectional stem); facts are checked against that text (numbers, dates, names, quantities with
their units, negation on the word it governs) and content words found nowhere in the source are
counted. Sentence score =
`lexical x (1 - novel share) x {FLAG_PENALTY} ** (junctions + fact flags + invented)`:
`novel share` is the share of its content words found nowhere in the source (the simple
baseline that ranks XSum-style summaries best, made a factor of the score); each fact flag, each
junction between aligned source sentences, and each number, date or name found nowhere in the
source (invented) halves it. Summary score = product over sentences.
The {FLAG_PENALTY} ("each unverified step halves it") was set before measuring and no weight was
fitted; the sensitivity rows use 0.3 and 0.7 instead. The design (which checks, the junction
penalty, the product, the novel share) was chosen by looking at these same 1,600 summaries and
at the XSum checks below, so read the split tables more than the third decimal here.

Summary-level Kendall tau-b (mean over the 100 articles) with each expert dimension, and
system-level tau with consistency:

| score | coh. | **cons.** | flu. | rel. | system: cons. |
|---|---:|---:|---:|---:|---:|
{main_rows}

**Consistency, summary level: faithfulness {f_tau:.3f}** against support_min {s_tau:.3f},
document bigram precision {b_tau:.3f} and novel-word share {n_tau:.3f}. The issue's target of
0.42 {verdict} on SummEval ({f_tau:.5f}; G-Eval with GPT-4 reports 0.425, another protocol);
the score before this revision got {tau('faith_rev_before'):.4f}.

What changed in this revision, and why. Three changes, each about how the same fact is written
in news text (found by reading the flags on summaries all three experts rated 5), not a constant
fitted to SummEval:

- **Contractions tokenised with spaces** ("doesn ' t", "didn ’ t", as the CNN/DM sources often
  have them) are read as "does" + "n't", like "doesn't" and "does n't". Before, the source's
  "doesn ' t" was two words "doesn" and "t": a summary's "does n't" (how the systems write it)
  found no negation in the aligned text and was flagged, and lost two words of its lexical share.
- **Titles are left out when a name is compared with the one in its place**: "Bob Katter" where
  the aligned text has "Mr Katter" is the same person; before, the "Mr" made it a name swap.
  (A title is one of a closed list: Mr, Mrs, Ms, Dr, Sir, President, Judge, Coach... .)
- **A weekday or month copied with its nearest content word** (within {DATE_NEIGHBOUR_SCOPE}
  words, before or after) as one phrase of the aligned text is found together: "rescued from
  Friday to Monday", "nitrous oxide on Monday", "is 35 on April 28". Before, it was checked only
  against the date the source puts nearest to the summary's name, so a source sentence with two
  dates ("will play on Sunday ... was exposed on Monday") flagged a faithful copy. A changed
  date ("Lavrov on Thursday" where the source has "Lavrov on Friday") is still flagged: its
  phrase is not in the source.

Per split (summary-level tau with consistency, before -> after this revision): {splits_rev}.
Each change undone alone (rows above): contractions {tau('abl_contractions'):.4f}, titles
{tau('abl_titles'):.4f}, dates {tau('abl_date_phrase'):.4f}. XSum checks (pairwise accuracy,
before -> after): {xsum_rev}. Together the three changes {protocol}. The gain is small (they move
{n_changed_rev} of the 1,600 summaries' scores) and about the size of the spread between the
halves: it is reported as the removal of false flags on faithful sentences, not claimed as a
robust improvement of the ranking.

Previous revision (figures as measured then, against 0.4170): words matched by their inflectional
stem (`summarize.text.tokens.inflection_stem`: Porter's step 1; the light suffix stripper used
before missed "bombings"/"bombing", "cases"/"case" and four-letter plurals) and negation checked
on the word it governs (the first content word among the next {NEGATION_SCOPE}: a "not" in the
summary must stand before the same word in the aligned text, and a negated source word must not
be stated positively); together 0.4170 -> 0.4200, lowering no hash half, abstractive split or
XSum check. On the current score: with light stemming {tau('abl_light_stem'):.4f}, with
negation per sentence {tau('abl_neg_sentence'):.4f}; both undone with this revision's changes
("two revisions back") {tau('faith_rev1_before'):.4f}.

Earlier revision: novel words count as the share of content words they make up, not one
halving each ("earlier formula" rows): a reworded one-sentence summary no longer falls to
about zero (XSum references, table below) and two new words no longer cost the same in a
10-word and a 40-word sentence. It is kept for what it does on XSum-style text, not as a
SummEval gain (change against the earlier formula, per split: {splits}).

Kept after testing on the splits: the product over sentences. Every smoother aggregation tried
ranks SummEval worse, on every split (best of worst sentence, mean, (mean + worst) / 2 and
geometric mean: {best_agg:.3f}); a summary with more sentences has more chances to mislead and
the experts' consistency rating follows that. The junction penalty (without it
{tau('abl_no_junction'):.3f}; fused sentences are about twice as often judged unfaithful here).
The fact flags move the whole-set figure little (without them {tau('abl_no_flags'):.3f}); each
kind marks summaries rated below 5 two to four times as often as the rest (table below), and
they say *why* a sentence is doubtful.

Tried and dropped in this revision (measured once with a scratch copy of the module; not re-run
by this script). Against the score before it (0.4200; these three were measured with the spaced
contraction split but not yet read as "n't", so compare them roughly): a negated source word
flagged only when
the aligned text never states it without the negation (0.4195, half B 0.422 -> 0.421); a
number missing from the aligned text but found elsewhere in the source passed unless the
aligned text has another number before the same unit, as names are treated (0.4174, half A
0.418 -> 0.411: a number taken from another sentence is often the wrong one); a weekday or
month found elsewhere in the source passed (0.4199). With the contraction change (0.4216):
no found-together check for names (0.4201: the check is kept); a name checked against the name
the aligned text has in its place even when the summary's name is also in the aligned text
(0.4177, lower on both halves; XSum name swap 0.577 -> 0.582). With contractions and titles
(0.4219): a name within one letter (a typo: "Gerogia"/"Georgia", "Tewskesbury") of a name in
the aligned text counted as found (0.4211; three sentences change, each a correct removal of a
false flag, but half A 0.4196 -> 0.4181, so dropped by the protocol); number abbreviations and
percent read as the words they stand for after a number ("5bn"/"5 billion", "£32m"/"£32million",
"5%"/"5 per cent"; 0.4216, half B 0.4240 -> 0.4235: one SummEval sentence changes, rated 1 for
another error, so dropped by the protocol, though it is a real false flag elsewhere). With all
three changes (0.4231): a weekday compared only with the weekdays, a month with the months and a
year with the years the source puts nearest its name (0.4230, half A 0.4201 -> 0.4199).

Tried and dropped in the previous revision (whole-set tau against its 0.4170): full Porter stemming
(0.419, below the inflectional stem alone); irregular verb forms on top
(said/says, told/tell, took/taken...: 0.417, half B 0.417 against 0.422); stop words neither
stemmed nor counted as content words (with inflectional stems 0.419, lower on half B and on the XSum
sanity check); a content word found in the document but outside the aligned sentences counted
as half new (0.411) or new (0.407); a junction only when the added source sentence adds a
content word (0.416), or only when the fused sentences share no name the summary uses (0.414);
a name found together with the nearest content word on each side instead of the words within
two places (0.417, lower on half A); a name "found together" within two adjacent source
sentences (0.416); a number found together with whatever word follows it, not only units
(0.416); a name swap ignored when the other mention shares a word with the name (0.418, but the
XSum name-swap check fell from 0.568 to 0.563). Against the revised score (0.4200): the novel
share taken over all words instead of content words (0.419; the XSum sanity check fell from
0.938 to 0.787), and numbers the document lacks counted in the novel share besides their flags
(no change on SummEval; XSum sanity check 0.935).

Tried and dropped earlier (no gain on both halves, or a loss on the XSum checks): multiplying by the
summary's bigram precision against the document; junctions counted only between non-adjacent
source sentences, or half for adjacent ones; a penalty per flag scaled by sentence length; a
step for a sentence that opens with a pronoun copied from a source sentence whose predecessor
the summary did not take; requiring a name taken from elsewhere in the source to be found with a
neighbouring word unless the aligned text has a pronoun in its place (SummEval 0.407, lower on
both halves, though the XSum name-swap check rose from 0.57 to 0.59); earlier: content words only, bigram or trigram coverage in the aligned
text, penalties per copied fragment or per long gap. Many summaries score exactly 1 (copied
sentences, {(sc.faithfulness >= 1.0).mean():.0%} of all); the experts mostly tie them too (rated
5), so breaking those ties would lower tau-b, not raise it.

Held-out-like checks (summary-level tau with consistency; hash halves split the articles by the
md5 of their id, not by id order; the design was chosen on all 100 articles, so these are not
independent test sets, but a score tuned to one slice would show it):

| score | {sub_head} |
|---|{'---:|' * len(sub_tau)}
{sub_rows}

### Supported / unsupported threshold

A sentence is unsupported below {FAITHFULNESS_THRESHOLD}: a copied sentence with one unverified
step (0.5) still passes, one that also lost a word, has a new content word or had two steps
does not. Flagging a summary when any sentence is unsupported, against "expert
consistency below 5" ({bad.mean():.0%} of the 1,600 summaries; consistency is the mean of three
experts, so any expert's doubt counts):

| threshold | precision | recall | F1 | F1 articles 1-50 | F1 articles 51-100 |
|---|---:|---:|---:|---:|---:|
{chr(10).join(cal_rows)}

At the default {FAITHFULNESS_THRESHOLD}: **precision {p_all:.2f}, recall {r_all:.2f}**
(F1 {f_all:.3f}).
F1 stays within 0.01 of its best ({f_best:.3f}) from {plateau[0]} to {plateau[-1]}:
{FAITHFULNESS_THRESHOLD} ("one unverified step") was kept, not fitted.
Calibrated on articles 1-50 alone the best grid value is {best_first}, which gives precision
{p2:.2f}, recall {r2:.2f} (F1 {f2:.3f}) on articles 51-100.

Flags by kind (SummEval summaries with at least one flag of that kind; share rated below 5):

| kind | summaries | share < 5 with the flag | share < 5 without |
|---|---:|---:|---:|
{chr(10).join(flag_rows)}

### XSum sample (no human ratings)

`xsum_sample.jsonl` has no human judgments, so no Kendall table can be built from it: the
XSum-style held-out result (the issue's novel-word baseline 0.27) is **not measured here**.
Checks instead, on its {xs['n']} articles: (1) each XSum reference against the same reference
with one fact changed by a rule, and against the next article's reference (pairwise accuracy: how
often the score prefers the original; ties count half); (2) the spread of the reference scores
(no collapse to zero); (3) how often each is marked unsupported. XSum references are known to
add information the article does not contain (Maynez et al., 2020, "On Faithfulness and
Factuality in Abstractive Summarization", found hallucinated content in most of them), while the
article's first sentence is faithful by construction.

{xsum_rows}

{xs['spread']}

References marked unsupported (any sentence below {FAITHFULNESS_THRESHOLD}):
**{xs['ref_unsupported']:.0%}** (mean faithfulness {xs['ref_mean']:.2f}; {xs['ref_novel']:.0%} have
a word found nowhere in the article, {xs['ref_fact']:.0%} a number, date, name, quantity or
negation flag); the article's own first sentence: {xs['lead_unsupported']:.0%}. This agrees with
what is known of XSum references, but it also shows the limit of lexical evidence: a one-sentence
abstractive rewrite is fused from several sentences and reworded, so it rarely scores as
supported here even when it is faithful; rank XSum-style summaries with the score, do not read
its threshold there (or use an NLI scorer, below).

### Speed

`python benchmarks/bench_faithfulness.py` (one run here, load average {load:.1f} on a shared
2-core CPU; compare the ratio, not the seconds): the 1,600 SummEval pairs in
**{speed['faithfulness']:.1f} s** for the faithfulness score against {base_s:.1f} s for
`support_min` ({base_s / speed['faithfulness']:.2f}x its throughput);
{speed['faithfulness, no source reuse']:.1f} s when no prepared source is reused. (With the
ablations and baselines this section took {elapsed:.1f} s.)

### Model scorers for users online

`get_scorer("nli:<hub id or folder>")` (or `summarize.provenance.nli.NLIScorer(model, device=...,
dtype=..., batch_size=...)`) turns any Hugging Face NLI / sequence-classification checkpoint into
a scorer: summary sentences are hypotheses, chunks of consecutive source sentences (the model's
window, one sentence overlap, long sources covered whole) are premises, each cell is the
entailment probability (SummaC-style zero-shot matrix). None is run here (no network); figures
are the publishers' own:

| model id | size | published numbers (source) |
|---|---|---|
| `MoritzLaurer/DeBERTa-v3-large-mnli-fever-anli-ling-wanli` | 435M | accuracy MNLI-m 0.912, MNLI-mm 0.908, ANLI (r1-r3) 0.702, WANLI 0.77, LingNLI 0.87 (model card on the Hugging Face hub) |
| `MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli` | 184M | accuracy ANLI test r1 0.712, r3 0.495 (model card, verified results); faster on CPU |
| `lytang/MiniCheck-DeBERTa-v3-Large` | 435M | fact-checker trained for grounding documents (label 1 = supported); its card reports it outperforms specialised checkers of similar size on LLM-AggreFact (Tang et al., EMNLP 2024) without quoting one figure; pass `entailment_label=1` if its config does not name the label |

For scale, the SummaC paper (Laban et al., TACL 2022) reports 74.4% balanced accuracy on its
SummaC benchmark for NLI models applied sentence by sentence with a learned aggregation
(SummaC-Conv); the scorer here is the zero-shot variant (max over premises, no training).

<!-- notest: loads an NLI model from the Hugging Face hub (online only) -->
```python
from summarize import check_summary
from summarize.metrics import evaluate
from summarize.provenance import get_scorer
nli = get_scorer("nli:MoritzLaurer/DeBERTa-v3-large-mnli-fever-anli-ling-wanli")
checked = check_summary(article, summary, scorer=nli)        # per-sentence entailment
table = evaluate(summaries, sources=articles, metrics=["support"], support_scorer=nli)
```
{FAITH_END}
"""


def write_faithfulness_section(df: pd.DataFrame, out: str) -> str:
    """Put the faithfulness section into ``out``, replacing the previous one if there is one."""
    section = faithfulness_section(df)
    path = Path(out)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if FAITH_BEGIN in text and FAITH_END in text:
        head, rest = text.split(FAITH_BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(FAITH_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    return section


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--no-embedding", action="store_true", help="skip the MiniLM-based metrics")
    p.add_argument("--out", default=str(ROOT / "docs" / "METAEVAL.md"))
    p.add_argument("--coherence-only", action="store_true",
                   help="recompute only the coherence section of --out")
    p.add_argument("--faithfulness-only", action="store_true",
                   help="only regenerate the faithfulness section of --out (seconds)")
    args = p.parse_args(argv)

    df = load(data_path("corpora", "summeval.jsonl"))
    if args.coherence_only:
        return write_coherence_only(df, Path(args.out))
    if args.faithfulness_only:
        print(write_faithfulness_section(df, args.out))
        return 0
    scores, timings = compute(df, embedding=not args.no_embedding)
    full = table(scores)
    docs = sorted(scores.doc_id.unique())
    halves = [table(scores[scores.doc_id.isin(docs[:50])]),
              table(scores[scores.doc_id.isin(docs[50:])])]
    key = [METRICS[c][0] for c in ("rouge1_f", "baseline_bigram_min", "support_min")]
    split_rows = "\n".join(
        f"| {k} | {halves[0].loc[k, ('summary', 'consistency')]:.3f} | "
        f"{halves[1].loc[k, ('summary', 'consistency')]:.3f} |" for k in key)
    support_tau = full.loc[METRICS["support_min"][0], ("summary", "consistency")]
    base_tau = full.loc[METRICS["baseline_bigram_min"][0], ("summary", "consistency")]
    r1_tau = full.loc[METRICS["rouge1_f"][0], ("summary", "consistency")]
    ctau = meta_evaluate(scores, [c for c in {**VARIANTS, **EMB_VARIANTS} if c in scores],
                         ["consistency"])[("summary", "consistency")]
    variant_rows = "\n".join(
        [f"| **ROUGE-L precision, best source sentence (chosen)** | **{support_tau:.3f}** |"]
        + [f"| {label} | {ctau[c]:.3f} |" for c, label in {**VARIANTS, **EMB_VARIANTS}.items()
           if c in ctau.index])
    th_tau = meta_evaluate(scores, [f"unsupported_at_{th}" for th in THRESHOLDS],
                           ["consistency"])[("summary", "consistency")]
    best_th = max(THRESHOLDS, key=lambda th: th_tau[f"unsupported_at_{th}"])
    best_th_tau = th_tau[f"unsupported_at_{best_th}"]
    th_head = " | ".join(str(th) for th in THRESHOLDS)
    th_sep = "---:|" * len(THRESHOLDS)
    th_row = " | ".join(f"{th_tau[f'unsupported_at_{th}']:.3f}" for th in THRESHOLDS)
    timing_rows = "\n".join(f"| {k} | {v:.1f} s |" for k, v in timings.items())
    text = f"""# Meta-evaluation on SummEval

How well each metric of `summarize.metrics` tracks expert judgment, on the 1,600 SummEval system
outputs (100 CNN/DailyMail articles x 16 systems, each rated 1-5 by three experts for coherence,
consistency, fluency and relevance; mean rating used). Kendall's tau-b:

- **summary level**: per article, tau across the 16 systems; mean over the articles (articles where
  the experts gave every system the same score have no tau and are left out);
- **system level**: each system's mean over the 100 articles; tau across the 16 systems.

Regenerate with `python benchmarks/metaeval_summeval.py` (writes this file). Run the same analysis on
your own judged data with `summarize.metrics.meta_evaluate(table, metrics, judgments)`.
ROUGE uses Porter stemming and the original highlights as the single reference unless noted.
Metrics where lower means better are negated, so a positive tau always means agreement.

| metric | summary level: coh. | cons. | flu. | rel. | system level: coh. | cons. | flu. | rel. |
{to_markdown(full).split(chr(10), 1)[1]}

## Faithfulness: the support metric against the baselines

Summary-level tau with **consistency**: support (lexical, worst sentence) **{support_tau:.3f}**;
baseline "share of summary bigrams found in the source, worst sentence" {base_tau:.3f};
ROUGE-1 {r1_tau:.3f}. For scale, G-Eval with GPT-4 reports 0.425 (a different protocol).
**The target of 0.45 is not reached.**

The lexical support score of a summary sentence is its ROUGE-L precision against the best single
source sentence (the share of its words that occur, in order, in one source sentence); a summary
scores its worst sentence. Other principled variants, computed by this script on the same 100
articles (so read small differences with caution; no weight or threshold is fitted; the design
was chosen by looking at these same articles, which is why the split-half check below matters):

| variant (worst sentence) | summary-level tau with consistency |
|---|---:|
{variant_rows}

The share of unsupported sentences depends on the support threshold (0.5 by default, the
"majority of the words" line, set before this table was made), so prefer `support_min` for
ranking. Summary-level tau of the (negated) unsupported share with consistency, by threshold:

| threshold | {th_head} |
|---|{th_sep}
| tau | {th_row} |

The best threshold here ({best_th}, tau {best_th_tau:.3f}) is picked with the test labels
themselves, so it is not a result: it only shows how sensitive the thresholded figure is.

Lexical evidence saturates near 0.41: the remaining errors are copied words whose meaning changed
(a clause cut so the subject changes, a pronoun out of context) and good paraphrases scored low.
Those need an entailment model; `sentence_support(..., scorer=YourNLIScorer())` takes one.

Split-half check (summary-level tau with consistency; articles sorted by id):

| metric | articles 1-50 | articles 51-100 |
|---|---:|---:|
{split_rows}

## Run time of this script

| step (1,600 outputs) | time |
|---|---:|
{timing_rows}

Machine: {platform.machine()}, Python {platform.python_version()}, shared 2-core CPU.
"""
    text += "\n" + coherence_section(df)
    Path(args.out).write_text(text, encoding="utf-8")
    write_faithfulness_section(df, args.out)
    print(full.round(3).to_string())
    print(f"\nwrote {args.out}")
    return 0


# --- coherence (issue 12) ---------------------------------------------------------------------

COHERENCE_HEADING = "## Coherence: the coherence metric against the experts' coherence ratings"


def coherence_scores(df: pd.DataFrame) -> pd.DataFrame:
    """Per output: ``summarize.metrics.coherence`` (score, dangling flag) and two baselines."""
    from summarize.metrics.coherence import coherence_issues

    rows = []
    for pred, src in zip(df.prediction, df.source):
        issues = coherence_issues(pred, source=src)
        n = max(1, len(split_sentences(pred)))
        kinds = {i.kind for i in issues}
        rows.append({
            "coherence_score": 1.0 - len({i.sentence for i in issues}) / n,
            "no_dangling": 0.0 if kinds & {"dangling_opener", "orphan_colon",
                                           "unbalanced_quote"} else 1.0,
            "n_issues_neg": -float(len(issues)),
        })
    out = df[["doc_id", "system", *DIMS]].copy().reset_index(drop=True)
    scores = pd.DataFrame(rows)
    for col in scores.columns:
        out[col] = scores[col].to_numpy()
    ev = evaluate(df.prediction.tolist(), references=df.reference.tolist(),
                  sources=df.source.tolist(), metrics=["rouge", "extractiveness"], n_boot=1).items
    out["rouge1_f"] = ev["rouge1_f"].to_numpy()
    out["redundancy_neg"] = -ev["redundancy"].to_numpy()
    return out


def coherence_section(df: pd.DataFrame) -> str:
    """The Markdown section on the coherence metric (appended to METAEVAL.md)."""
    scores = coherence_scores(df)
    labels = {"coherence_score": "**coherence score** (share of sentences with no issue)",
              "no_dangling": "no dangling sentence (0/1)",
              "n_issues_neg": "number of coherence issues (negated)",
              "rouge1_f": "ROUGE-1 F (for scale)",
              "redundancy_neg": "redundancy (negated, for scale)"}
    t = meta_evaluate(scores, list(labels), ["coherence", "fluency"])
    rows = "\n".join(
        f"| {labels[c]} | {t.loc[c, ('summary', 'coherence')]:.3f} | "
        f"{t.loc[c, ('summary', 'fluency')]:.3f} | {t.loc[c, ('system', 'coherence')]:.3f} |"
        for c in labels)
    flagged = scores[scores.no_dangling == 0.0]
    clean = scores[scores.no_dangling == 1.0]
    by_system = scores.groupby("system")["no_dangling"].mean().sort_values()
    worst = ", ".join(f"{s} {100 * (1 - v):.0f}%" for s, v in by_system.head(4).items())
    return f"""{COHERENCE_HEADING}

`summarize.metrics.coherence` (issue 12) looks for what makes a sentence unreadable on its own:
a dangling opener (pronoun, demonstrative, connective, unnamed speaker whose antecedent is not
shown), an orphan colon, an unbalanced quote, a broken lead. Each output is matched to its
article sentence by sentence (extractive sentences get the article's discourse links; others only
their own first sentence). Regenerate this section alone with
`python benchmarks/metaeval_summeval.py --coherence-only`.

| metric | summary level: coh. | flu. | system level: coh. |
|---|---:|---:|---:|
{rows}

Outputs flagged with a dangling sentence: {len(flagged)} of {len(scores)}; their mean expert
coherence is {flagged.coherence.mean():.2f} against {clean.coherence.mean():.2f} for the others
(1-5 scale). Most flagged systems: {worst}.

What this says: on SummEval the experts' coherence rating does not track this defect (tau
{t.loc['coherence_score', ('summary', 'coherence')]:.3f} at summary level; flagged outputs are
rated about as coherent as the others). The rating judges a summary's overall structure, and
among these 16 systems a pronoun or connective without its antecedent is a small part of that.
So the coherence metric is **not** validated as a proxy for expert coherence: it is a rule-based
check for one defect a reader trips on (a sentence out of context), documented in
`summarize/discourse.py` and tested case by case, used to keep our own extractive summaries
publishable. Do not rank abstractive systems with it.
"""


def write_coherence_only(df: pd.DataFrame, out: Path) -> int:
    """Replace (or add) the coherence section of ``out``, leaving the rest as it is."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    head = text.split(COHERENCE_HEADING)[0].rstrip() + "\n\n" if text else ""
    section = coherence_section(df)
    out.write_text(head + section, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
