"""Batched ``generate``: validated settings, token-budget batches, results in input order.

Example:
    >>> GenerationSettings(num_beams=4, no_repeat_ngram_size=3).num_beams
    4
    >>> GenerationSettings(num_beams=0)
    Traceback (most recent call last):
    ...
    ValueError: num_beams must be an int in [1, 32], got 0
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import asdict, dataclass
from typing import Any, Sequence

from ...runtime.batching import plan_batches, scatter
from ...runtime.decode import fast_greedy_applies, greedy_decode
from ...runtime.deps import require
from ...runtime.loading import LoadedModel
from ...runtime.threads import choose_threads, torch_threads
from .prompts import PromptFormat

__all__ = ["GenerationSettings", "generate_texts", "StopTarget", "MAX_NEW_TOKENS_LIMIT"]

MAX_NEW_TOKENS_LIMIT = 4096
# decoder-only prompts longer than this are prefilled in chunks of this many tokens on CPU:
# smaller activations, faster (16 Gemma prompts: 12.2 -> 9.8 s in bf16, 24.8 -> 21.8 s in
# float32 on 2 cores; float32 outputs identical)
PREFILL_CHUNK_TOKENS = 128

# (sentences, words) after which a line-by-line answer may stop; None = no limit
StopTarget = tuple  # tuple[int | None, int | None]


def _check_int(name: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not lo <= value <= hi:
        raise ValueError(f"{name} must be an int in [{lo}, {hi}], got {value!r}")
    return int(value)


def _check_float(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
            not math.isfinite(float(value)) or not lo <= float(value) <= hi:
        raise ValueError(f"{name} must be a number in [{lo}, {hi}], got {value!r}")
    return float(value)


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding controls, checked on creation (out of range -> ``ValueError``).

    Attributes:
        max_new_tokens: cap on generated tokens; None derives it from the length request.
        num_beams: 1 = greedy (fastest on CPU); more = beam search.
        no_repeat_ngram_size: forbid repeating any n-gram of this size (0 = off). None: 3 for
            encoder-decoders, 0 for decoder-only LMs (whose prompt holds the article, so the
            rule would forbid copying facts from it).
        length_penalty: beam search only; > 1 favours longer outputs.
        min_new_tokens: generate at least this many tokens.
        repetition_penalty: 1.0 = off.
    """

    max_new_tokens: int | None = None
    num_beams: int = 1
    no_repeat_ngram_size: int | None = None
    length_penalty: float = 1.0
    min_new_tokens: int = 0
    repetition_penalty: float = 1.0

    def __post_init__(self) -> None:
        if self.max_new_tokens is not None:
            _check_int("max_new_tokens", self.max_new_tokens, 1, MAX_NEW_TOKENS_LIMIT)
        _check_int("num_beams", self.num_beams, 1, 32)
        if self.no_repeat_ngram_size is not None:
            _check_int("no_repeat_ngram_size", self.no_repeat_ngram_size, 0, 32)
        _check_float("length_penalty", self.length_penalty, -10.0, 10.0)
        _check_int("min_new_tokens", self.min_new_tokens, 0, MAX_NEW_TOKENS_LIMIT)
        _check_float("repetition_penalty", self.repetition_penalty, 0.5, 10.0)
        if self.max_new_tokens is not None and self.min_new_tokens > self.max_new_tokens:
            raise ValueError(f"min_new_tokens ({self.min_new_tokens}) is larger than "
                             f"max_new_tokens ({self.max_new_tokens})")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def generate_kwargs(self, kind: str, max_new_tokens: int) -> dict[str, Any]:
        """Keyword arguments for ``model.generate`` (greedy/beam, no sampling)."""
        ngram = self.no_repeat_ngram_size
        if ngram is None:
            ngram = 3 if kind == "seq2seq" else 0
        kwargs: dict[str, Any] = {
            "max_new_tokens": int(max_new_tokens),
            # also overrides a model's own min_length (bart-large-cnn: 56), which would
            # otherwise force long outputs past small word budgets
            "min_new_tokens": min(self.min_new_tokens, int(max_new_tokens)),
            "num_beams": self.num_beams,
            "do_sample": False,
            "no_repeat_ngram_size": ngram,
            "repetition_penalty": self.repetition_penalty,
        }
        if self.num_beams > 1:
            kwargs["length_penalty"] = self.length_penalty
            kwargs["early_stopping"] = True
        return kwargs


