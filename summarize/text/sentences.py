"""Sentence splitting for raw, lower-cased and PTB-tokenized text in any script, with character
offsets.

Rules, not a trained model, so it needs no downloaded data (nltk's punkt is not required):

- sentence marks are the Unicode ``Sentence_Terminal`` characters of every script (``.!?``,
  ``。！？``, Hindi ``।``, Armenian ``։``, Amharic ``።``, Burmese ``။``, Arabic ``؟``, Urdu
  ``۔``...; table in ``_unicode_tables.py``), plus the ellipsis, the Greek question mark
  ``;``, the Tibetan shads (``།``) and the Sinhala kunddaliya. Marks of scripts written
  without spaces end a sentence with or without a space after;
  ``.``, ``!`` and ``?`` need a space (or a capital glued after a lower-case word:
  ``world.The``);
- Thai writes no sentence marks: a space between two Thai words ends a sentence (Thai
  writers put one where a sentence or a clause ends), except after ``ฯ`` and ``ๆ``;
- a paragraph break (a blank line) always ends a sentence; a single line break does too unless
  the line is visibly cut mid-sentence: no sentence mark at its end, and the next line goes on in
  lower case, after a comma or dash, inside CJK text, or in hard-wrapped text (most lines
  long and unfinished). A list item on the next line is never joined;
- brackets and quotation marks hold a sentence together: ``(...)``, ``[...]``, ``《》``,
  ``「」``, ``«»`` always; ``"..."`` and ``“...”`` when the quotation goes on into the same
  sentence (``"We won. It was hard," she said.``). One that ends with a mark and is followed
  by a capitalised word ends the sentence after its closing mark (``« Demain. » Puis``);
- numbered and lettered lists (``1. First 2. Second``, ``a) ... b) ...``, ``• 9. ...``) split
  before each item, never after its number; spaced ellipses (``. . .``) and ``[...]`` are
  one mark;
- the word before a period decides most cases: titles (``Mr.``, ``Dr. med.``, ``Sra.``) and
  shorthands (``e.g.``, ``z. B.``) never end a sentence; initials (``John F. Kennedy``) and
  acronyms (``U.S.``) only before a sentence opener; number abbreviations (``No. 5``,
  ``p. 55``, ``N°.``) and dates (``12. Juni``) not before a number or a month. The word lists
  are per language (``summarize.text.languages``; the language is detected or given);
- PTB-tokenized text (``said . The``) ends a sentence at every stand-alone mark;
- cased text also needs the next word not to start in lower case. A document with (almost) no
  capital letters is *uncased* (lower-cased corpora): there the word before the period decides
  alone.

Linear time: one pass of regular expressions that cannot backtrack (maximal runs of one
character class), one bracket-pairing pass, and bounded look-around at each candidate.

Example:
    >>> [s.text for s in split_sentences("Mr. Smith went to the U.S. on Monday. He stayed.")]
    ['Mr. Smith went to the U.S. on Monday.', 'He stayed.']
    >>> [s.text for s in split_sentences("the council met on monday. it approved the budget.")]
    ['the council met on monday.', 'it approved the budget.']
    >>> [s.text for s in split_sentences("1. Buy milk 2. Call Ann. सच है। ठीक है।")]
    ['1. Buy milk', '2. Call Ann.', 'सच है।', 'ठीक है।']
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from ._unicode_tables import STERM_ASTRAL_CLASS, STERM_BMP_CLASS
from .languages import PROFILES, LanguageProfile, detect_language, profile

__all__ = ["Sentence", "split_sentences", "is_uncased"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and its ``[start, end)`` character span in the text it came from."""

    text: str
    start: int
    end: int
    index: int


