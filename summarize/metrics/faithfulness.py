"""The ``"faithfulness"`` group of ``evaluate()``: the default faithfulness score of
:mod:`summarize.provenance.faithfulness` and its components, per (summary, source) pair.

Example:
    >>> METRIC.compute("Rain fell on Friday.", None, "Rain fell on Monday.")["faith_fact_flags"]
    1.0
"""

from __future__ import annotations

from ..provenance.faithfulness import FAITHFULNESS_COLUMNS, faithfulness_stats
from .base import ItemMetric

__all__ = ["METRIC", "FAITHFULNESS_COLUMNS"]

# an empty prediction scores 0 (never rated faithful): faithfulness_stats("") does that
METRIC = ItemMetric("faithfulness", needs="sources",
                    compute=lambda pred, refs, src: faithfulness_stats(pred, src or ""))
