"""``ItemMetric``: how a metric joins ``evaluate()``. A module of ``summarize/metrics/`` that
defines ``METRIC = ItemMetric(...)`` is a metric group of ``evaluate(metrics=...)``: adding a
metric is one new file (plus its test); ``evaluate`` finds it, checks its inputs, bootstraps its
means and puts its columns in the item table.

Example:
    >>> m = ItemMetric("length", needs="", compute=lambda pred, refs, src: {"chars": len(pred)})
    >>> m.compute("Rain fell.", None, None)
    {'chars': 10}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["ItemMetric", "NEEDS"]

NEEDS = ("references", "sources", "")


@dataclass(frozen=True)
class ItemMetric:
    """A per-item metric group.

    Attributes:
        name: the group name (``evaluate(metrics=[name])``).
        needs: "references", "sources", or "" (the summary alone).
        compute: ``(prediction, references, source) -> {column: float}`` for one item;
            ``references`` is that item's list of references (or None), ``source`` its source
            text (or None). An empty prediction must give the group's worst scores.
        default: computed when ``metrics`` is not given (when its inputs are there).
    """

    name: str
    needs: str
    compute: Callable[[str, Sequence[str] | None, str | None], dict[str, float]]
    default: bool = True

    def __post_init__(self) -> None:
        if self.needs not in NEEDS:
            raise ValueError(f"needs must be one of {NEEDS}, got {self.needs!r}")
