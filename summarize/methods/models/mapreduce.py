"""Fitting documents to a model's input window: the map-reduce state machine.

Each document gets a ``DocState``; ``MapReduce.run`` then works in rounds. In a round, a document
whose text fits the window (after the prompt and the tokens to generate) becomes one "final"
generation job; a longer one is cut into sentence-aware chunks (``overlap_sentences`` repeated
between neighbours), each a "map" job whose summary is shorter. All jobs of a round are generated
together (one batched call). The map outputs of a document, joined, are its text for the next
round, until it fits or ``max_rounds`` is reached (or a round makes no progress); then the rest
is cut to the window. The two other modes decide up front: ``"extract"`` keeps the best
sentences that fit ``extract_tokens``, ``"truncate"`` cuts the text to the window.

The machine knows neither how to generate nor how to make a ``Summary``: it is given
``generate(texts, new_tokens, stop_targets, desc)`` and ``finish(state, raw_output)``. One
document's failure is its own result slot (an ``Exception``); the others go on.

Example:
    >>> plan = MapReduce(lm, window=1024, fmt=fmt, max_new_tokens=None)  # doctest: +SKIP
    >>> plan.run(docs, length, generate, finish)  # doctest: +SKIP
    [Summary(...), ValueError(...)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ...summary import plural
from ...text.document import Document
from ...text.length import LengthRequest
from .chunking import chunk_sentences, cut_to_tokens, extract_to_fit
from .generate import StopTarget
from .postprocess import tidy_sentences
from .prompts import PromptFormat

__all__ = ["MODES", "DocState", "MapReduce"]

MODES = ("map_reduce", "extract", "truncate")
_MARGIN = 4  # tokens kept free for tokenization differences at prompt joins

#: ``generate(texts, new_tokens, stop_targets, desc)``: one output (or ``Exception``) per text
Generate = Callable[[list[str], list[int], list[StopTarget | None], str], list[Any]]


@dataclass
class DocState:
    """One document's progress through the rounds."""

    index: int
    doc: Document
    new_tokens: int
    sentences: list[str]
    whole_text: str | None = None  # the source as it is, while it is unchanged
    rounds: int = 0
    chunks: int = 0
    truncated_input: bool = False
    extracted: tuple[int, ...] | None = None
    input_tokens: int = 0
    notes: dict[str, Any] = field(default_factory=dict)


