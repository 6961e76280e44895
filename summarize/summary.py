"""The ``Summary`` result type: the summary, how it was made, and where each sentence came from.

Example:
    >>> from summarize import summarize
    >>> s = summarize("Rain fell. The river rose. Roads closed. Schools shut.", sentences=1)
    >>> s.text, s.support[0].source_indices
    ('Rain fell.', (0,))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any, Callable

from .text.sentences import Sentence

__all__ = ["Summary", "SentenceSupport", "SummaryError", "FactFlag", "set_html_view", "plural",
           "result_from_record", "RECORD_SCHEMA", "RECORD_VERSION"]

# The rich notebook view (``summarize.notebook.display.summary_html``). This module sits below
# the notebook layer and never imports it: the package root installs the view.
_html_view: Callable[["Summary"], str] | None = None


def set_html_view(view: Callable[["Summary"], str] | None) -> None:
    """Install the function that renders ``Summary._repr_html_`` (None: plain escaped text)."""
    global _html_view
    _html_view = view


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one.

    Example:
        >>> plural(1, "sentence"), plural(3, "sentence"), plural(0, "word")
        ('1 sentence', '3 sentences', '0 words')
    """
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


#: the kinds of :class:`FactFlag`
FLAG_KINDS = ("number", "date", "entity", "quantity", "negation", "joined", "novel")


@dataclass(frozen=True)
class FactFlag:
    """A span of a summary sentence that its source does not back.

    ``kind`` is one of ``FLAG_KINDS``: "number", "date", "entity", "quantity" (a number with its
    unit), "negation", "joined" (two phrases joined that the source keeps apart) or "novel" (a
    word appearing nowhere in the source); ``text`` is the summary
    words, ``start``/``end`` their character offsets inside that summary sentence; ``source`` is
    what the aligned source text has instead ("" if nothing).

    Example:
        >>> f = FactFlag("date", "Thursday", 31, 39, source="Friday")
        >>> f.describe()
        "date 'Thursday' (source has 'Friday')"
    """

    kind: str
    text: str
    start: int
    end: int
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise ValueError(f"FactFlag.kind must be one of {FLAG_KINDS}, got {self.kind!r}")

    def describe(self) -> str:
        """A short plain-text reason, e.g. ``date 'Thursday' (source has 'Friday')``."""
        if self.kind == "novel":
            return f"{self.text!r} appears nowhere in the source"
        tail = f" (source has {self.source!r})" if self.source else " (not in the aligned source)"
        return f"{self.kind} {self.text!r}{tail}"


