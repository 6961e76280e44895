"""Faithfulness: does each summary sentence say only what its source says?

The default score, offline and dependency-free (numpy only), for every summary sentence:

1. **Alignment to a set of source sentences.** The source sentence that covers most of the
   summary sentence's words in order (ROUGE-L) comes first; up to two more join when they add a
   phrase of at least two words in order (a *fused* sentence, e.g. a subject from one sentence and
   a clause from the next, is credited). ``lexical`` is the share of the summary sentence's words
   found in order in the aligned sentences (ROUGE-L precision against them); from
   ``LEXICAL_TOLERANCE`` (0.95, one word in twenty out of order) up, the score counts it as 1.
2. **Fact checks** against the aligned text, each becoming a :class:`~summarize.summary.FactFlag`:

   - ``number``, ``date`` (weekdays, months, years), ``entity`` (names: capitalised mid-sentence,
     or written capitalised in the source): must be found in the aligned sentences (a name
     found elsewhere in the source, e.g. a pronoun resolved, passes unless the aligned text puts
     another name in its place); and found *together* with what they belong to: a weekday or
     month with its name ("Lavrov on Thursday" where the source has "Lavrov on Friday": the
     flag names "Friday"; a weekday or month copied with its nearest content word as one phrase
     of the aligned text, "exposed on Monday", is found together), a name with a word next to it
     in some source sentence; a title ("Mr Katter" for "Bob Katter") is not a different name; a
     name flag says which name the aligned text has in its place ("Helen Marsh" for "Bob Young":
     the name at the same place, else the aligned text's name the summary lacks);
   - ``quantity``: a number with its unit of measure ("2.6 million", "40 miles") must be found
     together;
   - ``negation``, checked on the word it governs (the first content word after it): a negation
     the aligned text does not have before that word ("did not approve" where the source has
     "approved", even when another clause of it is negated), or a negated source word stated
     positively;
   - ``joined``: two copied phrases (``MIN_JOIN_RUN`` words or more each) that one aligned
     source sentence keeps apart, glued by leaving out words between them that include a content
     word ("three players were arrested" from "three players were questioned after the coach
     was arrested": the players were not arrested); not a left-out aside between commas, dashes
     or brackets, a left-out conjunct, the first words of a name, or a left-out modifier (at
     most ``MAX_MODIFIER_WORDS`` words with no verb, subordinator, pronoun or conjunction among
     them: "the local bike" -> "the bike"; a head such as "a series of" or the noun right before
     a verb still counts), nor where the source itself puts the two sides together: another
     source sentence has the words across the join, from the last content word before it to
     the first after it ("climber near the summit"), or the left-out words end with the content
     word the summary has before the join ("Ozil ... Ozil impressed" -> "Ozil impressed"); the
     flag's ``source`` is the source's words from one phrase to the other;
   - ``novel``: a content word that appears nowhere in the source.
3. **One number in [0, 1]**:
   ``faithfulness = lexical x (1 - novel share) x 0.5 ** (junctions + fact flags + invented)
   x 0.7 ** joins``.
   ``novel share`` is the share of the sentence's content words found nowhere in the source (the
   simple baseline that ranks abstractive, XSum-style summaries best, as a first-class factor: a
   sentence whose content words are half new keeps half its score, whatever its length). Every
   step the source does not vouch for halves the score: each fact flag (number, date, name,
   quantity, negation; ``novel`` flags are reported but counted through the share, not one by
   one); each junction between two aligned source sentences (a fused sentence is credited with
   its words, but where two sentences meet the summary may pair a subject with the wrong clause;
   on SummEval a fused sentence is about twice as often judged unfaithful as a copied one),
   unless the piece after it opens its source sentence or follows there a subject pronoun or the
   word the summary has before it (it brings its own subject: "Kerry met Putin and will see
   Lavrov" from "... He will see Lavrov");
   and
   once more for each number, date or name found nowhere in the source (invented, not just
   misplaced). Each join multiplies it by ``JOIN_PENALTY`` (0.7: compressions that leave words
   out are often faithful, so a join weighs less than a wrong fact). A copied sentence scores 1;
   the same sentence with a wrong weekday from elsewhere in the source 0.5. A summary scores its
   weakest sentence (``Summary.faithfulness``; ``faith_mean`` in ``evaluate`` is the mean): one
   invented sentence is enough to pull it down, and a longer summary is not charged for its
   length (the product over sentences used before did; docs/METAEVAL.md compares them on
   SummEval and Rank19).

Words are matched by their inflectional stem (plurals, past tenses and participles:
"bombings"/"bombing", "cases"/"case", "two-year-olds"/"two-year-old" meet; ``inflection_stem``),
so a reworded but faithful sentence is not charged for a changed word form; a contraction
tokenised with spaces ("doesn ' t") is read as "does n't".

Any script works (CJK one token per character); the fact checks that need capitals, English
number words, negations or stopwords apply where those exist, the lexical part everywhere. A long
source is bounded: each summary sentence is compared (bit-parallel LCS) with at most
``MAX_CANDIDATES`` source sentences, those sharing most content words with it (all of them in a
source that short, as news articles are), fusion is tried only among its best few, and names
and dates are looked up through an index of the source's words.

Example:
    >>> src = ["Kerry will meet Putin on Thursday.", "He will see Lavrov on Friday."]
    >>> r = sentence_faithfulness(["Kerry will meet Lavrov on Thursday."], src)[0]
    >>> round(r.lexical, 2), r.faithfulness == r.lexical * 0.5
    (0.83, True)
    >>> [(f.kind, f.text, f.source) for f in r.flags]
    [('date', 'Thursday', 'Friday')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Sequence

import numpy as np

from ..summary import FactFlag, SentenceSupport
from ..text.tokens import STOPWORDS, inflection_stem, light_stem
from .lcs import lcs_against, token_masks
from .inputs import check_sentences, split_pair

__all__ = [
    "FaithfulnessScorer",
    "SentenceFaithfulness",
    "summary_faithfulness",
    "faithfulness_stats",
    "sentence_faithfulness",
    "FAITHFULNESS_COLUMNS",
    "FAITHFULNESS_THRESHOLD",
    "FLAG_PENALTY",
]

#: each fact flag, junction between aligned source sentences and invented fact multiplies the
#: score by this (novel words count through the share of content words they make up)
FLAG_PENALTY = 0.5
#: sentences scoring below this are marked unsupported (calibrated on SummEval, docs/METAEVAL.md)
FAITHFULNESS_THRESHOLD = 0.5
#: a source sentence joins the alignment when it adds at least this many words in order
MIN_FUSED_WORDS = 2
#: fusion is tried among this many best single source sentences
FUSION_CANDIDATES = 6
#: at most this many source sentences per summary sentence
MAX_ALIGNED = 3
_MAX_ANCHOR_SENTENCES = 50  # bounded work on very long sources
#: a summary sentence is aligned among at most this many source sentences (those sharing the
#: most content words with it); a source with at most this many is searched whole
MAX_CANDIDATES = 64
#: a content word found in more source sentences than this does not count in that choice
MAX_POSTINGS = 2000
#: summary sentences scored by ``faithfulness_stats``; later ones are not checked and count as
#: unfaithful (score 0), so a summary over this length can never look safe
MAX_FAITH_SENTENCES = 1000
#: each place where a sentence joins two copied phrases that one source sentence keeps apart
#: (words between them left out) multiplies its score by this
JOIN_PENALTY = 0.7
#: a joined phrase counts when the copied runs on both sides have at least this many words
MIN_JOIN_RUN = 2
#: a left-out span of at most this many words with no clause word in it (``_CLAUSE_WORDS``) is a
#: modifier ("the local bike" -> "the bike", "on Saturday"), not a join: the statement becomes
#: less specific, not false (unless it is a head: "a series of bombings", "old boys was")
MAX_MODIFIER_WORDS = 2
#: a sentence with at least this share of its words in order in the aligned text scores as copied:
#: one word in twenty out of place (a moved adverb, a dropped article) says nothing about its
#: facts. Chosen by scanning both development sets; picked on Rank19 alone it is the same by one
#: tie, and the SummEval figure depends on it (docs/METAEVAL.md shows the range)
LEXICAL_TOLERANCE = 0.95
#: a longer summary "sentence" (no punctuation) is checked in pieces of this many words
MAX_SENTENCE_WORDS = 400

FAITHFULNESS_COLUMNS = ("faithfulness", "faith_mean", "faith_lexical", "faith_fused",
                        "faith_fact_flags", "faith_joined", "faith_novel_share")

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(
    rf"\d+(?:[.,:]\d+)*(?:(?:st|nd|rd|th|s)(?![^\W_]))?"  # 3.5 2,630,000 10:30 3rd 1960s; 2km
    rf"|[^\W\d_{_CJK}]+?(?=n['\u2019]t\b)|n['\u2019]t\b"  # did n't / didn't -> did, n't
    rf"|[^\W\d_{_CJK}]+?(?=n ?['\u2019] t\b)|n ?['\u2019] t\b"  # doesn ' t (spaced) -> does, n't
    rf"|[{_CJK}]|[^\W_{_CJK}]+"
)
#: _WORD without the contraction alternatives: the same tokens in text with no "n'" / "n ’"
_WORD_PLAIN = re.compile(
    rf"\d+(?:[.,:]\d+)*(?:(?:st|nd|rd|th|s)(?![^\W_]))?|[{_CJK}]|[^\W_{_CJK}]+")
_MAY_CONTRACT = re.compile("n ?['\u2019]")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th|s)$")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: str(10 * i) for i, w in enumerate(
    "thirty forty fifty sixty seventy eighty ninety".split(), start=3)})
_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split())
_AMBIGUOUS_DATES = frozenset({"may", "march"})  # also ordinary words: only when capitalised
_CONJUNCTIONS = frozenset({"and", "or", "but"})
#: words that mark a clause (a verb, a subordinator, a subject pronoun, a conjunction): a
#: left-out span with one of them can hold a predicate, so leaving it out is a join however short
_VERB_WORDS = frozenset(
    "is was are were be been being has have had having will would can could may might must "
    "should shall do does did said says told added claimed".split())
_CLAUSE_WORDS = _VERB_WORDS | _CONJUNCTIONS | frozenset(
    "who whom whose which that after before when while because until unless although though "
    "where whether if he she they we i you it".split())
#: a piece of a fused sentence that follows one of these in its source sentence (auxiliaries and
#: negations skipped: "he will not sit") has its own subject there, not one lent by the summary
_SUBJECTS = frozenset("he she they it who which we i you".split())
_AUXILIARIES = frozenset(
    "is was are were be been being has have had will would can could may might must should "
    "shall do does did not n't also still".split())
_NEGATIONS = frozenset("not n't no never nothing nobody none neither nor without cannot".split())
#: a negation governs the first content word among the next this many words ("did not approve")
NEGATION_SCOPE = 3
#: a weekday or month copied with its nearest content word within this many words, as one phrase
#: of the aligned text, is found together ("rescued from Friday to Monday")
DATE_NEIGHBOUR_SCOPE = 3


@lru_cache(maxsize=200_000)
def _word_term(low: str) -> str:
    """The term a lower-cased word is matched by: number words as digits ("two" -> "2"); a
    content word by its inflectional stem (``inflection_stem``: "bombings"/"bombing",
    "cases"/"case", "olds"/"old" meet), a stop word by the light rule; then a final "e" dropped from
    longer words ("approve"/"approved", "house"/"houses")."""
    term = _NUMBER_WORDS.get(low)
    if term:
        return term
    term = light_stem(low) if low in STOPWORDS else inflection_stem(low)
    if len(term) > 4 and term.endswith("e") and term.isascii():
        term = term[:-1]
    return term


# units of measure: a number with one of these must be found with it ("2.6 million", "40 miles")
_UNIT_WORDS = (
    "hundred thousand million billion trillion dozen percent per cent pc bn m k "
    "second minute hour day week month year decade century "
    "mm cm metre meter km mile foot feet ft inch yard acre hectare "
    "mg g gram kg kilogram kilo tonne ton pound lb ounce oz litre liter gallon "
    "dollar euro pound yen yuan rupee pence cent point goal run wicket degree"
).split()
_UNITS = frozenset(_word_term(w) for w in _UNIT_WORDS)
#: titles dropped before comparing a name with the one the aligned text has in its place
#: ("Bob Katter" where the source has "Mr Katter" is the same person)
_TITLES = frozenset(_word_term(w) for w in (
    "mr mrs ms miss dr sir dame lord lady prof professor president senator sen rep judge rev "
    "father sister st captain capt general gen colonel col sergeant sgt officer det detective "
    "inspector chief coach manager boss king queen prince princess").split())
_YEAR = re.compile(r"(1[89]|20)\d\d(s)?$")


class _Tok(NamedTuple):
    text: str  # as written
    term: str  # lower-cased, stemmed, numbers normalised
    start: int
    end: int
    cap: bool  # written with a capital (not all-caps noise checked here)


def _tokens(text: str) -> list[_Tok]:
    # the contraction alternatives of _WORD cost time on every word: only where one may be
    pattern = _WORD if _MAY_CONTRACT.search(text) else _WORD_PLAIN
    out = []
    new = tuple.__new__
    for m in pattern.finditer(text):
        w = m.group()
        low = w.lower()
        if "\u2019" in low:
            low = low.replace("\u2019", "'")
        if "'" in low:  # "n ' t" (a contraction tokenised with spaces) -> "n't"
            low = low.replace(" ", "")
        if low[0].isdigit():
            term = _ORDINAL.sub("", low.replace(",", "").replace(":", "."))
        else:
            term = _word_term(low)
        out.append(new(_Tok, (w, term, m.start(), m.end(), w[0].isupper())))
    return out


def _is_number(t: _Tok) -> bool:
    return t.term[0].isdigit() and t.text.lower() != "one"


def _is_date(t: _Tok, low: str) -> bool:
    if low in _DATE_WORDS:
        return t.cap or low not in _AMBIGUOUS_DATES
    return bool(_YEAR.match(t.term))


def _is_negation(toks: Sequence["_Tok"], k: int) -> bool:
    """A negation word, except "No" as in "world No 1" (capitalised mid-sentence, or before a
    number)."""
    t = toks[k]
    if t.term not in _NEGATIONS:
        return False
    if t.term == "no" and ((t.cap and k > 0) or (k + 1 < len(toks) and
                                                  toks[k + 1].text[0].isdigit())):
        return False
    return True


def _content(term: str) -> bool:
    return term not in STOPWORDS and not (len(term) == 1 and term.isascii())


def _governed(toks: Sequence["_Tok"], k: int, words_only: bool = False) -> int | None:
    """Index of the word negation ``k`` governs: the first content word (``words_only``: not a
    number) among the next ``NEGATION_SCOPE`` words ("did not approve" -> "approve"), or None."""
    return next((q for q in range(k + 1, min(k + 1 + NEGATION_SCOPE, len(toks)))
                 if _content(toks[q].term) and (not words_only or toks[q].text[0].isalpha())),
                None)


def _negated(toks: Sequence["_Tok"], k: int) -> bool:
    """Is word ``k`` preceded by a negation within ``NEGATION_SCOPE`` words?"""
    return any(_is_negation(toks, r) for r in range(max(k - NEGATION_SCOPE, 0), k))


@dataclass
class _Source:
    """A source prepared once: tokens, terms and LCS inputs per sentence, document vocabulary and
    the terms written with a capital (names) in the source."""

    toks: list[list[_Tok]]
    terms: list[list[str]]
    vocab: list[frozenset[str]]
    doc_terms: frozenset[str]
    names: frozenset[str]
    texts: tuple[str, ...] = ()
    #: content term -> indices of the source sentences that have it (candidate pruning)
    index: dict[str, list[int]] | None = None

    def having(self, term: str, limit: int | None = None) -> list[int]:
        """Indices of the source sentences that have ``term`` (at most ``limit``), found through
        the index for a content term, by a scan otherwise."""
        if self.index is not None and term in self.index:
            hits = self.index[term]
        elif self.index is not None and _content(term):
            hits = []  # a content term the index lacks is in no sentence
        else:
            hits = [j for j, v in enumerate(self.vocab) if term in v]
        return hits if limit is None else hits[:limit]


@lru_cache(maxsize=4)  # the systems of one article share it; bounded memory
def _prepare(source_sentences: tuple[str, ...]) -> _Source:
    toks = [_tokens(s) for s in source_sentences]
    terms = [[t.term for t in ts] for ts in toks]
    cap: dict[str, int] = {}
    low: dict[str, int] = {}
    for ts in toks:
        for k, t in enumerate(ts):
            if k == 0 or not t.text[0].isalpha() or not _content(t.term):
                continue  # sentence-initial capitals say nothing
            if t.cap:
                cap[t.term] = cap.get(t.term, 0) + 1
            else:
                low[t.term] = low.get(t.term, 0) + 1
    names = frozenset(w for w, c in cap.items() if c > low.get(w, 0))
    vocab = [frozenset(x) for x in terms]
    index: dict[str, list[int]] = {}
    for j, v in enumerate(vocab):
        for w in v:
            if _content(w):
                index.setdefault(w, []).append(j)
    return _Source(toks, terms, vocab, frozenset(w for x in terms for w in x), names,
                   source_sentences, index)


@dataclass(frozen=True)
class SentenceFaithfulness:
    """The faithfulness of one summary sentence.

    ``aligned``: source-sentence indices it is aligned to (best first); ``lexical``: share of its
    words found in order in them; ``junctions``: places where the sentence passes from one
    aligned sentence to another mid-clause (``_junctions``); ``flags``: the facts and words the
    source does not back;
    ``steps``: junctions + fact flags (all but ``novel``) + invented facts (a number, date or
    name found nowhere in the source); ``n_words``, ``n_content``, ``n_novel``: its words, content
    words, and content words absent from the source; ``faithfulness``:
    ``lexical (1 from LEXICAL_TOLERANCE) * (1 - novel_share) * FLAG_PENALTY ** steps *
    JOIN_PENALTY ** joins``.
    """

    aligned: tuple[int, ...]
    lexical: float
    flags: tuple[FactFlag, ...]
    faithfulness: float
    junctions: int = 0
    n_words: int = 0
    n_content: int = 0
    n_novel: int = 0
    steps: int = 0
    joins: int = 0

    @property
    def novel_share(self) -> float:
        """Share of the content words found nowhere in the source (0.0 without content words)."""
        return self.n_novel / self.n_content if self.n_content else 0.0


def _candidates(terms: list[str], src: _Source) -> Sequence[int]:
    """The source sentences a summary sentence is compared with: all of them in a source of at
    most ``MAX_CANDIDATES`` sentences (every news article we measure), else the
    ``MAX_CANDIDATES`` sharing the most of its content terms, each weighted by its rarity
    (ties: document order), found through the source's index; a term in more than
    ``MAX_POSTINGS`` sentences does not count unless no other term is shared.
    This bounds the work per summary sentence on a book-length source."""
    if len(src.terms) <= MAX_CANDIDATES or src.index is None:
        return range(len(src.terms))
    count: dict[int, float] = {}
    common: list[list[int]] = []
    n = len(src.terms)
    for w in set(terms):
        hits = src.index.get(w, [])
        if len(hits) > MAX_POSTINGS:
            common.append(hits)
            continue
        weight = math.log(n / len(hits)) if hits else 0.0  # a rarer shared word says more
        for j in hits:
            count[j] = count.get(j, 0.0) + weight
    if not count and common:  # every shared word is common: its first sentences, in order
        count = dict.fromkeys(min(common, key=len)[:MAX_POSTINGS], 1.0)
    best = sorted(count, key=lambda j: (-count[j], j))[:MAX_CANDIDATES]
    return sorted(best)


def _align(terms: list[str], src: _Source) -> tuple[list[int], int]:
    """Greedy set alignment: best single sentence, then sentences adding a phrase in order."""
    n = len(terms)
    vocab = set(terms)
    masks = token_masks(terms)
    single = np.zeros(len(src.terms))
    for j in _candidates(terms, src):
        if not vocab.isdisjoint(src.vocab[j]):
            single[j] = lcs_against(masks, n, src.terms[j])
    if not len(single) or single.max() <= 0:
        return [], 0
    order = np.argsort(-single, kind="stable")
    aligned = [int(order[0])]
    best = int(single[order[0]])
    cands = [int(j) for j in order[1:1 + FUSION_CANDIDATES] if single[j] >= MIN_FUSED_WORDS]
    while len(aligned) < MAX_ALIGNED and best < n and cands:
        base = [w for j in sorted(aligned) for w in src.terms[j]]
        gain, pick = 0, -1
        for j in cands:
            # the summary may fuse in document order or not: try the new sentence on both sides
            score = max(lcs_against(masks, n, base + src.terms[j]),
                        lcs_against(masks, n, src.terms[j] + base))
            if score - best > gain:
                gain, pick = score - best, j
        if gain < MIN_FUSED_WORDS:
            break
        aligned.append(pick)
        cands.remove(pick)
        best += gain
    return aligned, best


def _nearest_value(src: _Source, where: Sequence[int], anchor: str, kind: str,
                   side: int = 0) -> list[str]:
    """Values of ``kind`` nearest to each occurrence of ``anchor`` in sentences ``where`` (all of
    them at the nearest distance), preferring those on ``side`` (+1 after the anchor, -1 before,
    as in the summary)."""
    found = []
    for j in where:
        ts = src.toks[j]
        spots = [k for k, t in enumerate(ts) if t.term == anchor]
        vals = [k for k, t in enumerate(ts) if _kind(t, src.names) == kind]
        for k in spots:
            if vals:
                near = min((abs(v - k), (v - k) * side < 0) for v in vals)
                found.extend(ts[v].text for v in vals
                             if (abs(v - k), (v - k) * side < 0) == near)
    return found


def _kind(t: _Tok, names: frozenset[str], first: bool = False) -> str:
    low = t.text.lower()
    if _is_date(t, low):
        return "date"
    if _is_number(t):
        return "number"
    if t.text[0].isalpha() and _content(t.term) and (
            (t.cap and not first) or t.term in names):
        return "entity"
    return ""


def _check(sentence: str, src: _Source) -> SentenceFaithfulness:
    toks = _tokens(sentence)
    terms = [t.term for t in toks]
    if not terms:
        return SentenceFaithfulness((), 1.0, (), 1.0)  # punctuation only: nothing to check
    aligned, lcs = _align(terms, src)
    lexical = lcs / len(terms)
    here = frozenset(w for j in aligned for w in src.terms[j])
    kinds = [_kind(t, src.names, first=(k == 0)) for k, t in enumerate(toks)]
    flags: list[FactFlag] = []
    flagged: set[int] = set()

    def flag(kind: str, k: int, k_end: int | None = None, source: str = "") -> None:
        t0, t1 = toks[k], toks[k if k_end is None else k_end]
        flags.append(FactFlag(kind, sentence[t0.start:t1.end], t0.start, t1.end, source))
        flagged.update(range(k, (k if k_end is None else k_end) + 1))

    def anchor_of(k: int) -> tuple[str, int] | None:
        """The word that value ``k`` belongs to: among the words whose nearest value of the same
        kind is ``k`` (so "14,000 miles ( 22,500 kilometers )" pairs 22,500 with kilometers),
        the nearest name, else the nearest content word the aligned text has."""
        same = [q for q in range(len(toks)) if kinds[q] == kinds[k]]
        best: tuple[int, int, int, str] | None = None
        for q, t in enumerate(toks):
            if q == k or kinds[q] in ("date", "number") or not _content(t.term):
                continue
            if kinds[q] != "entity" and t.term not in here:
                continue
            if min(abs(v - q) for v in same) < abs(k - q):
                continue  # another value of this kind sits closer to this word
            rank = (0 if kinds[q] == "entity" else 1, abs(q - k), q, t.term)
            best = rank if best is None or rank < best else best
        return None if best is None else (best[3], 1 if k > best[2] else -1)

    def opening(q: int) -> int:
        """0 where token ``q`` is 1 and the sentence opens with a first name the aligned text
        lacks ("Helen Marsh opened ..."): the flag shows the whole name (the word is counted once,
        as a novel word or a word out of place, as before)."""
        return 0 if q == 1 and kinds[0] == "" and _opens_name(toks[0]) and \
            toks[0].term not in here else q

    explained: set[str] = set()  # names whose absence a date flag already explains
    for k, t in enumerate(toks):
        kind = kinds[k]
        if kind == "number" or (kind == "date" and t.term[0].isdigit()):
            # a number (or year) must be in the aligned text, and with its unit when it has one
            unit = toks[k + 1].term if k + 1 < len(toks) and kinds[k + 1] == "" and \
                _content(toks[k + 1].term) and toks[k + 1].text[0].isalpha() else None
            if t.term not in here:
                flag(kind, k, source=_value_before(src, aligned, unit) if unit else "")
            elif unit in _UNITS and not _together(src, aligned, t.term, unit):
                flag("quantity", k, k + 1, source=_value_before(src, aligned, unit, full=True)
                     or _unit_in_source(src, aligned, t.term))
        elif kind == "date":
            # a weekday or month must be found with the name (or word) it belongs to
            found = anchor_of(k)
            values: list[str] = []
            anchor = found[0] if found else None
            if found is not None:
                where = aligned if found[0] in here else src.having(
                    found[0], _MAX_ANCHOR_SENTENCES)
                values = _nearest_value(src, where, found[0], kind, found[1])
            if values and not any(_tokens(v)[0].term == t.term for v in values) and not \
                    _copied_with_neighbour(terms, k, src, aligned):
                flag(kind, k, source=values[0])  # the source pairs the name with another day
                if anchor not in here:
                    explained.add(anchor)
            elif t.term not in here:
                flag(kind, k, source=values[0] if values else "")
    # names: a name the aligned text lacks is flagged when it is in no source sentence, or when
    # the aligned text puts a different name in its place (the same words right after or before)
    k = 0
    while k < len(toks):
        if kinds[k] != "entity":
            k += 1
            continue
        k1 = k
        while k1 + 1 < len(toks) and kinds[k1 + 1] == "entity":
            k1 += 1
        run = {toks[q].term for q in range(k, k1 + 1)}
        missing = [q for q in range(k, k1 + 1) if toks[q].term not in here
                   and toks[q].term not in explained and q not in flagged]
        if missing:
            other = _mention_in_place(src, aligned, terms, k, k1)
            if other and not {u.term for u in _tokens(other)} - _TITLES <= run:
                shown = _closer_name(other, _lacking_name(src, aligned, terms, opening(k), k1),
                                     k1 - opening(k) + 1)
                for q0, q1 in _spans(missing):
                    flag("entity", opening(q0), q1, source=shown)
            else:
                invented = [q for q in missing if toks[q].term not in src.doc_terms]
                for q0, q1 in _spans(invented):
                    # what the aligned text names instead: its name the summary lacks
                    flag("entity", opening(q0), q1,
                         source=_lacking_name(src, aligned, terms, opening(k), k1))
        if run <= here and not any(q in flagged for q in range(k, k1 + 1)):
            # found together: a name the aligned text has must also be found, in some source
            # sentence, with a word next to it in the summary
            near = [terms[q] for q in (k - 1, k - 2, k1 + 1, k1 + 2)
                    if 0 <= q < len(terms) and kinds[q] == "" and _content(terms[q])
                    and terms[q][0].isalpha() and terms[q] in src.doc_terms]
            if near and not any(
                    run <= src.vocab[j] and not src.vocab[j].isdisjoint(near)
                    for j in _sentences_with(src, run)):
                flag("entity", k, k1)
        k = k1 + 1
    for k, k_end, source in _negation_flags(toks, src, aligned, here, flagged):
        flag("negation", k, k_end, source)
    # content words that appear nowhere in the source
    n_content = n_novel = 0
    for k, t in enumerate(toks):
        if not _content(t.term) or not t.text[0].isalpha():
            continue
        n_content += 1
        if t.term not in src.doc_terms:
            n_novel += 1
            if k not in flagged:
                flag("novel", k)
    runs = {j: _runs(terms, src.terms[j]) for j in aligned}  # read by joins and junctions
    joins = 0
    for k0, k1, text in _joins(terms, src, aligned, runs):
        flag("joined", k0, k1, text)
        joins += 1
    flags.sort(key=lambda f: f.start)
    junctions = _junctions(terms, src, aligned, runs)
    # a number, date or name found nowhere in the source is invented, not just misplaced
    invented = sum(f.kind in ("number", "date", "entity")
                   and all(u.term not in src.doc_terms for u in _tokens(f.text)) for f in flags)
    steps = junctions + sum(f.kind not in ("novel", "joined") for f in flags) + invented
    novel_share = n_novel / n_content if n_content else 0.0
    in_order = 1.0 if lexical >= LEXICAL_TOLERANCE else lexical
    score = in_order * (1.0 - novel_share) * FLAG_PENALTY ** steps * JOIN_PENALTY ** joins
    return SentenceFaithfulness(tuple(aligned), lexical, tuple(flags), score, junctions,
                                len(terms), n_content, n_novel, steps, joins)


def _sentences_with(src: _Source, run: set[str]) -> list[int]:
    """Source sentences that may hold every term of ``run``: those having its rarest content
    term (all sentences when it has none)."""
    lists = [src.having(w) for w in run if _content(w)]
    return min(lists, key=len) if lists else list(range(len(src.terms)))


def _negation_flags(toks: list[_Tok], src: _Source, aligned: Sequence[int],
                    here: frozenset[str], flagged: set[int]) -> list[tuple[int, int, str]]:
    """Negations the aligned text does not back, as ``(first token, last token, source text)``.

    Each negation is checked on the word it governs (the first content word after it): one in
    the summary must be found before that word in the aligned text (anywhere in it when the word
    is not there: nothing to compare), and a negated source word must not be stated positively.
    Tokens in ``flagged`` (already flagged by another check) are not flagged again."""
    out: list[tuple[int, int, str]] = []
    done = set(flagged)
    terms = [t.term for t in toks]
    neg_src = [(j, q) for j in aligned for q in range(len(src.toks[j]))
               if _is_negation(src.toks[j], q)]
    for k in range(len(toks)):
        if not _is_negation(toks, k):
            continue
        word = _governed(toks, k, words_only=True)
        if not neg_src or (word is not None and terms[word] in here and not any(
                _negated(src.toks[j], p) for j in aligned
                for p, u in enumerate(src.toks[j]) if u.term == terms[word])):
            out.append((k, k, ""))
            done.add(k)
    for j, k in neg_src:
        ts = src.toks[j]
        nxt = _governed(ts, k)
        if nxt is not None and ts[nxt].term in terms:
            q = terms.index(ts[nxt].term)
            if q not in done and not _negated(toks, q):
                out.append((q, q, f"{ts[k].text} {ts[nxt].text}"))
                done.add(q)
    return out


def _runs(terms: list[str], other: list[str]) -> list[tuple[int, int, int]]:
    """Copied runs of ``terms`` in one source sentence ``other``, left to right, as ``(summary
    index, source index, length)``: at each summary word the longest run found there (ties: the
    first one after the previous run, else the first)."""
    where: dict[str, list[int]] = {}
    for p, w in enumerate(other):
        where.setdefault(w, []).append(p)
    out: list[tuple[int, int, int]] = []
    i, n, m, after = 0, len(terms), len(other), 0
    while i < n:
        best = (0, False, 0)
        for p in where.get(terms[i], ()):
            size = 1
            while i + size < n and p + size < m and terms[i + size] == other[p + size]:
                size += 1
            best = max(best, (size, p >= after, -p))
        if best[0]:
            out.append((i, -best[2], best[0]))
            after = -best[2] + best[0]
            i += best[0]
        else:
            i += 1
    return out


def _joins(terms: list[str], src: _Source, aligned: Sequence[int],
           runs: dict[int, list[tuple[int, int, int]]]) -> list[tuple[int, int, str]]:
    """Places where the sentence joins two copied phrases that one aligned source sentence keeps
    apart, leaving out words between them that include a content word ("players were arrested"
    from "players were questioned after the coach was arrested": they were not arrested), as
    ``(first summary token, last summary token, the source's words from one phrase to the
    other)``. Both phrases must be runs of at least ``MIN_JOIN_RUN`` words, in source order, with
    at most one summary word between them and more source words (one word for one word is a
    replacement, which the fact checks judge). A dropped opening or closing clause is no join,
    nor a left-out aside, conjunct, first words of a name (``_aside``) or modifier
    (``_modifier``), nor a join the source itself makes elsewhere (``_said_elsewhere``) or by
    repeating the summary's word before it (``_same_before``). ``runs``: ``_runs`` of the
    sentence in each aligned source sentence."""
    out: dict[int, tuple[int, int, str]] = {}
    for j in aligned:
        other = src.terms[j]
        for (i1, p1, n1), (i2, p2, n2) in zip(runs[j], runs[j][1:]):
            gap = other[p1 + n1:p2]
            between = i2 - (i1 + n1)  # summary words between the phrases: 0 or 1
            if (min(n1, n2) >= MIN_JOIN_RUN and between <= 1 and len(gap) > between
                    and any(_content(w) for w in gap) and i2 not in out
                    and not _aside(src, j, p1 + n1, p2) and not _modifier(src, j, p1 + n1, p2)
                    and not _said_elsewhere(src, aligned, _across(terms, i1, n1, i2))
                    and not _same_before(other, p2, p1 + n1, terms, i1 + n1, i1)):
                ts = src.toks[j]
                out[i2] = (i1 + n1 - 1, i2, _excerpt(src.texts[j], ts, p1 + n1 - 1, p2))
    return [out[k] for k in sorted(out)]


def _across(terms: list[str], i1: int, n1: int, i2: int) -> list[str]:
    """The summary's words across a join, from the last content word of the first phrase (which
    starts at ``i1``, ``n1`` words) to the first content word of the second (at ``i2``): "workers
    were arrested", not just "were arrested". Empty when a phrase has no content word."""
    left = next((i for i in range(i1 + n1 - 1, i1 - 1, -1) if _content(terms[i])), None)
    right = next((i for i in range(i2, len(terms)) if _content(terms[i])), None)
    if left is None or right is None:
        return []
    return terms[left:right + 1]


