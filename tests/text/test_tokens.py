"""Word tokens keep every script; word counts ignore punctuation tokens."""

from summarize import count_words, tokenize_words


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
