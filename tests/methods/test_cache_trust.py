"""Files we read back: the model cache is checked by content, not by a marker.

- A de-quantized GGUF entry lists its files' SHA-256: another model's tokenizer.json dropped
  in, a link planted, or an entry from before the lists is derived again (the real
  ``_dequantize_into``, with transformers' GGUF reader replaced by a tiny model trained here).
- precision.json as a FIFO, a link to /dev/zero, 200 KB of '[' or a valid 14.5 MB file: never a
  hang, a MemoryError or a RecursionError; measured again and replaced by a small file.
- A cache root holding someone else's files is refused in one line, and left as it was.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

transformers = pytest.importorskip("transformers")  # the [models] extra

from summarize.runtime import gguf_cache, precision  # noqa: E402
from summarize.runtime.errors import ModelFolderError  # noqa: E402
from summarize.safe_files import FileSafetyError  # noqa: E402

from tiny_models import build_tiny, train_tokenizer  # noqa: E402


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    return build_tiny("llama", tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture()
def gguf(tmp_path, monkeypatch, tiny_llama):
    """A GGUF file whose de-quantization yields the tiny model; counts the de-quantizations."""
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "models" / "tiny.gguf"
    path.parent.mkdir()
    path.write_bytes(b"GGUF" + bytes(60))
    builds = []
    real_tok = transformers.AutoTokenizer.from_pretrained
    real_lm = transformers.AutoModelForCausalLM.from_pretrained

    def tok(folder, gguf_file=None, **kw):
        builds.append(gguf_file)
        return real_tok(tiny_llama)

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", tok)
    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained",
                        lambda folder, gguf_file=None, **kw: real_lm(tiny_llama))
    return path, builds


def _load(path: Path) -> tuple[Path, str]:
    return gguf_cache.dequantized_dir(str(path.parent), path.name)


def test_an_entry_is_tied_to_its_files(gguf, tmp_path):
    path, builds = gguf
    entry, how = _load(path)
    assert how == "gguf" and len(builds) == 1
    info = json.loads((entry / gguf_cache._DONE).read_text())
    assert {"tokenizer.json", "model.safetensors", "config.json"} <= set(info["files"])
    assert _load(path) == (entry, "gguf-cache") and len(builds) == 1
    original = (entry / "tokenizer.json").read_bytes()

    # another model's valid tokenizer in its place: derived again, not trusted
    other = tmp_path / "other"
    train_tokenizer("t5", vocab_size=300).save_pretrained(other)
    (entry / "tokenizer.json").write_bytes((other / "tokenizer.json").read_bytes())
    assert _load(path) == (entry, "gguf") and len(builds) == 2
    assert (entry / "tokenizer.json").read_bytes() == original

    # the same bytes written again (new identity): re-hashed once, kept
    (entry / "tokenizer.json").write_bytes(original)
    assert _load(path) == (entry, "gguf-cache") and len(builds) == 2

    # a link planted in the entry: never followed, the entry is derived again
    victim = tmp_path / "victim.json"
    victim.write_text("victim")
    (entry / "tokenizer.json").unlink()
    (entry / "tokenizer.json").symlink_to(victim)
    assert _load(path) == (entry, "gguf") and len(builds) == 3
    assert victim.read_text() == "victim" and not (entry / "tokenizer.json").is_symlink()

    # a marker of an older version ("verified") with no hashes is not proof
    info = json.loads((entry / gguf_cache._DONE).read_text())
    del info["files"]
    (entry / gguf_cache._DONE).write_text(json.dumps(info))
    assert _load(path) == (entry, "gguf") and len(builds) == 4


def test_converted_weights_are_listed_and_checked(gguf):
    path, builds = gguf
    entry, _ = _load(path)
    bf16 = gguf_cache.converted_weights(entry, "bfloat16")
    assert bf16.name in json.loads((entry / gguf_cache._DONE).read_text())["files"]
    assert _load(path) == (entry, "gguf-cache")
    bf16.write_bytes(b"\x00" * 64)  # damaged: the entry is no longer what it was
    assert _load(path) == (entry, "gguf") and len(builds) == 2


def test_a_cache_root_of_someone_elses_files_is_refused(gguf, tmp_path, monkeypatch):
    path, builds = gguf
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("mine")
    monkeypatch.setenv("SUMMARIZE_CACHE", str(theirs))
    with pytest.raises(ModelFolderError, match="not made by summarize") as err:
        _load(path)
    assert "\n" not in str(err.value) and str(theirs) in str(err.value)
    assert sorted(p.name for p in theirs.iterdir()) == ["thesis.tex"] and not builds
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    monkeypatch.setenv("SUMMARIZE_CACHE", str(a_file))
    with pytest.raises(FileSafetyError, match="not a folder"):
        gguf_cache.claim_cache_root()


def test_an_older_cache_root_holding_only_our_entries_is_adopted(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    (root / "gguf").mkdir(parents=True)
    (root / "precision.json").write_text("{}")
    monkeypatch.setenv("SUMMARIZE_CACHE", str(root))
    assert gguf_cache.claim_cache_root() == root.resolve()
    assert (root / gguf_cache.ROOT_MARKER).is_file()


# ---------------------------------------------------------------- precision.json

@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path))
    monkeypatch.setattr(precision, "measure_bf16_speedup", lambda repeats=5: 0.5)
    precision.forget_measurement()
    yield tmp_path / "precision.json"
    precision.forget_measurement()


def _choose_in_thread() -> precision.PrecisionChoice:
    """cpu_precision in a thread, so that a hang fails the test instead of blocking it."""
    out: list = []
    t = threading.Thread(target=lambda: out.append(precision.cpu_precision()), daemon=True)
    t.start()
    t.join(60)
    assert out, "cpu_precision hung"
    return out[0]


def _check_replaced(path: Path) -> None:
    assert path.is_file() and not path.is_symlink()
    assert path.stat().st_size < precision.MAX_CACHE_BYTES
    precision.forget_measurement()  # a new process reads what was written
    assert precision.cpu_precision().source == "cache"


@pytest.mark.timeout(120)
def test_a_fifo_is_not_read(cache):
    os.mkfifo(cache)
    choice = _choose_in_thread()
    assert choice.source == "measured" and choice.reason.startswith("bf16 products")
    _check_replaced(cache)


def test_a_link_to_dev_zero_is_not_followed(cache):
    cache.symlink_to("/dev/zero")
    assert _choose_in_thread().source == "measured"
    _check_replaced(cache)


@pytest.mark.parametrize("auto", [False, True])
def test_deep_brackets_are_malformed_not_a_recursion_error(cache, monkeypatch, auto):
    cache.write_text("[" * 200_000)
    if auto:  # dtype="auto" on CPU: the reason is the measurement, not "bf16 products failed"
        from summarize.runtime.policy import choose_dtype

        dtype, reason = choose_dtype("auto", "cpu", "bfloat16")
        assert dtype == "float32" and "failed" not in reason, reason
        assert "2.0x slower" in reason, reason
    else:
        assert precision.cpu_attention("bfloat16").kernel in ("sdpa", "matmul")
        assert precision.cpu_precision().source == "measured"


def test_a_huge_valid_file_is_replaced_not_kept_growing(cache):
    entries = {f"CPU {i} | torch 0.{i}": {"speedup": 1.0, "pad": "x" * 200}
               for i in range(55_000)}
    cache.write_text(json.dumps({"format": 1, "entries": entries}))
    assert cache.stat().st_size > 14_000_000
    assert precision.cpu_precision().source == "measured"
    _check_replaced(cache)
    data = json.loads(cache.read_text())
    assert len(data["entries"]) == 1


def test_entries_are_capped(cache):
    for i in range(precision.MAX_ENTRIES + 5):
        precision._write_cache(cache, f"cpu {i}", 1.5)
    data = json.loads(cache.read_text())
    assert len(data["entries"]) == precision.MAX_ENTRIES and f"cpu {i}" in data["entries"]
