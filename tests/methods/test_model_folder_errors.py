"""A model folder or file that exists but is broken says what is wrong with it; hub ids fail at
once when the hub cannot be reached (no download retries)."""

from __future__ import annotations

import json
import shutil
import time

import pytest

import torch  # noqa: F401  (dev extra)
import transformers  # noqa: F401  (dev extra)

from summarize.runtime.errors import ModelFolderError, ModelNotFoundError
from summarize.runtime.loading import clear_model_cache, load_model
from summarize.text import fetch

from tiny_models import build_tiny


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return build_tiny("bart", tmp_path_factory.mktemp("tiny-folder"))


def _copy(good, tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(good, folder)
    clear_model_cache()
    return folder


@pytest.mark.timeout(300)
def test_broken_folders_name_the_problem(good, tmp_path):
    bad_config = _copy(good, tmp_path, "badconfig")
    (bad_config / "config.json").write_text('{"model_type": "bart", "d_model": ')
    with pytest.raises(ModelFolderError, match=r"badconfig .*config\.json that cannot be read"):
        load_model(str(bad_config))

    no_weights = _copy(good, tmp_path, "noweights")
    for f in no_weights.glob("*.safetensors"):
        f.unlink()
    with pytest.raises(ModelFolderError, match="noweights .*holds no model weights.*config.json"):
        load_model(str(no_weights))

    truncated = _copy(good, tmp_path, "truncated")
    weights = next(truncated.glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    with pytest.raises(ModelFolderError, match="truncated .*truncated or corrupt"):
        load_model(str(truncated))

    remote = _copy(good, tmp_path, "remote")
    config = json.loads((remote / "config.json").read_text())
    config.update(model_type="my_custom", auto_map={"AutoConfig": "configuration_x.XConfig"})
    (remote / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelFolderError, match="remote .*trust_remote_code=True"):
        load_model(str(remote))


@pytest.mark.timeout(120)
def test_files_that_are_not_gguf_or_are_cut(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"<html>not a model</html>")
    with pytest.raises(ModelFolderError, match="not a GGUF file"):
        load_model(str(fake))
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 8)
    with pytest.raises(ModelFolderError, match="truncated"):
        load_model(str(cut))


@pytest.mark.timeout(60)
def test_hub_ids_fail_at_once_when_the_hub_is_unreachable(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(fetch, "hub_reachable", lambda timeout=3.0: False)
    t0 = time.monotonic()
    with pytest.raises(ModelNotFoundError, match="unreachable.*`hf download nobody-xyz/none`"):
        load_model("nobody-xyz/none")
    assert time.monotonic() - t0 < 20  # a hang guard: the retries took ~25 s
