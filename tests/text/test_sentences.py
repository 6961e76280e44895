"""Sentence splitting on raw and PTB-tokenized news, with offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import split_sentences


def texts(s):
    return [x.text for x in split_sentences(s)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith went to Washington. He stayed.", ["Mr. Smith went to Washington.", "He stayed."]),
        ("The U.S. Senate voted on Monday. It passed.", ["The U.S. Senate voted on Monday.", "It passed."]),
        ("Troops left the U.S. The war ended.", ["Troops left the U.S.", "The war ended."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("Growth was 3.5 percent. Prices rose 2.1%.", ["Growth was 3.5 percent.", "Prices rose 2.1%."]),
        ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("\u201cWe won,\u201d she said. \u201cIt was hard.\u201d",
         ["\u201cWe won,\u201d she said.", "\u201cIt was hard.\u201d"]),
        ("Is it over? Nobody knows! Wait...", ["Is it over?", "Nobody knows!", "Wait..."]),
        ("WASHINGTON (CNN) -- The Senate voted. Gen. Smith said no.",
         ["WASHINGTON (CNN) -- The Senate voted.", "Gen. Smith said no."]),
        ("The meeting is on Jan. 5 at 3 p.m. in Room 4.", ["The meeting is on Jan. 5 at 3 p.m. in Room 4."]),
        ("Heading\nFirst line. Second line.", ["Heading", "First line.", "Second line."]),
    ],
)
def test_raw_news(text, expected):
    assert texts(text) == expected


def test_ptb_tokenized():
    text = ("( CNN ) The whale swam 14,000 miles . `` It was shocking , '' he said . "
            "Who is V. Stiviano ? The U.S. team won .")
    assert texts(text) == [
        "( CNN ) The whale swam 14,000 miles .",
        "`` It was shocking , '' he said .",
        "Who is V. Stiviano ?",
        "The U.S. team won .",
    ]


def test_ptb_quote_closing_after_period():
    text = "`` I did n't know what I was about to see . '' He stopped filming ."
    assert texts(text) == ["`` I did n't know what I was about to see . ''", "He stopped filming ."]


def test_cjk_arabic_cyrillic():
    assert texts("北京是首都。上海很大！你好吗？") == ["北京是首都。", "上海很大！", "你好吗？"]
    assert texts("Привет, мир. Как дела? Хорошо.") == ["Привет, мир.", "Как дела?", "Хорошо."]
    assert len(texts("هذا نص عربي. وهذه جملة ثانية.")) == 2


def test_no_punctuation_is_one_sentence():
    assert texts("no punctuation at all here") == ["no punctuation at all here"]


def test_offsets_point_into_text():
    text = "  First one.  Second one!\n\nThird (CNN) one?  "
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
    assert [s.index for s in split_sentences(text)] == [0, 1, 2]


def test_type_error():
    with pytest.raises(TypeError):
        split_sentences(b"bytes")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_offsets_property(text):
    sentences = split_sentences(text)
    prev_end = 0
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= prev_end
        prev_end = s.end
    # nothing but whitespace is lost
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())
