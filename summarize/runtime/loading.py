"""Load a text-generation model and its tokenizer once per process.

Models are cached in memory (``cache.ModelCache``), keyed by model + GGUF file + dtype + device +
trust_remote_code, so calling ``summarize(..., method="facebook/bart-large-cnn")`` in every
notebook cell loads the weights once. Device and precision follow ``policy`` (CUDA, then Apple
MPS, then CPU; asking for a device the machine does not have is a clear ``ValueError``).
``trust_remote_code`` stays off unless asked for. A hub id that is neither a local folder nor in
the Hugging Face cache while offline is a clear ``ModelNotFoundError`` that says how to fix it.

Example:
    >>> from summarize.runtime.loading import load_model
    >>> lm = load_model("path/to/bart")  # doctest: +SKIP
    >>> lm.kind, lm.window  # doctest: +SKIP
    ('seq2seq', 1024)
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import ModelCache
from .deps import require
from .errors import (ModelFolderError, ModelNotFoundError, NotATextGeneratorError,
                     _folder_message, _not_found_message)
from .policy import choose_dtype, dtype_request_key, native_dtype, resolve_device

__all__ = [
    "LoadedModel",
    "load_model",
    "model_kind",
    "model_window",
    "clear_model_cache",
    "locate",
    "offline",
]

_CACHE: ModelCache["LoadedModel"] = ModelCache("text generators")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


@dataclass
class LoadedModel:
    """A model ready for ``generate``.

    Attributes:
        model / tokenizer: the transformers objects (model in eval mode on ``device``).
        model_id: the id or path the user gave.
        kind: "seq2seq" (encoder-decoder) or "causal" (decoder-only).
        model_type: ``config.model_type`` ("bart", "t5", "gemma3_text", ...).
        device / dtype: where and in which precision it runs ("cpu", "float32", ...).
        dtype_reason: why that precision ("requested", or what "auto" measured or read).
        window: the model's real input window in tokens.
        source: where the weights came from ("local", "hub-cache", "hub", "gguf", "gguf-cache").
        load_s: seconds the load took.
        runtime: "transformers", or "gemma3" (``gemma3.Gemma3Decoder``: GGUF Gemma 3 text
            checkpoints, unless ``$SUMMARIZE_RUNTIME=transformers``).
        folder: the checkpoint folder the weights were read from.
        attention: the ``gemma3`` runtime's attention and linear kernels and why ("" for
            transformers).
    """

    model: Any
    tokenizer: Any
    model_id: str
    kind: str
    model_type: str
    device: str
    dtype: str
    window: int
    source: str
    load_s: float
    dtype_reason: str = "requested"
    runtime: str = "transformers"
    folder: str = ""
    attention: str = ""
    _generator: Any = field(default=None, repr=False, compare=False)

    def generation_model(self) -> Any:
        """The model to call ``generate`` on (beam search, sampling rules): ``model`` itself,
        or for the ``gemma3`` runtime transformers' model of the same folder, loaded once on
        first use."""
        if self.runtime == "transformers":
            return self.model
        if self._generator is None:
            transformers = require("transformers")
            torch = require("torch")
            net = transformers.AutoModelForCausalLM.from_pretrained(
                self.folder, dtype=getattr(torch, self.dtype), local_files_only=True)
            self._generator = net.to(self.device).eval()
        return self._generator

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes, without special tokens."""
        return len(self.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])


def model_kind(config: Any, model_id: str = "") -> str:
    """"seq2seq" or "causal" for a config, or ``NotATextGeneratorError``.

    Uses the checkpoint's declared architectures when present (a ``BertModel`` encoder is not a
    generator even though BERT has an LM-head variant), else its model type.
    """
    ma = require("transformers.models.auto.modeling_auto")
    seq2seq = _class_names(ma.MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES)
    causal = _class_names(ma.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES)
    model_type = getattr(config, "model_type", "") or ""
    archs = list(getattr(config, "architectures", None) or [])
    if archs:
        if any(a in seq2seq for a in archs):
            return "seq2seq"
        if any(a in causal for a in archs):
            return "causal"
    else:
        if getattr(config, "is_encoder_decoder", False) and \
                model_type in ma.MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES:
            return "seq2seq"
        if model_type in ma.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:
            return "causal"
    what = ", ".join(archs) if archs else f"model_type {model_type!r}"
    raise NotATextGeneratorError(
        f"{model_id or 'the model'} is a {what} checkpoint, which does not generate text; "
        "use an encoder-decoder summarizer (BART, PEGASUS, T5, LED) or a causal language model"
    )


def model_window(config: Any, tokenizer: Any, kind: str) -> int:
    """The model's real input window in tokens (encoder window for encoder-decoders)."""
    limits: list[int] = []
    names = ("max_encoder_position_embeddings", "max_position_embeddings", "n_positions",
             "max_sequence_length", "seq_length")
    for name in names:
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            limits.append(value)
            break
    tok_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_max, int) and 0 < tok_max < 1_000_000:
        limits.append(tok_max)
    if not limits:
        return 512  # T5-style relative positions: the window the model was trained on
    window = min(limits)
    if getattr(config, "model_type", "") in ("bart", "mbart", "blenderbot", "marian") and \
            window == getattr(config, "max_position_embeddings", None):
        window = max(8, window - 2)  # learned positions offset by 2 in these families
    return window


