"""Command line: ``python -m summarize`` (``command``), ``bench`` and ``eval`` subcommands.

Example:
    $ python -m summarize examples/article.txt --sentences 2
"""

from __future__ import annotations

from .command import main

__all__ = ["main"]
