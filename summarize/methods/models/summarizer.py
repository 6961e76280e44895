"""``ModelSummarizer``: any Hugging Face text generator behind the ``summarize()`` API.

One object per (model, settings); the weights are loaded once per process (``runtime.loading``).
Long inputs are fitted to the model's real window by one of three modes:

- ``"map_reduce"`` (default): sentence-aware chunks with overlap are summarized, the chunk
  summaries are joined and summarized again, repeating until the text fits;
- ``"extract"``: extract then abstract: only the best sentences by the extractive ``auto``
  method that fit ``extract_tokens`` are given to the model (one generation per document);
- ``"truncate"``: the text is cut to the window (what a hand-written loop does).

Every generated sentence gets its support from the source (``summarize.provenance.support``);
``drop_unsupported=True`` removes the unsupported ones. ``Summary.selected`` stays empty (the
summary is generated, not copied); ``Summary.support`` carries the provenance.

Example:
    >>> from summarize import summarize
    >>> s = summarize(article, method="gemma-270m", sentences=2)  # doctest: +SKIP
    >>> s.params["prompt_style"], s.support[0].source_indices  # doctest: +SKIP
    ('tldr', (0, 3))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Sequence

from ...runtime.loading import load_model
from ...runtime.threads import choose_threads
from ...summary import Summary, SummaryError, plural
from ...text.document import Document
from ...text.length import LengthRequest
from ..base import Summarizer
from .chunking import chunk_sentences, cut_to_tokens, extract_to_fit
from .faithful import faithful_sentences
from .generate import GenerationSettings, generate_texts
from .postprocess import fit_length, tidy_sentences
from .prompts import PromptFormat, prompt_format

__all__ = ["ModelSummarizer", "MODES"]

MODES = ("map_reduce", "extract", "truncate")
_MARGIN = 4  # tokens kept free for tokenization differences at prompt joins


@dataclass
class _State:
    """One document's progress through the map-reduce rounds."""

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


