"""Which sentences cannot be read without their neighbour: the coherence model shared by the
extractive selection step and the coherence metric.

A sentence *needs its predecessor* when its wording points back to it:

- its subject or first word (also after a short fronted phrase: "At 28, she...") is an
  anaphor: a third-person pronoun (``He``, ``It``, ``Their``), a
  demonstrative (``This``, ``Those``, ``Such``) or a comparative anaphor (``Another``, ``Both``,
  ``The latter``) -- ``It`` in an extraposed clause (``It is likely that...``) excepted;
- it opens with a discourse connective whose first argument is the previous sentence
  (``But``, ``However``, ``Meanwhile``, ``As a result``, ``For example``...; the explicit
  inter-sentential connectives of the Penn Discourse Treebank);
- its speaker is not named: a reporting clause whose subject is a pronoun or a common-noun
  definite description (``..., he said.``, ``..., the official added.``);
- it continues a quotation opened in an earlier sentence (quote marks still open).

A sentence *needs its successor* when it ends with a colon (``...but added:``) or inside an open
quotation that the next sentence closes.

The word cues are closed-class function words of one language (``WORD_CUES``: English,
German, French, Spanish, Italian, Portuguese and Dutch; another language is one entry), found
by looking at a sentence's first words only, so the rule is the same for any corpus and costs
O(words). For a text in any other language (``detect_language``) only the punctuation cues
(colon, quote marks, in every script) are used: no dependency is claimed from words we cannot
read.

Example:
    >>> [l.previous for l in sentence_links(["Rain fell.", "It flooded the road.", "Crews came."])]
    [None, 'pronoun', None]
    >>> sentence_links(["A third official said:", '"We will see."'])[0].next
    'colon'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from .languages import detect_language as _detect
from .sentences import Sentence

__all__ = ["Link", "WordCues", "WORD_CUES", "sentence_links", "dependency_flags",
           "NeedsPrevious", "opener_dependency", "detect_language", "quote_balance"]


@dataclass(frozen=True)
class WordCues:
    """Closed-class words of one language that make a sentence point back to its predecessor."""

    #: third-person personal and possessive pronouns (as the first word)
    pronouns: frozenset[str]
    #: demonstratives and comparative anaphors (as the first word)
    demonstratives: frozenset[str]
    #: sentence-initial discourse connectives; multi-word ones as space-joined lower-case words
    connectives: frozenset[str]
    #: reporting verbs (past and present) for the "unnamed speaker" rule; forms that are also
    #: common nouns ("states", "notes") are left out
    speech_verbs: frozenset[str]
    #: definite determiners that open a common-noun subject ("the official said")
    definite: frozenset[str]
    #: regular expression (lower-case text) for an expletive "it" (extraposition, clefts)
    expletive: re.Pattern[str] | None = None
    #: words of the language that are frequent in any text (for ``detect_language``)
    function_words: frozenset[str] = frozenset()
    #: first words of a fronted adverbial phrase (prepositions, time words): "At 28, she..."
    fronting: frozenset[str] = frozenset()
    #: subject pronouns for an inverted reporting clause ("..., said he.")
    subject_pronouns: frozenset[str] = frozenset()


_EN = WordCues(
    pronouns=frozenset("he she it they him her them his its their theirs hers".split()),
    demonstratives=frozenset(
        "this that these those such another both the_latter the_former the_same".split()
    ),
    connectives=frozenset(
        """
        but and or nor so yet however meanwhile still also instead then thus therefore hence
        moreover furthermore besides nevertheless nonetheless otherwise accordingly consequently
        likewise similarly indeed additionally afterwards afterward later earlier regardless
        """.split()
    ) | frozenset(
        {"in addition", "as a result", "for example", "for instance", "in contrast",
         "by contrast", "on the other hand", "even so", "after that", "in turn",
         "at the same time", "in response", "as well", "on top of that", "by then", "until then",
         "since then", "in that case", "to that end", "because of this", "despite this",
         "in fact", "not only that"}
    ),
    speech_verbs=frozenset(
        """
        said says say told tells added adds asked asks explained explains noted stated continued insisted argued claimed warned wrote writes replied recalled admitted
        acknowledged declared announced confirmed suggested concluded observed remarked
        """.split()
    ),
    definite=frozenset("the this that these those".split()),
    expletive=re.compile(
        r"^it(?:\s+|')(?:is|was|s|seems|seemed|appears|appeared|remains|remained|"
        r"(?:will|would|could|may|might|has|had)\s+(?:be|been|not\s+be)|has\s+been|had\s+been)"
        r"\s+(?:not\s+)?(?:\S+\s+){0,4}?(?:that|to|whether|if|how|why|when|what|who|for)\b"
    ),
    function_words=frozenset(
        "the and of to is was that for with he she it said are were by have has this they "
        "from which been would".split()
    ),
    fronting=frozenset(
        """
        at in on for by after before during since until with without from as like under over
        aged last earlier later yesterday today tonight now then once when while
        """.split()
    ),
    subject_pronouns=frozenset("he she they".split()),
)



def _cues(pronouns: str, demonstratives: str, connectives: str, multi: tuple[str, ...],
          speech: str, definite: str, fronting: str, subjects: str,
          expletive: str | None = None) -> WordCues:
    return WordCues(
        pronouns=frozenset(pronouns.split()), demonstratives=frozenset(demonstratives.split()),
        connectives=frozenset(connectives.split()) | frozenset(multi),
        speech_verbs=frozenset(speech.split()), definite=frozenset(definite.split()),
        expletive=re.compile(expletive) if expletive else None,
        fronting=frozenset(fronting.split()), subject_pronouns=frozenset(subjects.split()))


# The other major European languages: the same closed classes, written by hand.
_DE = _cues(
    "er sie es ihm ihn ihnen sein seine seiner seinen seinem seines ihre ihrer ihren ihrem",
    "dies diese dieser dieses diesem diesen jene jener solche solcher beide letzterer",
    """aber doch jedoch dennoch trotzdem außerdem zudem deshalb deswegen daher darum also
    folglich somit allerdings stattdessen ebenso ebenfalls danach später zuvor inzwischen
    unterdessen hingegen dagegen schließlich""",
    ("zum beispiel", "im gegensatz dazu", "auf der anderen seite", "darüber hinaus",
     "aus diesem grund", "trotz allem", "in der tat", "vor allem"),
    """sagte sagt sagten sagen erklärte erklärt erklärten betonte betont meinte meint ergänzte
    ergänzt fügte berichtete warnte warnt schrieb antwortete kündigte teilte""",
    "der die das diese dieser dieses",
    "am im in an auf nach vor seit während mit bei bis um gestern heute morgen damals",
    "er sie",
    r"^es\s+(?:gibt|gab|geht|ging|heißt|hieß|scheint|schien|ist|war|wird|wurde|bleibt)\b")
_FR = _cues(
    "il elle ils elles lui leur leurs son sa ses",
    "ce cet cette ces ceci cela celui celle ceux celles tel telle tels telles",
    """mais pourtant cependant toutefois néanmoins donc ainsi alors ensuite puis enfin aussi
    également or""",
    ("par ailleurs", "en outre", "de plus", "par exemple", "en revanche", "par conséquent",
     "en effet", "au contraire", "malgré cela", "c'est pourquoi", "de même", "pour autant"),
    """dit déclaré affirmé ajouté expliqué indiqué précisé souligné estimé assuré déclare
    affirme ajoute explique indique précise souligne estime assure""",
    "le la les ce cette ces",
    "à en dans pour après avant depuis pendant lors hier aujourd'hui demain",
    "il elle ils elles",
    r"^il\s+(?:y\s+a|y\s+avait|faut|fallait|est|était|semble|paraît|reste)\b")
_ES = _cues(
    "él ella ellos ellas su sus",
    "este esta estos estas esto ese esa esos esas eso aquel aquella aquellos aquellas tal ambos",
    "pero además también entonces luego después asimismo incluso tampoco",
    ("sin embargo", "no obstante", "por lo tanto", "por tanto", "por ejemplo", "en cambio",
     "por otra parte", "por otro lado", "a pesar de ello", "aun así", "de hecho", "por eso",
     "es decir", "en consecuencia", "sobre todo"),
    """dijo dice afirmó afirma explicó explica añadió añade señaló señala aseguró asegura
    declaró indicó agregó agrega""",
    "el la los las este esta estos estas",
    "en a con por para tras durante desde ayer hoy mañana",
    "él ella ellos ellas")
_IT = _cues(
    "lui lei loro egli ella esso essa essi esse suo sua suoi sue",
    "questo questa questi queste quello quella quelli quelle ciò tale tali entrambi",
    "ma però tuttavia comunque inoltre quindi dunque perciò infatti anche poi allora invece "
    "pertanto eppure",
    ("in realtà", "per esempio", "ad esempio", "d'altra parte", "di conseguenza", "in effetti",
     "nonostante ciò", "al contrario", "in seguito"),
    "disse dice afferma spiega aggiunge dichiara sottolinea ribadisce detto spiegato aggiunto",
    "il lo la i gli le questo questa",
    "a in con per dopo prima durante da ieri oggi domani",
    "lui lei loro")
_PT = _cues(
    "ele ela eles elas seu sua seus suas dele dela",
    "este esta estes estas isto esse essa esses essas isso aquele aquela aquilo tal ambos",
    "mas porém contudo todavia entretanto portanto assim então depois também logo",
    ("no entanto", "além disso", "por exemplo", "por isso", "de fato", "em vez disso",
     "por outro lado", "ainda assim", "mesmo assim"),
    "disse diz afirmou afirma explicou explica acrescentou acrescenta declarou destacou",
    "o a os as este esta",
    "em no na com para após antes durante desde ontem hoje amanhã",
    "ele ela eles elas")
_NL = _cues(
    "hij zij ze hem haar hun zijn",
    "dit deze die dat zulke beide",
    "maar echter toch bovendien daarom dus ook daarna vervolgens intussen ondertussen "
    "eveneens evenwel tevens daarnaast desondanks bijvoorbeeld",
    ("in plaats daarvan", "aan de andere kant", "als gevolg daarvan"),
    "zei zegt zeiden verklaarde vertelde benadrukte schreef",
    "de het deze die dit dat",
    "in op aan met na voor tijdens sinds gisteren vandaag morgen",
    "hij zij ze")

#: language code -> its word cues. Languages not listed get the punctuation cues only.
WORD_CUES: dict[str, WordCues] = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "it": _IT,
                                  "pt": _PT, "nl": _NL}

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|``|''|[\"\u201c\u201d]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_QUOTE_MARK = re.compile(r"``|''|[\"\u201c\u201d\u00ab\u00bb\u300c\u300d\u300e\u300f]")
_QUOTE_OPEN = frozenset("\u201c\u00ab\u300c\u300e")
_QUOTE_CLOSE = frozenset("\u201d\u00bb\u300d\u300f")
_QUOTE_LOOKAHEAD = 4  # a quote open at a paragraph end may close this many sentences later
_OPENERS = "\"'(\u201c\u2018[`\u00ab-\u2014 "


@dataclass(frozen=True)
class Link:
    """How one sentence depends on its neighbours: ``previous`` / ``next`` give the reason
    ("pronoun", "demonstrative", "connective", "speaker", "quote", "colon") or ``None``."""

    previous: str | None = None
    next: str | None = None


def detect_language(text: str) -> str:
    """The language of ``text`` (``summarize.text.languages.detect_language``): an ISO 639-1
    code, or ``"und"`` (undetermined). Only the languages in ``WORD_CUES`` get word cues; any
    other gets the punctuation cues.

    Example:
        >>> detect_language("The council said it would vote."), detect_language("Il a voté.")
        ('en', 'fr')
    """
    return _detect(text)


_QUOTE_TOKENS = frozenset(("``", "''", '"', "\u201c", "\u201d"))
_HEAD = 160  # the first words of a sentence lie within this many characters


def _first_words(text: str, n: int = 6) -> list[str]:
    """The first ``n`` words within the first ``_HEAD`` characters, lower-case (the scan stops
    at the ``n``-th)."""
    words: list[str] = []
    for m in _WORD.finditer(text, 0, _HEAD):
        w = m.group()
        if w not in _QUOTE_TOKENS:
            words.append(w.lower().replace("\u2019", "'"))
            if len(words) == n:
                break
    return words


def opener_dependency(text: str, language: str = "en", *,
                      tokens: Collection[str] | None = None) -> str | None:
    """Why the wording of ``text`` points back to the sentence before it, or ``None``.
    ``tokens``: its lower-case word tokens (``tokenize_words``) when the caller has them, which
    spares most sentences the search for a speech verb.

    Example:
        >>> opener_dependency("However, the vote failed."), opener_dependency("It is likely to rain.")
        ('connective', None)
    """
    cues = WORD_CUES.get(language)
    if cues is None:
        return None
    reason = None
    first = _FIRST_WORD.match(text.lstrip(_OPENERS))
    if first is not None and first.group().lower().replace("\u2019", "'").split("'")[0] \
            in _openers_of(cues):
        head = text.lstrip(_OPENERS)
        words = _first_words(head, 4)
        reason = _opening_anaphor(words, cues, head)
        if reason is None and words and words[0] in cues.fronting:
            # after a short fronted phrase ("At 28, she was..."), the subject opens the clause
            comma = _FRONTED.match(text)
            if comma is not None:
                clause = text[comma.end():].lstrip(_OPENERS)
                reason = _opening_anaphor(_first_words(clause, 4), cues, clause)
    if reason is None and _unnamed_speaker(text, cues, tokens):
        reason = "speaker"
    return reason


_FIRST_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_OPENER_SETS: dict[int, frozenset[str]] = {}


def _openers_of(cues: WordCues) -> frozenset[str]:
    """Every word that can open a sentence with a cue: most sentences start with none of them,
    and their first words are all that is read."""
    out = _OPENER_SETS.get(id(cues))
    if out is None:
        out = _OPENER_SETS[id(cues)] = (
            cues.pronouns | cues.fronting | {d.split("_")[0] for d in cues.demonstratives}
            | {c.split()[0].split("'")[0] for c in cues.connectives})
    return out


# up to four words and a comma at the start of a sentence: a fronted adverbial phrase
_FRONTED = re.compile(r"\s*(?:[^\s,]+\s+){0,3}[^\s,]+\s*,")


def _opening_anaphor(words: list[str], cues: WordCues, head: str) -> str | None:
    """Pronoun, demonstrative or connective among the first ``words`` of a sentence (at least
    four, lower-case; ``head``: the text they come from, for the up to 12 words the expletive
    test reads)."""
    if not words:
        return None
    first = words[0].split("'")[0]
    if first in cues.pronouns:
        if cues.expletive is not None and cues.expletive.match(
                " ".join(_first_words(head, 12))):
            return None
        return "pronoun"
    two = "_".join(words[:2])
    if first in cues.demonstratives or two in cues.demonstratives:
        return "demonstrative"
    for k in (4, 3, 2, 1):
        if " ".join(words[:k]) in cues.connectives:
            return "connective"
    return None


_ANCHOR = re.compile(r"[,\u201d\"]|''")
_CLAUSE_END = re.compile(r"[,.;:!?\"\u201c\u201d()]|``|''")
_LETTERS = re.compile(r"[^\W\d_]+")


_SPEECH: dict[int, re.Pattern[str]] = {}


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words``, as a prefix tree, so that the engine
    tries one branch per letter instead of every word at every position.

    Example:
        >>> _trie(["said", "says", "told"])
        '(?:sa(?:id|ys)|told)'
    """
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w[1:])
    parts = []
    for head, tails in sorted(groups.items()):
        if not head:
            continue
        rest = [t for t in tails if t]
        inner = _trie(rest) if len(rest) > 1 else (re.escape(rest[0]) if rest else "")
        if "" in tails and rest:
            inner = f"(?:{inner})?"
        parts.append(re.escape(head) + inner)
    if len(parts) == 1:
        return parts[0]
    return "(?:" + "|".join(parts) + ")"