def generate_texts(
    lm: LoadedModel,
    texts: Sequence[str],
    fmt: PromptFormat,
    settings: GenerationSettings,
    max_new_tokens: Sequence[int],
    max_input_tokens: int,
    batch_tokens: int = 16384,
    batch_size: int = 16,
    progress: bool = False,
    desc: str = "generate",
    stop_targets: Sequence[StopTarget] | None = None,
    drop_finished: bool = True,
    threads: Any = "auto",
    report: dict[str, Any] | None = None,
) -> list[str | Exception]:
    """Generate one output per text (rendered with ``fmt``), in input order.

    Prompts are cut to ``max_input_tokens`` as a safety net (callers chunk first), batched by
    length under ``batch_tokens`` (prompt + new tokens, padded), padded on the left for
    decoder-only models. ``stop_targets`` (decoder-only, greedy) end a row early once its
    complete lines repeat a line or hold enough sentences/words. With ``drop_finished`` (the
    default), greedy decoder-only generation runs ``runtime.decode.greedy_decode``, which removes ended
    rows from the batch (the same search as ``generate``); otherwise ``model.generate`` runs.
    When a batch fails, its items are retried one by one so one bad item costs only its own
    slot (an ``Exception`` in the result list). On CPU each batch runs on ``threads`` torch
    threads ("auto": the cores free right now, ``runtime.threads.choose_threads``); ``report``, when
    given, receives the thread counts used and why.
    """
    torch = require("torch")
    tok = lm.tokenizer
    prompts = [fmt.render(t) for t in texts]
    tok.truncation_side = "left" if lm.kind == "causal" else "right"
    encoded = [
        tok(p, add_special_tokens=fmt.add_special_tokens, truncation=True,
            max_length=max_input_tokens)["input_ids"]
        for p in prompts
    ]
    costs = [len(ids) + int(m) for ids, m in zip(encoded, max_new_tokens)]
    targets = list(stop_targets) if stop_targets is not None else [None] * len(texts)
    groups = [(int(m), t) for m, t in zip(max_new_tokens, targets)]
    batches = plan_batches(costs, batch_tokens, batch_size, groups=groups)
    bar = None
    if progress and len(texts) > 1:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc=desc, unit="text")
    outputs: list[list[str | Exception]] = []
    try:
        for batch in batches:
            ids = [encoded[i] for i in batch]
            new = int(max_new_tokens[batch[0]])
            target = targets[batch[0]]
            n_threads, why = choose_threads(threads) if lm.device == "cpu" else \
                (torch.get_num_threads(), "not on CPU")
            if report is not None:
                report.setdefault("threads", []).append(n_threads)
                report["threads_reason"] = why
            with torch_threads(n_threads):
                outs = _run_isolated(lm, ids, fmt, settings, new, torch, target, drop_finished)
            outputs.append(outs)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    return scatter(batches, outputs, len(texts))


def _run_isolated(lm: LoadedModel, ids: list[list[int]], fmt: PromptFormat,
                  settings: GenerationSettings, new: int, torch: Any, target: StopTarget | None,
                  drop_finished: bool) -> list[str | Exception]:
    """One batch; when it fails, its items one by one (a bad item costs only its own slot)."""
    try:
        return list(_run(lm, ids, fmt, settings, new, torch, target, drop_finished))
    except Exception as exc:  # isolate the failing item(s)
        if len(ids) == 1:
            return [exc]
    outs: list[str | Exception] = []
    for one in ids:
        try:
            outs.extend(_run(lm, [one], fmt, settings, new, torch, target, drop_finished))
        except Exception as exc_one:
            outs.append(exc_one)
    return outs


def _run(lm: LoadedModel, ids: list[list[int]], fmt: PromptFormat, settings: GenerationSettings,
         max_new: int, torch: Any, target: StopTarget | None = None,
         drop_finished: bool = True) -> list[str]:
    tok = lm.tokenizer
    padded = tok.pad({"input_ids": ids}, padding=True, return_tensors="pt")
    input_ids = padded["input_ids"].to(lm.device)
    attention = padded["attention_mask"].to(lm.device)
    causal = lm.kind == "causal"
    chunk = PREFILL_CHUNK_TOKENS if causal and lm.device == "cpu" and settings.num_beams == 1 \
        and input_ids.shape[1] > PREFILL_CHUNK_TOKENS else None
    # an answer cue ("TL;DR:") followed by a blank line is an empty answer: never start so
    suppress = list(blank_start_ids(tok)) if fmt.stop_strings and causal else []
    if target is not None and not (causal and settings.num_beams == 1):
        target = None
    if drop_finished and fast_greedy_applies(lm.model, settings):
        tails = [tok.decode(row[-8:], skip_special_tokens=True) for row in ids]
        rows = greedy_decode(lm.model, input_ids, attention, max_new_tokens=max_new,
                             stop=_row_stop(tok, fmt.stop_strings, target, tails),
                             begin_suppress=suppress, prefill_chunk=chunk)
        return [tok.decode(r, skip_special_tokens=True) for r in rows]
    kwargs = settings.generate_kwargs(lm.kind, max_new)
    if fmt.stop_strings:
        kwargs["stop_strings"] = list(fmt.stop_strings)
        kwargs["tokenizer"] = tok
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    if chunk:
        kwargs["prefill_chunk_size"] = chunk
    if suppress:
        kwargs["begin_suppress_tokens"] = suppress
    if target is not None:
        transformers = require("transformers")
        kwargs["stopping_criteria"] = transformers.StoppingCriteriaList(
            [_line_stop(transformers, tok, input_ids.shape[1], target, torch)])
    with torch.inference_mode():
        out = lm.generation_model().generate(input_ids=input_ids, attention_mask=attention,
                                pad_token_id=pad_id, **kwargs)
    if causal:
        out = out[:, input_ids.shape[1]:]
    return tok.batch_decode(out, skip_special_tokens=True)


