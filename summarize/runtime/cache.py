"""Models load once per process: one keyed, thread-safe cache type for every kind of model the
package holds (summarizers' ``LoadedModel``, NLI classifiers, the sentence encoder).

A load runs under the cache's lock, so two threads asking for the same model load it once; a
load that raises caches nothing (the next call tries again).

Example:
    >>> cache = ModelCache("demo")
    >>> calls = []
    >>> def load():
    ...     calls.append(1)
    ...     return object()
    >>> a = cache.get_or_load(("m", "cpu"), load)
    >>> cache.get_or_load(("m", "cpu"), load) is a, len(calls)
    (True, 1)
    >>> cache.clear(); len(cache)
    0
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, Hashable, Iterable, TypeVar

__all__ = ["ModelCache"]

T = TypeVar("T")


class ModelCache(Generic[T]):
    """Loaded objects by key, each loaded once (``get_or_load``) until ``clear``."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._items: dict[Hashable, T] = {}
        self._lock = threading.RLock()

    def get_or_load(self, key: Hashable, load: Callable[[], T],
                    also: Callable[[T], Iterable[Hashable]] | None = None) -> T:
        """The object cached under ``key``, else ``load()``'s result, cached under ``key`` and
        under each key ``also(result)`` names that is still free (e.g. "auto" resolved to
        "bfloat16": the explicit request then finds the same object)."""
        with self._lock:
            if key in self._items:
                return self._items[key]
            value = load()
            self._items[key] = value
            for other in (also(value) if also is not None else ()):
                self._items.setdefault(other, value)
            return value

    def clear(self) -> None:
        """Forget every loaded object (the next request loads again)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"ModelCache({self.what!r}, {len(self)} loaded)"
