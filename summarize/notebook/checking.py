"""Check a summary written elsewhere (a person, another tool, an LLM) against its source: the
result is a ``Summary`` whose sentences carry support from ``summarize.metrics``, so it renders
with the same highlights and unsupported-sentence flags as our own summaries. By default the
faithfulness scorer checks it: each sentence gets a ``faithfulness`` score and ``flags`` naming
the facts its source does not back (``Summary.faithfulness`` scores the whole summary).

Bounded whatever the input: at most ``max_sentences`` summary sentences (default
``MAX_CHECK_SENTENCES``, 200) are checked; the rest are left out of the result and counted in
``Summary.extra["unchecked_sentences"]`` (the view says so at the top). The source obeys the
usual ``MAX_CHARS`` limit, and the rendered HTML stays under ``MAX_HTML_BYTES`` (2 MB; see
``summarize.notebook.display``).

Example:
    >>> s = check_summary("Rain fell all night. The river rose on Monday.",
    ...                   "The river rose on Monday. Aliens landed.")
    >>> [x.supported for x in s.support]
    [True, False]
    >>> [f.describe() for f in s.support[1].flags]
    ["'Aliens' appears nowhere in the source", "'landed' appears nowhere in the source"]
"""

from __future__ import annotations

from typing import Any

from ..summary import Summary

__all__ = ["check_summary", "MAX_CHECK_SENTENCES"]

MAX_CHECK_SENTENCES = 200


def check_summary(source: str, summary: str, scorer: Any = "faithfulness",
                  threshold: float | None = None, method: str = "external",
                  clean: bool = True, max_sentences: int = MAX_CHECK_SENTENCES) -> Summary:
    """Attach source support to ``summary`` (a string) and return it as a ``Summary``.

    Args:
        source: the article the summary claims to summarize.
        summary: the summary text (split into sentences with our splitter).
        scorer / threshold: support scorer and cut-off, as in
            ``summarize.metrics.sentence_support`` (default: ``"faithfulness"``, which also
            flags mismatched numbers, dates, names, quantities, negations and novel words; any
            ``"nli:<model>"`` or your own scorer object works too).
        method: the label shown for the summary's origin, e.g. ``"gpt"`` or ``"editor"``.
        clean: clean the source (markup, boilerplate) the way ``summarize()`` does.
        max_sentences: check at most this many summary sentences (the first ones); the number
            left out is ``extra["unchecked_sentences"]`` and the view shows it.

    Example:
        >>> s = check_summary("Rain fell. Roads shut.", "Rain fell. " * 5, max_sentences=2)
        >>> len(s.sentences), s.extra["unchecked_sentences"]
        (2, 3)
    """
    if isinstance(max_sentences, bool) or not isinstance(max_sentences, int) \
            or max_sentences < 1:
        raise ValueError(f"max_sentences must be a positive int, got {max_sentences!r}")
    from ..text.document import check_text, prepare_document
    from ..provenance import sentence_support
    from ..text.sentences import split_sentences

    doc = prepare_document(source, clean=clean)
    check_text(summary, "summary")
    sentences = tuple(s.text for s in split_sentences(summary))
    unchecked = max(0, len(sentences) - max_sentences)
    sentences = sentences[:max_sentences]
    support = sentence_support(list(sentences), [s.text for s in doc.sentences], scorer=scorer,
                               threshold=threshold)
    return Summary(
        text=" ".join(sentences), sentences=sentences, method=str(method),
        params={"support_scorer": support[0].scorer if support else
                getattr(scorer, "name", str(scorer))},
        source=doc.source, source_sentences=doc.sentences, support=support, kind="external",
        extra={"unchecked_sentences": unchecked, "check_limit": max_sentences} if unchecked
        else {},
    )
