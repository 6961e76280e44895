"""The model runtime: everything that runs a neural model, shared by the model summarizers
(``methods.models``), the NLI scorers (``provenance.nli``) and the sentence encoder
(``provenance.embeddings``). It knows nothing about summaries.

- ``policy``: device and dtype policy ("auto" -> CUDA, MPS, CPU; the measured CPU precision);
- ``precision``: bf16 vs float32 and the ``gemma3`` kernels, measured once per CPU and torch;
- ``loading``: text generators loaded once per process (``load_model``, ``LoadedModel``);
- ``cache``: the once-per-process model cache type; ``gguf_cache``: de-quantized GGUF on disk;
- ``gemma3``: Gemma 3's plain-torch decoder; ``decode``: greedy decoding that drops ended rows;
- ``batching``: token-budget batches; ``threads``: torch threads from the cores idle now;
- ``packaged``: the models that ship as wheels; ``deps``/``errors``: install lines, load errors.

torch and transformers are imported only when a model loads.

Example:
    >>> from summarize.runtime import load_model, resolve_device
    >>> resolve_device("cpu")
    'cpu'
    >>> lm = load_model("path/to/bart")  # doctest: +SKIP
"""

from __future__ import annotations

from .errors import ModelFolderError, ModelNotFoundError, NotATextGeneratorError
from .loading import LoadedModel, clear_model_cache, load_model
from .policy import choose_dtype, resolve_device, resolve_dtype

__all__ = [
    "LoadedModel",
    "load_model",
    "clear_model_cache",
    "ModelNotFoundError",
    "ModelFolderError",
    "NotATextGeneratorError",
    "resolve_device",
    "resolve_dtype",
    "choose_dtype",
]
