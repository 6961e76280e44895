"""Bad input to model summarizers: clear errors, never a deep torch traceback."""

from __future__ import annotations

import pytest

import torch  # noqa: F401  (dev extra)
import transformers  # noqa: F401  (dev extra)

from summarize import summarize  # noqa: E402
from summarize.methods.models import GenerationSettings  # noqa: E402
from summarize.runtime import (ModelNotFoundError, NotATextGeneratorError, load_model,  # noqa: E402
                               resolve_device, resolve_dtype)

from tiny_models import article, build_tiny  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-err")
    return {k: str(build_tiny(k, root)) for k in ("bart", "bert")}


def test_empty_text_is_a_value_error(tiny):
    with pytest.raises(ValueError, match="empty"):
        summarize("   ", method=tiny["bart"])


def test_unknown_model_name_lists_methods():
    with pytest.raises(ValueError, match="unknown method 'no-such-model'.*gemma-270m"):
        summarize("Rain fell. Roads shut.", method="no-such-model")


def test_unknown_hub_id_offline_says_how_to_fix(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFoundError, match="`hf download nobody-xyz/nothing`"):
        summarize("Rain fell. Roads shut.", method="nobody-xyz/nothing")


def test_missing_local_path_and_gguf(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not a local folder"):
        load_model(str(tmp_path / "nope" / "deeper" / "model"))
    with pytest.raises(ModelNotFoundError, match="GGUF file not found"):
        load_model(str(tmp_path / "missing.gguf"))
    with pytest.raises(TypeError):
        load_model(42)  # type: ignore[arg-type]


def test_model_that_is_not_a_text_generator(tiny):
    with pytest.raises(NotATextGeneratorError, match="BertModel.*does not generate text"):
        summarize(article(3), method=tiny["bert"])


def test_gpu_request_on_cpu_machine(tiny):
    import torch

    if torch.cuda.is_available():
        # Justified skip: the case under test (asking for CUDA where there is none) cannot be
        # produced on a GPU machine; CI machines have no GPU, so it always runs there.
        pytest.skip("this machine has a GPU")
    with pytest.raises(ValueError, match="no usable CUDA GPU"):
        summarize(article(3), method=tiny["bart"], device="cuda")
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device("tpu")
    assert resolve_device("auto") in ("cpu", "mps")
    with pytest.raises(ValueError, match="unknown dtype"):
        resolve_dtype("int3")


@pytest.mark.parametrize("kwargs, message", [
    ({"num_beams": 0}, "num_beams"),
    ({"num_beams": 100}, "num_beams"),
    ({"num_beams": 2.5}, "num_beams"),
    ({"no_repeat_ngram_size": -1}, "no_repeat_ngram_size"),
    ({"length_penalty": float("nan")}, "length_penalty"),
    ({"length_penalty": 99.0}, "length_penalty"),
    ({"max_new_tokens": 0}, "max_new_tokens"),
    ({"max_new_tokens": 10**6}, "max_new_tokens"),
    ({"max_new_tokens": True}, "max_new_tokens"),
    ({"max_new_tokens": 5, "min_new_tokens": 9}, "min_new_tokens"),
])
def test_out_of_range_generation_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GenerationSettings(**kwargs)


def test_bad_settings_fail_through_summarize_before_loading(tiny):
    with pytest.raises(ValueError, match="num_beams"):
        summarize(article(3), method=tiny["bart"], num_beams=-2)
    with pytest.raises(ValueError, match="unknown mode"):
        summarize(article(3), method=tiny["bart"], mode="fast")
    with pytest.raises(ValueError, match="prompt_style"):
        summarize(article(3), method=tiny["bart"], prompt_style="poem")
    with pytest.raises(ValueError, match="chat template"):
        summarize(article(3), method=tiny["bart"], prompt_style="chat")
    with pytest.raises(ValueError, match="batch_size"):
        summarize(article(3), method=tiny["bart"], batch_size=0)
    with pytest.raises(TypeError, match="temperature"):
        summarize(article(3), method=tiny["bart"], temperature=0.7)
    with pytest.raises(ValueError, match="template"):
        summarize(article(3), method=tiny["bart"], template="no slot here")


def test_window_too_small_for_requested_output(tiny):
    with pytest.raises(ValueError, match="window"):
        summarize(article(3), method=tiny["bart"], max_input_tokens=16, max_new_tokens=8,
                  template="A very long instruction that eats the whole window of the tiny "
                           "model before any text is added to it at all: {text}")