def _speech_pattern(cues: WordCues) -> re.Pattern[str]:
    """One regular expression finding any speech verb of ``cues`` (a whole word, in
    lower-case text)."""
    pattern = _SPEECH.get(id(cues))
    if pattern is None:
        pattern = _SPEECH[id(cues)] = re.compile(rf"\b{_trie(sorted(cues.speech_verbs))}\b")
    return pattern


_HEADS: dict[int, frozenset[str]] = {}


def _clause_heads(cues: WordCues) -> frozenset[str]:
    """The words a reporting clause of ``_unnamed_speaker`` can start with."""
    out = _HEADS.get(id(cues))
    if out is None:
        out = _HEADS[id(cues)] = cues.pronouns | cues.definite | cues.speech_verbs
    return out


def _unnamed_speaker(text: str, cues: WordCues, tokens: Collection[str] | None = None) -> bool:
    """A reporting clause (at the start, or after a comma or a closing quote) whose subject is a
    pronoun or a definite common noun phrase: ``He told...``, ``..., the official said.``,
    ``..., said he.``. Names are capitalised in cased text, so a lower-case noun phrase after
    "the" is a common noun; in lower-cased text it may be a name, and a dependency is claimed."""
    # every branch below needs a speech verb: most sentences have none and stop here. In ASCII
    # text a verb the pattern finds is a whole run of letters, so also a token: a sentence
    # whose tokens hold none has none (verbs of other scripts are not ASCII tokens either).
    if tokens is not None and text.isascii():
        if cues.speech_verbs.isdisjoint(tokens):
            return False
        # and without "_" (a word character for the pattern, a separator for tokens) a verb
        # among the tokens is a whole word for the pattern too: it would find one
        if "_" in text and _speech_pattern(cues).search(text.lower()) is None:
            return False
    elif _speech_pattern(cues).search(text.lower()) is None:
        return False
    anchors = [0] + [m.end() for m in _ANCHOR.finditer(text)]
    heads = _clause_heads(cues)
    for a in anchors:
        # every rule below starts the clause with a pronoun, a determiner or a speech verb: the
        # clause's first word (a letter run cannot cross a clause end) decides whether to read on
        first = _LETTERS.search(text, a)
        if first is None:
            break
        if first.group().lower() not in heads:
            continue
        stop = _CLAUSE_END.search(text, a + 1 if a else 0)
        words = []  # the clause's first five words
        for m in _LETTERS.finditer(text, a, stop.start() if stop else len(text)):
            words.append(m.group())
            if len(words) == 5:
                break
        if len(words) < 2:
            continue
        low = [w.lower() for w in words]
        if low[0] in cues.pronouns and low[1] in cues.speech_verbs:
            return True
        if low[0] in cues.definite:
            for k in (2, 3):
                if (k < len(low) and low[k] in cues.speech_verbs
                        and all(w.islower() for w in words[1:k])):
                    return True
        if low[0] in cues.speech_verbs and a > 0:  # inverted, closing the sentence
            rest = words[1:]
            final = not (stop and text[stop.end():].strip(" .!?\"'\u201d"))
            if final and ((len(rest) == 1 and rest[0].lower() in cues.subject_pronouns) or (
                    len(rest) in (2, 3) and rest[0].lower() in cues.definite
                    and all(w.islower() for w in rest[1:]))):
                return True
    return False


