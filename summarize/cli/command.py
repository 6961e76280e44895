"""Command line: ``python -m summarize FILE|URL|-`` summarizes one article.

Subcommands (``eval``, ``bench``, ...) live in their own modules and are dispatched from here.

Example:
    $ python -m summarize examples/article.txt --method auto --sentences 3
    $ cat article.txt | python -m summarize - --words 60 --json
"""

from __future__ import annotations

import argparse
import json
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
        description="Summarize a news article (a file, a URL, or - for standard input).",
        epilog="Subcommands: " + (", ".join(sorted(SUBCOMMANDS)) or "none")
        + ". Run 'python -m summarize SUBCOMMAND --help'.",
    )
    p.add_argument("source", nargs="?", help="file path, http(s) URL, or - for stdin")
    p.add_argument("-m", "--method", default="auto", help="method name or model id/path (default: auto)")
    length = p.add_argument_group("length (default: 3 sentences)")
    length.add_argument("-s", "--sentences", type=int, help="at most this many sentences")
    length.add_argument("-w", "--words", type=int, help="at most this many words")
    length.add_argument("-r", "--ratio", type=float, help="at most this share of the sentences")
    p.add_argument("--no-clean", action="store_true", help="do not strip markup/boilerplate")
    p.add_argument("--json", action="store_true", help="print the summary and provenance as JSON")
    p.add_argument("--list-methods", action="store_true", help="list the methods and exit")
    p.add_argument("--timeout", type=float, default=20.0, help="URL fetch timeout in seconds")
    return p


def main(argv: Sequence[str] | None = None) -> int:
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
    from ..api import summarize
    from ..text.fetch import read_source

    try:
        text = read_source(args.source, timeout=args.timeout)
        result = summarize(text, method=args.method, sentences=args.sentences,
                           words=args.words, ratio=args.ratio, clean=not args.no_clean)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        print(result.text)
    return 0


def _dispatch(name: str, argv: list[str]) -> int:
    from importlib import import_module

    module, func = SUBCOMMANDS[name].split(":")
    handler: Callable[[list[str]], int] = getattr(import_module(module), func)
    return handler(argv)
