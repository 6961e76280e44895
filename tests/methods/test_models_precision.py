"""The precision "auto" picks: bf16 on CPUs with hardware bf16 for checkpoints published in
16 bits (or quantized GGUF), float32 otherwise."""

from __future__ import annotations

import json

import pytest

import torch
import transformers

from summarize.runtime import clear_model_cache, load_model, precision
from summarize.runtime.policy import choose_dtype, native_dtype, resolve_dtype

from tiny_models import build_tiny


def test_auto_on_cpu_follows_checkpoint_and_hardware(monkeypatch):
    monkeypatch.delenv("SUMMARIZE_DTYPE", raising=False)
    fast = precision.PrecisionChoice("bfloat16", 3.0, "bf16 3.0x faster", "cache")
    slow = precision.PrecisionChoice("float32", 0.5, "bf16 2.0x slower", "cache")
    monkeypatch.setattr(precision, "cpu_precision", lambda: fast)
    assert resolve_dtype("auto", "cpu", native="bfloat16") == "bfloat16"
    assert resolve_dtype("auto", "cpu", native="float16") == "bfloat16"
    assert resolve_dtype("auto", "cpu", native="float32") == "float32"
    assert resolve_dtype("auto", "cpu", native=None) == "float32"
    assert resolve_dtype("float32", "cpu", native="bfloat16") == "float32"  # explicit wins
    assert choose_dtype("auto", "cpu", native="bfloat16") == ("bfloat16", "auto: bf16 3.0x faster")
    monkeypatch.setattr(precision, "cpu_precision", lambda: slow)
    assert resolve_dtype("auto", "cpu", native="bfloat16") == "float32"


def test_native_dtype_reads_config_and_treats_gguf_as_16_bit():
    config = transformers.LlamaConfig(dtype="bfloat16")
    assert native_dtype(config) == "bfloat16"
    assert native_dtype(transformers.LlamaConfig(dtype="float32")) == "float32"
    assert native_dtype(transformers.LlamaConfig()) is None
    assert native_dtype(transformers.LlamaConfig(dtype="float32"), gguf_file="m.gguf") == "bfloat16"


def test_loader_applies_the_rule_to_a_real_checkpoint(tmp_path, monkeypatch):
    fp32_dir = build_tiny("llama", tmp_path)
    bf16_dir = tmp_path / "tiny-llama-bf16"
    model = transformers.AutoModelForCausalLM.from_pretrained(fp32_dir, dtype=torch.bfloat16)
    model.save_pretrained(bf16_dir)
    transformers.AutoTokenizer.from_pretrained(fp32_dir).save_pretrained(bf16_dir)
    monkeypatch.delenv("SUMMARIZE_DTYPE", raising=False)
    monkeypatch.setattr(precision, "cpu_precision", lambda: precision.PrecisionChoice(
        "bfloat16", 2.0, "bf16 2.0x faster (fake)", "cache"))
    clear_model_cache()
    try:
        fast = load_model(str(bf16_dir))
        assert fast.dtype == "bfloat16" and next(fast.model.parameters()).dtype == torch.bfloat16
        assert fast.dtype_reason == "auto: bf16 2.0x faster (fake)"
        assert load_model(str(bf16_dir), dtype="bfloat16") is fast  # one load for both names
        exact = load_model(str(fp32_dir))
        assert exact.dtype == "float32" and next(exact.model.parameters()).dtype == torch.float32
        assert exact.dtype_reason == "auto: the checkpoint is float32"
        monkeypatch.setattr(precision, "cpu_precision", lambda: precision.PrecisionChoice(
            "float32", 0.6, "bf16 1.7x slower (fake)", "cache"))
        clear_model_cache()
        assert load_model(str(bf16_dir)).dtype == "float32"
        monkeypatch.setenv("SUMMARIZE_DTYPE", "bfloat16")  # the override beats the measurement
        over = load_model(str(bf16_dir))
        assert over.dtype == "bfloat16" and over.dtype_reason == "SUMMARIZE_DTYPE=bfloat16"
        assert load_model(str(bf16_dir), dtype="float32").dtype == "float32"  # argument wins
    finally:
        clear_model_cache()


