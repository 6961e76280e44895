"""HTML rendering of a ``Summary`` for Jupyter: the summary beside its source, with provenance.

Every summary sentence links to the source sentences it was copied from (extractive) or is
supported by (abstractive, with support scores); those source sentences are highlighted in the
colour of their summary sentence and link back. A generated sentence that nothing in the source
supports is flagged. All user text is HTML-escaped; styling is inline, so the HTML needs no
JavaScript or external CSS and survives ``nbconvert``.

Example:
    >>> from summarize import summarize
    >>> html = summary_html(summarize("Rain fell. The river rose. Roads shut.", sentences=1))
    >>> 'class="sz-src sz-hl"' in html
    True
"""

from __future__ import annotations

import uuid
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..summary import Summary

__all__ = ["summary_html"]

# Highlight colours, one per summary sentence (cycled); readable on light and dark themes
# because the text colour is set explicitly.
_PALETTE = (
    (255, 214, 10), (94, 201, 255), (120, 220, 120), (255, 150, 190),
    (190, 160, 255), (255, 170, 90), (90, 220, 200), (220, 200, 140),
)
_BOX = ("font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:14px;"
        "line-height:1.55;color:#1f2328;background:#ffffff;border:1px solid #d0d7de;"
        "border-radius:6px;padding:10px 14px;max-width:980px")
_META = "font-size:12px;color:#57606a;margin-bottom:6px"
_HEAD = "font-weight:600;margin:8px 0 4px 0"
_FLAG = ("display:inline-block;margin-left:6px;padding:0 6px;border-radius:4px;"
         "background:#ffebe9;color:#a40e26;border:1px solid #ff8182;font-size:12px")
_LINK = "color:#0969da;text-decoration:none;font-size:12px"
_GAP = "display:block;color:#8c959f;font-size:12px;margin:4px 0"

# Sources longer than this are shown around the highlighted sentences only (see ``context``).
_FULL_SOURCE_SENTENCES = 50


def summary_html(summary: Summary, context: int | None = None) -> str:
    """The HTML shown by ``Summary._repr_html_``.

    Args:
        summary: the summary to render.
        context: show only the highlighted source sentences and this many neighbours on each
            side, with the omitted runs marked. ``None`` (default) shows the whole source when it
            has at most 50 sentences, else uses 2.

    Example:
        >>> from summarize import summarize
        >>> s = summarize("Rain fell. The <b>river</b> rose. Roads shut.", sentences=1, clean=False)
        >>> "&lt;b&gt;" in summary_html(s, context=1)
        True
    """
    if context is not None and (not isinstance(context, int) or context < 0):
        raise ValueError(f"context must be a non-negative int or None, got {context!r}")
    uid = "sz-" + uuid.uuid4().hex[:10]
    links = _source_links(summary)
    n_src = len(summary.source_sentences)
    if context is None and n_src > _FULL_SOURCE_SENTENCES:
        context = 2
    parts = [f'<div class="summarize-summary" id="{uid}" style="{_BOX}">',
             _meta_line(summary),
             f'<div style="{_HEAD}">Summary</div>',
             _summary_list(summary, uid),
             _source_block(summary, uid, links, context),
             "</div>"]
    return "\n".join(parts)


def _kind(summary: Summary) -> str:
    """The producing method's kind, as the method layer recorded it."""
    return summary.kind or "unknown kind"


def _meta_line(summary: Summary) -> str:
    from ..text.tokens import count_words

    src_words = count_words(summary.source) if summary.source else 0
    words = summary.n_words
    share = f" ({100 * words / src_words:.0f}% of {src_words} source words)" if src_words else ""
    bits = [f"method <b>{escape(str(summary.method))}</b> ({_kind(summary)})",
            f"{len(summary.sentences)} sentences, {words} words{share}",
            f"{summary.elapsed_s:.3f} s"]
    n_unsup = len(summary.unsupported)
    if n_unsup:
        bits.append(f'<span style="color:#a40e26">{n_unsup} unsupported</span>')
    if summary.extra.get("truncated"):
        bits.append("truncated to the word limit")
    return f'<div class="sz-meta" style="{_META}">' + " &middot; ".join(bits) + "</div>"


def _colour(i: int, alpha: float) -> str:
    r, g, b = _PALETTE[i % len(_PALETTE)]
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _alpha(score: float) -> float:
    return 0.30 + 0.40 * min(max(float(score), 0.0), 1.0)


def _source_links(summary: Summary) -> dict[int, list[tuple[int, float]]]:
    """source index -> [(summary index, score)] for supported summary sentences, best first."""
    n_src = len(summary.source_sentences)
    links: dict[int, list[tuple[int, float]]] = {}
    for i, sup in enumerate(summary.support):
        if not sup.supported:
            continue
        for j, score in zip(sup.source_indices, sup.scores):
            if 0 <= j < n_src:
                links.setdefault(j, []).append((i, float(score)))
    for refs in links.values():
        refs.sort(key=lambda r: -r[1])
    return links


