"""GGUF checkpoints: dequantize once, then reload the plain weights from a disk cache.

transformers loads a ``.gguf`` file (``gguf_file=``) by dequantizing every tensor, which takes
~40 s for Gemma 3 270M on a 2-core CPU. The first load saves the result as a normal checkpoint
(the config without its ``quantization_config`` entry, the tokenizer, and a safetensors state
dict) under ``$SUMMARIZE_CACHE/gguf/`` (default ``~/.cache/summarize/gguf/``); later loads read
that folder with the ordinary ``from_pretrained`` path in a few seconds.

The tokenizer is reloaded straight from its ``tokenizer.json`` (``load_cached_tokenizer``: 1.2 s
for Gemma's 262k-token vocabulary instead of 3.1 s through ``AutoTokenizer``, which re-parses
the file in Python and rebuilds it), once a probe text showed both give the same token ids. Its
515k BPE merges are then stored as "a b" strings instead of ["a", "b"] pairs when no piece holds
a space (``compact_merges``: the same tokenizer, parsed in 0.65 s instead of 1.0 s), checked
the same way before the file is replaced.

A model loaded in another precision than the stored float32 gets a converted copy beside it
(``converted_weights``: ``model.bfloat16.safetensors``, half the size), written once, so later
loads skip converting 268M numbers (0.9 s on 2 cores).

Example:
    >>> from summarize.runtime.gguf_cache import dequantized_dir
    >>> folder, source = dequantized_dir("/models", "gemma-3-270m-q4_k_m.gguf")  # doctest: +SKIP
    >>> source  # "gguf" on the first call, "gguf-cache" afterwards  # doctest: +SKIP
    'gguf-cache'
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from .deps import require
from .errors import ModelFolderError, ModelNotFoundError, _not_found_message

__all__ = ["cache_root", "cache_dir_for", "dequantized_dir", "load_cached_tokenizer",
           "canonical_state_dict", "upgrade_weight_names", "converted_weights", "compact_merges"]

_DONE = "summarize-cache.json"  # written last: its presence marks a complete cache entry
_FAST = "tokenizer_json_verified"  # marker key: tokenizer.json alone reproduces the tokenizer
# marker key: 2 = each tied tensor is stored under the name the model loads it by (its first
# name, e.g. Gemma's input embedding, not the LM head tied to it). Entries of layout 1 stored the
# LM head's name, so every load saw the embedding "missing", drew 168M random numbers for it
# (4 s on 2 cores) and then tied it over; they are renamed once (``upgrade_weight_names``).
_LAYOUT = "weights_layout"
_MERGES = "merges_as_strings"  # marker key: compact_merges ran (True) or found it unsafe (False)
# our own probe text: words, digits, punctuation, line breaks, a special token, non-ASCII
_PROBE = ("The council met on Monday, 3 March 2025, and voted 7-2.\n\n"
          "Prices rose 4.5% -- \"faster than wages\".\nTL;DR: <eos> café Zürich 東京 😀  end")
_CONFIG_SKIP = {"backend", "tokenizer_class", "is_local", "local_files_only", "auto_map",
                "added_tokens_decoder"}


def cache_root() -> Path:
    """``$SUMMARIZE_CACHE`` (default ``~/.cache/summarize``)."""
    env = os.environ.get("SUMMARIZE_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "summarize"


def cache_dir_for(gguf_path: Path) -> Path:
    """The cache folder of one GGUF file, keyed by its name, size and a hash of its first and
    last MiB (cheap, and changes whenever the file does)."""
    st = gguf_path.stat()
    h = hashlib.sha256(f"{gguf_path.name}|{st.st_size}".encode())
    with open(gguf_path, "rb") as f:
        h.update(f.read(1 << 20))
        if st.st_size > 2 << 20:
            f.seek(-(1 << 20), os.SEEK_END)
            h.update(f.read(1 << 20))
    return cache_root() / "gguf" / f"{gguf_path.stem}-{h.hexdigest()[:16]}"


def dequantized_dir(folder: str, gguf_file: str,
                    local_files_only: bool | None = None) -> tuple[Path, str]:
    """A folder holding the dequantized checkpoint of ``folder/gguf_file``, and where it came
    from: "gguf-cache" (already cached) or "gguf" (dequantized now and cached)."""
    gguf_path = Path(folder).expanduser() / gguf_file
    if not gguf_path.is_file():
        if Path(folder).expanduser().is_dir():
            raise ModelNotFoundError(f"GGUF file not found: {gguf_path}")
        return _download_then_cache(folder, gguf_file, local_files_only)
    target = cache_dir_for(gguf_path)
    if (target / _DONE).is_file():
        return target, "gguf-cache"
    _check_gguf(gguf_path)
    try:
        _dequantize_into(str(gguf_path.parent), gguf_path.name, target, str(gguf_path))
    except (ImportError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # struct.error, ValueError, ... from a damaged file
        raise ModelFolderError(
            f"GGUF file {gguf_path} could not be read ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[0][:200] if str(exc).strip() else 'no detail'}); "
            "it is probably truncated or corrupt: download it again") from None
    return target, "gguf"


def _check_gguf(path: Path) -> None:
    """A clear error for a file that is not GGUF at all (wrong magic) or far too small."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:4] != b"GGUF":
        raise ModelFolderError(f"{path} is not a GGUF file (it starts with {head[:4]!r}, not "
                               "b'GGUF'); pass a .gguf model file")
    if len(head) < 24:
        raise ModelFolderError(f"GGUF file {path} is truncated ({len(head)} bytes)")