# English abbreviations, by how they behave (lower-case, no final dot); other languages add
# theirs from their profile.
# Titles and Latin shorthands: never end a sentence.
_TITLES = frozenset(
    """
    mr mrs ms dr prof st mt gen lt col maj capt cmdr sgt cpl adm gov sen rep rev hon pres supt
    insp det atty messrs mme mlle vs v e.g i.e cf viz
    """.split()
)
# Titles of other languages that are no English word: they hold in any text ("Hr. Smith").
_INTL_TITLES = frozenset(
    "hr skt sra srta sres dra lic ing avv dott sig sigg mlle mgr dhr mevr drs dipl proф".split()
    # Vietnamese (thành phố, giáo sư, tiến sĩ...), Indonesian (jalan, kabupaten, Bapak...),
    # Czech academic titles, Swahili (Bwana, Daktari), Romanian (domnul, doamna)
    + "tp gs pgs ts ths jl kab kec bpk sdr mudr judr phdr rndr bw dkt dl dna".split()
)
# Before a number only ("No. 5", "Jan. 5", "p. 55"); elsewhere ordinary words.
_NUMERIC = frozenset(
    "no nos n° nº vol p pp fig op art sec ch jan feb mar apr jun jul aug sep sept oct nov dec"
    .split()
)
# May end a sentence: only before a sentence opener.
_SOFT = frozenset(
    "etc inc ltd co corp bros al est jr sr approx dept mins hrs sq km cm mm kg lb lbs oz ft usw"
    .split()
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
) | frozenset().union(*(p.openers for p in PROFILES.values()))
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
_ALL_MONTHS = frozenset().union(*(p.months for p in PROFILES.values()))
# for text of an undetermined language: every profile's titles but single Latin letters
_ALL_TITLES = frozenset(t for p in PROFILES.values() for t in p.titles
                        if len(t) > 1 or not t.isascii())

_OPEN_CHARS = "\"'(\u201c\u2018\u201e\u201a[`\u00ab\u2039\u00bb\u203a\u2014\u2013-\u00bf\u00a1,\u300c\u300e\u3008\u300a\uff08"
_CLOSE_CHARS = frozenset("\"'\u201d\u2019\u201c\u2018\u00bb\u203a\u00ab\u2039)]}\u300d\u300f\u3009\u300b\uff09\u3011")
# The marks: Sentence_Terminal, the ellipsis, a Greek question mark (";" after a Greek letter),
# and spaced dots after a mark (". . .").
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
# Marks that Unicode does not list as Sentence_Terminal but that end sentences: the ellipsis,
# the Greek question mark, the Tibetan shads (shad, double, tsheg and rgya gram shad) and the
# Sinhala kunddaliya.
_EXTRA_MARKS = "\u2026\u037e\u0f0d\u0f0e\u0f0f\u0f10\u0f12\u0df4"
_SHADS = "\u0f0d\u0f0e\u0f0f\u0f10\u0f12"
_TERMINAL_CHAR = (rf"(?:[{STERM_BMP_CLASS}{_EXTRA_MARKS}]|;(?<=[{_GREEK}];)"
                  rf"|[\U00010000-\U0010ffff](?<=[{STERM_ASTRAL_CLASS}]))")
