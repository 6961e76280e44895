"""Check a summary written elsewhere (a person, another tool, an LLM) against its source: the
result is a ``Summary`` whose sentences carry support from ``summarize.metrics``, so it renders
with the same highlights and unsupported-sentence flags as our own summaries. By default the
faithfulness scorer checks it: each sentence gets a ``faithfulness`` score and ``flags`` naming
the facts its source does not back (``Summary.faithfulness`` scores the whole summary).

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

__all__ = ["check_summary"]


def check_summary(source: str, summary: str, scorer: Any = "faithfulness",
                  threshold: float | None = None, method: str = "external",
                  clean: bool = True) -> Summary:
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
    """
    from ..text.document import check_text, prepare_document
    from ..provenance import sentence_support
    from ..text.sentences import split_sentences

    doc = prepare_document(source, clean=clean)
    check_text(summary, "summary")
    sentences = tuple(s.text for s in split_sentences(summary))
    support = sentence_support(list(sentences), [s.text for s in doc.sentences], scorer=scorer,
                               threshold=threshold)
    return Summary(
        text=" ".join(sentences), sentences=sentences, method=str(method),
        params={"support_scorer": support[0].scorer if support else
                getattr(scorer, "name", str(scorer))},
        source=doc.source, source_sentences=doc.sentences, support=support, kind="external",
    )
