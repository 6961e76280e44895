"""``LLMSummarizer``: bring your own LLM, with every sentence checked.

Two backends, one request format (``backends``):

- ``method="openai:<model>"``: any OpenAI-compatible endpoint (a hosted API, llama.cpp's server,
  vLLM, Ollama, LM Studio); ``base_url=`` or ``$OPENAI_BASE_URL``, the key from
  ``$OPENAI_API_KEY`` (``api_key_env=`` names another variable) or ``api_key=``;
- ``method="llama.cpp:<file.gguf>"`` (or ``llama.cpp:gemma-270m``): a GGUF file through
  llama-cpp-python in this process.

The prompt asks for the length requested (sentences / words, ``prompts.length_hint``) in the
article's language (``summary_language=`` names another). Every generated sentence gets provenance and,
by default, the faithfulness score and fact flags (``support_scorer="faithfulness"``), so
``s.unsupported`` and the notebook views mark what the source does not say;
``faithful=True`` lets source sentences stand in for unsupported ones (``faithful``).

An article longer than the context window is summarized by map-reduce (sentence-aware chunks,
their summaries summarized again, at most ``max_rounds`` rounds, then cut): with llama.cpp the
window and token counts are exact; an endpoint's window is ``context_window=`` when given, else
learned from the server's "context length" error, and tokens are estimated conservatively.
Requests run ``concurrency`` at a time, time out, and retry on 429/5xx with backoff; token
counts, latency, retries and cache hits land in ``Summary.extra``; ``cache=<folder>`` answers
repeated requests from disk (``cache``). The API key never appears in ``Summary.params``,
records, reprs, logs or error messages.

Example:
    >>> from summarize import summarize
    >>> s = summarize(article, method="openai:gpt-4o-mini", sentences=2)  # doctest: +SKIP
    >>> s.extra["usage"], s.unsupported  # doctest: +SKIP
    ({'prompt_tokens': 812, 'completion_tokens': 41, 'total_tokens': 853}, [])
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Sequence

from ...summary import Summary, SummaryError, plural
from ...text.document import Document
from ...text.length import LengthRequest
from ..base import Summarizer
from .backends import EndpointBackend, LlamaCppBackend
from .cache import cache_from
from .client import (ContextWindowError, EndpointError, EndpointResponseError, Secret,
                     public_url, scrub)

__all__ = ["LLMSummarizer", "BACKENDS", "DEFAULT_BASE_URL", "EmptyCompletionError",
           "openai_endpoint", "llama_cpp"]

log = logging.getLogger(__name__)

BACKENDS = ("openai", "llama.cpp")
DEFAULT_BASE_URL = "https://api.openai.com/v1"
_LANGUAGE_SAME = " Write it in the language of the article."
_MARGIN = 8  # tokens kept free: chat templates and estimates differ a little
_MAX_WINDOW_TRIES = 4


class LLMSummarizer(Summarizer):
    """Summarize with an OpenAI-compatible endpoint or a GGUF file through llama.cpp.

    Args:
        model: the model name the endpoint serves (``backend="openai"``), or a ``.gguf`` path
            (``backend="llama.cpp"``).
        backend: "openai" (any OpenAI-compatible endpoint) or "llama.cpp" (in this process).
        name: the method name shown in results (default ``"<backend>:<model>"``).
        base_url: the endpoint, e.g. ``http://127.0.0.1:8080/v1`` (default
            ``$OPENAI_BASE_URL``, else OpenAI's).
        api_key: the key (better: leave None and set ``$OPENAI_API_KEY``); never shown.
        api_key_env: the environment variable read when ``api_key`` is None.
        prompt_style: "chat" (chat completions with an instruction) or "tldr" (plain
            completion of ``text + "\\n\\nTL;DR:"``, for base models); ``template`` (with
            ``{text}``) gives your own completion prompt, ``instruction`` your own chat
            instruction (``{hint}`` is replaced by the length request).
        summary_language: the summary's language, e.g. "French" (default: the article's).
        temperature: 0 (default) is greedy decoding: repeatable, and cacheable.
        max_new_tokens: the answer's token limit (default: from the length request).
        context_window: the model's window in tokens (llama.cpp: its ``n_ctx``, default the
            training context up to 4096; endpoints: default unknown, learned on overflow).
        mode: "map_reduce" (default) or "truncate" for texts over the window.
        max_rounds, overlap_sentences: map-reduce rounds and sentences repeated between chunks.
        concurrency: requests in flight at once (endpoints; llama.cpp runs one at a time).
        timeout, max_retries: seconds per attempt, and retries on 429/5xx/timeouts.
        cache: a folder for the response cache (None: no cache).
        support_scorer, support_threshold: how generated sentences are checked (default the
            faithfulness score, with fact flags).
        faithful: replace unsupported sentences by the source sentences they paraphrase and fill
            to the length asked for (``faithful.faithful_sentences``).
        threads: llama.cpp threads ("auto": every core this process may use).
        extra_body: more fields for every request body, for server-specific options (e.g.
            ``{"top_k": 1, "repeat_penalty": 1.0}`` for llama.cpp, vLLM or Ollama).
    """

    kind = "abstractive"
    batched = True  # summarize_documents runs documents concurrently
    description = ("Your own LLM: an OpenAI-compatible endpoint ('openai:<model>') or a GGUF "
                   "file through llama.cpp ('llama.cpp:<path>'), every sentence checked.")

    def __init__(
        self,
        model: str,
        *,
        backend: str = "openai",
        name: str | None = None,
        base_url: "str | Secret | None" = None,
        api_key: "str | Secret | None" = None,
        api_key_env: str = "OPENAI_API_KEY",
        prompt_style: str = "chat",
        template: str | None = None,
        instruction: str | None = None,
        summary_language: str | None = None,
        temperature: float = 0.0,
        max_new_tokens: int | None = None,
        context_window: int | None = None,
        mode: str = "map_reduce",
        max_rounds: int = 3,
        overlap_sentences: int = 1,
        concurrency: int = 4,
        timeout: float = 60.0,
        max_retries: int = 4,
        cache: Any = None,
        support_scorer: Any = "faithfulness",
        support_threshold: float | None = None,
        faithful: bool = False,
        threads: Any = "auto",
        extra_body: dict | None = None,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise ValueError(f"model must be a non-empty str, got {model!r}")
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
        if prompt_style not in ("chat", "tldr"):
            raise ValueError(f"prompt_style must be 'chat' or 'tldr', got {prompt_style!r}")
        if template is not None and (not isinstance(template, str) or "{text}" not in template):
            raise ValueError("template must be a str containing '{text}'")
        if mode not in ("map_reduce", "truncate"):
            raise ValueError(f"mode must be 'map_reduce' or 'truncate', got {mode!r}")
        for arg, value, lo in (("max_new_tokens", max_new_tokens, 1),
                               ("context_window", context_window, 64),
                               ("max_rounds", max_rounds, 1),
                               ("overlap_sentences", overlap_sentences, 0),
                               ("concurrency", concurrency, 1), ("max_retries", max_retries, 0)):
            if value is None and arg in ("max_new_tokens", "context_window"):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < lo:
                raise ValueError(f"{arg} must be an int >= {lo}, got {value!r}")
        if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or \
                not 0 <= temperature <= 2:
            raise ValueError(f"temperature must be a number in [0, 2], got {temperature!r}")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        if not isinstance(faithful, bool):
            raise TypeError(f"faithful must be True or False, got {faithful!r}")
        if extra_body is not None and (not isinstance(extra_body, dict) or any(
                k in ("model", "messages", "prompt") for k in extra_body)):
            raise ValueError("extra_body must be a dict of extra request fields (not model, "
                             "messages or prompt)")
        if base_url is not None:
            EndpointBackend(base_url, None, None)  # a malformed URL fails now
        from ...provenance.support import get_scorer

        self.scorer = get_scorer(support_scorer)
        self._cache = cache_from(cache)
        self.model, self.backend = model, backend
        self.base_url = None if base_url is None else Secret.url(base_url)
        self.api_key = None if api_key is None else Secret(api_key)
        self.api_key_env = api_key_env
        self.prompt_style, self.template, self.instruction = prompt_style, template, instruction
        self.summary_language, self.temperature = summary_language, float(temperature)
        self.max_new_tokens, self.context_window = max_new_tokens, context_window
        self.mode, self.max_rounds, self.overlap_sentences = mode, max_rounds, overlap_sentences
        self.concurrency, self.timeout, self.max_retries = concurrency, timeout, max_retries
        self.cache = cache if not isinstance(cache, os.PathLike) else os.fspath(cache)
        self.support_scorer, self.support_threshold = support_scorer, support_threshold
        self.faithful, self.threads = faithful, threads
        self.extra_body = extra_body
        self.name = name or f"{backend}:{model}"
        self._backend: Any = None
        self._learned_window: int | None = None

    # ---------------------------------------------------------------- set-up
    def _load(self) -> None:
        if self.backend == "llama.cpp":
            self._backend = LlamaCppBackend(self.model, self.context_window, self.threads)
            self._backend.load()
            return
        url = self.base_url or Secret.url(os.environ.get("OPENAI_BASE_URL") or
                                          DEFAULT_BASE_URL)
        key = self.api_key
        if key is None and self.api_key_env and os.environ.get(self.api_key_env):
            key = Secret(os.environ[self.api_key_env])
        if key is None and str(url).rstrip("/") == DEFAULT_BASE_URL:
            raise ValueError(f"no API key for {DEFAULT_BASE_URL}: set the environment variable "
                             f"{self.api_key_env} (or pass api_key=), or give base_url= for a "
                             "local server")
        self._backend = EndpointBackend(url, key, self.context_window, timeout=self.timeout,
                                        max_retries=self.max_retries,
                                        concurrency=self.concurrency)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)  # pickled (to Ray workers) without the loaded backend
        for k in ("_backend", "_loaded"):
            state.pop(k, None)
        state["_backend"] = None
        return state

    @property
    def where(self) -> str:
        """What answers: the endpoint's URL (no secrets) or the GGUF file."""
        self.load()
        return self._backend.identity

    def _window(self) -> int | None:
        if self._learned_window is not None:
            return self._learned_window
        return self._backend.window

    # ---------------------------------------------------------------- prompts
    def _new_tokens(self, length: LengthRequest, n_source: int) -> int:
        """``max_new_tokens``, else an estimate from the length request (2 tokens a word, 48 a
        sentence: chat models' tokenizers; 16 to 1,024)."""
        if self.max_new_tokens is not None:
            return self.max_new_tokens
        return length.new_tokens(n_source, per_word=2, per_sentence=48, slack=16, most=1024)

    def _request(self, text: str, length: LengthRequest, new_tokens: int) -> tuple[str, dict]:
        """(kind, body) of the request for ``text``: the same body for every backend."""
        from ..models.prompts import DEFAULT_INSTRUCTION, PromptFormat, length_hint

        body: dict[str, Any] = {"model": self.model, "max_tokens": int(new_tokens),
                                "temperature": self.temperature}
        body.update(self.extra_body or {})
        if self.template is not None or self.prompt_style == "tldr":
            fmt = PromptFormat("custom", self.template) if self.template is not None else \
                PromptFormat("tldr", "{text}\n\nTL;DR:")
            body["prompt"] = fmt.render(text)
            if fmt.stop_strings:
                body["stop"] = list(fmt.stop_strings)
            return "completion", body
        instruction = (self.instruction or DEFAULT_INSTRUCTION).replace(
            "{hint}", length_hint(length))
        instruction += (f" Write it in {self.summary_language}." if self.summary_language
                        else _LANGUAGE_SAME)
        body["messages"] = [{"role": "user", "content": f"{instruction}\n\n{text}"}]
        return "chat", body

    def _prompt_tokens(self, kind: str, body: dict) -> int:
        text = body["prompt"] if kind == "completion" else body["messages"][0]["content"]
        return self._backend.count_tokens(text) + (0 if kind == "completion" else 16)

    # --------------------------------------------------------------- calling
    def _call(self, kind: str, body: dict, notes: dict) -> str:
        """One completion (from the cache when it has it); its text. Empty, refused or
        malformed answers raise ``EndpointResponseError``."""
        cache_key = None
        answer = None
        if self._cache is not None and self.temperature == 0:
            cache_key = self._cache.key(self._backend.identity + "/" + kind, body)
            answer = self._cache.get(cache_key)
        cached = answer is not None
        if answer is None:
            try:
                answer, info = self._backend.complete(kind, body)
            except EndpointResponseError as exc:
                if exc.status == 404:
                    raise EndpointResponseError(self._not_found(str(exc)), 404) from None
                raise
            notes["latency_s"] = notes.get("latency_s", 0.0) + info.get("latency_s", 0.0)
            notes["retries"] = notes.get("retries", 0) + info.get("retries", 0)
        usage = answer.get("usage") if isinstance(answer.get("usage"), dict) else {}
        total = notes.setdefault("usage", {"prompt_tokens": 0, "completion_tokens": 0,
                                           "total_tokens": 0})
        for k in total:
            v = usage.get(k)
            if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
                total[k] += v
        notes["calls"] = notes.get("calls", 0) + 1
        notes["cached_calls"] = notes.get("cached_calls", 0) + int(cached)
        try:
            text, finish = _completion_text(answer, kind, self._where_text())
        except EmptyCompletionError:
            if not body.get("stop"):
                raise
            if cache_key is not None and not cached:  # a real answer: never paid twice
                self._cache.put(cache_key, answer)
            # a base model that opens its answer with the stop string (a blank line after
            # "TL;DR:") says nothing: ask again without it and keep the first paragraph
            notes["blank_start_retry"] = True
            again = {k: v for k, v in body.items() if k != "stop"}
            return _first_paragraph(self._call(kind, again, notes), body["stop"])
        if cache_key is not None and not cached:
            self._cache.put(cache_key, answer)
        notes["finish_reason"] = finish
        served = answer.get("model")
        if isinstance(served, str):
            notes["served_model"] = served[:200]
        return text

    def _where_text(self) -> str:
        return f"{self.name} at {self._backend.identity}"

    def _not_found(self, message: str) -> str:
        try:
            models = self._backend.list_models()
        except Exception:  # the listing is only a hint
            models = []
        if models:
            message += f"; the endpoint serves: {', '.join(map(repr, models))}"
        return message

    # ---------------------------------------------------------- summarizing
    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        """Summarize one prepared document (errors raise)."""
        self.load()
        t0 = time.perf_counter()
        out = self._one(doc, length)
        return replace(out, elapsed_s=time.perf_counter() - t0)

    def summarize_documents(self, docs: Sequence[Document], length: LengthRequest,
                            progress: bool = False) -> list[Summary | SummaryError]:
        """Summarize many documents, ``concurrency`` at a time, in order; a failing document
        gets its ``SummaryError`` and the others complete. As in ``summarize_text``, each
        document's length is read in its language's unit and its language recorded."""
        self.load()
        workers = 1 if self.backend == "llama.cpp" else self.concurrency

        def run(i: int) -> Summary | SummaryError:
            t0 = time.perf_counter()
            try:
                doc = docs[i]
                out = self.with_language(
                    self.finish(self._one(doc, length.for_language(doc.language))), doc)
                return replace(out, elapsed_s=time.perf_counter() - t0)
            except Exception as exc:  # a batch keeps its good items
                return self.error(i, exc)

        if workers == 1 or len(docs) < 2:
            items = range(len(docs))
            if progress and len(docs) > 1:
                from tqdm.auto import tqdm

                items = tqdm(items, desc=f"summarize[{self.name}]", unit="doc")
            return [run(i) for i in items]
        with ThreadPoolExecutor(max_workers=min(workers, len(docs))) as pool:
            return list(pool.map(run, range(len(docs))))

    def error(self, index: int, exc: BaseException) -> SummaryError:
        err = super().error(index, exc)
        return replace(err, message=scrub(err.message, self.api_key, _env_key(self)))

    def _one(self, doc: Document, length: LengthRequest) -> Summary:
        if not isinstance(doc, Document):
            raise TypeError(f"expected a prepared Document, got {type(doc).__name__}")
        notes: dict[str, Any] = {"rounds": 0, "chunks": 0, "truncated_input": False}
        new = self._new_tokens(length, len(doc.sentences))
        sentences = [s.text for s in doc.sentences]
        text = doc.source
        for _ in range(_MAX_WINDOW_TRIES):
            try:
                raw = self._reduce(text, sentences, length, new, notes)
                break
            except ContextWindowError as exc:
                self._learn_window(exc, text, length, new)
        else:
            raise EndpointError(f"{self._where_text()} refused the prompt as too long even "
                                f"after map-reduce with a window of "
                                f"{plural(self._window() or 0, 'token')}; give context_window=")
        return self._build(doc, raw, length, new, notes)

    def _learn_window(self, exc: ContextWindowError, text: str, length: LengthRequest,
                      new: int) -> None:
        """After a "context length" error: the window the server named, else half of what the
        last prompt was estimated to need."""
        kind, body = self._request(text, length, new)
        needed = self._prompt_tokens(kind, body) + new
        known = exc.window if exc.window and exc.window < needed else None
        current = self._window()
        guess = known or max(256, min(needed, current or needed) // 2)
        self._learned_window = guess if current is None else min(current, guess)
        log.info("%s: context window taken as %d tokens (%s)", self.name,
                 self._learned_window, "from the server" if known else "estimated")

    def _budget(self, length: LengthRequest, new: int) -> int | None:
        window = self._window()
        if window is None:
            return None
        kind, body = self._request("", length, new)
        budget = window - self._prompt_tokens(kind, body) - new - _MARGIN
        if budget < 16:
            raise ValueError(f"the context window ({plural(window, 'token')}) leaves no room for "
                             f"the text after the prompt and {plural(new, 'new token')}; lower "
                             "max_new_tokens or the length request")
        return budget

    def _reduce(self, text: str, sentences: list[str], length: LengthRequest, new: int,
                notes: dict) -> str:
        """Map-reduce until the text fits the window, then the final completion."""
        from ..models.chunking import chunk_sentences

        while True:
            budget = self._budget(length, new)
            n = self._backend.count_tokens(text)
            if budget is None or n <= budget:
                break
            if self.mode == "truncate" or notes["rounds"] >= self.max_rounds:
                text = self._cut(text, budget)
                notes["truncated_input"] = True
                break
            map_new = max(64, min(2 * new, budget // 4))
            chunk_budget = self._budget(length, map_new) or budget
            chunks = chunk_sentences(sentences, self._backend.count_tokens,
                                     int(chunk_budget * 0.97), self.overlap_sentences)
            notes["chunks"] += len(chunks)
            pieces = [self._call(*self._request(" ".join(c), length, map_new), notes)
                      for c in chunks]
            from ..models.postprocess import tidy_sentences

            merged: list[str] = []
            for p in pieces:
                merged.extend(tidy_sentences(p))
            notes["rounds"] += 1
            joined = " ".join(merged)
            if not merged or self._backend.count_tokens(joined) >= n:
                notes["rounds"] = self.max_rounds  # no progress: cut what is left
            else:
                text, sentences = joined, merged
        return self._call(*self._request(text, length, new), notes)

    def _cut(self, text: str, budget: int) -> str:
        """``text`` cut at a word boundary to at most ``budget`` tokens."""
        while text and self._backend.count_tokens(text) > budget:
            keep = max(1, int(len(text) * budget / self._backend.count_tokens(text) * 0.95))
            cut = text[:keep]
            text = cut.rsplit(" ", 1)[0] if " " in cut else cut
        return text

    def _build(self, doc: Document, raw: str, length: LengthRequest, new: int,
               notes: dict) -> Summary:
        from ...provenance.support import sentence_support
        from ..models.faithful import faithful_sentences
        from ..models.postprocess import fit_length, tidy_sentences

        source_texts = [s.text for s in doc.sentences]
        sentences = tidy_sentences(raw, drop_incomplete_tail=True)
        extra: dict[str, Any] = {"raw_output": raw, **notes}
        if self.faithful:
            final, support, fnotes = faithful_sentences(sentences, doc, length, self.scorer,
                                                        self.support_threshold)
            extra.update(fnotes)
        else:
            final, truncated = fit_length(sentences, length, len(doc.sentences))
            if len(final) < len(sentences) or truncated:
                extra["cut_to_length"] = len(sentences) - len(final) + int(truncated)
            if truncated:
                extra["truncated"] = True
            support = tuple(sentence_support(final, source_texts, self.scorer,
                                             self.support_threshold))
        if final and not any(s.supported for s in support):
            extra["warning"] = ("no sentence of the answer is supported by the source (a "
                                "different language or topic?); faithful=True replaces them")
        return Summary(text=" ".join(final), sentences=tuple(final), method=self.name,
                       params={**self._summary_params(), "max_new_tokens": new,
                               **length.as_dict()},
                       source=doc.source, source_sentences=doc.sentences, selected=(),
                       support=tuple(support), extra=extra, kind=self.kind)

    def _summary_params(self) -> dict[str, Any]:
        """What ``Summary.params`` records (never the key)."""
        return {
            "model": self.model, "backend": self.backend, "endpoint": self._backend.identity,
            "prompt_style": "custom" if self.template else self.prompt_style,
            "summary_language": self.summary_language or "same as the article",
            "temperature": self.temperature, "context_window": self._window(),
            "mode": self.mode,
            "support_scorer": getattr(self.scorer, "name", type(self.scorer).__name__),
            "faithful": self.faithful,
        }


def _env_key(s: LLMSummarizer) -> str | None:
    return os.environ.get(s.api_key_env) if s.api_key_env else None


def _completion_text(answer: dict, kind: str, where: str) -> tuple[str, str]:
    """(text, finish_reason) of an OpenAI-style answer, checked (it may come from a cache or
    a server that is not what it claims)."""
    choices = answer.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        error = answer.get("error")
        detail = f": {str(error)[:200]}" if error else ""
        raise EndpointResponseError(f"{where} answered without a completion (no choices)"
                                    f"{detail}")
    first = choices[0]
    finish = first.get("finish_reason")
    finish = finish if isinstance(finish, str) else ""
    if kind == "chat":
        message = first.get("message")
        if not isinstance(message, dict):
            raise EndpointResponseError(f"{where} answered without a message")
        refusal = message.get("refusal")
        if isinstance(refusal, str) and refusal.strip():
            raise EndpointResponseError(f"{where} refused to summarize: {refusal.strip()[:200]!r}")
        text = message.get("content")
    else:
        text = first.get("text")
    if finish == "content_filter":
        raise EndpointResponseError(f"{where} withheld the completion (content filter)")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise EndpointResponseError(f"{where} answered with a completion that is not text "
                                    f"({type(text).__name__})")
    if not text.strip():
        raise EmptyCompletionError(f"{where} gave an empty completion "
                                   f"(finish_reason={finish or 'none'!r})")
    return text, finish


class EmptyCompletionError(EndpointResponseError):
    """The model answered with nothing (or only white space)."""


def _first_paragraph(text: str, stops: Sequence[str]) -> str:
    """``text`` without leading blank lines, up to the first stop string after that.

    Example:
        >>> _first_paragraph("\\n\\nRain fell.\\n\\nAn ad.", ["\\n\\n"])
        'Rain fell.'
    """
    text = text.lstrip()
    cut = min((i for i in (text.find(s) for s in stops if s) if i >= 0), default=len(text))
    out = text[:cut].strip()
    if not out:
        raise EmptyCompletionError("the model gave no text before its stop string")
    return out


def openai_endpoint(model: str | None = None, **params: Any) -> LLMSummarizer:
    """An OpenAI-compatible endpoint: method='openai:<model>' with base_url= (or
    $OPENAI_BASE_URL) and the key in $OPENAI_API_KEY; every sentence checked."""
    if not model:
        raise ValueError("method 'openai' needs a model name: method='openai:<model>' or "
                         "model='<model>'")
    return LLMSummarizer(model, backend="openai", **params)
openai_endpoint.kind = "abstractive"  # type: ignore[attr-defined]


def llama_cpp(model: str | None = None, **params: Any) -> LLMSummarizer:
    """A GGUF file through llama.cpp in this process: method='llama.cpp:<file.gguf>'
    ('llama.cpp:gemma-270m': the packaged base model, TL;DR prompt); every sentence checked."""
    if not model:
        raise ValueError("method 'llama.cpp' needs a GGUF file: method='llama.cpp:<path>'")
    if model == "gemma-270m":
        from ...runtime.packaged import gemma_270m_path

        params.setdefault("name", "llama.cpp:gemma-270m")
        params.setdefault("prompt_style", "tldr")  # a base model: no chat template
        model = gemma_270m_path()
    return LLMSummarizer(model, backend="llama.cpp", **params)
llama_cpp.kind = "abstractive"  # type: ignore[attr-defined]
