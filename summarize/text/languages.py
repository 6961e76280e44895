"""Which language a text is written in, and the closed-class words of each language that the text
layer needs: stop words (content-word counting, TF-IDF), sentence openers and abbreviations
(sentence splitting).

Detection is a cheap, dependency-free two-step rule on the first 3,000 characters: the
dominant script decides when it belongs to few languages (Han without kana -> ``zh``, kana ->
``ja``, Hangul -> ``ko``, Devanagari -> ``hi``, Greek -> ``el``...); Latin and Cyrillic text is
matched against each language's most frequent function words, ruling out a language when 2% or
more of the letters are accented letters it does not write. A text none of them fits is
``"und"`` (undetermined): the splitter then uses its script-neutral rules only, and the
coherence model its punctuation cues only.

Example:
    >>> [detect_language(t) for t in ("The council said it would vote on the plan.",
    ...     "Le conseil a dit qu'il votera le plan de la ville.", "市议会周一投票。", "議会は月曜日に投票した。")]
    ['en', 'fr', 'zh', 'ja']
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["LanguageProfile", "PROFILES", "detect_language", "profile", "stopwords",
           "CJK_CHAR_LANGUAGES"]

#: languages whose readers count characters, not words (no spaces between words)
CJK_CHAR_LANGUAGES = frozenset({"zh", "ja"})


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


@dataclass(frozen=True)
class LanguageProfile:
    """Closed-class words of one language (all lower-case)."""

    code: str
    #: frequent function words: detection, stop words
    stopwords: frozenset[str]
    #: words that open sentences (pronouns, articles, question words): after an abbreviation
    #: that can also end a sentence ("Co.", "U.S."), one of these means a new sentence
    openers: frozenset[str] = frozenset()
    #: abbreviations (without the dot) that never end a sentence: titles, "z. B.", "ad es."
    titles: frozenset[str] = frozenset()
    #: abbreviations that end a sentence only when no number follows ("Nr. 5", "ul. 1 Maja")
    numeric: frozenset[str] = frozenset()
    #: ordinal numbers are written with a period ("am 12. Juni", "1. plads")
    ordinal_period: bool = False
    #: month names: a number and a period before one is a date, not a sentence end
    months: frozenset[str] = field(default_factory=frozenset)
    #: abbreviations that end a sentence when the next word opens one, though their parts are
    #: titles: spaced or glued ones with a dot between the parts ("т.д" for "т. д." and
    #: "т.д."), or after a word ("и др")
    enders: frozenset[str] = field(default_factory=frozenset)


_EN = LanguageProfile(
    "en",
    _words("""a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    also said says say told n't 's s t d ll m re ve one two new may might must shall"""),
    months=_words("january february march april may june july august september october november "
                  "december jan feb mar apr jun jul aug sep sept oct nov dec"),
)
_DE = LanguageProfile(
    "de",
    _words("""der die das den dem des ein eine einen einem einer eines und oder aber doch sondern
    ist sind war waren wird werden wurde wurden hat haben hatte hatten sein nicht auch noch nur
    schon sehr mit von zu zum zur im in am an auf aus bei nach vor für über unter um durch gegen
    ohne bis als wie wenn dass daß ob sich er sie es wir ihr ich du man sein seine ihre ihren
    ihrem dies diese dieser dieses jeder jede kein keine mehr so dann da hier dort was wer wo"""),
    openers=_words("der die das den dem ein eine er sie es wir ihr ich du man dies diese dieser "
                   "dieses was wer wie wo warum wann aber und doch auch heute am im"),
    titles=_words("z b u ä ggf bzw vgl evtl inkl ca d h i a s o usw dr prof med dipl ing hr "
                  "fr frl kath ev st str abs abt bd geb gest jh jhd lt mio mrd nr ref sog tel "
                  "u a v chr zzt z t hl"),
    numeric=_words("nr bd abs art s seite kap tab abb"),
    ordinal_period=True,
    months=_words("januar jänner februar märz april mai juni juli august september oktober "
                  "november dezember jan feb mär apr jun jul aug sep sept okt nov dez"),
)
_FR = LanguageProfile(
    "fr",
    _words("""le la les un une des du de d l et ou mais donc car ni que qui quoi dont où est sont
    était étaient sera a ont avait avaient être avoir pas ne plus aussi très avec pour par sur
    dans en au aux ce cet cette ces il elle ils elles on nous vous je tu son sa ses leur leurs
    se s qu n c y comme si tout tous toute sans sous entre après avant selon"""),
    openers=_words("le la les un une il elle ils elles on nous vous je ce cette ces mais et "
                   "donc qui que quand où pourquoi comment"),
    titles=_words("m mm mme mmes mlle mlles dr pr me mgr st ste p ex cf etc ibid env"),
    numeric=_words("n no nº n° p art chap vol"),
    months=_words("janvier février mars avril mai juin juillet août septembre octobre "
                  "novembre décembre janv févr avr juil sept oct nov déc"),
)
_ES = LanguageProfile(
    "es",
    _words("""el la los las lo un una unos unas y o pero sino que de del al a en con por para sin
    sobre entre es son era eran fue fueron ha han había ser estar está están no se su sus le les
    me te nos mi tu este esta estos estas ese esa eso como más muy ya también cuando donde
    quien porque si él ella ellos ellas yo usted hay"""),
    openers=_words("el la los las un una él ella ellos ellas yo usted este esta estos estas "
                   "pero y qué cómo cuándo dónde por hay"),
    titles=_words("sr sra srta sres dr dra lic ing arq prof sto sta ee uu av avda cra dña d "
                  "ud uds vd vds atte pág págs núm nro tel ext aprox etc"),
    numeric=_words("n no nº n° núm art párr párrf cap vol ago ene feb mar abr may jun jul sep "
                   "sept oct nov dic lun mié jue vie sáb dom min"),
    months=_words("enero febrero marzo abril mayo junio julio agosto septiembre setiembre "
                  "octubre noviembre diciembre"),
)
_IT = LanguageProfile(
    "it",
    _words("""il lo la i gli le un uno una e ed o ma che di del della dei degli delle a al alla
    ai agli alle da dal dalla in nel nella con su per tra fra è sono era erano fu ha hanno aveva
    essere non si ci ne come più anche molto questo questa questi queste quello quella suo sua
    suoi sue loro io tu lui lei noi voi se quando dove perché"""),
    openers=_words("il lo la i gli le un uno una io tu lui lei noi voi loro questo questa "
                   "ma e che come quando dove perché mi ci si"),
    titles=_words("sig sigg sig.ra sig.na dott dott.ssa ing avv arch prof geom rag dir amm "
                  "on sen gent egr spett psicol es ecc pag tel st d cfr"),
    numeric=_words("n nr art cap vol pag pp"),
    months=_words("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre "
                  "ottobre novembre dicembre"),
)
_PT = LanguageProfile(
    "pt",
    _words("""o a os as um uma uns umas e ou mas que de do da dos das em no na nos nas por pelo
    pela para com sem sobre entre é são era eram foi foram ser estar está estão não se seu sua
    seus suas ele ela eles elas eu você nós como mais muito também quando onde porque este esta
    isso isto há ao aos"""),
    openers=_words("o a os as um uma ele ela eles elas eu você nós este esta isso isto mas e "
                   "que como quando onde há"),
    titles=_words("sr sra srta dr dra prof eng exmo exma av pág tel etc"),
    numeric=_words("n nº n° art cap vol"),
    months=_words("janeiro fevereiro março abril maio junho julho agosto setembro outubro "
                  "novembro dezembro"),
)
_NL = LanguageProfile(
    "nl",
    _words("""de het een en of maar dat die dit deze van in op aan met voor door naar bij uit
    over om tot als is zijn was waren wordt worden werd werden heeft hebben had niet ook nog al
    er hij zij ze wij we ik jij je u hun haar zijn zich wat wie waar hoe wanneer"""),
    openers=_words("de het een hij zij ze wij we ik jij je u dit dat deze die maar en er wat "
                   "wie waar hoe"),
    titles=_words("dhr mevr mw dr drs ir ing prof mr bv o.a b.v bijv enz ca"),
    numeric=_words("nr blz art hfst"),
    ordinal_period=False,
)
_DA = LanguageProfile(
    "da",
    _words("""og i at det der en et den til er som på de med han af for ikke var sig har jeg vi
    hun fra ved kan om så men eller da skal blev bliver have havde være også efter over under
    hvad hvor hvem hvis sin sit sine hans hendes deres dette disse man nu kun mod"""),
    openers=_words("de den det der han hun jeg vi i du man hvad hvor hvem hvorfor hvordan "
                   "dette disse men og så nu"),
    titles=_words("hr fr frk dr prof skt st bl f eks ca mht vedr osv pga jf ang"),
    numeric=_words("nr s kap stk"),
    ordinal_period=True,
    months=_words("januar februar marts april maj juni juli august september oktober "
                  "november december"),
)
_SV = LanguageProfile(
    "sv",
    _words("""och i att det som en på är av för med till den har de inte om ett han men var jag
    sig från vi så kan när hon nu ska där eller hade detta efter vad blev dem också mot vid
    under sina sin sitt sitt denna dessa hur vem"""),
    openers=_words("de den det han hon jag vi ni man vad var hur vem detta dessa men och så"),
    titles=_words("hr fru dr prof st bl a t ex ca dvs osv resp"),
    numeric=_words("nr s kap"),
    ordinal_period=False,
)
_PL = LanguageProfile(
    "pl",
    _words("""i w na z że się nie do to jest jak o a ale po co tak od za przez dla jego jej ich
    go mu już tylko też był była było były są będzie może przy oraz lub czy który która które
    ten ta te tego tej tym jako gdy też bardzo"""),
    openers=_words("ten ta to te on ona ono oni one ja my wy ale i a co jak gdzie dlaczego "
                   "kiedy w na"),
    titles=_words("p pan pani dr prof mgr inż ks św ul al pl gen płk np tzn tj itd itp ok wg"),
    numeric=_words("nr str ust art poz godz tel pkt rozdz tab rys"),
    ordinal_period=True,
)
_RU = LanguageProfile(
    "ru",
    _words("""и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
    только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или
    ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут
    где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет
    это этот эта эти который которая которые также"""),
    openers=_words("он она оно они я мы вы ты это этот эта эти но и а в на что как где когда "
                   "почему кто"),
    titles=_words("г гг т е д др пр проф акад доц ул пгт пос дер обл р-н им тов стр кв ср см "
                  "н э тыс млн млрд руб коп"),
    numeric=_words("no №"),
    enders=frozenset({"т.д", "т.п", "и др", "и пр"}),
)
_UK = LanguageProfile(
    "uk",
    _words("""і й в у на з із що не як до та але за від по це він вона воно вони я ми ви ти його
    її їх був була було були є буде також який яка яке які для про при або вже ще"""),
    openers=_words("він вона воно вони я ми ви це цей ця ці але і та що як де коли чому хто"),
    titles=_words("г м вул пров просп обл р-н д т ін ім проф акад доц тис млн млрд грн"),
    enders=frozenset({"т.д", "т.п", "і т.д", "і т.п", "та ін"}),
)

_TR = LanguageProfile(
    "tr",
    _words("""ve de da bir bu şu için ile olarak çok daha gibi ama fakat ancak ne var yok mı mi
    mu mü ki kadar sonra önce her veya değil olan oldu olduğu olduğunu ise diye göre ayrıca bile hem hiç
    şey biz siz onlar ben sen onun bunu bunun şimdi yani çünkü eğer nasıl neden nerede yeni
    tarafından dedi etti ilk iki üç"""),
    openers=_words("bu şu ben sen biz siz onlar ama ve fakat ancak ne neden nasıl"),
    titles=_words("dr prof doç yrd sn bkz"),
    numeric=_words("no sf md"),
    ordinal_period=True,
    months=_words("ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık"),
    enders=_words("vb vs vd"),
)

#: language code -> profile (the languages whose function words the package knows)
PROFILES: dict[str, LanguageProfile] = {
    p.code: p for p in (_EN, _DE, _FR, _ES, _IT, _PT, _NL, _DA, _SV, _PL, _RU, _UK, _TR)
}
_UND = LanguageProfile("und", frozenset())


def profile(language: str | None) -> LanguageProfile:
    """The profile of ``language`` (an ISO 639-1 code), or an empty one for others.

    Example:
        >>> "der" in profile("de").stopwords, profile("xx").code
        (True, 'und')
    """
    return PROFILES.get((language or "").split("-")[0].lower(), _UND)


def stopwords(language: str | None) -> frozenset[str]:
    """Stop words of ``language`` (empty for languages without a profile)."""
    return profile(language).stopwords


# Scripts that name (almost) one language. Checked from the first letter of each run.
_SCRIPT_LANGUAGE = {
    "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CJK": "zh", "DEVANAGARI": "hi",
    "GREEK": "el", "HEBREW": "he", "THAI": "th", "ARMENIAN": "hy", "ETHIOPIC": "am",
    "MYANMAR": "my", "GEORGIAN": "ka", "BENGALI": "bn", "TAMIL": "ta", "TELUGU": "te",
    "GUJARATI": "gu", "GURMUKHI": "pa", "KANNADA": "kn", "MALAYALAM": "ml", "SINHALA": "si",
    "KHMER": "km", "LAO": "lo", "TIBETAN": "bo", "ARABIC": "ar", "LATIN": "latin",
    "CYRILLIC": "cyrillic",
}
_LETTER = re.compile(r"[^\W\d_]")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# letters only Persian / Urdu write with the Arabic script
_PERSIAN = frozenset("\u067e\u0686\u0698\u06af\u06cc\u06a9")
_URDU = frozenset("\u06d2\u0679\u0688\u0691\u06ba\u06c1")


# letters that only some of the Latin-script languages use: a tie-breaker between languages
# sharing function words ("de" in French and Spanish)
_HINTS = {"es": frozenset("ñ¿¡"), "de": frozenset("ßäöü"), "fr": frozenset("çœèêë"),
          "pt": frozenset("ãõç"), "da": frozenset("æøå"), "sv": frozenset("åäö"),
          "pl": frozenset("ąęłńśźż"), "it": frozenset("ìò"), "uk": frozenset("іїєґ"),
          "ru": frozenset("ыэъ"), "tr": frozenset("ğış")}
# the accented Latin letters each Latin-script language writes (English: any, in names): a
# text with many others ("ů", "ř", "ž" in Czech) is not in that language, whatever function
# words it shares with it ("se" in Czech and French)
_ALPHABETS = {"de": "äöüßé", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíóúñüï", "it": "àèéìíîòóùú",
              "pt": "áâãàçéêíóôõúü", "nl": "áéíóúàèëïöüç", "da": "æøåéáó", "sv": "åäöéü",
              "pl": "ąćęłńóśźż", "tr": "çğıöşüâîû"}
_ALPHABETS = {code: frozenset(letters) for code, letters in _ALPHABETS.items()}


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    if head == "CJK" or "IDEOGRAPH" in name:
        return "CJK"
    return head


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or ``"und"``.

    Example:
        >>> detect_language("Der Rat hat am Montag über den Plan abgestimmt und ihn angenommen.")
        'de'
    """
    sample = text[:_SAMPLE]
    if sample.isascii():
        # the same words as the letter runs below, lower-cased, without a regular expression
        counts = Counter(sample.translate(_ASCII_WORDS).split())
        for ch in _ASCII_LOWER:
            counts.pop(ch, None)
        return _by_words(counts, ascii_only=True)
    runs = _LETTER_RUN.findall(sample)
    letters_total = sum(map(len, runs))
    if letters_total and 2 * _latin_letters(sample) > letters_total:
        return _by_words(_word_counts(runs))  # mostly Latin letters: no per-run script lookups
    scripts: dict[str, int] = {}
    for run in runs:
        s = _script(run[0])
        if s in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):  # mixed within a run: per letter
            for ch in run:
                s = _script(ch)
                scripts[s] = scripts.get(s, 0) + 1
        else:
            scripts[s] = scripts.get(s, 0) + len(run)
    if not scripts:
        return "und"
    top = max(scripts, key=scripts.__getitem__)
    if top in ("CJK", "HIRAGANA", "KATAKANA"):
        kana = scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0)
        return "ja" if kana * 20 > scripts.get("CJK", 0) else "zh"
    lang = _SCRIPT_LANGUAGE.get(top)
    if lang == "ar":
        letters = set(sample)
        return "ur" if letters & _URDU else "fa" if letters & _PERSIAN else "ar"
    if lang not in ("latin", "cyrillic"):
        return lang or "und"
    return _by_words(_word_counts(runs))


