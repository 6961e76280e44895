"""Command line: ``python -m summarize FILE|URL|-`` summarizes one article;
``python -m summarize FOLDER|GLOB|FILE... [--csv out.csv]`` summarizes many pages into a table.

Subcommands (``eval``, ``bench``, ...) live in their own modules and are dispatched from here.

Example:
    $ python -m summarize examples/article.txt --method auto --sentences 3
    $ cat article.txt | python -m summarize - --words 60 --json
    $ python -m summarize saved_pages/ --csv summaries.csv
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable, Sequence

__all__ = ["main"]

# subcommand name -> "module:function" taking argv and returning an exit code
SUBCOMMANDS: dict[str, str] = {
    "bench": "summarize.cli.bench:main",
    "eval": "summarize.cli.evaluate:main",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m summarize",
        description="Summarize a news article (a file, a URL, or - for standard input), or many "
                    "pages (a folder, a glob, several files or URLs) into a table.",
        epilog="Subcommands: " + (", ".join(sorted(SUBCOMMANDS)) or "none")
        + ". Run 'python -m summarize SUBCOMMAND --help'.",
    )
    p.add_argument("source", nargs="*",
                   help="file path, http(s) URL, or - for stdin; or a folder, a glob "
                        "('pages/*.html') or several of them for a table")
    p.add_argument("-m", "--method", default="auto", help="method name or model id/path (default: auto)")
    from ..text.length import DEFAULT_LENGTH_TEXT

    length = p.add_argument_group(f"length (default: {DEFAULT_LENGTH_TEXT})")
    length.add_argument("-s", "--sentences", type=int, help="at most this many sentences")
    length.add_argument("-w", "--words", type=int, help="at most this many words")
    length.add_argument("-r", "--ratio", type=float, help="at most this share of the sentences")
    p.add_argument("--no-clean", action="store_true", help="do not strip markup/boilerplate")
    p.add_argument("--json", action="store_true", help="print the summary and provenance as JSON "
                   "(many pages: one JSON record per line)")
    p.add_argument("--csv", metavar="FILE", help="many pages: write the table (input, url, "
                   "title, date, summary, ...) as CSV to FILE (- for standard output)")
    p.add_argument("--list-methods", action="store_true", help="list the methods and exit")
    p.add_argument("--timeout", type=float, default=20.0, help="URL fetch timeout in seconds")
    return p


# exit status when the reader of our output went away (``... | head -1``): 128 + SIGPIPE, as a
# Unix tool killed by the signal would report
EXIT_CLOSED_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; quiet when stdout is a pipe whose reader has gone (exit 141)."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
    except BrokenPipeError:
        # Python's documented recipe: point stdout at devnull so the final flush at exit does
        # not raise again and print "Exception ignored ... BrokenPipeError"
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_CLOSED_PIPE
    return code


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return _dispatch(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    from ..methods.registry import list_methods

    if args.list_methods:
        for m in list_methods():
            aliases = f" (also {', '.join(m.aliases)})" if m.aliases else ""
            print(f"{m.name:<14} {m.kind:<12} {m.origin:<28} {m.description}{aliases}")
        return 0
    if not args.source:
        build_parser().print_usage(sys.stderr)
        print("error: give a FILE, a URL, or - for standard input", file=sys.stderr)
        return 2
    sources = list(args.source)
    if len(sources) > 1 or args.csv or _is_many(sources[0]):
        return _many(args, sources)
    from ..api import summarize_many
    from ..text.fetch import read_source

    source = sources[0]
    try:
        text = read_source(source, timeout=args.timeout)
        url = source if source.startswith(("http://", "https://")) else ""
        result = summarize_many([text], method=args.method, sentences=args.sentences,
                                words=args.words, ratio=args.ratio, clean=not args.no_clean,
                                progress=False, urls=[url])[0]
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"error: {result.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        print(result.text)
    return 0


def _is_many(source: str) -> bool:
    import glob

    if source == "-" or source.startswith(("http://", "https://")):
        return False
    return os.path.isdir(source) or (glob.has_magic(source) and not os.path.exists(source))


def _many(args: argparse.Namespace, sources: list[str]) -> int:
    """Many pages: a table (CSV), JSON lines, or one block per page; exit 1 when none worked."""
    from ..pages import PAGE_SUFFIXES, expand_inputs, summarize_pages

    if "-" in sources:
        print("error: '-' (standard input) cannot be mixed with other sources", file=sys.stderr)
        return 2
    for source in sources:
        if os.path.isdir(source) and not expand_inputs(source):
            print(f"error: {source} is a directory with no page files "
                  f"({', '.join(PAGE_SUFFIXES)}); give one article file, a URL, a folder or "
                  "glob of saved pages, or - for standard input", file=sys.stderr)
            return 2
    try:
        results = summarize_pages(sources, method=args.method, sentences=args.sentences,
                                  words=args.words, ratio=args.ratio, timeout=args.timeout,
                                  progress=False)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.csv:
        text = results.to_csv()
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            with open(args.csv, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            print(f"wrote {len(results)} rows to {args.csv}", file=sys.stderr)
    elif args.json:
        for r in results:
            print(json.dumps({"input": r.input, **r.summary.to_record()}, ensure_ascii=False))
    else:
        for r in results:
            row = r.row()
            head = " \u00b7 ".join(x for x in (row["title"], row["date"], row["url"]) if x)
            print(f"== {r.input}" + (f"\n   {head}" if head else ""))
            print(row["summary"] if r.ok else f"error: {row['error']}")
            print()
    for r in results:
        if not r.ok:
            print(f"error: {r.input}: {r.row()['error']}", file=sys.stderr)
    return 0 if any(r.ok for r in results) else 1


def _dispatch(name: str, argv: list[str]) -> int:
    from importlib import import_module

    module, func = SUBCOMMANDS[name].split(":")
    handler: Callable[[list[str]], int] = getattr(import_module(module), func)
    return handler(argv)
