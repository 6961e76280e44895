"""Gemma 3 text decoder in plain torch: the packaged model's runtime.

transformers' ``Gemma3ForCausalLM`` computes this forward pass too, but importing it pulls in
transformers' whole modeling stack (``torch.distributed``, ``torch._dynamo``, ...: about 1.8 s
of a 5 s warm load on a 2-core CPU). This module does the same arithmetic in the same order
(scaled embedding, RMSNorm with ``1 + weight`` in float32, q/k norms, two RoPE bases,
sliding-window and global attention layers, tanh-GELU MLP, tied LM head) with ``torch`` alone,
and adds what greedy decoding can use: a KV cache allocated once, the last layer computing only
the positions whose logits are kept (every layer still stores its keys and values), prefill
chunks before the last skipping the LM head, sliding-window layers attending only to the keys
their window can reach, and, where ``precision`` measured them faster in 16-bit precision on
this CPU, attention as two matrix products and matrices packed for oneDNN (on the first forward
pass; the same bits as ``F.linear``). ``tests/methods/test_models_gemma3_runtime.py`` checks its logits and
greedy outputs against transformers' model on random checkpoints.

It runs checkpoints whose config it fully understands (``Gemma3Config.from_dict`` says why
not otherwise, and the loader then uses transformers); beam search and other ``generate``
features go through transformers' model (``LoadedModel.generation_model``).

Example:
    >>> cfg = Gemma3Config.from_dict({
    ...     "model_type": "gemma3_text", "vocab_size": 64, "hidden_size": 16,
    ...     "intermediate_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
    ...     "num_key_value_heads": 1, "head_dim": 8, "sliding_window": 4,
    ...     "layer_types": ["sliding_attention", "full_attention"],
    ...     "rope_parameters": {"sliding_attention": {"rope_theta": 10000.0},
    ...                         "full_attention": {"rope_theta": 1000000.0}}})
    >>> cfg.layer_types, cfg.rope_thetas
    (('sliding_attention', 'full_attention'), (10000.0, 1000000.0))
    >>> Gemma3Config.from_dict({"model_type": "llama"})
    Traceback (most recent call last):
    ...
    ValueError: model_type 'llama' is not gemma3_text
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .deps import require

__all__ = ["Gemma3Config", "Gemma3Decoder", "Gemma3Cache", "load_gemma3", "read_config"]

_SLIDING, _FULL = "sliding_attention", "full_attention"
_PACK_LOCK = threading.Lock()
_ACTIVATIONS = ("gelu_pytorch_tanh",)
_MAX_DIM = 1 << 20  # any size past this is a damaged config, not a model


@dataclass(frozen=True)
class Gemma3Config:
    """The parts of a ``gemma3_text`` config this runtime uses, validated (untrusted input)."""

    vocab_size: int
    hidden_size: int
    intermediate_size: int
    num_hidden_layers: int
    num_attention_heads: int
    num_key_value_heads: int
    head_dim: int
    sliding_window: int
    layer_types: tuple[str, ...]
    rope_thetas: tuple[float, float]  # (sliding layers, full layers)
    query_pre_attn_scalar: float = 256.0
    rms_norm_eps: float = 1e-6
    max_position_embeddings: int = 32768
    tie_word_embeddings: bool = True
    eos_token_ids: tuple[int, ...] = ()
    pad_token_id: int | None = None
    model_type: str = "gemma3_text"
    is_encoder_decoder: bool = False

    @classmethod
    def from_dict(cls, d: Any) -> "Gemma3Config":
        """A config from ``config.json``'s content; ``ValueError`` naming what this runtime
        does not run (another model type, logit soft-capping, scaled RoPE, ...)."""
        if not isinstance(d, dict):
            raise ValueError("config.json does not hold a JSON object")
        if d.get("model_type") != "gemma3_text":
            raise ValueError(f"model_type {d.get('model_type')!r} is not gemma3_text")
        for name in ("attn_logit_softcapping", "final_logit_softcapping"):
            if d.get(name) is not None:
                raise ValueError(f"{name} is set; this runtime does not soft-cap logits")
        if d.get("use_bidirectional_attention") or d.get("attention_bias"):
            raise ValueError("bidirectional attention or attention biases are not supported")
        if d.get("hidden_activation", "gelu_pytorch_tanh") not in _ACTIVATIONS:
            raise ValueError(f"hidden_activation {d.get('hidden_activation')!r} is not supported")
        ints = {name: _positive_int(d, name) for name in (
            "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "sliding_window")}
        if ints["num_attention_heads"] % ints["num_key_value_heads"]:
            raise ValueError("num_attention_heads is not a multiple of num_key_value_heads")
        types = d.get("layer_types")
        if not isinstance(types, list) or len(types) != ints["num_hidden_layers"] or \
                any(t not in (_SLIDING, _FULL) for t in types):
            raise ValueError("layer_types must list sliding_attention / full_attention for "
                             "every layer")
        eos = d.get("eos_token_id")
        eos_ids = tuple(eos) if isinstance(eos, list) else (() if eos is None else (eos,))
        if any(isinstance(e, bool) or not isinstance(e, int) for e in eos_ids):
            raise ValueError("eos_token_id must be an int or a list of ints")
        pad = d.get("pad_token_id")
        return cls(
            **ints, layer_types=tuple(types), rope_thetas=_rope_thetas(d),
            query_pre_attn_scalar=_positive_number(d, "query_pre_attn_scalar", 256.0),
            rms_norm_eps=_positive_number(d, "rms_norm_eps", 1e-6),
            max_position_embeddings=_positive_int(d, "max_position_embeddings", 32768),
            tie_word_embeddings=bool(d.get("tie_word_embeddings", True)),
            eos_token_ids=eos_ids, pad_token_id=pad if isinstance(pad, int) else None)


def _positive_int(d: dict, name: str, default: int | None = None) -> int:
    value = d.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_DIM:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _positive_number(d: dict, name: str, default: float) -> float:
    value = d.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _rope_thetas(d: dict) -> tuple[float, float]:
    """(sliding, full) RoPE bases from transformers 5's ``rope_parameters`` or the older
    ``rope_local_base_freq`` / ``rope_theta`` keys; plain RoPE only."""
    params = d.get("rope_parameters")
    if isinstance(params, dict) and _SLIDING in params and _FULL in params:
        out = []
        for kind in (_SLIDING, _FULL):
            p = params[kind]
            if not isinstance(p, dict) or p.get("rope_type", "default") != "default":
                raise ValueError(f"{kind} uses a scaled RoPE; only plain RoPE is supported")
            out.append(_positive_number(p, "rope_theta", 10000.0))
        return out[0], out[1]
    if d.get("rope_scaling") is not None:
        raise ValueError("rope_scaling is set; only plain RoPE is supported")
    return (_positive_number(d, "rope_local_base_freq", 10000.0),
            _positive_number(d, "rope_theta", 1000000.0))


def read_config(folder: Path) -> Gemma3Config:
    """The runtime config of a checkpoint folder, or ``ValueError`` saying why it does not
    run here (also for a missing or unreadable ``config.json``)."""
    try:
        data = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"config.json could not be read ({type(exc).__name__})") from None
    return Gemma3Config.from_dict(data)


class Gemma3Cache:
    """Keys and values per layer in buffers allocated once for ``capacity`` positions (grown
    by doubling past it), so a decoding step writes one position instead of copying the whole
    cache. ``batch_select_indices`` keeps some rows (finished ones leave the batch)."""

    def __init__(self, n_layers: int, capacity: int = 0) -> None:
        self.keys: list[Any] = [None] * n_layers
        self.values: list[Any] = [None] * n_layers
        self.lengths = [0] * n_layers
        self.capacity = max(0, int(capacity))

    def update(self, layer: int, k: Any, v: Any) -> tuple[Any, Any]:
        """Append ``k``/``v`` (batch, heads, new, dim); views of all positions so far."""
        start, new = self.lengths[layer], k.shape[2]
        buf = self.keys[layer]
        if buf is None or start + new > buf.shape[2]:
            size = max(start + new, self.capacity, 2 * buf.shape[2] if buf is not None else 0)
            grown_k = k.new_empty(k.shape[0], k.shape[1], size, k.shape[3])
            grown_v = v.new_empty(v.shape[0], v.shape[1], size, v.shape[3])
            if buf is not None:
                grown_k[:, :, :start] = buf[:, :, :start]
                grown_v[:, :, :start] = self.values[layer][:, :, :start]
            self.keys[layer], self.values[layer] = grown_k, grown_v
        self.keys[layer][:, :, start:start + new] = k
        self.values[layer][:, :, start:start + new] = v
        self.lengths[layer] = start + new
        return self.keys[layer][:, :, :start + new], self.values[layer][:, :, :start + new]

    def batch_select_indices(self, index: Any) -> None:
        for i, (k, v) in enumerate(zip(self.keys, self.values)):
            if k is not None:
                self.keys[i], self.values[i] = k.index_select(0, index), v.index_select(0, index)


class Gemma3Decoder:
    """The decoder with its weights; ``forward`` takes what ``decode.greedy_decode`` passes.

    ``config`` and ``generation_config`` answer the attributes the generation code reads;
    ``to``/``eval`` exist so the loader can treat it like a transformers model.
    """

    _is_stateful = False
    attention = "sdpa"  # or "matmul"
    packed = False  # True after ``pack``: matrices in oneDNN's layout
    pack_on_first_use = False  # the loader sets it where packing measured faster

    def __init__(self, config: Gemma3Config, weights: dict[str, Any]) -> None:
        torch = require("torch")
        self.config = config
        self.generation_config = SimpleNamespace(eos_token_id=list(config.eos_token_ids))
        self.weights = weights
        self._torch = torch
        self._F = torch.nn.functional
        dtype = weights["embed"].dtype
        # transformers scales by a float32 tensor cast to the weights' dtype (bf16: 25.25)
        self.embed_scale = torch.tensor(config.hidden_size ** 0.5).to(dtype)
        dim = config.head_dim
        self.inv_freq = [1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float) / dim))
                         for theta in config.rope_thetas]

    @property
    def dtype(self) -> Any:
        return self.weights["embed"].dtype

    @property
    def device(self) -> Any:
        return self.weights["embed"].device

    def to(self, device: Any) -> "Gemma3Decoder":
        if self.packed and str(device) != "cpu":
            raise ValueError("packed weights stay on the CPU; load the model for the device")
        self.weights = {k: _to(v, device) for k, v in self.weights.items()}
        self.embed_scale = self.embed_scale.to(device)
        self.inv_freq = [f.to(device) for f in self.inv_freq]
        return self

    def eval(self) -> "Gemma3Decoder":
        return self

    def pack(self) -> None:
        """Pack every matrix (the LM head as a copy: the embedding lookup keeps the plain one)
        once for oneDNN's CPU kernels; in bf16 they give the same bits as ``F.linear``, faster
        (``precision.cpu_linear`` measures whether they do here)."""
        for name, w in list(self.weights.items()):
            if name != "embed" and w.dim() == 2:
                self.weights[name] = pack_matrix(w)
        self.packed = True

    def _linear(self, x: Any, name: str) -> Any:
        w = self.weights[name]
        if self.packed:
            return linear_packed(x, w)
        return self._F.linear(x, w)

    def new_cache(self, capacity: int = 0) -> Gemma3Cache:
        """An empty cache with room for ``capacity`` positions (prompt + new tokens)."""
        return Gemma3Cache(self.config.num_hidden_layers, capacity)

    def __call__(self, **kwargs: Any) -> Any:
        return self.forward(**kwargs)

    def forward(self, input_ids: Any, attention_mask: Any = None, position_ids: Any = None,
                cache: Gemma3Cache | None = None, use_cache: bool = True,
                logits_to_keep: int = 0, logits: bool = True) -> Any:
        """Logits for ``input_ids`` (batch x new tokens) after what ``cache`` holds.

        ``attention_mask`` covers the cached and the new positions (0 = left padding);
        ``position_ids`` are the new tokens' RoPE positions (default: count of real tokens
        before them); ``logits_to_keep`` > 0 returns only the last that many positions;
        ``logits=False`` only fills the cache (a prefill chunk before the last: no LM head, and
        the last layer stops after its keys and values).
        """
        torch, F, cfg = self._torch, self._F, self.config
        if self.pack_on_first_use and not self.packed:
            with _PACK_LOCK:
                if not self.packed:
                    self.pack()
        batch, new = input_ids.shape
        cache = cache if cache is not None else self.new_cache()
        if attention_mask is None:
            past = cache.lengths[-1]
            attention_mask = torch.ones(batch, past + new, dtype=torch.long,
                                        device=input_ids.device)
        total = attention_mask.shape[1]
        if position_ids is None:
            full = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
            position_ids = full[:, total - new:]
        real = attention_mask.bool()
        qpos = torch.arange(total - new, total, device=input_ids.device)
        h = F.embedding(input_ids, self.weights["embed"]) * self.embed_scale
        rope = []
        for inv in self.inv_freq:
            freqs = position_ids[..., None].float() * inv
            emb = torch.cat((freqs, freqs), dim=-1)
            rope.append((emb.cos().to(h.dtype)[:, None], emb.sin().to(h.dtype)[:, None]))
        keep = logits_to_keep if isinstance(logits_to_keep, int) and 0 < logits_to_keep < new \
            else new
        keep = keep if logits else 0
        masks: dict[tuple[bool, int], Any] = {}
        last = cfg.num_hidden_layers - 1
        for i, kind in enumerate(cfg.layer_types):
            sliding = kind == _SLIDING
            h = self._layer(i, h, rope[0 if sliding else 1], cache, real, qpos, sliding, masks,
                            keep if i == last else new)
        if not logits:
            return SimpleNamespace(logits=None, cache=cache if use_cache else None)
        h = _rms(h, self.weights["norm"], cfg.rms_norm_eps)
        if keep < h.shape[1]:
            h = h[:, -keep:]
        logits = self._linear(h, "lm_head")
        return SimpleNamespace(logits=logits, cache=cache if use_cache else None)

    def _layer(self, i: int, h: Any, rope: tuple[Any, Any], cache: Gemma3Cache, real: Any,
               qpos: Any, sliding: bool, masks: dict, keep: int) -> Any:
        F, cfg = self._F, self.config
        w = self.weights
        p = f"{i}."
        eps = cfg.rms_norm_eps
        batch, new, _ = h.shape
        heads, kv_heads, dim = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
        x = _rms(h, w[p + "input_norm"], eps)
        k = self._linear(x, p + "k").view(batch, new, kv_heads, dim).transpose(1, 2)
        v = self._linear(x, p + "v").view(batch, new, kv_heads, dim).transpose(1, 2)
        k = _rms(k, w[p + "k_norm"], eps)
        cos, sin = rope
        k = k * cos + _rotate_half(k) * sin
        if keep == 0:  # nobody reads this layer's output: its keys and values are enough
            cache.update(i, k, v)
            return h
        if keep < new:  # only these positions' outputs are needed: the last layer's queries
            x, h, cos, sin = x[:, -keep:], h[:, -keep:], cos[:, :, -keep:], sin[:, :, -keep:]
        q = self._linear(x, p + "q").view(batch, keep, heads, dim).transpose(1, 2)
        q = _rms(q, w[p + "q_norm"], eps)
        q = q * cos + _rotate_half(q) * sin
        k, v = cache.update(i, k, v)
        reach = cfg.sliding_window - 1 + new  # the keys these queries' windows can reach
        if sliding and k.shape[2] > reach:
            k, v = k[:, :, -reach:], v[:, :, -reach:]
        mask = self._mask(masks, real, qpos[-keep:], k.shape[2], sliding)
        scale = cfg.query_pre_attn_scalar ** -0.5
        groups = heads // kv_heads
        if keep == 1 and groups > 1:  # one query per row: fold the heads sharing a key head
            q = q.reshape(batch, kv_heads, groups, dim)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale)
            out = out.reshape(batch, heads, 1, dim)
        elif self.attention == "matmul":
            blocked = masks.get(("blocked", id(mask)))
            if mask is not None and blocked is None:
                blocked = masks[("blocked", id(mask))] = ~mask
            out = _matmul_attention(q, k, v, blocked, scale, groups)
        else:
            if groups > 1:
                k = k[:, :, None].expand(batch, kv_heads, groups, k.shape[2], dim) \
                    .reshape(batch, heads, k.shape[2], dim)
                v = v[:, :, None].expand(batch, kv_heads, groups, v.shape[2], dim) \
                    .reshape(batch, heads, v.shape[2], dim)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale)
        out = out.transpose(1, 2).reshape(batch, keep, heads * dim)
        h = h + _rms(self._linear(out, p + "o"), w[p + "post_attn_norm"], eps)
        x = _rms(h, w[p + "pre_ff_norm"], eps)
        gate = F.gelu(self._linear(x, p + "gate"), approximate="tanh")
        x = self._linear(gate * self._linear(x, p + "up"), p + "down")
        return h + _rms(x, w[p + "post_ff_norm"], eps)

    def _mask(self, masks: dict, real: Any, qpos: Any, n_keys: int, sliding: bool) -> Any:
        """Boolean (batch, 1, queries, keys) mask: real (not padding), not in the future, and
        for sliding layers within the window; each query also sees itself, so a padding row
        never has an empty softmax. None when nothing is masked (one query, no padding)."""
        key = (sliding, n_keys, int(qpos.shape[0]))
        if key in masks:
            return masks[key]
        torch = self._torch
        total = real.shape[1]
        kpos = torch.arange(total - n_keys, total, device=real.device)
        keys_real = real[:, total - n_keys:]
        if qpos.shape[0] == 1 and bool(keys_real.all()) and \
                (not sliding or n_keys <= self.config.sliding_window):
            masks[key] = None
            return None
        allowed = kpos[None, :] <= qpos[:, None]
        if sliding:
            allowed = allowed & (kpos[None, :] > qpos[:, None] - self.config.sliding_window)
        mask = (allowed[None] & keys_real[:, None, :]) | (kpos[None, :] == qpos[:, None])[None]
        masks[key] = mask[:, None]
        return masks[key]


def pack_matrix(weight: Any) -> Any:
    """``weight`` packed once for oneDNN's CPU matrix products; raises where this torch build or
    CPU has no such kernel."""
    return require("torch").ops.mkldnn._reorder_linear_weight(weight, 16)


def linear_packed(x: Any, packed: Any) -> Any:
    """``F.linear(x, weight)`` with a weight packed by ``pack_matrix``."""
    return require("torch").ops.mkldnn._linear_pointwise(x, packed, None, "none", [], "")


def _matmul_attention(q: Any, k: Any, v: Any, blocked: Any, scale: float, groups: int) -> Any:
    """Attention as two batched matrix products, the query heads that share a key head stacked
    into one matrix; scores in the model's precision and the softmax in float32, as
    transformers' eager path computes them (the scale is applied to the queries first, which
    is exact for Gemma's power-of-two 1/16)."""
    torch = require("torch")
    batch, heads, n_q, dim = q.shape
    kv_heads, n_k = k.shape[1], k.shape[2]
    qs = (q * scale).reshape(batch * kv_heads, groups * n_q, dim)
    scores = torch.bmm(qs, k.reshape(batch * kv_heads, n_k, dim).transpose(1, 2))
    scores = scores.view(batch, heads, n_q, n_k)
    if blocked is not None:  # True where a query may not look
        scores.masked_fill_(blocked, float("-inf"))
    weights = torch.softmax(scores, -1, dtype=torch.float32).to(q.dtype)
    out = torch.bmm(weights.view(batch * kv_heads, groups * n_q, n_k),
                    v.reshape(batch * kv_heads, n_k, dim))
    return out.view(batch, heads, n_q, dim)