# The run's first character is found by one character class (the engine scans for it in C,
# several times faster than trying the alternation at every position), then checked by the
# same alternatives as the rest of the run.
_TERMINAL_RUN = re.compile(
    rf"[{STERM_BMP_CLASS}{_EXTRA_MARKS};\U00010000-\U0010ffff]"
    rf"(?:(?<=[{STERM_BMP_CLASS}{_EXTRA_MARKS}])|(?<=[{_GREEK}];)|(?<=[{STERM_ASTRAL_CLASS}]))"
    rf"{_TERMINAL_CHAR}*"
    rf"(?: \.(?=[\s\"'\u201d\u2019\u00bb)\]]|$)| [{_SHADS}])*"
)
# Thai writes no sentence marks: a space between two Thai words is where a sentence (or a
# clause) ends. Not after the abbreviation sign "ฯ" or the repetition sign "ๆ", not next to
# digits or words of other scripts.
_THAI_GAP = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]\\s+"
                       "(?=[\u0e01-\u0e2e\u0e40-\u0e44])")
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
# Marks that are no full stop of a space-separated script: they end a sentence even when glued
# to what follows (CJK, Devanagari danda, Arabic question mark, Amharic, Burmese...).
_DOTS = frozenset(".\u2024\ufe52\uff0e\u2026")
_ASCII_MARKS = frozenset(".!?;")
# A Myanmar "little section" mark is listed as Sentence_Terminal but is used as a comma.
_NOT_TERMINAL = frozenset("\u104a")
# List items: a number (1-3 digits) or a letter, then "." / ")" / ".)", at a word start, with
# an optional bullet before it.
_BULLETS = "\u2022\u2023\u2043\u25e6\u25aa\u25cf\u00b7*\u2013\u2014-"
_ITEM = re.compile(rf"(?<!\S)([{_BULLETS}]\s*)?(\d{{1,3}}|[a-z])( ?\.\)| ?\.|\))(?=\s)")
_LIST_LINE = re.compile(rf"\s*(?:[{_BULLETS}]|\d{{1,3}}[.)]|[a-zA-Z]\))")
_URL_START = re.compile(r"\s*(?:https?:|www\.|[\w.-]+\.(?:com|org|net)\b)", re.IGNORECASE)
_ACRONYM = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# a line without the white space around it (the engine backtracks over its trailing spaces only)
_STRIPPED_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_HOLD_PAIRS = {
    "(": ")", "[": "]", "\u300a": "\u300b", "\u300c": "\u300d", "\u300e": "\u300f",
    "\u00ab": "\u00bb", "\u2039": "\u203a", "\uff08": "\uff09", "\u3010": "\u3011",
    "\u3008": "\u3009", "\u201c": "\u201d", "\u201e": "\u201c\u201d",
}
_CLOSER_OF = {c: o for o, cs in _HOLD_PAIRS.items() for c in cs}
# German and Danish quote »like this« (the guillemets point inwards): a text whose first
# guillemet is "»" pairs them that way
_HOLD_PAIRS_INWARD = {**{o: c for o, c in _HOLD_PAIRS.items() if o not in "\u00ab\u2039"},
                      "\u00bb": "\u00ab", "\u203a": "\u2039"}
_BRACKET_MARKS = re.compile("[\"\u201c\u201d\u201e" + re.escape("".join(_HOLD_PAIRS))
                            + re.escape("".join(_CLOSER_OF)) + "]")
_QUOTES = frozenset("\"\u201c\u201e")
_MAX_TOKEN = 64  # the next token is only read this far (bounded work per candidate)
_CASE_SAMPLE = 100_000  # letter case is judged on this many characters
_MAX_HOLD = 2_000  # brackets or quotes hold a sentence together over at most this many chars
_WRAP_LINE = 40  # hard-wrapped text: most unfinished lines are at least this long
_WRAP_WIDTH = 150  # ... and none is wider


def is_uncased(text: str) -> bool:
    """True when ``text`` is written without capitals (a lower-cased corpus), so letter case
    cannot mark sentence starts: fewer than 1 in 200 cased letters (of the first
    ``_CASE_SAMPLE`` characters) are capitals.

    Example:
        >>> is_uncased("the council met. it voted."), is_uncased("The council met.")
        (True, False)
    """
    sample = text[:_CASE_SAMPLE]
    # ASCII letters are counted on bytes (C loops), other characters one by one
    if sample.isascii():
        ascii_bytes, others = sample.encode("ascii"), ""
    else:
        ascii_bytes = sample.encode("ascii", "ignore")
        if len(ascii_bytes) * 2 < len(sample):  # mostly other scripts: every character
            ascii_bytes, others = b"", sample
        else:
            others = "".join(_NON_ASCII.findall(sample))
    upper = len(ascii_bytes.translate(None, _NOT_UPPER)) + sum(map(str.isupper, others))
    if upper * 200 >= len(sample):
        return False  # enough capitals whatever the number of lower-case letters
    lower = len(ascii_bytes.translate(None, _NOT_LOWER)) + sum(map(str.islower, others))
    return lower > 0 and upper * 200 < upper + lower


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NOT_UPPER = bytes(c for c in range(128) if not chr(c).isupper())
_NOT_LOWER = bytes(c for c in range(128) if not chr(c).islower())


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with ``[start, end)`` offsets into ``text``.
    ``language``: an ISO 639-1 code for the abbreviation lists, or ``None`` to detect it.

    Example:
        >>> [s.text for s in split_sentences("( CNN ) He said . `` Yes , '' she said .")]
        ['( CNN ) He said .', "`` Yes , '' she said ."]
        >>> [s.text for s in split_sentences("Wir trafen Dr. med. Meyer am 12. Juni. Er kam.")]
        ['Wir trafen Dr. med. Meyer am 12. Juni.', 'Er kam.']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    ctx = _Context(is_uncased(text), profile(language or detect_language(text)),
                   not text.isascii() and _THAI_LETTER.search(text) is not None)
    sentences: list[Sentence] = []
    for start, end in _blocks(text, ctx.uncased):
        for s_start, s_end in _split_block(text[start:end], ctx):
            a, b = start + s_start, start + s_end
            sentences.append(Sentence(text[a:b], a, b, len(sentences)))
    return sentences


