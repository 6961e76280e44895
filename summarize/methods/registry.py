"""The method registry: names -> summarizer factories, with one-line descriptions.

Extractive methods and the model aliases of ``summarize.methods.models.aliases`` are registered
here (models lazily, so torch is only loaded when a model method is used).

Example:
    >>> get_summarizer("lead").name
    'lead'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, runtime_checkable

from ..text.document import Document
from ..text.length import LengthRequest
from ..summary import Summary

__all__ = ["Summarizer", "MethodInfo", "register_method", "get_summarizer", "list_methods"]


@runtime_checkable
class Summarizer(Protocol):
    """What ``summarize()`` needs from a method object."""

    name: str

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary: ...


@dataclass(frozen=True)
class MethodInfo:
    """A registered method: its name, kind ('extractive' or 'abstractive') and description."""

    name: str
    kind: str
    description: str
    factory: Callable[..., Summarizer]


_METHODS: dict[str, MethodInfo] = {}
_builtins_loaded = False
_model_methods_loaded = False


def register_method(name: str, factory: Callable[..., Summarizer], description: str,
                    kind: str = "extractive") -> None:
    """Make ``factory`` available as ``summarize(text, method=name)``."""
    _METHODS[name] = MethodInfo(name, kind, description, factory)


def _register_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    from . import extractive as ex  # noqa: F401

    for cls in (ex.AutoSummarizer, ex.LeadSummarizer, ex.TextRankSummarizer,
                ex.LexRankSummarizer, ex.CentroidSummarizer, ex.MMRSummarizer):
        register_method(cls.name, cls, cls.description, "extractive")
    _METHODS["lead3"] = MethodInfo("lead3", "extractive", "Alias of 'lead' (first 3 sentences).",
                                   ex.LeadSummarizer)


def _load_model_methods() -> None:
    """Register model-backed methods (cheap: no torch import until a model is used)."""
    global _model_methods_loaded
    if _model_methods_loaded:
        return
    _model_methods_loaded = True
    try:
        from .models.aliases import GEMMA_ALIAS, GEMMA_DESCRIPTION, from_model, gemma_270m
    except ImportError:
        return
    register_method(GEMMA_ALIAS, gemma_270m, GEMMA_DESCRIPTION, kind="abstractive")
    register_method("__model__", from_model, "Hugging Face model id, local folder or .gguf file.",
                    kind="abstractive")


def list_methods() -> list[MethodInfo]:
    """All registered methods, extractive first.

    Example:
        >>> "auto" in [m.name for m in list_methods()]
        True
    """
    _register_builtins()
    _load_model_methods()
    methods = [m for m in _METHODS.values() if not m.name.startswith("__")]
    return sorted(methods, key=lambda m: (m.kind != "extractive", m.name))


def get_summarizer(method: str | Summarizer = "auto", **params: Any) -> Summarizer:
    """A summarizer object for ``method`` (a registered name, a model id or path, or an object
    that already implements ``summarize_document``)."""
    if not isinstance(method, str):
        if isinstance(method, Summarizer):
            if params:
                raise TypeError("parameters cannot be combined with a summarizer object")
            return method
        raise TypeError(f"method must be a name or a summarizer object, got {type(method).__name__}")
    _register_builtins()
    if method not in _METHODS:
        _load_model_methods()
    info = _METHODS.get(method)
    if info is not None:
        try:
            return info.factory(**params)
        except TypeError as exc:
            raise TypeError(f"bad parameters for method {method!r}: {exc}") from None
    resolver = _METHODS.get("__model__")
    if resolver is not None and _looks_like_model(method):
        return resolver.factory(model=method, **params)
    names = ", ".join(m.name for m in list_methods())
    raise ValueError(f"unknown method {method!r}; available: {names}")


def _looks_like_model(name: str) -> bool:
    import os

    return "/" in name or os.path.exists(name) or name.endswith(".gguf")
