"""The side-by-side view of a ``Comparison`` (``compare()``): the page header when the source was
a web page (title, byline, site, date, link; escaped), the source on one side
(a minimap strip per method of where it draws from; folded around the used sentences when long),
each method's summary as a card with its key numbers (length, time, support, faithfulness,
coherence) and the same annotations as a single ``Summary`` (shared runs underlined in the
colour of their summary sentence, novel words bold, flagged facts red with what the source has),
and the full metric table behind a ``<details>`` toggle.

Static HTML with inline styles only: no JavaScript, no fixed widths (the two columns wrap under
each other in a narrow notebook), every user string escaped.

Example:
    >>> from summarize import compare
    >>> view = comparison_view_html(compare("Rain fell. The river rose. Roads shut.", ["lead"],
    ...                                     sentences=1))
    >>> 'class="summarize-compare"' in view and "sz-card" in view
    True
"""

from __future__ import annotations

import math
import uuid
from html import escape
from typing import Any

from ..summary import Summary, plural
from .annotate import Annotation, annotate
from .display import (FONT, LEGEND, coherence_of, duration, faithfulness_of, kind_of,
                      minimap_html, page_header_html, sentence_items, source_panel,
                      underlined_source, visible)

__all__ = ["comparison_view_html"]

_BOX = (f"{FONT};font-size:14px;line-height:1.5;color:#1f2328;background:#ffffff;"
        "border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;max-width:100%;"
        "box-sizing:border-box;overflow-wrap:anywhere")
_HEAD = "font-weight:600;margin:4px 0"
_SMALL = "font-size:12px;color:#57606a"
_CARD = ("border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;min-width:0;"
         "box-sizing:border-box;background:#ffffff")
_BADGE = ("display:inline-block;font-size:11px;font-weight:400;padding:0 6px;margin-left:6px;"
          "border-radius:10px;background:#eaeef2;color:#57606a")
_LINK = "color:#0969da;text-decoration:none"
_FULL_SOURCE_SENTENCES = 50


def comparison_view_html(table: Any, columns: dict[str, str] | None = None) -> str:
    """The side-by-side HTML of ``table`` (a ``Comparison``: what its ``_repr_html_`` shows);
    ``columns`` are the metric table's column meanings (tooltips)."""
    uid = "sz-" + uuid.uuid4().hex[:10]
    notes: dict[str, Annotation] = {}
    for name, result in table.results.items():
        if isinstance(result, Summary):
            # copied sentences keep their own provenance (the sentence they were copied from);
            # generated ones show the support the comparison scored for every method alike
            rescored = None if result.selected else (table.support.get(name) or None)
            notes[name] = annotate(result, support=rescored)
    source_of = next((r for r in table.results.values() if isinstance(r, Summary)), None)
    n_ok = len(notes)
    head = (f'<div style="{_HEAD}">Comparison of {plural(len(table.rows), "method")}'
            f'<span style="{_SMALL};font-weight:400">{_limit_text(table)} &middot; support '
            f'scorer: {escape(table.scorer)}</span></div>')
    cards = [_card(table, k, row, notes.get(row["method"]), uid)
             for k, row in enumerate(table.rows)]
    layout = ('<div class="sz-columns" style="display:flex;flex-wrap:wrap;gap:12px;'
               'align-items:flex-start">'
               + (_source_side(table, source_of, notes, uid) if source_of is not None else "")
               + '<div class="sz-cards" style="flex:3 1 340px;min-width:0;display:flex;'
               'flex-direction:column;gap:8px">' + "".join(cards) + "</div></div>")
    legend = (f'<div class="sz-legend" style="font-size:11px;color:#57606a;margin:6px 0">'
              f"{LEGEND}</div>")
    metrics = ('<details class="sz-metrics" style="margin-top:6px"><summary style="cursor:pointer;'
               f'{_SMALL}">Full metric table ({plural(n_ok, "summary", "summaries")}; '
               '<code>.to_frame()</code> gives it as a DataFrame)</summary>'
               '<div style="overflow-x:auto;max-width:100%">'
               + metric_table_html(table, columns or {})
               + "</div></details>")
    page = page_header_html(source_of) if source_of is not None else ""
    return (f'<div class="summarize-compare" id="{uid}" style="{_BOX}">{page}{head}{layout}'
            f'{legend}'
            f"{metrics}</div>")


