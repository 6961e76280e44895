"""Per-document sentence features shared by the extractive methods: content-word tokens,
a TF-IDF matrix and sentence-to-sentence similarity graphs, all computed once per document.

Ordinary articles use dense numpy arrays (fast for tens of sentences); long documents (more
than 400 sentences, or a term matrix over 2 million cells) switch to scipy sparse matrices, and
their similarity graphs are built a block of rows at a time with a bound that does not depend on
the text's shape: each sentence is compared with the ``GRAPH_WINDOW`` sentences on either side
(every pair, for documents up to 1,001 sentences) and keeps its strongest links, at most
``GRAPH_MAX_EDGES`` in the whole graph. Time and memory grow linearly with the length.

Example:
    >>> from summarize.text.sentences import split_sentences
    >>> f = DocFeatures.build(split_sentences("Cats purr. Dogs bark. Cats and dogs play."))
    >>> f.tfidf.shape[0]
    3
"""

from __future__ import annotations

from dataclasses import dataclass
import threading
from itertools import accumulate
from typing import Any, Callable, Union

import numpy as np
from scipy import sparse

from ...text.languages import stopwords
from ...text.sentences import Sentence
from ...text.tokens import STOPWORDS, count_words_texts, light_stem, tokenize_texts

__all__ = ["DocFeatures"]

Matrix = Union[np.ndarray, sparse.csr_matrix]

# Documents with at most this many sentences (and a term matrix of at most this many cells) use
# dense arrays.
_DENSE_MAX_SENTENCES = 400
_DENSE_MAX_CELLS = 2_000_000
# Long documents keep only each sentence's strongest neighbours in the graph (bounded memory):
# at most _MAX_NEIGHBOURS per sentence and GRAPH_MAX_EDGES in all.
_MAX_NEIGHBOURS = 200
GRAPH_MAX_EDGES = 4_000_000
# ... among the GRAPH_WINDOW sentences before and after it (bounded time).
GRAPH_WINDOW = 500
# Rows of a graph computed at once: block x (block + 2 * window) similarity cells.
_BLOCK = 512


_HEADING_MAX_WORDS = 8
_FINAL_PUNCT = tuple(".!?\u2026\u3002\uff01\uff1f\"'\u201d\u2019)")


