"""Greedy decoding for decoder-only LMs that drops finished rows from the batch.

``model.generate`` keeps every row of a batch in each forward pass until the longest answer
ends, so with answers of 10 to 64 tokens many rows idle through half the steps.
``greedy_decode`` runs the same greedy search (the positions and attention mask ``generate``
builds for a left-padded batch, the first-token suppression, the model's EOS ids) but removes a
row from the batch and from its KV cache as soon as it ends (EOS, ``stop(row, ids)``, or
``max_new_tokens``). ``fast_greedy_applies`` says when that is the same search as
``generate``: greedy, no other logits processing, a model whose forward takes a cache.

Example:
    >>> rows = greedy_decode(model, input_ids, attention_mask, max_new_tokens=64,
    ...                      stop=lambda row, ids: False)  # doctest: +SKIP
    >>> len(rows) == input_ids.shape[0]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Sequence

from .deps import require

__all__ = ["greedy_decode", "fast_greedy_applies"]

# generation-config fields that add logits processing greedy_decode does not do
_PROCESSING_FIELDS = ("forced_bos_token_id", "forced_eos_token_id", "suppress_tokens",
                      "begin_suppress_tokens", "bad_words_ids", "sequence_bias")


def _cache_argument(model: Any) -> str | None:
    return _cache_argument_of(type(model))


@functools.lru_cache(maxsize=32)
def _cache_argument_of(cls: type) -> str | None:
    """The name under which ``cls.forward`` takes a KV cache, None if it cannot run our loop."""
    params = inspect.signature(cls.forward).parameters
    needed = {"input_ids", "attention_mask", "position_ids", "logits_to_keep"}
    if not needed <= set(params):
        return None
    for name in ("cache", "past_key_values"):
        if name in params:
            return name
    return None


def fast_greedy_applies(model: Any, settings: Any) -> bool:
    """Whether ``greedy_decode`` is the search ``model.generate`` would run with ``settings``
    (a ``GenerationSettings``): decoder-only, greedy, no repetition rules, no minimum length,
    no extra processing in the model's generation config, a cache-taking forward."""
    config = getattr(model, "config", None)
    if config is None or getattr(config, "is_encoder_decoder", False):
        return False
    if getattr(model, "_is_stateful", False) or _cache_argument(model) is None:
        return False
    if settings.num_beams != 1 or settings.repetition_penalty != 1.0 or \
            settings.min_new_tokens != 0 or (settings.no_repeat_ngram_size or 0) != 0:
        return False
    gen = getattr(model, "generation_config", None)
    if gen is not None:
        if any(getattr(gen, f, None) for f in _PROCESSING_FIELDS):
            return False
        if (getattr(gen, "repetition_penalty", 1.0) or 1.0) != 1.0 or \
                (getattr(gen, "no_repeat_ngram_size", 0) or 0) != 0 or \
                (getattr(gen, "min_length", 0) or 0) > 0 or \
                (getattr(gen, "min_new_tokens", 0) or 0) > 0:
            return False
    return True


def greedy_decode(
    model: Any,
    input_ids: Any,
    attention_mask: Any,
    *,
    max_new_tokens: int,
    stop: Callable[[int, list[int]], bool] | None = None,
    begin_suppress: Sequence[int] = (),
    prefill_chunk: int | None = None,
) -> list[list[int]]:
    """Greedy-decode a left-padded batch; the new token ids of each row, in row order.

    A row ends after an EOS id of ``model.generation_config`` (kept, as ``generate`` keeps it),
    when ``stop(row, ids_so_far)`` is true, or at ``max_new_tokens``; ended rows leave the
    batch. ``begin_suppress`` ids are never the first token. ``prefill_chunk`` feeds long
    prompts in pieces of that many tokens.
    """
    torch = require("torch")
    cache_arg = _cache_argument(model)
    if cache_arg is None:
        raise TypeError(f"{type(model).__name__}.forward takes no cache; use generate()")
    eos = getattr(model.generation_config, "eos_token_id", None)
    eos_ids = set(eos if isinstance(eos, (list, tuple)) else ([] if eos is None else [eos]))
    own_cache = hasattr(model, "new_cache")
    if own_cache:  # our own runtimes (``gemma3``) bring their cache
        cache = model.new_cache(capacity=input_ids.shape[1] + max_new_tokens)
    else:
        cache = require("transformers").DynamicCache(config=model.config)
    mask = attention_mask.long()
    positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 0)
    length = input_ids.shape[1]
    step = prefill_chunk or length
    with torch.inference_mode():
        for start in range(0, length, step):
            end = min(length, start + step)
            # our runtimes skip the LM head for chunks whose logits nobody reads
            skip = {"logits": False} if own_cache and end < length else {}
            out = model(input_ids=input_ids[:, start:end], attention_mask=mask[:, :end],
                        position_ids=positions[:, start:end], use_cache=True, logits_to_keep=1,
                        **{cache_arg: cache}, **skip)
        logits = out.logits[:, -1, :].to(dtype=torch.float32)
        if begin_suppress:
            logits[:, list(begin_suppress)] = float("-inf")
        alive = list(range(input_ids.shape[0]))
        new_ids: list[list[int]] = [[] for _ in alive]
        last = positions[:, -1]
        for _ in range(max_new_tokens):
            chosen = logits.argmax(-1)
            keep = []
            for slot, (row, token) in enumerate(zip(alive, chosen.tolist())):
                new_ids[row].append(token)
                done = token in eos_ids or len(new_ids[row]) >= max_new_tokens or \
                    (stop is not None and stop(row, new_ids[row]))
                if not done:
                    keep.append(slot)
            if not keep:
                break
            if len(keep) < len(alive):
                index = torch.tensor(keep, device=chosen.device)
                cache.batch_select_indices(index)
                mask, last, chosen = mask[index], last[index], chosen[index]
                alive = [alive[slot] for slot in keep]
            mask = torch.cat([mask, mask.new_ones((len(alive), 1))], dim=-1)
            last = last + 1
            out = model(input_ids=chosen[:, None], attention_mask=mask, position_ids=last[:, None],
                        use_cache=True, logits_to_keep=1, **{cache_arg: cache})
            logits = out.logits[:, -1, :].to(dtype=torch.float32)
    return new_ids
