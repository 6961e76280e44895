"""Benchmark plots: quality vs speed, summary length distribution, per-metric bars with CIs.

Each function takes the benchmark table (``pandas.DataFrame``, one row per system) or the
per-document records, returns a matplotlib ``Figure`` (no pyplot state, so it works with any
backend and in scripts), and saves it when ``path`` is given: ``.svg`` as vector (for
notebooks), ``.png`` at 2x (for docs). Labels never overlap (systems are named in a legend
beside the axes, not next to their points), speed ticks read as plain numbers (``200``, ``1,000``
documents/s), and every label is plain text: a system id with ``$`` is never read as mathtext.
matplotlib is imported only here, only when a plot is asked for.

Example:
    >>> fig = metric_bars(table, path="bars.png")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping, Sequence

__all__ = ["quality_vs_speed", "length_distribution", "metric_bars", "save_all", "KIND_COLORS",
           "PNG_SCALE"]

KIND_COLORS = {"ours": "#1f77b4", "model": "#9467bd", "peer": "#ff7f0e", "published": "#7f7f7f",
               "reference": "#2ca02c"}
_LABELS = {"rouge1": "ROUGE-1 F1", "rouge2": "ROUGE-2 F1", "rougeL": "ROUGE-L F1",
           "rougeLsum": "ROUGE-Lsum F1"}


PNG_SCALE = 2  # PNGs are saved at twice the figure's nominal pixel size (sharp on HiDPI)
_DPI = 100
# one colour per system that ran here (tab10, colour-blind friendlier order), cycled
_SERIES = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")
_LINESTYLES = ("--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2)))


def _plain(fig: Any) -> Any:
    """Every text of ``fig`` as plain text: no mathtext, whatever the labels contain."""
    for text in fig.findobj(lambda a: hasattr(a, "set_parse_math")):
        text.set_parse_math(False)
    return fig


def _plain_number(value: float, _pos: Any = None) -> str:
    """Tick text without powers of ten: ``0.5``, ``20``, ``1,500``."""
    if value <= 0:
        return ""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _figure(width: float, height: float) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError('plots need matplotlib: pip install "summarize[benchmark]"') from None
    return Figure(figsize=(width, height), dpi=_DPI, layout="constrained")


def _save(fig: Any, path: str | Path | None) -> Any:
    _plain(fig)
    if path is not None:
        from ..safe_files import atomic_write

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".svg":
            atomic_write(path, writer=lambda f: fig.savefig(f, format="svg",
                                                            metadata={"Date": None}))
        else:  # through a fresh temporary file and a rename: a link there is never followed
            fmt = path.suffix.lower().lstrip(".") or "png"
            atomic_write(path, writer=lambda f: fig.savefig(f, format=fmt,
                                                            dpi=_DPI * PNG_SCALE))
    return fig


def quality_vs_speed(table: Any, metric: str = "rougeLsum", path: str | Path | None = None,
                     title: str | None = None,
                     published: Sequence[str] = ("M0", "M22", "M23")) -> Any:
    """Each method that ran here as a point (documents/s, log scale, vs ``metric`` with its CI);
    published systems, which have no speed measured here, as horizontal lines: those whose id
    is in ``published`` (Lead-3, BART, PEGASUS), or the first five when none is. Every system is
    named in the legend right of the axes, so no label sits on another."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    fig = _figure(8, 4.5)
    ax = fig.add_subplot()
    timed = table[table["docs_per_s"].notna()]
    for k, (_, row) in enumerate(timed.iterrows()):
        y = row[metric]
        err = [[y - row[f"{metric}_lo"]], [row[f"{metric}_hi"] - y]]
        ax.errorbar(row["docs_per_s"], y, yerr=err, fmt=_MARKERS[k % len(_MARKERS)],
                    color=_SERIES[k % len(_SERIES)], capsize=3, markersize=6,
                    label=f"{row['method']} ({_speed_text(row['docs_per_s'])})")
    rows = table[table["kind"] == "published"]
    chosen = rows[[str(m).split()[0] in published for m in rows["method"]]]
    for k, (_, row) in enumerate((chosen if len(chosen) else rows.head(5)).iterrows()):
        ax.axhline(row[metric], color=KIND_COLORS["published"], lw=1.0,
                   ls=_LINESTYLES[k % len(_LINESTYLES)], alpha=0.8,
                   label=f"{row['method']} (published output, no speed)")
    if len(timed):
        ax.set_xscale("log")
        lo, hi = float(timed["docs_per_s"].min()) / 1.6, float(timed["docs_per_s"].max()) * 1.6
        ax.set_xlim(lo, hi)
        # as many plain ticks as fit without touching: 1-2-5 over a short range, 1-3 or
        # decades over a long one
        decades = math.log10(hi / lo)
        subs = (1.0, 2.0, 5.0) if decades <= 2.5 else (1.0, 3.0) if decades <= 4.5 else (1.0,)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs))
        def tick(value: float, pos: Any = None) -> str:
            # no label at the very left edge, where it would run into the y tick labels
            lo_x, hi_x = ax.get_xlim()
            if value <= 0 or math.log(value / lo_x) < 0.04 * math.log(hi_x / lo_x):
                return ""
            return _plain_number(value)

        ax.xaxis.set_major_formatter(FuncFormatter(tick))
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("documents per second (log scale; higher is faster)")
    ax.set_ylabel(_LABELS.get(metric, metric))
    ax.set_title(title or f"Quality vs speed ({_LABELS.get(metric, metric)}, 95% CI)")
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False,
                  borderaxespad=0.0)
    return _save(fig, path)


def _speed_text(docs_per_s: float) -> str:
    """``"1,200 docs/s"`` or ``"4.1 ms/doc"``: the form that reads best for the value."""
    v = float(docs_per_s)
    if v >= 1000:
        return f"{1000.0 / v:.2f} ms/doc"
    return f"{_plain_number(v)} docs/s"


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
        ax.set_yticks(range(1, len(names) + 1), [str(n) for n in names], fontsize=8,
                      parse_math=False)
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
    labels = [str(m) + (" *" if kind == "published" else "")
              for m, kind in zip(data["method"], data["kind"])]
    ax.set_yticks(y + height * (len(metrics) - 1) / 2, labels, fontsize=8, parse_math=False)
    ax.set_xlabel("F1 x 100 (95% bootstrap CI); * published system output")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title or "ROUGE by system")
    ax.grid(True, axis="x", alpha=0.3)
    return _save(fig, path)


def save_all(table: Any, lengths: Mapping[str, Sequence[float]], out_dir: str | Path,
             kinds: Mapping[str, str] | None = None, prefix: str = "") -> dict[str, Path]:
    """The three plots in ``out_dir``, each as a 2x PNG (returned, ``{plot name: path}``, for
    the report) and as an SVG beside it (same name, ``.svg``; for notebooks)."""
    out = Path(out_dir)
    paths = {"quality_vs_speed": out / f"{prefix}quality_vs_speed.png",
             "lengths": out / f"{prefix}lengths.png",
             "rouge_bars": out / f"{prefix}rouge_bars.png"}
    figures = {"quality_vs_speed": quality_vs_speed(table),
               "lengths": length_distribution(lengths, kinds=kinds),
               "rouge_bars": metric_bars(table)}
    for name, fig in figures.items():
        _save(fig, paths[name])
        _save(fig, paths[name].with_suffix(".svg"))
    return paths
