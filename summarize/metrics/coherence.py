"""Coherence of a summary as a reader meets it: does every sentence read correctly on its own?

``coherence_issues(summary)`` lists what a reader would trip on, using the same discourse model
as the extractive selection step (``summarize.text.discourse``):

- ``dangling_opener``: a sentence whose wording points back to a sentence the summary does not
  show (a pronoun or demonstrative subject, a discourse connective, "he said" with no named
  speaker). For an extractive summary: its source predecessor is not the summary sentence before
  it. For any other text (generated summaries, plain strings): only the first sentence can
  dangle, since later ones follow a summary sentence;
- ``orphan_colon``: a sentence ending in a colon whose continuation is not shown;
- ``unbalanced_quote``: a quotation opened and not closed in the summary, or closed without
  being opened (part of a quote that runs over several source sentences);
- ``broken_lead``: a ``lead``/``lead3`` summary that is not a prefix of the article's
  sentences (headings may be skipped).

``coherence_score(summary)`` is the share of summary sentences with no issue (1.0: none).
A plain string is matched to ``source`` sentence by sentence (same words, case and spacing
ignored), so extractive outputs stored as text are judged like ``Summary`` objects.

Example:
    >>> from summarize import summarize
    >>> text = "Rain fell on Monday. It flooded the road. Crews came."
    >>> [i.kind for i in coherence_issues("It flooded the road. Crews came.", source=text)]
    ['dangling_opener']
    >>> coherence_score(summarize(text, method="lead", sentences=2))
    1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..text.discourse import Link, detect_language, opener_dependency, quote_balance, sentence_links
from ..text.sentences import Sentence, split_sentences
from ..text.tokens import count_words
from .base import ItemMetric

__all__ = ["CoherenceIssue", "coherence_issues", "coherence_score", "coherence_stats",
           "ISSUE_KINDS", "METRIC"]

ISSUE_KINDS = ("dangling_opener", "orphan_colon", "unbalanced_quote", "broken_lead")
_WORD_REASONS = {"pronoun", "demonstrative", "connective", "speaker"}
_FINAL = tuple(".!?\u2026\u3002\uff01\uff1f\"'\u201d\u2019)")


@dataclass(frozen=True)
class CoherenceIssue:
    """One problem: its ``kind`` (see ``ISSUE_KINDS``), the summary ``sentence`` index and the
    offending ``text`` (the sentence's first words, or the whole sentence)."""

    kind: str
    sentence: int
    text: str


def _norm(text: str) -> str:
    """Sentence text for matching a summary to its source: case and spacing ignored (some
    corpora lower-case their outputs)."""
    return " ".join(text.lower().split())


def _ending(text: str, open_at_start: bool) -> str | None:
    """What a sentence's own text leaves open at its end: "colon", "quote" or None."""
    if text.rstrip(" \"'\u201d\u2019)").endswith(":"):
        return "colon"
    return "quote" if quote_balance(text, open_at_start)[1] else None


def _opens_with_quote(text: str) -> bool:
    head = text.lstrip()
    return head[:1] in ("\"", "\u201c") or head.startswith("``")


def _is_heading(text: str) -> bool:
    return count_words(text) < 8 and not text.rstrip().endswith(_FINAL)


def _parts(summary: Any, source: str | None) -> tuple[list[str], list[int | None], Any, str]:
    """Summary sentences, their source indices (None: not copied), source sentences, method."""
    if isinstance(summary, str):
        sentences = [s.text for s in split_sentences(summary)]
        method = ""
        source_sentences: Sequence[Sentence] = split_sentences(source) if source else ()
        selected: Sequence[int] = ()
    else:
        sentences = list(summary.sentences)
        method = str(getattr(summary, "method", ""))
        source = getattr(summary, "source", source)
        source_sentences = getattr(summary, "source_sentences", ())
        selected = getattr(summary, "selected", ())
    if len(selected) == len(sentences) and selected:
        aligned: list[int | None] = list(selected)
    else:
        where = {_norm(s.text): s.index for s in source_sentences}
        aligned = [where.get(_norm(t)) for t in sentences]
    return sentences, aligned, (source_sentences, source), method


def coherence_issues(summary: Any, source: str | None = None,
                     language: str | None = None) -> list[CoherenceIssue]:
    """Everything in ``summary`` (a ``Summary`` or a string) that does not read on its own.

    ``source``: the article, for a string summary (a ``Summary`` brings its own).
    ``language``: a ``summarize.text.discourse.WORD_CUES`` key; ``None`` detects it.
    """
    sentences, aligned, (src_sents, src_text), method = _parts(summary, source)
    if not sentences:
        return []
    if language is None:  # as sentence_links does for the selection step
        language = detect_language(" ".join(s.text for s in src_sents[:40]) if src_sents
                                   else " ".join(sentences))
    links: list[Link] = (sentence_links(src_sents, src_text, language)
                         if any(a is not None for a in aligned) else [])
    found: dict[tuple[str, int], CoherenceIssue] = {}
    support = () if isinstance(summary, str) else getattr(summary, "support", ())
    shortened = {k for k, sup in enumerate(support) if getattr(sup, "kept", ())}

    def add(kind: str, k: int) -> None:
        found.setdefault((kind, k), CoherenceIssue(kind, k, sentences[k][:80]))

    for k, (text, i) in enumerate(zip(sentences, aligned)):
        prev_ok = k > 0 and i is not None and aligned[k - 1] == i - 1
        next_ok = k + 1 < len(sentences) and i is not None and aligned[k + 1] == i + 1
        if i is not None and i < len(links):
            reason_prev, reason_next = links[i].previous, links[i].next
            if k in shortened:  # compressed or cut: what it now ends with is in its own text
                reason_next = _ending(text, reason_prev == "quote")
        else:
            reason_prev = opener_dependency(text, language) if k == 0 else None
            reason_next = "colon" if k + 1 == len(sentences) and text.rstrip(
                " \"'\u201d\u2019)").endswith(":") else None
        if reason_prev in _WORD_REASONS and not prev_ok:
            add("dangling_opener", k)
        elif reason_prev == "quote" and not prev_ok:
            add("unbalanced_quote", k)
        if reason_next == "colon" and not next_ok:
            add("orphan_colon", k)
        elif reason_next == "quote" and not next_ok:
            add("unbalanced_quote", k)
    open_at, is_open = 0, False
    for k, text in enumerate(sentences):
        if is_open and _opens_with_quote(text):
            is_open = False  # news style: a quote running on re-opens in the next paragraph
        closes_unopened, now_open = quote_balance(text, is_open)
        if closes_unopened:
            add("unbalanced_quote", k)
        if now_open and not is_open:
            open_at = k
        is_open = now_open
    if is_open:
        add("unbalanced_quote", open_at)
    if method in ("lead", "lead3") and not isinstance(summary, str):
        k = _lead_break(aligned, src_sents)
        if k is not None:
            add("broken_lead", k)
    return sorted(found.values(), key=lambda x: (x.sentence, ISSUE_KINDS.index(x.kind)))


def _lead_break(aligned: list[int | None], src_sents: Sequence[Sentence]) -> int | None:
    """The first summary sentence that breaks the article's prefix, or None."""
    expected = 0
    for k, i in enumerate(aligned):
        while (expected < len(src_sents) and i != expected
               and _is_heading(src_sents[expected].text)):
            expected += 1
        if i != expected:
            return k
        expected += 1
    return None


def coherence_score(summary: Any, source: str | None = None, language: str | None = None) -> float:
    """Share of summary sentences with no coherence issue, in [0, 1] (1.0: none; an empty
    summary scores 1.0 too, and is flagged as empty by ``evaluate``).

    Example:
        >>> coherence_score("However, it failed. Rain fell.")
        0.5
    """
    issues = coherence_issues(summary, source, language)
    n = len(summary.sentences) if not isinstance(summary, str) else len(split_sentences(summary))
    if n == 0:
        return 1.0
    return 1.0 - len({i.sentence for i in issues}) / n


def coherence_stats(summary: Any, source: str | None = None) -> dict[str, float]:
    """The ``evaluate()`` columns: ``coherence`` (the score), ``dangling`` (1.0 when a sentence
    dangles: an opener, an orphan colon or an unbalanced quote), ``broken_lead``, and
    ``n_coherence_issues``."""
    issues = coherence_issues(summary, source)
    kinds = {i.kind for i in issues}
    n = len(summary.sentences) if not isinstance(summary, str) else len(split_sentences(summary))
    return {
        "coherence": 1.0 - len({i.sentence for i in issues}) / n if n else 1.0,
        "dangling": float(bool(kinds & {"dangling_opener", "orphan_colon", "unbalanced_quote"})),
        "broken_lead": float("broken_lead" in kinds),
        "n_coherence_issues": float(len(issues)),
    }


# the "coherence" group of ``evaluate()``: needs nothing but the summary; a ``Summary`` object
# (its own sentences and provenance) is passed as it is
METRIC = ItemMetric("coherence", needs="", wants_summary=True,
                    compute=lambda pred, refs, src: coherence_stats(pred, src))