_SAMPLE = 3_000  # characters read to detect the language
_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
# ASCII text -> its letters lower-cased, everything else a space (then ``split()`` gives the
# words that ``_LETTER_RUN`` finds)
_ASCII_WORDS = str.maketrans({chr(c): chr(c).lower() if chr(c).isalpha() else " "
                              for c in range(128)})
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_LATIN_EXTENDED = re.compile("[\u00c0-\u024f]")
# word -> the profile languages that have it as a stop word
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _code, _prof in PROFILES.items():
    for _w in _prof.stopwords:
        _LANGUAGES_OF[_w] = _LANGUAGES_OF.get(_w, ()) + (_code,)
_ALL_STOPWORDS = frozenset(_LANGUAGES_OF)


def _latin_letters(sample: str) -> int:
    """How many characters of ``sample`` are Latin letters (``[A-Za-z\u00c0-\u024f]``)."""
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTERS))
    return ascii_letters + len(_LATIN_EXTENDED.findall(sample))


def _word_counts(runs: list[str]) -> Counter[str]:
    """Lower-cased letter ``runs``, counted, without one-letter words."""
    counts = Counter(map(str.lower, runs))
    for w in [w for w in counts if len(w) == 1]:
        del counts[w]
    return counts


def _accented_letters(counts: Counter[str]) -> tuple[Counter[str], int]:
    """How often each accented Latin letter occurs in the counted words, and how many letters
    the words have in all."""
    out: Counter[str] = Counter()
    letters = 0
    for w, n in counts.items():
        letters += n * len(w)
        if not w.isascii():
            for ch in _LATIN_EXTENDED.findall(w):
                out[ch] += n
    return out, letters