def _said_elsewhere(src: _Source, aligned: Sequence[int], words: Sequence[str]) -> bool:
    """Do ``words`` (the summary's words across a join, ``_across``) stand together, in this
    order, in a source sentence outside ``aligned``? Then the source states the joined phrase
    itself ("the climber near the summit" from "the climber who had fallen near the summit",
    where another sentence has "the climber near the summit"), and the join glues nothing the
    source keeps apart. Bounded: only the first ``_MAX_ANCHOR_SENTENCES`` sentences having the
    rarest of its content words are read."""
    keys = [w for w in words if _content(w)]
    if not keys:
        return False
    n, phrase = len(words), list(words)
    rarest = min(keys, key=lambda w: len(src.having(w)))
    for j in src.having(rarest, _MAX_ANCHOR_SENTENCES):
        if j in aligned:
            continue
        other = src.terms[j]
        if any(other[p:p + n] == phrase for p in range(len(other) - n + 1)
               if other[p] == words[0]):
            return True
    return False


def _word_before(words: Sequence[str], at: int, lo: int) -> int | None:
    """Index of the last word before ``at`` (not before ``lo``) that is neither punctuation nor
    an auxiliary or negation ("he will not"); None when there is none."""
    q = at - 1
    while q >= lo and (not words[q][0].isalnum() or words[q] in _AUXILIARIES):
        q -= 1
    return q if q >= lo else None


