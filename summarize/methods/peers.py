"""Peer tools as benchmark rows: sumy's methods (LSA, LexRank, TextRank, Luhn, KL-Sum, SumBasic,
Reduction), when sumy is installed.

sumy's default tokenizer needs nltk's punkt data, which cannot be downloaded here; the adapter
hands sumy a tokenizer built on our ``split_sentences`` and ``tokenize_words`` and builds sumy's
document model from our sentences, so every peer sees exactly the sentences our methods see and
its picks map back to source-sentence indices (provenance like ours).

Example:
    >>> from summarize.text.document import prepare_document
    >>> from summarize.text.length import LengthRequest
    >>> peer = sumy_summarizer("sumy-luhn")  # doctest: +SKIP
    >>> peer.summarize_document(prepare_document("Rain fell. Roads shut."), LengthRequest(1)).method  # doctest: +SKIP
    'sumy-luhn'
"""

from __future__ import annotations

import time
from typing import Any

from ..text.document import Document
from ..text.length import LengthRequest
from ..text.sentences import split_sentences
from ..summary import SentenceSupport, Summary
from ..text.tokens import count_words, tokenize_words

__all__ = ["SUMY_METHODS", "sumy_summarizer", "available_peers", "SumyPeer", "SentenceTokenizer"]

# our name -> sumy module, class
SUMY_METHODS = {
    "sumy-lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "sumy-lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "sumy-textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "sumy-luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "sumy-kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumy-sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "sumy-reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
}


def available_peers() -> list[str]:
    """The peer method names usable here (empty when sumy is not installed)."""
    try:
        import sumy  # noqa: F401
    except ImportError:
        return []
    return list(SUMY_METHODS)


class SentenceTokenizer:
    """The tokenizer interface sumy expects (``to_sentences``, ``to_words``, ``language``),
    on top of ``split_sentences`` and ``tokenize_words``: no nltk data needed."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(tokenize_words(sentence, lowercase=False))


class SumyPeer:
    """A sumy summarizer behind our ``Summarizer`` protocol.

    Sentence budget: ``length.max_sentences``; a word budget keeps sumy's picks, in source
    order, while they fit (sumy itself only counts sentences).
    """

    def __init__(self, name: str, language: str = "english") -> None:
        if name not in SUMY_METHODS:
            raise ValueError(f"unknown peer {name!r}; available: {', '.join(SUMY_METHODS)}")
        try:
            from importlib import import_module

            from sumy.nlp.stemmers import Stemmer
            from sumy.utils import get_stop_words
        except ImportError:
            raise ImportError('sumy peers need: pip install "summarize[benchmark]"') from None
        module, cls = SUMY_METHODS[name]
        self.name = name
        self.language = language
        self._impl = getattr(import_module(module), cls)(Stemmer(language))
        self._impl.stop_words = get_stop_words(language)
        self._tokenizer = SentenceTokenizer()

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        t0 = time.perf_counter()
        ours = [SumySentence(s.text, self._tokenizer) for s in doc.sentences]
        position = {id(s): i for i, s in enumerate(ours)}
        model = ObjectDocumentModel([Paragraph(ours)]) if ours else ObjectDocumentModel([])
        count = length.max_sentences(len(ours))
        picked = sorted(position[id(s)] for s in self._impl(model, count)) if count else []
        if length.words is not None:
            kept, used = [], 0
            for i in picked:
                n = count_words(doc.sentences[i].text)
                if used + n <= length.words:
                    kept.append(i)
                    used += n
            picked = kept
        texts = tuple(doc.sentences[i].text for i in picked)
        return Summary(
            text=" ".join(texts), sentences=texts, method=self.name,
            params={"language": self.language, **length.as_dict()}, source=doc.source,
            source_sentences=doc.sentences, selected=tuple(picked),
            support=tuple(SentenceSupport((i,), (1.0,)) for i in picked),
            elapsed_s=time.perf_counter() - t0)


def sumy_summarizer(name: str, **params: Any) -> SumyPeer:
    """A peer summarizer by name, e.g. ``sumy_summarizer("sumy-lsa")``."""
    return SumyPeer(name, **params)
