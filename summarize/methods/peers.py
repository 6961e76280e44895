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

from typing import Any

from ..text.document import Document
from ..text.length import LengthRequest
from ..text.sentences import split_sentences
from ..summary import Summary
from ..text.tokens import count_words, tokenize_words
from .base import Summarizer

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


class SumyPeer(Summarizer):
    """A sumy summarizer behind the ``Summarizer`` contract (registered as ``sumy-*`` methods).

    Sentence budget: ``length.max_sentences``; a word budget takes sumy's best-rated sentences
    that fit, in sumy's rating order (sumy itself only counts sentences: its ``count`` may be a
    callable that receives the candidates best first), then shows them in source order. sumy is
    imported by ``load()``.
    """

    kind = "extractive"
    description = "sumy peer"

    def __init__(self, method: str = "sumy-lsa", language: str = "english") -> None:
        if method not in SUMY_METHODS:
            raise ValueError(f"unknown peer {method!r}; available: {', '.join(SUMY_METHODS)}")
        if not isinstance(language, str) or not language:
            raise ValueError(f"language must be a non-empty str, got {language!r}")
        self.method = method
        self.language = language
        self.name = method

    def _load(self) -> None:
        try:
            from importlib import import_module

            from sumy.nlp.stemmers import Stemmer
            from sumy.utils import get_stop_words
        except ImportError:
            raise ImportError('sumy peers need: pip install "summarize[benchmark]"') from None
        module, cls = SUMY_METHODS[self.method]
        self._impl = getattr(import_module(module), cls)(Stemmer(self.language))
        self._impl.stop_words = get_stop_words(self.language)
        self._tokenizer = SentenceTokenizer()

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        self.load()
        ours = [SumySentence(s.text, self._tokenizer) for s in doc.sentences]
        position = {id(s): i for i, s in enumerate(ours)}
        model = ObjectDocumentModel([Paragraph(ours)]) if ours else ObjectDocumentModel([])
        count = length.max_sentences(len(ours))
        words = length.words

        def best_that_fit(ranked: Any) -> list:
            """sumy's candidates, best first: the best ones whose words fit ``words``
            (sumy counts only sentences); at least the best one."""
            chosen, used = [], 0
            for info in ranked:
                if len(chosen) >= count:
                    break
                n = count_words(doc.sentences[position[id(info.sentence)]].text)
                if words is None or used + n <= words:
                    chosen.append(info)
                    used += n
            return chosen or list(ranked[:1])

        picked = sorted(position[id(s)] for s in self._impl(model, best_that_fit)) \
            if count else []
        return self.extract(doc, picked, length)


def sumy_summarizer(name: str, **params: Any) -> SumyPeer:
    """A peer summarizer by name, e.g. ``sumy_summarizer("sumy-lsa")`` (the registry's factory
    for every ``sumy-*`` method)."""
    return SumyPeer(name, **params)
