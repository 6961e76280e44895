"""The checked-in Unicode tables match the Unicode database as the ``regex`` package reads it
(``tools/gen_unicode_tables.py`` regenerates them)."""

from __future__ import annotations

import re

import regex  # a dependency of transformers and nltk, installed with the dev extra

from summarize.text._unicode_tables import MARK_CLASS, STERM_CLASS


def test_sentence_terminal_table_matches_unicode():
    ours = re.compile(f"[{STERM_CLASS}]")
    theirs = regex.compile(r"\p{Sentence_Terminal}")
    # every code point regex knows as Sentence_Terminal is in the table; a newer Unicode in
    # regex may add marks, never remove them
    missing = [hex(cp) for cp in range(0x110000)
               if theirs.match(chr(cp)) and not ours.match(chr(cp))]
    assert len(missing) <= 20, missing
    for ch in ".!?\u0589\u061f\u06d4\u0964\u1362\u104b\u3002\uff01\uff1f":
        assert ours.match(ch), hex(ord(ch))
    assert not ours.match(",") and not ours.match(";")


def test_mark_table_matches_unicode():
    ours = re.compile(f"[{MARK_CLASS}]")
    for ch in "\u093f\u0947\u0e31\u0301\u05b7":
        assert ours.match(ch) and regex.match(r"\p{M}", ch)
    assert not ours.match("a")
