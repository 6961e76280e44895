"""Lazy imports of the heavy model stack (torch, transformers) with the exact install line.

Example:
    >>> from summarize.runtime.deps import require
    >>> torch = require("torch")  # doctest: +SKIP
    >>> require("no_such_package_xyz", "NLI scorers")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: NLI scorers need 'no_such_package_xyz', ...: pip install torch==2.13.0 "summarize[models]"
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

__all__ = ["require", "INSTALL_HINT"]

INSTALL_HINT = 'pip install torch==2.13.0 "summarize[models]"'


def require(name: str, who: str = "model summarizers", hint: str = INSTALL_HINT,
            extra: str = "the model extra") -> ModuleType:
    """Import ``name`` (e.g. "torch", "transformers", "safetensors.torch") or raise an
    ``ImportError`` that says who needs it, which package is missing and the exact pip line
    (``hint``) that installs it."""
    try:
        return import_module(name)
    except ImportError as exc:
        top = name.split(".")[0]
        raise ImportError(
            f"{who} need {top!r}, which is not installed ({exc}); install {extra}: {hint}"
        ) from exc