def _same_before(other: Sequence[str], p: int, lo: int, terms: Sequence[str], i: int,
                 lo_i: int) -> bool:
    """Does the source sentence ``other`` put, right before its word ``p``, the same content word
    the summary puts right before its word ``i`` (auxiliaries skipped; positions from ``lo`` and
    ``lo_i``)? Then the source itself pairs that word with what follows: "Ozil [impressed ...]"
    glued to "Ozil" from "Ozil ... . Ozil impressed ..."."""
    q, k = _word_before(other, p, lo), _word_before(terms, i, lo_i)
    return q is not None and k is not None and other[q] == terms[k] and _content(terms[k])


def _junctions(terms: list[str], src: _Source, aligned: Sequence[int],
               runs: dict[int, list[tuple[int, int, int]]] | None = None) -> int:
    """Places where a fused sentence passes from one aligned source sentence to another
    mid-clause: each summary word is credited to the aligned sentence holding the longest copied
    run through it, and a change of sentence counts unless the new piece opens its source
    sentence, or follows there a subject pronoun or the same content word the summary puts
    before it (auxiliaries and negations skipped): such a piece brings its own subject ("Kerry
    met Putin and [he] will sit down with Lavrov"), where a piece taken from mid-clause ("...
    [nurses] won awards") lends the summary's subject a predicate the source gives another.
    When the sentence passes between its aligned sentences fewer than ``len(aligned) - 1``
    times (a sentence credited with no word), each missing pass counts; never more than
    ``len(aligned) - 1`` in all (a sentence that passes back and forth is not charged for each
    pass). ``runs``: the copied runs per aligned sentence when the caller has them."""
    if len(aligned) < 2:
        return 0
    n = len(terms)
    owner: list[int | None] = [None] * n
    place = [0] * n
    longest = [0] * n
    for j in aligned:
        for i, p, m in (runs[j] if runs is not None else _runs(terms, src.terms[j])):
            for d in range(m):
                if m > longest[i + d]:
                    longest[i + d], owner[i + d], place[i + d] = m, j, p + d
    switches = charged = 0
    prev: int | None = None
    for i in range(n):
        if owner[i] is None:
            continue
        if prev is not None and owner[i] != owner[prev]:
            switches += 1
            other = src.terms[owner[i]]
            q = _word_before(other, place[i], 0)
            charged += not (q is None or other[q] in _SUBJECTS
                            or _same_before(other, place[i], 0, terms, i, 0))
        prev = i
    return min(len(aligned) - 1, charged + max(0, len(aligned) - 1 - switches))


