"""One device/dtype policy and one model cache for every model the package runs: the
summarizers' loader, the NLI scorers and the sentence encoder (``summarize.runtime``)."""

from __future__ import annotations

import sys

import pytest

torch = pytest.importorskip("torch")  # models extra (pip install torch==2.13.0 -e ".[models]"); CI fails instead of skipping
transformers = pytest.importorskip("transformers")  # models extra

from summarize.provenance import embeddings
from summarize.provenance.nli import clear_nli_cache, load_nli
from summarize.runtime import ModelCache, choose_dtype, precision, resolve_device
from summarize.runtime.policy import dtype_request_key

from tiny_models import train_tokenizer

pytestmark = pytest.mark.models

LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}


@pytest.fixture(scope="module")
def nli_bf16(tmp_path_factory):
    """A tiny NLI classifier published in bfloat16 (its config says so)."""
    import transformers as tf

    tok = train_tokenizer("bert")
    torch.manual_seed(0)
    config = tf.BertConfig(
        vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128, pad_token_id=0, num_labels=3,
        id2label=LABELS, label2id={v: k for k, v in LABELS.items()})
    folder = tmp_path_factory.mktemp("nli-bf16")
    tf.BertForSequenceClassification(config).to(torch.bfloat16).save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


@pytest.fixture()
def fresh(monkeypatch):
    monkeypatch.delenv("SUMMARIZE_DTYPE", raising=False)
    clear_nli_cache()
    yield
    clear_nli_cache()


def _cpu_bf16(monkeypatch, fast: bool) -> None:
    choice = precision.PrecisionChoice("bfloat16" if fast else "float32", 3.0 if fast else 0.03,
                                       "bf16 3.0x faster" if fast else "bf16 33x slower", "cache")
    monkeypatch.setattr(precision, "cpu_precision", lambda refresh=False: choice)


def test_devices():
    assert resolve_device("cpu") == "cpu" and resolve_device(" CPU ") == "cpu"
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no usable CUDA GPU"):
            resolve_device("cuda:0")
        assert resolve_device("auto") in ("cpu", "mps")


def test_the_cache_loads_once_and_keeps_nothing_from_a_failed_load():
    cache: ModelCache[object] = ModelCache("test")
    calls = []

    def load():
        calls.append(1)
        return object()

    def broken():
        raise OSError("truncated weights")

    a = cache.get_or_load("a", load, also=lambda value: ["a-resolved"])
    assert cache.get_or_load("a", load) is a and cache.get_or_load("a-resolved", load) is a
    assert len(calls) == 1
    with pytest.raises(OSError):
        cache.get_or_load("b", broken)
    assert cache.get_or_load("b", load) is not a and len(calls) == 2 and len(cache) == 3
    cache.clear()
    assert len(cache) == 0 and "0 loaded" in repr(cache)


def test_nli_follows_the_runtime_dtype_policy(nli_bf16, fresh, monkeypatch):
    """A bf16 checkpoint on CPU: bf16 only where bf16 measured faster (as for summarizers),
    ``$SUMMARIZE_DTYPE`` overrides "auto", an explicit dtype wins; the reason is recorded."""
    _cpu_bf16(monkeypatch, fast=False)
    slow = load_nli(str(nli_bf16), device="cpu")
    assert slow.dtype == "float32" and slow.dtype_reason == "auto: bf16 33x slower"
    assert (slow.dtype, slow.dtype_reason) == choose_dtype("auto", "cpu", native="bfloat16")
    assert load_nli(str(nli_bf16), device="cpu", dtype="float32") is slow  # the same request
    clear_nli_cache()
    _cpu_bf16(monkeypatch, fast=True)
    fast = load_nli(str(nli_bf16), device="cpu")
    assert fast.dtype == "bfloat16" and fast.dtype_reason == "auto: bf16 3.0x faster"
    assert next(fast.model.parameters()).dtype == torch.bfloat16
    probs = fast.entailment(["The bridge opens."], ["The bridge opens."])
    assert 0.0 <= probs[0] <= 1.0
    monkeypatch.setenv("SUMMARIZE_DTYPE", "float32")  # another request: loaded again
    forced = load_nli(str(nli_bf16), device="cpu")
    assert forced is not fast and forced.dtype_reason == "SUMMARIZE_DTYPE=float32"
    with pytest.raises(ValueError, match="unknown dtype 'int3'"):
        load_nli(str(nli_bf16), device="cpu", dtype="int3")
    with pytest.raises(ValueError, match="unknown device"):
        load_nli(str(nli_bf16), device="tpu")


def test_dtype_requests_are_cache_keys(monkeypatch):
    monkeypatch.delenv("SUMMARIZE_DTYPE", raising=False)
    assert dtype_request_key("bf16") == dtype_request_key("torch.bfloat16") == "bfloat16"
    assert dtype_request_key("auto") == dtype_request_key(None) == "auto:"
    monkeypatch.setenv("SUMMARIZE_DTYPE", "BF16")
    assert dtype_request_key("auto") == "auto:bf16"


def test_the_sentence_encoder_goes_through_the_runtime(monkeypatch):
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        embeddings.load_minilm("tpu")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # not installed
    monkeypatch.setattr(embeddings, "_MODELS", ModelCache("sentence encoders"))
    with pytest.raises(ImportError, match=r'summarize\[metrics\]'):
        embeddings.load_minilm()
    assert len(embeddings._MODELS) == 0


def test_nli_finds_models_the_way_the_loader_does(tmp_path, monkeypatch, fresh):
    """An id in no cache while the hub does not answer fails at once (not after download
    retries), with the reason and the fix; a path that does not exist is named as such."""
    from summarize.text import fetch

    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(fetch, "hub_reachable", lambda timeout=3.0: False)
    with pytest.raises(ValueError, match="unreachable.*`hf download nobody-xyz/nli`"):
        load_nli("nobody-xyz/nli", device="cpu")
    with pytest.raises(ValueError, match="not a local folder and not a valid Hugging Face id"):
        load_nli(str(tmp_path / "missing" / "nli"), device="cpu")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "config.json").write_text("{not json")
    with pytest.raises(ValueError, match="has a config.json that cannot be read"):
        load_nli(str(tmp_path / "bad"), device="cpu")