def _by_words(counts: Counter[str], ascii_only: bool = False) -> str:
    """The profile language whose function words are most frequent among the words of a
    sample (``counts``: lower-cased words of two letters or more)."""
    total = sum(counts.values())
    if not total:
        return "und"
    hits = dict.fromkeys(PROFILES, 0)
    for w in _ALL_STOPWORDS.intersection(counts):
        n = counts[w]
        for code in _LANGUAGES_OF[w]:
            hits[code] += n
    letters: set[str] | None = set() if ascii_only else None  # no hint letter is ASCII
    accented: tuple[Counter[str], int] | None = (Counter(), 0) if ascii_only else None
    best, best_share = "und", 0.0
    for code, n in hits.items():
        hint = _HINTS.get(code)
        if n and hint:  # a tie-breaker only, never a language on its own
            if letters is None:
                letters = set("".join(counts))
            n += 2 * len(letters & hint)
        alphabet = _ALPHABETS.get(code)
        if n and alphabet is not None:
            if accented is None:
                accented = _accented_letters(counts)
            foreign = sum(k for ch, k in accented[0].items() if ch not in alphabet)
            if foreign >= 2 and foreign * 50 >= accented[1]:
                continue  # 2% of the letters or more are not of this language
        share = n / total
        if share > best_share:
            best, best_share = code, share
    return best if best_share >= 0.12 else "und"
