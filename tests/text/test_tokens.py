"""Word tokens keep every script; word counts ignore punctuation tokens."""

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
