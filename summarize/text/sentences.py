"""Sentence splitting for raw and PTB-tokenized news text, with character offsets.

Rules, not a trained model, so it needs no downloaded data (nltk's punkt is not required):

- a line break ends a sentence (news text keeps one paragraph per line);
- ``.``, ``!``, ``?`` (and ``。！？`` for CJK) end a sentence when followed by whitespace and a
  plausible sentence start, after any closing quotes or brackets;
- PTB-tokenized text (``said . The``, quotes written as two backticks ... two apostrophes) is
  recognised by its stand-alone punctuation tokens, which always end a sentence;
- abbreviations (``Mr.``, ``Gen.``, ``Jan.``), initials (``John F. Kennedy``) and acronyms
  (``U.S.``) do not end a sentence unless a common sentence opener follows an acronym.

Example:
    >>> [s.text for s in split_sentences("Mr. Smith went to the U.S. on Monday. He stayed.")]
    ['Mr. Smith went to the U.S. on Monday.', 'He stayed.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and its ``[start, end)`` character span in the text it came from."""

    text: str
    start: int
    end: int
    index: int


# Abbreviations that are followed by a period but rarely end a sentence (lower-case, no dot).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr sgt cpl adm gov sen rep rev hon pres
    supt insp det atty messrs mme mlle jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun no nos vs v etc al approx dept est fig inc ltd co corp bros
    ave blvd rd hwy e.g i.e cf op pp vol ed eds mins hrs sq km cm mm kg lb lbs oz
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nebr nev okla ore pa penn tenn tex vt va wash wis wisc wyo
    """.split()
)
# Abbreviations that end a sentence when a capitalised word follows ("... and so on etc. The").
_SOFT_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "corp", "bros", "al", "est", "jr", "sr"})

# Words that commonly open a sentence: after an acronym such as "U.S." they signal a boundary.
_SENTENCE_OPENERS = frozenset(
    """
    a an the he she it its they we i you his her their our this that these those there here
    but and so yet or if when while after before since as in on at for from by with to of
    however meanwhile still now then also although though because some many most more other
    no not one two three last next what who why how where which mr mrs ms dr
    """.split()
)

_CLOSERS = "\"'\u201d\u2019\u00bb)]}"
_TERMINALS = ".!?\u2026"
_CJK_TERMINALS = "\u3002\uff01\uff1f"

# A candidate boundary: terminal punctuation (possibly repeated), optional closers, then space.
_CANDIDATE = re.compile(
    r"(?P<term>[.!?\u2026]+)(?P<close>(?:''|[\"'\u201d\u2019\u00bb)\]}])*)(?=\s)"
    r"|(?P<cjk>[\u3002\uff01\uff1f]+)(?P<cjkclose>[\u300d\u300f\u201d\u2019\uff09)\"']*)"
)
_PTB_CLOSERS = re.compile(r"(?:\s+(?:''|\)|-RRB-))+(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
_LINE_BREAK = re.compile(r"\n\s*")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with ``[start, end)`` offsets into ``text``.

    Example:
        >>> [s.text for s in split_sentences("( CNN ) He said . `` Yes , '' she said .")]
        ['( CNN ) He said .', "`` Yes , '' she said ."]
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    sentences: list[Sentence] = []
    for start, end in _iter_lines(text):
        for s_start, s_end in _split_line(text, start, end):
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


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(line):
        cut = m.end()
        if m.group("cjk") is None:
            if not _is_boundary(line, m):
                continue
            if m.start() == 0 or line[m.start() - 1].isspace():
                # PTB: closing quote/bracket tokens after a stand-alone terminal belong to it.
                tail = _PTB_CLOSERS.match(line, cut)
                if tail:
                    cut = tail.end()
        cuts.append(cut)
    spans = []
    prev = 0
    for cut in cuts + [len(line)]:
        s, e = prev, cut
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((start + s, start + e))
        prev = cut
    return spans


def _is_boundary(line: str, m: re.Match[str]) -> bool:
    term = m.group("term")
    term_start = m.start()
    nxt = _NEXT_TOKEN.match(line, m.end())
    if nxt is None:
        return True  # end of line: the line break ends the sentence anyway
    next_token = nxt.group(1)
    standalone = term_start == 0 or line[term_start - 1].isspace()
    if standalone:
        # PTB-tokenized text: a punctuation token of its own ends a sentence ("said . The").
        # A lone "." before a lower-case word in raw text ("3 . 5") is rare; PTB wins.
        return True
    if term in ("!", "?") or len(term) > 1 and set(term) <= {"!", "?"}:
        return _starts_sentence(next_token, strict=False)
    if "\u2026" in term or term.startswith(".."):
        return _starts_sentence(next_token, strict=True)
    # A single period glued to the preceding word.
    before = _WORD_BEFORE.search(line, 0, term_start)
    word = before.group(1) if before else ""
    word = word.lstrip("\"'(\u201c\u2018[`")
    bare = word.lower().rstrip(".")
    if not _starts_sentence(next_token, strict=False):
        return False
    if m.group("close"):
        return True  # `he said "no." Then` -- a closed quote after the period
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "John F. Kennedy"
    if "." in word.rstrip("."):  # acronym like U.S. / a.m. / e.g.
        return _opener(next_token)
    if bare in _ABBREVIATIONS:
        if bare in _SOFT_ABBREVIATIONS:
            return _opener(next_token)
        return False
    if word.isdigit() and next_token[:1].isdigit():
        return False
    return True


def _starts_sentence(token: str, strict: bool) -> bool:
    """Could ``token`` open a new sentence?"""
    first = token.lstrip("\"'(\u201c\u2018[`\u00ab-\u2014")
    if not first:
        return True  # an opening quote or dash on its own
    ch = first[0]
    if ch.isdigit():
        return not strict
    if ch.isalpha():
        # Scripts without case (CJK, Arabic, ...) have isupper() == islower() == False.
        return not ch.islower()
    return True


def _opener(token: str) -> bool:
    word = token.strip("\"'(\u201c\u2018[`,;:").lower()
    return word in _SENTENCE_OPENERS