def _aside(src: _Source, j: int, a: int, b: int) -> bool:
    """Are source tokens ``a..b-1`` of sentence ``j`` left out harmlessly: a conjunct (they end
    with "and", "or", "but"), an aside between commas, dashes or brackets ("Harris, a two-time
    league champion, faces"), or the first words of the name that follows ("Russian
    President Vladimir Putin" -> "Putin")?"""
    ts, text = src.toks[j], src.texts[j] if src.texts else ""
    if ts[b - 1].term in _CONJUNCTIONS:
        return True  # a conjunct left out: "approved the budget but did not sign" -> "did not sign"
    if b < len(ts) and ts[b].cap and all(t.cap and t.text[0].isalpha() for t in ts[a:b]):
        return True
    if not text or a == 0 or b >= len(ts):
        return False
    before, after = text[ts[a - 1].end:ts[a].start], text[ts[b - 1].end:ts[b].start]
    return any(c in before for c in ",(-\u2013\u2014") and any(c in after for c in ",)-\u2013\u2014")


def _modifier(src: _Source, j: int, a: int, b: int) -> bool:
    """Are source tokens ``a..b-1`` of sentence ``j`` a left-out modifier: at most
    ``MAX_MODIFIER_WORDS`` words, none of them a clause word ("the local bike" -> "the bike",
    "featured on Saturday for" -> "featured for")? Not when they are a head the summary's next
    words depend on: a span ending in "of" ("a series of bombings" -> "a bombing") or standing
    right before a verb ("two-year-old boys was" -> "two-year-olds was": the subject's noun).

    On Rank19 such short left-outs are as common in the correct sentences as in the incorrect
    ones; on SummEval they are mostly in summaries the experts rate consistent (docs/METAEVAL.md).
    """
    ts = src.toks[j]
    words = [t.text.lower() for t in ts[a:b]]
    if len(words) > MAX_MODIFIER_WORDS or any(w in _CLAUSE_WORDS for w in words):
        return False
    if words[-1] == "of" or (b < len(ts) and ts[b].text.lower() in _VERB_WORDS):
        return False
    return True


