"""Word tokenization that keeps every script: Latin, Cyrillic, Arabic, CJK (one token per character).

Example:
    >>> tokenize_words("The U.S. economy grew 3.5% — 经济增长")
    ['the', 'u', 's', 'economy', 'grew', '3', '5', '经', '济', '增', '长']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from ._unicode_tables import MARK_CLASS

__all__ = ["tokenize_words", "tokenize_texts", "word_spans", "count_words", "count_words_texts",
           "light_stem", "inflection_stem", "STOPWORDS", "join_sentences", "cut_at_word",
           "length_unit", "is_cjk_char"]

# CJK ideographs, kana and Hangul syllables are one token per character (no spaces in Chinese
# and Japanese); any other run of letters/digits is one token, with its combining marks
# (Devanagari vowel signs, Thai tone marks: Python's \w leaves them out).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# (Marks are never ASCII: the look-ahead spares the engine the long mark class after most words.)
_TOKEN = re.compile(rf"[^\W_{_CJK}]+(?:(?=[^\x00-\x7f])[{MARK_CLASS}]+[^\W_{_CJK}]*)*|[{_CJK}]")
# Chinese and Japanese (Han, kana): their readers count characters
_CHAR_SCRIPT = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves also said says say told n't 's
    s t d ll m re ve one two new would could may might must shall
    """.split()
)


# ASCII text: the same tokens and word chunks as the regular expressions, from bytes.translate
# and split (C loops, several times faster than the regex engine on news sentences).
_ALNUM = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# every ASCII byte that is not a letter or digit becomes a space (in the second table NUL, the
# separator of ``tokenize_texts``, is kept)
_TO_SPACE = bytes(c if c in _ALNUM else 32 for c in range(256))
_TO_SPACE_KEEP_SEP = bytes(c if c in _ALNUM or c == 0 else 32 for c in range(256))
# ... and lower-cased on the way (ASCII text: what str.lower does to it)
_LOWER_TO_SPACE_KEEP_SEP = _TO_SPACE_KEEP_SEP.translate(bytes.maketrans(
    bytes(range(65, 91)), bytes(range(97, 123))))
# word chunks: punctuation and symbols dropped, every whitespace byte (as str.isspace reads
# it) a space and every byte left an "a": a word chunk is then a space followed by an "a",
# counted without splitting
_CHUNK_TABLE = bytes(32 if c < 128 and chr(c).isspace() else 97 for c in range(256))
_CHUNK_TABLE_KEEP_SEP = b"\x00" + _CHUNK_TABLE[1:]
_NOT_WORD = bytes(c for c in range(128)
                  if c not in _ALNUM and not chr(c).isspace())
_NOT_WORD_KEEP_SEP = _NOT_WORD.replace(b"\x00", b"")
# ... and bytes of characters outside ASCII, in text where none of those is a letter, a digit,
# a mark or a space (typographic quotes, dashes, currency signs: see ``_inert_outside_ascii``)
_NOT_WORD_ALL = _NOT_WORD + bytes(range(128, 256))
_NOT_WORD_ALL_KEEP_SEP = _NOT_WORD_KEEP_SEP + bytes(range(128, 256))
_ASCII_BYTES = bytes(range(128))
_MARK_CHAR = re.compile(f"[{MARK_CLASS}]")
_SEP = "\x00"


def _inert_outside_ascii(text: str, spaces: bool) -> bool:
    """Whether no character of ``text`` outside ASCII is a letter, a digit or a mark (nor, with
    ``spaces=False``, whitespace): then the bytes paths give the regular expressions' result,
    reading each such character as a separator (tokens) or as a symbol inside a chunk (word
    counts)."""
    try:
        rest = text.encode().translate(None, _ASCII_BYTES).decode()
    except UnicodeError:  # lone surrogates
        return False
    for ch in set(rest):
        if ch.isalnum() or _MARK_CHAR.match(ch) or (not spaces and ch.isspace()):
            return False
    return True


def tokenize_words(text: str, lowercase: bool = True) -> list[str]:
    """Split ``text`` into word tokens (Unicode letters and digits; CJK per character)."""
    if lowercase:
        text = text.lower()
    if text.isascii() or _inert_outside_ascii(text, spaces=True):
        return text.encode().translate(_TO_SPACE).decode().split()
    return _TOKEN.findall(text)