@dataclass(frozen=True)
class SentenceSupport:
    """Provenance of one summary sentence.

    ``source_indices`` are indices into ``Summary.source_sentences`` that the sentence was copied
    from (extractive) or is supported by (abstractive), best first; ``scores`` are the matching
    support scores in [0, 1]; ``supported`` is False when no source sentence supports it enough.
    ``kept``: for an extractive sentence shortened to fit a word budget (compressed at clause
    boundaries, or truncated), the exact ``[start, end)`` ranges of ``Summary.source`` it is made
    of, in order; empty when the whole source sentence was copied.
    ``faithfulness`` is the sentence's faithfulness score in [0, 1] when a faithfulness scorer
    checked it (None otherwise); ``flags`` are the :class:`FactFlag` spans it found, with offsets
    inside this summary sentence.
    ``replaced`` says when a model's summary holds a source sentence instead of its own
    (``summarize.methods.models.faithful``): "unsupported" (it stands in for a generated sentence the
    source did not support) or "missing" (added to reach the sentences asked for); "" otherwise.
    """

    source_indices: tuple[int, ...]
    scores: tuple[float, ...]
    supported: bool = True
    scorer: str = "extractive"
    kept: tuple[tuple[int, int], ...] = ()
    faithfulness: float | None = None
    flags: tuple[FactFlag, ...] = ()
    replaced: str = ""

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
        extra: method-specific notes (``truncated``, a model's raw output, ...).
        kind: the producing method's kind ("extractive", "abstractive"; "external" for
            ``check_summary``), set by the method layer from the method's class.
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
    kind: str = ""

    ok = True  # a successful result (batch results may hold ``SummaryError`` instead)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` character ranges of ``source`` that the summary copies, in order: one
        per selected source sentence, or, for a sentence shortened to fit the budget, one per
        kept piece (``support[i].kept`` groups them by summary sentence). Empty when the source
        is not known (e.g. a summary read back from a record without it)."""
        if not self.source_sentences:
            return []
        out: list[tuple[int, int]] = []
        for k, i in enumerate(self.selected):
            kept = self.support[k].kept if k < len(self.support) else ()
            if kept:
                out.extend(kept)
            else:
                out.append((self.source_sentences[i].start, self.source_sentences[i].end))
        return out

    @property
    def unsupported(self) -> list[int]:
        """Indices of summary sentences that no source sentence supports."""
        return [i for i, s in enumerate(self.support) if not s.supported]

    @property
    def faithfulness(self) -> float | None:
        """The summary's faithfulness in [0, 1]: its weakest sentence's score (a summary is as
        trustworthy as its weakest sentence), or None when no sentence was checked for
        faithfulness (``check_summary`` checks them by default).

        Example:
            >>> sup = (SentenceSupport((0,), (1.0,), faithfulness=1.0),
            ...        SentenceSupport((1,), (0.5,), faithfulness=0.5))
            >>> Summary("A. B.", ("A.", "B."), "x", {}, "A. B.", (), support=sup).faithfulness
            0.5
        """
        values = [s.faithfulness for s in self.support if s.faithfulness is not None]
        return min(values) if values else None

    @property
    def replaced(self) -> list[int]:
        """Indices of summary sentences that are source sentences standing in for (or added
        to) a model's own sentences (see ``SentenceSupport.replaced``)."""
        return [i for i, s in enumerate(self.support) if s.replaced]

    @property
    def n_words(self) -> int:
        from .text.tokens import count_words

        return count_words(self.text)

    def to_record(self, include_source: bool = False) -> dict[str, Any]:
        """The one plain-data form of a finished summary: JSON-ready, versioned
        (``RECORD_VERSION``); the source text itself only with ``include_source=True``.
        Benchmark run files, Ray columns and the compare table are built from it.

        Example:
            >>> from summarize import summarize
            >>> rec = summarize("Rain fell. Roads shut.", sentences=1).to_record()
            >>> rec["summary"], rec["support"][0]["source_indices"], rec["version"]
            ('Rain fell.', [0], 1)
        """
        out: dict[str, Any] = {
            "schema": RECORD_SCHEMA,
            "version": RECORD_VERSION,
            "ok": True,
            "method": self.method,
            "kind": self.kind,
            "summary": self.text,
            "sentences": list(self.sentences),
            "n_words": self.n_words,
            "params": _jsonable(self.params),
            "selected": list(self.selected),
            "spans": [list(s) for s in self.spans],
            "support": [_support_record(s) for s in self.support],
            "elapsed_s": float(self.elapsed_s),
            "extra": _jsonable(self.extra),
        }
        if include_source:
            out["source"] = self.source
            out["source_sentences"] = [
                {"text": s.text, "start": s.start, "end": s.end} for s in self.source_sentences
            ]
        return out

    def to_dict(self, include_source: bool = False) -> dict[str, Any]:
        """Same as :meth:`to_record` (kept for code written before 0.2)."""
        return self.to_record(include_source)

    @classmethod
    def from_record(cls, record: Any, source: str | None = None) -> "Summary":
        """A ``Summary`` from :meth:`to_record` output (e.g. read back from disk: checked, a bad
        record is a ``ValueError`` naming the problem). Without a source in the record, pass
        the cleaned ``source`` text to restore ``source_sentences``.

        Example:
            >>> from summarize import summarize
            >>> s = summarize("Rain fell. Roads shut.", sentences=1)
            >>> Summary.from_record(s.to_record(include_source=True)) == s
            True
        """
        rec = _check_record(record, ok=True)
        sentences = _str_list(rec, "sentences")
        text = _field(rec, "summary", str)
        src_text = rec.get("source", source)
        if src_text is not None and not isinstance(src_text, str):
            raise ValueError("summary record: 'source' must be a string")
        if "source_sentences" in rec:
            items = _field(rec, "source_sentences", list)
            try:
                src_sents = tuple(Sentence(str(x["text"]), int(x["start"]), int(x["end"]), i)
                                  for i, x in enumerate(items))
            except (TypeError, KeyError, ValueError):
                raise ValueError("summary record: 'source_sentences' must hold "
                                 "{text, start, end} objects") from None
        elif src_text is not None:
            from .text.sentences import split_sentences

            src_sents = tuple(split_sentences(src_text))
        else:
            src_sents = ()
        support = tuple(_support_from_record(x) for x in _field(rec, "support", list))
        if len(support) not in (0, len(sentences)):
            raise ValueError(f"summary record: {len(support)} support entries for "
                             f"{len(sentences)} sentences")
        return cls(
            text=text, sentences=tuple(sentences), method=_field(rec, "method", str),
            params=dict(_field(rec, "params", dict)), source=src_text or "",
            source_sentences=src_sents,
            selected=tuple(_int_list(rec, "selected")), support=support,
            elapsed_s=float(_field(rec, "elapsed_s", (int, float))),
            extra=dict(rec.get("extra") or {}), kind=str(rec.get("kind", "")),
        )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        head = (f"Summary(method={self.method!r}, {plural(len(self.sentences), 'sentence')}, "
                f"{plural(self.n_words, 'word')})")
        lines = [head]
        for i, (sent, sup) in enumerate(zip(self.sentences, self.support)):
            src = ",".join(f"S{j}" for j in sup.source_indices[:3]) or "-"
            flag = "" if sup.supported else "  [unsupported]"
            if sup.replaced:
                flag += ("  [source sentence: replaces an unsupported model sentence]"
                         if sup.replaced == "unsupported" else
                         "  [source sentence: added to reach the length asked for]")
            lines.append(f"  [{i}] {sent}  <- source {src}{flag}")
            lines.extend(f"      ! {f.describe()}" for f in sup.flags)
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

    def to_record(self, include_source: bool = False) -> dict[str, Any]:
        """The record of a failed item (same schema and version as ``Summary.to_record``)."""
        return {"schema": RECORD_SCHEMA, "version": RECORD_VERSION, "ok": False,
                "index": self.index, "method": self.method, "error_type": self.error_type,
                "message": self.message, "error": f"{self.error_type}: {self.message}"}

    def to_dict(self, include_source: bool = False) -> dict[str, Any]:
        """Same as :meth:`to_record` (kept for code written before 0.2)."""
        return self.to_record(include_source)

    @classmethod
    def from_record(cls, record: Any) -> "SummaryError":
        """A ``SummaryError`` from its record (checked like ``Summary.from_record``)."""
        rec = _check_record(record, ok=False)
        return cls(int(_field(rec, "index", int)), _field(rec, "error_type", str),
                   _field(rec, "message", str), _field(rec, "method", str))

    def __str__(self) -> str:
        return f"<error on item {self.index}: {self.error_type}: {self.message}>"


