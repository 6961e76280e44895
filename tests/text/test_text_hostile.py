"""Bad input for the language-aware text layer: bounded time and memory (pytest-timeout guards
against a hang; nothing asserts a time), offsets kept, a summary or a clear error."""

from __future__ import annotations

import pytest

from summarize import summarize
from summarize.metrics.rouge import rouge_scores
from summarize.text.languages import detect_language
from summarize.text.sentences import split_sentences
from summarize.text.tokens import count_words, cut_at_word, tokenize_words

_HAN = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1000))
SHAPES = {
    # 2 MB (UTF-8) of Chinese without a space or a mark
    "cjk without spaces": (_HAN * 700)[:690_000],
    "cjk with marks, no spaces": ("\u4e0b\u96e8\u4e86\u3002" * 170_000),
    "bidi controls": "\u202eRain fell. \u2066Roads\u2069 shut. \u200f" * 40_000,
    "zero-width joiners": ("Rain\u200dfell\u200d. \u200d" + "\U0001F469\u200d\U0001F4BB " * 3) * 30_000,
    "50,000 list items, one line": " ".join(f"{i}. Item number {i}" for i in range(1, 50_001)),
    "50,000 list items, lines": "\n".join(f"\u2022 {i}) item {i}" for i in range(1, 50_001)),
    "50,000 lettered items": " ".join(f"{chr(97 + i % 26)}. Item" for i in range(50_000)),
    "hard-wrapped lines": "\n".join("the committee said it would meet again next week to" for _ in range(40_000)),
    "quotes never closed": '"' + "He said. " * 100_000,
    "brackets never closed": "(" * 100_000 + "Rain fell. Roads shut.",
    "spaced dots": ". " * 300_000,
    # the rules for Thai spaces, Tibetan shads and lists after colons
    "thai words and spaces": "ฝนตก ถนนปิด " * 60_000,
    "thai, one long run of spaces": "ฝนตก" + " " * 700_000 + "1 ถนนปิด",
    "tibetan shads": "ཆར་པ་བབས། །" * 60_000,
    "lists after colons": "Steps: 1. Boil 2. Add " * 60_000,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(SHAPES))
def test_text_layer_is_bounded(name):
    text = SHAPES[name]
    sentences = split_sentences(text)
    assert sentences and all(text[s.start:s.end] == s.text for s in sentences[:2000])
    assert sentences[-1].end <= len(text)
    detect_language(text)
    assert count_words(text) >= 0
    assert 0 <= cut_at_word(text, 75) <= len(text)
    tokenize_words(text[:200_000])


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", ["cjk without spaces", "bidi controls",
                                  "50,000 list items, one line", "50,000 list items, lines"])
def test_summarize_and_rouge_on_hostile_text(name):
    pytest.importorskip("nltk")  # ROUGE stemming (rouge-score brings nltk): metrics extra
    text = SHAPES[name]
    summary = summarize(text, method="lead")
    assert summary.sentences
    scores = rouge_scores(summary.text, text[:20_000], ("rouge1", "rougeL", "rougeLsum"))
    assert 0.0 <= scores["rougeL"].fmeasure <= 1.0
