"""HTML rendering of a ``Summary`` for Jupyter: the summary beside its source, annotated.

Every summary sentence has a colour. Its runs of words shared with the source are underlined in
that colour, in the summary and in the source; words the source never uses are bold; numbers,
dates and names that the faithfulness check flags (``SentenceSupport.flags``) are red, with a
tooltip and screen-reader text saying what the source has. Each summary sentence links to the
source sentences that back it (with support scores for generated text) and the source links
back; a sentence nothing supports is flagged. A minimap strip shows where in the source the
summary draws from. All user text is HTML-escaped; styling is inline and there is no
JavaScript, so the HTML survives ``nbconvert`` and fits a narrow notebook (no fixed widths).

The helpers here (colours, annotated sentences, minimap, source panel) are shared by the
side-by-side view (``sidebyside``), the explorer and the corpus view.

Bounded whatever the input: ``summary_html`` output stays under ``MAX_HTML_BYTES`` (2 MB). One
sentence shows at most ``SENTENCE_VIEW_CHARS`` characters, a folded run of source sentences
its first ``FOLD_VIEW_CHARS``; the summary list and the source panel each stop at a byte budget,
and the minimap at ``MAX_MINIMAP_MARKS`` marks. Whatever is cut says so in the view ("... not
shown: view limit"); the ``Summary`` itself keeps everything.

Example:
    >>> from summarize import summarize
    >>> html = summary_html(summarize("Rain fell. The river rose. Roads shut.", sentences=1))
    >>> 'class="sz-src sz-hl"' in html
    True
"""

from __future__ import annotations

import uuid
from html import escape
from typing import TYPE_CHECKING, Callable, Sequence

from ..summary import plural
from .annotate import Annotation, SentenceAnnotation, annotate

if TYPE_CHECKING:
    from ..summary import FactFlag, SentenceSupport, Summary

__all__ = ["summary_html", "page_header_html", "annotated_sentence_html", "minimap_html", "flag_title",
           "coherence_of", "faithfulness_of", "FONT", "MAX_HTML_BYTES", "SENTENCE_VIEW_CHARS",
           "FOLD_VIEW_CHARS", "MAX_MINIMAP_MARKS"]

MAX_HTML_BYTES = 2_000_000  # summary_html never renders more
SENTENCE_VIEW_CHARS = 5_000  # characters of one sentence shown
FOLD_VIEW_CHARS = 2_000  # characters of a folded run of source sentences shown
MAX_MINIMAP_MARKS = 500
_SUMMARY_BUDGET = 700_000  # bytes of summary list
_SOURCE_BUDGET = 1_000_000  # bytes of source panel

# Highlight colours, one per summary sentence (cycled); readable on light and dark themes
# because the text colour is set explicitly.
_PALETTE = (
    (255, 214, 10), (94, 201, 255), (120, 220, 120), (255, 150, 190),
    (190, 160, 255), (255, 170, 90), (90, 220, 200), (220, 200, 140),
)
FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif"
_BOX = (f"{FONT};font-size:14px;line-height:1.55;color:#1f2328;background:#ffffff;"
        "border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;max-width:980px;"
        "box-sizing:border-box;overflow-wrap:anywhere")
_META = "font-size:12px;color:#57606a;margin-bottom:6px"
_HEAD = "font-weight:600;margin:8px 0 4px 0"
_FLAG = ("display:inline-block;margin-left:6px;padding:0 6px;border-radius:4px;"
         "background:#ffebe9;color:#a40e26;border:1px solid #ff8182;font-size:12px")
_LINK = "color:#0969da;text-decoration:none;font-size:12px"
_NOTE = ("display:inline-block;margin-left:6px;padding:0 6px;border-radius:4px;"
         "background:#ddf4ff;color:#0550ae;font-size:12px")
# SentenceSupport.replaced -> what the badge's tooltip says
_REPLACED = {
    "unsupported": "the model's sentence here was not supported by the source; this source "
                   "sentence stands in for it",
    "missing": "the model wrote fewer sentences than asked for; this source sentence was added",
}
_GAP = "display:block;color:#57606a;font-size:12px;margin:4px 0"
_CUT = "color:#57606a;font-size:12px;font-style:italic"
_FACT = ("color:#a40e26;background:#ffebe9;font-weight:700;border-bottom:2px solid #cf222e;"
         "border-radius:2px;padding:0 1px;cursor:help")
