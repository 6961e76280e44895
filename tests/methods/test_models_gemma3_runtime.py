"""The ``gemma3`` runtime against transformers' Gemma3ForCausalLM on a tiny random checkpoint
built here (tokenizer trained in the test, saved with ``save_pretrained``): same logits, same
greedy outputs through a left-padded, chunk-prefilled batch whose rows end at different steps;
its loader's fallbacks and its handling of damaged folders; the cache helpers it relies on."""

from __future__ import annotations

import json
import shutil
import time

import pytest

import torch
import transformers

from summarize.runtime import gemma3, loading
from summarize.runtime.decode import greedy_decode
from summarize.runtime.errors import ModelFolderError
from summarize.runtime.gguf_cache import compact_merges, converted_weights, same_tokenizer
from summarize.runtime.precision import cpu_attention

from tiny_models import article, build_tiny


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory):
    return build_tiny("gemma3", tmp_path_factory.mktemp("tiny-gemma3"))


@pytest.fixture()
def folder(tiny_gemma, tmp_path):
    """A private copy (some tests damage or extend it)."""
    return shutil.copytree(tiny_gemma, tmp_path / "g")


def reference(folder, dtype=torch.float32):
    return transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).eval()


def batch(folder, texts):
    tok = transformers.AutoTokenizer.from_pretrained(folder)
    tok.padding_side = "left"
    enc = tok(texts, return_tensors="pt", padding=True)
    return tok, enc["input_ids"], enc["attention_mask"]


TEXTS = [article(3), article(1, offset=5), article(2, offset=9)]  # 3 lengths: left padding


def prefill_logits(model, ids, mask, chunk, cache):
    positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 0)
    out = None
    with torch.inference_mode():
        for start in range(0, ids.shape[1], chunk):
            end = min(ids.shape[1], start + chunk)
            out = model(input_ids=ids[:, start:end], attention_mask=mask[:, :end],
                        position_ids=positions[:, start:end], use_cache=True,
                        logits_to_keep=1, cache=cache)
    return out.logits[:, -1].float()


@pytest.mark.parametrize("attention", ["sdpa", "matmul"])
def test_logits_match_transformers_on_a_padded_chunked_batch(tiny_gemma, attention):
    ours = gemma3.load_gemma3(tiny_gemma, "float32")
    ours.attention = attention
    theirs = reference(tiny_gemma)
    tok, ids, mask = batch(tiny_gemma, TEXTS)
    assert ids.shape[1] > 3 * ours.config.sliding_window  # windows slide during the prefill
    assert (mask == 0).any()
    a = prefill_logits(ours, ids, mask, 5, ours.new_cache())
    b = prefill_logits(theirs, ids, mask, 5, transformers.DynamicCache(config=theirs.config))
    assert torch.allclose(a, b, atol=1e-4, rtol=1e-4), (a - b).abs().max()
    # the whole prompt at once (no cache given) agrees with the chunked prefill
    with torch.inference_mode():
        whole = ours.forward(input_ids=ids, attention_mask=mask, logits_to_keep=1).logits[:, -1]
    assert torch.allclose(whole.float(), a, atol=1e-4, rtol=1e-4)


def test_greedy_outputs_equal_transformers_with_rows_ending_early(tiny_gemma):
    ours = gemma3.load_gemma3(tiny_gemma, "float32")
    theirs = reference(tiny_gemma)
    tok, ids, mask = batch(tiny_gemma, TEXTS)

    def stop(row, new_ids):  # row 1 leaves the batch after 3 tokens, row 2 after 7
        return (row == 1 and len(new_ids) >= 3) or (row == 2 and len(new_ids) >= 7)

    runs = [greedy_decode(m, ids, mask, max_new_tokens=12, stop=stop, prefill_chunk=6)
            for m in (ours, theirs)]
    assert runs[0] == runs[1]
    eos = set(ours.config.eos_token_ids)
    for row, wanted in enumerate((12, 3, 7)):  # the stop rule, unless EOS came first
        got = runs[0][row]
        assert len(got) == wanted or (got[-1] in eos and len(got) < wanted)
    assert len(set(map(len, runs[0]))) > 1  # rows really left the batch at different steps
    # and equal to transformers' own generate, row by row
    with torch.inference_mode():
        for row, text in enumerate(TEXTS[:1]):
            enc = tok(text, return_tensors="pt")
            out = theirs.generate(**enc, max_new_tokens=12, do_sample=False,
                                  pad_token_id=tok.pad_token_id)
            assert out[0, enc["input_ids"].shape[1]:].tolist() == runs[0][row]


def test_bfloat16_follows_transformers_bfloat16(tiny_gemma):
    ours = gemma3.load_gemma3(tiny_gemma, "bfloat16")
    theirs = reference(tiny_gemma, torch.bfloat16)
    tok, ids, mask = batch(tiny_gemma, TEXTS)
    a = prefill_logits(ours, ids, mask, 6, ours.new_cache())
    b = prefill_logits(theirs, ids, mask, 6, transformers.DynamicCache(config=theirs.config))
    assert ours.dtype == torch.bfloat16
    scale = b.abs().max()
    assert (a - b).abs().max() <= 0.05 * scale