class _Terms:
    """One language's memo of word forms: each form's term id (its content word's index in
    ``stems``; -1 for a stop word or a number). Bounded: replaced when it grows large."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        self.ids: dict[str, int] = {}
        self.stems: list[str] = []  # append-only, so features keep a valid reference
        self._of_stem: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, words: list[str]) -> None:
        """Memoize the forms among ``words`` not seen before."""
        with self._lock:
            for w in words:
                if w not in self.ids:
                    content = _content_word(w, self.language)
                    k = self._of_stem.get(content, -1) if content else -1
                    if content and k < 0:
                        k = self._of_stem[content] = len(self.stems)
                        self.stems.append(content)
                    self.ids[w] = k


_TERMS: dict[str, _Terms] = {}


def _terms(language: str | None) -> _Terms:
    key = language or ""
    memo = _TERMS.get(key)
    if memo is None or len(memo.ids) > 200_000:
        memo = _TERMS[key] = _Terms(language)
    return memo


def _content_word(word: str, language: str | None) -> str:
    """The stemmed content word, or "" for a stop word or a number."""
    if word in STOPWORDS or word.isdigit() or word in stopwords(language):
        return ""
    return light_stem(word)


class _lazy:
    """A property computed on first use and then stored on the instance: what
    ``functools.cached_property`` does, without the lock Python 3.11 takes on every first use
    (a pure function of the features, so two threads computing it at once is harmless)."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def _overlap_weights(overlap: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """``overlap / norm`` (shared words over the sum of the log sentence lengths); 0 where the
    norm is 0 (two sentences of at most one word)."""
    return np.divide(overlap, norm, out=np.zeros(norm.shape), where=norm > 0)


def _dense(m: Matrix) -> np.ndarray:
    return m.toarray() if sparse.issparse(m) else np.asarray(m)


@dataclass
class DocFeatures:
    """Features of one document's sentences (rows follow ``sentences``)."""

    sentences: list[Sentence]
    counts: Matrix  # term counts, sentences x vocab (dense or sparse)
    #: every word token of the document in order (``tokenize_words``), its term id (-1: a stop
    #: word), and how many tokens each sentence has
    words: list[str]
    token_terms: np.ndarray
    lengths: list[int]
    #: the term id of each column, and the content words the ids index
    column_terms: np.ndarray
    stems: list[str]

    @classmethod
    def build(cls, sentences: list[Sentence], language: str | None = None) -> "DocFeatures":
        """Features of ``sentences``; ``language`` adds that language's stop words to the
        English ones (``summarize.text.languages``). The sentences are tokenized in one pass
        (``tokenize_texts``); columns follow the terms' first use in the document."""
        memo = _terms(language)
        flat, lengths = tokenize_texts([s.text for s in sentences])
        try:
            ids = np.fromiter(map(memo.ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        except KeyError:  # word forms not seen before in this language
            memo.add(flat)
            ids = np.fromiter(map(memo.ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        rows = np.arange(len(sentences), dtype=np.int64).repeat(
            np.fromiter(lengths, dtype=np.int64, count=len(lengths)))
        keep = ids >= 0
        terms, rows = ids[keep], rows[keep]
        # columns in order of first use: sort (stably), mark each term's first token, rank them
        by_term = terms.argsort(kind="stable")
        ordered = terms[by_term]
        first = np.empty(len(ordered), dtype=bool)
        first[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        group = first.cumsum()
        group -= 1
        rank = by_term[first].argsort()  # the group of each column
        # (term, sentence) pairs in sorted order: the counts do not depend on the order
        cols = rank.argsort()[group]
        rows = rows[by_term]
        shape = (len(sentences), max(1, len(rank)))
        if len(sentences) <= _DENSE_MAX_SENTENCES and shape[0] * shape[1] <= _DENSE_MAX_CELLS:
            counts: Matrix = np.bincount(rows * shape[1] + cols, minlength=shape[0] * shape[1]
                                         ).astype(np.float64).reshape(shape)
        else:
            counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
            counts.sum_duplicates()
        return cls(sentences, counts, flat, ids, lengths, ordered[first][rank], memo.stems)

    @_lazy
    def vocab(self) -> dict[str, int]:
        """Content word -> column."""
        return {self.stems[t]: k for k, t in enumerate(self.column_terms.tolist())}

    def sentence_words(self, i: int) -> list[str]:
        """The word tokens of sentence ``i`` (lower-case, ``tokenize_words``)."""
        return self.words[self._starts[i]:self._starts[i] + self.lengths[i]]

    @_lazy
    def _starts(self) -> list[int]:
        return [0, *accumulate(self.lengths)]

    @_lazy
    def tokens(self) -> list[list[str]]:
        """Each sentence's content words (stop words left out), stemmed."""
        out, start = [], 0
        ids = self.token_terms.tolist()
        for k in self.lengths:
            out.append([self.stems[t] for t in ids[start:start + k] if t >= 0])
            start += k
        return out

    @property
    def n(self) -> int:
        return len(self.sentences)

    @_lazy
    def is_sparse(self) -> bool:
        return sparse.issparse(self.counts)

    @_lazy
    def idf(self) -> np.ndarray:
        """Smoothed sentence-level inverse document frequency of each term."""
        df = (self.counts > 0).sum(axis=0)
        if self.is_sparse:
            df = np.asarray(df).ravel()
        return np.log((1.0 + self.n) / (1.0 + df)) + 1.0

    @_lazy
    def tfidf(self) -> Matrix:
        """L2-normalised TF-IDF rows (zero rows for sentences without content words)."""
        if self.is_sparse:
            m = self.counts.multiply(self.idf[None, :]).tocsr()
            norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)
        m = self.counts * self.idf
        norms = np.sqrt(np.add.reduce(m * m, axis=1, keepdims=True))  # np.linalg.norm's sum
        norms[norms == 0] = 1.0
        return m / norms

    @_lazy
    def binary(self) -> Matrix:
        """1 where a sentence contains a term."""
        if self.is_sparse:
            b = self.counts.copy()
            b.data[:] = 1.0
            return b
        return (self.counts > 0).astype(np.float64)

    @_lazy
    def word_counts(self) -> np.ndarray:
        """Number of words in each sentence, as a reader counts them."""
        return np.array(count_words_texts([s.text for s in self.sentences]), dtype=np.int64)

    @_lazy
    def eligible(self) -> np.ndarray:
        """Sentences a summary may use: not headings (short lines without sentence-final
        punctuation, such as "HUMANITARIAN ACCESS"). All, if that would leave none."""
        # a heading: fewer than _HEADING_MAX_WORDS words and no final punctuation
        keep = [w >= _HEADING_MAX_WORDS or s.text.rstrip().endswith(_FINAL_PUNCT)
                for s, w in zip(self.sentences, self.word_counts.tolist())]
        return np.array(keep, dtype=bool) if True in keep else np.ones(self.n, dtype=bool)

    def similarity_to(self, indices: list[int]) -> np.ndarray:
        """TF-IDF cosine of every sentence with the sentences ``indices``: shape (n, len)."""
        return np.clip(_dense(self.tfidf @ self.tfidf[indices].T), 0.0, 1.0)

    def cosine_graph(self, threshold: float) -> Matrix:
        """Graph of TF-IDF cosine similarities above ``threshold`` (no self-loops)."""
        if not self.is_sparse:
            dense = self._cosine_all()
            dense[dense <= threshold] = 0.0
            return dense
        return self._graph(lambda rows, cols: _dense(self.tfidf[rows] @ self.tfidf[cols].T),
                           threshold)

    def cosine_adjacency(self, threshold: float) -> Matrix:
        """1 where ``cosine_graph(threshold)`` has an edge (LexRank's unweighted graph)."""
        if not self.is_sparse:
            return (self._cosine_all() > threshold).astype(np.float64)
        graph = self.cosine_graph(threshold)
        graph.data[:] = 1.0
        return graph

    def _cosine_all(self) -> np.ndarray:
        """Every pair's TF-IDF cosine (dense documents), 0 on the diagonal."""
        t = self.tfidf
        dense = t @ t.T
        dense.ravel()[::self.n + 1] = 0.0  # no self-loops (a view: dense is C-contiguous)
        return dense

    def overlap_graph(self) -> Matrix:
        """TextRank graph: shared words / (log|Si| + log|Sj|) (no self-loops)."""
        if not self.is_sparse:  # every pair at once
            b = self.binary
            logs = np.log(np.maximum(np.add.reduce(b, axis=1), 1.0))  # b.sum(axis=1)
            dense = _overlap_weights(b @ b.T, logs[:, None] + logs)
            dense.ravel()[::self.n + 1] = 0.0  # no self-loops (and no weight is negative)
            return dense
        logs = np.log(np.maximum(np.asarray(self.binary.sum(axis=1)).ravel(), 1.0))
        return self._graph(
            lambda rows, cols: _overlap_weights(_dense(self.binary[rows] @ self.binary[cols].T),
                                                logs[rows, None] + logs[None, cols]), 0.0)

    def _graph(self, block_fn: Callable[[slice, slice], np.ndarray], threshold: float) -> Matrix:
        """An n x n sparse graph of ``block_fn(rows, cols)`` similarities above ``threshold``,
        for long documents (dense ones compare every pair at once): built ``_BLOCK`` rows at a
        time, each row against the ``GRAPH_WINDOW`` sentences on either side, keeping its ``k``
        strongest links (``k`` = ``_MAX_NEIGHBOURS``, fewer when ``GRAPH_MAX_EDGES / n`` is
        smaller; ties go to the nearer sentence, so identical sentences cannot fill the graph):
        time O(n * window), memory O(block * window + GRAPH_MAX_EDGES) whatever the text."""
        n = self.n
        k = max(1, min(_MAX_NEIGHBOURS, GRAPH_MAX_EDGES // max(n, 1)))
        rows_out, cols_out, vals_out = [], [], []
        for start in range(0, n, _BLOCK):
            stop = min(n, start + _BLOCK)
            lo, hi = max(0, start - GRAPH_WINDOW), min(n, stop + GRAPH_WINDOW)
            dense = np.asarray(block_fn(slice(start, stop), slice(lo, hi)), dtype=np.float64)
            r = np.arange(stop - start)
            dense[r, r + start - lo] = 0.0  # no self-loops
            if dense.shape[1] > k:
                # exactly the k largest per row (argpartition, not a value cut, so ties cannot
                # add edges); among equal values the nearer sentence wins, which also keeps
                # argpartition fast on rows of identical values
                distance = np.abs(np.arange(lo, hi)[None, :] - (r + start)[:, None])
                idx = np.argpartition(distance * 1e-9 - dense, k - 1, axis=1)[:, :k]
                vals = np.take_along_axis(dense, idx, axis=1)
            else:
                idx = np.broadcast_to(np.arange(dense.shape[1]), dense.shape)
                vals = dense
            keep = vals > threshold
            rows_out.append(np.broadcast_to((r + start)[:, None], idx.shape)[keep])
            cols_out.append((idx + lo)[keep])
            vals_out.append(vals[keep])
        graph = sparse.csr_matrix(
            (np.concatenate(vals_out), (np.concatenate(rows_out), np.concatenate(cols_out))),
            shape=(n, n))
        graph.sum_duplicates()
        return graph
