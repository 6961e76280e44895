"""Sentence splitting for raw, lower-cased and PTB-tokenized news text, with character offsets.

Rules, not a trained model, so it needs no downloaded data (nltk's punkt is not required):

- a line break ends a sentence (news text keeps one paragraph per line);
- ``.``, ``!``, ``?``, ``…`` (and ``。！？`` for CJK) end a sentence when followed by whitespace
  (after any closing quotes or brackets) and the words around them allow it;
- PTB-tokenized text (``said . The``, quotes written as two backticks ... two apostrophes) is
  recognised by its stand-alone punctuation tokens, which always end a sentence;
- the word before a period decides most cases: titles (``Mr.``, ``Gen.``) and ``e.g.`` never end
  a sentence; initials (``John F. Kennedy``) and acronyms (``U.S.``) only before a common sentence
  opener (``the``, ``he``, ``it``...); number abbreviations (``No. 5``, ``Jan. 5``) not before a
  number; company and list endings (``Inc.``, ``etc.``) before an opener;
- cased text also needs the next word not to start in lower case. A document with (almost) no
  capital letters is *uncased* (lower-cased corpora): there the word before the period decides
  alone, so ``the council met on monday. it approved the budget.`` is two sentences while
  ``mr. smith went to the u.s. senate.`` is one.

Linear time: one pass of simple regular expressions that cannot backtrack (maximal runs of one
character class) plus bounded look-around at each candidate.

Example:
    >>> [s.text for s in split_sentences("Mr. Smith went to the U.S. on Monday. He stayed.")]
    ['Mr. Smith went to the U.S. on Monday.', 'He stayed.']
    >>> [s.text for s in split_sentences("the council met on monday. it approved the budget.")]
    ['the council met on monday.', 'it approved the budget.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "is_uncased"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and its ``[start, end)`` character span in the text it came from."""

    text: str
    start: int
    end: int
    index: int


