"""Side-by-side comparison of methods on one text: summary, length, time and reference-free
metrics, as an HTML table in Jupyter or a pandas DataFrame.

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
        lines = [f"Comparison of {len(self.rows)} methods (support scorer: {self.scorer})"]
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
        return comparison_html(self)


def compare(
    text: str,
    methods: Sequence[str] = DEFAULT_METHODS,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    clean: bool = True,
    scorer: Any = "lexical",
    method_params: dict[str, dict[str, Any]] | None = None,
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
        method_params: extra parameters per method, e.g. ``{"mmr": {"diversity": 0.5}}``.

    A method that fails (bad parameters, missing model) gets a row with its error; the others
    are still compared. Bad ``text`` raises a clear ``TypeError``/``ValueError`` at once.

    Example:
        >>> compare("One fact. Another fact. A third.", ["lead"], sentences=1)["lead"].text
        'One fact.'
    """
    from ..api import summarize
    from ..methods.registry import get_summarizer
    from ..text.document import check_text
    from ..text.length import LengthRequest
    from ..metrics import get_scorer

    check_text(text)
    LengthRequest.from_args(sentences, words, ratio)  # bad limits fail before any work
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
    scorer_obj = get_scorer(scorer)
    rows = []
    results: dict[str, Summary | SummaryError] = {}
    supports: dict[str, tuple[SentenceSupport, ...]] = {}
    for i, (name, method) in enumerate(zip(names, methods)):
        try:
            result: Summary | SummaryError = summarize(
                text, method=method, sentences=sentences, words=words, ratio=ratio,
                clean=clean, **method_params.get(name, {}))
        except (TypeError, ValueError, ImportError, OSError, RuntimeError) as exc:
            result = SummaryError(i, type(exc).__name__, str(exc), name)
        results[name] = result
        row, supports[name] = _row(name, result, scorer_obj)
        rows.append(row)
    return Comparison(tuple(rows), results, str(getattr(scorer_obj, "name", scorer)), supports)


def _row(name: str, result: Summary | SummaryError,
         scorer: Any) -> tuple[dict[str, Any], tuple[SentenceSupport, ...]]:
    """One table row, read from the result's record (``to_record``); support is the summary's
    own when its method made it with ``scorer`` (else scored here, once)."""
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
    support = reusable_support(result, scorer)
    if support is None:
        support = sentence_support(list(result.sentences),
                                   [s.text for s in result.source_sentences], scorer=scorer)
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


_TABLE = ("border-collapse:collapse;font-family:-apple-system,'Segoe UI',Helvetica,Arial,"
          "sans-serif;font-size:13px;color:#1f2328;background:#ffffff")
_TH = "border:1px solid #d0d7de;padding:4px 8px;background:#f6f8fa;text-align:left"
_TD = "border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left"
_NUM = _TD + ";text-align:right;white-space:nowrap"
_BAD = "text-decoration:underline wavy #cf222e;background:#ffebe9"


def comparison_html(table: Comparison) -> str:
    """The HTML table of a :class:`Comparison`; every user string is escaped, unsupported summary
    sentences are underlined in red, the best value of each metric column is bold."""
    numeric = ["words", "sentences", "compression", "time_s", "support_mean", "support_min",
               "unsupported", "coverage", "density", "novel_2gram", "redundancy"]
    best = _best_values(table.rows)
    head = "".join(f'<th style="{_TH}" title="{escape(COLUMNS.get(c, c))}">{escape(c)}</th>'
                   for c in ["method", "kind", "summary", *numeric])
    body = []
    for r in table.rows:
        cells = [f'<td style="{_TD};font-weight:600">{escape(str(r["method"]))}</td>',
                 f'<td style="{_TD}">{escape(r["kind"])}</td>']
        if r["error"]:
            cells.append(f'<td class="sz-error" colspan="{1 + len(numeric)}" '
                         f'style="{_TD};color:#a40e26">{escape(r["error"])}</td>')
        else:
            cells.append(f'<td style="{_TD};min-width:320px">{_summary_cell(table, r)}</td>')
            for c in numeric:
                v = r[c]
                txt = _fmt(c, v)
                weight = ";font-weight:700" if c in best and v == best[c] else ""
                cells.append(f'<td style="{_NUM}{weight}">{txt}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = (f'<caption style="caption-side:bottom;font-size:12px;color:#57606a;'
               f'text-align:left">support scorer: {escape(table.scorer)}; bold = best in column;'
               f' red underline = unsupported sentence</caption>')
    return (f'<table class="summarize-compare" style="{_TABLE}">{caption}<thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table>')


def _summary_cell(table: Comparison, row: dict[str, Any]) -> str:
    result = table.results.get(row["method"])
    support = table.support.get(row["method"], ())
    if not isinstance(result, Summary):
        return escape(row["summary"])
    parts = []
    for sent, sup in zip(result.sentences, support):
        if sup.supported:
            parts.append(escape(sent))
        else:
            parts.append(f'<span class="sz-unsupported" style="{_BAD}" title="unsupported '
                         f'(best support {sup.score:.2f})">{escape(sent)}</span>')
    return " ".join(parts)


def _best_values(rows: tuple[dict[str, Any], ...]) -> dict[str, float]:
    ok = [r for r in rows if not r["error"]]
    if len(ok) < 2:
        return {}
    out = {}
    for col, pick in (("time_s", min), ("support_mean", max), ("support_min", max),
                      ("unsupported", min), ("redundancy", min)):
        vals = [r[col] for r in ok if r[col] == r[col]]  # drop NaN
        if vals and len(set(vals)) > 1:
            out[col] = pick(vals)
    return out


def _fmt(col: str, v: Any) -> str:
    if isinstance(v, float):
        if v != v:
            return ""
        if col == "time_s":
            return f"{v:.3f}"
        return f"{v:.2f}"
    return escape(str(v))
