"""Device and precision policy, one for every model the package runs (summarizers, NLI
scorers, embeddings): which device "auto" means, and which dtype "auto" means there.

- device: "auto" -> CUDA, else Apple MPS, else CPU; asking for a device the machine lacks is a
  ``ValueError`` that names the fix;
- dtype: an explicit name wins; "auto" takes ``$SUMMARIZE_DTYPE`` when set, else bf16/fp16 on a
  GPU, and on CPU float32 unless the checkpoint is 16-bit and bf16 products measured faster on
  this CPU (``precision.cpu_precision``).

Example:
    >>> resolve_device("cpu")
    'cpu'
    >>> choose_dtype("auto", "cpu", native="float32")
    ('float32', 'auto: the checkpoint is float32')
"""

from __future__ import annotations

import os
from typing import Any

from .deps import require

__all__ = ["resolve_device", "resolve_dtype", "choose_dtype", "native_dtype",
           "cpu_has_fast_bf16", "dtype_request_key", "DTYPE_ENV"]

DTYPE_ENV = "SUMMARIZE_DTYPE"
_DTYPES = {
    "float32": "float32", "fp32": "float32", "float": "float32",
    "bfloat16": "bfloat16", "bf16": "bfloat16",
    "float16": "float16", "fp16": "float16", "half": "float16",
}


def resolve_device(device: str | None = "auto") -> str:
    """"auto"/None -> "cuda" if available, else "mps", else "cpu". An explicit GPU request on a
    machine without one is a ``ValueError`` naming the fix. "cpu" needs no torch.

    Example:
        >>> resolve_device("cpu")
        'cpu'
        >>> resolve_device("tpu")
        Traceback (most recent call last):
        ...
        ValueError: unknown device 'tpu'; use 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'
    """
    if device is not None and not isinstance(device, str):
        device = str(device)
    dev = (device or "auto").strip().lower()
    if dev == "cpu":
        return "cpu"
    if dev not in ("auto", "cuda", "mps") and not dev.startswith("cuda:"):
        raise ValueError(f"unknown device {device!r}; use 'auto', 'cpu', 'cuda', 'cuda:N' or "
                         "'mps'")
    torch = require("torch")
    if dev == "auto":
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"
    if dev == "cuda" or dev.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested but this machine has no usable CUDA GPU "
                "(torch.cuda.is_available() is False); use device='auto' or device='cpu'"
            )
        if ":" in dev:
            index = dev.split(":", 1)[1]
            if not index.isdigit() or int(index) >= torch.cuda.device_count():
                raise ValueError(f"device={device!r}: this machine has "
                                 f"{torch.cuda.device_count()} CUDA device(s)")
        return dev
    mps = getattr(torch.backends, "mps", None)  # dev == "mps"
    if mps is None or not mps.is_available():
        raise ValueError(
            "device='mps' was requested but Apple MPS is not available on this machine; "
            "use device='auto' or device='cpu'"
        )
    return "mps"


def cpu_has_fast_bf16() -> bool:
    """True when bfloat16 matrix products ran at least ``precision.MIN_SPEEDUP`` times faster
    than float32 on this CPU (a cached micro-measurement, ``precision.cpu_precision``): AMX-BF16
    and AVX512-BF16 CPUs usually qualify, CPUs that emulate bf16 do not.

    Example:
        >>> isinstance(cpu_has_fast_bf16(), bool)  # doctest: +SKIP
        True
    """
    from .precision import cpu_precision

    try:
        return cpu_precision().dtype == "bfloat16"
    except (RuntimeError, TypeError):  # a torch without bf16 kernels here: no fast path
        return False


def resolve_dtype(dtype: Any = "auto", device: str = "cpu", native: str | None = None) -> str:
    """A dtype name ("float32", "bfloat16", "float16"); see ``choose_dtype`` for "auto".

    Example:
        >>> resolve_dtype("bf16")
        'bfloat16'
        >>> resolve_dtype("auto", "cpu", native="float32")
        'float32'
    """
    return choose_dtype(dtype, device, native)[0]


def choose_dtype(dtype: Any = "auto", device: str = "cpu",
                 native: str | None = None) -> tuple[str, str]:
    """(dtype name, why) for a requested ``dtype``.

    An explicit name wins. "auto" (or None) takes ``$SUMMARIZE_DTYPE`` when set, else: bfloat16
    on CUDA when supported, else float16; float16 on MPS; on CPU bfloat16 when the checkpoint's
    own precision (``native``: its config dtype, "bfloat16" for quantized GGUF weights) is 16-bit
    and bf16 products measured faster on this CPU (``cpu_has_fast_bf16``), else float32 (exact;
    a float32 checkpoint is never rounded down on its own).

    Example:
        >>> choose_dtype("float32")
        ('float32', 'requested')
        >>> choose_dtype("auto", "cpu", native="float32")[1]
        'auto: the checkpoint is float32'
    """
    if dtype is None or dtype == "auto":
        env = os.environ.get(DTYPE_ENV, "").strip()
        if env and env.lower() != "auto":
            if env.replace("torch.", "").lower() not in _DTYPES:
                raise ValueError(f"{DTYPE_ENV}={env!r} is not a dtype; use auto, float32, "
                                 "bfloat16 or float16 (or unset it)")
            return _DTYPES[env.replace("torch.", "").lower()], f"{DTYPE_ENV}={env}"
        if device.startswith("cuda"):
            torch = require("torch")
            if torch.cuda.is_bf16_supported():
                return "bfloat16", "auto: CUDA with bf16"
            return "float16", "auto: CUDA without bf16"
        if device == "mps":
            return "float16", "auto: MPS"
        if native not in ("bfloat16", "float16"):
            return "float32", f"auto: the checkpoint is {native or 'float32'}"
        from .precision import cpu_precision

        try:
            choice = cpu_precision()
        except (RuntimeError, TypeError) as exc:  # no bf16 kernels in this torch build
            return "float32", f"auto: bf16 products failed on this CPU ({type(exc).__name__})"
        return choice.dtype, f"auto: {choice.reason}"
    name = str(dtype).replace("torch.", "").lower()
    if name not in _DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}; use 'auto', 'float32', 'bfloat16' or 'float16'")
    return _DTYPES[name], "requested"


def native_dtype(config: Any, gguf_file: str | None = None) -> str | None:
    """The precision a checkpoint was published in: its config's dtype, or "bfloat16" for GGUF
    files (their quantized weights hold less precision than bf16 keeps).

    Example:
        >>> native_dtype(type("C", (), {"dtype": "bfloat16"})())
        'bfloat16'
    """
    if gguf_file is not None:
        return "bfloat16"
    value = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None)
    return str(value).replace("torch.", "") if value is not None else None


def dtype_request_key(dtype: Any) -> str:
    """What a ``dtype`` request means for a cache of loaded models: the dtype name, or for
    "auto" the ``$SUMMARIZE_DTYPE`` it was made under (another value is another request).

    Example:
        >>> dtype_request_key("bf16")
        'bfloat16'
    """
    if dtype is None or dtype == "auto":
        return "auto:" + os.environ.get(DTYPE_ENV, "").strip().lower()
    return resolve_dtype(dtype)
