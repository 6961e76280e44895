"""Faithful output for small models: check each generated sentence, let a source sentence
stand in for one the source does not support, and fill up to the sentences asked for.

A 270M-parameter LM writes fluent sentences that its source does not say (about 30% of them on
news). ``make_faithful`` judges every generated sentence with the faithfulness scorer
(``get_scorer("faithfulness")``: set alignment and fact checks) and then, in order:

1. keeps a supported sentence as the model wrote it;
2. replaces an unsupported one by the source sentence it was paraphrasing (the best match of the
   lexical support scorer: the judge says *whether* a sentence is supported, word overlap says
   *which* source sentence it came from), unless that sentence is unrelated to it (below half
   the lexical threshold), already in the summary, or does not read on its own (it opens with a
   word that points back, "But", "He", ...): then the sentence is dropped;
3. fills the summary with the best source sentences by the extractive ``auto`` ranking (that
   read on their own and fit the word budget) until it holds exactly the sentences asked for,
   when the source has that many.

Each result sentence carries its origin: ``""`` (the model's), ``"unsupported"`` (a source
sentence standing in for an unsupported model sentence) or ``"missing"`` (added to reach the
length asked for); the original model sentences are kept (``replaced_text``).

Example:
    >>> out = make_faithful(["Rain fell all night.", "Aliens landed in Paris."],
    ...                     ["Rain fell all night in the city.", "Roads were shut by noon."],
    ...                     max_sentences=2)
    >>> out.sentences, out.origins
    (['Rain fell all night.', 'Roads were shut by noon.'], ['', 'missing'])
    >>> out.dropped
    ['Aliens landed in Paris.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

__all__ = ["FaithfulOutput", "make_faithful", "faithful_sentences", "faithfulness_scorer",
           "reads_on_its_own", "source_ranking", "ORIGINS"]

ORIGINS = ("", "unsupported", "missing")
# a sentence opening with one of these points back at an earlier sentence
_BACK = frozenset("""but and or so yet also then however meanwhile instead still nevertheless
nonetheless moreover furthermore besides thus therefore hence later afterwards he she it they
him her them his its their this that these those such there here both another other""".split())
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*$|[.!?]\s*(''|``)\s*$")


@dataclass
class FaithfulOutput:
    """Result of ``make_faithful``.

    Attributes:
        sentences: the summary sentences, in order.
        origins: per sentence: "" (the model's), "unsupported" or "missing" (see module doc).
        source_indices: per sentence, the source sentence it is (None for the model's own).
        replaced_text: per sentence, the model sentence a stand-in replaced ("" otherwise).
        dropped: model sentences left out (unsupported with no stand-in, or over the length).
        scorer: the name of the scorer that judged the model sentences.
    """

    sentences: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    source_indices: list[int | None] = field(default_factory=list)
    replaced_text: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    scorer: str = ""

    def add(self, sentence: str, origin: str, source: int | None, replaced: str = "") -> None:
        self.sentences.append(sentence)
        self.origins.append(origin)
        self.source_indices.append(source)
        self.replaced_text.append(replaced)


def faithfulness_scorer() -> Any:
    """The scorer that judges model sentences: ``get_scorer("faithfulness")``.

    Example:
        >>> faithfulness_scorer().name
        'faithfulness'
    """
    from ...provenance.support import get_scorer

    return get_scorer("faithfulness")


def reads_on_its_own(sentence: str) -> bool:
    """Whether a source sentence can stand in a summary without the sentence before it: it
    ends like a sentence, has at least 4 words, and does not open with a word that points back.

    Example:
        >>> reads_on_its_own("The council voted to build a bridge."), reads_on_its_own(
        ...     "But he said it was too late.")
        (True, False)
    """
    from ...text.tokens import count_words

    text = sentence.strip().lstrip("\"'`\u201c\u2018( ")
    if count_words(text) < 4 or not _END.search(sentence.strip()):
        return False
    first = _FIRST_WORD.match(text)
    return not (first and first.group(0).lower() in _BACK)


def make_faithful(
    generated: Sequence[str],
    source: Sequence[str],
    *,
    max_sentences: int,
    max_words: int | None = None,
    ranking: Sequence[int] | None = None,
    scorer: Any = None,
    matrix: Any = None,
) -> FaithfulOutput:
    """Check ``generated`` sentences against ``source`` sentences; replace, drop and fill as
    the module doc says, up to ``max_sentences`` sentences and ``max_words`` words.

    Args:
        generated: the model's sentences, in order (tidied, repeats removed).
        source: the source sentences.
        max_sentences: how many sentences the summary should hold (fewer only when the source
            has no more sentences that fit).
        max_words: the word budget (None: no budget).
        ranking: source indices, best first, for filling (default: source order).
        scorer: a support scorer (default ``faithfulness_scorer()``).
        matrix: the scorer's (generated x source) matrix, when the caller has it already.
    """
    import numpy as np

    from ...provenance.support import get_scorer, support_matrix
    from ...text.tokens import count_words

    sc = scorer if scorer is not None else faithfulness_scorer()
    out = FaithfulOutput(scorer=str(getattr(sc, "name", type(sc).__name__)))
    if max_sentences < 1:
        out.dropped = list(generated)
        return out
    threshold = float(getattr(sc, "threshold", 0.5))
    mat = np.asarray(matrix if matrix is not None else
                     support_matrix(list(generated), list(source), sc), dtype=float)
    # which source sentence each generated one paraphrases: lexical overlap (the judge's matrix
    # is a verdict over its aligned sentences, not a ranking of paraphrase candidates)
    lexical = get_scorer("lexical")
    para = mat if out.scorer == lexical.name else np.asarray(
        support_matrix(list(generated), list(source), lexical), dtype=float)
    near = float(getattr(lexical, "threshold", 0.5)) / 2
    used: set[int] = set()  # source sentences in the summary, or said by a model sentence
    words = 0

    def fits(text: str) -> bool:
        return max_words is None or words + count_words(text) <= max_words

    for i, sent in enumerate(generated):
        if len(out.sentences) >= max_sentences:
            out.dropped.extend(generated[i:])
            break
        row = mat[i] if mat.size else np.zeros(len(source))
        best = int(np.argmax(row)) if len(row) else -1
        if best >= 0 and row[best] >= threshold:
            if not fits(sent):
                out.dropped.append(sent)
                continue
            out.add(sent, "", None)
            used.add(best)
            words += count_words(sent)
            continue
        stand_in = None
        prow = para[i] if para.size else np.zeros(len(source))
        for j in np.argsort(-prow, kind="stable") if len(prow) else []:
            j = int(j)
            if prow[j] < near:
                break
            if j not in used and reads_on_its_own(source[j]) and fits(source[j]):
                stand_in = j
                break
        if stand_in is None:
            out.dropped.append(sent)
            continue
        out.add(source[stand_in], "unsupported", stand_in, replaced=sent)
        used.add(stand_in)
        words += count_words(source[stand_in])
    order = list(ranking) if ranking is not None else list(range(len(source)))
    for j in order:
        if len(out.sentences) >= max_sentences:
            break
        if j in used or not 0 <= j < len(source) or not reads_on_its_own(source[j]) \
                or not fits(source[j]):
            continue
        out.add(source[j], "missing", j)
        used.add(j)
        words += count_words(source[j])
    return out


def source_ranking(doc: Any) -> list[int]:
    """Source-sentence indices of a ``Document``, best first by the extractive ``auto`` method
    (the order in which ``make_faithful`` fills a short summary)."""
    from ..extractive import AutoSummarizer
    from ..extractive.features import DocFeatures

    n = len(doc.sentences)
    if n <= 1:
        return list(range(n))
    scores = AutoSummarizer().score(DocFeatures.build(list(doc.sentences)))
    return sorted(range(n), key=lambda i: (-float(scores[i]), i))


def faithful_sentences(generated: Sequence[str], doc: Any, length: Any, support_scorer: Any,
                       support_threshold: float | None = None) -> tuple[list[str], tuple, dict]:
    """``make_faithful`` for a model summary: (sentences, their ``SentenceSupport`` with
    ``replaced`` set, notes for ``Summary.extra``). The length request's sentence count is
    filled only when it asked for sentences (or a ratio); a words-only request is not padded.

    Example:
        >>> sents, support, notes = faithful_sentences(model_sentences, doc, length,
        ...                                            "lexical")  # doctest: +SKIP
        >>> [s.replaced for s in support]  # doctest: +SKIP
        ['', 'unsupported', 'missing']
    """
    from dataclasses import replace

    from ...provenance.support import sentence_support
    from .postprocess import truncate_words

    source = [s.text for s in doc.sentences]
    limit = length.max_sentences(max(1, len(source)))
    fill = length.sentences is not None or length.ratio is not None
    out = make_faithful(generated, source, max_sentences=limit, max_words=length.words,
                        ranking=source_ranking(doc) if fill else [])
    sentences, origins = list(out.sentences), list(out.origins)
    if not sentences and length.words is not None and source:
        # nothing fits the word budget whole: the best source sentence, cut (as fit_length does)
        best = (source_ranking(doc) or [0])[0]
        sentences, origins = [truncate_words(source[best], length.words)], ["missing"]
        out.source_indices, out.replaced_text = [best], [""]
    support = sentence_support(sentences, source, support_scorer, support_threshold)
    support = tuple(replace(sup, replaced=origin) for sup, origin in zip(support, origins))
    notes = {
        "faithfulness_scorer": out.scorer,
        "replaced": [{"sentence": i, "why": o, "source_sentence": out.source_indices[i],
                      "model_sentence": out.replaced_text[i]}
                     for i, o in enumerate(origins) if o],
        "dropped_model_sentences": list(out.dropped),
    }
    return sentences, support, notes
