"""The shared shape of every extractive method: score sentences, then one selection step.

Subclasses implement ``score``; everything else (cleaning, splitting, length control,
redundancy control, coherence, compression, provenance) is shared, so every method reads the same.

Coherence: sentences that depend on a neighbour (``summarize.text.discourse``) are taken with it or
not at all (``summarize.methods.extractive.selection``). When a word budget cannot hold the best unit, no method
jumps to a lower-ranked sentence that happens to be short: the unit's first sentence is
compressed at clause boundaries (``compress=True``, ``summarize.methods.extractive.compression``); if nothing
grammatical fits, or with ``compress=False``, it is cut at a word and marked with " …".
``params["length_fit"]`` says which ("compressed" / "truncated"), and the kept character ranges
are in ``support[i].kept`` and ``Summary.spans``.

Example:
    >>> from summarize.methods.extractive import LeadSummarizer
    >>> LeadSummarizer().summarize("One. Two. Three. Four.", sentences=2).text
    'One. Two.'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar, Sequence

import numpy as np

from ...summary import Summary
from ...text.discourse import dependency_flags, quote_balance
from ...text.document import Document
from ...text.length import LengthRequest
from ...text.tokens import count_words
from ..base import Summarizer
from .compression import Compressed, compress_sentence, truncate_sentence
from .features import DocFeatures
from .selection import select_sentences, unit_of

__all__ = ["ExtractiveSummarizer"]


class ExtractiveSummarizer(Summarizer):
    """Base class: ``score(features) -> array`` plus the shared selection step.

    Args:
        diversity: MMR trade-off in [0, 1); 0 picks purely by score.
        max_similarity: skip sentences whose TF-IDF cosine to a chosen one exceeds this.
        compress: when a word budget cannot hold the best sentence, compress it at clause
            boundaries (True) or cut it at a word with " …" (False).
    """

    kind = "extractive"
    #: True for methods whose summary is always a prefix of the article (lead)
    prefix: ClassVar[bool] = False

    def __init__(self, diversity: float = 0.0, max_similarity: float | None = None,
                 compress: bool = True) -> None:
        if not 0.0 <= float(diversity) < 1.0:
            raise ValueError(f"diversity must be in [0, 1), got {diversity}")
        if max_similarity is not None and not 0.0 < float(max_similarity) <= 1.0:
            raise ValueError(f"max_similarity must be in (0, 1], got {max_similarity}")
        self.diversity = float(diversity)
        self.max_similarity = None if max_similarity is None else float(max_similarity)
        if not isinstance(compress, bool):
            raise TypeError(f"compress must be True or False, got {compress!r}")
        self.compress = compress

    def score(self, features: DocFeatures) -> np.ndarray:
        """One relevance score per sentence (higher is better)."""
        raise NotImplementedError

    def select(self, features: DocFeatures, length: LengthRequest, **kwargs: Any) -> list[int]:
        """Indices of the chosen sentences, in source order. ``kwargs`` go to
        ``select_sentences`` (coherence links, ``chosen``, ``word_counts``...)."""
        if features.n == 0:
            return []
        needs_sim = self.diversity > 0 or self.max_similarity is not None
        return select_sentences(
            self.score(features),
            kwargs.pop("word_counts", features.word_counts),
            max_sentences=length.max_sentences(features.n),
            max_words=length.words,
            similarity=features.similarity_to if needs_sim else None,
            diversity=self.diversity,
            max_similarity=self.max_similarity,
            eligible=features.eligible,
            prefix=self.prefix,
            **kwargs,
        )

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        """Summarize an already prepared ``Document``."""
        features = DocFeatures.build(list(doc.sentences), doc.language)
        # the wording of a sentence is analysed when selection first asks about it
        needs_previous, needs_next = dependency_flags(doc.sentences, doc.source, doc.language,
                                                      features.sentence_words)
        coherence = {"needs_previous": needs_previous, "needs_next": needs_next}
        chosen = self.select(features, length, first_must_fit=length.words is not None,
                             **coherence)
        fitted: dict[int, Compressed] = {}
        if not chosen and features.n and length.words is not None:
            # The best unit does not fit the budget: shorten a first sentence, then fill.
            head, fit = self._fit_first(doc, features, coherence, length.words)
            counts = features.word_counts.copy()
            if fit is not None:
                fitted[head] = fit
                counts[head] = count_words(fit.text)
            chosen = self.select(features, length, chosen=[head], word_counts=counts,
                                 **coherence)
        texts = [fitted[i].text if i in fitted else doc.sentences[i].text for i in chosen]
        extra: dict[str, Any] = {}
        for i, fit in fitted.items():
            if fit.truncated:
                extra["truncated"] = True
            else:
                extra["compressed"] = {"sentence": i, "dropped": list(fit.dropped)}
        summary = self.extract(doc, chosen, length, texts, **extra)
        if not fitted:
            return summary
        fit_kind = "truncated" if any(f.truncated for f in fitted.values()) else "compressed"
        support = tuple(replace(sup, kept=fitted[i].ranges) if i in fitted else sup
                        for i, sup in zip(chosen, summary.support))
        return replace(summary, support=support,
                       params={**summary.params, "length_fit": fit_kind})

    def _fit_first(self, doc: Document, features: DocFeatures,
                   coherence: dict[str, Sequence[bool]],
                   max_words: int) -> tuple[int, Compressed | None]:
        """The summary's first sentence when the best unit is over the budget: the unit's first
        sentence, as it is if it fits and stands alone, else compressed, else cut with " …"
        (never a lower-ranked sentence that happens to be short). Only a first sentence that
        cannot stand alone even compressed (it ends in a colon or an open quote) gives way to
        the next unit's, and not for prefix methods (lead). ``None`` as the fit: used whole."""
        scores = np.where(features.eligible, self.score(features), -np.inf)
        heads: list[int] = []
        for i in np.argsort(-scores, kind="stable")[:_MAX_HEADS]:
            h = unit_of(int(i), coherence["needs_previous"], coherence["needs_next"]).start
            if h not in heads:
                heads.append(h)
        if self.prefix:
            heads = heads[:1]
        for h in heads:
            sentence = doc.sentences[h]
            alone = not coherence["needs_next"][h]
            if alone and features.word_counts[h] <= max_words:
                return h, None
            accept = None if alone else _stands_alone
            fit = compress_sentence(sentence, max_words, accept) if self.compress else None
            if fit is not None:
                return h, fit
            if alone:
                return h, truncate_sentence(sentence, max_words)
        return heads[0], truncate_sentence(doc.sentences[heads[0]], max_words)


_MAX_HEADS = 8  # units tried when the best ones cannot stand alone


def _stands_alone(text: str) -> bool:
    """A compressed sentence that no longer ends in a colon or inside a quotation."""
    closes_unopened, open_at_end = quote_balance(text)
    return not (closes_unopened or open_at_end) and not text.rstrip(" \"'\u201d").endswith(":")
