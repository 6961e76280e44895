"""``ModelSummarizer``: any Hugging Face text generator behind the ``summarize()`` API.

One object per (model, settings); the weights are loaded once per process (``runtime.loading``).
Long inputs are fitted to the model's real window by one of three modes:

- ``"map_reduce"`` (default): sentence-aware chunks with overlap are summarized, the chunk
  summaries are joined and summarized again, repeating until the text fits;
- ``"extract"``: extract then abstract: only the best sentences by the extractive ``auto``
  method that fit ``extract_tokens`` are given to the model (one generation per document);
- ``"truncate"``: the text is cut to the window (what a hand-written loop does).

The rounds live in ``mapreduce``; this class holds the settings (``__init__`` stores and
validates them, nothing else), loads the model on first use, and turns each final output into a
``Summary``.

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
from dataclasses import replace
from typing import Any, Sequence

from ...runtime.loading import load_model
from ...runtime.threads import choose_threads
from ...summary import Summary, SummaryError
from ...text.document import Document
from ...text.length import LengthRequest
from ..base import Summarizer
from .faithful import faithful_sentences
from .generate import GenerationSettings, StopTarget, generate_texts
from .mapreduce import MODES, DocState, MapReduce
from .postprocess import fit_length, tidy_sentences
from .prompts import PROMPT_STYLES, PromptFormat, prompt_format

__all__ = ["ModelSummarizer", "MODES"]


class ModelSummarizer(Summarizer):
    """Summarize with a seq2seq or causal LM (hub id, local folder, or GGUF file).

    Args:
        model: hub id, local folder, or ``.gguf`` path.
        name: the method name shown in results (default: ``model``).
        device, dtype, gguf_file, trust_remote_code, local_files_only: see ``load_model``.
        prompt_style: "auto", "t5", "plain", "chat" or "tldr" (see ``prompts``);
            ``template`` (with ``{text}``) and ``instruction`` (chat) override it.
        mode: "map_reduce" (or "auto"), "extract" or "truncate": how long inputs are fitted
            (``mapreduce``).
        max_input_tokens: use a smaller window than the model's (faster on CPU).
        extract_tokens: input size for ``mode="extract"`` (default: min(window, 512)).
        overlap_sentences: sentences repeated between consecutive chunks.
        max_rounds: map-reduce rounds before the remaining text is cut to fit.
        num_beams, no_repeat_ngram_size, length_penalty, max_new_tokens, min_new_tokens,
            repetition_penalty: generation controls (``GenerationSettings``).
        batch_tokens, batch_size: padded tokens and items per generation batch.
        support_scorer, support_threshold: provenance scorer (default "faithfulness": every
            generated sentence gets its faithfulness score and fact flags; "lexical",
            "embedding", or an object; see ``summarize.provenance.support``).
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
            starts, ``runtime.threads.choose_threads``; ``$SUMMARIZE_THREADS`` overrides it)
            or an int.
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
        support_scorer: Any = "faithfulness",
        support_threshold: float | None = None,
        drop_unsupported: bool = False,
        stop_early: bool = True,
        drop_finished: bool = True,
        faithful: bool = False,
        threads: Any = "auto",
    ) -> None:
        # every argument under its own name (get_params() reads the __init__ signature)
        self.model, self.name = model, name or str(model)
        self.device, self.dtype, self.gguf_file = device, dtype, gguf_file
        self.trust_remote_code, self.local_files_only = trust_remote_code, local_files_only
        self.prompt_style, self.template, self.instruction = prompt_style, template, instruction
        self.mode, self.max_input_tokens = mode, max_input_tokens
        self.extract_tokens = extract_tokens
        self.overlap_sentences, self.max_rounds = overlap_sentences, max_rounds
        self.num_beams, self.no_repeat_ngram_size = num_beams, no_repeat_ngram_size
        self.length_penalty, self.max_new_tokens = length_penalty, max_new_tokens
        self.min_new_tokens, self.repetition_penalty = min_new_tokens, repetition_penalty
        self.batch_tokens, self.batch_size = batch_tokens, batch_size
        self.support_scorer, self.support_threshold = support_scorer, support_threshold
        self.drop_unsupported, self.stop_early = drop_unsupported, stop_early
        self.drop_finished, self.faithful, self.threads = drop_finished, faithful, threads
        self._validate()  # a bad setting fails here, before any weights are read

    def _validate(self) -> None:
        """Check every setting (``ValueError``/``TypeError`` naming it); loads nothing."""
        self.settings  # noqa: B018  (GenerationSettings checks the decoding controls)
        if self.mode != "auto" and self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}")
        for arg, lo in (("max_input_tokens", 16), ("extract_tokens", 8), ("batch_tokens", 1),
                        ("batch_size", 1), ("overlap_sentences", 0), ("max_rounds", 1)):
            value = getattr(self, arg)
            if value is None and arg in ("max_input_tokens", "extract_tokens"):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < lo:
                raise ValueError(f"{arg} must be an int >= {lo}, got {value!r}")
        if self.prompt_style not in PROMPT_STYLES:
            raise ValueError(f"unknown prompt_style {self.prompt_style!r}; use auto, t5, plain, "
                             "chat or tldr")
        self.scorer  # noqa: B018  (an unknown scorer name fails here)
        if not isinstance(self.faithful, bool):
            raise TypeError(f"faithful must be True or False, got {self.faithful!r}")
        choose_threads(self.threads if self.threads != "auto" else 1)

    @property
    def settings(self) -> GenerationSettings:
        """The decoding controls, checked (``GenerationSettings``)."""
        return GenerationSettings(
            max_new_tokens=self.max_new_tokens, num_beams=self.num_beams,
            no_repeat_ngram_size=self.no_repeat_ngram_size, length_penalty=self.length_penalty,
            min_new_tokens=self.min_new_tokens, repetition_penalty=self.repetition_penalty)

    @property
    def scorer(self) -> Any:
        """The support scorer (``provenance.support.get_scorer``: made once per process)."""
        from ...provenance.support import get_scorer

        return get_scorer(self.support_scorer)

    @property
    def fit_mode(self) -> str:
        """How long inputs are fitted: ``mode`` with "auto" resolved ("map_reduce")."""
        return "map_reduce" if self.mode == "auto" else self.mode

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
            "mode": self.fit_mode,
            "device": self.lm.device,
            "dtype": self.lm.dtype,
            "dtype_reason": self.lm.dtype_reason,
            "runtime": self.lm.runtime,
            "attention": self.lm.attention or "transformers' default",
            "max_input_tokens": self.window,
            **self.settings.as_dict(),
            "support_scorer": getattr(self.scorer, "name", type(self.scorer).__name__),
            "drop_unsupported": bool(self.drop_unsupported),
            "stop_early": bool(self.stop_early),
            "drop_finished": bool(self.drop_finished),
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
        failing document gets its ``SummaryError``. As in ``summarize_text``, each document's
        length is read in its language's unit (one batch per unit) and its language recorded
        in ``params``."""
        groups: dict[LengthRequest, list[int]] = {}
        for i, doc in enumerate(docs):
            groups.setdefault(length.for_language(doc.language), []).append(i)
        outs: list[Summary | Exception | None] = [None] * len(docs)
        for request, members in groups.items():
            for i, out in zip(members, self._run([docs[i] for i in members], request, progress)):
                outs[i] = out
        return [self.error(i, out) if isinstance(out, BaseException)
                else self.with_language(out, doc)  # type: ignore[arg-type]
                for i, (doc, out) in enumerate(zip(docs, outs))]

    def _run(self, docs: Sequence[Document], length: LengthRequest,
             progress: bool) -> list[Summary | Exception]:
        """The batched generation (``mapreduce.MapReduce``); a failing document gives its own
        ``Exception`` slot."""
        self.load()
        t0 = time.perf_counter()
        fmt = self.format(length)
        threads_used: dict[str, Any] = {}  # thread counts of this call's batches (Summary.extra)
        settings = self.settings
        final_stop = None  # stop_early off: every answer runs to max_new_tokens or EOS
        if self.stop_early:  # dropped sentences would need replacing: then stop on a loop only
            final_stop = (None, None) if self.drop_unsupported else \
                (length.sentences, length.words)
        plan = MapReduce(self.lm, self.window, fmt, settings.max_new_tokens, mode=self.fit_mode,
                         max_rounds=self.max_rounds, overlap_sentences=self.overlap_sentences,
                         extract_tokens=self.extract_tokens, final_stop=final_stop,
                         name=self.name)

        def generate(texts: list[str], new_tokens: list[int], stops: list[StopTarget | None],
                     desc: str) -> list[str | Exception]:
            return generate_texts(
                self.lm, texts, fmt, settings, new_tokens, max_input_tokens=self.window,
                batch_tokens=self.batch_tokens, batch_size=self.batch_size, progress=progress,
                desc=desc, stop_targets=stops, drop_finished=bool(self.drop_finished),
                threads=self.threads, report=threads_used)

        def finish(st: DocState, raw: str) -> Summary:
            return self._build(st, raw, fmt, length, threads_used)

        results = plan.run(docs, length, generate, finish)
        elapsed = (time.perf_counter() - t0) / max(1, len(docs))
        return [replace(r, elapsed_s=elapsed) if isinstance(r, Summary) else r for r in results]

    # --------------------------------------------------------------- internals
    def _build(self, st: DocState, raw: str, fmt: PromptFormat, length: LengthRequest,
               threads_used: dict[str, Any]) -> Summary:
        """The ``Summary`` of one final output: tidy sentences, their support (``faithful``:
        checked and replaced), cut to the length request."""
        from ...provenance.support import sentence_support

        source_texts = [s.text for s in st.doc.sentences]
        sentences = tidy_sentences(raw, drop_incomplete_tail=True)
        if self.faithful:
            return self._summary(st, raw, fmt, length, threads_used, *faithful_sentences(
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
        return self._summary(st, raw, fmt, length, threads_used, final, tuple(support), extra)

    def _summary(self, st: DocState, raw: str, fmt: PromptFormat, length: LengthRequest,
                 threads_used: dict[str, Any], final: list[str], support: tuple,
                 notes: dict[str, Any]) -> Summary:
        extra: dict[str, Any] = {
            "raw_output": raw,
            "input_tokens": st.input_tokens,
            "chunks": st.chunks,
            "rounds": st.rounds,
            "truncated_input": st.truncated_input,
            **notes,
        }
        if threads_used.get("threads"):
            extra["torch_threads"] = {"per_batch": list(threads_used["threads"]),
                                      "why": threads_used.get("threads_reason", "")}
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

