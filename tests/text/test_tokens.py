"""Word tokens keep every script; word counts ignore punctuation tokens."""

import re

from summarize import count_words, tokenize_words
from summarize.text.tokens import inflection_stem


def test_unicode_scripts_survive():
    assert tokenize_words("Привет, мир") == ["привет", "мир"]
    assert tokenize_words("مرحبا بالعالم") == ["مرحبا", "بالعالم"]
    assert tokenize_words("经济增长") == ["经", "济", "增", "长"]
    assert tokenize_words("東京タワー") == ["東", "京", "タ", "ワ", "ー"]
    assert tokenize_words("Café naïve") == ["café", "naïve"]


def test_case_and_punctuation():
    assert tokenize_words("The U.S. grew 3.5%!", lowercase=False) == ["The", "U", "S", "grew", "3", "5"]


def test_count_words():
    assert count_words("said . `` Yes , '' she") == 3
    assert count_words("Hello there, world. 3.5 %") == 4
    assert count_words("经济 grew") == 3
    assert count_words("") == 0


def test_inflection_stem_follows_porter_step_one():
    # the examples of Porter (1980), steps 1a-1c, with NLTK's extensions (ties -> tie, y -> i
    # only after a consonant)
    cases = {"caresses": "caress", "ponies": "poni", "ties": "tie", "caress": "caress",
             "cats": "cat", "feed": "feed", "agreed": "agree", "plastered": "plaster",
             "bled": "bled", "motoring": "motor", "sing": "sing", "conflated": "conflate",
             "troubled": "trouble", "sized": "size", "hopping": "hop", "tanned": "tan",
             "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
             "filing": "file", "happy": "happi", "sky": "sky", "enjoy": "enjoy",
             "dying": "die", "news": "news", "spied": "spi", "died": "die"}
    assert {w: inflection_stem(w) for w in cases} == cases


def test_inflection_stem_meets_base_forms_and_leaves_derivation_alone():
    same = [("bombings", "bombing", "bomb"), ("cases", "case"), ("winning", "wins", "win"),
            ("olds", "old"), ("studies", "study", "studied"), ("hoping", "hoped", "hope")]
    for forms in same:
        assert len({inflection_stem(w) for w in forms}) == 1, forms
    assert inflection_stem("national") != inflection_stem("nation")
    assert inflection_stem("generation") == "generation"
    # short and non-ASCII words are left as they are
    assert [inflection_stem(w) for w in ("was", "has", "cafés", "états")] == [
        "was", "has", "cafés", "états"]


def _random_texts(seed: int, alphabet: str, n: int = 3000) -> list[str]:
    import random

    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(n)]


# ASCII (controls, punctuation, the separators str.split knows), typographic marks and symbols
# that are not words, and characters that are: accented letters, CJK, a combining mark, the
# Kelvin sign (lower-cases to ASCII), no-break and ideographic spaces
_ASCII = "".join(map(chr, range(128))) * 3
_SYMBOLS = "\u2019\u201c\u201d\u00a3\u2013\u2014\u2026\u20ac\u2022\u200f\u24b6"
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORDY = "\u00e9\u03a3\u03c2\u7ecf\u6d4e\u0301\u093f\u212a\u0130\u00a0\u3000\u2028"


def test_fast_paths_match_the_regular_expressions():
    # ASCII text and text whose only other characters are symbols take the bytes paths; their
    # result must be the regular expressions' (the definition the other scripts still use)
    from summarize.text.tokens import _TOKEN, _WORD_CHUNK

    for text in _random_texts(1, _ASCII + _SYMBOLS) + _random_texts(2, _ASCII + _SYMBOLS + _WORDY):
        for lowercase in (True, False):
            expected = _TOKEN.findall(text.lower() if lowercase else text)
            assert tokenize_words(text, lowercase) == expected, repr(text)
        if not _CJK.search(text):  # (Chinese and Japanese are counted in characters)
            assert count_words(text) == len(_WORD_CHUNK.findall(text)), repr(text)


def test_texts_at_once_match_one_at_a_time():
    from summarize.text.tokens import count_words_texts, tokenize_texts

    cases = _random_texts(3, _ASCII + _SYMBOLS, 900) + _random_texts(4, _ASCII + _WORDY, 900)
    for k in range(0, len(cases), 3):
        texts = cases[k:k + 3]
        flat, lengths = tokenize_texts(texts)
        per_text = [tokenize_words(t) for t in texts]
        assert flat == [w for words in per_text for w in words], texts
        assert lengths == [len(words) for words in per_text], texts
        assert count_words_texts(texts) == [count_words(t) for t in texts], texts
        flat, lengths = tokenize_texts(texts, lowercase=False)
        assert flat == [w for t in texts for w in tokenize_words(t, False)], texts
    assert tokenize_texts(["The U.S. GREW", "Ab\tCD"]) == (
        ["the", "u", "s", "grew", "ab", "cd"], [4, 2])
    assert tokenize_texts([]) == ([], []) and count_words_texts([]) == []
    # a text that holds the separator itself
    assert tokenize_texts(["a\x00b", "c"]) == (["a", "b", "c"], [2, 1])
    assert count_words_texts(["a\x00b c", "d"]) == [2, 1]


def test_cut_at_word_keeps_to_the_budget_in_mixed_chunks():
    # a run of letters or digits inside a Chinese or Japanese chunk is a word of its own
    # ("0" in "0㐀" is one word, "㐀" another): the cut counts it too
    import random

    from summarize.text.tokens import cut_at_word

    assert "0\u3400"[:cut_at_word("0\u3400", 1)] == "0"
    rnd = random.Random(7)
    alphabet = list("ab0 .\u3001\u3002\u300c\u300d") + list("\u6771\u4eac\u306f\u3092\u30bf\uff11")
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        budget = rnd.randint(1, 5)
        assert count_words(text[:cut_at_word(text, budget)]) <= budget, (text, budget)