def _summary_list(summary: Summary, uid: str) -> str:
    extractive = _kind(summary) == "extractive"
    n_src = len(summary.source_sentences)
    items = []
    for i, sent in enumerate(summary.sentences):
        sup = summary.support[i] if i < len(summary.support) else None
        refs = []
        if sup is not None:
            for j, score in zip(sup.source_indices, sup.scores):
                if not 0 <= j < n_src:
                    continue
                label = f"S{j + 1}" if extractive else f"S{j + 1} {score:.2f}"
                title = (f"copied from source sentence {j + 1}" if extractive else
                         f"source sentence {j + 1}, support {score:.2f} ({sup.scorer})")
                refs.append(f'<a class="sz-link" href="#{uid}-src-{j}" style="{_LINK}" '
                            f'title="{escape(title)}">{escape(label)}</a>')
        unsupported = sup is not None and not sup.supported
        if unsupported:
            border = "#cf222e"
            best = f" (best {sup.score:.2f})" if sup.scores else ""
            arrow = "closest: " if refs else ""
            tail = (f'<span class="sz-flag" style="{_FLAG}">&#9888; unsupported: no source '
                    f'sentence supports this{best}</span>')
            if refs:
                tail += f' <span style="{_LINK}">{arrow}</span>' + " ".join(refs)
            cls = "sz-sent sz-unsupported"
        else:
            border = _colour(i, 1.0) if refs else "#d0d7de"
            verb = "from" if extractive else "supported by"
            tail = (f' <span style="{_LINK}">&larr; {verb}</span> ' + " ".join(refs)) if refs else ""
            cls = "sz-sent"
        items.append(f'<li id="{uid}-sum-{i}" class="{cls}" style="border-left:4px solid '
                     f'{border};padding-left:8px;margin:3px 0">{escape(sent)}{tail}</li>')
    if not items:
        return '<div class="sz-empty" style="color:#57606a">(empty summary)</div>'
    return '<ol class="sz-summary" style="margin:0;padding-left:22px">' + "".join(items) + "</ol>"


def _source_block(summary: Summary, uid: str, links: dict[int, list[tuple[int, float]]],
                  context: int | None) -> str:
    sents = summary.source_sentences
    source = summary.source
    if not sents:
        return ""
    keep = _visible(len(sents), sorted(links), context)
    out: list[str] = []
    pos = sents[0].start
    prev_shown = True
    for j, s in enumerate(sents):
        if not keep[j]:
            if prev_shown:
                hidden = _run_length(keep, j)
                out.append(f'<span class="sz-gap" style="{_GAP}">&hellip; {hidden} source '
                           f'sentence{"s" if hidden != 1 else ""} not shown &hellip;</span>')
            prev_shown = False
            pos = s.end
            continue
        if prev_shown and s.start >= pos:
            out.append(escape(source[pos:s.start]))  # the whitespace / line breaks between
        prev_shown = True
        out.append(_source_sentence(s.text, j, uid, links.get(j)))
        pos = s.end
    n_hl = len(links)
    head = (f"Source &middot; {len(sents)} sentences, {n_hl} highlighted "
            f"({'selected' if _kind(summary) == 'extractive' else 'supporting'})")
    return (f'<details class="sz-source" open><summary style="{_HEAD};cursor:pointer">{head}'
            f'</summary><div style="white-space:pre-wrap;margin-top:4px">{"".join(out)}</div>'
            "</details>")


def _visible(n: int, highlighted: list[int], context: int | None) -> list[bool]:
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


def _run_length(keep: list[bool], start: int) -> int:
    end = start
    while end < len(keep) and not keep[end]:
        end += 1
    return end - start


def _source_sentence(text: str, j: int, uid: str, refs: list[tuple[int, float]] | None) -> str:
    if not refs:
        return f'<span id="{uid}-src-{j}" class="sz-src">{escape(text)}</span>'
    best_i, best_score = refs[0]
    title = "; ".join(f"summary sentence {i + 1} (support {score:.2f})" for i, score in refs)
    marks = ",".join(f'<a href="#{uid}-sum-{i}" style="{_LINK}">{i + 1}</a>' for i, _ in refs)
    style = (f"background:{_colour(best_i, _alpha(best_score))};border-radius:3px;"
             "padding:0 2px")
    return (f'<span id="{uid}-src-{j}" class="sz-src sz-hl" data-summary="{best_i + 1}" '
            f'style="{style}" title="{escape(title)}">{escape(text)}</span>'
            f'<sup class="sz-mark">{marks}</sup>')
