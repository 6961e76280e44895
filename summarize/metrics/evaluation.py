"""``evaluate()``: every metric for a batch of summaries, one tidy row per item, plus means with
seeded bootstrap confidence intervals.

Metric groups (``metrics=``):

- ``"rouge"`` (needs ``references``): ``rouge1_f`` ... ``rougeLsum_r``, identical to rouge-score
  on Latin-script text, Unicode-aware elsewhere; several references per item -> best per type;
- ``"extractiveness"`` (needs ``sources``): coverage, density, compression, novel n-grams,
  redundancy, lengths;
- ``"support"`` (needs ``sources``): ``support_min``, ``support_mean``, ``unsupported_share``,
  ``n_unsupported`` (reference-free faithfulness);
- ``"faithfulness"`` (needs ``sources``): ``faithfulness`` (the default faithfulness score in
  [0, 1], see ``summarize.provenance.faithfulness``) with its components beside it: ``faith_mean``,
  ``faith_lexical``, ``faith_fused``, ``faith_fact_flags``, ``faith_joined``, ``faith_novel_share``;
- ``"semantic"`` (needs ``references``; loads MiniLM): ``semantic_p/r/f``, BERTScore-style;
- ``"coherence"`` (needs nothing; ``Summary`` objects or ``sources`` make it exact for
  extractive text): ``coherence``, ``dangling``, ``broken_lead``, ``n_coherence_issues``
  (``summarize.metrics.coherence``).

Other groups are ``ItemMetric`` objects (``metrics.base``) in the ``METRICS`` registry, like
``"extractiveness"`` (``extractive_stats.METRIC``); ``METRICS.register(name, metric)`` or an
entry point in the group ``summarize.metrics`` adds one. By default every group the inputs allow except
``"semantic"``; ``metrics="all"`` adds it.

Bad input: a length mismatch, a reference or source that is ``None``/empty/not text, or a
prediction that is not text raise ``ValueError``/``TypeError`` naming the item. A ``None``
or NaN prediction (a missing cell), a ``SummaryError`` (a failed batch item) or an empty string
is scored as an empty
summary (every score 0, ``unsupported_share`` 1) and flagged in the ``empty`` column, so one
failed item never drops the others.

Example:
    >>> r = evaluate(["Rain fell all night.", "Aliens landed."],
    ...              references=["Rain fell all night long.", "Roads were shut."],
    ...              sources=["Rain fell all night long. Roads were shut.",
    ...                       "Rain fell all night long. Roads were shut."])
    >>> bool(r.items.loc[0, "rouge1_f"] > r.items.loc[1, "rouge1_f"])
    True
    >>> r.items["unsupported_share"].tolist()
    [0.0, 1.0]
    >>> r.items["faithfulness"].round(2).tolist()
    [1.0, 0.0]
    >>> list(r.summary.columns)
    ['mean', 'ci_low', 'ci_high', 'n']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from ..provenance.embeddings import MISSING_METRICS
from ..provenance.support import (SupportScorer, get_scorer, reusable_support, support_figures,
                                  support_stats)
from ..registry import Entry, Registry
from ..summary import Summary, SummaryError
from .base import ItemMetric
from .rouge import ROUGE_TYPES, rouge_scores

__all__ = ["EvalResult", "evaluate", "bootstrap_ci", "metric_groups", "item_metrics", "METRICS"]

# groups computed here; every other group is an ``ItemMetric`` found in a metrics module
_BUILTIN_NEEDS = {"rouge": "references", "support": "sources", "semantic": "references"}


def _check_metric(entry: Entry[ItemMetric], metric: object) -> ItemMetric:
    if not isinstance(metric, ItemMetric):
        raise TypeError(f"metric group {entry.name!r} must be a summarize.metrics.base.ItemMetric, "
                        f"got {type(metric).__name__}")
    if entry.name in _BUILTIN_NEEDS or metric.name != entry.name:
        raise ValueError(f"metric group {entry.name!r}: the name is taken by a built-in group "
                         f"or differs from the ItemMetric's name {metric.name!r}")
    return metric


#: The ``ItemMetric`` groups by name: the built-in ones (lazy ``"module:attr"`` references),
#: ``METRICS.register(name, ItemMetric(...))``, and plug-ins' entry points in the group
#: ``summarize.metrics``.
METRICS: Registry[ItemMetric] = Registry("metric group", "summarize.metrics", {
    "coherence": "summarize.metrics.coherence:METRIC",
    "extractiveness": "summarize.metrics.extractive_stats:METRIC",
    "faithfulness": "summarize.metrics.faithfulness:METRIC",
}, check=_check_metric, hint="or 'all'")


def item_metrics() -> dict[str, ItemMetric]:
    """The ``ItemMetric`` groups of ``METRICS``, by name (a plug-in that cannot be loaded is
    left out with a warning).

    Example:
        >>> "extractiveness" in item_metrics()
        True
    """
    return {e.name: METRICS.load(e) for e in METRICS.entries()}


def metric_groups() -> tuple[str, ...]:
    """Every metric group name: ``rouge``, the ``ItemMetric`` groups, ``support``, ``semantic``."""
    return ("rouge", *item_metrics(), "support", "semantic")


def _needs(group: str) -> str:
    return _BUILTIN_NEEDS[group] if group in _BUILTIN_NEEDS else item_metrics()[group].needs


@dataclass(frozen=True)
class EvalResult:
    """What ``evaluate`` returns.

    Attributes:
        items: one row per item (index: the item ids), one column per metric, plus ``empty``.
        summary: one row per metric: ``mean``, ``ci_low``, ``ci_high`` (seeded bootstrap
            percentile interval over items), ``n`` (items with a value).
        params: the settings used (metrics, seed, confidence, scorer, ...).
    """

    items: Any
    summary: Any
    params: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        conf = int(round(100 * self.params.get("confidence", 0.95)))
        return (f"EvalResult({len(self.items)} items; mean with {conf}% bootstrap CI)\n"
                + self.summary.round(4).to_string())

    def _repr_html_(self) -> str:
        conf = int(round(100 * self.params.get("confidence", 0.95)))
        head = (f"<p><b>EvalResult</b>: {len(self.items)} items; mean with {conf}% bootstrap "
                f"confidence interval (seed {int(self.params.get('seed', 0))})</p>")
        return head + self.summary.round(4).to_html()  # pandas escapes cell text


def bootstrap_ci(values: np.ndarray, n_boot: int = 1000, confidence: float = 0.95,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means and percentile-bootstrap intervals of each column of ``values`` (items x metrics);
    NaN entries are left out. Seeded: the same call gives the same intervals.

    Example:
        >>> mean, lo, hi = bootstrap_ci(np.array([[0.0], [1.0], [1.0], [0.0]]), seed=1)
        >>> float(mean[0]), bool(lo[0] <= 0.5 <= hi[0])
        (0.5, True)
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    n = values.shape[0]
    ok = ~np.isnan(values)
    filled = np.where(ok, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = filled.sum(0) / ok.sum(0)
    if n == 0:
        nan = np.full(values.shape[1], np.nan)
        return nan, nan, nan
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (weights @ filled) / (weights @ ok.astype(np.float64))
    alpha = (1.0 - confidence) / 2
    lo = np.nanquantile(boot, alpha, axis=0) if n_boot > 1 else boot[0]
    hi = np.nanquantile(boot, 1 - alpha, axis=0) if n_boot > 1 else boot[0]
    return mean, lo, hi


def _as_list(values: Any, name: str) -> list:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list (one entry per item), not a single "
                        f"{type(values).__name__}; wrap it: [{name[:-1]}]")
    try:
        return list(values)
    except TypeError:
        raise TypeError(f"{name} must be a list of texts, got {type(values).__name__}") from None


def _predictions(values: Any) -> tuple[list[str], list[bool], list[str | None]]:
    texts, empty, sources = [], [], []
    for i, p in enumerate(_as_list(values, "predictions")):
        src = None
        if p is None or isinstance(p, SummaryError) or _is_missing(p):
            p = ""  # None, a failed item, NaN / pd.NA (an empty DataFrame cell): empty summary
        elif isinstance(p, Summary):
            src = p.source
            p = p.text
        elif not isinstance(p, str):
            raise TypeError(f"predictions[{i}] must be str, a Summary or None, "
                            f"got {type(p).__name__}")
        texts.append(p)
        empty.append(not p.strip())
        sources.append(src)
    return texts, empty, sources


def _is_missing(value: Any) -> bool:
    """NaN (a float, numpy's float64 included) or pandas' NA / NaT: what a missing cell reads as.

    Example:
        >>> _is_missing(float("nan")), _is_missing(""), _is_missing(0.5)
        (True, False, False)
    """
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


def _references(values: Any, n: int) -> list[list[str]]:
    refs = _as_list(values, "references")
    if len(refs) != n:
        raise ValueError(f"{n} predictions but {len(refs)} references; give one reference "
                         "(or one list of references) per prediction")
    out = []
    for i, r in enumerate(refs):
        group = [r] if isinstance(r, str) else r
        if group is None or isinstance(group, (bytes, dict)) or not isinstance(group, Iterable):
            raise TypeError(f"references[{i}] must be a str or a list of str, "
                            f"got {type(r).__name__}")
        group = list(group)
        if not group:
            raise ValueError(f"references[{i}] is an empty list; give at least one reference")
        for j, t in enumerate(group):
            if not isinstance(t, str):
                raise TypeError(f"references[{i}][{j}] must be str, got {type(t).__name__}")
        if not any(t.strip() for t in group):
            raise ValueError(f"references[{i}] is empty text")
        out.append(group)
    return out


def _sources(values: Any, n: int) -> list[str]:
    srcs = _as_list(values, "sources")
    if len(srcs) != n:
        raise ValueError(f"{n} predictions but {len(srcs)} sources; give one source per prediction")
    for i, s in enumerate(srcs):
        if not isinstance(s, str):
            raise TypeError(f"sources[{i}] must be str, got {type(s).__name__}")
        if not s.strip():
            raise ValueError(f"sources[{i}] is empty text")
    return srcs


def _groups(metrics: str | Sequence[str] | None, have_refs: bool, have_srcs: bool) -> list[str]:
    have = {"references": have_refs, "sources": have_srcs, "": True}
    extra = item_metrics()
    groups = metric_groups()
    if metrics is None or metrics == "all":
        chosen = [g for g in groups if have[_needs(g)]]
        if metrics is None:
            chosen = [g for g in chosen if g != "semantic" and
                      (g not in extra or extra[g].default)]
        if not (have_refs or have_srcs):  # summary-only groups run alone only when named
            raise ValueError("nothing to compute: pass references=, sources=, or both")
        return chosen
    chosen = [metrics] if isinstance(metrics, str) else list(metrics)
    for g in chosen:
        if g not in groups:
            raise ValueError(f"unknown metric group {g!r}; available: {', '.join(groups)}, "
                             "or 'all'")
        if not have[_needs(g)]:
            raise ValueError(f"metric group {g!r} needs {_needs(g)}=")
    return chosen


def evaluate(predictions: Sequence[Any], references: Sequence[Any] | None = None,
             sources: Sequence[str] | None = None, *,
             metrics: str | Sequence[str] | None = None,
             rouge_types: Sequence[str] = ROUGE_TYPES, use_stemmer: bool = True,
             tokenizer: str = "default",
             support_scorer: str | SupportScorer = "lexical",
             support_threshold: float | None = None,
             ids: Sequence[Any] | None = None,
             n_boot: int = 1000, confidence: float = 0.95, seed: int = 0,
             progress: bool = False) -> EvalResult:
    """Score ``predictions`` against ``references`` and/or ``sources``; see the module docs.

    ``predictions`` may hold ``Summary`` objects: their support is reused (computed only for text
    that arrives without it); without ``sources``, each brings its own (failed
    items from ``summarize_many`` need none). A pandas Series keeps its index as the item ids.

    Example:
        >>> r = evaluate(["The cat sat."], references=[["A dog ran.", "The cat sat down."]])
        >>> round(float(r.items.loc[0, "rouge1_f"]), 3)  # the better reference counts
        0.857
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(f"evaluate() needs pandas: {MISSING_METRICS}") from exc

    index = ids
    if index is None and isinstance(predictions, (pd.Series, pd.DataFrame)):
        index = predictions.index
    preds, empty, own_sources = _predictions(predictions)
    summaries = [p if isinstance(p, Summary) and not e else None
                 for p, e in zip(_as_list(predictions, "predictions"), empty)]
    n = len(preds)
    refs = None if references is None else _references(references, n)
    srcs = None
    if sources is not None:
        srcs = _sources(sources, n)
    elif n and any(s is not None for s in own_sources) and all(
            s is not None or e for s, e in zip(own_sources, empty)):
        # Summary objects bring their source; failed items (None, SummaryError) score 0 anyway
        srcs = [s if s is not None else "" for s in own_sources]
    groups = _groups(metrics, refs is not None, srcs is not None)
    scorer = get_scorer(support_scorer) if "support" in groups else None
    extra = item_metrics()

    rows: list[dict[str, float]] = [dict() for _ in range(n)]
    iterator: Iterable[int] = range(n)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, total=n, desc="evaluate")
    for i in iterator:
        row = rows[i]
        if "rouge" in groups:
            assert refs is not None
            for t, s in rouge_scores(preds[i], refs[i], rouge_types, use_stemmer, tokenizer).items():
                row[f"{t}_f"], row[f"{t}_p"], row[f"{t}_r"] = s.fmeasure, s.precision, s.recall
        for g in groups:
            if g in extra:  # ItemMetric groups (extractiveness, ...)
                metric = extra[g]
                pred = summaries[i] if metric.wants_summary and summaries[i] is not None \
                    else preds[i]
                row.update(metric.compute(pred, refs[i] if refs is not None else None,
                                          srcs[i] if srcs is not None else None))
        if "support" in groups:
            assert srcs is not None and scorer is not None
            # a Summary brings its support (attached by its method): reused, not recomputed
            known = reusable_support(summaries[i], scorer, support_threshold)
            row.update(support_figures(known) if known is not None else
                       support_stats(preds[i], srcs[i], scorer, support_threshold))
    if "semantic" in groups:
        from .similarity import semantic_similarity

        assert refs is not None
        for row, sem in zip(rows, semantic_similarity(preds, refs)):
            row.update(sem)

    items = pd.DataFrame(rows)
    if index is not None:
        if len(index) != n:
            raise ValueError(f"{n} predictions but {len(index)} ids")
        items.index = pd.Index(list(index), name=getattr(index, "name", None) or "item")
    else:
        items.index.name = "item"
    items["empty"] = empty
    metric_cols = [c for c in items.columns if c != "empty"]
    mean, lo, hi = bootstrap_ci(items[metric_cols].to_numpy(dtype=np.float64), n_boot,
                                confidence, seed)
    summary = pd.DataFrame({"mean": mean, "ci_low": lo, "ci_high": hi,
                            "n": items[metric_cols].notna().sum().to_numpy()},
                           index=pd.Index(metric_cols, name="metric"))
    params = {"metrics": groups, "rouge_types": list(rouge_types), "use_stemmer": use_stemmer,
              "tokenizer": tokenizer, "n_boot": n_boot, "confidence": confidence, "seed": seed,
              "support_scorer": getattr(scorer, "name", None), "n_empty": int(sum(empty))}
    return EvalResult(items, summary, params)
