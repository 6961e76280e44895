"""Side-by-side comparison of methods on one text: in Jupyter the source beside one annotated
card per method (``sidebyside``), with length, time and reference-free metrics; the metric table
as HTML (behind a toggle in the view) or a pandas DataFrame.

(The module is ``comparison``, not ``compare``, so that importing it never shadows the
``summarize.compare`` function.)

Example:
    >>> from summarize import compare
    >>> text = "Rain fell all night. The river rose. Roads closed at dawn. Schools shut."
    >>> table = compare(text, methods=["lead", "textrank"], sentences=1)
    >>> table.to_frame().loc["lead", "summary"]
    'Rain fell all night.'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Sequence

from ..summary import SentenceSupport, Summary, SummaryError

__all__ = ["compare", "Comparison", "COLUMNS"]

DEFAULT_METHODS = ("lead", "textrank", "lexrank", "centroid", "auto")

# column -> meaning; the order of the table and of ``to_frame()``
COLUMNS = {
    "kind": "extractive or abstractive",
    "summary": "the summary text",
    "words": "summary length in words",
    "sentences": "summary length in sentences",
    "compression": "source words / summary words (higher = shorter summary)",
    "time_s": "seconds to produce the summary (model load included on first use)",
    "support_mean": "mean over summary sentences of the best source-sentence support, 0-1",
    "support_min": "support of the worst-supported summary sentence, 0-1",
    "unsupported": "summary sentences that no source sentence supports",
    "coverage": "share of summary words inside fragments copied from the source, 0-1",
    "density": "mean squared length of copied fragments (high = long verbatim copies)",
    "novel_2gram": "share of summary bigrams that never occur in the source, 0-1",
    "redundancy": "share of repeated word trigrams inside the summary, 0-1",
    "error": "why the method failed on this text (empty when it worked)",
}


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: one row per method.

    ``results[method]`` is the method's :class:`Summary` (rich display in Jupyter) or a
    :class:`SummaryError`; ``rows`` are plain dicts keyed by :data:`COLUMNS` plus ``method``.
    """

    rows: tuple[dict[str, Any], ...]
    results: dict[str, Summary | SummaryError] = field(default_factory=dict)
    scorer: str = "lexical"
    support: dict[str, tuple[SentenceSupport, ...]] = field(default_factory=dict)
    length: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_results(cls, results: dict[str, Summary | SummaryError], scorer: Any = "lexical",
                     threshold: float | None = None,
                     length: dict[str, Any] | None = None) -> "Comparison":
        """Compare summaries made elsewhere (e.g. read back from a benchmark run): every
        summary is scored with the same support ``scorer`` / ``threshold``.

        Example:
            >>> from summarize import check_summary
            >>> c = Comparison.from_results({"editor": check_summary("Rain fell. Roads shut.",
            ...                                                      "Rain fell.")})
            >>> int(c.to_frame().loc["editor", "unsupported"])
            0
        """
        from ..provenance import get_scorer

        scorer_obj = get_scorer(scorer)
        rows, supports = [], {}
        for name, result in results.items():
            row, supports[name] = _row(name, result, scorer_obj, threshold)
            rows.append(row)
        return cls(tuple(rows), dict(results), str(getattr(scorer_obj, "name", scorer)),
                   supports, dict(length or {}))

    def __getitem__(self, method: str) -> Summary | SummaryError:
        return self.results[method]

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by method (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                'Comparison.to_frame() needs pandas: pip install "summarize[notebook]"'
            ) from None
        frame = pd.DataFrame(list(self.rows), columns=["method", *COLUMNS])
        return frame.set_index("method")

    def __repr__(self) -> str:
        from ..summary import plural

        n = plural(len(self.rows), "method")
        lines = [f"Comparison of {n} (support scorer: {self.scorer})"]
        for r in self.rows:
            if r["error"]:
                lines.append(f"  {r['method']:<12} ERROR {r['error']}")
                continue
            lines.append(
                f"  {r['method']:<12} {r['words']:>4} words {r['time_s']:>8.3f} s  "
                f"support {r['support_mean']:.2f} (min {r['support_min']:.2f}, "
                f"{r['unsupported']} unsupported, {r['novel_2gram']:.0%} new bigrams)  "
                f"{_clip(r['summary'], 60)}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from .sidebyside import comparison_view_html

        return comparison_view_html(self, COLUMNS)


def compare(
    text: str,
    methods: Sequence[str] = DEFAULT_METHODS,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    scorer: Any = "lexical",
    method_params: dict[str, dict[str, Any]] | None = None,
    threshold: float | None = None,
) -> Comparison:
    """Summarize ``text`` with each method under the same length limit and tabulate the results.

    Args:
        text: the article.
        methods: method names (see ``list_methods()``), model ids or paths.
        sentences / words / ratio: the length limit shared by every method.
        clean: strip markup and boilerplate first.
        scorer: support scorer ("lexical", "embedding" or an object): every summary is shown
            with support from this scorer (a summary's own support when its method used it,
            and copied sentences, which any scorer fully supports; else scored here).
        threshold: support below this marks a sentence unsupported (default: the scorer's;
            a threshold given re-scores every summary).
        method_params: extra parameters per method, e.g. ``{"mmr": {"diversity": 0.5}}``.

    A method that fails (bad parameters, missing model) gets a row with its error; the others
    are still compared. Bad ``text`` raises a clear ``TypeError``/``ValueError`` at once.

    Example:
        >>> compare("One fact. Another fact. A third.", ["lead"], sentences=1)["lead"].text
        'One fact.'
    """
    from ..methods.registry import get_summarizer
    from ..text.document import check_text
    from ..text.length import LengthRequest
    from ..provenance import get_scorer

    check_text(text)
    length = LengthRequest.from_args(sentences, words, ratio)  # bad limits fail before any work
    if isinstance(methods, str):
        raise TypeError(f"methods must be a list of method names, e.g. [{methods!r}]")
    methods = list(methods)
    if not methods:
        raise ValueError("methods is empty; pass at least one method name")
    names = [m if isinstance(m, str) else get_summarizer(m).name for m in methods]
    if len(set(names)) != len(names):
        raise ValueError(f"methods contains duplicates: {names}")
    method_params = dict(method_params or {})
    unknown = set(method_params) - set(names)
    if unknown:
        raise ValueError(f"method_params names methods not compared: {sorted(unknown)}")
    get_scorer(scorer)  # a bad scorer fails before any summary is made
    results: dict[str, Summary | SummaryError] = {}
    for i, (name, method) in enumerate(zip(names, methods)):
        try:
            summarizer = get_summarizer(method, **method_params.get(name, {}))
            results[name] = summarizer.summarize_text(text, length, clean=clean)
        except (TypeError, ValueError, ImportError, OSError, RuntimeError) as exc:
            results[name] = SummaryError(i, type(exc).__name__, str(exc), name)
    return Comparison.from_results(results, scorer=scorer, threshold=threshold,
                                   length=length.as_dict())


def _row(name: str, result: Summary | SummaryError, scorer: Any,
         threshold: float | None = None) -> tuple[dict[str, Any], tuple[SentenceSupport, ...]]:
    """One table row, read from the result's record (``to_record``); support is the summary's
    own when its method made it with ``scorer`` at the default threshold (else scored here,
    once)."""
    nan = float("nan")
    rec = result.to_record()
    if not rec["ok"]:
        return {"method": name, "kind": "", "summary": "", "words": 0, "sentences": 0,
                "compression": nan, "time_s": nan, "support_mean": nan, "support_min": nan,
                "unsupported": 0, "coverage": nan, "density": nan, "novel_2gram": nan,
                "redundancy": nan, "error": rec["error"]}, ()
    from ..metrics import extractiveness
    from ..provenance.support import reusable_support, sentence_support

    assert isinstance(result, Summary)
    support = reusable_support(result, scorer, threshold)
    if support is None:
        support = sentence_support(list(result.sentences),
                                   [s.text for s in result.source_sentences], scorer=scorer,
                                   threshold=threshold)
    best = [s.score for s in support]
    ext = extractiveness(result.text, result.source)
    row = {
        "method": name,
        "kind": rec["kind"],
        "summary": rec["summary"],
        "words": rec["n_words"],
        "sentences": len(rec["sentences"]),
        "compression": ext["compression"] if result.text.strip() else nan,
        "time_s": rec["elapsed_s"],
        "support_mean": sum(best) / len(best) if best else nan,
        "support_min": min(best) if best else nan,
        "unsupported": sum(not s.supported for s in support),
        "coverage": ext["coverage"],
        "density": ext["density"],
        "novel_2gram": ext["novel_2gram"],
        "redundancy": ext["redundancy"],
        "error": "",
    }
    return row, support


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"
