"""Read an article from a file, a URL (fetched only when given) or standard input.

Everything read is untrusted: files and pages over ``MAX_BYTES`` are refused before they are
read whole, a URL gets one total deadline (not a per-read timeout, which a server sending a
byte a second never trips), an unknown or wrong charset falls back to UTF-8 / Windows-1252,
and a binary body (PDF, image, octet-stream) is a clear error instead of garbage text.

Example:
    >>> read_source("examples/article.txt")[:10]  # doctest: +SKIP
    'The city c'
"""

from __future__ import annotations

import codecs
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

__all__ = ["read_source", "fetch_url", "decode_bytes", "hub_reachable", "MAX_BYTES"]

#: Files, pages and standard input larger than this are refused.
MAX_BYTES = 10_000_000
_TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss",
               "application/atom", "application/json", "application/ld+json")


def read_source(source: str, timeout: float = 20.0) -> str:
    """Text of ``source``: ``-`` reads stdin, ``http(s)://`` fetches, anything else is a path."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if hasattr(sys.stdin, "buffer") else None
        if data is None:
            text = sys.stdin.read(MAX_BYTES + 1)
            if len(text) > MAX_BYTES:
                raise ValueError(f"standard input is larger than {MAX_BYTES:,} characters")
            return text
        _check_size(len(data), "standard input")
        return decode_bytes(data, "standard input")
    if source.startswith(("http://", "https://")):
        return fetch_url(source, timeout=timeout)
    path = Path(source)
    if not path.is_file():
        raise OSError(f"no such file: {source}")
    _check_size(path.stat().st_size, source)
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    _check_size(len(data), source)
    return decode_bytes(data, source)


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise ValueError(f"{name} is larger than {MAX_BYTES:,} bytes; summarize a smaller "
                         "part (one article or chapter at a time)")


def fetch_url(url: str, timeout: float = 20.0) -> str:
    """Fetch a page within ``timeout`` seconds in all (connecting, headers and body together).

    Offline, unreachable, too slow, too large or not text: an ``OSError`` / ``ValueError``
    that says which.
    """
    if not timeout or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    box: dict[str, object] = {}
    deadline = time.monotonic() + timeout
    worker = threading.Thread(target=_fetch_into, args=(url, deadline, box), daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if worker.is_alive() or isinstance(box.get("error"), _Deadline):
        got = box.get("got", 0)
        raise OSError(f"could not fetch {url}: no complete answer within {timeout:g} s "
                      f"({got:,} bytes received); the server is too slow or stalled. Save the "
                      "page and pass the file path, or raise --timeout.")
    error = box.get("error")
    if isinstance(error, BaseException):
        if isinstance(error, ValueError):
            raise error
        reason = getattr(error, "reason", error)
        raise OSError(
            f"could not fetch {url}: {reason}. Are you offline? Save the page and pass the file "
            "path instead."
        ) from None
    data, content_type, charset = box["result"]  # type: ignore[misc]
    _check_binary(data, content_type, url)
    return decode_bytes(data, url, charset)


class _Deadline(Exception):
    pass


def _fetch_into(url: str, deadline: float, box: dict) -> None:
    """Worker: fetch ``url`` reading one socket chunk at a time until ``deadline``."""
    request = urllib.request.Request(url, headers={"User-Agent": "summarize/0.1 (+python)"})
    try:
        left = deadline - time.monotonic()
        with urllib.request.urlopen(request, timeout=max(0.1, left)) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit():
                _check_size(int(length), url)
            chunks, got = [], 0
            while True:
                if time.monotonic() > deadline:
                    box["got"] = got
                    raise _Deadline()
                chunk = response.read1(65536)
                if not chunk:
                    break
                got += len(chunk)
                box["got"] = got
                _check_size(got, url)
                chunks.append(chunk)
            box["result"] = (b"".join(chunks), response.headers.get_content_type(),
                             response.headers.get_content_charset())
    except BaseException as exc:  # handed to the caller's thread
        box["error"] = exc


def _check_binary(data: bytes, content_type: str, url: str) -> None:
    """A clear error for bodies that are not text: PDFs, images, octet-streams, NUL bytes."""
    ctype = (content_type or "").lower()
    if ctype == "application/pdf" or data[:5] == b"%PDF-":
        raise ValueError(f"{url} is a PDF, not a web page; convert it to text first "
                         "(e.g. pdftotext) and pass the text file")
    textual = not ctype or ctype.startswith(_TEXT_TYPES) or ctype.endswith(("+xml", "+json"))
    if not textual or b"\x00" in data[:4096]:
        raise ValueError(f"{url} returned {ctype or 'binary data'} ({len(data):,} bytes), not "
                         "text or HTML; download it and pass a text file")


def decode_bytes(data: bytes, name: str, charset: str | None = None) -> str:
    """Text of ``data``: the declared ``charset`` when Python knows it, else UTF-8, else
    Windows-1252 (what mislabelled Latin-1 pages use); binary data is a ``ValueError``.

    Example:
        >>> decode_bytes("café".encode("latin-1"), "page", charset="no-such-charset")
        'café'
    """
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError(f"{name} looks like a binary file, not text")
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    if charset:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass  # mislabelled: try the usual suspects
    for encoding in ("utf-8-sig", "utf-16") if data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


_REACHABLE: dict[str, tuple[float, bool]] = {}


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face hub answers a TCP connection within ``timeout`` seconds
    (name lookup included); False at once when ``HF_HUB_OFFLINE`` is set. Cached for a minute,
    so offline code fails fast instead of spending ~25 s in retries.

    Example:
        >>> isinstance(hub_reachable(0.5), bool)
        True
    """
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    host = urllib.parse.urlparse(endpoint).hostname or "huggingface.co"
    cached = _REACHABLE.get(host)
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    result: dict[str, bool] = {}

    def probe() -> None:
        try:
            with socket.create_connection((host, 443), timeout=timeout):
                result["ok"] = True
        except OSError:
            result["ok"] = False

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)  # getaddrinfo has no timeout of its own
    ok = result.get("ok", False)
    _REACHABLE[host] = (time.monotonic(), ok)
    return ok


_decode = decode_bytes  # the name explorer.py imports
