"""``PageMeta``: what a web page says about itself, kept apart from the article body.

The body is what gets summarized; the title, byline, date, site name, URL and declared language
travel beside it (``Document.page``, ``Summary.page``, the record's ``"page"``) so that a
headline never becomes a summary sentence and a table of results can show where each came from.

Example:
    >>> meta = PageMeta(title="Budget passes", site_name="Town Crier", date="2026-03-02")
    >>> meta.header()
    'Budget passes · Town Crier · 2026-03-02'
    >>> PageMeta.from_record(meta.to_record()) == meta
    True
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["PageMeta"]

_MAX_FIELD = 2_000  # characters kept per text field (a page's <title> can be anything)


@dataclass(frozen=True)
class PageMeta:
    """Metadata of a web page, each field "" when the page does not say.

    Attributes:
        title: the article's headline (the page title without its " | Site" tail when the
            extractor can tell them apart).
        byline: the author(s), as the page gives them.
        date: the publication date the page declares (ISO ``YYYY-MM-DD`` when known).
        site_name: the publication's name.
        url: the page's address: the one it was fetched from, else the one it declares.
        language: the language the page declares (``<html lang>``), e.g. ``"en"``, ``"pt-BR"``.
        extractor: what produced the body, e.g. ``"trafilatura 2.3.1"``.
        notes: what was repaired or left out on the way (an unclosed comment, ...).
    """

    title: str = ""
    byline: str = ""
    date: str = ""
    site_name: str = ""
    url: str = ""
    language: str = ""
    extractor: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "notes":
                if not isinstance(value, tuple) or not all(isinstance(x, str) for x in value):
                    raise TypeError("PageMeta.notes must be a tuple of str")
            elif not isinstance(value, str):
                raise TypeError(f"PageMeta.{f.name} must be str, got {type(value).__name__}")
            elif len(value) > _MAX_FIELD:
                object.__setattr__(self, f.name, value[:_MAX_FIELD - 1] + "\u2026")

    def header(self) -> str:
        """One line for a display: title, byline, site, date (those the page gives)."""
        return " \u00b7 ".join(x for x in (self.title, self.byline, self.site_name, self.date)
                                if x)

    def to_record(self) -> dict[str, Any]:
        """Plain JSON data (``notes`` as a list)."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["notes"] = list(self.notes)
        return out

    @classmethod
    def from_record(cls, record: Any) -> "PageMeta":
        """A ``PageMeta`` from :meth:`to_record` output (read back from disk: checked; unknown
        keys are ignored, a wrong type is a ``ValueError``)."""
        if not isinstance(record, dict):
            raise ValueError(f"page record must be a dict, got {type(record).__name__}")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in record or record[f.name] is None:
                continue
            value = record[f.name]
            if f.name == "notes":
                if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                    raise ValueError("page record: 'notes' must be a list of strings")
                value = tuple(value)
            elif not isinstance(value, str):
                raise ValueError(f"page record: {f.name!r} must be a string, got "
                                 f"{type(value).__name__}")
            values[f.name] = value
        return cls(**values)
