"""``summarize_pages``: a folder, a glob, or a list of files and URLs in; one result per page
out, in order, with a table (``to_frame()``) and a CSV export.

Each input is read as ``read_source`` reads it (size cap, charset fallback, binary refused; a
URL is fetched within one deadline), an HTML page becomes its article and metadata, and the
texts go through ``summarize_many``: a file that cannot be read or is not an article is an error
row naming the problem; the others are summarized.

Example:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Rain fell all night. The river rose. Roads shut.")
    >>> _ = (folder / "b.txt").write_text("")
    >>> results = summarize_pages(folder, sentences=1, progress=False)
    >>> [(pathlib.Path(r.input).name, r.ok) for r in results]
    [('a.txt', True), ('b.txt', False)]
    >>> results[0].summary.text
    'Rain fell all night.'
"""

from __future__ import annotations

import csv
import glob as globlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .api import summarize_many
from .methods.base import Summarizer
from .summary import Summary, SummaryError
from .text.escaping import csv_safe
from .text.fetch import read_source

__all__ = ["summarize_pages", "expand_inputs", "read_pages", "PageResult", "PageResults",
           "PAGE_SUFFIXES"]

#: files a folder contributes (others, e.g. images, are left out of a folder listing)
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md")
_COLUMNS = ("input", "url", "title", "byline", "date", "site_name", "language", "summary",
            "n_words", "method", "error")


@dataclass(frozen=True)
class PageResult:
    """One input's outcome: ``summary`` (a ``Summary`` or a ``SummaryError``)."""

    input: str
    summary: Summary | SummaryError

    @property
    def ok(self) -> bool:
        return bool(self.summary.ok)

    def row(self) -> dict[str, Any]:
        """The table row: input, page metadata, summary text, words, method, error."""
        s = self.summary
        page = getattr(s, "page", None)
        is_url = self.input.startswith(("http://", "https://"))
        return {
            "input": self.input,
            "url": (page.url if page is not None and page.url else
                    (self.input if is_url else "")),
            "title": page.title if page is not None else "",
            "byline": page.byline if page is not None else "",
            "date": page.date if page is not None else "",
            "site_name": page.site_name if page is not None else "",
            "language": page.language if page is not None else "",
            "summary": s.text if isinstance(s, Summary) else "",
            "n_words": s.n_words if isinstance(s, Summary) else None,
            "method": s.method,
            "error": "" if isinstance(s, Summary) else f"{s.error_type}: {s.message}",
        }


class PageResults(list):
    """The results of ``summarize_pages``, in input order (a list of ``PageResult``)."""

    def rows(self) -> list[dict[str, Any]]:
        return [r.row() for r in self]

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per input (columns: ``input``, ``url``, ``title``,
        ``byline``, ``date``, ``site_name``, ``language``, ``summary``, ``n_words``, ``method``,
        ``error``)."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(_COLUMNS))

    def to_csv(self, path: str | os.PathLike | None = None) -> str:
        """The table as CSV (every text cell through ``csv_safe``, as the bench tables: a
        cell a spreadsheet would run as a formula gets a leading apostrophe); written to
        ``path`` when given. Returns the CSV text."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in self.rows():
            writer.writerow({k: ("" if v is None else csv_safe(v)) for k, v in row.items()})
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def expand_inputs(inputs: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """The list of files and URLs that ``inputs`` names, in order: a folder gives its page files
    (``PAGE_SUFFIXES``, sorted by name; not recursive), a glob pattern its matches (sorted), a
    URL or a file itself. A name that matches nothing stays in the list (it becomes an error
    row).

    Example:
        >>> expand_inputs(["https://example.org/a", "no/such/file.html"])
        ['https://example.org/a', 'no/such/file.html']
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    elif isinstance(inputs, (bytes, bytearray)):
        raise TypeError("summarize_pages expects paths or URLs, not bytes")
    out: list[str] = []
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"summarize_pages expects paths or URLs (str), got "
                            f"{type(item).__name__}")
        name = os.fspath(item)
        if name.startswith(("http://", "https://")):
            out.append(name)
        elif os.path.isdir(name):
            found = sorted(str(p) for p in Path(name).iterdir()
                           if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            out.extend(found)
        elif globlib.has_magic(name) and not os.path.exists(name):
            out.extend(sorted(p for p in globlib.glob(name) if os.path.isfile(p)))
        else:
            out.append(name)
    return out


def summarize_pages(
    inputs: str | os.PathLike | Iterable[str | os.PathLike],
    method: str | Summarizer = "auto",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    timeout: float = 20.0,
    progress: bool = True,
    **params: Any,
) -> PageResults:
    """Summarize every page that ``inputs`` names (a folder, a glob such as
    ``"saved/*.html"``, a URL, a file, or a list of them; see ``expand_inputs``). Results come
    in input order; one that cannot be read or summarized is an error row. Length arguments are
    those of ``summarize()``; ``timeout`` is each URL's fetch deadline.
    """
    rows = read_pages(inputs, timeout=timeout)
    results = summarize_many([r["text"] for r in rows], method=method, sentences=sentences,
                             words=words, ratio=ratio, progress=progress,
                             urls=[r["url"] for r in rows], **params)
    out = PageResults()
    for i, (row, result) in enumerate(zip(rows, results)):
        if row["read_error"]:
            kind, _, message = row["read_error"].partition(": ")
            result = SummaryError(i, kind, message)
        out.append(PageResult(row["input"], result))
    return out


def read_pages(inputs: str | os.PathLike | Iterable[str | os.PathLike],
               timeout: float = 20.0) -> list[dict[str, Any]]:
    """One row per page that ``inputs`` names (``expand_inputs``), in order: ``input`` (the
    path or URL), ``url`` (the URL, "" for a file), ``text`` (the page as read; None when it
    could not be) and ``read_error`` ("ErrorType: message", or "" when read). Ray's
    ``to_dataset`` and the benchmark read pages through this.

    Example:
        >>> read_pages(["no/such/page.html"])[0]["read_error"]
        'OSError: no such file: no/such/page.html'
    """
    names = expand_inputs(inputs)
    if not names:
        raise ValueError(f"no pages found in {inputs!r} (a folder gives its "
                         f"{', '.join(PAGE_SUFFIXES)} files)")
    rows = []
    for name in names:
        text, error = None, ""
        try:
            text = read_source(name, timeout=timeout)
        except (OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        rows.append({"input": name, "url": name if name.startswith(("http://", "https://"))
                     else "", "text": text, "read_error": error})
    return rows

