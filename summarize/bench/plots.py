"""Benchmark plots: quality vs speed, summary length distribution, per-metric bars with CIs.

Each function takes the benchmark table (``pandas.DataFrame``, one row per system) or the
per-document records, returns a matplotlib ``Figure`` (no pyplot state, so it works with any
backend and in scripts), and saves a small PNG when ``path`` is given. matplotlib is imported
only here, only when a plot is asked for.

Example:
    >>> fig = metric_bars(table, path="bars.png")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

__all__ = ["quality_vs_speed", "length_distribution", "metric_bars", "save_all", "KIND_COLORS"]

KIND_COLORS = {"ours": "#1f77b4", "model": "#9467bd", "peer": "#ff7f0e", "published": "#7f7f7f",
               "reference": "#2ca02c"}
_LABELS = {"rouge1": "ROUGE-1 F1", "rouge2": "ROUGE-2 F1", "rougeL": "ROUGE-L F1",
           "rougeLsum": "ROUGE-Lsum F1"}


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError('plots need matplotlib: pip install "summarize[benchmark]"') from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(fig: Any, path: str | Path | None) -> Any:
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=80)
    return fig


def quality_vs_speed(table: Any, metric: str = "rougeLsum", path: str | Path | None = None,
                     title: str | None = None,
                     published: Sequence[str] = ("M0", "M22", "M23")) -> Any:
    """Each method that ran here as a point (documents/s, log scale, vs ``metric`` with its CI);
    published systems, which have no speed measured here, as labelled horizontal lines: those
    whose id is in ``published`` (Lead-3, BART, PEGASUS), or the first five when none is."""
    fig = _figure(7, 4.5)
    ax = fig.add_subplot()
    timed = table[table["docs_per_s"].notna()]
    for _, row in timed.iterrows():
        color = KIND_COLORS.get(row["kind"], "#333333")
        y = row[metric]
        err = [[y - row[f"{metric}_lo"]], [row[f"{metric}_hi"] - y]]
        ax.errorbar(row["docs_per_s"], y, yerr=err, fmt="o", color=color, capsize=3)
        ax.annotate(row["method"], (row["docs_per_s"], y), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    rows = table[table["kind"] == "published"]
    chosen = rows[[str(m).split()[0] in published for m in rows["method"]]]
    for _, row in (chosen if len(chosen) else rows.head(5)).iterrows():
        ax.axhline(row[metric], color=KIND_COLORS["published"], lw=0.8, ls="--", alpha=0.7)
        ax.annotate(row["method"], (1.0, row[metric]), xycoords=("axes fraction", "data"),
                    xytext=(-2, 2), textcoords="offset points", ha="right", fontsize=7,
                    color=KIND_COLORS["published"])
    if len(timed):
        ax.set_xscale("log")
    ax.set_xlabel("documents per second (log scale; higher is faster)")
    ax.set_ylabel(_LABELS.get(metric, metric))
    ax.set_title(title or f"Quality vs speed ({_LABELS.get(metric, metric)}, 95% CI)")
    ax.grid(True, alpha=0.3)
    return _save(fig, path)


def length_distribution(lengths: Mapping[str, Sequence[float]], path: str | Path | None = None,
                        kinds: Mapping[str, str] | None = None, title: str | None = None) -> Any:
    """Box plot of summary lengths in words, one box per system (``name -> word counts``;
    include ``"reference"`` to show the references' lengths)."""
    names = [n for n, v in lengths.items() if len(v)]
    fig = _figure(7, 0.6 + 0.28 * max(len(names), 3))
    ax = fig.add_subplot()
    if names:
        box = ax.boxplot([list(lengths[n]) for n in names], orientation="horizontal",
                         patch_artist=True, showfliers=True, flierprops={"markersize": 2})
        for patch, name in zip(box["boxes"], names):
            kind = (kinds or {}).get(name, "reference" if name == "reference" else "ours")
            patch.set_facecolor(KIND_COLORS.get(kind, "#cccccc"))
            patch.set_alpha(0.6)
        ax.set_yticks(range(1, len(names) + 1), names, fontsize=8)
        ax.invert_yaxis()
    ax.set_xlabel("summary length (words)")
    ax.set_title(title or "Summary length distribution")
    ax.grid(True, axis="x", alpha=0.3)
    return _save(fig, path)


def metric_bars(table: Any, metrics: Sequence[str] = ("rouge1", "rouge2", "rougeLsum"),
                path: str | Path | None = None, title: str | None = None) -> Any:
    """Horizontal bars per system for each metric, with the confidence interval as error bars,
    sorted by the first metric."""
    import numpy as np

    data = table.sort_values(metrics[0], ascending=True)
    n = len(data)
    fig = _figure(7, 0.8 + 0.22 * max(n, 3) * max(1, len(metrics)) / 1.6)
    ax = fig.add_subplot()
    height = 0.8 / len(metrics)
    y = np.arange(n)
    shades = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    for k, metric in enumerate(metrics):
        vals = data[metric].to_numpy(float)
        lo = vals - data[f"{metric}_lo"].to_numpy(float)
        hi = data[f"{metric}_hi"].to_numpy(float) - vals
        ax.barh(y + k * height, vals, height, xerr=[lo, hi], capsize=2,
                color=shades[k % len(shades)], label=_LABELS.get(metric, metric),
                error_kw={"elinewidth": 0.8})
    labels = [f"{m}" + (" *" if kind == "published" else "")
              for m, kind in zip(data["method"], data["kind"])]
    ax.set_yticks(y + height * (len(metrics) - 1) / 2, labels, fontsize=8)
    ax.set_xlabel("F1 x 100 (95% bootstrap CI); * published system output")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title or "ROUGE by system")
    ax.grid(True, axis="x", alpha=0.3)
    return _save(fig, path)


def save_all(table: Any, lengths: Mapping[str, Sequence[float]], out_dir: str | Path,
             kinds: Mapping[str, str] | None = None, prefix: str = "") -> dict[str, Path]:
    """The three plots as PNGs in ``out_dir``; returns ``{plot name: path}``."""
    out = Path(out_dir)
    paths = {"quality_vs_speed": out / f"{prefix}quality_vs_speed.png",
             "lengths": out / f"{prefix}lengths.png",
             "rouge_bars": out / f"{prefix}rouge_bars.png"}
    quality_vs_speed(table, path=paths["quality_vs_speed"])
    length_distribution(lengths, path=paths["lengths"], kinds=kinds)
    metric_bars(table, path=paths["rouge_bars"])
    return paths
