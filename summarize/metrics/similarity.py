"""Semantic similarity to the reference, BERTScore-style (Zhang et al. 2020), offline on the
packaged all-MiniLM-L6-v2.

Each text becomes contextual token embeddings (MiniLM's last layer, word pieces, [CLS]/[SEP]
dropped); every prediction token is matched to its most similar reference token (precision) and
vice versa (recall), and F is their harmonic mean. No IDF weighting and no baseline rescaling, so
values sit high (unrelated sentences often score 0.2-0.4) and are comparable only with each other,
not with published BERTScore numbers (which use RoBERTa-large). Texts longer than the model's
256 word pieces are truncated. Several references: the best F wins.

Example:
    >>> s = semantic_similarity(["A cat sat on the mat."], ["The cat was sitting on a mat."])
    >>> 0.5 < s[0]["semantic_f"] <= 1.0  # doctest: +SKIP
    True
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

__all__ = ["semantic_similarity", "greedy_match"]


def greedy_match(pred: np.ndarray, ref: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F of greedy cosine matching between two sets of unit vectors.

    Example:
        >>> e = np.eye(3)
        >>> greedy_match(e[:2], e)
        (1.0, 0.6666666666666666, 0.8)
    """
    if len(pred) == 0 or len(ref) == 0:
        return 0.0, 0.0, 0.0
    sim = pred @ ref.T
    p = float(sim.max(axis=1).mean())
    r = float(sim.max(axis=0).mean())
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def semantic_similarity(predictions: Sequence[str],
                        references: Sequence[str | Sequence[str]],
                        batch_size: int = 32) -> list[dict[str, float]]:
    """``{"semantic_p", "semantic_r", "semantic_f"}`` per prediction, against its reference(s).
    An empty prediction or reference scores 0. Loads the packaged MiniLM once per process."""
    from ..provenance.embeddings import token_embeddings

    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    refs = [[r] if isinstance(r, str) else list(r) for r in references]
    texts = list(dict.fromkeys([*predictions, *(t for rs in refs for t in rs)]))
    nonempty = [t for t in texts if t.strip()]
    emb = dict(zip(nonempty, token_embeddings(nonempty, batch_size=batch_size)))
    empty = np.zeros((0, 1), dtype=np.float32)
    out = []
    for pred, rs in zip(predictions, refs):
        best = (0.0, 0.0, 0.0)
        for r in rs:
            scores = greedy_match(emb.get(pred, empty), emb.get(r, empty))
            if scores[2] > best[2]:
                best = scores
        out.append({"semantic_p": best[0], "semantic_r": best[1], "semantic_f": best[2]})
    return out
