"""``benchmark()``: run methods over a corpus, add published systems and peers, score
everything with the same code, write the table, report and plots, return a DataFrame.

Example:
    >>> from summarize.bench import benchmark  # doctest: +SKIP
    >>> table = benchmark("../shared/corpora/summeval.jsonl", ["lead3", "auto", "textrank"],
    ...                   out="runs/summeval", published="headline")  # doctest: +SKIP
    >>> table[["method", "rougeLsum", "docs_per_s"]]  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from ..methods.base import Summarizer
from ..methods.registry import get_summarizer, method_info
from .corpus import Corpus, load_corpus
from .published import published_records, system_kind, system_label
from .runner import read_run, run_benchmark

__all__ = ["benchmark", "tables_from_run"]


def benchmark(
    corpus: Corpus | str | Path,
    methods: Sequence[str | Summarizer],
    out: str | Path,
    *,
    published: str | Sequence[str] | None = "all",
    peers: Sequence[str] = (),
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    method_params: Mapping[str, Mapping[str, Any]] | None = None,
    batch_size: int = 8,
    memory: str = "rss",
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    references: str = "first",
    plots: bool = True,
    progress: bool = True,
    engine: str = "local",
    workers: int | None = None,
    **corpus_fields: Any,
) -> Any:
    """Benchmark ``methods`` (and ``peers``, e.g. ``["sumy-lsa"]``) on ``corpus``; returns the
    table as a ``pandas.DataFrame`` (one row per system) and writes ``out``/``table.csv``,
    ``report.md`` and the plots. Re-running with the same ``out`` resumes.

    Args:
        corpus: a ``Corpus`` or anything ``load_corpus`` reads (``corpus_fields`` are passed
            to it: ``source_field=...``, ``reference_field=...``).
        published: the corpus's published systems to include ("all", "headline" = M0/M22/M23,
            None, or a list of ids).
        references: "first" scores against the primary reference (the published convention);
            "all" uses every reference (best per metric).
        Other arguments: see ``run_benchmark``.
    """
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus, **corpus_fields)
    elif corpus_fields:
        raise TypeError("field options only apply when corpus is a path")
    if limit is not None:
        corpus = corpus.limit(limit)
    if sample is not None:
        corpus = corpus.sample(sample, seed)
    run_benchmark(corpus, list(methods) + list(peers), out, sentences=sentences, words=words,
                  ratio=ratio, clean=clean, method_params=method_params, batch_size=batch_size,
                  memory=memory, progress=progress, engine=engine, workers=workers)
    table, lengths, kinds = tables_from_run(out, corpus, published=published,
                                            references=references)
    from .runner import claim_run_folder, fs_errors

    out = claim_run_folder(out)

    with fs_errors(out):
        _write_outputs(out, table, lengths, kinds, plots)
    table.attrs.update(out=str(out), corpus=corpus.describe(),
                       skipped=[(s.line, s.id, s.reason) for s in corpus.skipped])
    return table


def _write_outputs(out: Path, table: Any, lengths: Mapping[str, Sequence[float]],
                   kinds: Mapping[str, str], plots: bool) -> None:
    """table.csv (formula-safe), the plots (a failure becomes a note) and report.md."""
    from .report import write_report, write_table_csv

    write_table_csv(table, out / "table.csv")
    plot_paths: dict[str, Path] = {}
    notes: list[str] = []
    if plots:
        from .plots import save_all

        from ..safe_files import safe_subfolder

        plot_dir = safe_subfolder(out, "plots")  # a link or a file there: refused
        try:
            plot_paths = save_all(table, lengths, plot_dir, kinds=kinds)
        except (ValueError, RuntimeError) as exc:  # a label matplotlib cannot draw, ...
            from .report import md_text

            notes.append(f"- Plots: not drawn ({md_text(type(exc).__name__)}: "
                         f"{md_text(str(exc).splitlines()[0][:200] if str(exc) else '')})")
    run = read_run(out)
    if run.quarantined:
        notes.append(f"- Run folder: {len(run.quarantined)} unusable output line(s) left out "
                     "(see quarantine.jsonl)")
    write_report(out, table, run.config, plot_paths, notes)


def tables_from_run(out: str | Path, corpus: Corpus, published: str | Sequence[str] | None = "all",
                    references: str = "first") -> tuple[Any, dict[str, list[int]], dict[str, str]]:
    """Score a run directory (plus the published systems): the table, the summary lengths per
    system (with ``"reference"``), and each system's kind."""
    from .scoring import score_records

    run = read_run(out)
    records = [r for r in run.records if r["method"] in run.methods]
    pub = published_records(corpus, published)
    sessions: dict[str, list[dict]] = {}
    for s in run.sessions:
        sessions.setdefault(s["method"], []).append(s)
    kinds = {m: _kind(m) for m in run.methods}
    labels = {}
    for r in pub:
        labels[r["method"]] = system_label(r["method"])
        kinds[labels[r["method"]]] = "published"
    pub = [dict(r, method=labels[r["method"]]) for r in pub]
    table = score_records(records + pub, corpus, kinds=kinds, sessions=sessions,
                          references=references, order=run.methods + list(dict.fromkeys(
                              r["method"] for r in pub)))
    table["system_type"] = [system_kind(m.split()[0]) if kinds.get(m) == "published"
                            else _method_type(m) for m in table["method"]]
    lengths: dict[str, list[int]] = {}
    for r in records + pub:
        if r.get("ok"):
            lengths.setdefault(r["method"], []).append(r["n_words"])
    from ..text.tokens import count_words

    lengths["reference"] = [count_words(d.reference) for d in corpus.docs]
    return table, lengths, kinds


def _kind(method: str) -> str:
    """The table's ``kind``: "ours" (built-in extractive), "model", "peer" or "plugin" (the
    registry's kind and origin)."""
    info = method_info(method)
    if info is not None and info.origin.startswith("peer"):
        return "peer"
    if info is not None and info.origin.startswith("plugin"):
        return "plugin"
    return "model" if _method_type(method) == "abstractive" else "ours"


def _method_type(method: str) -> str:
    """"extractive" or "abstractive": the method class's ``kind`` ("unknown" if unresolvable)."""
    info = method_info(method)
    if info is not None:
        return info.kind
    try:
        return get_summarizer(method).kind  # a model id or path: cheap, nothing loads
    except (TypeError, ValueError, ImportError):
        return "unknown"