def _row_stop(tok: Any, stop_strings: Sequence[str], target: StopTarget | None,
              prompt_tails: Sequence[str]):
    """``stop(row, new_ids)`` for ``greedy_decode``: a stop string that the newest token
    completes (``generate``'s rule: the match overlaps the last token; the prompt's end counts),
    or the length target reached (``_target_reached``). None when there is neither."""
    if not stop_strings and target is None:
        return None

    previous: dict[int, str] = {}  # each row's decoded answer one token ago

    def stop(row: int, new_ids: list[int]) -> bool:
        now = tok.decode(new_ids, skip_special_tokens=True)
        before = previous.get(row, "")
        previous[row] = now
        if stop_strings:
            text, seen = prompt_tails[row] + now, len(prompt_tails[row]) + len(before)
            for s in stop_strings:
                if text.find(s, max(0, seen - len(s) + 1)) != -1:
                    return True
        if target is not None:
            return _target_reached(now, target)
        return False

    return stop


def _target_reached(text: str, target: StopTarget) -> bool:
    """Whether an answer is looping (a complete line or a complete sentence repeats an earlier
    one) or its distinct complete sentences already hold ``target`` = (sentences, words): what
    the length cut would keep is then fixed. A sentence counts as complete once a line break or
    the start of the next sentence follows it; sentences are told apart by their words, as
    ``postprocess.tidy_sentences`` does.

    Example:
        >>> _target_reached("Rain fell. Roads shut. Sch", (2, None))
        True
        >>> _target_reached("Rain fell. Roads shut.", (2, None))
        False
        >>> _target_reached("Rain fell. Rain fell. Ro", (3, None))
        True
    """
    from ...text.sentences import split_sentences
    from ...text.tokens import count_words, tokenize_words

    max_sentences, max_words = target
    *complete, current = text.split("\n")
    lines = [ln.strip() for ln in complete if ln.strip()]
    if len(set(lines)) < len(lines):
        return True
    sentences = [s.text for ln in lines for s in split_sentences(ln)]
    if current.strip():  # the line being written: its sentences but the last, still open
        sentences += [s.text for s in split_sentences(current.strip())[:-1]]
    keys = [k for k in (tuple(tokenize_words(s)) for s in sentences) if k]
    if len(set(keys)) < len(keys):
        return True
    if max_sentences is not None and len(keys) >= max_sentences:
        return True
    return max_words is not None and sum(count_words(s) for s in sentences) >= max_words


# characters a vocabulary piece for a line break may consist of (raw, byte-level BPE's "Ċ"/"Ġ",
# SentencePiece's "▁"); candidates are confirmed by decoding them
_BLANK_PIECE_CHARS = frozenset("\n\r\t \u010a\u010d\u0120\u0109\u2581")


@functools.lru_cache(maxsize=16)
def blank_start_ids(tok: Any) -> tuple[int, ...]:
    """Ids of the vocabulary's line-break tokens ("\\n", "\\n\\n", byte-level "Ċ", ...) and EOS:
    the tokens an answer after a cue such as "TL;DR:" may not start with (it would be empty).

    Example:
        >>> blank_start_ids(tokenizer)  # doctest: +SKIP
        (1, 107, 108, 109)
    """
    ids = set()
    for piece, i in tok.get_vocab().items():
        if piece == "<0x0A>" or (piece and set(piece) <= _BLANK_PIECE_CHARS):
            text = tok.decode([i])
            if "\n" in text and not text.strip():
                ids.add(int(i))
    if tok.eos_token_id is not None:
        ids.add(int(tok.eos_token_id))
    return tuple(sorted(ids))


def _line_stop(transformers: Any, tok: Any, prompt_len: int, target: StopTarget, torch: Any):
    """A stopping criterion for base-LM answers (after "TL;DR:"): a row is done when
    ``_target_reached`` says so (a line or sentence repeats, or its distinct complete sentences
    already hold ``target`` sentences / words: the rest would be cut anyway)."""

    class LineStop(transformers.StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):  # noqa: ANN001
            done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
            for row in range(input_ids.shape[0]):
                text = tok.decode(input_ids[row, prompt_len:], skip_special_tokens=True)
                done[row] = _target_reached(text, target)
            return done

    return LineStop()