def tokenize_texts(texts: Sequence[str], lowercase: bool = True) -> tuple[list[str], list[int]]:
    """``tokenize_words`` of every text in one pass: all tokens in order, and how many came
    from each text (a document's sentences tokenized at once, which is faster than one call
    per sentence).

    Example:
        >>> tokenize_texts(["The U.S. grew.", "", "经济 up 3%"])
        (['the', 'u', 's', 'grew', '经', '济', 'up', '3'], [4, 0, 4])
    """
    if not texts:
        return [], []
    joined = _SEP.join(texts)
    table = _TO_SPACE_KEEP_SEP
    if lowercase and joined.isascii():
        table = _LOWER_TO_SPACE_KEEP_SEP  # lower-cased by the table, not by str.lower
    elif lowercase:
        joined = joined.lower()
    if (not (joined.isascii() or _inert_outside_ascii(joined, spaces=True))
            or joined.count(_SEP) != len(texts) - 1):
        # one text at a time (ASCII ones still take the fast path); also when a text holds
        # the separator itself
        per_text = [tokenize_words(t, lowercase) for t in texts]
        return [w for words in per_text for w in words], [len(words) for words in per_text]
    flat = joined.encode().translate(table).replace(b"\x00", b" \x00 ").decode().split()
    counts = []
    seps = []
    start = 0
    for _ in range(len(texts) - 1):
        end = flat.index(_SEP, start)
        counts.append(end - start)
        seps.append(end)
        start = end + 1
    counts.append(len(flat) - start)
    for i in reversed(seps):
        del flat[i]
    return flat, counts


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets in ``text`` of the tokens ``tokenize_words`` finds, so
    views can mark words in place (``text[start:end].lower()`` is the token).

    Example:
        >>> [("Grew 3.5%"[a:b]) for a, b in word_spans("Grew 3.5%")]
        ['Grew', '3', '5']
    """
    return [m.span() for m in _TOKEN.finditer(text)]


_CJK_CHAR = re.compile(f"[{_CHAR_SCRIPT}]")
# a whitespace-delimited chunk holding at least one letter or digit. The look-behind pins every
# match to the start of a chunk, so a long run without letters (20k dashes, emoji, "。") is
# scanned once, not once per start position: linear time.
_WORD_CHUNK = re.compile(r"(?<!\S)\S*?[^\W_]\S*")


def count_words(text: str) -> int:
    """Length in the unit a reader of the script uses: words (whitespace-separated chunks
    holding a letter or digit, so PTB punctuation tokens such as ``.`` or ``''`` do not count),
    and for Chinese and Japanese characters (Han and kana, one each; punctuation is not counted).
    Korean is written with spaces and counts words. Every word budget (``words=``) is read in
    this unit (``length_unit`` names it).

    Example:
        >>> count_words("Hello there , world . 3.5 %"), count_words("税制改正の大綱を決めた。")
        (4, 11)
    """
    if text.isascii() or _inert_outside_ascii(text, spaces=False):
        return (b" " + text.encode().translate(_CHUNK_TABLE, _NOT_WORD_ALL)).count(b" a")
    cjk = _CJK_CHAR.findall(text)
    if cjk:
        text = _CJK_CHAR.sub(" ", text)
    return len(cjk) + len(_WORD_CHUNK.findall(text))


def count_words_texts(texts: Sequence[str]) -> list[int]:
    """``count_words`` of every text, in one pass over ASCII texts.

    Example:
        >>> count_words_texts(["Hello there , world .", "", "税制 ok"])
        [3, 0, 3]
    """
    joined = _SEP.join(texts)
    if (not (joined.isascii() or _inert_outside_ascii(joined, spaces=False))
            or joined.count(_SEP) != len(texts) - 1):
        return [count_words(t) for t in texts]
    kept = joined.encode().translate(_CHUNK_TABLE_KEEP_SEP, _NOT_WORD_ALL_KEEP_SEP)
    return [part.count(b" a") for part in (b" " + kept.replace(b"\x00", b"\x00 ")).split(b"\x00")]


def is_cjk_char(ch: str) -> bool:
    """Is ``ch`` a Chinese or Japanese character (Han, kana)?"""
    return bool(_CJK_CHAR.match(ch))


def length_unit(language: str | None) -> str:
    """``"characters"`` for Chinese and Japanese (``zh``, ``ja``), else ``"words"``: the unit of
    ``count_words`` and of word budgets for text in that language.

    Example:
        >>> length_unit("ja"), length_unit("en")
        ('characters', 'words')
    """
    return "characters" if (language or "").split("-")[0] in ("zh", "ja") else "words"


_CJK_END = re.compile(f"[{_CHAR_SCRIPT}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff5b-\uff65]$")
_CJK_START = re.compile(f"^[{_CHAR_SCRIPT}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff5b-\uff65]")


def join_sentences(sentences: list[str] | tuple[str, ...]) -> str:
    """Sentences joined into one text: with a space, except between two sentences of Chinese or
    Japanese (written without spaces).

    Example:
        >>> join_sentences(["雨が降った。", "道が閉じた。", "Roads shut."])
        '雨が降った。道が閉じた。 Roads shut.'
    """
    out: list[str] = []
    for i, s in enumerate(sentences):
        if i and not (_CJK_END.search(sentences[i - 1]) and _CJK_START.match(s)):
            out.append(" ")
        out.append(s)
    return "".join(out)


_HIRAGANA = re.compile("[\u3041-\u309f]")
# Japanese case and topic particles (and the te-form): a phrase ends after one
_PARTICLES = frozenset("はがをにへでとのもやて")
_CJK_BREAK = "\u3001\uff0c\u3002\uff01\uff1f\uff1b\uff1a\u300d\u300f\uff09\u3011\u300b"


def cut_at_word(text: str, max_words: int) -> int:
    """The longest prefix ``text[:i]`` holding at most ``max_words`` words (``count_words``) that
    ends at a word boundary: at a space; in Chinese or Japanese text after punctuation, else at
    the end of a phrase (a particle such as を or は before a kanji or katakana word), else at
    a character (Chinese has no marks between words: no cut is sure to fall between two).
    0 when not even one word fits.

    Example:
        >>> t = "政府は税制改正大綱を決めた"
        >>> t[:cut_at_word(t, 8)]
        '政府は'
        >>> "One two three."[:cut_at_word("One two three.", 2)]
        'One two'
    """
    end = 0
    units = 0
    best_cjk = 0  # a boundary inside a CJK run
    fallback = 0
    for m in re.finditer(r"\S+", text):
        chunk = m.group()
        n = count_words(chunk)
        if units + n <= max_words:
            units += n
            end = m.end()
            continue
        if _CJK_CHAR.search(chunk):
            budget = max_words - units
            count = 0
            in_word = False  # in a run of other characters that holds a letter or digit
            for j, ch in enumerate(chunk):
                if _CJK_CHAR.match(ch):
                    in_word = False
                    count += 1
                    if count > budget:
                        break
                    fallback = m.start() + j + 1
                    nxt = chunk[j + 1:j + 2]
                    if ch in _PARTICLES and nxt and not _HIRAGANA.match(nxt):
                        best_cjk = m.start() + j + 1
                    continue
                if ch.isalnum() and not in_word:  # such a run is one word ("0" in "0㐀")
                    in_word = True
                    count += 1
                    if count > budget:
                        break
                if in_word:
                    fallback = m.start() + j + 1
                if ch in _CJK_BREAK and count <= budget:
                    best_cjk = m.start() + j + 1
        break
    if best_cjk:
        return best_cjk
    return end or fallback


@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """A cheap suffix stripper so 'strikes'/'strike', 'talks'/'talked' meet (ASCII words only)."""
    if len(word) <= 4 or not word.isascii():
        return word
    for suffix in ("ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word


_VOWELS = frozenset("aeiou")
# the short table of exceptions NLTK's Porter stemmer keeps for step 1 (its "pool")
_INFLECTION_EXCEPTIONS = {"skies": "sky", "sky": "sky", "dying": "die", "lying": "lie",
                          "tying": "tie", "news": "news", "innings": "inning",
                          "inning": "inning", "outings": "outing", "outing": "outing",
                          "cannings": "canning", "canning": "canning", "howe": "howe",
                          "proceed": "proceed", "exceed": "exceed", "succeed": "succeed"}


def _consonants(word: str) -> list[bool]:
    """Porter's consonant test per letter: not a vowel, and y only after a vowel (or first)."""
    out: list[bool] = []
    for i, ch in enumerate(word):
        out.append(ch not in _VOWELS and not (ch == "y" and i > 0 and out[i - 1]))
    return out


