"""Every case of the shared sentence-boundary file, with the pass count per language, and one
test in our own words for each failure group the splitter was fixed for (issue 21)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from summarize.text.sentences import split_sentences

_CJK = "\u3040-\u30ff\u3400-\u9fff"


def _same(got: str, expected: str) -> bool:
    """Boundaries are compared, not whitespace: our sentences are slices of the source (offsets
    kept), the file's expected sentences were whitespace-cleaned (line breaks joined)."""
    return re.sub(r"\s+", "", got) == re.sub(r"\s+", "", expected)


def test_every_shared_case_per_language(shared_dir, capsys):
    rows = [json.loads(line) for line in
            (shared_dir / "corpora" / "sentence_rules.jsonl").read_text("utf-8").splitlines()]
    passed, total, failed = Counter(), Counter(), []
    for row in rows:
        got = [s.text for s in split_sentences(row["text"])]
        total[row["lang"]] += 1
        if len(got) == len(row["sentences"]) and all(map(_same, got, row["sentences"])):
            passed[row["lang"]] += 1
        else:
            failed.append(row["id"])
    report = ", ".join(f"{lang} {passed[lang]}/{total[lang]}" for lang in sorted(total))
    with capsys.disabled():
        print(f"\nsentence_rules.jsonl: {sum(passed.values())}/{len(rows)} ({report}); "
              f"failed: {' '.join(failed)}")
    assert len(rows) == 256
    assert passed["en"] == total["en"], [f for f in failed if f.startswith("en")]
    assert sum(passed.values()) >= 250, failed


def texts(text: str, language: str | None = None) -> list[str]:
    return [s.text for s in split_sentences(text, language)]


@pytest.mark.parametrize("text, expected", [
    # numbered and lettered lists on one line: split before each item, never after its number
    ("Steps: 1. Boil the water 2. Add the rice 3. Wait", ["Steps: 1. Boil the water",
                                                        "2. Add the rice", "3. Wait"]),
    ("1) Rome won 2) Paris lost", ["1) Rome won", "2) Paris lost"]),
    ("a. Apples b. Pears", ["a. Apples", "b. Pears"]),
    ("\u2022 4. Ruud scored. \u2022 5. Koeman missed.", ["\u2022 4. Ruud scored.",
                                                         "\u2022 5. Koeman missed."]),
    # a PTB-tokenized table of results: the numbers stay with their rows
    ("1 . Hamilton 25 pts 2 . Verstappen 18 pts", ["1 . Hamilton 25 pts",
                                                   "2 . Verstappen 18 pts"]),
])
def test_lists(text, expected):
    assert texts(text) == expected


def test_a_number_that_is_no_list_item_still_ends_a_sentence():
    assert texts("Turnout rose in 2019. Results came on Monday.") == [
        "Turnout rose in 2019.", "Results came on Monday."]


def test_spaced_ellipses_are_one_mark():
    assert texts("She paused . . . then went on.") == ["She paused . . . then went on."]
    assert texts("It ended . . . . A new day came.") == ["It ended . . . .", "A new day came."]
    assert texts('The text [...] was cut. It goes on.') == ["The text [...] was cut.",
                                                          "It goes on."]


def test_urls_emails_and_single_capitals():
    assert texts("Read it at www.news.org/a.html. Then vote.") == [
        "Read it at www.news.org/a.html.", "Then vote."]
    assert texts("Write to press.office@city.gov.uk. We reply.") == [
        "Write to press.office@city.gov.uk.", "We reply."]
    assert texts("The winner was Plan B. The others lost.") == ["The winner was Plan B.",
                                                               "The others lost."]
    assert texts("Only you and I. Nobody else came.") == ["Only you and I.", "Nobody else came."]
    assert texts("Harry S. Truman signed it.") == ["Harry S. Truman signed it."]


@pytest.mark.parametrize("text", [
    "See p. 12 for the table.",
    "It is filed under N\u00b0. 4471.",
    "The law took effect on 1. Januar.",
])
def test_number_abbreviations_do_not_end_sentences(text):
    assert texts(text) == [text]