@dataclass(frozen=True)
class _Context:
    uncased: bool
    lang: LanguageProfile
    thai: bool = False  # the text has Thai letters: spaces between Thai words end sentences


# ---------------------------------------------------------------------------- line breaks

def _ends_finished(line: str) -> bool:
    """The line ends with a sentence mark or a colon (after any closing quotes/brackets)."""
    i = len(line)
    while i > 0 and line[i - 1] in _CLOSE_CHARS:
        i -= 1
    if i == 0:
        return True
    last = line[i - 1]
    return last == ":" or last in _DOTS or bool(_TERMINAL_RUN.match(last))


def _line_finished(text: str, a: int, b: int, tail: int) -> bool:
    """``_ends_finished`` of the line ``text[a:b]``, read at most ``tail`` characters back."""
    last = text[b - 1]
    if last in _CLOSE_CHARS:
        return _ends_finished(text[max(a, b - tail):b])
    done = _FINISHING.get(last)
    if done is None:
        done = _ends_finished(last)
        if len(_FINISHING) < 4096:  # bounded: any text may bring new characters
            _FINISHING[last] = done
    return done


_FINISHING: dict[str, bool] = {}  # last character of a line -> does it end a sentence


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _blocks(text: str, uncased: bool) -> list[tuple[int, int]]:
    """Stripped ``(start, end)`` spans of the text's lines, with lines cut mid-sentence joined
    to the next (see the module docstring)."""
    lines = [m.span() for m in _STRIPPED_LINE.finditer(text)]
    if len(lines) < 2:
        return lines
    single = [text.count("\n", a[1], b[0]) == 1 for a, b in zip(lines, lines[1:])]
    tail = 16  # the end of a line is read this far back
    # hard-wrapped text (a fixed width, as from a PDF): no line wider than _WRAP_WIDTH, most
    # single breaks after an unfinished line, most of those lines near the widest one
    widest = max(b - a for a, b in lines)
    unfinished = long = 0
    for (a, b), (c, d), one in zip(lines, lines[1:], single):
        if one and not _line_finished(text, a, b, tail) and not _LIST_LINE.match(text, c, d):
            unfinished += 1
            long += b - a >= max(_WRAP_LINE, 0.6 * widest)
    wrapped = (widest <= _WRAP_WIDTH and unfinished >= 2 and 2 * unfinished >= sum(single)
               and 2 * long >= unfinished)
    out = [lines[0]]
    for (c, d), one in zip(lines[1:], single):
        a, b = out[-1]
        if one and _continues(text, a, b, c, d, uncased, wrapped):
            out[-1] = (a, d)
        else:
            out.append((c, d))
    return out


def _continues(text: str, a: int, b: int, c: int, d: int, uncased: bool,
               wrapped: bool) -> bool:
    """Does the line ``text[c:d]`` continue the sentence of the line ``text[a:b]``?"""
    if _line_finished(text, a, b, 8) or _LIST_LINE.match(text, c, d) \
            or _URL_START.match(text, c, d):
        return False
    last, first = text[b - 1], text[c]
    if _is_cjk(last) and _is_cjk(first):
        return True
    if last in ",\u3001\uff0c\u060c-\u2013\u2014" and not first.isupper():
        return True
    if not uncased and first.islower() and len(text[a:b].split(None, 3)) >= 3:
        return True
    return wrapped


# ------------------------------------------------------------------------- holding pairs

