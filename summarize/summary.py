"""The ``Summary`` result type: the summary, how it was made, and where each sentence came from.

Example:
    >>> from summarize import summarize
    >>> s = summarize("Rain fell. The river rose. Roads closed. Schools shut.", sentences=1)
    >>> s.text, s.support[0].source_indices
    ('Rain fell.', (0,))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable

from .text.sentences import Sentence

__all__ = ["Summary", "SentenceSupport", "SummaryError", "set_html_view"]

# The rich notebook view (``summarize.notebook.display.summary_html``). This module sits below
# the notebook layer and never imports it: the package root installs the view.
_html_view: Callable[["Summary"], str] | None = None


def set_html_view(view: Callable[["Summary"], str] | None) -> None:
    """Install the function that renders ``Summary._repr_html_`` (None: plain escaped text)."""
    global _html_view
    _html_view = view


@dataclass(frozen=True)
class SentenceSupport:
    """Provenance of one summary sentence.

    ``source_indices`` are indices into ``Summary.source_sentences`` that the sentence was copied
    from (extractive) or is supported by (abstractive), best first; ``scores`` are the matching
    support scores in [0, 1]; ``supported`` is False when no source sentence supports it enough.
    """

    source_indices: tuple[int, ...]
    scores: tuple[float, ...]
    supported: bool = True
    scorer: str = "extractive"

    @property
    def score(self) -> float:
        """Best support score (0.0 when there is no supporting sentence)."""
        return max(self.scores, default=0.0)


@dataclass(frozen=True)
class Summary:
    """A summary with its provenance.

    Attributes:
        text: the summary as one string.
        sentences: the summary's sentences.
        method: the method name that produced it.
        params: the method's parameters and the length request, as a plain dict.
        source: the cleaned source text the summary was made from.
        source_sentences: ``source`` split into sentences, with character offsets into ``source``.
        selected: for extractive methods, the source-sentence indices used, in summary order.
        support: one ``SentenceSupport`` per summary sentence.
        elapsed_s: wall-clock seconds spent producing the summary.
    """

    text: str
    sentences: tuple[str, ...]
    method: str
    params: dict[str, Any]
    source: str
    source_sentences: tuple[Sentence, ...]
    selected: tuple[int, ...] = ()
    support: tuple[SentenceSupport, ...] = ()
    elapsed_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    ok = True  # a successful result (batch results may hold ``SummaryError`` instead)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` character spans in ``source`` of the selected source sentences."""
        return [
            (self.source_sentences[i].start, self.source_sentences[i].end) for i in self.selected
        ]

    @property
    def unsupported(self) -> list[int]:
        """Indices of summary sentences that no source sentence supports."""
        return [i for i, s in enumerate(self.support) if not s.supported]

    @property
    def n_words(self) -> int:
        from .text.tokens import count_words

        return count_words(self.text)

    def to_dict(self, include_source: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (the source text itself only with ``include_source=True``)."""
        out: dict[str, Any] = {
            "summary": self.text,
            "sentences": list(self.sentences),
            "method": self.method,
            "params": dict(self.params),
            "selected": list(self.selected),
            "spans": [list(s) for s in self.spans],
            "support": [
                {
                    "source_indices": list(s.source_indices),
                    "scores": [round(x, 6) for x in s.scores],
                    "supported": s.supported,
                    "scorer": s.scorer,
                }
                for s in self.support
            ],
            "n_words": self.n_words,
            "elapsed_s": round(self.elapsed_s, 6),
        }
        if self.extra:
            out["extra"] = dict(self.extra)
        if include_source:
            out["source"] = self.source
            out["source_sentences"] = [
                {"text": s.text, "start": s.start, "end": s.end} for s in self.source_sentences
            ]
        return out

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        head = f"Summary(method={self.method!r}, {len(self.sentences)} sentences, {self.n_words} words)"
        lines = [head]
        for i, (sent, sup) in enumerate(zip(self.sentences, self.support)):
            src = ",".join(str(j) for j in sup.source_indices[:3]) or "-"
            flag = "" if sup.supported else "  [unsupported]"
            lines.append(f"  [{i}] {sent}  <- source {src}{flag}")
        if not self.support:
            lines.extend(f"  [{i}] {sent}" for i, sent in enumerate(self.sentences))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if _html_view is not None:
            return _html_view(self)
        return f"<pre>{escape(repr(self))}</pre>"


@dataclass(frozen=True)
class SummaryError:
    """Stands in a batch result for an item that could not be summarized.

    Example:
        >>> from summarize import summarize_many
        >>> summarize_many(["Rain fell. Roads shut.", ""], progress=False)[1].error_type
        'ValueError'
    """

    index: int
    error_type: str
    message: str
    method: str = ""
    text: str = ""
    ok: bool = False

    def to_dict(self, include_source: bool = False) -> dict[str, Any]:
        return {"index": self.index, "error": f"{self.error_type}: {self.message}",
                "method": self.method}

    def __str__(self) -> str:
        return f"<error on item {self.index}: {self.error_type}: {self.message}>"