def _excerpt(text: str, ts: Sequence[_Tok], a: int, b: int, most: int = 12) -> str:
    """Source tokens ``a..b`` as written, the middle elided when longer than ``most`` words."""
    if b - a + 1 <= most:
        return text[ts[a].start:ts[b].end]
    half = most // 2
    return f"{text[ts[a].start:ts[a + half - 1].end]} \u2026 {text[ts[b - half + 1].start:ts[b].end]}"


def _copied_with_neighbour(terms: list[str], k: int, src: _Source,
                           aligned: Sequence[int]) -> bool:
    """Is word ``k`` (a weekday or month) copied with its nearest content word, before or after
    it within ``DATE_NEIGHBOUR_SCOPE`` words, as one phrase of the aligned text ("rescued from
    Friday to Monday", "nitrous oxide on Monday")? Then it is found together with what it belongs
    to, whatever name stands nearer to another date in the source."""
    spans = []
    for step in (-1, 1):
        q = k + step
        while 0 <= q < len(terms) and not _content(terms[q]):
            q += step
        if 0 <= q < len(terms) and abs(q - k) <= DATE_NEIGHBOUR_SCOPE:
            spans.append(terms[min(q, k):max(q, k) + 1])
    for span in spans:
        n = len(span)
        for j in aligned:
            tt = src.terms[j]
            if any(tt[i:i + n] == span for i in range(len(tt) - n + 1)):
                return True
    return False