def quote_balance(text: str, open_at_start: bool = False) -> tuple[bool, bool]:
    """``(closes_unopened, open_at_end)`` for double quotes in ``text`` (straight, curly, PTB),
    given whether a quotation was already open when ``text`` starts.

    Example:
        >>> quote_balance('"We won," she said.'), quote_balance('We won," she said.')
        ((False, False), (True, False))
    """
    if not open_at_start and ((
            '"' not in text and "``" not in text and "''" not in text) if text.isascii()
            else _QUOTE_MARK.search(text) is None):
        return False, False
    depth = 1 if open_at_start else 0
    closes_unopened = False
    # Some PTB-derived corpora write both marks as two backticks: then they alternate.
    backticks_alternate = "``" in text and "''" not in text
    n = len(text)
    for m in _QUOTE_MARK.finditer(text):  # only the quote marks are visited
        mark, i = m.group(), m.start()
        if mark == "``":
            if backticks_alternate and depth > 0:
                depth -= 1
            else:
                depth += 1
        elif mark == "''" or mark in _QUOTE_CLOSE:
            closes_unopened |= depth == 0
            depth = max(0, depth - 1)
        elif mark in _QUOTE_OPEN:
            depth += 1
        else:
            # straight quotes: one glued to the word before it, or followed by a space or
            # punctuation, closes; one glued to the word after it opens
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            cannot_open = nxt.isspace() or nxt in ".,;:!?)]}"
            if depth > 0 and (not prev.isspace() or cannot_open):
                depth -= 1
            elif cannot_open:
                closes_unopened = True
            else:
                depth += 1
    return closes_unopened, depth > 0


