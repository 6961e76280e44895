"""Sentence compression at clause boundaries, for when a word budget cannot hold a whole sentence.

Only material that a sentence stays grammatical without is dropped, found from punctuation and
closed-class words (so it works on raw, lower-cased and PTB-tokenized text):

- parentheticals: ``(...)``, ``-LRB- ... -RRB-``, and dash pairs (``-- ... --``, ``— ... —``);
- appositives and non-restrictive relative clauses between two commas, when the segment opens
  with a determiner, a relative pronoun or is a number (``, a sweeping account of life in
  Calcutta,`` / ``, who won in 2010,`` / ``, 45,``) and the next word does not continue a list;
- a trailing clause after a comma, semicolon or dash (`` - ``, ``--``, ``—``) that opens with a subordinator, a
  coordinator, a preposition of concession/time, ``according to`` or an ``-ing`` participle
  (``, despite doubts among officials.``), or that is a reporting clause (``, he told
  reporters.``) when the sentence quotes nobody; without a comma, only a trailing adverbial
  clause or a second conjunct (``because``, ``after``, ``when``, ``but``...), after the sixth
  word.

Among the combinations that fit the budget the longest is kept (fewest drops on a tie), and its
quotes and brackets must still balance. The result keeps the sentence's start and its final
punctuation and records the exact ``[start, end)`` ranges of the source that it is made of.

Example:
    >>> from summarize.text.sentences import split_sentences
    >>> s = split_sentences("Kerry flew to Moscow on Thursday, despite doubts among officials.")[0]
    >>> c = compress_sentence(s, max_words=6)
    >>> c.text, c.ranges
    ('Kerry flew to Moscow on Thursday.', ((0, 32), (64, 65)))
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Callable

from ...text.discourse import WORD_CUES
from ...text.sentences import Sentence
from ...text.tokens import STOPWORDS, count_words, cut_at_word, is_cjk_char

__all__ = ["Compressed", "compress_sentence", "truncate_sentence"]


@dataclass(frozen=True)
class Compressed:
    """A shortened sentence: its text, the source ranges it is made of, and what was dropped.

    ``ranges`` are ``[start, end)`` offsets into the text the ``Sentence`` came from.
    ``truncated``: cut at a word boundary, with ``" …"`` appended (the one added character).
    """

    text: str
    ranges: tuple[tuple[int, int], ...]
    dropped: tuple[str, ...] = ()
    truncated: bool = False


_TRAILING_OPENERS = frozenset(
    """
    despite while whereas although though as after before since because when where which who
    whom whose including amid amidst according with without but and or so even until unless if
    following not nor yet than
    """.split()
)
_APPOSITIVE_OPENERS = frozenset(
    """
    a an the his her its their our who whom whose which where one another some both
    """.split()
)
# Without a comma, only conjunctions that open an adverbial clause or a second conjunct (not
# prepositions such as "amid", which may be a verb's complement: "comes amid ...").
_BARE_TRAILING_OPENERS = frozenset(
    "because although though whereas while unless after before when but".split()
)
_LIST_CONTINUERS = frozenset("and or nor but".split())
_WORD = re.compile(r"[^\W_]+")
_MAX_MIDDLE = 6  # parentheticals/appositives considered (2**6 combinations at most)
_MIN_WORDS = 3
_SUBJECT_WORDS = 6  # a comma this early follows the subject


def compress_sentence(sentence: Sentence, max_words: int,
                      accept: Callable[[str], bool] | None = None) -> Compressed | None:
    """The longest grammatical compression of ``sentence`` within ``max_words`` words, or
    ``None`` when no clause-boundary drop fits (see the module doc for what may be dropped).
    ``accept``: an extra condition on the result (e.g. it must not end in a colon)."""
    text = sentence.text
    if count_words(text) <= max_words and (accept is None or accept(text)):
        return Compressed(text, ((sentence.start, sentence.end),))
    depth = _depths(text)
    has_quote = any(q in text for q in ('"', "\u201c", "\u201d", "``", "''"))
    middles = _parentheticals(text, depth) + _appositives(text, depth)
    middles = sorted(middles)[:_MAX_MIDDLE]
    tails = _trailing_cuts(text, depth, has_quote)
    final = _final_punct_start(text)
    best: tuple[int, int, list[tuple[int, int]], tuple[str, ...]] | None = None
    for r in range(len(middles) + 1):
        for combo in itertools.combinations(middles, r):
            if _overlap(combo):
                continue
            for tail in [None] + tails:
                removed = [(a, b) for a, b, _ in combo]
                kinds = tuple(k for _, _, k in combo)
                if tail is not None:
                    if any(b > tail[0] for a, b in removed):
                        continue
                    removed.append((tail[0], final))
                    kinds += (tail[1],)
                if not removed:
                    continue
                kept = _complement(removed, len(text))
                out = "".join(text[a:b] for a, b in kept)
                n = count_words(out)
                if n > max_words or n < _MIN_WORDS or not _balanced(out):
                    continue
                if accept is not None and not accept(out):
                    continue
                key = (n, -len(removed))
                if best is None or key > (best[0], best[1]):
                    best = (n, -len(removed), kept, kinds)
    if best is None:
        return None
    kept = best[2]
    return Compressed(
        "".join(text[a:b] for a, b in kept),
        tuple((sentence.start + a, sentence.start + b) for a, b in kept),
        best[3],
    )


def truncate_sentence(sentence: Sentence, max_words: int) -> Compressed:
    """``sentence`` cut after its first ``max_words`` words, marked with ``" …"``.

    Example:
        >>> truncate_sentence(Sentence("One two three four.", 0, 19, 0), 2).text
        'One two …'
    """
    text = sentence.text
    end = balanced_end = 0
    for m in re.finditer(r"\S+", text):
        if count_words(text[:m.end()]) > max_words:
            break
        end = m.end()
        if _balanced(text[:end]):
            balanced_end = end
    end = balanced_end or end  # rather not cut inside a quotation or brackets
    while end > 1 and text[end - 1] in ",;:\u3001\uff0c":
        end -= 1  # "on Monday, …" reads better as "on Monday …"
    if end == 0:  # a CJK run longer than the budget: cut at a phrase end inside it
        end = cut_at_word(text, max_words) or max(1, max_words)
    mark = "\u2026" if is_cjk_char(text[end - 1]) else " \u2026"  # no space inserted in CJK
    return Compressed(text[:end] + mark, ((sentence.start, sentence.start + end),),
                      ("truncated",), truncated=True)


def _depths(text: str) -> list[int]:
    """Nesting depth (brackets and double quotes) before each character."""
    out = []
    depth = 0
    in_quote = False
    i = 0
    n = len(text)
    while i < n:
        out.append(depth + in_quote)
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in "\u201c":
            in_quote = True
        elif ch in "\u201d":
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif text.startswith("``", i):
            in_quote = True
        elif text.startswith("''", i):
            in_quote = False
        i += 1
    return out


def _extend_left(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _parentheticals(text: str, depth: list[int]) -> list[tuple[int, int, str]]:
    out = []
    for open_tok, close_tok in (("(", ")"), ("-LRB-", "-RRB-")):
        start = 0
        while True:
            a = text.find(open_tok, start)
            if a < 0:
                break
            b = text.find(close_tok, a + len(open_tok))
            if b < 0:
                break
            b += len(close_tok)
            if text.find(open_tok, a + len(open_tok), b) < 0:
                if a == 0:
                    end = b
                    while end < len(text) and text[end].isspace():
                        end += 1
                    out.append((0, end, "parenthetical"))
                else:
                    out.append((_extend_left(text, a), b, "parenthetical"))
            start = b
    for dash in (" -- ", " \u2014 ", "\u2014", " \u2013 "):
        positions = [m.start() for m in re.finditer(re.escape(dash), text)]
        for a, b in zip(positions[::2], positions[1::2]):
            if depth[a] == 0 and a > 0:
                out.append((a, b + len(dash.rstrip()), "parenthetical"))
    return out


def _words_after(text: str, pos: int, k: int = 1) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[pos:pos + 80])[:k]]


def _appositives(text: str, depth: list[int]) -> list[tuple[int, int, str]]:
    commas = [i for i, ch in enumerate(text) if ch == "," and depth[i] == 0]
    out = []
    for a, b in zip(commas, commas[1:]):
        segment = text[a + 1:b].strip()
        words = _WORD.findall(segment)
        if not words or len(words) > 20:
            continue
        first = words[0].lower()
        before = _WORD.findall(text[:a])
        if not before or before[-1].lower() in STOPWORDS:
            continue  # "... on, for example, ..." is not a noun with an appositive
        after = _words_after(text, b + 1)
        if after and after[0] in _LIST_CONTINUERS:
            continue
        if first in _APPOSITIVE_OPENERS or (len(words) == 1 and segment.isdigit()):
            out.append((_extend_left(text, a), b + 1, "appositive"))
    return out


def _trailing_cuts(text: str, depth: list[int], has_quote: bool) -> list[tuple[int, str]]:
    speech = WORD_CUES["en"].speech_verbs
    out = []
    prev_comma = -1
    for i, ch in enumerate(text):
        if depth[i] != 0:
            continue
        if ch == ",":
            p, prev_comma = prev_comma, i
            if p >= 0 and _subject_insert(text, p):
                continue  # "X, who did Y, [cut]" would leave the subject without its verb
        if ch == ";":
            out.append((_extend_left(text, i), "clause"))
        elif ch == "," or (ch in "-\u2014\u2013" and text[i - 1:i + 2] in (
                " - ", "-- ", " --", " \u2014 ", " \u2013 ")):
            words = _words_after(text, i + 1, 8)
            if not words:
                continue
            rest_words = len(_WORD.findall(text[i + 1:]))
            if words[0] in _TRAILING_OPENERS or (words[0].endswith("ing") and len(words[0]) > 4):
                out.append((_extend_left(text, i), "clause"))
            elif (not has_quote and rest_words <= 8
                  and any(w in speech for w in words[:4])):
                out.append((_extend_left(text, i), "attribution"))
        elif ch.isspace() and i > 0 and not text[i - 1].isspace():
            words = _words_after(text, i + 1, 1)
            if (words and words[0] in _BARE_TRAILING_OPENERS
                    and len(_WORD.findall(text[:i])) >= 6):
                out.append((i, "clause"))
    return out


def _subject_insert(text: str, comma: int) -> bool:
    """Does the comma at ``comma`` open a relative clause or appositive right after the
    sentence's subject (within its first words), so the main verb comes after the next comma?"""
    following = _words_after(text, comma + 1, 1)
    return (bool(following) and following[0] in _APPOSITIVE_OPENERS
            and len(_WORD.findall(text[:comma])) <= _SUBJECT_WORDS)


def _final_punct_start(text: str) -> int:
    """Where the sentence's final punctuation starts (with closers, and a PTB space before it);
    a trailing cut keeps it, and the balance check rejects a cut that orphans a closer."""
    i = len(text)
    while i > 0 and text[i - 1] in ".!?\u2026\u3002\"'\u201d\u2019)":
        i -= 1
    if 0 < i < len(text) and text[i - 1] == " ":
        i -= 1  # PTB: "officials ." keeps " ."
    return i


def _overlap(combo: tuple[tuple[int, int, str], ...]) -> bool:
    spans = sorted((a, b) for a, b, _ in combo)
    return any(b1 > a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


def _complement(removed: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    kept = []
    pos = 0
    for a, b in sorted(removed):
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        kept.append((pos, n))
    return kept


def _balanced(text: str) -> bool:
    if text.count("(") != text.count(")") or text.count("``") != text.count("''"):
        return False
    if text.count("\u201c") != text.count("\u201d"):
        return False
    return text.count('"') % 2 == 0
