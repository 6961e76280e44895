"""The method registry: every method by name (with aliases), its kind, description, factory and
origin, in one ``summarize.registry.Registry`` (``METHODS``). One place resolves what
``method=`` means:

- the built-in extractive methods (``auto``, ``lead``, ``lead3``, ``textrank``, ...);
- ``gemma-270m`` (the packaged model) and any Hugging Face model id, local folder or ``.gguf``
  path (``methods.models.aliases``; torch is imported only when a model loads);
- ``openai:<model>`` (any OpenAI-compatible endpoint) and ``llama.cpp:<file.gguf>``
  (``methods.llm``);
- sumy's methods as ``sumy-*`` peers, when sumy is installed;
- plug-ins: other distributions declare entry points in the group ``summarize.methods``; the
  entry point's name is the method name and its value a factory (a callable taking the
  method's parameters and returning a ``Summarizer``, with a ``kind`` attribute; a
  ``Summarizer`` subclass works as is; check it with ``summarize.testing.check_summarizer``)::

      [project.entry-points."summarize.methods"]
      my-method = "my_package.module:MySummarizer"

Example:
    >>> get_summarizer("lead3").name
    'lead3'
    >>> [(m.name, m.origin) for m in list_methods()][:2]
    [('auto', 'builtin'), ('centroid', 'builtin')]
"""

from __future__ import annotations

import functools
import os
import typing
from dataclasses import dataclass
from typing import Any, Callable

from ..registry import Entry, Registry, resolve
from .base import KINDS, Summarizer

__all__ = ["MethodInfo", "METHODS", "register_method", "get_summarizer", "list_methods",
           "method_info", "reload_plugins"]


@dataclass(frozen=True)
class MethodInfo:
    """A registered method.

    Attributes:
        name: what ``method=`` takes.
        kind: "extractive" or "abstractive" (the class's ``kind``).
        description: one line.
        factory: callable taking the method's parameters, returning a ``Summarizer``.
        origin: "builtin", "peer (sumy)", "user" (``register_method``) or
            "plugin (<distribution>)".
        aliases: other names for the same method.
    """

    name: str
    kind: str
    description: str
    factory: Callable[..., Summarizer]
    origin: str = "builtin"
    aliases: tuple[str, ...] = ()


def _method_info(entry: Entry[Any], factory: Any) -> MethodInfo:
    """What the registry gives for a method: its factory checked, its kind and description
    read from the class (or the factory's ``kind`` / the entry's ``meta``)."""
    where = entry.target if isinstance(entry.target, str) else f"method {entry.name!r}"
    kind = entry.meta.get("kind")
    description = entry.meta.get("description")
    if "description_from" in entry.meta:  # a lazy "module:CONSTANT"
        description = resolve(entry.meta["description_from"])
    if isinstance(factory, type):
        if not issubclass(factory, Summarizer):
            raise TypeError(f"{where} ({factory.__name__}) does not subclass "
                            "summarize.methods.base.Summarizer")
        kind = kind or factory.kind
        doc = factory.description or (factory.__doc__ or "")
    elif callable(factory):
        kind = kind or getattr(factory, "kind", None) or _returned_kind(factory)
        doc = factory.__doc__ or ""
        if kind is None:
            raise ValueError(f"{where} is a factory function: give it a .kind attribute "
                             f"(one of {KINDS}), pass kind=, or point to the class")
    else:
        raise TypeError(f"{where} is not callable (a Summarizer class or a factory)")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if description is None:
        doc = doc.strip()
        description = doc.splitlines()[0] if doc else ""
    return MethodInfo(entry.name, kind, description, factory, entry.origin, entry.aliases)


def _returned_kind(factory: Callable[..., Any]) -> str | None:
    """The ``kind`` of the ``Summarizer`` class a factory's return annotation names."""
    try:
        hint = typing.get_type_hints(factory).get("return")
    except Exception:
        return None
    return hint.kind if isinstance(hint, type) and issubclass(hint, Summarizer) else None


_EX = "summarize.methods.extractive"
METHODS: Registry[MethodInfo] = Registry("method", "summarize.methods", {
    "auto": f"{_EX}.news:AutoSummarizer",
    "lead": f"{_EX}.lead:LeadSummarizer",
    "lead3": f"{_EX}.lead:Lead3Summarizer",
    "textrank": f"{_EX}.graph:TextRankSummarizer",
    "lexrank": f"{_EX}.graph:LexRankSummarizer",
    "centroid": f"{_EX}.centroid:CentroidSummarizer",
    "mmr": f"{_EX}.centroid:MMRSummarizer",
    "gemma-270m": Entry("gemma-270m", "summarize.methods.models.aliases:gemma_270m", meta={
        "kind": "abstractive",
        "description_from": "summarize.methods.models.aliases:GEMMA_DESCRIPTION"}),
    # your own LLM (methods.llm): "openai:<model>" and "llama.cpp:<file.gguf>"; the prefix is
    # the method, the rest its model (get_summarizer)
    "openai": Entry("openai", "summarize.methods.llm.summarizer:openai_endpoint",
                    meta={"kind": "abstractive"}),
    "llama.cpp": Entry("llama.cpp", "summarize.methods.llm.summarizer:llama_cpp",
                       meta={"kind": "abstractive"}),
}, check=_method_info, hint="or a Hugging Face model id, a local model folder or a .gguf file")