def _rms(x: Any, scale: Any, eps: float) -> Any:
    """Gemma's RMSNorm: in float32, times ``1 + weight`` (``scale`` holds it precomputed)."""
    xf = x.float()
    out = xf * (xf.pow(2).mean(-1, keepdim=True) + eps).rsqrt()
    return (out * scale).type_as(x)


def _rotate_half(x: Any) -> Any:
    half = x.shape[-1] // 2
    return require("torch").cat((-x[..., half:], x[..., :half]), dim=-1)


def _to(value: Any, device: Any) -> Any:
    return value.to(device) if hasattr(value, "to") else value


_NAMES = {  # ours: the checkpoint's name under model.layers.N.
    "input_norm": "input_layernorm.weight", "post_attn_norm": "post_attention_layernorm.weight",
    "pre_ff_norm": "pre_feedforward_layernorm.weight",
    "post_ff_norm": "post_feedforward_layernorm.weight",
    "q": "self_attn.q_proj.weight", "k": "self_attn.k_proj.weight",
    "v": "self_attn.v_proj.weight", "o": "self_attn.o_proj.weight",
    "q_norm": "self_attn.q_norm.weight", "k_norm": "self_attn.k_norm.weight",
    "gate": "mlp.gate_proj.weight", "up": "mlp.up_proj.weight", "down": "mlp.down_proj.weight",
}
_NORMS = {"input_norm", "post_attn_norm", "pre_ff_norm", "post_ff_norm", "q_norm", "k_norm"}