class ModelSummarizer(Summarizer):
    """Summarize with a seq2seq or causal LM (hub id, local folder, or GGUF file).

    Args:
        model: hub id, local folder, or ``.gguf`` path.
        name: the method name shown in results (default: ``model``).
        device, dtype, gguf_file, trust_remote_code, local_files_only: see ``load_model``.
        prompt_style: "auto", "t5", "plain", "chat" or "tldr" (see ``prompts``);
            ``template`` (with ``{text}``) and ``instruction`` (chat) override it.
        mode: "map_reduce", "extract" or "truncate" (how long inputs are fitted).
        max_input_tokens: use a smaller window than the model's (faster on CPU).
        extract_tokens: input size for ``mode="extract"`` (default: min(window, 512)).
        overlap_sentences: sentences repeated between consecutive chunks.
        max_rounds: map-reduce rounds before the remaining text is cut to fit.
        num_beams, no_repeat_ngram_size, length_penalty, max_new_tokens, min_new_tokens,
            repetition_penalty: generation controls (``GenerationSettings``).
        batch_tokens, batch_size: padded tokens and items per generation batch.
        support_scorer, support_threshold: provenance scorer ("lexical", "embedding", or an
            object; see ``summarize.provenance.support``).
        drop_unsupported: remove generated sentences that no source sentence supports.
        stop_early: decoder-only, greedy: end an answer once a line or a sentence repeats
            (the model is looping) or its complete sentences already fill the length request
            (saves the tokens that the length cut would drop; off = always run to
            ``max_new_tokens`` or EOS).
        drop_finished: decoder-only, greedy: rows that ended leave the batch at once
            (``runtime.decode.greedy_decode``, the same search as ``generate``); off = ``generate``.
        faithful: check each generated sentence with the faithfulness scorer and let the
            source sentence it paraphrases stand in for an unsupported one (or drop it), then
            fill to the sentences asked for (``faithful.faithful_sentences``; marked in
            ``SentenceSupport.replaced``). On by default for the packaged small model
            (``gemma-270m``), off here; ``faithful=False`` there gives the raw model output,
            which ``Summary.extra["raw_output"]`` always holds.
        threads: torch threads on CPU: "auto" (default: the cores idle when each batch
            starts, ``runtime.threads.choose_threads``; ``$SUMMARIZE_THREADS`` overrides it) or an int.
    """

    kind = "abstractive"
    batched = True  # summarize_documents batches generation

    def __init__(
        self,
        model: str,
        *,
        name: str | None = None,
        device: str | None = "auto",
        dtype: Any = "auto",
        gguf_file: str | None = None,
        trust_remote_code: bool = False,
        local_files_only: bool | None = None,
        prompt_style: str = "auto",
        template: str | None = None,
        instruction: str | None = None,
        mode: str = "map_reduce",
        max_input_tokens: int | None = None,
        extract_tokens: int | None = None,
        overlap_sentences: int = 1,
        max_rounds: int = 3,
        num_beams: int = 1,
        no_repeat_ngram_size: int | None = None,
        length_penalty: float = 1.0,
        max_new_tokens: int | None = None,
        min_new_tokens: int = 0,
        repetition_penalty: float = 1.0,
        batch_tokens: int = 16384,
        batch_size: int = 16,
        support_scorer: Any = "lexical",
        support_threshold: float | None = None,
        drop_unsupported: bool = False,
        stop_early: bool = True,
        drop_finished: bool = True,
        faithful: bool = False,
        threads: Any = "auto",
    ) -> None:
        # cheap checks first: a bad setting fails before any weights are read
        self.settings = GenerationSettings(
            max_new_tokens=max_new_tokens, num_beams=num_beams,
            no_repeat_ngram_size=no_repeat_ngram_size, length_penalty=length_penalty,
            min_new_tokens=min_new_tokens, repetition_penalty=repetition_penalty,
        )
        if mode == "auto":
            mode = "map_reduce"
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        for arg, value, lo in (("max_input_tokens", max_input_tokens, 16),
                               ("extract_tokens", extract_tokens, 8),
                               ("batch_tokens", batch_tokens, 1), ("batch_size", batch_size, 1),
                               ("overlap_sentences", overlap_sentences, 0),
                               ("max_rounds", max_rounds, 1)):
            if value is None and arg in ("max_input_tokens", "extract_tokens"):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < lo:
                raise ValueError(f"{arg} must be an int >= {lo}, got {value!r}")
        if prompt_style not in ("auto", "t5", "plain", "chat", "tldr"):
            raise ValueError(f"unknown prompt_style {prompt_style!r}; use auto, t5, plain, "
                             "chat or tldr")
        from ...provenance.support import get_scorer

        self.scorer = get_scorer(support_scorer)
        # every argument under its own name (get_params() reads the __init__ signature)
        self.model, self.device, self.dtype, self.gguf_file = model, device, dtype, gguf_file
        self.trust_remote_code, self.local_files_only = trust_remote_code, local_files_only
        self.max_input_tokens, self.support_scorer = max_input_tokens, support_scorer
        self.num_beams, self.no_repeat_ngram_size = num_beams, no_repeat_ngram_size
        self.length_penalty, self.max_new_tokens = length_penalty, max_new_tokens
        self.min_new_tokens, self.repetition_penalty = min_new_tokens, repetition_penalty
        self.support_threshold = support_threshold
        self.drop_unsupported = bool(drop_unsupported)
        self.stop_early = bool(stop_early)
        self.drop_finished = bool(drop_finished)
        if not isinstance(faithful, bool):
            raise TypeError(f"faithful must be True or False, got {faithful!r}")
        self.faithful = faithful
        choose_threads(threads if threads != "auto" else 1)  # fail now on a bad value
        self.threads = threads
        self._threads_used: dict[str, Any] = {}
        self.mode = mode
        self.prompt_style, self.template, self.instruction = prompt_style, template, instruction
        self.extract_tokens = extract_tokens
        self.overlap_sentences = overlap_sentences
        self.max_rounds = max_rounds
        self.batch_tokens, self.batch_size = batch_tokens, batch_size
        self.name = name or str(model)

    def _load(self) -> None:
        """Load the weights (once per process, ``runtime.loading``) and check the prompt style."""
        self._lm = load_model(self.model, device=self.device, dtype=self.dtype,
                              gguf_file=self.gguf_file, trust_remote_code=self.trust_remote_code,
                              local_files_only=self.local_files_only)
        self._window = self._lm.window if self.max_input_tokens is None else \
            min(self._lm.window, self.max_input_tokens)
        self.format(LengthRequest.from_args())  # fail now on an unusable prompt style

    @property
    def lm(self) -> Any:
        """The loaded model (``runtime.loading.LoadedModel``); the first use loads it."""
        self.load()
        return self._lm

    @property
    def window(self) -> int:
        """The input window in tokens (the model's, or ``max_input_tokens`` if smaller)."""
        self.load()
        return self._window

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)  # pickled (e.g. to Ray workers) without the weights
        state.pop("_lm", None)
        state.pop("_window", None)
        state.pop("_loaded", None)
        return state

    # ------------------------------------------------------------------ public API
    def _summary_params(self) -> dict[str, Any]:
        """What ``Summary.params`` records: the resolved model, device, dtype and window."""
        return {
            "model": self.lm.model_id,
            "model_kind": self.lm.kind,
            "mode": self.mode,
            "device": self.lm.device,
            "dtype": self.lm.dtype,
            "dtype_reason": self.lm.dtype_reason,
            "runtime": self.lm.runtime,
            "attention": self.lm.attention or "transformers' default",
            "max_input_tokens": self.window,
            **self.settings.as_dict(),
            "support_scorer": getattr(self.scorer, "name", type(self.scorer).__name__),
            "drop_unsupported": self.drop_unsupported,
            "stop_early": self.stop_early,
            "drop_finished": self.drop_finished,
            "faithful": self.faithful,
            "threads": self.threads,
        }

    def format(self, length: LengthRequest) -> PromptFormat:
        """The prompt format for this model and length request."""
        return prompt_format(self.lm.tokenizer, self.lm.kind, self.lm.model_type,
                             self.prompt_style, self.template, self.instruction, length)

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        """Summarize one prepared document (errors are raised)."""
        out = self._run([doc], length, progress=False)[0]
        if isinstance(out, BaseException):
            raise out
        return out

    def summarize_documents(self, docs: Sequence[Document], length: LengthRequest,
                            progress: bool = False) -> list[Summary | SummaryError]:
        """Summarize many documents with batched generation; results in input order, a
        failing document gets its ``SummaryError``."""
        return [self.error(i, out) if isinstance(out, BaseException) else out
                for i, out in enumerate(self._run(docs, length, progress))]

    def _run(self, docs: Sequence[Document], length: LengthRequest,
             progress: bool) -> list[Summary | Exception]:
        """The batched generation; a failing document gives its own ``Exception`` slot."""
        self.load()
        t0 = time.perf_counter()
        self._threads_used = {}  # thread counts of this call's batches (Summary.extra)
        fmt = self.format(length)
        results: list[Summary | Exception | None] = [None] * len(docs)
        states: list[_State] = []
        for i, doc in enumerate(docs):
            try:
                states.append(self._start(i, doc, fmt, length))
            except Exception as exc:
                results[i] = exc
        active = states
        while active:
            active = self._round(active, fmt, length, results, progress)
        elapsed = (time.perf_counter() - t0) / max(1, len(docs))
        for st in states:
            out = results[st.index]
            if isinstance(out, Summary):
                results[st.index] = _with(out, elapsed_s=elapsed)
        return [r if r is not None else RuntimeError("no result") for r in results]

    # --------------------------------------------------------------- internals
    def _count(self, text: str) -> int:
        return self.lm.count_tokens(text)

    def _new_tokens(self, length: LengthRequest, n_source: int) -> int:
        if self.settings.max_new_tokens is not None:
            return self.settings.max_new_tokens
        estimates = []
        if length.words is not None:
            estimates.append(int(length.words * 1.6) + 8)
        if length.sentences is not None or length.ratio is not None:
            estimates.append(40 * length.max_sentences(max(1, n_source)) + 8)
        return max(8, min(min(estimates), 512))

    def _budget(self, fmt: PromptFormat, new_tokens: int) -> int:
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

    def _map_tokens(self, fmt: PromptFormat, st: _State) -> tuple[int, int]:
        """(new tokens per chunk summary, text budget per chunk)."""
        full = self._budget(fmt, 0)
        new = max(16, min(max(2 * st.new_tokens, 64), full // 4))
        return new, self._budget(fmt, new)

    def _start(self, i: int, doc: Document, fmt: PromptFormat, length: LengthRequest) -> _State:
        if not isinstance(doc, Document):
            raise TypeError(f"expected a prepared Document, got {type(doc).__name__}")
        new = self._new_tokens(length, len(doc.sentences))
        budget = self._budget(fmt, new)
        sentences = [s.text for s in doc.sentences]
        st = _State(i, doc, new, sentences, whole_text=doc.source)
        st.input_tokens = self._count(doc.source)
        if self.mode == "extract":
            limit = min(budget, self.extract_tokens or min(budget, 512))
            chosen = extract_to_fit(doc, self._count, limit)
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

    def _round(self, active: list[_State], fmt: PromptFormat, length: LengthRequest,
               results: list, progress: bool) -> list[_State]:
        jobs: list[tuple[_State, str, str, int]] = []  # (state, "final"|"map", text, new)
        target = (None, None)  # stop on a repeated line only
        if not self.drop_unsupported:  # dropped sentences would need replacing
            target = (length.sentences, length.words)
        for st in active:
            try:
                budget = self._budget(fmt, st.new_tokens)
                text = st.whole_text if st.whole_text is not None else " ".join(st.sentences)
                n = st.input_tokens if st.whole_text is not None else self._count(text)
                if n <= budget or st.rounds >= self.max_rounds:
                    if n > budget:
                        text = cut_to_tokens(text, self.lm.tokenizer, budget)
                        st.truncated_input = True
                    jobs.append((st, "final", text, st.new_tokens))
                    continue
                new, chunk_budget = self._map_tokens(fmt, st)
                chunks = chunk_sentences(st.sentences, self._count, int(chunk_budget * 0.97),
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
        outs = generate_texts(
            self.lm, [j[2] for j in jobs], fmt, self.settings, [j[3] for j in jobs],
            max_input_tokens=self.window, batch_tokens=self.batch_tokens,
            batch_size=self.batch_size, progress=progress, desc=desc,
            stop_targets=[(target if j[1] == "final" else (None, None)) if self.stop_early
                          else None for j in jobs],
            drop_finished=self.drop_finished, threads=self.threads,
            report=self._threads_used,
        )
        maps: dict[int, list[str | Exception]] = {}
        by_index: dict[int, _State] = {}
        for (st, what, _, _), out in zip(jobs, outs):
            if what == "final":
                try:
                    results[st.index] = out if isinstance(out, Exception) else \
                        self._build(st, out, fmt, length)
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
            if not sentences or self._count(" ".join(sentences)) >= before:
                st.rounds = self.max_rounds  # no progress: cut what is left to fit
            next_active.append(st)
        return next_active

    def _build(self, st: _State, raw: str, fmt: PromptFormat, length: LengthRequest) -> Summary:
        from ...provenance.support import sentence_support

        source_texts = [s.text for s in st.doc.sentences]
        sentences = tidy_sentences(raw, drop_incomplete_tail=True)
        if self.faithful:
            return self._summary(st, raw, fmt, length, *faithful_sentences(
                sentences, st.doc, length, self.scorer, self.support_threshold))
        support = list(sentence_support(sentences, source_texts, self.scorer,
                                        self.support_threshold))
        dropped = 0
        if self.drop_unsupported:
            kept_pairs = [(s, sup) for s, sup in zip(sentences, support) if sup.supported]
            dropped = len(sentences) - len(kept_pairs)
            sentences = [s for s, _ in kept_pairs]
            support = [sup for _, sup in kept_pairs]
        final, truncated = fit_length(sentences, length, len(st.doc.sentences))
        support = support[:len(final)]
        if truncated:
            support = list(sentence_support(final, source_texts, self.scorer,
                                            self.support_threshold))
        extra: dict[str, Any] = {}
        if truncated:
            extra["truncated"] = True
        if self.drop_unsupported:
            extra["dropped_unsupported"] = dropped
        return self._summary(st, raw, fmt, length, final, tuple(support), extra)

    def _summary(self, st: _State, raw: str, fmt: PromptFormat, length: LengthRequest,
                 final: list[str], support: tuple, notes: dict[str, Any]) -> Summary:
        extra: dict[str, Any] = {
            "raw_output": raw,
            "input_tokens": st.input_tokens,
            "chunks": st.chunks,
            "rounds": st.rounds,
            "truncated_input": st.truncated_input,
            **notes,
        }
        if self._threads_used.get("threads"):
            extra["torch_threads"] = {"per_batch": list(self._threads_used["threads"]),
                                      "why": self._threads_used.get("threads_reason", "")}
        if st.extracted is not None:
            extra["extracted"] = list(st.extracted)
        params = {**self._summary_params(), "prompt_style": fmt.style,
                  "max_new_tokens": st.new_tokens,
                  "no_repeat_ngram_size": self.settings.generate_kwargs(
                      self.lm.kind, st.new_tokens)["no_repeat_ngram_size"],
                  **length.as_dict()}
        return Summary(
            text=" ".join(final),
            sentences=tuple(final),
            method=self.name,
            params=params,
            source=st.doc.source,
            source_sentences=st.doc.sentences,
            selected=(),
            support=tuple(support),
            extra=extra,
            kind=self.kind,
        )


def _with(summary: Summary, **changes: Any) -> Summary:
    from dataclasses import replace

    return replace(summary, **changes)