# visually hidden, still read by screen readers
SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")
LEGEND = ("underlined: words shared with the source, in the colour of their summary sentence; "
          "<b>bold</b>: words the source never uses; "
          f'<span style="{_FACT}">red</span>: a number, date or name the source does not back '
          "(hover for what the source has)")

# Sources longer than this are shown around the highlighted sentences only (see ``context``).
_FULL_SOURCE_SENTENCES = 50

_FLAG_WHAT = {"number": "number", "date": "date", "entity": "name", "quantity": "quantity",
              "negation": "negation", "joined": "join", "novel": "claim"}


def summary_html(summary: Summary, context: int | None = None,
                 support: Sequence[SentenceSupport] | None = None) -> str:
    """The HTML shown by ``Summary._repr_html_``.

    Args:
        summary: the summary to render.
        context: show only the highlighted source sentences and this many neighbours on each
            side, with the omitted runs folded. ``None`` (default) shows the whole source when it
            has at most 50 sentences, else uses 2.
        support: per-sentence support to show instead of ``summary.support`` (the explorer
            passes support re-scored at its threshold).

    Example:
        >>> from summarize import summarize
        >>> s = summarize("Rain fell. The <b>river</b> rose. Roads shut.", sentences=1, clean=False)
        >>> "&lt;b&gt;" in summary_html(s, context=1)
        True
    """
    if context is not None and (not isinstance(context, int) or context < 0):
        raise ValueError(f"context must be a non-negative int or None, got {context!r}")
    uid = "sz-" + uuid.uuid4().hex[:10]
    notes = annotate(summary, support=support)
    links = _source_links(notes)
    n_src = len(summary.source_sentences)
    if context is None and n_src > _FULL_SOURCE_SENTENCES:
        context = 2
    parts = [f'<div class="summarize-summary" id="{uid}" style="{_BOX}">',
             page_header_html(summary),
             _meta_line(summary, notes),
             minimap_html(summary, notes, label="where the summary draws from", uid=uid),
             f'<div style="{_HEAD}">Summary</div>',
             _summary_list(summary, notes, uid),
             _legend(notes),
             _source_block(summary, notes, uid, links, context),
             "</div>"]
    html = "\n".join(p for p in parts if p)
    if len(html.encode("utf-8")) > MAX_HTML_BYTES:  # the budgets above should prevent it
        parts[-2] = (f'<div class="sz-cut" style="{_CUT}">source not shown: the view would '
                     f"pass {MAX_HTML_BYTES:,} bytes (view limit)</div>")
        html = "\n".join(p for p in parts if p)
    return html


def page_header_html(summary: Summary) -> str:
    """The web page a summary was made from, as a header: title, then byline, site, date,
    language and a link to its URL (http(s) only); every value escaped. "" for plain text.

    Example:
        >>> from summarize import PageMeta, summarize
        >>> s = summarize("Rain fell. Roads shut.", sentences=1)
        >>> from dataclasses import replace
        >>> html = page_header_html(replace(s, page=PageMeta(title="<i>Rain</i>", url="javascript:x")))
        >>> "&lt;i&gt;Rain&lt;/i&gt;" in html, "href" in html
        (True, False)
    """
    page = getattr(summary, "page", None)
    if page is None:
        return ""
    bits = [escape(x) for x in (page.byline, page.site_name, page.date) if x]
    if page.language:
        bits.append(f"language {escape(page.language)}")
    if page.url.startswith(("http://", "https://")):
        bits.append(f'<a href="{escape(page.url, quote=True)}" style="{_LINK}" '
                    f'rel="noopener noreferrer" target="_blank">{escape(page.url)}</a>')
    elif page.url:
        bits.append(escape(page.url))
    title = (f'<div class="sz-page-title" style="font-weight:600;font-size:16px">'
             f"{escape(page.title)}</div>" if page.title else "")
    line = (f'<div class="sz-page" style="{_META}">' + " &middot; ".join(bits) + "</div>"
            if bits else "")
    return f'<div class="sz-page-header">{title}{line}</div>' if title or line else ""


def kind_of(summary: Summary) -> str:
    """The producing method's kind, as the method layer recorded it ("extractive",
    "abstractive", "external" for ``check_summary``)."""
    return summary.kind or ("extractive" if summary.selected else "unknown kind")


def faithfulness_of(summary: Summary) -> float | None:
    """``Summary.faithfulness`` as a float (None when no sentence was checked)."""
    value = summary.faithfulness
    return None if value is None else float(value)


