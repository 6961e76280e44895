"""Cached GGUF checkpoints reload their tokenizer straight from tokenizer.json once a probe
showed it matches the full ``AutoTokenizer`` load (tiny tokenizers trained here)."""

from __future__ import annotations

import json

import transformers

from summarize.methods.models.gguf_cache import _DONE, _FAST, load_cached_tokenizer, same_tokenizer

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
    from summarize.methods.models import gguf_cache

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
