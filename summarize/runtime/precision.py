"""Which precision a CPU runs fastest: a cached micro-measurement of bf16 vs float32 products.

CPU flags do not say it: Intel AMX-BF16 and AMD's AVX512-BF16 both multiply bfloat16 in
hardware, other CPUs emulate it (slower than float32), and torch's kernels change between
versions. So ``dtype="auto"`` on CPU times a few matrix products of the sizes a small LM
multiplies (a decoding step and a prefill chunk) in both precisions, once per CPU model and torch
version, and stores the result beside the model cache (``$SUMMARIZE_CACHE/precision.json``).
The cache file is untrusted input: it is read only as a regular file (not a link, FIFO or
device) under 64 KiB, parsed with deep nesting refused; anything malformed, or measured on another
CPU or torch version, is measured again, and an unusable file is replaced (not merged into) by a
file holding at most ``MAX_ENTRIES`` entries, written through an exclusive temporary file. ``SUMMARIZE_DTYPE`` overrides "auto" (see ``policy.choose_dtype``).

The same way, two kernel choices of the ``gemma3`` runtime in 16-bit precision are timed once
per CPU model and torch version: ``cpu_attention`` (torch's fused
``scaled_dot_product_attention`` against two batched matrix products, on a prefill chunk) and
``cpu_linear`` (``F.linear`` against weights packed once for oneDNN, which gives the same bits
in bf16, on a decoding step and a prefill chunk). float32 keeps torch's kernels (the exact
path, the one transformers runs).

Example:
    >>> choice = cpu_precision()  # doctest: +SKIP
    >>> choice.dtype, choice.reason  # doctest: +SKIP
    ('bfloat16', 'bf16 products 2.4x faster than float32 on AMD EPYC (measured, torch 2.13.0)')
"""

from __future__ import annotations

import json
import math
import platform
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..safe_files import FileSafetyError, atomic_write, load_json, read_bounded
from .deps import require

__all__ = ["PrecisionChoice", "KernelChoice", "cpu_precision", "cpu_attention", "cpu_linear",
           "cpu_model_name", "measure_bf16_speedup", "measure_attention_speedup",
           "measure_packed_speedup", "precision_cache_path", "MIN_SPEEDUP"]
#: bf16 is chosen when its products run at least this much faster than float32 (below it the
#: rounding is not worth the time)
MIN_SPEEDUP = 1.25
# (rows, inner, cols): one decoding step of a 16-row batch and a 256-token prefill chunk through
# a 640 -> 2048 projection (Gemma 3 270M's MLP; other small LMs are of the same order)
_SHAPES = ((16, 640, 2048), (256, 640, 2048))
# (rows, query heads per key head, queries, keys, head dim): a 128-token prefill chunk of a
# 4-row batch late in a 512-token prompt, Gemma 3 270M's attention shape
_ATTENTION_SHAPE = (4, 4, 128, 512, 256)
_REPEATS = 5
_FORMAT = 1
MAX_CACHE_BYTES = 64 * 1024  # precision.json is a few hundred bytes per CPU
MAX_ENTRIES = 16  # CPU model x torch version pairs kept (the most recent)
_LOCK = threading.Lock()
_MEMO: dict[str, Any] = {}


@dataclass(frozen=True)
class PrecisionChoice:
    """What "auto" picks on this CPU for a 16-bit or quantized checkpoint, and why.

    Attributes:
        dtype: "bfloat16" or "float32".
        speedup: float32 time / bf16 time of the measured products (> 1: bf16 is faster).
        reason: one line for ``Summary.params["dtype_reason"]``.
        source: "measured" (now) or "cache" (read back).
    """

    dtype: str
    speedup: float | None
    reason: str
    source: str


@dataclass(frozen=True)
class KernelChoice:
    """A kernel the ``gemma3`` runtime uses in one precision on this CPU.

    Attributes:
        kernel: attention: "sdpa" (torch's fused kernel) or "matmul" (two batched matrix
            products); linear layers: "plain" (``F.linear``) or "packed" (oneDNN-packed weights).
        speedup: the first's time / the second's (> 1: the second is faster); None when not
            measured.
        reason: one line for ``Summary.params``.
    """

    kernel: str
    speedup: float | None
    reason: str


