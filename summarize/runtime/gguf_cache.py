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

The cache is untrusted input. Its root is ours only when it was empty or carries
``.summarize-cache`` (a root holding only our own entries is adopted); anything else is a
``ModelFolderError`` naming it. Every entry's marker lists the SHA-256, size and file identity
(size, mtime, ctime, inode) of each file it holds; a load re-hashes any file whose identity
changed and re-derives the entry from its GGUF file when a hash differs (another model's
``tokenizer.json`` dropped in, a truncated weight file). An entry written before these lists
existed cannot be tied to its source and is derived again once (a marker saying "verified" is
not proof). Files are written through fresh exclusive temporary folders and renamed into place;
no link inside the cache is followed, and the marker is read only as a small regular file.

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

from ..safe_files import (FileSafetyError, atomic_write, claim_folder, file_identity,
                          file_sha256, load_json, read_bounded)
from .deps import require
from .errors import ModelFolderError, ModelNotFoundError, _not_found_message

__all__ = ["cache_root", "cache_dir_for", "dequantized_dir", "load_cached_tokenizer",
           "canonical_state_dict", "upgrade_weight_names", "converted_weights", "compact_merges"]

_DONE = "summarize-cache.json"  # written last: its presence marks a complete cache entry
ROOT_MARKER = ".summarize-cache"  # the cache root is ours (see ``claim_cache_root``)
_FILES = "files"  # marker key: {file name: {"sha256", "size", "identity"}} of the entry
_MAX_MARKER = 1 << 20
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


def claim_cache_root() -> Path:
    """The cache root, created if missing and checked to be ours: empty, marked with
    ``.summarize-cache``, or holding only what this package writes (``gguf/``,
    ``precision.json``; then marked). Anything else is a ``FileSafetyError`` naming it.

    Example:
        >>> import os, tempfile
        >>> os.environ["SUMMARIZE_CACHE"] = tempfile.mkdtemp()
        >>> (claim_cache_root() / ROOT_MARKER).is_file()
        True
        >>> del os.environ["SUMMARIZE_CACHE"]
    """
    root = cache_root()
    if root.is_dir() and not os.path.lexists(root / ROOT_MARKER):
        ours = {"gguf", "precision.json"}
        if all(name in ours or name.startswith(".") for name in os.listdir(root)):
            atomic_write(root / ROOT_MARKER, json.dumps({"marker": ROOT_MARKER}).encode())
    try:
        return claim_folder(root, ROOT_MARKER, "cache folder (SUMMARIZE_CACHE)")
    except FileSafetyError as exc:
        raise FileSafetyError(f"model cache: {exc}") from None


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
    return claim_cache_root() / "gguf" / f"{gguf_path.stem}-{h.hexdigest()[:16]}"


def dequantized_dir(folder: str, gguf_file: str,
                    local_files_only: bool | None = None) -> tuple[Path, str]:
    """A folder holding the dequantized checkpoint of ``folder/gguf_file``, and where it came
    from: "gguf-cache" (already cached) or "gguf" (dequantized now and cached)."""
    gguf_path = Path(folder).expanduser() / gguf_file
    if not gguf_path.is_file():
        if Path(folder).expanduser().is_dir():
            raise ModelNotFoundError(f"GGUF file not found: {gguf_path}")
        return _download_then_cache(folder, gguf_file, local_files_only)
    try:
        target = cache_dir_for(gguf_path)
        for folder in (target.parent, target):
            if os.path.islink(folder):
                raise FileSafetyError(f"{folder} is a symbolic link; summarize does not follow "
                                      "links inside its cache (remove it)")
        if os.path.lexists(target / _DONE):
            if entry_intact(target):
                return target, "gguf-cache"
            _discard(target)  # not what it was built from: derived again below
    except FileSafetyError as exc:
        raise ModelFolderError(str(exc)) from None
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
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))  # exclusive
    try:
        config.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        # a tied tensor once, under the name the model loads it by
        safetensors_torch.save_file(canonical_state_dict(model), str(tmp / "model.safetensors"),
                                    metadata={"format": "pt"})
        info = {"gguf": origin, "transformers": transformers.__version__,
                _FAST: same_tokenizer(tokenizer, _tokenizer_from_json(tmp)), _LAYOUT: 2}
        info[_FILES] = _manifest(tmp, [p.name for p in tmp.iterdir()])
        (tmp / _DONE).write_text(json.dumps(info))
        if os.path.lexists(target):
            _discard(target)  # an incomplete or discarded leftover
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
    """The cache entry's marker (untrusted: read only as a regular file under 1 MiB; anything
    but a JSON object reads as {})."""
    try:
        info = load_json(read_bounded(Path(folder) / _DONE, _MAX_MARKER))
    except (OSError, ValueError, FileSafetyError):
        return {}
    return info if isinstance(info, dict) else {}


def _write_marker(folder: Path, info: dict[str, Any]) -> None:
    try:
        atomic_write(Path(folder) / _DONE, json.dumps(info).encode("utf-8"))
    except OSError:  # a read-only cache: check again next time
        pass