def coherence_of(summary: Summary) -> tuple[float, list]:
    """``(coherence_score, coherence_issues)`` of ``summarize.metrics.coherence``."""
    from ..metrics import coherence

    return float(coherence.coherence_score(summary)), list(coherence.coherence_issues(summary))


def _meta_line(summary: Summary, notes: Annotation) -> str:
    from ..text.tokens import count_words

    src_words = count_words(summary.source) if summary.source else 0
    words = summary.n_words
    share = f" ({100 * words / src_words:.0f}% of {src_words} source words)" if src_words else ""
    bits = [f"method <b>{escape(str(summary.method))}</b> ({kind_of(summary)})",
            f"{plural(len(summary.sentences), 'sentence')}, {plural(words, 'word')}{share}"]
    if summary.elapsed_s > 0:
        bits.append(duration(summary.elapsed_s))
    faith = faithfulness_of(summary)
    if faith is not None:
        bits.append(f"faithfulness {faith:.2f}")
    n_unsup = sum(not s.supported for s in notes.sentences)
    if n_unsup:
        bits.append(f'<span style="color:#a40e26">{n_unsup} unsupported</span>')
    if notes.n_flags:
        bits.append(f'<span style="color:#a40e26">{plural(notes.n_flags, "flagged fact")}</span>')
    if summary.extra.get("truncated"):
        bits.append("truncated to the word limit")
    unchecked = summary.extra.get("unchecked_sentences")
    if isinstance(unchecked, int) and unchecked > 0:
        bits.append(f'<span style="color:#a40e26">{plural(unchecked, "more sentence")} not '
                    f"checked (check limit {summary.extra.get('check_limit', '?')})</span>")
    return f'<div class="sz-meta" style="{_META}">' + " &middot; ".join(bits) + "</div>"


def duration(seconds: float) -> str:
    """``"4.2 ms"``, ``"1.35 s"``; ``"time not measured"`` for 0 (a summary made elsewhere).

    Example:
        >>> duration(0.0042), duration(1.349), duration(0.0)
        ('4.2 ms', '1.35 s', 'time not measured')
    """
    s = float(seconds)
    if not s > 0:
        return "time not measured"
    return f"{1000 * s:.1f} ms" if s < 1 else f"{s:.2f} s"


def colour(i: int, alpha: float) -> str:
    r, g, b = _PALETTE[i % len(_PALETTE)]
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _alpha(score: float) -> float:
    return 0.20 + 0.30 * min(max(float(score), 0.0), 1.0)


def flag_title(flag: FactFlag) -> str:
    """Plain-text explanation of a fact flag (tooltip and screen-reader text).

    Example:
        >>> from summarize.summary import FactFlag
        >>> flag_title(FactFlag("number", "12", 0, 2, "twelve"))
        '12: number not in the source; the source has \u201ctwelve\u201d'
    """
    what = _FLAG_WHAT.get(str(flag.kind), str(flag.kind))
    if flag.kind == "negation":
        head = f"{flag.text}: negation the source does not have"
    elif flag.kind == "joined":
        head = f"{flag.text}: words joined that the source keeps apart"
    else:
        head = f"{flag.text}: {what} not in the source"
    tail = (f"; the source has \u201c{flag.source}\u201d" if flag.source
            else "; nothing matching in the source")
    return head + tail


def cut_note(n_chars: int) -> str:
    """The marker left where a long text is cut in a view.

    Example:
        >>> "1,234 more characters" in cut_note(1234)
        True
    """
    return (f'<span class="sz-cut" style="{_CUT}"> &hellip; {n_chars:,} more characters cut '
            "here (view limit)</span>")


def annotated_sentence_html(sa: SentenceAnnotation, colour_index: int | None = None) -> str:
    """One summary sentence with shared runs underlined in its colour, novel words bold and
    flagged facts red (title + visually hidden text). Every piece of text is escaped; at most
    ``SENTENCE_VIEW_CHARS`` characters are shown."""
    ci = sa.index if colour_index is None else colour_index
    shared = (f"border-bottom:2px solid {colour(ci, 1.0)};background:{colour(ci, 0.18)};"
              "border-radius:2px")
    out = []
    room = SENTENCE_VIEW_CHARS
    for text, kind, flag in sa.segments():
        if room <= 0:
            out.append(cut_note(len(sa.text) - SENTENCE_VIEW_CHARS))
            break
        text = text[:room]
        room -= len(text)
        t = escape(text)
        if kind == "shared":
            out.append(f'<span class="sz-shared" style="{shared}">{t}</span>')
        elif kind == "novel":
            out.append(f'<b class="sz-novel">{t}</b>')
        elif kind == "flag" and flag is not None:
            title = escape(flag_title(flag))
            out.append(f'<span class="sz-fact sz-fact-{escape(str(flag.kind))}" '
                       f'style="{_FACT}" title="{title}">{t}<span class="sz-sr" '
                       f'style="{SR_ONLY}"> (flagged: {title})</span></span>')
        else:
            out.append(t)
    return "".join(out)


