"""Benchmark tables as Markdown: one row per system, ROUGE with confidence intervals, support,
extractiveness, length, speed and memory; and the run's own ``report.md``.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame([{"method": "lead3", "kind": "ours", "n_docs": 2, "rouge1": 40.0,
    ...                    "rouge1_lo": 38.0, "rouge1_hi": 42.0}])
    >>> print(markdown_table(t, ["method", "rouge1"]))
    | method | R-1 |
    |---|---:|
    | lead3 | 40.0 [38.0, 42.0] |
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..text.escaping import csv_safe

__all__ = ["markdown_table", "DEFAULT_COLUMNS", "environment_lines", "skipped_lines",
           "length_text", "write_report", "compose_page", "md_text", "csv_safe", "write_table_csv"]

# column -> header; a column missing from the table is left out
DEFAULT_COLUMNS: dict[str, str] = {
    "method": "method",
    "kind": "kind",
    "n_docs": "docs",
    "rouge1": "R-1",
    "rouge2": "R-2",
    "rougeLsum": "R-Lsum",
    "supported": "supported",
    "dangling": "dangling",
    "coverage": "coverage",
    "density": "density",
    "novel_bigrams": "novel 2-grams",
    "words_mean": "words",
    "latency_p50_s": "p50 ms",
    "latency_p95_s": "p95 ms",
    "docs_per_s": "docs/s",
    "load_s": "load s",
    "peak_mem_mb": "peak RSS MB",
}
_RIGHT = set(DEFAULT_COLUMNS) - {"method", "kind"}


# inline Markdown syntax (emphasis, code, links, tables, strike-through); '#', '-', '+' and
# "1." only act at the start of a line, and no value starts one here
_MD_SPECIAL = set("\\`*_[]()|~")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def md_text(value: Any) -> str:
    """``value`` as inert Markdown/HTML text: HTML metacharacters as entities, Markdown
    metacharacters backslash-escaped, line breaks and control characters as spaces (a cell or
    bullet stays one line).

    Example:
        >>> print(md_text("<img src=x onerror=alert(1)> *x* | [a](b)"))
        &lt;img src=x onerror=alert\\(1\\)&gt; \\*x\\* \\| \\[a\\]\\(b\\)
    """
    out = []
    for ch in str(value):
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch < " " or "\x7f" <= ch < "\xa0" or ch in "\u2028\u2029":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def write_table_csv(table: Any, path: str | Path) -> Path:
    """Write the benchmark table as CSV with every text cell (and header) through
    ``csv_safe``."""
    from pandas.api.types import is_numeric_dtype

    safe = table.copy()
    for col in safe.columns:
        if not is_numeric_dtype(safe[col]):  # object or string columns
            safe[col] = safe[col].map(csv_safe)
    safe.columns = [csv_safe(str(c)) for c in safe.columns]
    from ..safe_files import atomic_write

    return atomic_write(Path(path), safe.to_csv(index=False).encode("utf-8"))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _cell(row: Mapping[str, Any], col: str) -> str:
    value = row.get(col)
    if _missing(value):
        return "–"
    if col.startswith("rouge"):
        lo, hi = row.get(f"{col}_lo"), row.get(f"{col}_hi")
        if _missing(lo) or _missing(hi):
            return f"{value:.1f}"
        return f"{value:.1f} [{lo:.1f}, {hi:.1f}]"
    if col in ("latency_p50_s", "latency_p95_s"):
        ms = value * 1000
        return f"{ms:.1f}" if ms < 100 else f"{ms:,.0f}"
    if col == "docs_per_s":
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    if col in ("supported", "coverage", "novel_bigrams", "dangling"):
        return f"{value:.2f}"
    if col == "density":
        return f"{value:.1f}"
    if col == "words_mean":
        return f"{value:.0f}"
    if col == "load_s":
        return f"{value:.2f}"
    if col == "peak_mem_mb":
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:.3g}"
    return md_text(value)


def markdown_table(table: Any, columns: Sequence[str] | None = None) -> str:
    """The table as GitHub Markdown; ROUGE cells read ``value [low, high]``, missing values
    ``–`` (published systems have no speed measured here)."""
    cols = [c for c in (columns or DEFAULT_COLUMNS) if c in table.columns]
    head = "| " + " | ".join(DEFAULT_COLUMNS.get(c) or md_text(c) for c in cols) + " |"
    rule = "|" + "|".join("---:" if c in _RIGHT else "---" for c in cols) + "|"
    rows = [head, rule]
    for rec in table.to_dict("records"):
        rows.append("| " + " | ".join(_cell(rec, c) for c in cols) + " |")
    return "\n".join(rows)


def environment_lines(env: Mapping[str, Any]) -> list[str]:
    """Machine and library versions as Markdown bullet lines."""
    versions = ", ".join(f"{md_text(k)} {md_text(v)}"
                         for k, v in dict(env.get("versions", {})).items())
    return [f"- CPU: {md_text(env.get('cpu', '?'))} ({md_text(env.get('cpu_count', '?'))} "
            f"logical cores), {md_text(env.get('platform', '?'))}",
            f"- Python {md_text(env.get('python', '?'))}; {versions}"]


def length_text(config: Mapping[str, Any]) -> str:
    """The run's length request in words: ``"sentences=1"``, or the default length.

    Example:
        >>> length_text({"length": {"words": 75, "default_length": True}})
        'the default: a paragraph of at most 75 words'
    """
    from ..text.length import DEFAULT_LENGTH_TEXT

    length = dict(config.get("length", {}))
    if length.pop("default_length", False):
        return f"the default: {DEFAULT_LENGTH_TEXT}"
    return ", ".join(f"{md_text(k)}={md_text(v)}" for k, v in length.items()) \
        or f"the default: {DEFAULT_LENGTH_TEXT}"


def skipped_lines(config: Mapping[str, Any], limit: int = 10) -> list[str]:
    """The corpus rows the run skipped, one bullet each (the first ``limit``)."""
    skipped = config.get("corpus", {}).get("skipped", [])
    lines = [f"- line {md_text(line)}" + (f" (id {md_text(doc_id)})" if doc_id else "")
             + f": {md_text(reason)}" for line, doc_id, reason in skipped[:limit]]
    if len(skipped) > limit:
        lines.append(f"- … and {len(skipped) - limit} more")
    return lines


def write_report(out_dir: str | Path, table: Any, config: Mapping[str, Any],
                 plots: Mapping[str, Path] | None = None, notes: Sequence[str] = ()) -> Path:
    """``report.md`` in ``out_dir``: corpus, settings, table, plots, environment."""
    out = Path(out_dir)
    corpus = config.get("corpus", {})
    length = length_text(config)
    lines = [f"# Benchmark: {md_text(corpus.get('name', '?'))}", "",
             f"- Corpus: {md_text(corpus.get('origin', '?'))}, "
             f"{md_text(corpus.get('n_docs', '?'))} documents "
             f"({md_text(corpus.get('selection', 'all'))}), "
             f"{len(corpus.get('skipped', []))} rows skipped",
             f"- Length request: {length}",
             *notes, "", markdown_table(table), ""]
    if corpus.get("skipped"):
        lines += ["## Skipped corpus rows", "", *skipped_lines(config, limit=50), ""]
    for name, path in (plots or {}).items():
        rel = Path(path).relative_to(out) if Path(path).is_relative_to(out) else Path(path)
        lines.append(f"![{md_text(name)}]({_url_path(rel.as_posix())})")
    lines += ["", "## Environment", "", *environment_lines(config.get("environment", {})), ""]
    from ..safe_files import atomic_write

    return atomic_write(out / "report.md", "\n".join(lines).encode("utf-8"))


def compose_page(sections: Sequence[tuple[str, Path, Sequence[str]]], markdown: Path,
                 plot_dir: Path, title: str = "Benchmarks", intro: Sequence[str] = ()) -> Path:
    """A Markdown page (e.g. BENCHMARKS.md) from finished run folders: per section its notes,
    corpus line, table and plots (copied into ``plot_dir`` as ``<run folder>_<plot>.png``), then the
    environment of the first run."""
    import re

    import pandas as pd

    from ..safe_files import atomic_write, load_json, open_read, read_bounded

    plot_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"# {title}", ""]
    for para in intro:
        lines += [para, ""]
    env: Mapping[str, Any] = {}
    for name, run_dir, notes in sections:
        table_path, config_path = run_dir / "table.csv", run_dir / "config.json"
        if not table_path.exists():
            raise FileNotFoundError(f"{table_path} not found: run 'python -m summarize bench' "
                                    f"with --out {run_dir} first")
        config = load_json(read_bounded(config_path, 256 * 1024 * 1024))
        env = env or config.get("environment", {})
        table = pd.read_csv(table_path)
        corpus = config.get("corpus", {})
        length = length_text(config)
        lines += [f"## {md_text(name)}", ""]
        for para in notes:
            lines += [para, ""]  # the page author's own Markdown
        lines += [f"Corpus {md_text(Path(str(corpus.get('origin', '?'))).name)}: "
                  f"{md_text(corpus.get('n_docs'))} documents "
                  f"({md_text(corpus.get('selection', 'all'))}); length request: {length}.", "",
                  markdown_table(table), ""]
        slug = re.sub(r"[^a-z0-9]+", "_", run_dir.resolve().name.lower()).strip("_")
        for png in sorted((run_dir / "plots").glob("*.png")):
            target = plot_dir / f"{slug}_{png.name}"
            with open_read(png) as src:
                atomic_write(target, src.read())
            rel = Path(_relpath(target, markdown.parent))
            lines.append(f"![{md_text(name)}: {md_text(png.stem.replace('_', ' '))}]"
                         f"({_url_path(rel.as_posix())})")
        lines.append("")
    lines += ["## Machine and versions", "", *environment_lines(env), ""]
    return atomic_write(markdown, "\n".join(lines).encode("utf-8"))


def _url_path(path: str) -> str:
    """A relative file path as a Markdown link target (spaces, parentheses, markup quoted)."""
    from urllib.parse import quote

    return quote(path, safe="/._-")


def _relpath(path: Path, start: Path) -> str:
    import os

    return os.path.relpath(path.resolve(), start.resolve())
