"""Errors of model loading, shared by ``loading`` and ``gguf_cache`` (which import this module,
never each other's internals).

Example:
    >>> issubclass(ModelNotFoundError, ValueError)
    True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ModelNotFoundError", "ModelFolderError", "NotATextGeneratorError"]


class ModelNotFoundError(ValueError):
    """The model is neither a local path nor available (cached or downloadable) on the hub."""


class ModelFolderError(ModelNotFoundError):
    """A local model folder (or file) exists but cannot be loaded: bad config, no weights,
    truncated weights, or code that needs ``trust_remote_code``."""


class NotATextGeneratorError(ValueError):
    """The checkpoint exists but has no text-generation head (e.g. a BERT encoder)."""


def _not_found_message(model_id: str, exc: BaseException | None, reason: str = "") -> str:
    why = f" ({type(exc).__name__}: {_first_line(exc)})" if exc else ""
    why += f" ({reason})" if reason else ""
    return (
        f"model {model_id!r} is not a local folder and is not in the Hugging Face cache, and it "
        f"could not be downloaded{why}. Fix: on a machine with network access run "
        f"`hf download {model_id}` (or `model.save_pretrained(folder)`) and pass "
        "the cached id or the folder path; offline mode is HF_HUB_OFFLINE=1. The packaged "
        "offline model is method='gemma-270m'."
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _folder_message(model_id: str, folder: str, exc: BaseException) -> str:
    """What is wrong with a local model folder that exists, and how to fix it."""
    text = str(exc)
    low = text.lower()
    files = sorted(p.name for p in Path(folder).iterdir())[:12] if os.path.isdir(folder) else []
    if "trust_remote_code" in low or "custom code" in low:
        what = ("ships its own model code, which runs only with trust_remote_code=True; pass "
                "it if you trust where the folder came from")
    elif "config" in low and ("json" in low or "decode" in low or "unrecognized" in low):
        what = (f"has a config.json that cannot be read ({_first_line(exc)}); re-save the "
                "model with model.save_pretrained(folder) or download it again")
    elif "no file named" in low or "does not appear to have a file named" in low:
        what = (f"holds no model weights (model.safetensors or pytorch_model.bin; it has: "
                f"{', '.join(files) or 'nothing'}); copy the weights in or download it again")
    elif type(exc).__name__ == "SafetensorError" or "deserializ" in low or "header" in low:
        what = (f"has weights that are truncated or corrupt ({type(exc).__name__}: "
                f"{_first_line(exc)}); download or save them again")
    else:
        what = f"cannot be loaded ({type(exc).__name__}: {_first_line(exc)})"
    return f"model folder {folder} (from {model_id!r}) {what}."