def minimap_html(summary: Summary, notes: Annotation, label: str, uid: str | None = None,
                 href: str | None = None, label_width: str = "auto") -> str:
    """A strip as wide as its container standing for the whole source, with a mark (in the
    summary sentence's colour) on each source sentence the summary draws from. Each mark links
    to that sentence when ``uid`` is given; the strip has a text label for screen readers."""
    sents = summary.source_sentences
    if not sents:
        return ""
    lo, hi = sents[0].start, sents[-1].end
    span = max(1, hi - lo)
    usage = notes.source_usage()
    marks = []
    for j in sorted(usage)[:MAX_MINIMAP_MARKS]:
        s = sents[j]
        left = 100.0 * (s.start - lo) / span
        width = max(0.8, 100.0 * (s.end - s.start) / span)
        i = usage[j][0]
        title = (f"source sentence S{j} ({100 * (s.start - lo) / span:.0f}% into the source):"
                 f" summary sentence{'s' if len(usage[j]) > 1 else ''} "
                 + ", ".join(str(k + 1) for k in usage[j]))
        style = (f"position:absolute;top:0;bottom:0;left:{left:.2f}%;width:{width:.2f}%;"
                 f"background:{colour(i, 0.95)};border-radius:2px")
        if uid:
            marks.append(f'<a href="#{uid}-src-{j}" class="sz-mm-mark" style="{style}" '
                         f'title="{escape(title)}" aria-label="{escape(title)}"></a>')
        else:
            marks.append(f'<span class="sz-mm-mark" style="{style}" '
                         f'title="{escape(title)}"></span>')
    where = (", ".join(f"{100 * (sents[j].start - lo) / span:.0f}%"
                       for j in sorted(usage)[:MAX_MINIMAP_MARKS])
             or "nowhere (no supported sentence)")
    if len(usage) > MAX_MINIMAP_MARKS:
        where += f" (first {MAX_MINIMAP_MARKS} of {len(usage)} marked)"
    desc = f"{label}: {where} into the source"
    lab = escape(label)
    if href:
        lab = f'<a href="{escape(href)}" style="{_LINK}">{lab}</a>'
    return (f'<div class="sz-minimap" style="display:flex;align-items:center;gap:8px;'
            f'margin:4px 0;font-size:12px;color:#57606a">'
            f'<span style="flex:0 0 auto;width:{label_width};max-width:40%;overflow:hidden;'
            f'text-overflow:ellipsis;'
            f'white-space:nowrap">{lab}</span>'
            f'<span role="img" aria-label="{escape(desc)}" style="position:relative;flex:1 1 0;'
            f'min-width:0;height:10px;background:#eaeef2;border-radius:3px">{"".join(marks)}'
            "</span></div>")


def _legend(notes: Annotation) -> str:
    if not notes.sentences:
        return ""
    return (f'<div class="sz-legend" style="font-size:11px;color:#57606a;margin:4px 0">'
            f"{LEGEND}</div>")


def _source_links(notes: Annotation) -> dict[int, list[tuple[int, float]]]:
    """source index -> [(summary index, score)] for supported summary sentences, best first."""
    n_src = notes.n_source_sentences
    links: dict[int, list[tuple[int, float]]] = {}
    for sa in notes.sentences:
        sup = sa.support
        if sup is None or not sup.supported:
            continue
        for j, score in zip(sup.source_indices, sup.scores):
            if 0 <= j < n_src:
                links.setdefault(j, []).append((sa.index, float(score)))
    for refs in links.values():
        refs.sort(key=lambda r: -r[1])
    return links