RECORD_SCHEMA = "summarize.summary"
RECORD_VERSION = 1


def result_from_record(record: Any, source: str | None = None) -> Summary | SummaryError:
    """``Summary`` or ``SummaryError``, whichever the record holds (its ``ok`` field).

    Example:
        >>> result_from_record(SummaryError(3, "ValueError", "empty").to_record()).index
        3
    """
    if isinstance(record, dict) and record.get("ok") is False:
        return SummaryError.from_record(record)
    return Summary.from_record(record, source)


def _check_record(record: Any, ok: bool) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ValueError(f"summary record must be a dict, got {type(record).__name__}")
    if record.get("schema") != RECORD_SCHEMA:
        raise ValueError(f"not a summary record (schema {record.get('schema')!r}, expected "
                         f"{RECORD_SCHEMA!r})")
    version = record.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= RECORD_VERSION:
        raise ValueError(f"summary record version {version!r} is not supported (this library "
                         f"reads 1 to {RECORD_VERSION})")
    if record.get("ok") is not ok:
        raise ValueError(f"summary record has ok={record.get('ok')!r}; expected {ok}")
    return record


def _field(rec: dict[str, Any], key: str, types: Any) -> Any:
    if key not in rec:
        raise ValueError(f"summary record has no {key!r}")
    value = rec[key]
    if isinstance(value, bool) and types is not bool or not isinstance(value, types):
        raise ValueError(f"summary record: {key!r} has type {type(value).__name__}")
    return value


