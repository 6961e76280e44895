"""``python -m summarize bench``: benchmark methods on a corpus from the command line.

Examples:
    $ python -m summarize bench --corpus ../shared/corpora/summeval.jsonl \\
          --methods lead3,auto,textrank,gemma-270m --out runs/summeval
    $ python -m summarize bench --corpus ../shared/corpora/xsum_sample.jsonl --sentences 1 \\
          --methods lead,auto --peers all --sample 100 --seed 0 --out runs/xsum100
    $ python -m summarize bench publish --run "SummEval=runs/summeval" --markdown BENCHMARKS.md \\
          --plots docs/benchmarks

Re-running the same command resumes an interrupted run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m summarize bench",
        description="Run summarizers over a corpus: ROUGE with CIs, support, extractiveness, "
                    "speed and memory, beside the corpus's published systems. Resumable.",
        epilog="'python -m summarize bench publish --help' assembles BENCHMARKS.md from runs.")
    p.add_argument("--corpus", required=True,
                   help="JSONL/CSV file, save_to_disk folder, or hf:NAME (Hugging Face hub)")
    p.add_argument("--methods", default="lead3,auto,textrank",
                   help="comma-separated method names or model ids (default: lead3,auto,textrank)")
    p.add_argument("--peers", default="", help="sumy peers: comma list (sumy-lsa,...) or 'all'")
    p.add_argument("--published", default="all",
                   help="published systems: all (default), headline (M0,M22,M23), none, or ids")
    p.add_argument("--out", required=True, help="run folder (results, config, plots, report)")
    sel = p.add_argument_group("documents")
    sel.add_argument("--limit", type=int, help="use the first N documents")
    sel.add_argument("--sample", type=int, help="use a random sample of N documents")
    sel.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")
    fields = p.add_argument_group("corpus fields (detected when omitted)")
    fields.add_argument("--source-field")
    fields.add_argument("--reference-field", help="one column, or several comma-separated")
    fields.add_argument("--id-field")
    fields.add_argument("--format", choices=["jsonl", "csv", "tsv", "hf"])
    fields.add_argument("--split", help="data set split for hf: / save_to_disk sources")
    fields.add_argument("--config", dest="hf_config", help="data set configuration for hf:")
    length = p.add_argument_group("length (default: each method's default)")
    length.add_argument("-s", "--sentences", type=int)
    length.add_argument("-w", "--words", type=int)
    length.add_argument("-r", "--ratio", type=float)
    p.add_argument("--param", action="append", default=[], metavar="METHOD:KEY=VALUE",
                   help="a method setting, e.g. mmr:diversity=0.5 (repeatable)")
    p.add_argument("--batch-size", type=int, default=8, help="documents per model batch")
    p.add_argument("--memory", choices=["rss", "tracemalloc"], default="rss")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="run here (default) or on Ray: a local Ray, or the cluster of "
                        "RAY_ADDRESS (pip install \"summarize[ray]\")")
    p.add_argument("--workers", type=int, help="Ray workers per method (--engine ray)")
    p.add_argument("--references", choices=["first", "all"], default="first",
                   help="score against the primary reference (default) or all references")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def _params(items: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        method, sep, setting = item.partition(":")
        key, eq, raw = setting.partition("=")
        if not (sep and eq and method and key):
            raise ValueError(f"--param {item!r}: expected METHOD:KEY=VALUE, e.g. mmr:diversity=0.5")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out.setdefault(method, {})[key] = value
    return out


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "publish":
        return publish_main(argv[1:])
    args = _parser().parse_args(argv)
    from ..bench.corpus import load_corpus
    from ..methods.peers import available_peers
    from ..bench.report import markdown_table
    from ..bench.suite import benchmark

    try:
        peers = available_peers() if args.peers == "all" else _split(args.peers)
        ref_field: Any = args.reference_field
        if ref_field and "," in ref_field:
            ref_field = _split(ref_field)
        corpus = load_corpus(args.corpus, format=args.format, source_field=args.source_field,
                             reference_field=ref_field, id_field=args.id_field,
                             split=args.split, config=args.hf_config, limit=args.limit,
                             sample=args.sample, seed=args.seed)
        print(corpus.describe(), file=sys.stderr)
        for s in corpus.skipped[:20]:
            print(f"  skipped line {s.line}" + (f" ({s.id})" if s.id else "") + f": {s.reason}",
                  file=sys.stderr)
        if len(corpus.skipped) > 20:
            print(f"  ... and {len(corpus.skipped) - 20} more (see config.json)", file=sys.stderr)
        published = None if args.published == "none" else args.published
        table = benchmark(corpus, _split(args.methods), args.out, published=published,
                          peers=peers, sentences=args.sentences, words=args.words,
                          ratio=args.ratio, method_params=_params(args.param),
                          batch_size=args.batch_size, memory=args.memory,
                          engine=args.engine, workers=args.workers,
                          references=args.references,
                          plots=not args.no_plots, progress=not args.quiet)
    except (ValueError, TypeError, FileNotFoundError, ImportError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(markdown_table(table))
    print(f"\nresults: {Path(args.out) / 'outputs.jsonl'}; table: {Path(args.out) / 'table.csv'}; "
          f"report: {Path(args.out) / 'report.md'}", file=sys.stderr)
    return 0


def publish_main(argv: Sequence[str]) -> int:
    """``bench publish``: BENCHMARKS.md from finished runs (their table, config and plots)."""
    p = argparse.ArgumentParser(prog="python -m summarize bench publish",
                                description="Assemble a Markdown benchmark page from run folders.")
    p.add_argument("--run", action="append", required=True, metavar="TITLE=DIR",
                   help="a section: its title and run folder (repeatable, in order)")
    p.add_argument("--note", action="append", default=[], metavar="TITLE=TEXT",
                   help="a paragraph under a section's title (repeatable)")
    p.add_argument("--intro", action="append", default=[], help="a paragraph at the top")
    p.add_argument("--markdown", required=True, help="the page to write, e.g. BENCHMARKS.md")
    p.add_argument("--plots", required=True, help="folder for the plots, e.g. docs/benchmarks")
    p.add_argument("--title", default="Benchmarks")
    args = p.parse_args(argv)
    from ..bench.report import compose_page

    try:
        sections = []
        notes: dict[str, list[str]] = {}
        for item in args.note:
            title, _, text = item.partition("=")
            notes.setdefault(title, []).append(text)
        for item in args.run:
            title, eq, folder = item.partition("=")
            if not eq:
                raise ValueError(f"--run {item!r}: expected TITLE=DIR")
            sections.append((title, Path(folder), notes.get(title, [])))
        path = compose_page(sections, Path(args.markdown), Path(args.plots), args.title,
                            args.intro)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0
