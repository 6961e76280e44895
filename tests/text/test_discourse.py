"""The coherence links selection reads lazily are the ones ``sentence_links`` gives."""

import re

from summarize.text import discourse
from summarize.text.discourse import WORD_CUES, dependency_flags, opener_dependency, sentence_links
from summarize.text.sentences import split_sentences
from summarize.text.tokens import tokenize_words

ARTICLE = """The council approved the bridge on Monday. It will cost $40 million.
"We are delighted," the mayor said. "The work starts in May.
It ends in 2027," he added. However, residents were not consulted. Critics said:
"This is a waste." At 28, she is the youngest member. Such plans rarely pass.
The official told reporters the vote was close. Funding comes from the state."""


def test_lazy_flags_equal_sentence_links():
    sentences = split_sentences(ARTICLE)
    for language in ("en", "de", "und", None):
        links = sentence_links(sentences, ARTICLE, language)
        prev, nxt = dependency_flags(sentences, ARTICLE, language)
        assert list(prev) == [lk.previous is not None for lk in links]
        assert nxt == [lk.next is not None for lk in links]
        assert prev[1:3] == [lk.previous is not None for lk in links[1:3]]
    assert any(prev) and any(nxt)


def test_wording_is_read_only_for_the_sentences_asked(monkeypatch):
    sentences = split_sentences(ARTICLE)
    read: list[str] = []
    original = discourse.opener_dependency

    def spy(text, language="en", *, tokens=None):
        read.append(text)
        return original(text, language, tokens=tokens)

    monkeypatch.setattr(discourse, "opener_dependency", spy)
    prev, _ = dependency_flags(sentences, ARTICLE, "en")
    assert read == []
    assert prev[1] is True and read == [sentences[1].text]  # "It will cost..."
    assert prev[1] is True and len(read) == 1  # analysed once
    assert prev[0] is False and len(read) == 1  # the first sentence has no predecessor


def test_tokens_only_spare_the_search():
    # the speech-verb search is skipped when the tokens hold no speech verb: the result must
    # not change, whatever the tokens' edges (underscores, digits, case, combining marks)
    cases = ["he said", "He SAID so.", "x_said, he", "3said , she", "said3 he",
             "the official said.", "Critics, the official told reporters.", "e\u0301said he",
             "'It was', said he.", "The aide asked", "Rain fell, he\u0301said.", "no verb here",
             "zei hij", "dijo \u00e9l", "He told\u2019s",
             # with a verb among the tokens, ASCII text skips the search unless it holds "_"
             "He said_ no.", "_said he", "the official_said.", "Rain fell, he said _.",
             "Rain fell, said_he.", "Rain fell, said he_", "It rained, the aide said."]
    for text in cases:
        for language in WORD_CUES:
            assert (opener_dependency(text, language, tokens=tokenize_words(text))
                    == opener_dependency(text, language)), (text, language)


def test_speech_verbs_are_runs_of_letters():
    # the token shortcut relies on it: a verb the pattern finds in ASCII text is a whole token
    for cues in WORD_CUES.values():
        assert all(re.fullmatch(r"[^\W\d_]+", verb) for verb in cues.speech_verbs)