_LLM_PREFIXES = ("openai", "llama.cpp")


def _register_peers(registry: Registry[MethodInfo]) -> None:
    """sumy's methods as ``sumy-*`` peers, when sumy is installed."""
    from importlib.util import find_spec

    if find_spec("sumy") is None:
        return
    from .peers import SUMY_METHODS, SumyPeer, sumy_summarizer

    for name, (_, cls) in SUMY_METHODS.items():
        registry.register(name, functools.partial(sumy_summarizer, name), origin="peer (sumy)",
                          kind=SumyPeer.kind,
                          description=f"sumy's {cls} (a peer, for benchmarks)")


METHODS.add_loader(_register_peers)


def register_method(name: str, factory: Callable[..., Summarizer], description: str | None = None,
                    kind: str | None = None, *, origin: str = "user",
                    aliases: tuple[str, ...] = ()) -> MethodInfo:
    """Make ``factory`` available as ``summarize(text, method=name)``.

    ``kind`` and ``description`` default to the factory's own (a ``Summarizer`` subclass
    declares them); a plain function must give ``kind``.

    Example:
        >>> from summarize.methods.extractive import LeadSummarizer
        >>> register_method("first-two", LeadSummarizer).kind
        'extractive'
        >>> METHODS.unregister("first-two")
    """
    if not callable(factory):
        raise TypeError(f"factory for {name!r} must be callable, got {type(factory).__name__}")
    if not aliases and isinstance(factory, type) and issubclass(factory, Summarizer) and \
            name == factory.name:
        aliases = tuple(factory.aliases)
    meta = {k: v for k, v in (("kind", kind), ("description", description)) if v is not None}
    METHODS.register(name, factory, aliases=aliases, origin=origin, **meta)
    info = method_info(name)
    assert info is not None
    return info


def reload_plugins() -> None:
    """Forget registrations and read the entry points again (after installing a plug-in in a
    running notebook)."""
    METHODS.reload()


def list_methods() -> list[MethodInfo]:
    """All registered methods: extractive first, then by name; ``origin`` says where each
    comes from. A plug-in that cannot be loaded is left out with a warning naming it.

    Example:
        >>> "auto" in [m.name for m in list_methods()]
        True
    """
    infos = [METHODS.load(e) for e in METHODS.entries()]
    return sorted(infos, key=lambda m: (m.kind != "extractive", m.origin != "builtin", m.name))


def method_info(name: str) -> MethodInfo | None:
    """The registered method called ``name`` (or one of its aliases); None if there is none."""
    entry = METHODS.entry(name)
    return None if entry is None else METHODS.load(entry)


def get_summarizer(method: str | Summarizer = "auto", **params: Any) -> Summarizer:
    """A summarizer for ``method``: a registered name or alias, a model id or path, or a
    ``Summarizer`` object (returned as is). Building one is cheap: weights load on first use.
    """
    if not isinstance(method, str):
        if isinstance(method, Summarizer):
            if params:
                raise TypeError("parameters cannot be combined with a summarizer object")
            return method
        raise TypeError("method must be a name or a Summarizer object, got "
                        f"{type(method).__name__}")
    info = method_info(method)
    prefix, _, rest = method.partition(":")
    if info is not None:
        factory, args = info.factory, ()
    elif rest and prefix in _LLM_PREFIXES:
        factory, args = METHODS.load(METHODS.entry(prefix)).factory, (rest,)
    elif _looks_like_model(method):
        from .models.aliases import from_model

        factory, args = from_model, (method,)
    else:
        raise ValueError(METHODS.unknown(method))
    try:
        out = factory(*args, **params)
    except TypeError as exc:
        raise TypeError(f"bad parameters for method {method!r}: {exc}") from None
    if not isinstance(out, Summarizer):
        raise TypeError(f"the factory of method {method!r} returned {type(out).__name__}, not a "
                        "summarize.methods.base.Summarizer")
    return out


def _looks_like_model(name: str) -> bool:
    return "/" in name or os.path.exists(name) or name.endswith(".gguf")