# ------------------------------------------------------------- the cached measurement itself

@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache root, no override, no in-process memo; ``calls`` counts measurements
    (faked at a 2.5x bf16 speedup unless a test says otherwise)."""
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path))
    monkeypatch.delenv("SUMMARIZE_DTYPE", raising=False)
    precision.forget_measurement()
    calls = []
    monkeypatch.setattr(precision, "measure_bf16_speedup",
                        lambda repeats=5: calls.append(repeats) or 2.5)
    yield calls
    precision.forget_measurement()


def _key():
    return f"{precision.cpu_model_name()} | torch {torch.__version__}"


def test_measured_once_then_read_back_from_the_cache(cache):
    first = precision.cpu_precision()
    assert first.dtype == "bfloat16" and first.source == "measured" and len(cache) == 1
    data = json.loads(precision.precision_cache_path().read_text())
    assert data["entries"][_key()]["speedup"] == 2.5
    precision.forget_measurement()  # a new process
    again = precision.cpu_precision()
    assert again.source == "cache" and again.dtype == "bfloat16" and len(cache) == 1
    assert "2.5x faster" in again.reason and precision.cpu_model_name() in again.reason


def test_a_slow_bf16_measurement_keeps_float32(cache, monkeypatch):
    precision.precision_cache_path().write_text(json.dumps(
        {"format": 1, "entries": {_key(): {"speedup": 0.4}}}))
    choice = precision.cpu_precision()
    assert choice.dtype == "float32" and "2.5x slower" in choice.reason and not cache
    assert choose_dtype("auto", "cpu", native="bfloat16")[0] == "float32"


@pytest.mark.parametrize("content", [
    "{not json", "", "[1, 2]", '{"format": 1, "entries": []}',
    '{"format": 1, "entries": {"KEY": {"speedup": "fast"}}}',
    '{"format": 1, "entries": {"KEY": {"speedup": NaN}}}',
    '{"format": 1, "entries": {"KEY": {"speedup": -3}}}',
    '{"format": 1, "entries": {"KEY": {"speedup": true}}}',
    '{"format": 99, "entries": {"KEY": {"speedup": 2.0}}}',
    '{"format": 1, "entries": {"another CPU | torch 0.1": {"speedup": 0.1}}}',
    "\udcff\x00 binary",
])
def test_a_bad_or_foreign_cache_file_is_measured_again(cache, content):
    path = precision.precision_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content.replace("KEY", _key()), errors="surrogateescape")
    choice = precision.cpu_precision()
    assert choice.source == "measured" and choice.dtype == "bfloat16" and len(cache) == 1
    data = json.loads(path.read_text())  # rewritten as valid JSON
    assert data["format"] == 1 and data["entries"][_key()]["speedup"] == 2.5


def test_an_oversized_cache_file_is_not_read(cache):
    path = precision.precision_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": 1, "entries": {_key(): {"speedup": 0.5}},
                                "pad": "x" * (2 << 20)}))
    assert precision.cpu_precision().source == "measured" and len(cache) == 1


def test_env_override_and_its_errors(cache, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_DTYPE", "float32")
    assert choose_dtype("auto", "cpu", native="bfloat16") == ("float32", "SUMMARIZE_DTYPE=float32")
    assert choose_dtype("bfloat16", "cpu") == ("bfloat16", "requested")
    monkeypatch.setenv("SUMMARIZE_DTYPE", "int3")
    with pytest.raises(ValueError, match="SUMMARIZE_DTYPE='int3'"):
        choose_dtype("auto", "cpu", native="bfloat16")
    assert not cache  # an override never measures


@pytest.mark.timeout(60)
def test_the_real_measurement_is_a_positive_ratio():
    speedup = precision.measure_bf16_speedup(repeats=2)
    assert 0.01 < speedup < 100