def test_cache_grows_past_its_capacity_and_keeps_selected_rows():
    cache = gemma3.Gemma3Cache(1, capacity=2)
    k = torch.arange(12.0).view(3, 1, 2, 2)
    cache.update(0, k, k)
    keys, _ = cache.update(0, k + 100, k + 100)  # past capacity: buffers grow
    assert keys.shape == (3, 1, 4, 2)
    assert torch.equal(keys[:, :, :2], k) and torch.equal(keys[:, :, 2:], k + 100)
    cache.batch_select_indices(torch.tensor([2, 0]))
    keys, _ = cache.update(0, k[:2] * 0, k[:2] * 0)
    assert torch.equal(keys[0, :, :2], k[2]) and torch.equal(keys[1, :, :2], k[0])


def test_config_outside_the_runtime_is_refused_with_the_reason():
    base = json.loads(json.dumps({
        "model_type": "gemma3_text", "vocab_size": 64, "hidden_size": 16,
        "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
        "num_key_value_heads": 1, "head_dim": 8, "sliding_window": 4,
        "layer_types": ["full_attention"]}))
    assert gemma3.Gemma3Config.from_dict(base).rope_thetas == (10000.0, 1000000.0)
    cases = {
        "final_logit_softcapping": ({"final_logit_softcapping": 30.0}, "soft-cap"),
        "scaled rope": ({"rope_scaling": {"rope_type": "linear", "factor": 8}}, "RoPE"),
        "layer types": ({"layer_types": ["full_attention", "full_attention"]}, "layer_types"),
        "bad size": ({"hidden_size": -3}, "hidden_size"),
        "huge size": ({"vocab_size": 10 ** 12}, "vocab_size"),
        "heads": ({"num_attention_heads": 3, "num_key_value_heads": 2}, "multiple"),
        "activation": ({"hidden_activation": "relu"}, "hidden_activation"),
    }
    for what, (change, words) in cases.items():
        with pytest.raises(ValueError, match=words):
            gemma3.Gemma3Config.from_dict({**base, **change})


def test_loader_uses_the_runtime_and_falls_back_to_transformers(folder, monkeypatch):
    monkeypatch.delenv("SUMMARIZE_RUNTIME", raising=False)
    lm = loading._load_gemma3("tiny", folder, "cpu", "float32", "gguf-cache", time.perf_counter())
    assert lm.runtime == "gemma3" and isinstance(lm.model, gemma3.Gemma3Decoder)
    assert lm.kind == "causal" and lm.window == 128 and lm.attention.startswith("sdpa")
    assert lm.tokenizer.padding_side == "left"
    # beam search and other generate features: transformers' model of the same folder
    generator = lm.generation_model()
    assert type(generator).__name__ == "Gemma3ForCausalLM" and lm.generation_model() is generator
    monkeypatch.setenv("SUMMARIZE_RUNTIME", "transformers")
    assert loading._load_gemma3("tiny", folder, "cpu", "float32", "x", 0.0) is None
    monkeypatch.setenv("SUMMARIZE_RUNTIME", "fast please")
    with pytest.raises(ValueError, match="SUMMARIZE_RUNTIME"):
        loading._load_gemma3("tiny", folder, "cpu", "float32", "x", 0.0)
    monkeypatch.delenv("SUMMARIZE_RUNTIME")
    config = json.loads((folder / "config.json").read_text())
    config["final_logit_softcapping"] = 30.0  # not ours to run: transformers does
    (folder / "config.json").write_text(json.dumps(config))
    assert loading._load_gemma3("tiny", folder, "cpu", "float32", "x", 0.0) is None


def test_damaged_weights_are_a_clear_error(folder):
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    with pytest.raises(ModelFolderError, match="model.safetensors"):
        loading._load_gemma3("tiny", folder, "cpu", "float32", "x", 0.0)


def test_misshapen_tensor_is_named(folder):
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(folder / "model.safetensors"))
    tensors["model.layers.1.mlp.up_proj.weight"] = torch.zeros(3, 3)
    save_file(tensors, str(folder / "model.safetensors"))
    with pytest.raises(ValueError, match=r"model.layers.1.mlp.up_proj.weight has shape \(3, 3\)"):
        gemma3.load_gemma3(folder)
    del tensors["model.norm.weight"]
    save_file(tensors, str(folder / "model.safetensors"))
    with pytest.raises(ValueError, match="model.norm.weight is missing"):
        gemma3.load_gemma3(folder)


