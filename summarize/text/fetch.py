"""Read an article from a file, a URL (fetched only when given) or standard input.

Example:
    >>> read_source("examples/article.txt")[:10]  # doctest: +SKIP
    'The city c'
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["read_source", "fetch_url"]

MAX_BYTES = 10_000_000


def read_source(source: str, timeout: float = 20.0) -> str:
    """Text of ``source``: ``-`` reads stdin, ``http(s)://`` fetches, anything else is a path."""
    if source == "-":
        return sys.stdin.read()
    if source.startswith(("http://", "https://")):
        return fetch_url(source, timeout=timeout)
    path = Path(source)
    if not path.is_file():
        raise OSError(f"no such file: {source}")
    return _decode(path.read_bytes()[:MAX_BYTES], source)


def fetch_url(url: str, timeout: float = 20.0) -> str:
    """Fetch a page; offline or unreachable gives an ``OSError`` that says so."""
    request = urllib.request.Request(url, headers={"User-Agent": "summarize/0.1 (+python)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES)
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OSError(
            f"could not fetch {url}: {reason}. Are you offline? Save the page and pass the file "
            "path instead."
        ) from None
    return data.decode(charset, errors="replace")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in data[:4096]:
            raise ValueError(f"{name} looks like a binary file, not text") from None
        return data.decode("latin-1")
