"""NLI scorer mechanics with a tiny random NLI classifier built here, saved to a temp folder and
loaded through ``from_pretrained`` like a hub checkpoint (random weights: the numbers mean
nothing, every code path is real)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # models extra (pip install torch==2.13.0 -e ".[models]"); CI fails instead of skipping
transformers = pytest.importorskip("transformers")  # models extra

from summarize.provenance import get_scorer, sentence_support, support_stats
from summarize.provenance.nli import NLIScorer, clear_nli_cache, load_nli

from tiny_models import CORPUS, build_tiny, train_tokenizer  # noqa: E402

pytestmark = pytest.mark.models

LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}


def _build(root, name="tiny-nli", labels=LABELS, seed=0):
    import torch
    import transformers as tf

    tok = train_tokenizer("bert")
    torch.manual_seed(seed)
    config = tf.BertConfig(
        vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128, pad_token_id=0,
        num_labels=len(labels), id2label=labels, label2id={v: k for k, v in labels.items()})
    model = tf.BertForSequenceClassification(config)
    folder = root / name
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def nli_dir(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("nli"))


@pytest.mark.timeout(300)
def test_scores_are_entailment_probabilities_of_the_right_shape(nli_dir):
    sc = NLIScorer(str(nli_dir), device="cpu")
    mat = sc.score(CORPUS[:2], CORPUS[:5])
    assert mat.shape == (2, 5) and np.all((mat >= 0) & (mat <= 1))
    assert sc.model.entail == 0 and sc.model.device == "cpu" and sc.model.dtype == "float32"
    # the same as asking the model directly for (premise chunk, hypothesis) pairs
    spans = sc.chunks(CORPUS[:5])
    direct = sc.model.entailment([" ".join(CORPUS[a:b]) for a, b in spans],
                                 [CORPUS[0]] * len(spans))
    expect = np.zeros(5)
    for p, (a, b) in zip(direct, spans):
        expect[a:b] = np.maximum(expect[a:b], p)
    np.testing.assert_allclose(mat[0], expect, atol=1e-6)


@pytest.mark.timeout(300)
def test_long_sources_are_chunked_whole_with_one_sentence_overlap(nli_dir):
    sc = NLIScorer(str(nli_dir), device="cpu", chunk_tokens=40)
    source = CORPUS * 2
    spans = sc.chunks(source)
    assert len(spans) > 3 and spans[0][0] == 0 and spans[-1][1] == len(source)
    for (a0, b0), (a1, b1) in zip(spans, spans[1:]):
        assert a1 == b0 - 1 or (b0 - a0 == 1 and a1 == b0)  # overlap one, or a lone long one
    lengths = [sc.model.count_tokens(s) for s in source]
    assert all(sum(lengths[a:b]) <= 40 or b - a == 1 for a, b in spans)
    mat = sc.score(["The bridge will open next spring."], source)
    assert mat.shape == (1, len(source)) and (mat > 0).all()


@pytest.mark.timeout(300)
def test_batching_does_not_change_scores(nli_dir):
    one = NLIScorer(str(nli_dir), device="cpu", batch_size=1).score(CORPUS[:3], CORPUS[3:9])
    many = NLIScorer(str(nli_dir), device="cpu", batch_size=16).score(CORPUS[:3], CORPUS[3:9])
    np.testing.assert_allclose(one, many, atol=1e-5)


@pytest.mark.timeout(300)
def test_loaded_once_and_usable_wherever_a_scorer_is(nli_dir):
    clear_nli_cache()
    a = load_nli(str(nli_dir), device="cpu")
    assert load_nli(str(nli_dir), device="cpu") is a
    sc = get_scorer(f"nli:{nli_dir}")
    assert get_scorer(f"nli:{nli_dir}") is sc and sc.name == f"nli:{nli_dir}"
    sup = sentence_support(CORPUS[:2], CORPUS[:6], scorer=sc, top_k=2)
    assert len(sup) == 2 and all(s.scorer == sc.name and len(s.source_indices) <= 2 for s in sup)
    st = support_stats(" ".join(CORPUS[:2]), " ".join(CORPUS[:6]), scorer=sc)
    assert 0.0 <= st["support_min"] <= 1.0
    assert sc.score([], CORPUS[:3]).shape == (0, 3)


@pytest.mark.timeout(300)
def test_label_names_and_single_logit_models(tmp_path):
    odd = _build(tmp_path, "odd", labels={0: "LABEL_0", 1: "LABEL_1"})
    with pytest.raises(ValueError, match="entailment_label"):
        NLIScorer(str(odd), device="cpu").score(["a b"], ["a b"])
    assert NLIScorer(str(odd), device="cpu", entailment_label="LABEL_1").model.entail == 1
    with pytest.raises(ValueError, match="not a label"):
        load_nli(str(odd), device="cpu", entailment_label="yes")
    single = _build(tmp_path, "single", labels={0: "consistent"})
    mat = NLIScorer(str(single), device="cpu").score(["The bridge opens."], CORPUS[:2])
    assert mat.shape == (1, 2) and np.all((mat > 0) & (mat < 1))


@pytest.mark.timeout(300)
def test_bad_models_and_settings_are_clear_errors(tmp_path):
    encoder = build_tiny("bert", tmp_path)  # a BertModel: no classification head
    with pytest.raises(ValueError, match="not a sequence classifier"):
        load_nli(str(encoder), device="cpu")
    with pytest.raises(ValueError, match="huggingface-cli download"):
        load_nli("no-such-org/no-such-nli-model", device="cpu", local_files_only=True)
    with pytest.raises(ValueError, match="hub id or a local path"):
        load_nli("  ")
    with pytest.raises(ValueError, match="unknown device"):
        load_nli("x", device="tpu")
    with pytest.raises(ValueError, match="threshold"):
        NLIScorer("x", threshold=2)
    with pytest.raises(ValueError, match="batch_size"):
        NLIScorer("x", batch_size=0)
    import torch

    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no usable CUDA"):
            load_nli("x", device="cuda")
