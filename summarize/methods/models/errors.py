"""Errors of model loading, shared by ``loading`` and ``gguf_cache`` (which import this module,
never each other's internals).

Example:
    >>> issubclass(ModelNotFoundError, ValueError)
    True
"""

from __future__ import annotations

__all__ = ["ModelNotFoundError", "NotATextGeneratorError"]


class ModelNotFoundError(ValueError):
    """The model is neither a local path nor available (cached or downloadable) on the hub."""


class NotATextGeneratorError(ValueError):
    """The checkpoint exists but has no text-generation head (e.g. a BERT encoder)."""


def _not_found_message(model_id: str, exc: BaseException | None) -> str:
    why = f" ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})" if exc else ""
    return (
        f"model {model_id!r} is not a local folder and is not in the Hugging Face cache, and it "
        f"could not be downloaded{why}. Fix: on a machine with network access run "
        f"`huggingface-cli download {model_id}` (or `model.save_pretrained(folder)`) and pass "
        "the cached id or the folder path; offline mode is HF_HUB_OFFLINE=1. The packaged "
        "offline model is method='gemma-270m'."
    )
