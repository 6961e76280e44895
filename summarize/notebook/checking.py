"""Check a summary written elsewhere (a person, another tool, an LLM) against its source: the
result is a ``Summary`` whose sentences carry support from ``summarize.metrics``, so it renders
with the same highlights and unsupported-sentence flags as our own summaries.

Example:
    >>> s = check_summary("Rain fell all night. The river rose.", "The river rose. Aliens landed.")
    >>> [x.supported for x in s.support]
    [True, False]
"""

from __future__ import annotations

from typing import Any

from ..summary import Summary

__all__ = ["check_summary"]


def check_summary(source: str, summary: str, scorer: Any = "lexical",
                  threshold: float | None = None, method: str = "external",
                  clean: bool = True) -> Summary:
    """Attach source support to ``summary`` (a string) and return it as a ``Summary``.

    Args:
        source: the article the summary claims to summarize.
        summary: the summary text (split into sentences with our splitter).
        scorer / threshold: support scorer and cut-off, as in
            ``summarize.metrics.sentence_support``.
        method: the label shown for the summary's origin, e.g. ``"gpt"`` or ``"editor"``.
        clean: clean the source (markup, boilerplate) the way ``summarize()`` does.
    """
    from ..text.document import check_text, prepare_document
    from ..metrics import sentence_support
    from ..text.sentences import split_sentences

    doc = prepare_document(source, clean=clean)
    check_text(summary, "summary")
    sentences = tuple(s.text for s in split_sentences(summary))
    support = sentence_support(list(sentences), [s.text for s in doc.sentences], scorer=scorer,
                               threshold=threshold)
    return Summary(
        text=" ".join(sentences), sentences=sentences, method=str(method),
        params={"support_scorer": support[0].scorer if support else str(scorer)},
        source=doc.source, source_sentences=doc.sentences, support=support, kind="external",
    )