def sentence_links(sentences: Sequence[Sentence | str], source: str | None = None,
                   language: str | None = None) -> list[Link]:
    """One ``Link`` per sentence. ``source`` (the text the ``Sentence`` offsets point into) tells
    paragraphs apart: a quotation still open at a paragraph's end links to the next paragraph
    only when that one opens with a quote mark (news style for a quote over paragraphs).
    ``language``: a key of ``WORD_CUES``, ``"und"`` for punctuation cues only, ``None`` to detect.
    A quotation still open at a paragraph end also links to the next paragraph when a quote is
    closed without being opened within the next ``_QUOTE_LOOKAHEAD`` sentences (one sentence
    per line).
    """
    texts, language, prev_reason, next_reason, ask = _punctuation_links(sentences, source,
                                                                        language)
    for i in ask:
        prev_reason[i] = opener_dependency(texts[i], language)
    return [Link(p, q) for p, q in zip(prev_reason, next_reason)]


class NeedsPrevious(Sequence[bool]):
    """Whether each sentence needs its predecessor (``Link.previous is not None``), with the
    wording read only for the sentences asked about: the selection step looks at a few
    candidates' units, not at every sentence. Built by ``dependency_flags``."""

    def __init__(self, texts: list[str], known: list[str | None], ask: list[int],
                 language: str, tokens: Callable[[int], Collection[str]] | None = None) -> None:
        self._texts = texts
        self._language = language
        self._tokens = tokens
        # True/False where the punctuation pass decided, None where the wording decides
        self._flags: list[bool | None] = [r is not None for r in known]
        for i in ask:
            self._flags[i] = None

    def __len__(self) -> int:
        return len(self._flags)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._flags)))]
        flag = self._flags[index]
        if flag is None:
            tokens = self._tokens(index) if self._tokens is not None else None
            flag = self._flags[index] = (
                opener_dependency(self._texts[index], self._language, tokens=tokens) is not None)
        return flag