def _together(src: _Source, aligned: Sequence[int], number: str, unit: str) -> bool:
    """Does ``number`` stand right before ``unit`` (at most one word between) in aligned text?"""
    for j in aligned:
        terms = src.terms[j]
        for k, w in enumerate(terms):
            if w == number and unit in terms[k + 1:k + 3]:
                return True
    return False


def _opens_name(t: _Tok) -> bool:
    """Could this sentence-opening word be the first word of a name (capitalised, a content
    word, not a weekday or month)?"""
    return t.cap and t.text.isalpha() and _content(t.term) and t.text.lower() not in _DATE_WORDS


def _spans(ks: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of consecutive indices as ``(first, last)``: ``[3, 4, 6]`` -> ``[(3, 4), (6, 6)]``."""
    out: list[tuple[int, int]] = []
    for k in ks:
        if out and out[-1][1] == k - 1:
            out[-1] = (out[-1][0], k)
        else:
            out.append((k, k))
    return out


def _closer_name(in_place: str, lacking: str, size: int) -> str:
    """Of the name found in place (by shared words) and the aligned text's name the summary
    lacks, the one closer to ``size`` words, titles left out (the first on a tie)."""
    def gap(name: str) -> int:
        return abs(len([t for t in _tokens(name) if t.term not in _TITLES]) - size)
    return lacking if lacking and gap(lacking) < gap(in_place) else in_place


def _lacking_name(src: _Source, aligned: Sequence[int], terms: list[str], k0: int,
                  k1: int) -> str:
    """The name the aligned text has that the summary lacks, for an invented name at tokens
    ``k0..k1`` whose place no shared words show: among the aligned text's names (titles left
    out) none of whose words the summary has, the one with as many words, then the one at the
    nearest relative place in its sentence ("Helen Marsh opened the bridge" for "Bob Young, the
    mayor of Leeds, opened the bridge": "Bob Young"); "" when there is none."""
    have = set(terms)
    where = (k0 + k1) / 2 / max(len(terms) - 1, 1)
    best: tuple[int, float, str] | None = None
    for j in aligned:
        ts = src.toks[j]
        q = 0
        while q < len(ts):
            first = q == 0 and len(ts) > 1 and _opens_name(ts[0]) and \
                _kind(ts[1], src.names) == "entity"
            if not first and _kind(ts[q], src.names, q == 0) != "entity":
                q += 1
                continue
            e = q + 1
            while e < len(ts) and _kind(ts[e], src.names) == "entity":
                e += 1
            words = [t for t in ts[q:e] if t.term not in _TITLES]
            if words and not any(t.term in have for t in words):
                rank = (abs(len(words) - (k1 - k0 + 1)),
                        abs((q + e - 1) / 2 / max(len(ts) - 1, 1) - where),
                        " ".join(t.text for t in words))
                best = rank if best is None or rank < best else best
            q = e
    return "" if best is None else best[2]


def _mention_in_place(src: _Source, aligned: Sequence[int], terms: list[str], k0: int,
                      k1: int) -> str:
    """The name the aligned text has where the summary has tokens ``k0..k1``: the run of source
    names right before the two summary words that follow them (or right after the two before)."""
    after = terms[k1 + 1:k1 + 3]
    before = terms[max(k0 - 2, 0):k0]
    after = after if any(_content(w) and w[0].isalpha() for w in after) else []
    before = before if any(_content(w) and w[0].isalpha() for w in before) else []
    for j in aligned:
        ts = src.toks[j]
        tt = src.terms[j]
        for q in range(len(tt)):
            if len(after) == 2 and tt[q:q + 2] == after:
                e = q
                while e > 0 and (_kind(ts[e - 1], src.names, e - 1 == 0) == "entity" or (
                        e - 1 == 0 and ts[0].cap and ts[0].text.isalpha()
                        and _content(ts[0].term))):  # a name opening the sentence
                    e -= 1
                if e < q:
                    return " ".join(t.text for t in ts[e:q])
            if len(before) == 2 and q >= 2 and tt[q - 2:q] == before:
                e = q
                while e < len(ts) and _kind(ts[e], src.names) == "entity":
                    e += 1
                if e > q:
                    return " ".join(t.text for t in ts[q:e])
    return ""


def _value_before(src: _Source, aligned: Sequence[int], unit: str | None,
                  full: bool = False) -> str:
    """The number the aligned text puts before ``unit`` ("two metres" -> "two"), or ""."""
    for j in aligned:
        ts = src.toks[j]
        for k, t in enumerate(ts):
            if t.term == unit:
                for q in (k - 1, k - 2):
                    if q >= 0 and _is_number(ts[q]):
                        return f"{ts[q].text} {t.text}" if full else ts[q].text
    return ""


def _unit_in_source(src: _Source, aligned: Sequence[int], number: str) -> str:
    """``number`` with the word that follows it in the aligned text ("2.6 million"), or ""."""
    for j in aligned:
        ts = src.toks[j]
        for k, t in enumerate(ts[:-1]):
            if t.term == number:
                return f"{t.text} {ts[k + 1].text}"
    return ""


def _check_long(sentence: str, src: _Source) -> SentenceFaithfulness:
    """``_check``, in pieces of at most ``MAX_SENTENCE_WORDS`` words (bounded time and memory for
    a summary without sentence punctuation); the pieces' results are merged."""
    spans = [m.span() for m in _WORD.finditer(sentence)]
    if len(spans) <= MAX_SENTENCE_WORDS:
        return _check(sentence, src)
    cuts = [spans[i][0] for i in range(0, len(spans), MAX_SENTENCE_WORDS)][1:]
    bounds = list(zip([0, *cuts], [*cuts, len(sentence)]))
    parts = [(lo, _check(sentence[lo:hi], src)) for lo, hi in bounds]
    aligned = tuple(dict.fromkeys(j for _, r in parts for j in r.aligned))
    n_words = sum(r.n_words for _, r in parts)
    flags = tuple(FactFlag(f.kind, f.text, f.start + lo, f.end + lo, f.source)
                  for lo, r in parts for f in r.flags)
    return SentenceFaithfulness(
        aligned, sum(r.lexical * r.n_words for _, r in parts) / max(n_words, 1), flags,
        float(np.prod([r.faithfulness for _, r in parts])), sum(r.junctions for _, r in parts),
        n_words, sum(r.n_content for _, r in parts), sum(r.n_novel for _, r in parts),
        sum(r.steps for _, r in parts), sum(r.joins for _, r in parts))


def sentence_faithfulness(summary_sentences: Sequence[str],
                          source_sentences: Sequence[str]) -> list[SentenceFaithfulness]:
    """One :class:`SentenceFaithfulness` per summary sentence (see the module docs).

    Example:
        >>> r = sentence_faithfulness(["The river rose by nine metres."],
        ...                           ["The river rose by two metres on Monday."])[0]
        >>> round(r.lexical, 2), [(f.kind, f.text, f.source) for f in r.flags]
        (0.83, [('number', 'nine', 'two')])
    """
    summ = tuple(check_sentences(summary_sentences, "summary_sentences"))
    src = _prepare(tuple(check_sentences(source_sentences, "source_sentences")))
    return [_check_long(s, src) for s in summ]


def summary_faithfulness(sentence_scores: Sequence[float]) -> float:
    """The summary's score from its sentences' scores: the weakest sentence (0.0 for none).

    Not the product: a product charges every extra sentence, and raters of longer summaries do
    not (docs/METAEVAL.md); a summary is as trustworthy as its weakest sentence.

    Example:
        >>> summary_faithfulness([1.0, 0.5, 0.8])
        0.5
    """
    return float(min(sentence_scores)) if len(sentence_scores) else 0.0


class FaithfulnessScorer:
    """The default faithfulness score as a support scorer (``get_scorer("faithfulness")``).

    ``score`` gives each summary sentence's faithfulness in the cells of the source sentences it
    is aligned to (0 elsewhere), so ``sentence_support`` finds the aligned set, best first;
    ``support`` also fills ``SentenceSupport.faithfulness`` and ``.flags``. ``threshold``: a
    sentence scoring below it is unsupported (default calibrated on SummEval).

    Example:
        >>> sc = FaithfulnessScorer()
        >>> sc.score(["Rain fell."], ["Rain fell.", "Roads shut."]).tolist()
        [[1.0, 0.0]]
        >>> sup = sc.support(["Rain fell on Friday."], ["Rain fell on Monday."])[0]
        >>> sup.supported, [f.describe() for f in sup.flags]
        (False, ["date 'Friday' (source has 'Monday')"])
    """

    name = "faithfulness"

    def __init__(self, threshold: float = FAITHFULNESS_THRESHOLD) -> None:
        self.threshold = float(threshold)

    def score(self, summary_sentences: Sequence[str],
              source_sentences: Sequence[str]) -> np.ndarray:
        res = sentence_faithfulness(summary_sentences, source_sentences)
        out = np.zeros((len(res), len(source_sentences)))
        for i, r in enumerate(res):
            out[i, list(r.aligned)] = r.faithfulness
        return out

    def support(self, summary_sentences: Sequence[str], source_sentences: Sequence[str],
                threshold: float | None = None, top_k: int = 3) -> tuple[SentenceSupport, ...]:
        """One ``SentenceSupport`` per summary sentence, with ``faithfulness`` and ``flags``;
        ``source_indices`` are the aligned source sentences (at most ``top_k``)."""
        thr = self.threshold if threshold is None else float(threshold)
        out = []
        for r in sentence_faithfulness(summary_sentences, source_sentences):
            idx = r.aligned[:max(top_k, 1)]
            out.append(SentenceSupport(
                idx, tuple(r.faithfulness for _ in idx), supported=r.faithfulness >= thr,
                scorer=self.name, faithfulness=r.faithfulness, flags=r.flags))
        return tuple(out)

    def __repr__(self) -> str:
        return f"FaithfulnessScorer(threshold={self.threshold})"


def faithfulness_stats(summary: str, source: str | Sequence[str]) -> dict[str, float]:
    """Per-summary faithfulness and its components (the ``faithfulness`` group of ``evaluate``):

    - ``faithfulness``: the weakest sentence's score (the documented summary score);
    - ``faith_mean``: the mean of the sentences' scores (the expected share of sound sentences);
    - ``faith_lexical``: the worst sentence's share of words found in order in its aligned text;
    - ``faith_fused``: share of sentences aligned to more than one source sentence;
    - ``faith_fact_flags``: fact flags (numbers, dates, names, quantities, negations);
    - ``faith_joined``: places joining two phrases one source sentence keeps apart;
    - ``faith_novel_share``: share of content words appearing nowhere in the source.

    An empty summary (no words) scores 0: it is never rated faithful. Bounded: at most
    ``MAX_FAITH_SENTENCES`` (1,000) summary sentences are scored; the others count as score 0.

    Example:
        >>> st = faithfulness_stats("Rain fell on Monday. Roads shut on Friday.",
        ...                         "Rain fell on Monday. Roads shut on Tuesday.")
        >>> st["faithfulness"], st["faith_fact_flags"]  # Friday: 3/4 x 2/3 known x 0.5 ** 2
        (0.125, 1.0)
    """
    sents, src = split_pair(summary, source)
    unchecked = max(0, len(sents) - MAX_FAITH_SENTENCES)
    res = [r for r in sentence_faithfulness(sents[:MAX_FAITH_SENTENCES], src) if r.n_words]
    if not res:
        return dict.fromkeys(FAITHFULNESS_COLUMNS, 0.0)
    scores = [r.faithfulness for r in res] + [0.0] * unchecked
    n_content = sum(r.n_content for r in res)
    return {
        "faithfulness": summary_faithfulness(scores),
        "faith_mean": float(np.mean(scores)),
        "faith_lexical": float(min(r.lexical for r in res)),
        "faith_fused": sum(len(r.aligned) > 1 for r in res) / len(res),
        "faith_fact_flags": float(sum(f.kind not in ("novel", "joined")
                                      for r in res for f in r.flags)),
        "faith_joined": float(sum(r.joins for r in res)),
        "faith_novel_share": (sum(r.n_novel for r in res) / n_content) if n_content else 0.0,
    }