def _shapes(cfg: Gemma3Config) -> dict[str, tuple[int, ...]]:
    hid, inter = cfg.hidden_size, cfg.intermediate_size
    q, kv = cfg.num_attention_heads * cfg.head_dim, cfg.num_key_value_heads * cfg.head_dim
    return {"input_norm": (hid,), "post_attn_norm": (hid,), "pre_ff_norm": (hid,),
            "post_ff_norm": (hid,), "q": (q, hid), "k": (kv, hid), "v": (kv, hid),
            "o": (hid, q), "q_norm": (cfg.head_dim,), "k_norm": (cfg.head_dim,),
            "gate": (inter, hid), "up": (inter, hid), "down": (hid, inter)}


def load_gemma3(folder: Path, dtype: str = "float32", device: str = "cpu",
                config: Gemma3Config | None = None, weights: Path | None = None) -> Gemma3Decoder:
    """The decoder of a checkpoint folder (``config.json`` + ``model.safetensors``, or the
    ``weights`` file given) in ``dtype``. ``ValueError`` when its config is not one this runtime
    runs; a missing, damaged or misshapen weight file raises ``ValueError`` naming the tensor
    or the problem."""
    torch = require("torch")
    safetensors = require("safetensors")
    cfg = config or read_config(folder)
    target = getattr(torch, dtype)
    path = Path(weights) if weights is not None else Path(folder) / "model.safetensors"
    if not path.is_file():
        raise ValueError(f"{path.name} is missing")
    shapes = _shapes(cfg)
    weights: dict[str, Any] = {}
    try:
        with safetensors.safe_open(str(path), framework="pt") as f:
            names = set(f.keys())

            def get(name: str, shape: tuple[int, ...]) -> Any:
                if name not in names:
                    raise ValueError(f"tensor {name} is missing")
                t = f.get_tensor(name)
                if tuple(t.shape) != shape:
                    raise ValueError(f"tensor {name} has shape {tuple(t.shape)}, the config "
                                     f"says {shape}")
                if not t.is_floating_point():
                    raise ValueError(f"tensor {name} is not floating point ({t.dtype})")
                return t

            vocab = (cfg.vocab_size, cfg.hidden_size)
            weights["embed"] = get("model.embed_tokens.weight", vocab).to(target)
            weights["norm"] = 1.0 + get("model.norm.weight", (cfg.hidden_size,)).to(target).float()
            for i in range(cfg.num_hidden_layers):
                for ours, theirs in _NAMES.items():
                    t = get(f"model.layers.{i}.{theirs}", shapes[ours])
                    # norms: the float32 ``1 + weight`` Gemma3RMSNorm computes on every call
                    # from its weight held in ``dtype``
                    t = t.to(target)
                    weights[f"{i}.{ours}"] = 1.0 + t.float() if ours in _NORMS else t
            if cfg.tie_word_embeddings:
                weights["lm_head"] = weights["embed"]
            else:
                weights["lm_head"] = get("lm_head.weight", vocab).to(target)
    except ValueError:
        raise
    except Exception as exc:  # a truncated or garbled safetensors file
        raise ValueError(f"{path.name} could not be read ({type(exc).__name__}: "
                         f"{str(exc).strip()[:200]})") from None
    model = Gemma3Decoder(cfg, weights)
    return model.to(device) if device != "cpu" else model