def _limit_text(table: Any) -> str:
    bits = [f"ratio {v}" if k == "ratio" else plural(int(v), k[:-1])
            for k, v in table.length.items() if k in ("sentences", "words", "ratio")]
    if not bits:
        return ""
    default = " (the API's default)" if table.length.get("default_length") else ""
    return " &middot; same length limit: " + escape(", ".join(bits)) + default


def _source_side(table: Any, summary: Summary, notes: dict[str, Annotation],
                 uid: str) -> str:
    sents = summary.source_sentences
    used: dict[int, list[tuple[int, str]]] = {}  # source sentence -> [(card, method)]
    matches: dict[int, list[tuple[int, int, int]]] = {}
    for k, row in enumerate(table.rows):
        note = notes.get(row["method"])
        if note is None:
            continue
        for j in note.source_usage():
            used.setdefault(j, []).append((k, row["method"]))
    strips = []
    for k, row in enumerate(table.rows):
        result = table.results.get(row["method"])
        note = notes.get(row["method"])
        if isinstance(result, Summary) and note is not None:
            strips.append(minimap_html(result, note, label=str(row["method"]), uid=uid,
                                       href=f"#{uid}-card-{k}", label_width="7em"))
    n_methods = max(1, len(notes))
    context = 2 if len(sents) > _FULL_SOURCE_SENTENCES else None
    keep = visible(len(sents), sorted(used), context)

    def render(j: int, text: str) -> str:
        users = used.get(j)
        if not users:
            return (f'<span id="{uid}-src-{j}" class="sz-src">'
                    f"{underlined_source(summary, j, ())}</span>")
        share = len(users) / n_methods
        names = ", ".join(str(m) for _, m in users)
        title = f"source sentence S{j}: used by {names}"
        badges = ",".join(f'<a href="#{uid}-card-{k}" style="{_LINK}" '
                          f'aria-label="{escape(str(m))} uses this sentence">{k + 1}</a>'
                          for k, m in users)
        return (f'<span id="{uid}-src-{j}" class="sz-src sz-hl" title="{escape(title)}" '
                f'style="background:rgba(9,105,218,{0.07 + 0.25 * share:.2f});border-radius:3px;'
                f'padding:0 2px">{escape(text)}</span><sup class="sz-mark" '
                f'style="font-size:10px">{badges}</sup>')

    body = source_panel(summary, keep, render)
    head = (f'<div style="{_HEAD}">Source <span style="{_SMALL};font-weight:400">&middot; '
            f'{plural(len(sents), "sentence")}; shaded by how many methods use a sentence, '
            f'numbers = method cards</span></div>')
    return ('<section class="sz-source-side" aria-label="source text" style="flex:2 1 280px;'
            f'min-width:0">{head}<div class="sz-minimaps" aria-label="where each method draws '
            f'from" style="margin-bottom:6px">{"".join(strips)}</div>'
            f'<div class="sz-source" role="region" tabindex="0" aria-label="source text, '
            f'scrollable" style="white-space:pre-wrap;max-height:38em;overflow-y:auto;'
            f'border:1px solid #eaeef2;border-radius:4px;padding:4px 6px;font-size:13px">{body}'
            "</div></section>")


def _fmt(v: Any, digits: int = 2) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{v:.{digits}f}"


