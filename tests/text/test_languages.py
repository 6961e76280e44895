"""Language awareness: detection and language=, params, CJK lengths in characters (never a cut
inside a word, no inserted spaces, no dropped fragments), stop words and coherence cues."""

from __future__ import annotations

import pytest

from summarize import summarize
from summarize.text.discourse import sentence_links
from summarize.text.languages import detect_language, stopwords
from summarize.text.length import DEFAULT_CHARACTERS
from summarize.text.tokens import count_words, cut_at_word, join_sentences, length_unit

# our own Japanese news text: two sentences of 60+ characters each, a line break inside one
JA = ("\u653f\u5e9c\u306f\u6765\u5e74\u5ea6\u306e\u7a0e\u5236\u6539\u6b63\u5927\u7db1\u3092"
      "\u6c7a\u5b9a\u3057\u3001\u4f4f\u5b85\u30ed\u30fc\u30f3\u6e1b\u7a0e\u306e\u5ef6\u9577"
      "\u3084\u5b50\u80b2\u3066\u4e16\u5e2f\u3078\u306e\u652f\u63f4\u3092\u76db\u308a\u8fbc"
      "\u3093\u3060\u3002\u4e0e\u515a\u306f\n\u6708\u5185\u306b\u6cd5\u6848\u3092\u56fd\u4f1a"
      "\u3078\u63d0\u51fa\u3059\u308b\u65b9\u91dd\u3060\u3002\u91ce\u515a\u306f\u8ca1\u6e90"
      "\u306e\u8aac\u660e\u304c\u4e0d\u5341\u5206\u3060\u3068\u6279\u5224\u3057\u3066\u3044"
      "\u308b\u3002")
ZH = ("\u5e02\u653f\u5e9c\u5468\u4e00\u5ba3\u5e03\uff0c\u5c06\u5728\u4eca\u5e74\u5185\u65b0"
      "\u5efa\u4e09\u5ea7\u6865\u6881\u3002\u5de5\u7a0b\u9884\u8ba1\u660e\u5e74\u5b8c\u5de5"
      "\u3002\u5e02\u6c11\u8868\u793a\u6b22\u8fce\u3002")


@pytest.mark.parametrize("text, code", [
    ("The council said it would vote on the plan next week.", "en"),
    ("Der Rat hat am Montag \u00fcber den Plan abgestimmt und ihn angenommen.", "de"),
    ("Le conseil municipal a vot\u00e9 le budget de la ville pour les \u00e9coles.", "fr"),
    ("El consejo aprob\u00f3 el presupuesto de la ciudad para las escuelas.", "es"),
    ("Il consiglio ha approvato il bilancio della citt\u00e0 per le scuole.", "it"),
    ("\u0421\u043e\u0432\u0435\u0442 \u0443\u0442\u0432\u0435\u0440\u0434\u0438\u043b \u0431\u044e\u0434\u0436\u0435\u0442 \u0438 \u044d\u0442\u043e \u0432\u0430\u0436\u043d\u043e \u0434\u043b\u044f \u0448\u043a\u043e\u043b.", "ru"),
    (JA, "ja"), (ZH, "zh"), ("\u0938\u0930\u0915\u093e\u0930 \u0928\u0947 \u092c\u091c\u091f \u092a\u093e\u0938 \u0915\u093f\u092f\u093e\u0964", "hi"),
    ("Meclis pazartesi toplan\u0131p b\u00fct\u00e7eyi onaylad\u0131.", "und"),
])
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_language_is_recorded_and_can_be_given():
    s = summarize("Der Rat tagte am Montag. Er stimmte dem Plan zu. Die Br\u00fccke kommt.",
                  method="lead", sentences=1)
    assert s.params["language"] == "de"
    forced = summarize("Rain fell. Roads shut.", method="lead", language="fr")
    assert forced.params["language"] == "fr"
    with pytest.raises(TypeError, match="language"):
        summarize("Rain fell.", language=3)


def test_cjk_lengths_are_characters():
    assert length_unit("ja") == length_unit("zh") == "characters"
    assert length_unit("ko") == "words"
    assert count_words(JA) == sum(1 for ch in JA if ch.isalpha())  # punctuation not counted
    assert count_words("\uc11c\uc6b8\uc740 \ud06c\ub2e4") == 2  # Korean: words
    s = summarize(JA, method="lead")
    assert s.params["length_unit"] == "characters"
    assert s.params["words"] == DEFAULT_CHARACTERS
    assert count_words(s.text) <= DEFAULT_CHARACTERS


def test_no_space_between_cjk_sentences_and_no_dropped_fragment():
    s = summarize(JA, method="lead", sentences=2)
    assert " " not in s.text
    assert s.text.startswith(JA[:10])
    # the line break inside the second sentence does not cut off its first part
    assert "\u4e0e\u515a\u306f" in s.sentences[1]
    assert join_sentences(["\u4e0b\u96e8\u4e86\u3002", "Rain fell."]) == "\u4e0b\u96e8\u4e86\u3002 Rain fell."


def test_a_cut_never_falls_inside_a_japanese_word():
    s = summarize(JA, method="lead", words=30)
    assert s.params["length_fit"] in ("truncated", "compressed")
    body = s.text.rstrip("\u2026")
    assert count_words(body) <= 30
    # the cut falls after punctuation or a particle, not inside the compound verb
    assert body.endswith(("\u3001", "\u3092", "\u306f", "\u306e", "\u3078", "\u3084")), body
    assert not s.text.endswith(" \u2026")  # no space added before the mark
    t = "\u7a0e\u5236\u6539\u6b63\u5927\u7db1\u3092\u6c7a\u5b9a\u3057\u305f"
    assert t[:cut_at_word(t, 8)] == "\u7a0e\u5236\u6539\u6b63\u5927\u7db1\u3092"


def test_stop_words_for_european_languages():
    for code, word in [("de", "und"), ("fr", "les"), ("es", "los"), ("it", "della"),
                       ("pt", "n\u00e3o"), ("nl", "het"), ("ru", "\u044d\u0442\u043e")]:
        assert word in stopwords(code)
    assert stopwords("xx") == frozenset()


@pytest.mark.parametrize("sentences, expected", [
    (["Der Rat tagte.", "Er stimmte zu.", "Au\u00dferdem kommt die Br\u00fccke.", "Es gibt keinen Zweifel."],
     [None, "pronoun", "connective", None]),
    (["Le conseil a vot\u00e9.", "Il a approuv\u00e9 le plan.", "Cependant, le pont attendra."],
     [None, "pronoun", "connective"]),
    (["El consejo vot\u00f3.", "Sin embargo, el puente esperar\u00e1.", "Ella dijo que no."],
     [None, "connective", "pronoun"]),
    (["Il consiglio ha votato.", "Tuttavia il ponte aspetter\u00e0.", "Questo piano costa."],
     [None, "connective", "demonstrative"]),
])
def test_coherence_cues_for_european_languages(sentences, expected):
    assert [lk.previous for lk in sentence_links(sentences)] == expected


def test_punctuation_cues_in_any_script():
    links = sentence_links(["\u5e02\u957f\u8bf4\uff1a", "\u300c\u6211\u4eec\u4f1a\u5efa\u6865\u3002\u300d"])
    assert links[0].next == "colon"
    links = sentence_links(["\u00ab Nous allons construire.", "Le pont sera pr\u00eat. \u00bb"],
                           language="und")
    assert links[1].previous == "quote"
