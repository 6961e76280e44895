"""The ``gemma3`` runtime on the path users get, against transformers' Gemma3ForCausalLM: bf16
weights, the matmul attention kernel, and a checkpoint with the real Gemma 3 270M shapes
(hidden size 640, MLP 2048, 4 query heads sharing 1 key/value head, head_dim 256, sliding
window 512, query scale 256, RoPE bases 10k/1M). Only two layers (one sliding, one global) and a
256-token vocabulary keep it cheap; random weights, saved with ``save_pretrained`` and loaded the
way the loader does. A left-padded batch with a row longer than the sliding window is prefilled
in the summarizer's chunks (the last chunk's queries can no longer see the first keys), then
decoded for a few steps; the logits are compared at every step.

"Within bf16 tolerance": our bf16 logits differ from transformers' bf16 logits by at most bf16's
relative precision (torch's default rtol for bf16, 1.6e-2) of the logits' scale, and they are
no further from the float32 model's logits than transformers' own bf16 logits are (2x slack).
The tiny-checkpoint tests in ``test_models_gemma3_runtime.py`` check float32 bit-for-bit
closeness and greedy outputs."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")  # models extra (pip install torch==2.13.0 -e ".[models]")
transformers = pytest.importorskip("transformers")  # models extra

from summarize.methods.models.generate import PREFILL_CHUNK_TOKENS
from summarize.runtime import gemma3

pytestmark = pytest.mark.models

BF16_RTOL = 1.6e-2  # torch.testing's default relative tolerance for bfloat16
ROWS, PADDING = 560, 240  # row 0: 560 real tokens (> window 512); row 1: 240 pad + 320 real
STEPS = 4  # the prefill, then 3 decoding steps


@pytest.fixture(scope="module")
def real_shapes(tmp_path_factory):
    torch.manual_seed(0)
    config = transformers.Gemma3TextConfig(
        vocab_size=256, hidden_size=640, intermediate_size=2048, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=1, head_dim=256, sliding_window=512,
        layer_types=["sliding_attention", "full_attention"], max_position_embeddings=32768,
        query_pre_attn_scalar=256, rms_norm_eps=1e-6, pad_token_id=0, bos_token_id=2,
        eos_token_id=1,
        rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                         "full_attention": {"rope_type": "default", "rope_theta": 1000000.0}})
    model = transformers.Gemma3ForCausalLM(config)
    with torch.no_grad():  # norms drawn away from 1 so that they matter
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.normal_(0.0, 0.3)
    folder = tmp_path_factory.mktemp("gemma3-270m-shapes")
    model.save_pretrained(folder)
    return folder


def _batch():
    gen = torch.Generator().manual_seed(1)
    ids = torch.randint(3, 256, (2, ROWS), generator=gen)
    mask = torch.ones(2, ROWS, dtype=torch.long)
    ids[1, :PADDING], mask[1, :PADDING] = 0, 0
    return ids, mask


def _steps(model, ids, mask, feed=None):
    """(logits in float32 after a chunked prefill and after each of ``STEPS - 1`` tokens, those
    tokens), called the way ``runtime.decode.greedy_decode`` calls a model; ``feed``: the
    tokens to give it (default: its own greedy choices)."""
    ours = hasattr(model, "new_cache")
    cache = model.new_cache(ROWS + STEPS) if ours else transformers.DynamicCache(
        config=model.config)
    positions = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 0)
    out = []
    with torch.inference_mode():
        for start in range(0, ROWS, PREFILL_CHUNK_TOKENS):
            end = min(ROWS, start + PREFILL_CHUNK_TOKENS)
            skip = {"logits": False} if ours and end < ROWS else {}
            res = model(input_ids=ids[:, start:end], attention_mask=mask[:, :end],
                        position_ids=positions[:, start:end], use_cache=True, logits_to_keep=1,
                        cache=cache, **skip)
        out.append(res.logits[:, -1].float())
        last = positions[:, -1]
        tokens = []
        for step in range(STEPS - 1):
            token = out[-1].argmax(-1) if feed is None else feed[step]
            tokens.append(token)
            mask = torch.cat([mask, mask.new_ones((2, 1))], dim=-1)
            last = last + 1
            res = model(input_ids=token[:, None], attention_mask=mask, position_ids=last[:, None],
                        use_cache=True, logits_to_keep=1, cache=cache)
            out.append(res.logits[:, -1].float())
    return out, tokens


@pytest.mark.timeout(180)
def test_bf16_matmul_attention_matches_transformers_at_the_real_shapes(real_shapes):
    ids, mask = _batch()
    last_chunk = ROWS - (ROWS - 1) // PREFILL_CHUNK_TOKENS * PREFILL_CHUNK_TOKENS
    # the last chunk's sliding layer holds more keys than its queries' windows reach, so the
    # runtime drops keys and masks the window (row 0's last query cannot see its first 48)
    assert ROWS > 512 - 1 + last_chunk
    exact = transformers.AutoModelForCausalLM.from_pretrained(real_shapes, dtype=torch.float32)
    # the tokens fed after the prompt: the float32 model's greedy choices, the same for all
    exact_logits, feed = _steps(exact.eval(), ids, mask)
    del exact

    ours = gemma3.load_gemma3(real_shapes, "bfloat16")
    ours.attention = "matmul"
    assert ours.dtype == torch.bfloat16 and ours.config.head_dim == 256
    assert ours.config.sliding_window == 512
    theirs = transformers.AutoModelForCausalLM.from_pretrained(real_shapes, dtype=torch.bfloat16)
    ours_logits, _ = _steps(ours, ids, mask, feed)
    theirs_logits, _ = _steps(theirs.eval(), ids, mask, feed)

    assert len(ours_logits) == STEPS
    for step, (a, b, c) in enumerate(zip(ours_logits, theirs_logits, exact_logits)):
        scale = c.abs().max().item()
        assert scale > 0.1, "degenerate logits: nothing to compare"
        torch.testing.assert_close(a, b, rtol=BF16_RTOL, atol=BF16_RTOL * scale,
                                   msg=lambda m: f"step {step}: {m}")
        ours_err, theirs_err = (a - c).abs().max().item(), (b - c).abs().max().item()
        assert ours_err <= 2 * theirs_err + 1e-3 * scale, (step, ours_err, theirs_err)
