"""The method registry: every method by name (with aliases), its kind, description, factory and
origin. One place resolves what ``method=`` means:

- the built-in extractive methods (``auto``, ``lead``, ``lead3``, ``textrank``, ...);
- ``gemma-270m`` (the packaged model) and any Hugging Face model id, local folder or ``.gguf``
  path (``methods.models.aliases``; torch is imported only when a model loads);
- sumy's methods as ``sumy-*`` peers, when sumy is installed;
- plug-ins: other distributions declare entry points in the group ``summarize.methods``; the
  entry point's name is the method name and its value a factory (a callable taking the
  method's parameters and returning a ``Summarizer``; a ``Summarizer`` subclass works as is)::

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
import threading
import warnings
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Callable

from .base import KINDS, Summarizer

__all__ = ["Summarizer", "MethodInfo", "ENTRY_POINT_GROUP", "register_method", "get_summarizer",
           "list_methods", "method_info", "reload_plugins"]

ENTRY_POINT_GROUP = "summarize.methods"


@dataclass(frozen=True)
class MethodInfo:
    """A registered method.

    Attributes:
        name: what ``method=`` takes.
        kind: "extractive" or "abstractive" (the class's ``kind``).
        description: one line.
        factory: callable taking the method's parameters, returning a ``Summarizer``.
        origin: "builtin", "peer (sumy)", or "plugin (<distribution>)".
        aliases: other names for the same method (e.g. ``lead3`` for ``lead``).
    """

    name: str
    kind: str
    description: str
    factory: Callable[..., Summarizer]
    origin: str = "builtin"
    aliases: tuple[str, ...] = ()


_METHODS: dict[str, MethodInfo] = {}
_ALIASES: dict[str, str] = {}
_LOCK = threading.RLock()
_builtins_loaded = False
_loaded = False


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
    """
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise ValueError(f"method name must be a non-empty str without outer spaces, got {name!r}")
    if not callable(factory):
        raise TypeError(f"factory for {name!r} must be callable, got {type(factory).__name__}")
    is_class = isinstance(factory, type)
    if is_class and not issubclass(factory, Summarizer):
        raise TypeError(f"{factory.__name__} (method {name!r}) does not subclass "
                        "summarize.methods.base.Summarizer")
    if kind is None:
        if not is_class:
            raise ValueError(f"method {name!r}: give kind= for a factory that is not a "
                             "Summarizer class")
        kind = factory.kind
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if description is None:
        doc = (factory.description if is_class else "") or (factory.__doc__ or "").strip()
        description = doc.splitlines()[0] if doc else ""
    if not aliases and is_class and name == factory.name:
        aliases = tuple(factory.aliases)
    info = MethodInfo(name, kind, description, factory, origin, tuple(aliases))
    with _LOCK:
        _ensure_loaded(everything=False)
        _add(info)
    return info


def _add(info: MethodInfo) -> None:
    _METHODS[info.name] = info
    for alias in info.aliases:
        _ALIASES[alias] = info.name


def _ensure_loaded(everything: bool = True) -> None:
    """Register the built-ins (cheap), then, when ``everything`` is asked for (listing, or a
    name that is not built in), the sumy peers and the plug-ins' entry points (once each)."""
    global _builtins_loaded, _loaded
    with _LOCK:
        if not _builtins_loaded:
            _builtins_loaded = True
            _register_builtins()
        if everything and not _loaded:
            _loaded = True
            _register_peers()
            _register_plugins()


def _register_builtins() -> None:
    """Every named ``Summarizer`` class defined in a module of ``methods/extractive/`` (adding
    a method there is one new file), and the packaged model alias."""
    import pkgutil
    from importlib import import_module

    from . import extractive
    from .models.aliases import GEMMA_ALIAS, GEMMA_DESCRIPTION, gemma_270m
    from .models.summarizer import ModelSummarizer

    for mod in sorted(m.name for m in pkgutil.iter_modules(extractive.__path__)):
        module = import_module(f"{extractive.__name__}.{mod}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Summarizer) and obj.name and \
                    obj.__module__ == module.__name__:
                _add(MethodInfo(obj.name, obj.kind, obj.description, obj, "builtin",
                                tuple(obj.aliases)))
    _add(MethodInfo(GEMMA_ALIAS, ModelSummarizer.kind, GEMMA_DESCRIPTION, gemma_270m))
    for prefix, factory in _llm_prefixes().items():
        _add(MethodInfo(prefix, factory.kind, (factory.__doc__ or "").strip().splitlines()[0],
                        factory))


def _llm_prefixes() -> dict[str, Callable[..., Summarizer]]:
    """``"openai:<model>"`` and ``"llama.cpp:<file.gguf>"`` (``methods.llm``): the prefix is
    the method, the rest its ``model``."""
    from .llm.summarizer import llama_cpp, openai_endpoint

    return {"openai": openai_endpoint, "llama.cpp": llama_cpp}


def _register_peers() -> None:
    from importlib.util import find_spec

    if find_spec("sumy") is None:
        return
    from .peers import SUMY_METHODS, SumyPeer, sumy_summarizer

    for name, (_, cls) in SUMY_METHODS.items():
        _add(MethodInfo(name, SumyPeer.kind, f"sumy's {cls} (a peer, for benchmarks)",
                        functools.partial(sumy_summarizer, name), "peer (sumy)"))


def _register_plugins() -> None:
    """Entry points of the group ``summarize.methods``. A broken plug-in is skipped with a
    warning naming it (it never breaks the package); a name already taken is never replaced."""
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep.dist, "name", None) or "unknown distribution"
        origin = f"plugin ({dist})"
        if ep.name in _METHODS or ep.name in _ALIASES:
            warnings.warn(f"plug-in method {ep.name!r} from {dist} is ignored: the name is "
                          f"taken by {method_info(ep.name).origin}", RuntimeWarning,
                          stacklevel=3)
            continue
        try:
            factory = ep.load()
            _add(_plugin_info(ep.name, ep.value, factory, origin))
        except Exception as exc:  # a broken plug-in never breaks summarize
            warnings.warn(f"plug-in method {ep.name!r} from {dist} could not be loaded: "
                          f"{type(exc).__name__}: {exc}", RuntimeWarning, stacklevel=3)


def _plugin_info(name: str, value: str, factory: Any, origin: str) -> MethodInfo:
    if isinstance(factory, type):
        if not issubclass(factory, Summarizer):
            raise TypeError(f"{value} does not subclass summarize.methods.base.Summarizer")
        kind, doc = factory.kind, factory.description or (factory.__doc__ or "")
    elif callable(factory):
        kind, doc = getattr(factory, "kind", None), factory.__doc__ or ""
        if kind not in KINDS:
            raise TypeError(f"{value} is a factory function: give it a .kind attribute "
                            f"(one of {KINDS}), or point the entry point to the class")
    else:
        raise TypeError(f"{value} is not callable")
    doc = doc.strip()
    return MethodInfo(name, kind, doc.splitlines()[0] if doc else "", factory, origin)


def reload_plugins() -> None:
    """Forget the registry and read the built-ins and entry points again (after installing a
    plug-in in a running notebook)."""
    global _builtins_loaded, _loaded
    with _LOCK:
        _METHODS.clear()
        _ALIASES.clear()
        _builtins_loaded = _loaded = False
        metadata_cache = getattr(metadata, "_cache_clear", None)  # not in every Python
        if callable(metadata_cache):
            metadata_cache()
        _ensure_loaded()


def list_methods() -> list[MethodInfo]:
    """All registered methods: extractive first, then by name; ``origin`` says where each
    comes from.

    Example:
        >>> "auto" in [m.name for m in list_methods()]
        True
    """
    _ensure_loaded()
    return sorted(_METHODS.values(), key=lambda m: (m.kind != "extractive", m.origin != "builtin",
                                                    m.name))


def method_info(name: str) -> MethodInfo | None:
    """The registered method called ``name`` (or one of its aliases); None if there is none."""
    _ensure_loaded(everything=False)
    found = _METHODS.get(_ALIASES.get(name, name))
    if found is None:
        _ensure_loaded()
        found = _METHODS.get(_ALIASES.get(name, name))
    return found


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
    elif rest and prefix in _llm_prefixes():
        factory, args = _llm_prefixes()[prefix], (rest,)
    elif _looks_like_model(method):
        from .models.aliases import from_model

        factory, args = from_model, (method,)
    else:
        names = ", ".join(m.name for m in list_methods())
        raise ValueError(f"unknown method {method!r}; available: {names}; or a Hugging Face "
                         "model id, a local model folder or a .gguf file")
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
