"""Old import paths (before the layered layout of 0.2) keep working for one release, with a
``DeprecationWarning``: one meta-path finder maps each old module name to its new home and hands
back the very same module object (no second copy, so classes and caches stay one).

Example:
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     from summarize.sentences import split_sentences
    >>> split_sentences.__module__
    'summarize.text.sentences'
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType
from typing import Any

__all__ = ["MOVED", "MOVED_PACKAGES", "new_name", "install"]

# old module -> new module
MOVED: dict[str, str] = {
    **{f"summarize.{m}": f"summarize.text.{m}"
       for m in ("cleaning", "sentences", "tokens", "document", "length", "fetch")},
    "summarize.features": "summarize.methods.extractive.features",
    "summarize.selection": "summarize.methods.extractive.selection",
    "summarize.registry": "summarize.methods.registry",
    "summarize.metrics.support": "summarize.provenance.support",
    "summarize.metrics.embeddings": "summarize.provenance.embeddings",
    "summarize.metrics.cli_eval": "summarize.cli.evaluate",
    "summarize.benchmark.cli_bench": "summarize.cli.bench",
    "summarize.benchmark.peers": "summarize.methods.peers",
    "summarize.data": "summarize.bench.data",
    **{f"summarize.{m}": f"summarize.notebook.{m}"
       for m in ("display", "comparison", "explorer", "checking")},
}
# old package -> new package (their submodules follow)
MOVED_PACKAGES: dict[str, str] = {
    "summarize.extractive": "summarize.methods.extractive",
    "summarize.models": "summarize.methods.models",
    "summarize.benchmark": "summarize.bench",
}


def new_name(old: str) -> str | None:
    """The current name of a module imported by its old name (None: not moved).

    Example:
        >>> new_name("summarize.models.loading")
        'summarize.methods.models.loading'
    """
    if old in MOVED:
        return MOVED[old]
    for prefix, target in MOVED_PACKAGES.items():
        if old == prefix or old.startswith(prefix + "."):
            return target + old[len(prefix):]
    return None


class _Alias(importlib.abc.Loader):
    def __init__(self, old: str, target: str) -> None:
        self.old, self.target = old, target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self._spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self._spec  # the import system set it to the alias's spec
        warnings.warn(f"{self.old} moved to {self.target}; the old path works "
                      "until the next release", DeprecationWarning, stacklevel=2)  # warnings skips importlib's frames


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        new = new_name(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(fullname, new))


def install() -> None:
    """Put the alias finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