@pytest.mark.parametrize("text, n", [
    ("\u092f\u0939 \u0938\u091a \u0939\u0948\u0964 \u0935\u0939 \u0917\u092f\u093e\u0964", 2),  # Hindi danda
    ("\u0531\u0575\u0578 \u0576\u0561 \u0565\u056f\u0561\u0582\u0589 \u0540\u0565\u057f\u0578 \u0563\u0576\u0561\u0581\u0589", 2),  # Armenian full stop
    ("\u1230\u120b\u121d \u1290\u12cd\u1362 \u12a5\u123a \u1290\u12cd\u1362", 2),  # Amharic full stop
    ("\u1019\u102d\u102f\u1038\u101b\u103d\u102c\u1010\u101a\u103a\u104b \u101c\u1019\u103a\u1038\u1015\u102d\u1010\u103a\u1010\u101a\u103a\u104b", 2),  # Burmese
    ("\u0647\u0644 \u062d\u0636\u0631\u061f \u0646\u0639\u0645 \u062d\u0636\u0631.", 2),  # Arabic question mark
    ("\u06cc\u06c1 \u0679\u06be\u06cc\u06a9 \u06c1\u06d2\u06d4 \u0648\u06c1 \u06af\u06cc\u0627\u06d4", 2),  # Urdu full stop
    ("\u03a0\u03bf\u03cd \u03b5\u03af\u03bd\u03b1\u03b9; \u0395\u03b4\u03ce \u03b5\u03af\u03bd\u03b1\u03b9.", 2),  # Greek ";"
    # Thai has no marks: a space between Thai words ends a sentence (or clause); more cases in
    # test_sentences_languages.py
    ("\u0e1d\u0e19\u0e15\u0e01 \u0e16\u0e19\u0e19\u0e1b\u0e34\u0e14", 2),
])
def test_sentence_marks_of_other_scripts(text, n):
    assert len(texts(text)) == n


def test_brackets_and_quotes_hold_a_sentence():
    assert texts("\u6211\u770b\u4e86\u300a\u5feb\u8dd1\uff01\u5b69\u5b50\u300b\u5417\uff1f\u597d\uff01") == [
        "\u6211\u770b\u4e86\u300a\u5feb\u8dd1\uff01\u5b69\u5b50\u300b\u5417\uff1f", "\u597d\uff01"]
    assert texts("\u300c\u884c\u304f\u3088\u3002\u307e\u305f\u306d\u3002\u300d\u3068\u5f7c\u306f\u8a00\u3063\u305f\u3002") == [
        "\u300c\u884c\u304f\u3088\u3002\u307e\u305f\u306d\u3002\u300d\u3068\u5f7c\u306f\u8a00\u3063\u305f\u3002"]
    assert texts("\u00ab Tu viens? Non. \u00bb, dit-il. Il part.") == [
        "\u00ab Tu viens? Non. \u00bb, dit-il.", "Il part."]
    assert texts('"We won. It was hard," she said. Fans cheered.') == [
        '"We won. It was hard," she said.', "Fans cheered."]


def test_abbreviations_by_language():
    assert texts("Wir trafen Dr. med. Weber, z. B. am Bahnhof. Er kam.", "de") == [
        "Wir trafen Dr. med. Weber, z. B. am Bahnhof.", "Er kam."]
    assert texts("Saluti alla Sig.ra Bruni e al Dott. Neri. Grazie.", "it") == [
        "Saluti alla Sig.ra Bruni e al Dott. Neri.", "Grazie."]
    assert texts("\u0412 2019 \u0433. \u043e\u043d \u0436\u0438\u043b \u043d\u0430 \u0443\u043b. \u041b\u0435\u043d\u0438\u043d\u0430. \u0422\u0435\u043f\u0435\u0440\u044c \u043d\u0435\u0442.", "ru") == [
        "\u0412 2019 \u0433. \u043e\u043d \u0436\u0438\u043b \u043d\u0430 \u0443\u043b. \u041b\u0435\u043d\u0438\u043d\u0430.", "\u0422\u0435\u043f\u0435\u0440\u044c \u043d\u0435\u0442."]
    assert texts("Saludos a la Srta. Vega. Hasta luego.", "es") == [
        "Saludos a la Srta. Vega.", "Hasta luego."]


def test_line_breaks_inside_a_sentence():
    # a line cut mid-sentence goes on in lower case, or inside Japanese text
    assert texts("The mayor said the bridge\nwould open in May.") == [
        "The mayor said the bridge\nwould open in May."]
    assert texts("\u653f\u5e9c\u306f\u4e88\u7b97\u3092\n\u6c7a\u3081\u305f\u3002\u91ce\u515a\u306f\u53cd\u5bfe\u3057\u305f\u3002") == [
        "\u653f\u5e9c\u306f\u4e88\u7b97\u3092\n\u6c7a\u3081\u305f\u3002", "\u91ce\u515a\u306f\u53cd\u5bfe\u3057\u305f\u3002"]
    # a headline stays a sentence of its own
    assert texts("Storm hits the coast\nThe storm reached land.") == [
        "Storm hits the coast", "The storm reached land."]


def test_offsets_hold_across_joined_lines():
    text = "Die Regierung hat den\nPlan heute beschlossen. Er gilt ab Mai."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
