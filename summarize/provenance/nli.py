"""Model-based faithfulness for users online: any Hugging Face NLI (sequence-classification)
model as a support scorer, SummaC-style.

Each summary sentence is the hypothesis; the premises are chunks of consecutive source sentences
that fit the model's window (long sources are chunked, never truncated); a (summary sentence,
source sentence) cell is the entailment probability of the best chunk holding that source
sentence. The model loads once per process (``runtime.cache``, keyed by model, device and dtype)
and runs in batches, on the device and in the precision the runtime's policy picks for every
model (``runtime.policy``: ``device="auto"`` is CUDA, then Apple MPS, then CPU; ``dtype="auto"``
is bfloat16/float16 on a GPU and on CPU float32 unless the checkpoint is 16-bit and bf16
measured faster here; ``$SUMMARIZE_DTYPE`` overrides it).

Use it wherever a scorer is accepted:

    >>> from summarize.metrics import get_scorer, sentence_support
    >>> nli = get_scorer("nli:MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli")  # doctest: +SKIP
    >>> check_summary(article, summary, scorer=nli)  # doctest: +SKIP

Recommended checkpoints and their published numbers are in docs/METAEVAL.md ("Model scorers").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..runtime.cache import ModelCache
from ..runtime.deps import require
from ..runtime.loading import offline
from ..runtime.policy import choose_dtype, dtype_request_key, native_dtype, resolve_device

__all__ = ["NLIScorer", "NLIModel", "load_nli", "clear_nli_cache"]

_CACHE: ModelCache["NLIModel"] = ModelCache("NLI classifiers")


def _require(name: str) -> Any:
    return require(name, "NLI scorers")


@dataclass
class NLIModel:
    """A loaded NLI classifier: ``entail`` is the index of its entailment label (or -1 for a
    single-logit model, read through a sigmoid); ``window`` its input limit in tokens."""

    model: Any
    tokenizer: Any
    model_id: str
    device: str
    dtype: str
    entail: int
    window: int
    dtype_reason: str = "requested"

    def entailment(self, premises: Sequence[str], hypotheses: Sequence[str],
                   batch_size: int = 16) -> np.ndarray:
        """P(premise entails hypothesis) for each pair, computed in batches."""
        torch = _require("torch")
        out = np.zeros(len(premises))
        for lo in range(0, len(premises), batch_size):
            enc = self.tokenizer(list(premises[lo:lo + batch_size]),
                                 list(hypotheses[lo:lo + batch_size]), padding=True,
                                 truncation="only_first", max_length=self.window,
                                 return_tensors="pt")
            enc = {k: v.to(self.device) for k, v in enc.items()}
            with torch.inference_mode():
                logits = self.model(**enc).logits.float()
            if self.entail < 0:
                probs = torch.sigmoid(logits[:, 0])
            else:
                probs = torch.softmax(logits, dim=-1)[:, self.entail]
            out[lo:lo + len(probs)] = probs.cpu().numpy()
        return out

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])


def _entailment_index(config: Any, model_id: str, label: int | str | None) -> int:
    labels = {int(k): str(v) for k, v in (getattr(config, "id2label", None) or {}).items()}
    if label is not None:
        if isinstance(label, int) and not isinstance(label, bool) and label in labels:
            return label
        for k, v in labels.items():
            if v.lower() == str(label).lower():
                return k
        raise ValueError(f"entailment_label={label!r} is not a label of {model_id} "
                         f"(labels: {labels})")
    if getattr(config, "num_labels", len(labels)) == 1:
        return -1
    hits = [k for k, v in labels.items() if "entail" in v.lower() and "not" not in v.lower()]
    if len(hits) != 1:
        raise ValueError(
            f"cannot tell which label of {model_id} means entailment (labels: {labels}); "
            "pass entailment_label= (its index or name), e.g. NLIScorer(model, "
            "entailment_label='entailment')")
    return hits[0]


def load_nli(model: str, *, device: str | None = "auto", dtype: Any = "auto",
             entailment_label: int | str | None = None, trust_remote_code: bool = False,
             local_files_only: bool | None = None) -> NLIModel:
    """Load an NLI classifier (hub id or local folder) once per process.

    A hub id that cannot be found (offline, not cached) is a clear ``ValueError`` saying how to
    get it; a checkpoint without a sequence-classification head is a ``ValueError`` too.
    """
    if not isinstance(model, (str, os.PathLike)) or not os.fspath(model).strip():
        raise ValueError(f"model must be a hub id or a local path, got {model!r}")
    model = os.fspath(model)
    dev = resolve_device(device)
    where = os.path.abspath(os.path.expanduser(model)) if os.path.exists(
        os.path.expanduser(model)) else model
    # an unknown dtype name fails here, before anything loads
    key = (where, dev, dtype_request_key(dtype), entailment_label, bool(trust_remote_code))
    return _CACHE.get_or_load(
        key,
        lambda: _load(model, where, dev, dtype, entailment_label, trust_remote_code,
                      local_files_only),
        also=lambda nli: [(where, dev, nli.dtype, entailment_label, bool(trust_remote_code))])


def clear_nli_cache() -> None:
    """Forget every loaded NLI model."""
    _CACHE.clear()


def _load(model_id: str, path: str, device: str, dtype: Any, label: int | str | None,
          trust_remote_code: bool, local_files_only: bool | None) -> NLIModel:
    transformers = _require("transformers")
    torch = _require("torch")
    local = os.path.isdir(path)
    if local_files_only is None:
        local_files_only = local or offline()
    common = {"trust_remote_code": trust_remote_code, "local_files_only": local_files_only}
    try:
        config = transformers.AutoConfig.from_pretrained(path, **common)
    except (OSError, ValueError) as exc:
        why = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        raise ValueError(
            f"NLI model {model_id!r} is not a local folder and could not be loaded from the "
            f"Hugging Face hub or its cache ({why}). Fix: on a machine with network access run `huggingface-cli download {model_id}` "
            "and pass the id again (or a folder saved with save_pretrained)") from None
    archs = list(getattr(config, "architectures", None) or [])
    if archs and not any(a.endswith("ForSequenceClassification") for a in archs):
        raise ValueError(f"{model_id} is a {', '.join(archs)} checkpoint, not a sequence "
                         "classifier; pass an NLI model (…ForSequenceClassification)")
    entail = _entailment_index(config, model_id, label)
    dtype, dtype_reason = choose_dtype(dtype, device, native_dtype(config))
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path, **common)
        net = transformers.AutoModelForSequenceClassification.from_pretrained(
            path, config=config, dtype=getattr(torch, dtype), **common)
    except (OSError, ValueError) as exc:
        raise ValueError(f"could not load NLI model {model_id!r}: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0][:300]}") from None
    net.to(device)
    net.eval()
    limits = [v for v in (getattr(config, "max_position_embeddings", None),
                          getattr(tokenizer, "model_max_length", None))
              if isinstance(v, int) and 0 < v < 100_000]
    window = min(limits) if limits else 512
    if getattr(config, "model_type", "") in ("roberta", "xlm-roberta", "bart", "camembert") \
            and window == getattr(config, "max_position_embeddings", None):
        window -= 2  # learned positions offset by the padding index in these families
    return NLIModel(net, tokenizer, model_id, device, dtype, entail, window, dtype_reason)


class NLIScorer:
    """A support scorer from any Hugging Face NLI classifier (``get_scorer("nli:<id>")``).

    Args:
        model: hub id or local folder of a sequence-classification NLI model.
        threshold: entailment probability at which a sentence counts as supported.
        chunk_tokens: premise budget in tokens (default: the model's window minus room for the
            hypothesis); consecutive source sentences are packed into chunks of this size,
            overlapping by one sentence, so long sources are covered whole.
        batch_size, device, dtype: as for the summarizers.
        entailment_label: the entailment label's index or name, when the config does not say.

    Example:
        >>> sc = NLIScorer("path/to/nli-model")  # doctest: +SKIP
        >>> sc.score(["Kerry meets Lavrov."], ["Kerry will see Lavrov."])  # doctest: +SKIP
        array([[0.97]])
    """

    def __init__(self, model: str, *, threshold: float = 0.5, chunk_tokens: int | None = None,
                 batch_size: int = 16, device: str | None = "auto", dtype: Any = "auto",
                 entailment_label: int | str | None = None, trust_remote_code: bool = False,
                 local_files_only: bool | None = None) -> None:
        if not 0.0 <= float(threshold) <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if chunk_tokens is not None and (not isinstance(chunk_tokens, int) or chunk_tokens < 8):
            raise ValueError(f"chunk_tokens must be an int >= 8, got {chunk_tokens!r}")
        self.model_id = os.fspath(model) if isinstance(model, os.PathLike) else model
        self.name = f"nli:{self.model_id}"
        self.threshold = float(threshold)
        self.chunk_tokens = chunk_tokens
        self.batch_size = batch_size
        self._load_args = {"device": device, "dtype": dtype, "entailment_label": entailment_label,
                           "trust_remote_code": trust_remote_code,
                           "local_files_only": local_files_only}

    @property
    def model(self) -> NLIModel:
        """The loaded model (loaded on first use, once per process)."""
        return load_nli(self.model_id, **self._load_args)

    def chunks(self, source_sentences: Sequence[str],
               budget: int | None = None) -> list[tuple[int, int]]:
        """``[start, end)`` source-sentence ranges packed up to ``budget`` tokens, consecutive
        chunks sharing one sentence; a sentence longer than the budget is a chunk of its own (the
        tokenizer truncates it)."""
        lm = self.model
        budget = budget or self.chunk_tokens or max(lm.window * 2 // 3, 8)
        lengths = [lm.count_tokens(s) for s in source_sentences]
        out: list[tuple[int, int]] = []
        start = 0
        while start < len(lengths):
            end, used = start, 0
            while end < len(lengths) and (end == start or used + lengths[end] <= budget):
                used += lengths[end]
                end += 1
            out.append((start, end))
            if end >= len(lengths):
                break
            start = end - 1 if end - 1 > start else end
        return out

    def score(self, summary_sentences: Sequence[str],
              source_sentences: Sequence[str]) -> np.ndarray:
        n, m = len(summary_sentences), len(source_sentences)
        out = np.zeros((n, m))
        if n == 0 or m == 0:
            return out
        spans = self.chunks(source_sentences)
        premises = [" ".join(source_sentences[a:b]) for a, b in spans]
        pairs = [(p, h) for h in summary_sentences for p in premises]
        probs = self.model.entailment([p for p, _ in pairs], [h for _, h in pairs],
                                      self.batch_size).reshape(n, len(spans))
        for c, (a, b) in enumerate(spans):
            out[:, a:b] = np.maximum(out[:, a:b], probs[:, c:c + 1])
        return out

    def __repr__(self) -> str:
        return f"NLIScorer({self.model_id!r}, threshold={self.threshold})"