def _manifest(folder: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """``{name: {"sha256", "size", "identity"}}`` of the entry's regular files ``names``."""
    out = {}
    for name in sorted(names):
        if name == _DONE or name.startswith("."):
            continue
        path = Path(folder) / name
        ident = file_identity(path)
        out[name] = {"sha256": file_sha256(path), "size": ident[0], "identity": ident}
    return out


def _record_files(folder: Path, *names: str) -> None:
    """Record the hashes of ``names`` (just written by us) in the entry's marker."""
    info = _read_marker(folder)
    if not info:
        return
    files = info.get(_FILES) if isinstance(info.get(_FILES), dict) else {}
    files.update(_manifest(folder, list(names)))
    _write_marker(folder, {**info, _FILES: files})


def entry_intact(folder: Path) -> bool:
    """Whether a cache entry still holds what it was built from: each file its marker lists is
    a regular file (not a link) whose identity is unchanged, or whose SHA-256 still matches
    (then its new identity is recorded). An entry from before these lists has none: it is not
    intact, and is derived again (once).
    """
    folder = Path(folder)
    info = _read_marker(folder)
    if not info:
        return False
    files = info.get(_FILES)
    if not isinstance(files, dict) or not files:  # None: written by an older version
        return False
    changed = False
    for name, rec in files.items():
        if not isinstance(rec, dict) or "/" in name or name.startswith("."):
            return False
        path = folder / name
        try:
            ident = file_identity(path)
            if ident == rec.get("identity"):
                continue
            if ident[0] != rec.get("size") or file_sha256(path) != rec.get("sha256"):
                return False
        except (OSError, FileSafetyError):
            return False
        rec["identity"] = ident
        changed = True
    if changed:
        _write_marker(folder, {**info, _FILES: files})
    return True


def _private_tmp(folder: Path, name: str) -> tuple[Path, Path]:
    """``(temporary folder, file path inside it)``: the folder is created exclusively (mode
    0700), so nothing can be planted at the path; rename the file out, then remove the folder."""
    import tempfile

    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=folder))
    return tmp_dir, tmp_dir / name


def _discard(target: Path) -> None:
    """Move a damaged or stale entry out of the way (renamed, then deleted)."""
    import tempfile

    if os.path.islink(target) or not os.path.isdir(target):
        os.unlink(target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.stale.", dir=target.parent))
    os.replace(target, aside / "entry")
    shutil.rmtree(aside, ignore_errors=True)


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
        try:
            tmp_dir, tmp = _private_tmp(folder, weights.name)
        except OSError:  # a read-only cache: load the old way
            return False
        try:
            safetensors_torch.save_file(tensors, str(tmp), metadata={"format": "pt"})
            os.replace(tmp, weights)
            _record_files(folder, weights.name)
        except OSError:  # a full disk: load the old way
            return False
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)
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


def _tokenizer_from_json(folder: Path, name: str = "tokenizer.json",
                         config_folder: Path | None = None) -> Any:
    transformers = require("transformers")
    config_file = Path(config_folder or folder) / "tokenizer_config.json"
    config = load_json(read_bounded(config_file, _MAX_MARKER)) \
        if os.path.lexists(config_file) else {}
    if not isinstance(config, dict):
        raise ValueError(f"{config_file} is not a JSON object")
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
    try:
        data = load_json(read_bounded(path, 1 << 30))
        merges = data["model"]["merges"]
        pairs = isinstance(merges, list) and merges and all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) and " " not in x
                                                        for x in m) for m in merges)
    except (OSError, ValueError, KeyError, TypeError, FileSafetyError):
        return False  # not ours to fix: the loader reports what is wrong with it
    done = False
    if pairs:
        data["model"]["merges"] = [f"{a} {b}" for a, b in merges]
        tmp_dir = None
        try:
            tmp_dir, tmp = _private_tmp(folder, "tokenizer.json")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            before = _tokenizer_from_json(folder)
            after = _tokenizer_from_json(tmp_dir, tmp.name, config_folder=folder)
            if same_tokenizer(before, after):
                os.replace(tmp, path)
                _record_files(folder, path.name)
                done = True
        except OSError:
            pass
        finally:
            if tmp_dir is not None:
                shutil.rmtree(tmp_dir, ignore_errors=True)
    if (folder / _DONE).is_file():  # read again: _record_files updated the file list
        _write_marker(folder, {**_read_marker(folder), _MERGES: done or not pairs})
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
    info = _read_marker(folder)
    files = info.get(_FILES)
    if os.path.lexists(target):
        if not info and target.is_file() and not target.is_symlink():
            return target  # a plain model folder, not a cache entry: nothing to check against
        if isinstance(files, dict) and target.name in files and entry_intact(folder):
            return target
        try:  # not listed, or changed since we wrote it: written again below
            os.unlink(target)
        except OSError:
            return source
    torch = require("torch")
    safetensors = require("safetensors")
    safetensors_torch = require("safetensors.torch")
    tmp_dir = None
    try:
        tmp_dir, tmp = _private_tmp(folder, target.name)
        tensors = {}
        with safetensors.safe_open(str(source), framework="pt") as f:
            for name in f.keys():
                t = f.get_tensor(name)
                tensors[name] = t.to(getattr(torch, dtype)) if t.is_floating_point() else t
        safetensors_torch.save_file(tensors, str(tmp), metadata={"format": "pt"})
        os.replace(tmp, target)
        _record_files(folder, target.name)
    except Exception:  # unreadable source or read-only cache: load the float32 file
        return source
    finally:
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    return target