def sentence_items(summary: Summary, notes: Annotation, uid: str,
                   source_uid: str | None = None, budget: int = _SUMMARY_BUDGET) -> list[str]:
    """The ``<li>`` of each summary sentence (id ``{uid}-sum-{i}``): annotated text, links to
    the supporting source sentences (ids ``{source_uid}-src-{j}``), an unsupported flag. Once
    the items pass ``budget`` bytes the rest are one "not shown" line."""
    source_uid = source_uid or uid
    extractive = kind_of(summary) == "extractive"
    n_src = len(summary.source_sentences)
    items: list[str] = []
    used = 0
    for sa in notes.sentences:
        if used > budget:
            left = len(notes.sentences) - len(items)
            items.append(f'<li class="sz-cut" style="{_CUT};list-style:none">&hellip; '
                         f"{plural(left, 'more summary sentence')} not shown (view limit); "
                         "the Summary object has them all</li>")
            break
        i, sup = sa.index, sa.support
        refs = []
        if sup is not None:
            pairs = list(zip(sup.source_indices, sup.scores))
            for j, score in pairs[:1] if extractive else pairs:  # a copy has one origin
                if not 0 <= j < n_src:
                    continue
                # S<j>: the source sentence's index, as in ``Summary.selected`` and repr()
                label = f"S{j}" if extractive else f"S{j} {score:.2f}"
                title = (f"copied from source sentence S{j}" if extractive else
                         f"source sentence S{j}, support {score:.2f} ({sup.scorer})")
                refs.append(f'<a class="sz-link" href="#{source_uid}-src-{j}" style="{_LINK}" '
                            f'title="{escape(title)}">{escape(label)}</a>')
        unsupported = sup is not None and not sup.supported
        if unsupported:
            border = "#cf222e"
            best = f" (best {sup.score:.2f})" if sup.scores else ""
            tail = (f'<span class="sz-flag" style="{_FLAG}">&#9888; unsupported: no source '
                    f'sentence supports this{best}</span>')
            if refs:
                tail += f' <span style="{_LINK}">closest: </span>' + " ".join(refs)
            cls = "sz-sent sz-unsupported"
        else:
            border = colour(i, 1.0) if (refs or sa.matches) else "#d0d7de"
            verb = "from" if extractive else "supported by"
            tail = (f' <span style="{_LINK}">&larr; {verb}</span> ' + " ".join(refs)
                    if refs else "")
            cls = "sz-sent"
        if sup is not None and sup.replaced:  # a source sentence in a model's summary
            why = _REPLACED.get(sup.replaced, "a source sentence")
            tail = (f'<span class="sz-replaced" style="{_NOTE}" title="{escape(why)}">'
                    f'source sentence</span>') + tail
            cls += " sz-replaced-sent"
        items.append(f'<li id="{uid}-sum-{i}" class="{cls}" style="border-left:4px solid '
                     f'{border};padding-left:8px;margin:3px 0">'
                     f'{annotated_sentence_html(sa)}{tail}</li>')
        used += len(items[-1].encode("utf-8"))
    return items


def _summary_list(summary: Summary, notes: Annotation, uid: str) -> str:
    items = sentence_items(summary, notes, uid)
    if not items:
        return '<div class="sz-empty" style="color:#57606a">(empty summary)</div>'
    return '<ol class="sz-summary" style="margin:0;padding-left:22px">' + "".join(items) + "</ol>"


def source_panel(summary: Summary, keep: list[bool],
                 render: Callable[[int, str], str], budget: int = _SOURCE_BUDGET) -> str:
    """The source text with each kept sentence rendered by ``render(index, text)`` and the
    whitespace between them kept; runs of sentences not kept are folded into a ``<details>``
    (open it to read them, up to ``FOLD_VIEW_CHARS``; no JavaScript). Past ``budget`` bytes
    the rest of the source is one "not shown" line."""
    sents = summary.source_sentences
    source = summary.source
    out: list[str] = []
    pos = sents[0].start if sents else 0
    j = 0
    used = counted = 0
    while j < len(sents):
        used += sum(len(p.encode("utf-8")) for p in out[counted:])
        counted = len(out)
        if used > budget:
            out.append(f'<span class="sz-cut" style="{_GAP}">&hellip; the last '
                       f"{plural(len(sents) - j, 'source sentence')} not shown (view limit); "
                       "the Summary's source has them all</span>")
            break
        s = sents[j]
        if not keep[j]:
            end = j
            while end < len(sents) and not keep[end]:
                end += 1
            hidden = end - j
            text = source[s.start:sents[end - 1].end]
            more = cut_note(len(text) - FOLD_VIEW_CHARS) if len(text) > FOLD_VIEW_CHARS else ""
            out.append(f'<details class="sz-fold"><summary class="sz-gap" style="{_GAP};'
                       f'cursor:pointer">&hellip; {plural(hidden, "source sentence")} not shown '
                       f'&hellip;</summary><div style="color:#57606a">'
                       f"{escape(text[:FOLD_VIEW_CHARS])}{more}</div></details>")
            pos = sents[end - 1].end
            j = end
            continue
        if s.start >= pos and (j == 0 or keep[j - 1]):
            out.append(escape(source[pos:s.start][:200]))  # whitespace / line breaks between
        out.append(render(j, s.text))
        pos = s.end
        j += 1
    return "".join(out)