def _download_then_cache(repo: str, gguf_file: str,
                         local_files_only: bool | None) -> tuple[Path, str]:
    hub = require("huggingface_hub")
    from ..text.fetch import hub_reachable

    offline = bool(local_files_only) or not hub_reachable()  # cache only: no 25 s of retries
    try:
        path = hub.hf_hub_download(repo, gguf_file, local_files_only=offline)
    except Exception as exc:  # offline, unknown repo, missing file: one clear message
        raise ModelNotFoundError(_not_found_message(f"{repo} ({gguf_file})", exc)) from None
    p = Path(path)
    return dequantized_dir(str(p.parent), p.name)


def _dequantize_into(folder: str, gguf_file: str, target: Path, origin: str) -> None:
    transformers = require("transformers")
    safetensors_torch = require("safetensors.torch")
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder, gguf_file=gguf_file)
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf_file)
    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the weights we save are plain floats
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        config.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        # a tied tensor once, under the name the model loads it by
        safetensors_torch.save_file(canonical_state_dict(model), str(tmp / "model.safetensors"),
                                    metadata={"format": "pt"})
        (tmp / _DONE).write_text(json.dumps({
            "gguf": origin, "transformers": transformers.__version__,
            _FAST: same_tokenizer(tokenizer, _tokenizer_from_json(tmp)), _LAYOUT: 2,
        }))
        if target.exists() and not (target / _DONE).is_file():
            shutil.rmtree(target, ignore_errors=True)  # an incomplete leftover
        try:
            os.replace(tmp, target)
        except OSError:  # another process finished first; keep its copy
            if not (target / _DONE).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def canonical_state_dict(model: Any) -> dict[str, Any]:
    """The model's tensors, each stored once: a tensor shared by several names (tied input
    embedding and LM head) under its first name, which ``from_pretrained`` loads and then ties.

    Example:
        >>> sorted(canonical_state_dict(tied_lm))  # doctest: +SKIP
        ['model.embed_tokens.weight', 'model.norm.weight']
    """
    out: dict[str, Any] = {}
    seen: set[tuple[int, int, tuple[int, ...]]] = set()
    for name, tensor in model.state_dict().items():
        key = (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tuple(tensor.shape))
        if key in seen:
            continue
        seen.add(key)
        out[name] = tensor.detach().contiguous()
    return out


def _read_marker(folder: Path) -> dict[str, Any]:
    """The cache entry's marker (untrusted: anything but a JSON object reads as {})."""
    try:
        info = json.loads((Path(folder) / _DONE).read_text())
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return info if isinstance(info, dict) else {}