def load_model(
    model: str,
    *,
    device: str | None = "auto",
    dtype: Any = "auto",
    gguf_file: str | None = None,
    trust_remote_code: bool = False,
    local_files_only: bool | None = None,
) -> LoadedModel:
    """Load ``model`` (hub id, local folder, or ``.gguf`` file) once per process and return it.

    Args:
        model: a Hugging Face id ("facebook/bart-large-cnn"), a local folder saved with
            ``save_pretrained``, or a path to a ``.gguf`` file.
        device: "auto" (CUDA, MPS, CPU), "cpu", "cuda", "cuda:N" or "mps".
        dtype: "auto" (see ``choose_dtype``; ``$SUMMARIZE_DTYPE`` overrides it), "float32",
            "bfloat16" or "float16". ``LoadedModel.dtype_reason`` says why.
        gguf_file: a GGUF file name inside ``model`` (a folder or hub repo).
        trust_remote_code: allow code shipped with the checkpoint to run (off by default).
        local_files_only: never touch the network (default: on when offline env vars are set).
    """
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(f"model must be a hub id or a path, got {type(model).__name__}")
    model = os.fspath(model)
    if not model.strip():
        raise ValueError("model is empty; pass a hub id or a local path")
    dev = resolve_device(device)
    requested = "auto" if dtype is None or dtype == "auto" else choose_dtype(dtype, dev)[0]
    path, gguf_file = _split_gguf(model, gguf_file)
    where = os.path.abspath(path) if os.path.exists(path) else path
    key = (where, gguf_file, dtype_request_key(dtype), dev, bool(trust_remote_code))
    return _CACHE.get_or_load(
        key,
        lambda: _load(model, path, gguf_file, dev, requested, bool(trust_remote_code),
                      local_files_only),
        also=lambda lm: [(where, gguf_file, lm.dtype, dev, bool(trust_remote_code))])


def clear_model_cache() -> None:
    """Forget every loaded model (the next ``load_model`` reloads from disk)."""
    _CACHE.clear()


def _load(model_id: str, path: str, gguf_file: str | None, device: str, dtype: str,
          trust_remote_code: bool, local_files_only: bool | None) -> LoadedModel:
    t0 = time.perf_counter()
    source = "local"
    if gguf_file is not None:
        from .gguf_cache import dequantized_dir

        path, source = dequantized_dir(path, gguf_file, local_files_only=local_files_only)
        path = str(path)
        local = True
        lean = _load_gemma3(model_id, Path(path), device, dtype, source, t0)
        if lean is not None:
            return lean
    else:
        local, source = locate(path, local_files_only)
    transformers = require("transformers")
    torch = require("torch")
    common = {"trust_remote_code": trust_remote_code, "local_files_only": local}
    try:
        config = transformers.AutoConfig.from_pretrained(path, **common)
    except (OSError, ValueError) as exc:
        if isinstance(exc, ModelNotFoundError):
            raise
        if os.path.isdir(path):
            raise ModelFolderError(_folder_message(model_id, path, exc)) from None
        raise ModelNotFoundError(_not_found_message(model_id, exc)) from None
    kind = model_kind(config, model_id)
    dtype, dtype_reason = choose_dtype(dtype, device, native_dtype(config, gguf_file))
    auto = (transformers.AutoModelForSeq2SeqLM if kind == "seq2seq"
            else transformers.AutoModelForCausalLM)
    try:
        if gguf_file is not None:
            from .gguf_cache import load_cached_tokenizer

            tokenizer = load_cached_tokenizer(Path(path))
        else:
            tokenizer = transformers.AutoTokenizer.from_pretrained(path, **common)
        net = auto.from_pretrained(path, config=config, dtype=getattr(torch, dtype), **common)
    except (ImportError, MemoryError):
        raise
    except Exception as exc:  # truncated safetensors, missing weights, custom code, ...
        if os.path.isdir(path):
            raise ModelFolderError(_folder_message(model_id, path, exc)) from None
        if isinstance(exc, OSError):
            raise ModelNotFoundError(_not_found_message(model_id, exc)) from None
        raise
    if gguf_file is not None:
        from .gguf_cache import needs_weight_upgrade, upgrade_weight_names

        if needs_weight_upgrade(Path(path)):  # an entry from an older version: once
            upgrade_weight_names(Path(path), net)
    net.to(device)
    net.eval()
    if kind == "causal":
        tokenizer.padding_side = "left"  # generation continues from the right end
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
    else:
        tokenizer.padding_side = "right"
    return LoadedModel(
        model=net,
        tokenizer=tokenizer,
        model_id=model_id,
        kind=kind,
        model_type=getattr(config, "model_type", "") or "",
        device=device,
        dtype=dtype,
        window=model_window(config, tokenizer, kind),
        source=source,
        load_s=time.perf_counter() - t0,
        dtype_reason=dtype_reason,
        folder=path,
    )


