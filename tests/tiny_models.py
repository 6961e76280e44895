"""Tiny random models for tests: BART, T5, a Llama-like causal LM and a BERT encoder (not a
generator), each with a byte-level BPE tokenizer TRAINED HERE on the short texts below, saved to
a folder and loaded by path through the same ``from_pretrained`` route users take.

The weights are random (seeded), so the output is gibberish, but every code path is real:
tokenization, windows, padding, batching, generation, decoding.

Example:
    >>> path = build_tiny("bart", tmp_dir)  # doctest: +SKIP
    >>> summarize(text, method=str(path), max_new_tokens=12)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

# Our own sentences (written for these tests): the tokenizer's training corpus and the articles.
CORPUS = [
    "The city council voted on Monday to build a new bridge over the river.",
    "The bridge will cost forty million dollars and open in the spring of next year.",
    "Residents said the old crossing was unsafe and often closed by floods.",
    "The mayor thanked the engineers who drew up the plans in only six months.",
    "Heavy rain fell across the region overnight, flooding roads and fields.",
    "Schools stayed closed while crews cleared fallen trees from the main streets.",
    "Farmers warned that the harvest could be late because the soil is waterlogged.",
    "A local bakery handed out free bread to families who lost power.",
    "The football club signed a young striker from a rival team on Friday.",
    "Fans queued outside the stadium for hours to buy tickets for the derby.",
    "The coach said the new player would start on the bench this weekend.",
    "Scientists found a new species of frog in the mountain forest.",
    "The small green frog sings at night and lives near cold streams.",
    "Researchers hope the discovery will help protect the forest from logging.",
    "The central bank kept interest rates unchanged for the third month.",
    "Prices of food and fuel rose faster than wages during the winter.",
    "Officials expect growth to pick up once exports recover later this year.",
    "Police closed the highway after a truck spilled its load of apples.",
    "No one was hurt, but traffic was backed up for several miles.",
    "Volunteers helped clear the road before the evening rush hour began.",
]

WINDOWS = {"bart": 64, "t5": 64, "llama": 128, "gemma3": 128}
SPECIAL = ["<pad>", "<s>", "</s>", "<unk>"]  # ids 0..3


def article(n_sentences: int, offset: int = 0) -> str:
    """An article of ``n_sentences`` sentences cycling through ``CORPUS``."""
    return " ".join(CORPUS[(offset + i) % len(CORPUS)] for i in range(n_sentences))


def train_tokenizer(kind: str, vocab_size: int = 320):
    """A byte-level BPE tokenizer trained on ``CORPUS``, wrapped for transformers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(CORPUS * 3, trainer)
    single = {"bart": "<s> $A </s>", "t5": "$A </s>", "llama": "<s> $A", "bert": "<s> $A </s>",
              "gemma3": "<s> $A"}
    tok.post_processor = processors.TemplateProcessing(
        single=single[kind], special_tokens=[("<s>", 1), ("</s>", 2)])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
        unk_token="<unk>", model_max_length=WINDOWS.get(kind, 512),
    )


def build_tiny(kind: str, root: Path, seed: int = 0) -> Path:
    """Build, save and return the folder of a tiny random ``kind`` model ("bart", "t5",
    "llama", "gemma3" or "bert")."""
    import torch
    import transformers as tf

    tokenizer = train_tokenizer(kind)
    vocab = len(tokenizer)
    torch.manual_seed(seed)
    ids = {"pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2}
    if kind == "bart":
        config = tf.BartConfig(
            vocab_size=vocab, d_model=32, encoder_layers=1, decoder_layers=1,
            encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
            decoder_ffn_dim=64, max_position_embeddings=WINDOWS["bart"],
            decoder_start_token_id=2, forced_bos_token_id=None, forced_eos_token_id=None, **ids)
        model = tf.BartForConditionalGeneration(config)
    elif kind == "t5":
        config = tf.T5Config(
            vocab_size=vocab, d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1,
            num_heads=2, decoder_start_token_id=0, **ids)
        model = tf.T5ForConditionalGeneration(config)
    elif kind == "llama":
        config = tf.LlamaConfig(
            vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
            num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=WINDOWS["llama"],
            **ids)
        model = tf.LlamaForCausalLM(config)
    elif kind == "gemma3":
        # sliding window 8 and one global layer, so prompts of a few dozen tokens exercise both;
        # weights drawn wider than the default 0.02 (norms too) so greedy choices are not ties
        config = tf.Gemma3TextConfig(
            vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=3,
            num_attention_heads=4, num_key_value_heads=1, head_dim=16, sliding_window=8,
            layer_types=["sliding_attention", "sliding_attention", "full_attention"],
            max_position_embeddings=WINDOWS["gemma3"], query_pre_attn_scalar=16,
            initializer_range=0.3, **ids)
        model = tf.Gemma3ForCausalLM(config)
        with torch.no_grad():
            for name, p in model.named_parameters():
                if name.endswith("norm.weight"):
                    p.normal_(0.0, 0.3)
    elif kind == "bert":
        config = tf.BertConfig(
            vocab_size=vocab, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
            intermediate_size=64, max_position_embeddings=128, pad_token_id=0)
        model = tf.BertModel(config)
    else:
        raise ValueError(f"unknown tiny model kind {kind!r}")
    folder = Path(root) / f"tiny-{kind}"
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