def _str_list(rec: dict[str, Any], key: str) -> list[str]:
    items = _field(rec, key, list)
    if not all(isinstance(x, str) for x in items):
        raise ValueError(f"summary record: {key!r} must hold strings")
    return items


def _int_list(rec: dict[str, Any], key: str) -> list[int]:
    items = _field(rec, key, list)
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in items):
        raise ValueError(f"summary record: {key!r} must hold integers")
    return items


def _support_record(s: SentenceSupport) -> dict[str, Any]:
    out = {"source_indices": list(s.source_indices), "scores": [float(x) for x in s.scores],
           "supported": s.supported, "scorer": s.scorer}
    if s.kept:
        out["kept"] = [list(r) for r in s.kept]
    if s.faithfulness is not None:
        out["faithfulness"] = float(s.faithfulness)
        out["flags"] = [asdict(f) for f in s.flags]
    if s.replaced:  # only where a source sentence stands in a model summary
        out["replaced"] = s.replaced
    return out


def _support_from_record(x: Any) -> SentenceSupport:
    try:
        idx = tuple(int(i) for i in x["source_indices"])
        scores = tuple(float(v) for v in x["scores"])
        supported, scorer = x["supported"], x["scorer"]
    except (TypeError, KeyError, ValueError):
        raise ValueError("summary record: a support entry is not {source_indices, scores, "
                         "supported, scorer}") from None
    if len(idx) != len(scores) or not isinstance(supported, bool) or not isinstance(scorer, str):
        raise ValueError("summary record: a support entry is malformed")
    replaced = x.get("replaced", "") if isinstance(x, dict) else ""
    if replaced not in ("", "unsupported", "missing"):
        raise ValueError("summary record: a support entry's 'replaced' is not '', 'unsupported' "
                         "or 'missing'")
    try:
        kept = tuple((int(a), int(b)) for a, b in x.get("kept", ()))
    except (TypeError, ValueError):
        raise ValueError("summary record: 'kept' must be a list of [start, end] pairs") from None
    if any(not 0 <= a <= b for a, b in kept):
        raise ValueError("summary record: a 'kept' range is not 0 <= start <= end")
    faith = x.get("faithfulness")
    if faith is None:
        return SentenceSupport(idx, scores, supported, scorer, kept=kept, replaced=replaced)
    if isinstance(faith, bool) or not isinstance(faith, (int, float)) or not 0.0 <= faith <= 1.0:
        raise ValueError("summary record: 'faithfulness' must be a number in [0, 1]")
    try:
        flags = tuple(FactFlag(str(f["kind"]), str(f["text"]), int(f["start"]), int(f["end"]),
                               str(f.get("source", ""))) for f in x.get("flags") or ())
    except (TypeError, KeyError, ValueError, AttributeError):
        raise ValueError("summary record: 'flags' must hold {kind, text, start, end, source} "
                         f"objects with kind in {FLAG_KINDS}") from None
    return SentenceSupport(idx, scores, supported, scorer, kept=kept, faithfulness=float(faith),
                           flags=flags, replaced=replaced)


def _jsonable(value: Any) -> Any:
    """Plain JSON data: dicts with str keys, lists, str, int, float, bool, None (anything else
    becomes its name or ``str``)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else str(value)
