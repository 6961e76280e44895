"""Support (faithfulness) of summary sentences: which source sentences back each summary sentence,
and how strongly.

Scorers turn ``(summary sentences, source sentences)`` into an ``(n_summary, n_source)`` matrix of
scores in [0, 1]:

- ``"lexical"`` (default, numpy only, fast): the share of the summary sentence's words that occur
  in the same order in the source sentence (ROUGE-L precision against that sentence);
- ``"embedding"``: cosine similarity of the packaged all-MiniLM-L6-v2 sentence embeddings (the
  model loads once per process);
- ``"faithfulness"``: the default faithfulness score (:mod:`summarize.provenance.faithfulness`):
  alignment to a set of source sentences plus fact checks; fills ``SentenceSupport.faithfulness``
  and ``.flags``;
- ``"nli:<model id or path>"``: a Hugging Face NLI classifier's entailment probability
  (:class:`summarize.provenance.nli.NLIScorer`, needs the model extra);
- any object following :class:`SupportScorer` (for example a wrapper around your own model);
  a class registered by name in ``SCORERS`` (``SCORERS.register("mine", MyScorer)``, or an
  entry point in the group ``summarize.support_scorers``) works by name everywhere.

Example:
    >>> sup = sentence_support(["The river rose fast."],
    ...                        ["Rain fell all night.", "The river rose fast on Monday."])
    >>> sup[0].source_indices[0], round(sup[0].score, 2), sup[0].supported
    (1, 1.0, True)
"""

from __future__ import annotations

from typing import Any, Protocol, Sequence, runtime_checkable

import numpy as np

from ..registry import Entry, Registry
from ..summary import SentenceSupport
from ..text.tokens import light_stem, tokenize_words
from .inputs import check_sentences, split_pair
from .lcs import lcs_against, token_masks

__all__ = [
    "SupportScorer",
    "LexicalScorer",
    "EmbeddingScorer",
    "get_scorer",
    "sentence_support",
    "support_matrix",
    "lcs_precision_matrix",
    "support_stats",
    "support_figures",
    "reusable_support",
    "scorer_names",
    "SCORERS",
    "SUPPORT_COLUMNS",
]

SUPPORT_COLUMNS = ("support_min", "support_mean", "unsupported_share", "n_unsupported")


@runtime_checkable
class SupportScorer(Protocol):
    """What ``sentence_support`` needs from a scorer.

    ``score`` returns an array of shape ``(len(summary_sentences), len(source_sentences))`` with
    values in [0, 1]: how well each source sentence supports each summary sentence. A summary
    sentence counts as supported when its best score reaches ``threshold``.

    Example (an NLI model plugged in; ``nli`` returns entailment probabilities):
        >>> class NLIScorer:
        ...     name, threshold = "nli", 0.5
        ...     def score(self, summary_sentences, source_sentences):
        ...         return np.array([[nli(src, hyp) for src in source_sentences]
        ...                          for hyp in summary_sentences])  # doctest: +SKIP
    """

    name: str
    threshold: float

    def score(self, summary_sentences: Sequence[str],
              source_sentences: Sequence[str]) -> np.ndarray: ...


# --------------------------------------------------------------------------- lexical scorer

def _terms(text: str) -> list[str]:
    """Lower-cased, lightly stemmed word tokens (any script; CJK one token per character)."""
    return [light_stem(w) for w in tokenize_words(text)]


def lcs_precision_matrix(summary_terms: Sequence[Sequence[str]],
                         source_terms: Sequence[Sequence[str]]) -> np.ndarray:
    """``LCS(summary_i, source_j) / len(summary_i)``: the share of each summary sentence's words
    found, in order, in each source sentence (1.0 for a summary sentence without words)."""
    out = np.ones((len(summary_terms), len(source_terms)))
    for i, terms in enumerate(summary_terms):
        if not terms:
            continue
        masks = token_masks(terms)
        vocab = masks.keys()
        for j, other in enumerate(source_terms):
            if vocab.isdisjoint(other):
                out[i, j] = 0.0
            else:
                out[i, j] = lcs_against(masks, len(terms), other) / len(terms)
    return out


MAX_LCS_CANDIDATES = 2000  # source sentences compared (LCS) per summary sentence, at most
LCS_BUDGET = 150_000  # LCS comparisons per call (at least 50 per summary sentence)
MAX_SUPPORT_SENTENCES = 1000  # summary sentences checked; later ones count as unsupported