class MapReduce:
    """The rounds for one call (one prompt format and one model).

    Args:
        lm: the loaded model (``runtime.loading.LoadedModel``: its tokenizer and kind).
        window: input tokens the model takes (``max_input_tokens`` applied).
        fmt: the prompt format; its overhead comes off every budget.
        max_new_tokens: the fixed output size, or None to derive it from the length request.
        mode: "map_reduce", "extract" or "truncate".
        max_rounds, overlap_sentences, extract_tokens: see ``ModelSummarizer``.
        final_stop: the stop target of final jobs ((sentences, words); ``(None, None)`` stops
            only a looping answer); None: no early stop at all.
        name: the method name in progress bars.
    """

    def __init__(self, lm: Any, window: int, fmt: PromptFormat, max_new_tokens: int | None,
                 mode: str = "map_reduce", max_rounds: int = 3, overlap_sentences: int = 1,
                 extract_tokens: int | None = None,
                 final_stop: StopTarget | None = (None, None), name: str = "") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        self.lm, self.window, self.fmt = lm, window, fmt
        self.max_new_tokens, self.mode, self.max_rounds = max_new_tokens, mode, max_rounds
        self.overlap_sentences, self.extract_tokens = overlap_sentences, extract_tokens
        self.final_stop, self.name = final_stop, name

    # ---------------------------------------------------------------- the run
    def run(self, docs: Sequence[Document], length: LengthRequest, generate: Generate,
            finish: Callable[[DocState, str], Any]) -> list[Any]:
        """One result per document, in order: ``finish(state, raw)`` of its final output, or
        the ``Exception`` that stopped it."""
        results: list[Any] = [None] * len(docs)
        states: list[DocState] = []
        for i, doc in enumerate(docs):
            try:
                states.append(self.start(i, doc, length))
            except Exception as exc:
                results[i] = exc
        active = states
        while active:
            active = self.round(active, results, generate, finish)
        return [r if r is not None else RuntimeError("no result") for r in results]

    def start(self, i: int, doc: Document, length: LengthRequest) -> DocState:
        """The state of document ``i`` before the first round (``extract``/``truncate`` cut
        it here)."""
        if not isinstance(doc, Document):
            raise TypeError(f"expected a prepared Document, got {type(doc).__name__}")
        new = self.new_tokens(length, len(doc.sentences))
        budget = self.budget(new)
        sentences = [s.text for s in doc.sentences]
        st = DocState(i, doc, new, sentences, whole_text=doc.source)
        st.input_tokens = self.count(doc.source)
        if self.mode == "extract":
            limit = min(budget, self.extract_tokens or min(budget, 512))
            chosen = extract_to_fit(doc, self.count, limit)
            st.extracted = tuple(chosen)
            st.sentences = [sentences[j] for j in chosen]
            st.whole_text = None if len(chosen) < len(sentences) else doc.source
            if not chosen:  # one sentence longer than the limit
                st.sentences = [cut_to_tokens(doc.source, self.lm.tokenizer, limit)]
                st.truncated_input = True
        elif self.mode == "truncate" and st.input_tokens > budget:
            st.sentences = [cut_to_tokens(doc.source, self.lm.tokenizer, budget)]
            st.whole_text = None
            st.truncated_input = True
        return st

    def round(self, active: list[DocState], results: list, generate: Generate,
              finish: Callable[[DocState, str], Any]) -> list[DocState]:
        """One round: final jobs for the documents that fit, map jobs for the chunks of the
        others, generated together; the documents that need another round."""
        jobs: list[tuple[DocState, str, str, int]] = []  # (state, "final"|"map", text, new)
        for st in active:
            try:
                budget = self.budget(st.new_tokens)
                text = st.whole_text if st.whole_text is not None else " ".join(st.sentences)
                n = st.input_tokens if st.whole_text is not None else self.count(text)
                if n <= budget or st.rounds >= self.max_rounds:
                    if n > budget:
                        text = cut_to_tokens(text, self.lm.tokenizer, budget)
                        st.truncated_input = True
                    jobs.append((st, "final", text, st.new_tokens))
                    continue
                new, chunk_budget = self.map_tokens(st)
                chunks = chunk_sentences(st.sentences, self.count, int(chunk_budget * 0.97),
                                         self.overlap_sentences)
                st.chunks += len(chunks)
                st.notes["map_input_tokens"] = n
                jobs.extend((st, "map", " ".join(c), new) for c in chunks)
            except Exception as exc:
                results[st.index] = exc
        if not jobs:
            return []
        desc = f"summarize[{self.name}]" + (f" round {active[0].rounds + 1}"
                                             if any(j[1] == "map" for j in jobs) else "")
        stops = [None if self.final_stop is None else
                 self.final_stop if what == "final" else (None, None) for _, what, _, _ in jobs]
        outs = generate([j[2] for j in jobs], [j[3] for j in jobs], stops, desc)
        maps: dict[int, list[Any]] = {}
        by_index: dict[int, DocState] = {}
        for (st, what, _, _), out in zip(jobs, outs):
            if what == "final":
                try:
                    results[st.index] = out if isinstance(out, Exception) else finish(st, out)
                except Exception as exc:
                    results[st.index] = exc
            else:
                maps.setdefault(st.index, []).append(out)
                by_index[st.index] = st
        next_active = []
        for idx, pieces in maps.items():
            st = by_index[idx]
            errors = [p for p in pieces if isinstance(p, Exception)]
            if errors:
                results[idx] = errors[0]
                continue
            sentences: list[str] = []
            for p in pieces:
                sentences.extend(tidy_sentences(str(p)))
            before = st.notes["map_input_tokens"]
            st.rounds += 1
            st.whole_text = None
            st.sentences = sentences or st.sentences
            if not sentences or self.count(" ".join(sentences)) >= before:
                st.rounds = self.max_rounds  # no progress: cut what is left to fit
            next_active.append(st)
        return next_active

    # ---------------------------------------------------------------- budgets
    def count(self, text: str) -> int:
        """Tokens of ``text``."""
        return self.lm.count_tokens(text)

    def new_tokens(self, length: LengthRequest, n_source: int) -> int:
        """Tokens to generate for a final summary: ``max_new_tokens``, else an estimate from
        the length request (1.6 tokens a word, 40 a sentence; 8 to 512)."""
        if self.max_new_tokens is not None:
            return self.max_new_tokens
        return length.new_tokens(n_source, per_word=1.6, per_sentence=40, slack=8, most=512)

    def budget(self, new_tokens: int) -> int:
        """Tokens of text that fit beside the prompt and ``new_tokens`` (decoder-only models
        generate inside their window); a ``ValueError`` when fewer than 8 do."""
        fmt = self.fmt
        overhead = len(self.lm.tokenizer(fmt.render(""),
                                         add_special_tokens=fmt.add_special_tokens)["input_ids"])
        reserve = new_tokens if self.lm.kind == "causal" else 0
        budget = self.window - overhead - reserve - _MARGIN
        if budget < 8:
            raise ValueError(
                f"the model's input window ({plural(self.window, 'token')}) leaves no room for "
                f"the text after the prompt ({plural(overhead, 'token')}) and "
                f"{plural(reserve, 'new token')}; lower "
                "max_new_tokens or the length request"
            )
        return budget

    def map_tokens(self, st: DocState) -> tuple[int, int]:
        """(new tokens per chunk summary, text budget per chunk)."""
        full = self.budget(0)
        new = max(16, min(max(2 * st.new_tokens, 64), full // 4))
        return new, self.budget(new)