def dependency_flags(sentences: Sequence[Sentence | str], source: str | None = None,
                     language: str | None = None,
                     tokens: Callable[[int], Collection[str]] | None = None
                     ) -> tuple[NeedsPrevious, list[bool]]:
    """``(needs_previous, needs_next)``: per sentence, whether ``sentence_links`` gives it a
    ``previous`` / ``next`` link, the first read lazily (a sentence's wording is analysed
    when its flag is first read), the second at once (punctuation only). ``tokens(i)``: the
    lower-case word tokens of sentence ``i`` (``tokenize_words``), when the caller has them.

    Example:
        >>> prev, nxt = dependency_flags(["Rain fell.", "It flooded the road:", "mud."])
        >>> list(prev), nxt
        ([False, True, False], [False, True, False])
    """
    texts, language, prev_reason, next_reason, ask = _punctuation_links(sentences, source,
                                                                        language)
    return (NeedsPrevious(texts, prev_reason, ask, language, tokens),
            [r is not None for r in next_reason])


def _punctuation_links(sentences: Sequence[Sentence | str], source: str | None,
                       language: str | None
                       ) -> tuple[list[str], str, list[str | None], list[str | None], list[int]]:
    """The links found from quote marks and colons, and the sentences whose ``previous`` link
    is their wording's (``opener_dependency``): those read with no quotation open."""
    texts = [s.text if isinstance(s, Sentence) else s for s in sentences]
    if language is None:
        language = detect_language(" ".join(texts[:40]))
    prev_reason: list[str | None] = [None] * len(texts)
    next_reason: list[str | None] = [None] * len(texts)
    ask: list[int] = []
    open_quote = False
    alone = [quote_balance(text) for text in texts]  # each sentence read with no quote open
    closes = [c for c, _ in alone]  # closes a quote it did not open
    for i, text in enumerate(texts):
        if i > 0 and not open_quote:
            ask.append(i)
        if open_quote and i > 0 and source is not None and isinstance(sentences[i], Sentence) \
                and "\n" in source[sentences[i - 1].end:sentences[i].start]:  # a new paragraph
            # News style continues a quote in the next paragraph with a new opening quote mark;
            # one-sentence-per-line text just goes on and closes it later.
            opens_with_quote = text.lstrip()[:1] in ("\"", "\u201c", "\u00ab", "\u300c") \
                or text.lstrip().startswith("``")
            continues = opens_with_quote or any(closes[i:i + _QUOTE_LOOKAHEAD])
            open_quote = continues and not opens_with_quote
            if continues:
                prev_reason[i], next_reason[i - 1] = "quote", "quote"
        elif open_quote:
            prev_reason[i], next_reason[i - 1] = "quote", "quote"
        _, open_quote = quote_balance(text, True) if open_quote else alone[i]
        if (":" in text or "\uff1a" in text) and i + 1 < len(texts) \
                and text.rstrip(" \"'\u201d\u2019)\u00bb\u300d\u300f").endswith((":", "\uff1a")):
            next_reason[i] = next_reason[i] or "colon"
    return texts, language, prev_reason, next_reason, ask