def test_converted_copy_is_written_once_and_a_damaged_one_is_rebuilt(folder):
    first = converted_weights(folder, "bfloat16")
    assert first.name == "model.bfloat16.safetensors"
    stamp = first.stat().st_mtime_ns
    assert converted_weights(folder, "bfloat16") == first and first.stat().st_mtime_ns == stamp
    assert converted_weights(folder, "float32").name == "model.safetensors"
    a = gemma3.load_gemma3(folder, "bfloat16", weights=first)
    b = gemma3.load_gemma3(folder, "bfloat16")
    assert all(torch.equal(a.weights[k], b.weights[k]) for k in a.weights)
    first.write_bytes(b"\x00" * 64)  # damaged on disk: the loader rebuilds from float32
    lm = loading._load_gemma3("tiny", folder, "cpu", "bfloat16", "x", 0.0)
    assert lm.dtype == "bfloat16" and not first.exists()
    assert converted_weights(folder, "bfloat16").stat().st_size > 64


def test_compact_merges_keeps_the_tokenizer(folder):
    before = json.loads((folder / "tokenizer.json").read_text())
    assert isinstance(before["model"]["merges"][0], list)
    old = transformers.PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"))
    assert compact_merges(folder) is True
    after = json.loads((folder / "tokenizer.json").read_text())
    assert after["model"]["merges"][0] == " ".join(before["model"]["merges"][0])
    new = transformers.PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"))
    assert same_tokenizer(old, new)
    text = article(4)
    assert old(text)["input_ids"] == new(text)["input_ids"]
    assert compact_merges(folder) is False  # already strings: nothing to do


def test_attention_kernel_choice_is_cached_per_cpu(tmp_path, monkeypatch):
    from summarize.runtime import precision

    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path))
    precision.forget_measurement()
    try:
        choice = cpu_attention("bfloat16")
        assert choice.kernel in ("sdpa", "matmul") and choice.speedup > 0
        assert "measured" in choice.reason and "bfloat16" in choice.reason
        stored = json.loads((tmp_path / "precision.json").read_text())
        entry = next(iter(stored["entries"].values()))
        assert entry["attention_bfloat16"] == pytest.approx(choice.speedup, abs=1e-3)
        precision.forget_measurement()
        again = cpu_attention("bfloat16")  # read back, not measured
        assert again.kernel == choice.kernel and "measured earlier" in again.reason
        assert cpu_attention("float32").kernel == "sdpa"
    finally:
        precision.forget_measurement()


def test_a_chunk_without_logits_fills_the_same_cache(tiny_gemma):
    ours = gemma3.load_gemma3(tiny_gemma, "float32")
    tok, ids, mask = batch(tiny_gemma, TEXTS)
    cut = ids.shape[1] - 4
    with torch.inference_mode():
        a, b = ours.new_cache(), ours.new_cache()
        assert ours.forward(input_ids=ids[:, :cut], attention_mask=mask[:, :cut], cache=a,
                            logits=False).logits is None
        ours.forward(input_ids=ids[:, :cut], attention_mask=mask[:, :cut], cache=b,
                     logits_to_keep=1)
        assert all(torch.equal(x, y) for x, y in zip(a.keys, b.keys))
        last = [ours.forward(input_ids=ids[:, cut:], attention_mask=mask, cache=c,
                             logits_to_keep=1).logits for c in (a, b)]
    assert torch.equal(last[0], last[1])


def test_packed_weights_give_the_same_bf16_outputs(tiny_gemma, tmp_path, monkeypatch):
    from summarize.runtime import precision

    plain = gemma3.load_gemma3(tiny_gemma, "bfloat16")
    packed = gemma3.load_gemma3(tiny_gemma, "bfloat16")
    try:
        packed.pack()
    except (RuntimeError, AttributeError) as exc:  # a torch build without oneDNN packing
        monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path))
        precision.forget_measurement()
        assert precision.cpu_linear("bfloat16").kernel == "plain"
        pytest.skip(f"no oneDNN weight packing here: {exc}")
    tok, ids, mask = batch(tiny_gemma, TEXTS)
    runs = [greedy_decode(m, ids, mask, max_new_tokens=8, prefill_chunk=6)
            for m in (plain, packed)]
    assert runs[0] == runs[1]
    lazy = gemma3.load_gemma3(tiny_gemma, "bfloat16")
    lazy.pack_on_first_use = True  # what the loader sets: packed by the first forward pass
    assert not lazy.packed
    assert greedy_decode(lazy, ids, mask, max_new_tokens=8, prefill_chunk=6) == runs[0]
    assert lazy.packed
    a = prefill_logits(plain, ids, mask, 6, plain.new_cache())
    b = prefill_logits(packed, ids, mask, 6, packed.new_cache())
    assert torch.equal(a, b)
    with pytest.raises(ValueError, match="CPU"):
        packed.to("cuda")
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path))
    precision.forget_measurement()
    try:
        choice = precision.cpu_linear("bfloat16")
        assert choice.kernel in ("plain", "packed") and "bfloat16" in choice.reason
        assert precision.cpu_linear("float32").kernel == "plain"
    finally:
        precision.forget_measurement()
