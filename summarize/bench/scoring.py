"""Score benchmark records with ``summarize.metrics.evaluate`` (ROUGE with bootstrap CIs,
extractiveness, support), one row per system, speed and memory alongside.

Every system, ours, peers and published, goes through the same ``evaluate`` call against the same
references and sources. A document a method failed on is scored as an empty summary (every score
0), so failures lower a method's score instead of silently dropping hard documents.

Example:
    >>> from summarize.bench.corpus import corpus_from_records
    >>> c = corpus_from_records([{"id": "a", "source": "Rain fell. Roads shut.",
    ...                           "reference": "Rain fell."}])
    >>> t = score_records([{"method": "x", "doc_id": "a", "ok": True, "summary": "Rain fell."}], c)
    >>> float(t.loc[0, "rouge1"])
    100.0
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .corpus import Corpus
from .runner import method_speed

__all__ = ["score_records", "score_method", "ROUGE_COLUMNS"]

ROUGE_COLUMNS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
# table column -> evaluate() metric (mean over documents)
_MEANS = {"coverage": "coverage", "density": "density", "compression": "compression",
          "novel_bigrams": "novel_2gram", "redundancy": "redundancy",
          "words_mean": "summary_words", "support_mean": "support_mean"}


def score_method(records: Sequence[Mapping[str, Any]], corpus: Corpus, references: str = "first",
                 n_boot: int = 1000, confidence: float = 0.95, seed: int = 0) -> Any:
    """``evaluate()`` over one system's records, in corpus order (an ``EvalResult``)."""
    from ..metrics import evaluate

    if references not in ("first", "all"):
        raise ValueError(f"references must be 'first' or 'all', got {references!r}")
    by_id = {r["doc_id"]: r for r in records}
    preds = [_prediction(by_id.get(doc.id)) for doc in corpus.docs]
    refs = [[d.reference] if references == "first" else list(d.references) for d in corpus.docs]
    return evaluate(preds, refs, [d.source for d in corpus.docs],
                    metrics=("rouge", "extractiveness", "support"),
                    ids=[d.id for d in corpus.docs], n_boot=n_boot, confidence=confidence,
                    seed=seed)


def score_records(
    records: Sequence[Mapping[str, Any]],
    corpus: Corpus,
    kinds: Mapping[str, str] | None = None,
    sessions: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    references: str = "first",
    order: Sequence[str] | None = None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Any:
    """The benchmark table: one row per method in ``records`` (in ``order`` if given).

    Columns: ``method``, ``kind``, ``n_docs``, ``n_errors`` (failed or missing documents, scored
    as empty), ``rouge1``/``rouge2``/``rougeL``/``rougeLsum`` F1 x 100 with ``_lo``/``_hi``
    bootstrap bounds, ``supported`` (share of summary sentences a source sentence supports,
    with bounds), ``support_mean``, ``coverage``, ``density``, ``compression``,
    ``novel_bigrams``, ``redundancy``, ``words_mean``, and speed: ``latency_p50_s``,
    ``latency_p95_s``, ``docs_per_s``, ``load_s``, ``peak_mem_mb``, ``mem_delta_mb``.
    """
    import pandas as pd

    groups: dict[str, list[Mapping[str, Any]]] = {}
    for rec in records:
        groups.setdefault(rec["method"], []).append(rec)
    methods = [m for m in (order or groups) if m in groups]
    doc_ids = {d.id for d in corpus.docs}
    rows = []
    for method in methods:
        recs = [r for r in groups[method] if r["doc_id"] in doc_ids]
        res = score_method(recs, corpus, references, n_boot, confidence, seed)
        s = res.summary
        ok = {r["doc_id"] for r in recs if r.get("ok")}
        row: dict[str, Any] = {"method": method, "kind": (kinds or {}).get(method, "ours"),
                               "n_docs": len(corpus), "n_errors": len(corpus) - len(ok)}
        for col in ROUGE_COLUMNS:
            key = f"{col}_f"
            row[col] = 100 * float(s.loc[key, "mean"])
            row[f"{col}_lo"] = 100 * float(s.loc[key, "ci_low"])
            row[f"{col}_hi"] = 100 * float(s.loc[key, "ci_high"])
        row["supported"] = 1 - float(s.loc["unsupported_share", "mean"])
        row["supported_lo"] = 1 - float(s.loc["unsupported_share", "ci_high"])
        row["supported_hi"] = 1 - float(s.loc["unsupported_share", "ci_low"])
        for col, metric in _MEANS.items():
            row[col] = float(s.loc[metric, "mean"]) if metric in s.index else None
        timed = [r for r in recs if r.get("latency_s") is not None]
        row.update(method_speed(timed, (sessions or {}).get(method, ())))
        rows.append(row)
    return pd.DataFrame(rows)


def _prediction(rec: Mapping[str, Any] | None) -> Any:
    """What ``evaluate`` scores for one record: the ``Summary`` rebuilt from a run's record (its
    support is reused), the text of a published system's output, or None for a failure."""
    if rec is None or not rec.get("ok"):
        return None
    from ..summary import RECORD_SCHEMA, Summary

    if rec.get("schema") == RECORD_SCHEMA:
        try:
            return Summary.from_record(dict(rec))
        except ValueError:
            pass  # not a valid record (an older run, a damaged line): its text is scored
    text = rec.get("summary")
    return text if isinstance(text, str) else None