def _card(table: Any, k: int, row: dict[str, Any], note: Annotation | None,
          uid: str) -> str:
    name = escape(str(row["method"]))
    card_id = f"{uid}-card-{k}"
    result = table.results.get(row["method"])
    if row["error"] or not isinstance(result, Summary) or note is None:
        return (f'<section class="sz-card sz-error" id="{card_id}" aria-label="{name}: failed" '
                f'style="{_CARD};border-color:#ff8182"><div role="heading" aria-level="3" '
                f'style="{_HEAD}">{k + 1}. {name}</div><div style="color:#a40e26;font-size:13px">'
                f'{escape(str(row["error"]))}</div></section>')
    keys = [f"<b>{row['words']}</b> {'word' if row['words'] == 1 else 'words'}",
            plural(int(row["sentences"]), "sentence"),
            duration(row["time_s"]) if row["time_s"] == row["time_s"] else "",
            f"support {_fmt(row['support_mean'])}"]
    if row["unsupported"]:
        keys.append(f'<span style="color:#a40e26">{row["unsupported"]} unsupported</span>')
    faith = faithfulness_of(result)
    keys.append(f"faithfulness {_fmt(faith)}" if faith is not None else "")
    coh = coherence_of(result)
    keys.append(f"coherence {_fmt(coh[0])}")
    if note.n_flags:
        keys.append(f'<span style="color:#a40e26">{plural(note.n_flags, "flagged fact")}</span>')
    keys_html = "".join(f"<span>{x}</span>" for x in keys if x)
    items = sentence_items(result, note, f"{card_id}", source_uid=uid)
    summary_list = ('<ol class="sz-summary" style="margin:4px 0 0 0;padding-left:20px;'
                    'font-size:13px">' + "".join(items) + "</ol>") if items else \
        '<div class="sz-empty" style="color:#57606a">(empty summary)</div>'
    issues = ""
    if coh[1]:
        lines = "".join(
            f"<li>sentence {int(getattr(x, 'sentence', 0)) + 1}: "
            f"{escape(str(getattr(x, 'kind', '')).replace('_', ' '))} "
            f"&ldquo;{escape(str(getattr(x, 'text', '')))}&rdquo;</li>" for x in coh[1])
        issues = (f'<ul class="sz-coherence" style="{_SMALL};margin:4px 0 0 0;padding-left:18px" '
                  f'aria-label="coherence issues">{lines}</ul>')
    return (f'<section class="sz-card" id="{card_id}" aria-labelledby="{card_id}-h" '
            f'style="{_CARD}"><div role="heading" aria-level="3" id="{card_id}-h" '
            f'style="{_HEAD}">{k + 1}. {name}<span style="{_BADGE}">{kind_of(result)}</span></div>'
            f'<div class="sz-keys" style="display:flex;flex-wrap:wrap;gap:2px 12px;{_SMALL}">'
            f"{keys_html}</div>{summary_list}{issues}</section>")


_TABLE = ("border-collapse:collapse;font-family:-apple-system,'Segoe UI',Helvetica,Arial,"
          "sans-serif;font-size:13px;color:#1f2328;background:#ffffff")
_TH = "border:1px solid #d0d7de;padding:4px 8px;background:#f6f8fa;text-align:left"
_TD = "border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left"
_NUM = _TD + ";text-align:right;white-space:nowrap"


def metric_table_html(table: Any, columns: dict[str, str]) -> str:
    """The metric table of a ``Comparison`` (one row per method, numbers only: the
    summaries are on the cards of the side-by-side view); every user string is escaped, the
    best value of each metric column is bold, a failed method's row shows its error."""
    numeric = ["words", "sentences", "compression", "time_s", "support_mean", "support_min",
               "unsupported", "coverage", "density", "novel_2gram", "redundancy"]
    best = _best_values(table.rows)
    head = "".join(f'<th style="{_TH}" title="{escape(columns.get(c, c))}">{escape(c)}</th>'
                   for c in ["method", "kind", *numeric])
    body = []
    for r in table.rows:
        cells = [f'<th scope="row" style="{_TD};font-weight:600">{escape(str(r["method"]))}</th>',
                 f'<td style="{_TD}">{escape(r["kind"])}</td>']
        if r["error"]:
            cells.append(f'<td class="sz-error-cell" colspan="{len(numeric)}" '
                         f'style="{_TD};color:#a40e26">{escape(r["error"])}</td>')
        else:
            for c in numeric:
                v = r[c]
                txt = _cell_fmt(c, v)
                weight = ";font-weight:700" if c in best and v == best[c] else ""
                cells.append(f'<td style="{_NUM}{weight}">{txt}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = (f'<caption style="caption-side:bottom;font-size:12px;color:#57606a;'
               f'text-align:left">support scorer: {escape(table.scorer)}; bold = best in column;'
               " hover a column name for its meaning</caption>")
    return (f'<table class="sz-metric-table" style="{_TABLE}">{caption}<thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table>')


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


def _cell_fmt(col: str, v: Any) -> str:
    if isinstance(v, float):
        if v != v:
            return ""
        if col == "time_s":
            return f"{v:.3f}"
        return f"{v:.2f}"
    return escape(str(v))
