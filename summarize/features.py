"""Per-document sentence features shared by the extractive methods: content-word tokens,
a TF-IDF matrix and sentence-to-sentence similarities, all computed once per document.

Example:
    >>> from summarize.sentences import split_sentences
    >>> f = DocFeatures.build(split_sentences("Cats purr. Dogs bark. Cats and dogs play."))
    >>> f.tfidf.shape[0]
    3
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from .sentences import Sentence
from .tokens import STOPWORDS, tokenize_words

__all__ = ["DocFeatures", "light_stem"]


def light_stem(word: str) -> str:
    """A cheap suffix stripper so 'strikes'/'strike', 'talks'/'talked' meet (ASCII words only)."""
    if len(word) <= 4 or not word.isascii():
        return word
    for suffix in ("ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word


@dataclass
class DocFeatures:
    """Features of one document's sentences (rows follow ``sentences``)."""

    sentences: list[Sentence]
    tokens: list[list[str]]  # content words (no stopwords), stemmed
    vocab: dict[str, int]
    counts: sparse.csr_matrix  # term counts, sentences x vocab

    @classmethod
    def build(cls, sentences: list[Sentence]) -> "DocFeatures":
        tokens = []
        for s in sentences:
            words = tokenize_words(s.text)
            tokens.append([light_stem(w) for w in words if w not in STOPWORDS and not w.isdigit()])
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, toks in enumerate(tokens):
            for t in toks:
                rows.append(i)
                cols.append(vocab.setdefault(t, len(vocab)))
        data = np.ones(len(rows), dtype=np.float64)
        counts = sparse.csr_matrix(
            (data, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
            shape=(len(sentences), max(1, len(vocab))),
        )
        counts.sum_duplicates()
        return cls(sentences, tokens, vocab, counts)

    @property
    def n(self) -> int:
        return len(self.sentences)

    @cached_property
    def idf(self) -> np.ndarray:
        """Smoothed sentence-level inverse document frequency of each term."""
        df = np.bincount(self.counts.indices, minlength=self.counts.shape[1]).astype(np.float64)
        return np.log((1.0 + self.n) / (1.0 + df)) + 1.0

    @cached_property
    def tfidf(self) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows (zero rows for sentences without content words)."""
        m = self.counts.multiply(self.idf[None, :]).tocsr()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

    @cached_property
    def binary(self) -> sparse.csr_matrix:
        b = self.counts.copy()
        b.data[:] = 1.0
        return b

    @cached_property
    def cosine(self) -> np.ndarray:
        """Dense sentence x sentence cosine similarity of TF-IDF rows (diagonal zeroed)."""
        sim = (self.tfidf @ self.tfidf.T).toarray()
        np.fill_diagonal(sim, 0.0)
        return np.clip(sim, 0.0, 1.0)

    @cached_property
    def word_counts(self) -> np.ndarray:
        """Number of words in each sentence, as a reader counts them."""
        from .tokens import count_words

        return np.array([count_words(s.text) for s in self.sentences], dtype=np.int64)