def cpu_model_name() -> str:
    """The CPU model ("AMD EPYC 9B14", "Intel(R) Xeon(R) ..."), from /proc/cpuinfo where
    there is one, else ``platform.processor()``.

    Example:
        >>> isinstance(cpu_model_name(), str) and cpu_model_name() != ""
        True
    """
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                name = " ".join(line.split(":", 1)[1].split())
                if name:
                    return name[:200]
    except OSError:
        pass
    return (platform.processor() or platform.machine() or "unknown CPU")[:200]


def precision_cache_path() -> Path:
    """``$SUMMARIZE_CACHE/precision.json`` (default ``~/.cache/summarize``)."""
    from .gguf_cache import cache_root

    return cache_root() / "precision.json"


def _load_entries(path: Path) -> dict[str, Any] | None:
    """The cache's entries, or None when the file is missing or unusable (not a regular file,
    over ``MAX_CACHE_BYTES``, not our JSON, nested too deeply)."""
    try:
        data = load_json(read_bounded(path, MAX_CACHE_BYTES))
    except (OSError, ValueError, FileSafetyError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or \
            not isinstance(data.get("entries"), dict):
        return None
    return {k: v for k, v in data["entries"].items() if isinstance(k, str) and isinstance(v, dict)}


def measure_bf16_speedup(repeats: int = _REPEATS) -> float:
    """float32 time / bfloat16 time of ``_SHAPES`` matrix products on this CPU (best of
    ``repeats``, interleaved so that a burst of load hits both alike): milliseconds.

    Example:
        >>> measure_bf16_speedup() > 0  # doctest: +SKIP
        True
    """
    torch = require("torch")
    best = {torch.float32: [math.inf] * len(_SHAPES), torch.bfloat16: [math.inf] * len(_SHAPES)}
    gen = torch.Generator().manual_seed(0)
    pairs = {}
    for dt in best:
        pairs[dt] = [(torch.randn(m, k, generator=gen).to(dt),
                      torch.randn(k, n, generator=gen).to(dt)) for m, k, n in _SHAPES]
    with torch.inference_mode():
        for dt in best:  # first calls allocate and pick kernels: not timed
            for a, b in pairs[dt]:
                a @ b
        for _ in range(max(1, repeats)):
            for dt in best:
                for i, (a, b) in enumerate(pairs[dt]):
                    t0 = time.perf_counter()
                    a @ b
                    best[dt][i] = min(best[dt][i], time.perf_counter() - t0)
    ratios = [f / max(b, 1e-9) for f, b in zip(best[torch.float32], best[torch.bfloat16])]
    return float(math.exp(sum(math.log(r) for r in ratios) / len(ratios)))  # geometric mean


def measure_attention_speedup(dtype: str = "bfloat16", repeats: int = _REPEATS) -> float:
    """torch's ``scaled_dot_product_attention`` time / the matmul kernel's time on
    ``_ATTENTION_SHAPE`` in ``dtype`` (best of ``repeats``, interleaved): milliseconds.

    Example:
        >>> measure_attention_speedup("bfloat16") > 0  # doctest: +SKIP
        True
    """
    torch = require("torch")
    from .gemma3 import _matmul_attention

    F = torch.nn.functional
    rows, groups, n_q, n_k, dim = _ATTENTION_SHAPE
    gen = torch.Generator().manual_seed(0)
    dt = getattr(torch, dtype)
    q = torch.randn(rows, groups, n_q, dim, generator=gen).to(dt)
    k = torch.randn(rows, 1, n_k, dim, generator=gen).to(dt)
    v = torch.randn(rows, 1, n_k, dim, generator=gen).to(dt)
    qpos = torch.arange(n_k - n_q, n_k)
    mask = (torch.arange(n_k)[None, :] <= qpos[:, None])[None, None].expand(rows, 1, n_q, n_k)

    def fused() -> Any:
        kk = k.expand(rows, groups, n_k, dim).reshape(rows, groups, n_k, dim)
        vv = v.expand(rows, groups, n_k, dim).reshape(rows, groups, n_k, dim)
        return F.scaled_dot_product_attention(q, kk, vv, attn_mask=mask, scale=dim ** -0.5)

    def matmul() -> Any:
        return _matmul_attention(q, k, v, mask, dim ** -0.5, groups)

    best = {fused: math.inf, matmul: math.inf}
    with torch.inference_mode():
        for run in best:  # first calls allocate and pick kernels: not timed
            run()
        for _ in range(max(1, repeats)):
            for run in best:
                t0 = time.perf_counter()
                run()
                best[run] = min(best[run], time.perf_counter() - t0)
    return float(best[fused] / max(best[matmul], 1e-9))


def measure_packed_speedup(dtype: str = "bfloat16", repeats: int = _REPEATS) -> float:
    """``F.linear`` time / packed-weight time on ``_SHAPES`` in ``dtype`` (geometric mean of
    the best of ``repeats``); 0 when packing is unavailable or changes the result.

    Example:
        >>> measure_packed_speedup("bfloat16") >= 0  # doctest: +SKIP
        True
    """
    torch = require("torch")
    from .gemma3 import linear_packed, pack_matrix

    F = torch.nn.functional
    gen = torch.Generator().manual_seed(0)
    dt = getattr(torch, dtype)
    ratios = []
    with torch.inference_mode():
        for m, k, n in _SHAPES:
            x = torch.randn(m, k, generator=gen).to(dt)
            w = torch.randn(n, k, generator=gen).to(dt)
            try:
                packed = pack_matrix(w)
                if not torch.equal(linear_packed(x, packed), F.linear(x, w)):
                    return 0.0  # not the same numbers: never used
            except (RuntimeError, AttributeError, TypeError):
                return 0.0
            best = [math.inf, math.inf]
            for _ in range(max(1, repeats)):
                for i, run in enumerate((lambda: F.linear(x, w), lambda: linear_packed(x, packed))):
                    t0 = time.perf_counter()
                    run()
                    best[i] = min(best[i], time.perf_counter() - t0)
            ratios.append(best[0] / max(best[1], 1e-9))
    return float(math.exp(sum(math.log(r) for r in ratios) / len(ratios)))


def _key(torch: Any) -> str:
    return f"{cpu_model_name()} | torch {torch.__version__}"


def _decide(speedup: float, source: str, cpu: str, torch_version: str) -> PrecisionChoice:
    dtype = "bfloat16" if speedup >= MIN_SPEEDUP else "float32"
    how = "measured" if source == "measured" else "measured earlier"
    verdict = "faster" if speedup >= 1 else "slower"
    factor = speedup if speedup >= 1 else 1 / speedup
    reason = (f"bf16 products {factor:.1f}x {verdict} than float32 on {cpu} ({how}, torch "
              f"{torch_version}); bf16 needs >= {MIN_SPEEDUP}x")
    return PrecisionChoice(dtype, round(speedup, 3), reason, source)


def _read_cache(path: Path, key: str, field: str = "speedup") -> float | None:
    """The cached ``field`` of ``key``'s entry (a speedup), or None when the file is missing,
    malformed, from another format, or holds no valid value for this CPU and torch version."""
    entries = _load_entries(path)
    entry = entries.get(key) if entries is not None else None
    value = entry.get(field) if isinstance(entry, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or not 1e-4 <= value <= 1e4:
        return None
    return float(value)


def _write_cache(path: Path, key: str, speedup: float, field: str = "speedup") -> None:
    entries = _load_entries(path) or {}  # an unusable file is replaced, not kept
    entry = dict(entries.pop(key, {}))
    entry.update({field: round(speedup, 4), "measured_at": time.strftime("%Y-%m-%d")})
    entries[key] = entry  # last = most recent
    entries = dict(list(entries.items())[-MAX_ENTRIES:])
    try:
        from .gguf_cache import claim_cache_root

        claim_cache_root()
        atomic_write(path, json.dumps({"format": _FORMAT, "entries": entries},
                                      indent=1).encode("utf-8"))
    except (OSError, FileSafetyError):  # read-only or not our folder: measure again next time
        pass


def cpu_precision(refresh: bool = False) -> PrecisionChoice:
    """The precision "auto" uses on this CPU for 16-bit or quantized checkpoints: bfloat16 when
    the measured bf16 products are at least ``MIN_SPEEDUP`` times faster than float32, else
    float32. Measured once per CPU model and torch version (cached on disk and in the process).

    Example:
        >>> cpu_precision().dtype in ("bfloat16", "float32")  # doctest: +SKIP
        True
    """
    torch = require("torch")
    key = _key(torch)
    with _LOCK:
        if not refresh and key in _MEMO:
            return _MEMO[key]
        path = precision_cache_path()
        speedup = None if refresh else _read_cache(path, key)
        source = "cache"
        if speedup is None:
            speedup, source = measure_bf16_speedup(), "measured"
            _write_cache(path, key, speedup)
        choice = _decide(speedup, source, cpu_model_name(), torch.__version__)
        _MEMO[key] = choice
        return choice


def cpu_attention(dtype: str, refresh: bool = False) -> KernelChoice:
    """The ``gemma3`` runtime's attention kernel for ``dtype`` on this CPU: in float32 torch's
    fused kernel (the exact path); in 16-bit precision the faster of the two as measured
    (``measure_attention_speedup``), once per CPU model and torch version.

    Example:
        >>> cpu_attention("float32").kernel
        'sdpa'
    """
    if dtype == "float32":
        return KernelChoice("sdpa", None, "sdpa: float32 keeps torch's fused kernel")
    return _kernel_choice(f"attention_{dtype}", dtype, ("sdpa", "matmul"),
                          measure_attention_speedup, refresh)


def cpu_linear(dtype: str, refresh: bool = False) -> KernelChoice:
    """How the ``gemma3`` runtime multiplies by its weights in ``dtype`` on this CPU: "packed"
    (oneDNN-packed once at load: the same bits in 16-bit precision) when measured faster than
    ``F.linear`` (``measure_packed_speedup``), else "plain"; float32 stays plain (the exact
    path). Measured once per CPU model and torch version.

    Example:
        >>> cpu_linear("float32").kernel
        'plain'
    """
    if dtype == "float32":
        return KernelChoice("plain", None, "plain: float32 keeps F.linear")
    return _kernel_choice(f"packed_{dtype}", dtype, ("plain", "packed"),
                          measure_packed_speedup, refresh)


def _kernel_choice(field: str, dtype: str, names: tuple[str, str], measure: Any,
                   refresh: bool) -> KernelChoice:
    """names[1] when ``measure(dtype)`` (names[0] time / names[1] time) is above 1, cached."""
    torch = require("torch")
    key = _key(torch)
    with _LOCK:
        if not refresh and (key, field) in _MEMO:
            return _MEMO[(key, field)]
        path = precision_cache_path()
        speedup = None if refresh else _read_cache(path, key, field)
        how = "measured earlier"
        if speedup is None:
            speedup, how = measure(dtype), "measured"
            _write_cache(path, key, max(speedup, 1e-3), field)
        if speedup <= 0.0011:
            choice = KernelChoice(names[0], None, f"{names[0]}: {names[1]} unavailable here")
        else:
            kernel = names[1] if speedup > 1.0 else names[0]
            factor = speedup if speedup > 1.0 else 1 / speedup
            other = names[0] if kernel == names[1] else names[1]
            choice = KernelChoice(kernel, round(speedup, 3),
                                  f"{kernel}: {factor:.2f}x faster than {other} in {dtype} on "
                                  f"{cpu_model_name()} ({how}, torch {torch.__version__})")
        _MEMO[(key, field)] = choice
        return choice


def forget_measurement() -> None:
    """Drop the in-process memo (the disk cache stays); for tests."""
    with _LOCK:
        _MEMO.clear()
