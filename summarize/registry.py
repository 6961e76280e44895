"""``Registry``: the one lookup table behind ``method=``, ``metrics=`` and ``support_scorer=``
(in the spirit of spaCy's catalogue).

A registry maps names (and aliases) to objects. An entry is the object itself or a lazy
``"module:attr"`` reference, imported on first use. Other distributions add entries through
entry points in the registry's group, read once on the first lookup that needs them:

.. code-block:: toml

    [project.entry-points."summarize.methods"]          # or summarize.metrics,
    my-method = "my_package.module:MySummarizer"        # summarize.support_scorers

An unknown name fails with one line: ``unknown method 'x'; available: a, b, ...``.

Example:
    >>> colours = Registry("colour", "example.colours", {"red": "operator:truth"})
    >>> colours.register("blue", str.upper, aliases=("navy",))
    >>> colours.get("navy")("sea")
    'SEA'
    >>> colours.get("red")(1)
    True
    >>> colours.get("green")
    Traceback (most recent call last):
    ...
    ValueError: unknown colour 'green'; available: blue, red
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field
from importlib import import_module, metadata
from typing import Any, Callable, Generic, Iterator, Mapping, TypeVar

__all__ = ["Registry", "Entry"]

T = TypeVar("T")
_UNSET = object()


@dataclass
class Entry(Generic[T]):
    """One registered name: ``target`` is the object or a ``"module:attr"`` reference."""

    name: str
    target: Any
    origin: str = "builtin"
    aliases: tuple[str, ...] = ()
    #: what the registry keeps beside the object (e.g. a method's ``kind``, ``description``)
    meta: dict[str, Any] = field(default_factory=dict)
    _value: Any = field(default=_UNSET, repr=False, compare=False)

    def load(self) -> T:
        """The registered object (a lazy reference is imported once)."""
        if self._value is _UNSET:
            self._value = resolve(self.target) if isinstance(self.target, str) else self.target
        return self._value


def resolve(reference: str) -> Any:
    """The object a ``"package.module:attr"`` reference names.

    Example:
        >>> resolve("math:pi") > 3
        True
    """
    module, sep, attr = reference.partition(":")
    if not sep or not module or not attr:
        raise ValueError(f"a lazy reference is 'module:attr', got {reference!r}")
    obj: Any = import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """Names -> objects for one kind of thing (``what``: "method", "metric group", ...).

    Args:
        what: how errors name an entry ("unknown {what} 'x'").
        group: the entry-point group plug-ins declare (``summarize.methods``, ...).
        builtins: name -> object, ``"module:attr"``, or an ``Entry`` (with aliases or meta);
            registered with origin "builtin".
        check: called as ``check(entry, obj)`` when an entry is loaded; returns what ``get``
            gives (the object, or a description of it) or raises ``TypeError``/``ValueError``
            saying what is wrong with it.
        hint: appended to the "unknown" error (other accepted forms).
    """

    def __init__(self, what: str, group: str, builtins: Mapping[str, Any] | None = None,
                 check: Callable[[Entry[Any], Any], Any] | None = None, hint: str = "") -> None:
        self.what, self.group, self.hint = what, group, hint
        self._builtins = dict(builtins or {})
        self._check = check
        self._lock = threading.RLock()
        self._entries: dict[str, Entry[T]] = {}
        self._aliases: dict[str, str] = {}
        self._extra_loaders: list[Callable[["Registry[T]"], None]] = []
        self._plugins_read = False
        self.reload(read_plugins=False)

    # ---------------------------------------------------------------- writing
    def register(self, name: str, obj: Any = _UNSET, *, aliases: tuple[str, ...] = (),
                 origin: str = "user", replace: bool = True, **meta: Any) -> Any:
        """Register ``obj`` (an object or a ``"module:attr"`` reference) as ``name``; without
        ``obj``, a decorator. A registration replaces an entry of the same name unless
        ``replace=False``; ``meta`` is kept on the entry."""
        if obj is _UNSET:
            def decorator(target: Any) -> Any:
                self.register(name, target, aliases=aliases, origin=origin, replace=replace,
                              **meta)
                return target
            return decorator
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise ValueError(f"{self.what} name must be a non-empty str without outer spaces, "
                             f"got {name!r}")
        entry: Entry[T] = Entry(name, obj, origin, tuple(aliases), dict(meta))
        if self._check is not None and not isinstance(obj, str):
            self._check(entry, obj)  # a bad object fails when it is registered
        with self._lock:
            if not replace and self._lookup(name) is not None:
                raise ValueError(f"{self.what} {name!r} is already registered")
            self.unregister(name)
            self._entries[name] = entry
            for alias in aliases:
                self._aliases[alias] = name
        return None

    def unregister(self, name: str) -> None:
        """Forget ``name`` and its aliases (nothing happens if it is not registered)."""
        with self._lock:
            entry = self._entries.pop(self._aliases.get(name, name), None)
            if entry is not None:
                for alias in entry.aliases:
                    self._aliases.pop(alias, None)

    def add_loader(self, loader: Callable[["Registry[T]"], None]) -> None:
        """``loader(registry)`` registers more entries (e.g. optional peers) on the first lookup
        that reads plug-ins, and again after ``reload()``."""
        self._extra_loaders.append(loader)

    def reload(self, read_plugins: bool = True) -> None:
        """Back to the built-ins; plug-ins are read again on the next lookup that needs them
        (after installing one in a running notebook)."""
        with self._lock:
            self._entries.clear()
            self._aliases.clear()
            self._plugins_read = False
            for name, target in self._builtins.items():
                if isinstance(target, Entry):
                    self._entries[name] = Entry(name, target.target, "builtin", target.aliases,
                                                dict(target.meta))
                    for alias in target.aliases:
                        self._aliases[alias] = name
                else:
                    self._entries[name] = Entry(name, target, "builtin")
            if read_plugins:
                cache_clear = getattr(metadata, "_cache_clear", None)  # not in every Python
                if callable(cache_clear):
                    cache_clear()

    # ---------------------------------------------------------------- reading
    def _lookup(self, name: str) -> Entry[T] | None:
        return self._entries.get(self._aliases.get(name, name))

    def _read_plugins(self) -> None:
        with self._lock:
            if self._plugins_read:
                return
            self._plugins_read = True
            for loader in self._extra_loaders:
                loader(self)
            for ep in metadata.entry_points(group=self.group):
                dist = getattr(ep.dist, "name", None) or "unknown distribution"
                if self._lookup(ep.name) is not None:
                    warnings.warn(f"plug-in {self.what} {ep.name!r} from {dist} is ignored: the "
                                  f"name is taken ({self._lookup(ep.name).origin})",  # type: ignore[union-attr]
                                  RuntimeWarning, stacklevel=4)
                    continue
                self._entries[ep.name] = Entry(ep.name, ep.value, f"plugin ({dist})")

    def entry(self, name: str, plugins: bool = True) -> Entry[T] | None:
        """The entry for ``name`` or one of its aliases; None if there is none."""
        found = self._lookup(name)
        if found is None and plugins and not self._plugins_read:
            self._read_plugins()
            found = self._lookup(name)
        return found

    def load(self, entry: Entry[T]) -> T:
        """``entry``'s object, checked; a broken entry raises ``ValueError`` naming it."""
        try:
            value = entry.load()
            return self._check(entry, value) if self._check else value
        except Exception as exc:
            if entry.origin == "builtin" or entry.origin == "user":
                raise
            raise ValueError(f"{self.what} {entry.name!r} from {entry.origin} could not be "
                             f"loaded: {type(exc).__name__}: {exc}") from exc

    def get(self, name: str) -> T:
        """The object registered as ``name`` (or an alias); an unknown name raises
        ``ValueError`` listing what is available."""
        found = self.entry(name) if isinstance(name, str) else None
        if found is None:
            raise ValueError(self.unknown(name))
        return self.load(found)

    def unknown(self, name: Any) -> str:
        """The one-line error for a name that is not registered."""
        hint = f"; {self.hint}" if self.hint else ""
        return f"unknown {self.what} {name!r}; available: {', '.join(self.names())}{hint}"

    def entries(self) -> list[Entry[T]]:
        """Every entry (built-ins, registered, plug-ins), by name. A plug-in that cannot be
        loaded is left out with a warning naming it: it never breaks the package."""
        self._read_plugins()
        out = []
        for entry in sorted(self._entries.values(), key=lambda e: e.name):
            if entry.origin.startswith("plugin"):
                try:
                    self.load(entry)
                except ValueError as exc:
                    warnings.warn(str(exc), RuntimeWarning, stacklevel=3)
                    continue
            out.append(entry)
        return out

    def names(self) -> list[str]:
        """Every registered name, sorted."""
        self._read_plugins()
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.entry(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __repr__(self) -> str:
        return f"Registry({self.what!r}, group={self.group!r}, {len(self._entries)} entries)"