class LexicalScorer:
    """Word-order-aware overlap: the share of the summary sentence's words (stemmed, stopwords
    included) that occur in the same order in the source sentence, i.e. ROUGE-L precision of the
    summary sentence against each source sentence. Copied sentences score 1; a sentence stitched
    from scattered words, or with words the sentence lacks, scores lower. Fast, dependency-free,
    any script (CJK per character).

    Example:
        >>> LexicalScorer().score(["Cats purr loudly."], ["Cats purr loudly.", "Dogs bark."]).round(2)
        array([[1., 0.]])
    """

    name = "lexical"

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = float(threshold)

    def score(self, summary_sentences: Sequence[str],
              source_sentences: Sequence[str]) -> np.ndarray:
        n, m = len(summary_sentences), len(source_sentences)
        if n == 0 or m == 0:
            return np.zeros((n, m))
        return lcs_precision_matrix([_terms(s) for s in summary_sentences],
                                    [_terms(s) for s in source_sentences])

    def support(self, summary_sentences: Sequence[str], source_sentences: Sequence[str],
                threshold: float | None = None, top_k: int = 3) -> list[SentenceSupport]:
        """The ``top_k`` best source sentences of each summary sentence, as
        ``sentence_support`` would take them from ``score``'s matrix, without the whole matrix:
        a source sentence's share of the summary sentence's words (a vectorised upper bound of
        the LCS share) orders the candidates, and the LCS runs only while a candidate can still
        enter the top ``top_k``; at most ``MAX_LCS_CANDIDATES`` per summary sentence, fewer for
        a long summary (``LCS_BUDGET`` in all, at least 50 each): exact on news, and on
        megabytes of the same few words the best of the candidates tried.

        Example:
            >>> [s.source_indices for s in LexicalScorer().support(
            ...     ["Dogs bark loudly."], ["Cats purr.", "Dogs bark.", "Dogs bark loudly."])]
            [(2, 1)]
        """
        thr = self.threshold if threshold is None else float(threshold)
        summ = [_terms(x) for x in summary_sentences]
        src = [_terms(x) for x in source_sentences]
        m = len(src)
        vocab: dict[str, int] = {}
        rows = [sorted({vocab.setdefault(t, len(vocab)) for t in terms}) for terms in src]
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        indices = np.fromiter((i for r in rows for i in r), dtype=np.int64,
                              count=int(lengths.sum()))
        owner = np.repeat(np.arange(m), lengths)
        cap = max(50, min(MAX_LCS_CANDIDATES, LCS_BUDGET // max(1, len(summ))))
        out = []
        for terms in summ:
            if not terms or not m:
                order = list(range(min(top_k, m))) if m else []
                out.append(SentenceSupport(tuple(order), (1.0,) * len(order),
                                           supported=bool(order) and 1.0 >= thr,
                                           scorer=self.name))
                continue
            weight = np.zeros(len(vocab) + 1)
            for t in terms:
                weight[vocab.get(t, len(vocab))] += 1.0
            weight[len(vocab)] = 0.0  # words the source never uses
            bound = np.bincount(owner, weights=weight[indices], minlength=m) / len(terms)
            cand = np.flatnonzero(bound > 0.0)
            cand = cand[np.lexsort((cand, -bound[cand]))][:cap]
            masks = token_masks(terms)
            best: list[tuple[float, int]] = []  # (-score, index), the top_k so far
            for j in cand:
                if len(best) >= top_k and bound[j] < -best[-1][0]:
                    break  # no later candidate can enter the top_k
                score = lcs_against(masks, len(terms), src[j]) / len(terms)
                if score > 0.0:
                    best.append((-score, int(j)))
                    best.sort()
                    del best[top_k:]
            order = [j for _, j in best]
            scores = tuple(-x for x, _ in best)
            out.append(SentenceSupport(tuple(order), scores,
                                       supported=(scores[0] if scores else 0.0) >= thr,
                                       scorer=self.name))
        return out

    def __repr__(self) -> str:
        return f"LexicalScorer(threshold={self.threshold})"


# ------------------------------------------------------------------------- embedding scorer

class EmbeddingScorer:
    """Semantic support: cosine similarity (clipped at 0) of all-MiniLM-L6-v2 sentence embeddings.
    The packaged model is loaded once per process, on first use.

    Example:
        >>> EmbeddingScorer().score(["The cat slept."], ["A cat was asleep."])  # doctest: +SKIP
        array([[0.78]])
    """

    name = "embedding"

    def __init__(self, threshold: float = 0.6) -> None:
        self.threshold = float(threshold)

    def score(self, summary_sentences: Sequence[str],
              source_sentences: Sequence[str]) -> np.ndarray:
        from .embeddings import encode_sentences

        n, m = len(summary_sentences), len(source_sentences)
        if n == 0 or m == 0:
            return np.zeros((n, m))
        a = encode_sentences(summary_sentences)
        b = encode_sentences(source_sentences)
        return np.clip(a @ b.T, 0.0, 1.0).astype(np.float64)

    def __repr__(self) -> str:
        return f"EmbeddingScorer(threshold={self.threshold})"


def _check_scorer(entry: Entry[type], cls: object) -> type:
    if not isinstance(cls, type) or not callable(getattr(cls, "score", None)):
        raise TypeError(f"support scorer {entry.name!r} must be a class with .name, .threshold "
                        f"and .score(summary_sentences, source_sentences), got {cls!r}")
    return cls


#: Support scorer classes by name: the built-ins (the faithfulness scorer as a lazy reference),
#: ``SCORERS.register(name, cls)``, and plug-ins' entry points in the group
#: ``summarize.support_scorers``; ``get_scorer(name)`` makes one instance per process.
SCORERS: Registry[type] = Registry("support scorer", "summarize.support_scorers", {
    "lexical": LexicalScorer,
    "embedding": EmbeddingScorer,
    "faithfulness": "summarize.provenance.faithfulness:FaithfulnessScorer",
}, check=_check_scorer, hint="'nli:<model id or path>', or an object with .name, .threshold "
                             "and .score(summary, source)")
_INSTANCES: dict[tuple[str, type], SupportScorer] = {}


def scorer_names() -> dict[str, type]:
    """Scorer name -> class, for every scorer in ``SCORERS``.

    Example:
        >>> sorted(scorer_names())
        ['embedding', 'faithfulness', 'lexical']
    """
    return {e.name: SCORERS.load(e) for e in SCORERS.entries()}


def get_scorer(scorer: str | SupportScorer = "lexical") -> SupportScorer:
    """Resolve a scorer name (``"lexical"``, ``"embedding"``, ``"faithfulness"``,
    ``"nli:<model id or path>"``) or check a user scorer object. Named scorers are made once per
    process (an NLI model loads once).

    Example:
        >>> get_scorer("faithfulness").name
        'faithfulness'
    """
    if isinstance(scorer, str):
        if scorer.startswith("nli:") and scorer[4:].strip():
            from .nli import NLIScorer

            key = (scorer, NLIScorer)
            if key not in _INSTANCES:
                _INSTANCES[key] = NLIScorer(scorer[4:].strip())
            return _INSTANCES[key]
        cls = SCORERS.get(scorer)
        if (scorer, cls) not in _INSTANCES:
            _INSTANCES[(scorer, cls)] = cls()
        return _INSTANCES[(scorer, cls)]
    if not callable(getattr(scorer, "score", None)):
        raise TypeError(
            f"scorer must be a name or an object with a .score(summary_sentences, "
            f"source_sentences) method, got {type(scorer).__name__}"
        )
    return scorer


def support_matrix(summary_sentences: Sequence[str], source_sentences: Sequence[str],
                   scorer: str | SupportScorer = "lexical") -> np.ndarray:
    """The scorer's ``(n_summary, n_source)`` support matrix, validated and clipped to [0, 1].

    Example:
        >>> support_matrix(["Dogs bark."], ["Cats purr.", "Dogs bark."]).tolist()
        [[0.0, 1.0]]
    """
    summ = check_sentences(summary_sentences, "summary_sentences")
    src = check_sentences(source_sentences, "source_sentences")
    sc = get_scorer(scorer)
    if not summ or not src:
        return np.zeros((len(summ), len(src)))
    mat = np.asarray(sc.score(summ, src), dtype=np.float64)
    if mat.shape != (len(summ), len(src)):
        raise ValueError(
            f"scorer {getattr(sc, 'name', sc)!r} returned shape {mat.shape}; expected "
            f"({len(summ)}, {len(src)}) = (summary sentences, source sentences)"
        )
    if np.isnan(mat).any():
        raise ValueError(f"scorer {getattr(sc, 'name', sc)!r} returned NaN scores")
    return np.clip(mat, 0.0, 1.0)


def sentence_support(summary_sentences: Sequence[str], source_sentences: Sequence[str],
                     scorer: str | SupportScorer = "lexical", threshold: float | None = None,
                     top_k: int = 3) -> tuple[SentenceSupport, ...]:
    """One :class:`~summarize.summary.SentenceSupport` per summary sentence.

    Each holds up to ``top_k`` source-sentence indices with a score above 0, best first, their
    scores in [0, 1], ``supported`` (best score >= ``threshold``, default the scorer's own), and
    the scorer's name. With no source sentences every summary sentence is unsupported. A scorer
    with its own ``support(summary, source, threshold, top_k)`` method (the faithfulness scorer)
    builds them itself, adding ``faithfulness`` and fact ``flags``.

    Bounded: at most ``MAX_SUPPORT_SENTENCES`` (1,000) summary sentences are checked; later ones
    (a "summary" as long as a book) come back unsupported with no source sentence.

    Example:
        >>> [s.supported for s in sentence_support(
        ...     ["Rain fell.", "Aliens landed in Paris."], ["Rain fell all night.", "Roads shut."])]
        [True, False]
    """
    if not isinstance(top_k, int) or isinstance(top_k, bool) or top_k < 1:
        raise ValueError(f"top_k must be a positive int, got {top_k!r}")
    sc = get_scorer(scorer)
    thr = float(getattr(sc, "threshold", 0.5) if threshold is None else threshold)
    if not 0.0 <= thr <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {thr}")
    own = getattr(sc, "support", None)
    name = str(getattr(sc, "name", type(sc).__name__))
    summ = check_sentences(summary_sentences, "summary_sentences")
    unchecked = tuple(SentenceSupport((), (), supported=False, scorer=name)
                      for _ in summ[MAX_SUPPORT_SENTENCES:])
    summ = summ[:MAX_SUPPORT_SENTENCES]
    if callable(own):
        src = check_sentences(source_sentences, "source_sentences")
        return tuple(own(summ, src, threshold=thr, top_k=top_k)) + unchecked
    mat = support_matrix(summ, source_sentences, sc)
    out = []
    for row in mat:
        order = np.argsort(-row, kind="stable")[:top_k]
        order = [int(j) for j in order if row[j] > 0.0]
        scores = tuple(float(row[j]) for j in order)
        best = scores[0] if scores else 0.0
        out.append(SentenceSupport(tuple(order), scores, supported=best >= thr, scorer=name))
    return tuple(out) + unchecked


def support_stats(summary: str, source: str | Sequence[str],
                  scorer: str | SupportScorer = "lexical",
                  threshold: float | None = None) -> dict[str, float]:
    """Per-summary support figures, reference-free: ``support_min`` (the worst sentence's best
    support: one made-up sentence is enough to make a summary unfaithful), ``support_mean``,
    ``unsupported_share`` (share of sentences below the threshold) and ``n_unsupported``.

    ``source`` is the source text (split with :func:`summarize.split_sentences`) or its sentences.
    An empty summary gets support 0 and ``unsupported_share`` 1.0: it is never rated faithful.

    Example:
        >>> support_stats("Rain fell all night. Aliens landed.", "Rain fell all night. Roads shut.")
        {'support_min': 0.0, 'support_mean': 0.5, 'unsupported_share': 0.5, 'n_unsupported': 1.0}
    """
    if isinstance(summary, str) and not summary.strip():  # nothing to check: the source is
        sents, src = [], []                                 # never split for it
    else:
        sents, src = split_pair(summary, source)
    if not sents:
        return {"support_min": 0.0, "support_mean": 0.0, "unsupported_share": 1.0,
                "n_unsupported": 0.0}
    return support_figures(sentence_support(sents, src, scorer=scorer, threshold=threshold,
                                            top_k=1))


def support_figures(support: Sequence[SentenceSupport]) -> dict[str, float]:
    """``support_stats``'s figures from support already known (e.g. ``Summary.support``).

    Example:
        >>> support_figures([SentenceSupport((0,), (1.0,)), SentenceSupport((), (), False)])
        {'support_min': 0.0, 'support_mean': 0.5, 'unsupported_share': 0.5, 'n_unsupported': 1.0}
    """
    if not support:
        return {"support_min": 0.0, "support_mean": 0.0, "unsupported_share": 1.0,
                "n_unsupported": 0.0}
    best = [s.score for s in support]
    bad = sum(not s.supported for s in support)
    return {"support_min": float(min(best)), "support_mean": float(np.mean(best)),
            "unsupported_share": bad / len(support), "n_unsupported": float(bad)}


def reusable_support(summary: Any, scorer: str | SupportScorer = "lexical",
                     threshold: float | None = None) -> tuple[SentenceSupport, ...] | None:
    """``summary.support`` when it answers the question asked, else None: one entry per
    sentence, made by ``scorer`` or copied verbatim ("extractive": a copy is fully supported
    under any scorer), at the scorer's default threshold. The method layer attaches support
    once; metrics, compare, the benchmark and Ray reuse it and score only text without it.

    Example:
        >>> from summarize import summarize
        >>> s = summarize("Rain fell. Roads shut.", sentences=1)
        >>> reusable_support(s) == s.support
        True
    """
    support = getattr(summary, "support", None)
    sentences = getattr(summary, "sentences", None)
    if not support or sentences is None or len(support) != len(sentences) or \
            threshold is not None:
        return None
    name = getattr(get_scorer(scorer), "name", None)
    if all(s.scorer in ("extractive", name) for s in support):
        return tuple(support)
    return None