def _held_spans(line: str, uncased: bool = False) -> list[tuple[int, int]]:
    """Disjoint ``(open, close)`` index spans inside which sentence marks do not split:
    brackets and guillemets always, double quotes when the sentence goes on after them."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    n = len(line)
    first_in, first_out = line.find("\u00bb"), line.find("\u00ab")
    pairs = _HOLD_PAIRS_INWARD if first_in >= 0 and not 0 <= first_out < first_in \
        else _HOLD_PAIRS
    for m in _BRACKET_MARKS.finditer(line):
        ch, i = m.group(), m.start()
        if ch == '"':
            prev = line[i - 1] if i else " "
            nxt = line[i + 1] if i + 1 < n else " "
            closes = any(o == '"' for o, _ in stack[-4:]) and (
                not prev.isspace() or nxt.isspace() or nxt in ".,;:!?)]}")
            if not closes:
                if not nxt.isspace():
                    stack.append((ch, i))
                continue
        elif ch in pairs and not (ch == "\u201c" and any(o == "\u201e"
                                                          for o, _ in stack[-4:])):
            stack.append((ch, i))
            if len(stack) > 256:
                del stack[:128]
            continue
        # a closing mark: pop to its opener (searching a few levels only)
        for depth in range(1, min(len(stack), 4) + 1):
            opener, j = stack[-depth]
            if (ch == '"') if opener == '"' else ch in pairs[opener]:
                del stack[-depth:]
                if i - j <= _MAX_HOLD and (opener not in _QUOTES or _goes_on(line, i + 1, uncased)):
                    spans.append((j, i))
                break
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _goes_on(line: str, pos: int, uncased: bool) -> bool:
    """After a closing quote at ``pos - 1``: does the same sentence go on (a comma, a
    lower-case word in cased text, a bracket, a period closing the sentence)?"""
    n = len(line)
    while pos < n and line[pos] == " ":
        pos += 1
    if pos >= n:
        return False
    ch = line[pos]
    # a Thai word after the quotation goes on with it (Thai has no case and no marks)
    return ch in ",;:.()[" or (ch.islower() and not uncased) or "\u0e01" <= ch <= "\u0e44"


# ------------------------------------------------------------------------------ splitting

def _split_block(line: str, ctx: _Context) -> list[tuple[int, int]]:
    n = len(line)
    runs = list(_TERMINAL_RUN.finditer(line))
    gaps = list(_THAI_GAP.finditer(line)) if ctx.thai else None
    if gaps:
        runs = sorted(runs + gaps, key=_match_start)
    elif (not runs or (len(runs) == 1 and runs[0].end() >= n - 2)) and ")" not in line:
        return [(0, n)]  # one mark at the end (or none) and no "1)" item: one sentence
    held = _held_spans(line, ctx.uncased)
    h = 0
    cuts: list[int] = []
    sent_start = 0
    content_start = _content_start(line, 0)
    item = _item_at(line, 0)  # the list item the current sentence starts with
    # List items matter only inside a sentence that opens with one, and after a colon. All
    # of them are found (one scan) once a sentence opens with an item; until then only those
    # after a colon.
    items = _colon_items(line) if item is None else list(_ITEM.finditer(line))
    all_items = item is not None
    ri = ii = 0
    n_runs = len(runs)
    while True:
        if ii < len(items) and (ri >= n_runs or items[ii].start() < runs[ri].start()):
            m = items[ii]
            ii += 1
            is_item = True
        elif ri < n_runs:
            m = runs[ri]
            ri += 1
            is_item = False
        else:
            break
        pos0 = m.start()
        if pos0 < sent_start:
            continue
        while h < len(held) and held[h][1] < pos0:
            h += 1
        close = -1  # inside a held span: its closing mark
        if h < len(held) and held[h][0] < pos0 < held[h][1]:
            if is_item or m.re is _THAI_GAP or not _ends_at_closer(line, m, held[h][1], ctx):
                continue
            close = held[h][1]
        if is_item:
            if item is not None and _follows(item, m) and content_start < pos0:
                cuts.append(pos0)
                sent_start = content_start = pos0
                item = m
            elif _item_value(m)[1] in (1, ord("a")) and \
                    line[max(0, pos0 - 8):pos0].rstrip().endswith(":"):
                item = m  # a list opened after a colon: "Steps: 1. Boil 2. Add"
        else:
            cut = m.start() + 1 if m.re is _THAI_GAP else \
                _terminal_cut(line, m, ctx, content_start, item)
            if cut is None or cut <= sent_start or cut <= close:
                continue
            cuts.append(cut)
            sent_start = cut
            content_start = _content_start(line, cut)
            item = _item_at(line, cut)
        if item is not None and not all_items:
            items = list(_ITEM.finditer(line))
            ii = bisect.bisect_right([it.start() for it in items], pos0)
            all_items = True
    spans = []
    prev = 0
    for cut in cuts + [n]:
        s, e = prev, cut
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = max(prev, cut)
    return spans


_CONTENT = re.compile(rf"[^\s{_BULLETS}]")


def _ends_at_closer(line: str, m: re.Match[str], close: int, ctx: _Context) -> bool:
    """Is the mark run ``m`` the last thing inside a bracket or quotation closed at ``close``,
    with a capitalised word after it ("(Two were absent.) The vote", "« Demain. » Puis")? Then
    the sentence may end after the closing mark, as ``_terminal_cut`` decides."""
    if ctx.uncased:
        return False
    j = m.end()
    while j < close and (line[j] == " " or line[j] in _CLOSE_CHARS):
        j += 1
    if j != close:
        return False
    k = close + 1
    while k < len(line) and line[k] in _CLOSE_CHARS:
        k += 1
    if k >= len(line) or not line[k].isspace():
        return False
    word = _next_token(line, k)
    if word[:1] in "([{":
        return False  # a reference that belongs to it: '“…” [Al Maa-idah 2]'
    word = word.lstrip(_OPEN_CHARS)
    return bool(word) and word[0].isupper()


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def _colon_items(line: str) -> list[re.Match[str]]:
    """The list items (``_ITEM``) that open a list after a colon: "Steps: 1. Boil"."""
    out: list[re.Match[str]] = []
    n = len(line)
    c = line.find(":")
    while c >= 0:
        q = c + 1
        while q < n and q - c <= 8 and line[q].isspace():
            q += 1
        if q < n and q - c <= 8 and (not out or out[-1].start() != q):
            m = _ITEM.match(line, q)
            if m is not None and _item_value(m)[1] in (1, ord("a")):
                out.append(m)
        c = line.find(":", c + 1)
    return out


def _content_start(line: str, pos: int) -> int:
    """The first character at or after ``pos`` that is no space or bullet."""
    n = len(line)
    if pos < n and not line[pos].isspace() and line[pos] not in _BULLETS:
        return pos
    m = _CONTENT.search(line, pos)
    return m.start() if m else n


def _item_at(line: str, pos: int) -> re.Match[str] | None:
    while pos < len(line) and line[pos].isspace():
        pos += 1
    return _ITEM.match(line, pos)


def _item_value(m: re.Match[str]) -> tuple[str, int]:
    mark = m.group(2)
    style = m.group(3).replace(" ", "")
    if mark.isdigit():
        return "n" + style, int(mark)
    return ("A" if mark.isupper() else "a") + style, ord(mark.lower())


def _follows(prev: re.Match[str], nxt: re.Match[str]) -> bool:
    """Is ``nxt`` the item after ``prev`` in the same list style?"""
    (k1, v1), (k2, v2) = _item_value(prev), _item_value(nxt)
    return k1 == k2 and v2 == v1 + 1 and bool(prev.group(1)) == bool(nxt.group(1))


def _terminal_cut(line: str, m: re.Match[str], ctx: _Context, content_start: int,
                  item: re.Match[str] | None) -> int | None:
    """Where the sentence ends for the mark run ``m``, or ``None`` if it does not end there."""
    n = len(line)
    run = m.group()
    term_start, pos = m.span()
    if any(ch in _NOT_TERMINAL for ch in run):
        return None
    if term_start > 0 and line[term_start - 1] in "[(" and pos < n and line[pos] in "])":
        return None  # "[...]": an omission mark
    if item is not None and item.start() <= term_start < item.end():
        return None  # the period of the list number opening this sentence
    close_start = pos
    while pos < n and line[pos] in _CLOSE_CHARS:
        pos += 1
    closed = close_start < pos
    if any(ch not in _DOTS and ch not in _ASCII_MARKS and ch != " " for ch in run):
        return pos  # marks of unspaced scripts end a sentence glued or not
    if pos < n and not line[pos].isspace():
        return pos if _glued_boundary(line, term_start, run, pos, ctx) else None
    next_token = _next_token(line, pos)
    if next_token in ("\u2019", "\u201d", "\u00bb", "''") and not line[term_start - 1].isspace():
        # a closing quote of its own after the mark ("seasons. ’ Wilshere"): it belongs here
        pos = line.index(next_token, pos) + len(next_token)
        closed = True
        next_token = _next_token(line, pos)
    if not next_token:
        return pos
    dots = run.count(".")
    if " ." in run:  # a spaced ellipsis: ". . ." inside a sentence, ". . . ." ends one
        glued = term_start > 0 and not line[term_start - 1].isspace()
        if not _starts_sentence(next_token, strict=True):
            return None
        if glued and dots >= 4:
            return term_start + 1  # "compounds. . . . The": the ellipsis opens the next one
        return pos if dots >= 4 else None
    ellipsis = "\u2026" in run or dots > 1
    if (term_start == 0 or line[term_start - 1].isspace()) and not ellipsis:
        # PTB-tokenized text: a punctuation token of its own ends a sentence ("said . The"),
        # except the number of a list item ("1 . The first item").
        if _list_number_before(line, term_start, content_start):
            return None
        return _ptb_closers_end(line, pos)
    nxt = _bare(next_token)
    if "." not in run and "\u2026" not in run:  # "!" / "?" / Greek ";"
        if ctx.uncased:
            return None if closed and nxt in _ATTRIBUTION_STARTS else pos
        return pos if _starts_sentence(next_token, strict=False) else None
    if ellipsis:
        ok = nxt in _STRICT_OPENERS if ctx.uncased else _starts_sentence(next_token, strict=True)
        return pos if ok else None
    return pos if _period_ends(line, term_start, closed, next_token, ctx) else None


def _list_number_before(line: str, term_start: int, content_start: int) -> bool:
    """Is the stand-alone mark at ``term_start`` the period of a list number that opens the
    sentence ("1 . The first item")? ``content_start``: the sentence's first character after
    spaces and bullets."""
    i = term_start
    while i > 0 and line[i - 1].isspace() and term_start - i < _MAX_TOKEN:
        i -= 1
    word = _word_before(line, i)
    return i - len(word) == content_start and (
        word.isdigit() and len(word) <= 3 or (len(word) == 1 and word.isalpha()))


def _glued_boundary(line: str, term_start: int, run: str, after: int, ctx: _Context) -> bool:
    """A period glued to both words ("world.The") ends a sentence in cased text when a
    lower-case word or a number ends before it and a capitalised word starts after it."""
    if run != "." or ctx.uncased or term_start == 0:
        return False
    before, ch = line[term_start - 1], line[after]
    if not (before.islower() or before.isdigit()) or not ch.isupper():
        return False
    nxt = line[after + 1] if after + 1 < len(line) else " "
    if not (nxt.islower() or nxt.isspace()):
        return False  # "Ph.D." is no boundary
    word = _word_before(line, term_start)
    glued = word + _next_token(line, after)
    return sum(c.isalnum() for c in word) >= 2 and not any(c in glued[:-1] for c in "/@:") \
        and not word.lower().startswith("www")


def _period_ends(line: str, term_start: int, closed: bool, next_token: str,
                 ctx: _Context) -> bool:
    """Does a single period glued to the preceding word end the sentence?"""
    word = _word_before(line, term_start).lstrip(_OPEN_CHARS)
    for apos in ("'", "\u2019"):  # elision: "l'Ing.", "dell'Avv."
        if apos in word[:5]:
            word = word.rsplit(apos, 1)[-1]
    if "." in word and not _ACRONYM.fullmatch(word):
        tail = word.rsplit(".", 1)[-1]
        if tail[:1].isupper():
            word = tail  # after a glued boundary: "Tuesday.Hr."
    bare = word.lower().rstrip(".")
    lang = ctx.lang
    if not ctx.uncased and not _starts_sentence(next_token, strict=False):
        return False
    if closed:
        return True  # `he said "no." Then` -- a closed quote after the period
    nxt = _bare(next_token)
    opener = (nxt in _STRICT_OPENERS) if ctx.uncased else (nxt in _SENTENCE_OPENERS)
    digit_next = next_token.lstrip(_OPEN_CHARS)[:1].isdigit()
    if lang.enders and _ender(line, term_start - len(word), bare, lang):
        return True if not ctx.uncased else opener  # "и т. д. Потом", "и др. Они"
    if bare in _TITLES or bare in _INTL_TITLES or bare in (
            lang.titles if lang.code != "und" else _ALL_TITLES):
        return False
    if digit_next and (bare in _NUMERIC or bare in lang.numeric):
        return False
    if len(word) == 1 and word.isalpha():
        if _initial_before(line, term_start - 1):
            return opener  # the end of a spaced initialism: "z. B.", "J. K."
        if ctx.uncased:
            return opener  # an initial; in uncased text only an opener can follow a sentence
        if word.islower():
            return True
        if word == "I" and not _capitalised_before(line, term_start - 1):
            return True  # the pronoun: "you and I. Did you"
        # an initial ("John F. Kennedy", "Albert I. Jones") unless a strict opener follows
        return nxt in _STRICT_OPENERS
    if _ACRONYM.fullmatch(word):  # U.S., a.m., E.U.
        return opener
    if bare in _SOFT or (bare in _STATES and _comma_before(line, term_start - len(word))):
        return opener
    if word.isdigit() and len(word) <= 3:
        if digit_next:
            return False  # "chapter 3. 5 ..." rarely a boundary
        if nxt in _ALL_MONTHS or (lang.ordinal_period and nxt not in lang.openers and not (
                len(nxt) > 1 and (nxt in _TITLES or nxt in lang.titles))):
            return False  # a date or an ordinal: "am 12. Juni", "im 3. Jahrhundert"
    if word.isdigit() and digit_next:
        return False
    return True


def _ender(line: str, word_start: int, bare: str, lang: LanguageProfile) -> bool:
    """Is the abbreviation ``bare`` (the word before a period, starting at ``word_start``) one
    of the language's ``enders``, alone or with the word before it ("т. д", "и др")?"""
    if bare in lang.enders:
        return True
    i = word_start
    while i > 0 and line[i - 1] == " " and word_start - i < 4:
        i -= 1
    prev = _word_before(line, i).lower()
    if not prev or i == word_start:
        return False
    return f"{prev}{bare}" in lang.enders or f"{prev} {bare}" in lang.enders


