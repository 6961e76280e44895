"""Escaping text that came from input for the formats we write (CSV here; Markdown and HTML
escaping live with their views).

Example:
    >>> print(csv_safe('=HYPERLINK("http://x","y")'), csv_safe("lead3"), csv_safe(-1.5))
    '=HYPERLINK("http://x","y") lead3 -1.5
"""

from __future__ import annotations

from typing import Any

__all__ = ["csv_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
    carriage return first) gets a leading apostrophe (OWASP's advice); numbers pass unchanged.

    Example:
        >>> print(csv_safe("@SUM(A1)"), csv_safe(" -2+3"))
        '@SUM(A1) ' -2+3
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value