def _write_marker(folder: Path, info: dict[str, Any]) -> None:
    marker = Path(folder) / _DONE
    tmp = marker.with_name(f".{marker.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(json.dumps(info))
        os.replace(tmp, marker)
    except OSError:  # a read-only cache: check again next time
        tmp.unlink(missing_ok=True)


def needs_weight_upgrade(folder: Path) -> bool:
    """Whether a complete cache entry was written before ``weights_layout`` 2."""
    return (Path(folder) / _DONE).is_file() and _read_marker(folder).get(_LAYOUT) != 2


def upgrade_weight_names(folder: Path, model: Any) -> bool:
    """Rename, in an older cache entry, each tied tensor stored under a later name (Gemma's
    ``lm_head.weight``) to the name ``model`` loads it by (``model.embed_tokens.weight``), so
    that later loads find every tensor and skip the random initialisation. The file is
    rewritten once (atomically); returns whether anything was renamed.
    """
    safetensors_torch = require("safetensors.torch")
    safetensors = require("safetensors")
    folder = Path(folder)
    weights = folder / "model.safetensors"
    wanted = set(canonical_state_dict(model))
    try:
        with safetensors.safe_open(str(weights), framework="pt") as f:
            stored = set(f.keys())
            meta = dict(f.metadata() or {})
    except Exception:  # not a readable safetensors file: leave it to the loader's error
        return False
    # save_model's metadata maps each dropped alias to the name it kept
    renames = {kept: alias for alias, kept in meta.items()
               if alias in wanted - stored and kept in stored - wanted}
    if renames:
        tensors = safetensors_torch.load_file(str(weights))
        tensors = {renames.get(k, k): v for k, v in tensors.items()}
        tmp = folder / f".model.safetensors.tmp-{os.getpid()}"
        try:
            safetensors_torch.save_file(tensors, str(tmp), metadata={"format": "pt"})
            os.replace(tmp, weights)
        except OSError:  # a read-only cache: load the old way
            tmp.unlink(missing_ok=True)
            return False
    if not (wanted - stored - set(renames.values())):
        _write_marker(folder, {**_read_marker(folder), _LAYOUT: 2})
    return bool(renames)


def load_cached_tokenizer(folder: Path) -> Any:
    """The tokenizer of a cache entry: from its ``tokenizer.json`` directly when that was
    verified to match (checked once for entries written by older versions), else through
    ``AutoTokenizer``."""
    transformers = require("transformers")
    marker = Path(folder) / _DONE
    info = _read_marker(folder)
    if info.get(_FAST) is True:
        if _MERGES not in info:
            compact_merges(Path(folder))
        return _tokenizer_from_json(folder)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    if _FAST not in info and marker.is_file():
        info[_FAST] = same_tokenizer(tokenizer, _tokenizer_from_json(folder))
        _write_marker(folder, info)
    return tokenizer


def same_tokenizer(a: Any, b: Any) -> bool:
    """Whether two tokenizers agree on the probe text (ids and decoding), their vocabulary
    size and their special tokens.

    Example:
        >>> same_tokenizer(tok, tok)  # doctest: +SKIP
        True
    """
    try:
        ids = a(_PROBE)["input_ids"]
        return (ids == b(_PROBE)["input_ids"] and len(a) == len(b)
                and a.decode(ids) == b.decode(ids)
                and a.special_tokens_map == b.special_tokens_map
                and a.all_special_ids == b.all_special_ids)
    except Exception:
        return False


def _tokenizer_from_json(folder: Path, name: str = "tokenizer.json") -> Any:
    transformers = require("transformers")
    config_file = Path(folder) / "tokenizer_config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    kwargs = {k: v for k, v in config.items() if k not in _CONFIG_SKIP}
    return transformers.PreTrainedTokenizerFast(
        tokenizer_file=str(Path(folder) / name), **kwargs)


def compact_merges(folder: Path) -> bool:
    """Rewrite a cache entry's ``tokenizer.json`` with its BPE merges as "a b" strings (the
    format ``tokenizers`` parses fastest) when no merge piece holds a space, keeping it only if
    the rewritten tokenizer agrees with the old one (``same_tokenizer``). Once per entry (a
    marker key); returns whether the file was rewritten. A read-only cache stays as it is.
    """
    folder = Path(folder)
    path = folder / "tokenizer.json"
    info = _read_marker(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        merges = data["model"]["merges"]
        pairs = isinstance(merges, list) and merges and all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) and " " not in x
                                                        for x in m) for m in merges)
    except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError):
        return False  # not ours to fix: the loader reports what is wrong with it
    done = False
    if pairs:
        data["model"]["merges"] = [f"{a} {b}" for a, b in merges]
        tmp = folder / f".tokenizer.json.tmp-{os.getpid()}"
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            before = _tokenizer_from_json(folder)
            after = _tokenizer_from_json(folder, tmp.name)
            if same_tokenizer(before, after):
                os.replace(tmp, path)
                done = True
        except OSError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    if (folder / _DONE).is_file():
        _write_marker(folder, {**info, _MERGES: done or not pairs})
    return done


def converted_weights(folder: Path, dtype: str) -> Path:
    """The weight file of a cache entry in ``dtype``: ``model.safetensors`` (float32) itself,
    or a converted copy ``model.<dtype>.safetensors`` written on first use (atomically; a
    read-only cache or a failed write falls back to the float32 file).

    Example:
        >>> converted_weights(folder, "bfloat16").name  # doctest: +SKIP
        'model.bfloat16.safetensors'
    """
    folder = Path(folder)
    source = folder / "model.safetensors"
    if dtype == "float32":
        return source
    target = folder / f"model.{dtype}.safetensors"
    if target.is_file():
        return target
    torch = require("torch")
    safetensors = require("safetensors")
    safetensors_torch = require("safetensors.torch")
    tmp = folder / f".{target.name}.tmp-{os.getpid()}"
    try:
        tensors = {}
        with safetensors.safe_open(str(source), framework="pt") as f:
            for name in f.keys():
                t = f.get_tensor(name)
                tensors[name] = t.to(getattr(torch, dtype)) if t.is_floating_point() else t
        safetensors_torch.save_file(tensors, str(tmp), metadata={"format": "pt"})
        os.replace(tmp, target)
    except Exception:  # unreadable source or read-only cache: load the float32 file
        tmp.unlink(missing_ok=True)
        return source
    return target