def _initial_before(line: str, end: int) -> bool:
    """Is the word before the one at ``end`` a single letter with a period ("z. B.")?"""
    i = end
    while i > 0 and line[i - 1] == " " and end - i < 4:
        i -= 1
    return i >= 2 and i < end and line[i - 1] == "." and line[i - 2].isalpha() and (
        i == 2 or not line[i - 3].isalnum())


def _capitalised_before(line: str, end: int) -> bool:
    """Is the word before the one ending at ``end`` capitalised (a name: "Albert I.")?"""
    i = end
    while i > 0 and not line[i - 1].isspace() and end - i < _MAX_TOKEN:
        i -= 1
    stop = i - _MAX_TOKEN
    while i > max(0, stop) and line[i - 1].isspace():
        i -= 1
    word = _word_before(line, i).lstrip(_OPEN_CHARS)
    return bool(word) and word[0].isupper()


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


def _comma_before(line: str, word_start: int) -> bool:
    i = word_start
    while i > 0 and line[i - 1] == " ":
        i -= 1
    return i > 0 and line[i - 1] == ","


def _bare(token: str) -> str:
    return token.strip("\"'(\u201c\u2018\u201e[`,;:\u00ab\u00bf\u00a1").rstrip(".,;:!?)").lower()


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
    return unicodedata.category(ch)[0] != "P" or ch in "#@" or ch in _BULLETS