def _load_gemma3(model_id: str, folder: Path, device: str, dtype: str, source: str,
                 t0: float) -> LoadedModel | None:
    """A cached GGUF Gemma 3 text checkpoint on our own runtime (``gemma3``: the same
    arithmetic without importing transformers' modeling code); None when its config is not
    one that runtime runs, or ``$SUMMARIZE_RUNTIME`` is "transformers"."""
    choice = os.environ.get("SUMMARIZE_RUNTIME", "auto").strip().lower() or "auto"
    if choice not in ("auto", "transformers"):
        raise ValueError(f"SUMMARIZE_RUNTIME={choice!r}: use auto or transformers (or unset it)")
    if choice == "transformers":
        return None
    from . import gemma3
    from .gguf_cache import converted_weights, load_cached_tokenizer

    try:
        config = gemma3.read_config(folder)
    except ValueError:
        return None  # transformers runs it (or names what is wrong with it)
    dtype, dtype_reason = choose_dtype(dtype, device, "bfloat16")
    if device == "cpu":  # measured once per CPU and torch version (cached)
        from .precision import cpu_attention, cpu_linear

        kernel, linear = cpu_attention(dtype), cpu_linear(dtype)
        attention, pack = f"{kernel.reason}; {linear.reason}", linear.kernel == "packed"
    else:
        kernel, attention, pack = None, "sdpa: torch's fused kernel off the CPU", False

    def weights_ready() -> Any:
        weights = converted_weights(folder, dtype)
        try:
            net = gemma3.load_gemma3(folder, dtype, device, config=config, weights=weights)
        except ValueError:
            if weights.name == "model.safetensors":
                raise
            weights.unlink(missing_ok=True)  # a damaged converted copy: rebuilt next time
            net = gemma3.load_gemma3(folder, dtype, device, config=config)
        net.attention = kernel.kernel if kernel is not None else "sdpa"
        net.pack_on_first_use = pack  # on the first forward pass (0.2-0.4 s on 2 cores)
        return net

    try:
        tokenizer = load_cached_tokenizer(folder)
        net = weights_ready()
    except (ImportError, MemoryError):
        raise
    except Exception as exc:  # damaged weights or tokenizer in the cache folder
        raise ModelFolderError(_folder_message(model_id, str(folder), exc)) from None
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    tok_max = getattr(tokenizer, "model_max_length", None)
    window = config.max_position_embeddings
    if isinstance(tok_max, int) and 0 < tok_max < window:
        window = tok_max
    return LoadedModel(
        model=net, tokenizer=tokenizer, model_id=model_id, kind="causal",
        model_type=config.model_type, device=device, dtype=dtype, window=window,
        source=source, load_s=time.perf_counter() - t0, dtype_reason=dtype_reason,
        runtime="gemma3", folder=str(folder), attention=attention)


def _split_gguf(model: str, gguf_file: str | None) -> tuple[str, str | None]:
    if gguf_file is None and model.lower().endswith(".gguf"):
        p = Path(model).expanduser()
        if not p.is_file():
            raise ModelNotFoundError(f"GGUF file not found: {model}")
        return str(p.parent), p.name
    return str(Path(model).expanduser()) if os.path.exists(os.path.expanduser(model)) else model, \
        gguf_file


def offline() -> bool:
    """Whether ``$HF_HUB_OFFLINE`` or ``$TRANSFORMERS_OFFLINE`` asks for no network."""
    truthy = {"1", "true", "yes", "on"}
    return any(os.environ.get(v, "").strip().lower() in truthy
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def locate(path: str, local_files_only: bool | None) -> tuple[bool, str]:
    """(local_files_only, source) for a folder or hub id: a local folder, the Hugging Face
    cache, or the hub (reachable, and not offline); else a ``ModelNotFoundError`` that says how
    to get it."""
    if os.path.isdir(path):
        return True, "local"
    if os.path.exists(path):
        raise ModelNotFoundError(f"{path} is a file; pass the folder that holds config.json "
                                 "(or a .gguf file)")
    looks_local = path.startswith((".", "/", "~")) or os.sep in path.strip("/").replace("/", "", 1)
    if looks_local or not _HUB_ID.match(path):
        raise ModelNotFoundError(
            f"model {path!r} is not a local folder and not a valid Hugging Face id "
            "(expected 'org/name', e.g. 'facebook/bart-large-cnn')"
        )
    hub = require("huggingface_hub")
    cached = hub.try_to_load_from_cache(path, "config.json")
    if isinstance(cached, str):
        return True, "hub-cache"
    if local_files_only or (local_files_only is None and offline()):
        raise ModelNotFoundError(_not_found_message(path, None))
    from ..text.fetch import hub_reachable

    if not hub_reachable():  # fail now, not after ~25 s of download retries
        raise ModelNotFoundError(_not_found_message(
            path, None, "the Hugging Face hub is unreachable from here"))
    return False, "hub"


def _class_names(mapping: Any) -> set[str]:
    names: set[str] = set()
    for value in mapping.values():
        names.update(value if isinstance(value, (tuple, list)) else [value])
    return names
