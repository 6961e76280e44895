"""A corpus-level view of a benchmark run: one row per article, each method's scores as small
bars, worst-faithfulness articles first; pick an article (or filter the list) to open its
side-by-side view.

Each recorded summary is re-checked against its article with ``check_summary`` (support, and
``Summary.faithfulness`` / fact flags where this version has them), and scored with ROUGE-Lsum
against the article's reference. The rows are plain data (``rows``, ``to_frame()``); the view
is static HTML (exported notebooks show it) and, in a live notebook, an ipywidgets app with a
text filter, a sort order and an article list that opens the side-by-side comparison.

Example:
    >>> from summarize.bench import run_benchmark, corpus_from_records  # doctest: +SKIP
    >>> view = corpus_view(run_dir, corpus)                                  # doctest: +SKIP
    >>> view                       # the table and the article picker       # doctest: +SKIP
    >>> view.open("doc-17")        # that article's side-by-side view       # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any, Sequence

from ..summary import plural
from .display import FONT, faithfulness_of

__all__ = ["corpus_view", "CorpusView", "ORDERS"]

ORDERS = {
    "worst faithfulness first": ("score", False),
    "best faithfulness first": ("score", True),
    "lowest ROUGE-Lsum first": ("rouge", False),
    "corpus order": ("position", False),
}
_BOX = (f"{FONT};font-size:13px;line-height:1.4;color:#1f2328;background:#ffffff;"
        "max-width:100%;box-sizing:border-box;overflow-wrap:anywhere")
_TH = "border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:left;font-weight:600"
_TD = "border-bottom:1px solid #eaeef2;padding:4px 6px;vertical-align:top"


def _bar(value: float | None, colour: str, label: str) -> str:
    """A small horizontal bar for a score in [0, 1] with its number beside it (text for screen
    readers and exports without styles)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return (f'<div style="font-size:11px;color:#57606a">{escape(label)} n/a</div>')
    v = min(max(float(value), 0.0), 1.0)
    return (f'<div class="sz-bar" style="display:flex;align-items:center;gap:4px;font-size:11px;'
            f'color:#57606a" title="{escape(label)} {v:.2f}"><span style="flex:1 1 0;min-width:2em;'
            f'height:6px;background:#eaeef2;border-radius:3px;position:relative" role="img" '
            f'aria-label="{escape(label)} {v:.2f}"><span style="position:absolute;left:0;top:0;'
            f'bottom:0;width:{100 * v:.1f}%;background:{colour};border-radius:3px"></span></span>'
            f'<span style="flex:0 0 auto">{escape(label)} {v:.2f}</span></div>')


def _faith_colour(v: float | None) -> str:
    if v is None:
        return "#8c959f"
    return "#1a7f37" if v >= 0.8 else "#bf8700" if v >= 0.5 else "#cf222e"