def _source_block(summary: Summary, notes: Annotation, uid: str,
                  links: dict[int, list[tuple[int, float]]], context: int | None) -> str:
    sents = summary.source_sentences
    if not sents:
        return ""
    keep = visible(len(sents), sorted(links), context)
    spans = notes.source_matches()

    def render(j: int, text: str) -> str:
        return _source_sentence(summary, j, uid, links.get(j), spans.get(j, ()))

    body = source_panel(summary, keep, render)
    head = (f"Source &middot; {plural(len(sents), 'sentence')}, {len(links)} highlighted "
            f"({'selected' if kind_of(summary) == 'extractive' else 'supporting'})")
    return (f'<details class="sz-source" open><summary style="{_HEAD};cursor:pointer">{head}'
            f'</summary><div style="white-space:pre-wrap;margin-top:4px">{body}</div>'
            "</details>")


def visible(n: int, highlighted: list[int], context: int | None) -> list[bool]:
    """Which of ``n`` source sentences to show: all (``context`` None) or the highlighted ones
    with ``context`` neighbours (the opening when nothing is highlighted)."""
    if context is None:
        return [True] * n
    keep = [False] * n
    for j in highlighted:
        for k in range(max(0, j - context), min(n, j + context + 1)):
            keep[k] = True
    if not any(keep):  # nothing highlighted: show the opening
        for k in range(min(n, 2 * context + 1)):
            keep[k] = True
    return keep


def underlined_source(summary: Summary, j: int,
                      spans: Sequence[tuple[int, int, int]]) -> str:
    """Source sentence ``j`` escaped, with the shared runs (``(start, end, summary sentence)``
    in source offsets) underlined in their summary sentence's colour."""
    s = summary.source_sentences[j]
    text = s.text[:SENTENCE_VIEW_CHARS]
    more = cut_note(len(s.text) - len(text)) if len(s.text) > len(text) else ""
    if not spans:
        return escape(text) + more
    owner = [-1] * len(text)
    for a, b, i in spans:
        for k in range(max(0, a - s.start), min(len(text), b - s.start)):
            if owner[k] < 0:
                owner[k] = i
    out, start = [], 0
    for k in range(1, len(text) + 1):
        if k == len(text) or owner[k] != owner[start]:
            piece = escape(text[start:k])
            i = owner[start]
            if i >= 0:
                out.append(f'<span class="sz-shared" data-summary="{i + 1}" style="border-bottom:'
                           f'2px solid {colour(i, 1.0)}">{piece}</span>')
            else:
                out.append(piece)
            start = k
    return "".join(out) + more


def _source_sentence(summary: Summary, j: int, uid: str, refs: list[tuple[int, float]] | None,
                     spans: Sequence[tuple[int, int, int]]) -> str:
    inner = underlined_source(summary, j, spans)
    if not refs:
        return f'<span id="{uid}-src-{j}" class="sz-src">{inner}</span>'
    best_i, best_score = refs[0]
    title = "; ".join(f"summary sentence {i + 1} (support {score:.2f})" for i, score in refs)
    marks = ",".join(f'<a href="#{uid}-sum-{i}" style="{_LINK}" '
                     f'aria-label="back to summary sentence {i + 1}">{i + 1}</a>'
                     for i, _ in refs)
    style = (f"background:{colour(best_i, _alpha(best_score))};border-radius:3px;"
             "padding:0 2px")
    return (f'<span id="{uid}-src-{j}" class="sz-src sz-hl" data-summary="{best_i + 1}" '
            f'style="{style}" title="{escape(title)}">{inner}</span>'
            f'<sup class="sz-mark">{marks}</sup>')
