"""What each summary sentence kept, changed and invented, as data for the notebook views.

For every summary sentence: the runs of words it shares with the source (greedy longest
matches, Grusky et al.'s fragments, at least ``min_ngram`` words holding one content word), the
words the source never uses (novel; stopwords other than negations are never novel), the fact
flags its ``SentenceSupport`` carries (numbers, dates, entities, quantities and negations the
source does not back, computed by the faithfulness code; its "novel" flags are the novel words
above, shown as such) and the source sentences it draws from. Words come from
:func:`summarize.text.tokens.word_spans` (the same tokens as every metric), compared lower-cased.
No HTML here: ``display``, ``sidebyside`` and the explorer render it.

Example:
    >>> from summarize import summarize
    >>> s = summarize("Rain fell all night. The river rose fast. Roads shut.", sentences=1)
    >>> a = annotate(s)
    >>> [(m.text, m.n) for m in a.sentences[0].matches], a.sentences[0].novel
    ([('Rain fell all night', 4)], ())
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..text.tokens import STOPWORDS, word_spans

if TYPE_CHECKING:
    from ..summary import FactFlag, SentenceSupport, Summary

__all__ = ["annotate", "Annotation", "SentenceAnnotation", "Match"]

# source occurrences of one word tried per summary word (bounds the work on huge sources)
_MAX_CANDIDATES = 4000
# stopwords are never marked novel (a bold "the" or the "s" of "Riverton's" says nothing),
# except these, which change what a sentence claims
_NEGATIONS = frozenset({"no", "not", "nor", "never", "none", "nobody", "nothing", "without"})
# a number as written ("2.5", "18,000", "7-2" is two): word tokens split it at the point, so a
# new "2.5" would pass as "2" and "5"; numbers are compared whole (thousands commas ignored)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


@dataclass(frozen=True)
class Match:
    """A run of ``n`` summary words found verbatim (case-insensitive) in the source:
    ``start``/``end`` in the summary sentence, ``source_start``/``source_end`` in
    ``Summary.source``, ``source_sentence`` the source sentence it starts in (-1 if none)."""

    start: int
    end: int
    source_start: int
    source_end: int
    source_sentence: int
    n: int
    text: str


@dataclass(frozen=True)
class SentenceAnnotation:
    """One summary sentence: shared runs, novel words (``(start, end)`` spans), fact flags, the
    support it got, and the source sentences it draws from (support first, then matches)."""

    index: int
    text: str
    matches: tuple[Match, ...]
    novel: tuple[tuple[int, int], ...]
    flags: tuple[FactFlag, ...]
    support: SentenceSupport | None
    draws_from: tuple[int, ...]

    @property
    def supported(self) -> bool:
        return self.support is None or self.support.supported

    @property
    def novel_words(self) -> list[str]:
        return [self.text[a:b] for a, b in self.novel]

    def segments(self) -> list[tuple[str, str, FactFlag | None]]:
        """The sentence cut into ``(text, kind, flag)`` pieces in order; ``kind`` is
        ``"flag"``, ``"shared"``, ``"novel"`` or ``""`` (a flag wins over the others)."""
        n = len(self.text)
        kind = [""] * n
        owner: list[FactFlag | None] = [None] * n
        for m in self.matches:
            for k in range(m.start, min(m.end, n)):
                kind[k] = "shared"
        for a, b in self.novel:
            for k in range(a, min(b, n)):
                kind[k] = "novel"
        for f in self.flags:
            a, b = max(0, int(f.start)), min(n, int(f.end))
            for k in range(a, b):
                kind[k], owner[k] = "flag", f
        out: list[tuple[str, str, FactFlag | None]] = []
        start = 0
        for k in range(1, n + 1):
            if k == n or kind[k] != kind[start] or owner[k] is not owner[start]:
                out.append((self.text[start:k], kind[start], owner[start]))
                start = k
        return out


@dataclass(frozen=True)
class Annotation:
    """Annotations of a whole summary (one :class:`SentenceAnnotation` per sentence)."""

    sentences: tuple[SentenceAnnotation, ...]
    n_source_sentences: int

    @property
    def n_flags(self) -> int:
        return sum(len(s.flags) for s in self.sentences)

    @property
    def n_novel(self) -> int:
        return sum(len(s.novel) for s in self.sentences)

    def source_usage(self) -> dict[int, list[int]]:
        """source sentence -> summary sentences drawing from it (supported ones only)."""
        out: dict[int, list[int]] = {}
        for s in self.sentences:
            if not s.supported:
                continue
            for j in s.draws_from:
                out.setdefault(j, []).append(s.index)
        return out

    def source_matches(self) -> dict[int, list[tuple[int, int, int]]]:
        """source sentence -> ``(start, end, summary sentence)`` character spans in
        ``Summary.source`` of the shared runs that start in it."""
        out: dict[int, list[tuple[int, int, int]]] = {}
        for s in self.sentences:
            for m in s.matches:
                if m.source_sentence >= 0:
                    out.setdefault(m.source_sentence, []).append(
                        (m.source_start, m.source_end, s.index))
        return out


def annotate(summary: Summary, support: Sequence[SentenceSupport] | None = None,
             min_ngram: int = 2) -> Annotation:
    """Annotate ``summary`` against its own source.

    Args:
        summary: any ``Summary`` (extractive, generated, or from ``check_summary``).
        support: per-sentence support to use instead of ``summary.support`` (e.g. re-scored at
            another threshold); fact flags still come from ``summary.support`` when the override
            carries none.
        min_ngram: shortest shared run marked (runs made only of stopwords are never marked).
    """
    if isinstance(min_ngram, bool) or not isinstance(min_ngram, int) or min_ngram < 1:
        raise ValueError(f"min_ngram must be a positive int, got {min_ngram!r}")
    source = summary.source
    src_spans = word_spans(source)
    src_tokens = [source[a:b].lower() for a, b in src_spans]
    positions: dict[str, list[int]] = {}
    for k, tok in enumerate(src_tokens):
        positions.setdefault(tok, []).append(k)
    # runs of two words or more start at a shared word pair: index the pairs, so a common word
    # ("the") does not make every summary word scan thousands of source positions
    pairs: dict[tuple[str, str], list[int]] | None = None
    if min_ngram >= 2:
        pairs = {}
        for k in range(len(src_tokens) - 1):
            pairs.setdefault((src_tokens[k], src_tokens[k + 1]), []).append(k)
    starts = [s.start for s in summary.source_sentences]
    src_numbers = _numbers(source)
    n_src = len(summary.source_sentences)
    own = tuple(summary.support)
    given = own if support is None else tuple(support)
    out = []
    for i, text in enumerate(summary.sentences):
        sup = given[i] if i < len(given) else None
        flags: tuple = tuple(getattr(sup, "flags", ()) or ())
        if not flags and i < len(own):
            flags = tuple(own[i].flags)
        flags = tuple(f for f in flags if f.kind != "novel")  # novel words are bold, not red
        prefer = set(sup.source_indices) if sup is not None else set()
        matches, novel = _match_sentence(text, src_spans, src_tokens, positions, starts, source,
                                         prefer, min_ngram, pairs)
        novel = _with_new_numbers(text, novel, src_numbers)
        draws: list[int] = []
        if sup is not None and sup.supported:
            draws.extend(j for j in sup.source_indices[:1] if 0 <= j < n_src)
        for m in matches:
            if 0 <= m.source_sentence < n_src and m.source_sentence not in draws:
                draws.append(m.source_sentence)
        out.append(SentenceAnnotation(i, text, tuple(matches), tuple(novel), flags, sup,
                                      tuple(draws)))
    return Annotation(tuple(out), n_src)


def _match_sentence(text: str, src_spans: list[tuple[int, int]], src_tokens: list[str],
                    positions: dict[str, list[int]], starts: list[int], source: str,
                    prefer: set[int], min_ngram: int,
                    pairs: dict[tuple[str, str], list[int]] | None = None
                    ) -> tuple[list[Match], list[tuple[int, int]]]:
    spans = word_spans(text)
    tokens = [text[a:b].lower() for a, b in spans]
    matches: list[Match] = []
    novel = [spans[k] for k, tok in enumerate(tokens) if tok not in positions
             and (tok not in STOPWORDS or tok in _NEGATIONS)]
    i = 0
    n_src_tok = len(src_tokens)
    while i < len(tokens):
        best_len, best_j, best_pref = 0, -1, False
        if pairs is None:
            candidates = positions.get(tokens[i], ())
        else:
            candidates = pairs.get((tokens[i], tokens[i + 1]), ()) if i + 1 < len(tokens) else ()
        for j in candidates[:_MAX_CANDIDATES]:
            n = 1
            while (i + n < len(tokens) and j + n < n_src_tok
                   and tokens[i + n] == src_tokens[j + n]):
                n += 1
            if n < best_len or (n == best_len and best_pref):
                continue  # cannot win: skip the sentence look-up
            pref = _sentence_of(src_spans[j][0], starts) in prefer
            if n > best_len or (n == best_len and pref and not best_pref):
                best_len, best_j, best_pref = n, j, pref
        if best_len >= min_ngram and any(t not in STOPWORDS for t in tokens[i:i + best_len]):
            a, b = spans[i][0], spans[i + best_len - 1][1]
            sa, sb = src_spans[best_j][0], src_spans[best_j + best_len - 1][1]
            matches.append(Match(a, b, sa, sb, _sentence_of(sa, starts), best_len, text[a:b]))
            i += best_len
        else:
            i += 1
    return matches, novel


def _with_new_numbers(text: str, novel: list[tuple[int, int]],
                      src_numbers: set[str]) -> list[tuple[int, int]]:
    """``novel`` with numbers judged whole: every number of ``text`` the source never writes
    (a new "2.5" whose digits "2" and "5" the source has elsewhere) is one novel span, and one
    the source has ("18000" for "18,000") is not novel."""
    numbers = [(m.span(), m.group().replace(",", "") in src_numbers)
               for m in _NUMBER.finditer(text)]
    if not numbers:
        return novel
    kept = [(a, b) for a, b in novel if not any(x <= a and b <= y for (x, y), _ in numbers)]
    return sorted(kept + [span for span, known in numbers if not known])


def _sentence_of(offset: int, starts: list[int]) -> int:
    return bisect_right(starts, offset) - 1