class CorpusView:
    """Per-article scores of a benchmark run, and the view over them.

    ``rows``: one dict per article (``doc_id``, ``position``, ``opening``, ``score`` = the worst
    method's faithfulness on it, ``rouge`` = the worst method's ROUGE-Lsum F1 / 100, and
    ``methods``: method -> ``{"faithfulness", "support_min", "rouge", "words", "error"}``).
    ``faithfulness`` is ``Summary.faithfulness`` where this version of ``summarize`` has it, else
    the worst sentence's support (``measure`` says which).
    """

    def __init__(self, run: Any, corpus: Any, methods: Sequence[str] | None = None,
                 page_size: int = 25, published: str | Sequence[str] | None = None) -> None:
        from ..bench.runner import RunResult, read_run

        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"page_size must be a positive int, got {page_size!r}")
        self.run = run if isinstance(run, RunResult) else read_run(run)
        if corpus is None:
            raise ValueError("give the run's corpus (load_corpus(...)): the view needs the "
                             "articles and references, which the run folder does not store")
        self.corpus = corpus
        known = self.run.methods
        chosen = list(known if methods is None else methods)
        missing = [m for m in chosen if m not in known]
        if missing:
            raise ValueError(f"methods not in this run: {missing}; the run has {known}")
        if not chosen:
            raise ValueError("the run has no methods to show")
        records = [r for r in self.run.records if r["method"] in chosen]
        if published is not None:
            from ..bench.published import published_records, system_label

            pub = [dict(r, method=system_label(r["method"]))
                   for r in published_records(corpus, published)]
            chosen += list(dict.fromkeys(r["method"] for r in pub))
            records += pub
        self.methods = chosen
        self.page_size = page_size
        self._docs = {d.id: d for d in corpus.docs}
        self._records = {(r["method"], r["doc_id"]): r for r in records}
        self._summaries: dict[str, dict[str, Any]] = {}
        self.measure = "faithfulness"
        self.rows = [self._row(k, d) for k, d in enumerate(corpus.docs)]
        self._widget: Any = None

    # ------------------------------------------------------------------ data

    def summaries(self, doc_id: str) -> dict[str, Any]:
        """method -> ``Summary`` (re-checked against the article) or ``SummaryError``."""
        if doc_id not in self._docs:
            raise KeyError(f"no article {doc_id!r} in this corpus")
        if doc_id in self._summaries:
            return self._summaries[doc_id]
        from .checking import check_summary
        from ..summary import SummaryError

        doc = self._docs[doc_id]
        out: dict[str, Any] = {}
        for i, m in enumerate(self.methods):
            rec = self._records.get((m, doc_id))
            if rec is None:
                out[m] = SummaryError(i, "MissingOutput", "the run has no output for this "
                                      "article", m)
            elif not rec.get("ok") or not str(rec.get("summary") or "").strip():
                out[m] = SummaryError(i, "Failed", str(rec.get("error") or "empty summary"), m)
            else:
                s = check_summary(doc.source, str(rec["summary"]), method=m)
                selected = tuple(int(j) for j in rec.get("selected") or ()
                                 if isinstance(j, int) and 0 <= j < len(s.source_sentences))
                kind = str(rec.get("kind") or ("extractive" if selected else s.kind))
                out[m] = replace(s, selected=selected, kind=kind,
                                 elapsed_s=float(rec.get("latency_s") or 0.0))
        self._summaries[doc_id] = out
        return out

    def _row(self, position: int, doc: Any) -> dict[str, Any]:
        from ..metrics.rouge import rouge_scores

        per: dict[str, dict[str, Any]] = {}
        for m, s in self.summaries(doc.id).items():
            if not s.ok:
                per[m] = {"faithfulness": None, "support_min": None, "rouge": None, "words": 0,
                          "error": s.message}
                continue
            faith = faithfulness_of(s)
            support_min = min((x.score for x in s.support), default=0.0)
            if faith is None:
                self.measure = "worst-sentence support"
                faith = support_min
            rouge = (rouge_scores(s.text, list(doc.references))["rougeLsum"].fmeasure
                     if doc.references and any(r.strip() for r in doc.references) else None)
            per[m] = {"faithfulness": faith, "support_min": support_min, "rouge": rouge,
                      "words": s.n_words, "error": ""}
        faiths = [v["faithfulness"] for v in per.values() if v["faithfulness"] is not None]
        rouges = [v["rouge"] for v in per.values() if v["rouge"] is not None]
        words = doc.source.split()
        opening = " ".join(words[:14]) + (" \u2026" if len(words) > 14 else "")
        return {"doc_id": doc.id, "position": position, "opening": opening,
                "score": min(faiths) if faiths else None,
                "rouge": min(rouges) if rouges else None, "methods": per}

    def ordered(self, order: str = "worst faithfulness first", query: str = "") -> list[dict]:
        """The rows in ``order`` (a key of :data:`ORDERS`), keeping those whose id or opening
        contains ``query`` (case-insensitive)."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {list(ORDERS)}, got {order!r}")
        key, reverse = ORDERS[order]
        q = str(query).strip().lower()
        rows = [r for r in self.rows
                if not q or q in str(r["doc_id"]).lower() or q in r["opening"].lower()]
        missing = [r for r in rows if r[key] is None]
        # ties (e.g. every extractive summary fully supported) broken by ROUGE, then position
        rows = sorted((r for r in rows if r[key] is not None),
                      key=lambda r: (r[key], -1.0 if r["rouge"] is None else r["rouge"],
                                     -r["position"] if reverse else r["position"]),
                      reverse=reverse)
        return rows + missing

    def to_frame(self) -> Any:
        """One row per (article, method) as a pandas DataFrame."""
        import pandas as pd

        flat = [{"doc_id": r["doc_id"], "method": m, **v} for r in self.rows
                for m, v in r["methods"].items()]
        return pd.DataFrame(flat)

    def comparison(self, doc_id: str) -> Any:
        """The :class:`~summarize.notebook.comparison.Comparison` of the methods on one article."""
        from .comparison import Comparison

        return Comparison.from_results(self.summaries(doc_id))

    def open(self, doc_id: str) -> Any:
        """Show ``doc_id``'s side-by-side view in the widget (and return the Comparison)."""
        table = self.comparison(doc_id)
        if self._widget is not None:
            from .sidebyside import comparison_view_html

            self._detail.value = (f'<div style="{_BOX};font-weight:600;margin:6px 0">Article '
                                  f'{escape(str(doc_id))}</div>' + comparison_view_html(table))
            if self._pick.value != doc_id:
                self._pick.value = doc_id
        return table

    # ------------------------------------------------------------------ HTML

    def table_html(self, order: str = "worst faithfulness first", query: str = "",
                   limit: int | None = None) -> str:
        """The static table: one row per article, each method's faithfulness and ROUGE-Lsum as
        small bars, worst first; all text escaped."""
        rows = self.ordered(order, query)
        shown = rows[: (self.page_size if limit is None else limit)]
        head = "".join(f'<th scope="col" style="{_TH}">{escape(str(m))}</th>' for m in self.methods)
        body = []
        for r in shown:
            cells = [f'<th scope="row" style="{_TD};font-weight:400;text-align:left">'
                     f'<b>{escape(str(r["doc_id"]))}</b><div style="font-size:11px;'
                     f'color:#57606a">{escape(r["opening"])}</div></th>']
            for m in self.methods:
                v = r["methods"][m]
                if v["error"]:
                    cells.append(f'<td class="sz-error" style="{_TD};color:#a40e26;font-size:11px">'
                                 f'{escape(v["error"])}</td>')
                    continue
                cells.append(f'<td style="{_TD}">'
                             + _bar(v["faithfulness"], _faith_colour(v["faithfulness"]),
                                    "faith" if self.measure == "faithfulness" else "support")
                             + _bar(v["rouge"], "#0969da", "R-Lsum") + "</td>")
            body.append(f'<tr class="sz-article" data-doc="{escape(str(r["doc_id"]))}">'
                        + "".join(cells) + "</tr>")
        more = len(rows) - len(shown)
        note = (f"{plural(len(rows), 'article')}"
                + (f" ({more} more not shown; filter to find them)" if more > 0 else "")
                + f" &middot; {escape(order)} &middot; faith = {escape(self.measure)} "
                "(0-1, higher is better), R-Lsum = ROUGE-Lsum F1 against the reference")
        return (f'<div class="summarize-corpus" style="{_BOX}"><div style="font-size:12px;'
                f'color:#57606a;margin-bottom:4px">{note}</div><div style="overflow-x:auto;'
                f'max-width:100%"><table style="border-collapse:collapse;width:100%;'
                f'table-layout:fixed"><thead><tr><th scope="col" style="{_TH};width:28%">'
                f"article</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
                "</div>")

    def _repr_html_(self) -> str:
        return self.table_html()

    # ------------------------------------------------------------------ widget

    @property
    def widget(self) -> Any:
        """The ipywidgets app: filter box, order, article list (choosing one opens its
        side-by-side view), the table."""
        if self._widget is None:
            self._build()
        return self._widget

    def _build(self) -> None:
        from .explorer import _widgets

        w = _widgets()
        self._query = w.Text(value="", placeholder="filter by id or words",
                             description="Filter", continuous_update=False)
        self._order = w.Dropdown(options=list(ORDERS), value="worst faithfulness first",
                                 description="Order")
        # full width less the widget's own 2px margins, so it never overflows the output
        self._pick = w.Select(options=[], rows=8, description="Open",
                              layout=w.Layout(width="calc(100% - 4px)"))
        self._query.add_class("summarize-corpus-filter")
        self._pick.add_class("summarize-corpus-pick")
        self._table = w.HTML()
        self._detail = w.HTML()
        self._refresh()
        self._query.observe(lambda _c: self._refresh(), names="value")
        self._order.observe(lambda _c: self._refresh(), names="value")
        self._pick.observe(self._on_pick, names="value")
        self._widget = w.VBox([w.HBox([self._query, self._order],
                                      layout=w.Layout(flex_flow="row wrap")),
                               self._pick, self._table, self._detail])
        self._widget.add_class("summarize-corpus-view")

    def _label(self, r: dict) -> str:
        score = "n/a" if r["score"] is None else f"{r['score']:.2f}"
        what = "worst faithfulness" if self.measure == "faithfulness" else self.measure
        return f"{r['doc_id']} \u00b7 {what} {score} \u00b7 {r['opening'][:60]}"

    def _refresh(self) -> None:
        rows = self.ordered(self._order.value, self._query.value)
        self._pick.options = [(self._label(r), r["doc_id"]) for r in rows]
        self._table.value = self.table_html(self._order.value, self._query.value)
        if not rows:
            self._detail.value = ""
        elif len(rows) == 1:  # the filter found one article: open it
            self._pick.value = rows[0]["doc_id"]

    def _on_pick(self, change: dict) -> None:
        if change["new"] is not None:
            self.open(change["new"])

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):  # a static export (no widget state) shows the table
            bundle = dict(bundle)
            bundle["text/html"] = self.table_html()
        return bundle


def corpus_view(run: Any, corpus: Any, methods: Sequence[str] | None = None,
                page_size: int = 25, published: str | Sequence[str] | None = None) -> CorpusView:
    """The corpus view of a benchmark run (a run folder, ``benchmark()``'s table, or a
    ``RunResult``) over its ``corpus``.

    Args:
        run: the run folder (``benchmark(..., out=...)``), the table ``benchmark()`` returned
            (it remembers its folder), or ``read_run(...)``.
        corpus: the ``Corpus`` the run used (articles and references).
        methods: the methods to show (default: every method of the run).
        page_size: rows in the static table (the filter finds the others).
        published: also show the corpus's published systems ("headline", "all" or ids), as
            ``benchmark(published=...)`` does.
    """
    attrs = getattr(run, "attrs", None)
    if isinstance(attrs, dict) and "out" in attrs:
        run = Path(attrs["out"])
    return CorpusView(run, corpus, methods=methods, page_size=page_size, published=published)
