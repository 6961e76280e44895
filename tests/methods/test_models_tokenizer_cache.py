"""Cached GGUF checkpoints reload their tokenizer straight from tokenizer.json once a probe
showed it matches the full ``AutoTokenizer`` load (tiny tokenizers trained here)."""

from __future__ import annotations

import json

import transformers

from summarize.runtime.gguf_cache import _DONE, _FAST, load_cached_tokenizer, same_tokenizer

from tiny_models import CORPUS, train_tokenizer


def _entry(tmp_path, kind="llama"):
    folder = tmp_path / kind
    train_tokenizer(kind).save_pretrained(folder)
    (folder / _DONE).write_text(json.dumps({"gguf": "x.gguf"}))  # written by an older version
    return folder


def test_older_entry_is_verified_once_then_loaded_from_json(tmp_path):
    folder = _entry(tmp_path)
    first = load_cached_tokenizer(folder)
    assert json.loads((folder / _DONE).read_text())[_FAST] is True
    second = load_cached_tokenizer(folder)
    assert type(second) is transformers.PreTrainedTokenizerFast
    reference = transformers.AutoTokenizer.from_pretrained(folder)
    for text in CORPUS[:5] + ["\n\nTL;DR: </s> <pad> café"]:
        assert second(text)["input_ids"] == reference(text)["input_ids"] == first(text)["input_ids"]
    assert second.pad_token_id == reference.pad_token_id and second.eos_token == "</s>"


def test_mismatch_keeps_the_full_load(tmp_path, monkeypatch):
    from summarize.runtime import gguf_cache

    folder = _entry(tmp_path)
    monkeypatch.setattr(gguf_cache, "same_tokenizer", lambda a, b: False)
    calls = []
    real = gguf_cache._tokenizer_from_json
    monkeypatch.setattr(gguf_cache, "_tokenizer_from_json",
                        lambda f: calls.append(f) or real(f))
    load_cached_tokenizer(folder)
    assert json.loads((folder / _DONE).read_text())[_FAST] is False and len(calls) == 1
    load_cached_tokenizer(folder)  # known mismatch: the full load only, no second check
    assert len(calls) == 1


def test_same_tokenizer_tells_different_tokenizers_apart():
    llama, bart = train_tokenizer("llama"), train_tokenizer("bart")
    assert same_tokenizer(llama, llama)
    assert not same_tokenizer(llama, bart)  # "<s> $A" vs "<s> $A </s>"


# ----------------------------------------------- tied weights under the name the model loads

def _tied_llama():
    import transformers as tf

    config = tf.LlamaConfig(vocab_size=320, hidden_size=32, intermediate_size=64,
                            num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=1,
                            tie_word_embeddings=True)
    return tf.LlamaForCausalLM(config)


def _stored(folder):
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        return set(f.keys())


def test_older_entry_with_the_lm_head_name_is_renamed_once(tmp_path):
    import torch
    from safetensors.torch import save_model

    from summarize.runtime.gguf_cache import (_LAYOUT, needs_weight_upgrade,
                                             upgrade_weight_names)

    model = _tied_llama()
    folder = tmp_path / "entry"
    model.config.save_pretrained(folder)
    # how older versions wrote the entry: save_model keeps the LM head's name
    save_model(model, str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / _DONE).write_text(json.dumps({"gguf": "x.gguf", _FAST: True}))
    # the loader finds no input embedding in the file, draws one at random, then ties it over
    assert _stored(folder) >= {"lm_head.weight"} and "model.embed_tokens.weight" not in \
        _stored(folder)
    assert needs_weight_upgrade(folder)
    loaded = transformers.AutoModelForCausalLM.from_pretrained(folder)
    assert upgrade_weight_names(folder, loaded) is True
    marker = json.loads((folder / _DONE).read_text())
    assert marker[_LAYOUT] == 2 and marker[_FAST] is True and not needs_weight_upgrade(folder)
    again, info = transformers.AutoModelForCausalLM.from_pretrained(
        folder, output_loading_info=True)
    assert not info["missing_keys"]
    assert "model.embed_tokens.weight" in _stored(folder) and "lm_head.weight" not in \
        _stored(folder)
    assert torch.equal(again.lm_head.weight, model.lm_head.weight)
    assert again.lm_head.weight.data_ptr() == again.model.embed_tokens.weight.data_ptr()
    assert upgrade_weight_names(folder, again) is False  # nothing left to rename


def test_new_entries_store_each_tied_tensor_once_under_its_first_name():
    from summarize.runtime.gguf_cache import canonical_state_dict

    state = canonical_state_dict(_tied_llama())
    assert "model.embed_tokens.weight" in state and "lm_head.weight" not in state


def test_a_broken_marker_reads_as_an_older_entry(tmp_path):
    from summarize.runtime.gguf_cache import needs_weight_upgrade

    (tmp_path / _DONE).write_text("{broken")
    assert needs_weight_upgrade(tmp_path)
    assert upgrade_needed_and_harmless(tmp_path)


def upgrade_needed_and_harmless(folder):
    """A marker that is no JSON object, and no weights file: the upgrade changes nothing."""
    from summarize.runtime.gguf_cache import upgrade_weight_names

    return upgrade_weight_names(folder, _tied_llama()) is False
