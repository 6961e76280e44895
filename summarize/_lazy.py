"""One lazy-export mechanism for the package and its subpackages: public names resolve to their
defining submodule on first access, so importing a package stays cheap.

Example:
    >>> __getattr__, __dir__ = lazy_exports("summarize", {"split_sentences": "text.sentences"})
    >>> __getattr__("split_sentences").__name__
    'split_sentences'
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module-level ``__getattr__`` and ``__dir__`` for ``package``: ``exports`` maps each public
    name to the submodule (relative to ``package``) that defines it."""
    names = sorted(exports)

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__