# Abbreviations, by how they behave (lower-case, no final dot).
# Titles and Latin shorthands: never end a sentence.
_TITLES = frozenset(
    """
    mr mrs ms dr prof st mt gen lt col maj capt cmdr sgt cpl adm gov sen rep rev hon pres supt
    insp det atty messrs mme mlle vs v e.g i.e cf viz
    """.split()
)
# Before a number only ("No. 5", "Jan. 5", "Vol. 2"); elsewhere ordinary words ("the answer was
# no.", "he went in mar.").
_NUMERIC = frozenset(
    "no nos vol pp fig op art sec ch jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# May end a sentence: only before a sentence opener.
_SOFT = frozenset(
    "etc inc ltd co corp bros al est jr sr approx dept mins hrs sq km cm mm kg lb lbs oz ft".split()
)
# US state abbreviations (AP style) count only right after a comma: "Springfield, Ill., police".
_STATES = frozenset(
    """
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nebr nev okla ore pa penn tenn tex vt va wash wis wisc wyo
    """.split()
)

# Words that commonly open a sentence: after an acronym in cased text they signal a boundary.
_SENTENCE_OPENERS = frozenset(
    """
    a an the he she it its they we i you his her their our this that these those there here
    but and so yet or if when while after before since as in on at for from by with to of
    however meanwhile still now then also although though because some many most more other
    no not one two three last next what who why how where which mr mrs ms dr
    """.split()
)
# Uncased text: the openers that almost never follow an abbreviation inside a sentence
# (pronouns, articles, demonstratives, sentence connectives).
_STRICT_OPENERS = frozenset(
    """
    the he she it they we i you his her their its our my this these those there but however
    meanwhile
    """.split()
)
# Uncased text: after "?" or "!" and a closing quote, these usually start the attribution
# ('"why?" he asked.'), not a new sentence.
_ATTRIBUTION_STARTS = frozenset("he she they i we you it said says asked added told".split())

_OPEN_CHARS = "\"'(\u201c\u2018[`\u00ab\u2014-"
_CLOSE_CHARS = frozenset("\"'\u201d\u2019\u00bb)]}")
_CJK_CLOSE_CHARS = frozenset("\u300d\u300f\u201d\u2019\uff09)\"'")
_TERMINAL_RUN = re.compile(r"[.!?\u2026]+|[\u3002\uff01\uff1f]+")
_CJK_TERMINALS = frozenset("\u3002\uff01\uff1f")
_LINE_BREAK = re.compile(r"\n\s*")
_MAX_TOKEN = 64  # the next token is only read this far (bounded work per candidate)


def is_uncased(text: str) -> bool:
    """True when ``text`` is written without capitals (a lower-cased corpus), so letter case
    cannot mark sentence starts: fewer than 1 in 200 cased letters are capitals.

    Example:
        >>> is_uncased("the council met. it voted."), is_uncased("The council met.")
        (True, False)
    """
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    return lower > 0 and upper * 200 < upper + lower


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with ``[start, end)`` offsets into ``text``.

    Example:
        >>> [s.text for s in split_sentences("( CNN ) He said . `` Yes , '' she said .")]
        ['( CNN ) He said .', "`` Yes , '' she said ."]
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    uncased = is_uncased(text)
    sentences: list[Sentence] = []
    for start, end in _iter_lines(text):
        for s_start, s_end in _split_line(text, start, end, uncased):
            sentences.append(Sentence(text[s_start:s_end], s_start, s_end, len(sentences)))
    return sentences


def _iter_lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of ``text`` as stripped ``(start, end)`` spans."""
    spans = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _split_line(text: str, start: int, end: int, uncased: bool) -> list[tuple[int, int]]:
    line = text[start:end]
    n = len(line)
    cuts: list[int] = []
    for m in _TERMINAL_RUN.finditer(line):
        term_start, pos = m.start(), m.end()
        cjk = line[term_start] in _CJK_TERMINALS
        closers = _CJK_CLOSE_CHARS if cjk else _CLOSE_CHARS
        close_start = pos
        while pos < n and line[pos] in closers:
            pos += 1
        if cjk:
            cuts.append(pos)  # CJK full stops end a sentence with or without a space after
            continue
        # PTB two-apostrophe closing quote glued to the period ("see .''") counts as closers.
        if pos < n and not line[pos].isspace():
            continue
        if not _is_boundary(line, term_start, m.group(), close_start < pos, pos, uncased):
            continue
        cut = pos
        if term_start == 0 or line[term_start - 1].isspace():
            cut = _ptb_closers_end(line, cut)  # PTB: closing tokens after a stand-alone terminal
        cuts.append(cut)
    spans = []
    prev = 0
    for cut in cuts + [n]:
        s, e = prev, cut
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((start + s, start + e))
        prev = max(prev, cut)
    return spans


def _ptb_closers_end(line: str, pos: int) -> int:
    """After a stand-alone terminal, the end of the closing tokens that belong to it
    (``. ''``, ``. )``, ``. -RRB-``)."""
    n = len(line)
    while True:
        i = pos
        while i < n and line[i].isspace():
            i += 1
        if i == pos:
            return pos
        for tok in ("''", ")", "-RRB-"):
            j = i + len(tok)
            if line.startswith(tok, i) and (j == n or line[j].isspace()):
                pos = j
                break
        else:
            return pos


def _next_token(line: str, pos: int) -> str:
    """The next whitespace-delimited token after ``pos`` (at most ``_MAX_TOKEN`` characters)."""
    n = len(line)
    while pos < n and line[pos].isspace():
        pos += 1
    end = pos
    while end < n and end - pos < _MAX_TOKEN and not line[end].isspace():
        end += 1
    return line[pos:end]


def _word_before(line: str, term_start: int) -> str:
    """The token glued to the terminal (scanning back to the previous space)."""
    i = term_start
    while i > 0 and not line[i - 1].isspace() and term_start - i < _MAX_TOKEN:
        i -= 1
    return line[i:term_start]


def _is_boundary(line: str, term_start: int, term: str, closed: bool, after: int,
                 uncased: bool) -> bool:
    next_token = _next_token(line, after)
    if not next_token:
        return True  # end of line: the line break ends the sentence anyway
    if term_start == 0 or line[term_start - 1].isspace():
        # PTB-tokenized text: a punctuation token of its own ends a sentence ("said . The").
        return True
    nxt = _bare(next_token)
    if "." not in term and "\u2026" not in term:  # "!" / "?"
        if uncased:
            return not (closed and nxt in _ATTRIBUTION_STARTS)
        return _starts_sentence(next_token, strict=False)
    if "\u2026" in term or len(term) > 1:  # an ellipsis
        return nxt in _STRICT_OPENERS if uncased else _starts_sentence(next_token, strict=True)
    # A single period glued to the preceding word.
    word = _word_before(line, term_start).lstrip(_OPEN_CHARS)
    bare = word.lower().rstrip(".")
    if not uncased and not _starts_sentence(next_token, strict=False):
        return False
    if closed:
        return True  # `he said "no." Then` -- a closed quote after the period
    opener = (nxt in _STRICT_OPENERS) if uncased else (nxt in _SENTENCE_OPENERS)
    digit_next = next_token.lstrip(_OPEN_CHARS)[:1].isdigit()
    if bare in _TITLES:
        return False
    if len(word) == 1 and word.isalpha() and (uncased or word.isupper()):
        # An initial ("John F. Kennedy"); in uncased text only an opener can follow a sentence.
        return uncased and opener
    if "." in word.rstrip("."):  # acronym like U.S. / a.m.
        return opener
    if bare in _NUMERIC and digit_next:
        return False
    if bare in _SOFT or (bare in _STATES and _comma_before(line, term_start - len(word))):
        return opener
    if word.isdigit() and digit_next:
        return False  # "chapter 3. 5 ..." rarely a boundary; numbered lists use line breaks
    return True


def _comma_before(line: str, word_start: int) -> bool:
    i = word_start
    while i > 0 and line[i - 1] == " ":
        i -= 1
    return i > 0 and line[i - 1] == ","


def _bare(token: str) -> str:
    return token.strip("\"'(\u201c\u2018[`,;:\u00ab").lower()


def _starts_sentence(token: str, strict: bool) -> bool:
    """Could ``token`` open a new sentence (cased text)?"""
    first = token.lstrip(_OPEN_CHARS)
    if not first:
        return True  # an opening quote or dash on its own
    ch = first[0]
    if ch.isdigit():
        return not strict
    if ch.isalpha():
        # Scripts without case (CJK, Arabic, ...) have isupper() == islower() == False.
        return not ch.islower()
    return True