def _measure(stem: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in ``stem``."""
    c = _consonants(stem)
    return sum(1 for i in range(1, len(c)) if c[i] and not c[i - 1])


def _ends_cvc(stem: str) -> bool:
    c = _consonants(stem)
    if len(stem) >= 3:
        return c[-3] and not c[-2] and c[-1] and stem[-1] not in "wxy"
    return len(stem) == 2 and not c[0] and c[1]


@lru_cache(maxsize=200_000)
def inflection_stem(word: str) -> str:
    """The inflectional part of the Porter stemmer (steps 1a-1c, with NLTK's extensions), so that
    plurals, past tenses and participles meet their base form: 'bombings'/'bombing'/'bomb',
    'cases'/'case', 'winning'/'win', 'studies'/'study', 'hoping'/'hope'. Derivational suffixes
    ('-ation', '-ness', '-al') are left alone: they can change what a word claims. Expects a
    lower-cased word; ASCII words longer than 3 characters only (rouge-score's rule), others are
    returned as given.

    Example:
        >>> [inflection_stem(w) for w in ("bombings", "olds", "cases", "winning", "hoping")]
        ['bomb', 'old', 'case', 'win', 'hope']
    """
    if len(word) <= 3 or not word.isascii():
        return word
    if word in _INFLECTION_EXCEPTIONS:
        return _INFLECTION_EXCEPTIONS[word]
    # step 1a: plurals
    if word.endswith("ies") and len(word) == 4:
        word = word[:-1]  # dies -> die
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    # step 1b: -eed, -ed, -ing
    if word.endswith("ied"):
        word = word[:-1] if len(word) == 4 else word[:-2]
    elif word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and not all(_consonants(stem)):
                if stem.endswith(("at", "bl", "iz")):
                    word = stem + "e"
                elif len(stem) >= 2 and stem[-1] == stem[-2] and _consonants(stem)[-1]:
                    word = stem if stem[-1] in "lsz" else stem[:-1]
                elif _measure(stem) == 1 and _ends_cvc(stem):
                    word = stem + "e"
                else:
                    word = stem
                break
    # step 1c: y -> i after a consonant (happy/happier meet as happi)
    if word.endswith("y") and len(word) > 2 and _consonants(word[:-1])[-1]:
        word = word[:-1] + "i"
    return word
