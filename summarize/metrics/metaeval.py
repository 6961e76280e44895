"""Meta-evaluation: how well does a metric track human judgment? Kendall's tau at two levels,
as in SummEval (Fabbri et al. 2021):

- summary level: for each document, tau between the metric and the human score across the
  systems that summarized it; then the mean over documents (documents where either side is
  constant have no tau and are left out; ``n`` counts the rest);
- system level: each system's mean metric and mean human score over documents; tau across systems.

Works on any judged data in long form: one row per (document, system) with metric columns and
human-judgment columns.

Example:
    >>> import pandas as pd
    >>> data = pd.DataFrame({"doc": [1, 1, 1, 2, 2, 2], "system": list("abcabc"),
    ...                      "my_metric": [0.9, 0.5, 0.1, 0.8, 0.7, 0.2],
    ...                      "human": [5, 3, 1, 4, 5, 1]})
    >>> t = meta_evaluate(data, ["my_metric"], ["human"], doc_col="doc")
    >>> round(float(t.loc["my_metric", ("summary", "human")]), 3)
    0.667
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

__all__ = ["kendall_table", "meta_evaluate", "summary_level_tau", "system_level_tau"]


def _tau(x: np.ndarray, y: np.ndarray, variant: str) -> float:
    from scipy.stats import kendalltau

    ok = ~(np.isnan(x) | np.isnan(y))
    if ok.sum() < 2:
        return float("nan")
    return float(kendalltau(x[ok], y[ok], variant=variant).statistic)


def summary_level_tau(metric: np.ndarray, human: np.ndarray,
                      variant: str = "b") -> tuple[float, int]:
    """Mean over documents (rows) of Kendall's tau across systems (columns); NaN cells are
    skipped. Returns ``(tau, number of documents with a defined tau)``.

    Example:
        >>> summary_level_tau(np.array([[1, 2, 3], [3, 2, 1]]), np.array([[1, 2, 3], [1, 2, 3]]))
        (0.0, 2)
    """
    metric = np.asarray(metric, dtype=np.float64)
    human = np.asarray(human, dtype=np.float64)
    if metric.shape != human.shape or metric.ndim != 2:
        raise ValueError(f"metric and human must be 2-D arrays of one shape (documents x "
                         f"systems), got {metric.shape} and {human.shape}")
    taus = [_tau(m, h, variant) for m, h in zip(metric, human)]
    taus = [t for t in taus if not np.isnan(t)]
    return (float(np.mean(taus)) if taus else float("nan")), len(taus)


def system_level_tau(metric: np.ndarray, human: np.ndarray, variant: str = "b") -> float:
    """Kendall's tau across systems (columns) of the per-system means over documents (rows).

    Example:
        >>> system_level_tau(np.array([[1, 2, 3], [2, 3, 4]]), np.array([[1, 2, 3], [1, 2, 3]]))
        1.0
    """
    metric = np.asarray(metric, dtype=np.float64)
    human = np.asarray(human, dtype=np.float64)
    if metric.shape != human.shape or metric.ndim != 2:
        raise ValueError(f"metric and human must be 2-D arrays of one shape (documents x "
                         f"systems), got {metric.shape} and {human.shape}")
    with np.errstate(invalid="ignore"):
        return _tau(np.nanmean(metric, axis=0), np.nanmean(human, axis=0), variant)


def _check(data: Any, metrics: Sequence[str], judgments: Sequence[str], doc_col: str,
           system_col: str) -> None:
    missing = [c for c in (doc_col, system_col, *metrics, *judgments) if c not in data.columns]
    if missing:
        raise ValueError(f"columns not in data: {missing}; data has {list(data.columns)}")
    if not len(metrics) or not len(judgments):
        raise ValueError("give at least one metric column and one judgment column")
    dup = data.duplicated([doc_col, system_col])
    if dup.any():
        first = data.loc[dup, [doc_col, system_col]].iloc[0].tolist()
        raise ValueError(f"{int(dup.sum())} duplicate (document, system) rows, e.g. {first}; "
                         "give one row per system per document")


def kendall_table(data: Any, metrics: Sequence[str], judgments: Sequence[str],
                  doc_col: str = "doc_id", system_col: str = "system",
                  variant: str = "b") -> Any:
    """Long-form table: one row per (metric, judgment, level) with ``tau`` and ``n`` (documents
    with a defined tau at summary level; systems at system level)."""
    import pandas as pd

    _check(data, metrics, judgments, doc_col, system_col)
    rows = []
    for metric in metrics:
        m = data.pivot(index=doc_col, columns=system_col, values=metric)
        for judgment in judgments:
            h = data.pivot(index=doc_col, columns=system_col, values=judgment)
            h = h.reindex(index=m.index, columns=m.columns)
            mv, hv = m.to_numpy(dtype=np.float64), h.to_numpy(dtype=np.float64)
            tau, n = summary_level_tau(mv, hv, variant)
            rows.append({"metric": metric, "judgment": judgment, "level": "summary",
                         "tau": tau, "n": n})
            rows.append({"metric": metric, "judgment": judgment, "level": "system",
                         "tau": system_level_tau(mv, hv, variant), "n": mv.shape[1]})
    return pd.DataFrame(rows)


def meta_evaluate(data: Any, metrics: Sequence[str], judgments: Sequence[str],
                  doc_col: str = "doc_id", system_col: str = "system",
                  variant: str = "b") -> Any:
    """Kendall's tau of every metric with every human judgment, at summary and system level.

    ``data``: a pandas DataFrame (or anything ``pandas.DataFrame`` accepts) with one row per
    (document, system). Returns a DataFrame indexed by metric with columns
    ``(level, judgment)``, ``level`` in ``("summary", "system")``.
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        data = pd.DataFrame(data)
    long = kendall_table(data, metrics, judgments, doc_col, system_col, variant)
    wide = long.pivot_table(index="metric", columns=["level", "judgment"], values="tau",
                            sort=False)
    wide = wide.reindex(index=list(metrics))
    cols = [(lvl, j) for lvl in ("summary", "system") for j in judgments]
    return wide.reindex(columns=pd.MultiIndex.from_tuples(cols, names=["level", "judgment"]))
