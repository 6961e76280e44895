"""Lazy imports of the heavy model stack (torch, transformers) with the exact install line.

Example:
    >>> from summarize.methods.models.deps import require
    >>> torch = require("torch")  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

__all__ = ["require", "INSTALL_HINT"]

INSTALL_HINT = 'pip install torch==2.13.0 "summarize[models]"'


def require(name: str) -> ModuleType:
    """Import ``name`` (e.g. "torch", "transformers", "safetensors.torch") or raise an
    ``ImportError`` that says which package is missing and the exact pip line to install it."""
    try:
        return import_module(name)
    except ImportError as exc:
        top = name.split(".")[0]
        raise ImportError(
            f"model summarizers need {top!r}, which is not installed ({exc}); "
            f"install the model extra: {INSTALL_HINT}"
        ) from exc
