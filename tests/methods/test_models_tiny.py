"""Model summarizers on tiny random BART, T5 and Llama-like models built in the test (tokenizer
trained here, saved to a temp folder, loaded by path like a user's checkpoint)."""

from __future__ import annotations

import contextlib

import pytest

torch = pytest.importorskip("torch")  # models extra (pip install torch==2.13.0 -e ".[models]")
transformers = pytest.importorskip("transformers")  # models extra

from summarize import LengthRequest, summarize, summarize_many  # noqa: E402
from summarize.text.document import prepare_document  # noqa: E402
from summarize.methods.models import ModelSummarizer  # noqa: E402
from summarize.runtime import load_model  # noqa: E402
from summarize.summary import Summary, SummaryError  # noqa: E402
from summarize.text.tokens import count_words  # noqa: E402

from tiny_models import WINDOWS, article, build_tiny  # noqa: E402

pytestmark = pytest.mark.models

KINDS = ["bart", "t5", "llama"]


@contextlib.contextmanager
def swapped_head(net, head):
    """Give a (cached, shared) model another LM head for one block (pytest's monkeypatch
    deletes a submodule on undo, as it is no instance attribute)."""
    old = net.lm_head
    net.lm_head = head
    try:
        yield
    finally:
        net.lm_head = old


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tiny-models")


@pytest.fixture(scope="session")
def tiny(tiny_dir):
    return {kind: str(build_tiny(kind, tiny_dir)) for kind in KINDS + ["bert"]}


@pytest.mark.parametrize("kind", KINDS)
def test_single_summary_has_provenance_and_params(tiny, kind):
    s = summarize(article(6), method=tiny[kind], max_new_tokens=12, sentences=2)
    assert isinstance(s, Summary)
    assert s.method == tiny[kind]
    assert s.selected == ()  # generated, not copied
    assert len(s.support) == len(s.sentences)
    # checked by default: every generated sentence gets the faithfulness score
    assert all(sup.scorer == "faithfulness" and sup.faithfulness is not None
               for sup in s.support)
    assert len(s.sentences) <= 2
    expected_style = {"bart": "plain", "t5": "t5", "llama": "tldr"}[kind]
    assert s.params["prompt_style"] == expected_style
    assert s.params["model_kind"] == ("causal" if kind == "llama" else "seq2seq")
    assert s.params["mode"] == "map_reduce" and s.params["max_new_tokens"] == 12
    assert s.extra["raw_output"]
    assert s.elapsed_s > 0


@pytest.mark.parametrize("kind", KINDS)
def test_real_window_is_detected(tiny, kind):
    lm = load_model(tiny[kind])
    window = WINDOWS[kind] - (2 if kind == "bart" else 0)
    assert lm.window == window
    assert lm.tokenizer.padding_side == ("left" if kind == "llama" else "right")


@pytest.mark.parametrize("kind", KINDS)
def test_long_input_ten_windows_is_chunked_not_an_index_error(tiny, kind):
    text = article(60)
    lm = load_model(tiny[kind])
    assert lm.count_tokens(text) > 10 * lm.window
    s = summarize(text, method=tiny[kind], max_new_tokens=10, words=15)
    assert s.extra["chunks"] > 1 and s.extra["rounds"] >= 1
    assert s.n_words <= 15


@pytest.mark.parametrize("kind", KINDS)
def test_batched_greedy_equals_unbatched_and_order_is_kept(tiny, kind):
    texts = [article(n, offset=n) for n in (2, 7, 3, 5, 1, 4)]  # mixed lengths -> padding
    batched = summarize_many(texts, method=tiny[kind], max_new_tokens=12, progress=False,
                             batch_size=4)
    single = [summarize(t, method=tiny[kind], max_new_tokens=12) for t in texts]
    assert [b.extra["raw_output"] for b in batched] == [s.extra["raw_output"] for s in single]
    assert [b.source for b in batched] == [s.source for s in single]


def test_batched_summaries_record_the_language_like_single_ones(tiny):
    # English, German (detected by its function words) and Japanese (counted in characters)
    texts = [article(3),
             "Der Zug kam am Morgen nicht an. Die Fahrgäste warteten auf dem Bahnsteig und "
             "fragten nach dem Grund. Erst am Abend fuhr er wieder.",
             "電車は朝に来なかった。乗客は駅で長く待った。夜になって運転が再開された。"]
    batched = summarize_many(texts, method=tiny["bart"], max_new_tokens=8, progress=False,
                             batch_size=3)
    single = [summarize(t, method=tiny["bart"], max_new_tokens=8) for t in texts]
    assert all(b.ok for b in batched)
    assert [b.params.get("language") for b in batched] == ["en", "de", "ja"]
    assert [b.params["language"] for b in batched] == [s.params["language"] for s in single]
    assert [b.params.get("length_unit") for b in batched] == \
        [s.params.get("length_unit") for s in single] == [None, None, "characters"]
    # the default length is read in each document's unit, as in the single path (Japanese:
    # characters), and the batch keeps its order
    assert [b.params.get("words") for b in batched] == [s.params.get("words") for s in single]
    assert batched[2].params["words"] != batched[0].params["words"]
    assert [b.source for b in batched] == texts
    # a language the caller names is recorded for every document of the batch
    named = summarize_many(texts[:2], method=tiny["bart"], max_new_tokens=8, progress=False,
                           language="fr")
    assert [b.params["language"] for b in named] == ["fr", "fr"]


def test_batch_keeps_good_items_next_to_bad_ones(tiny):
    out = summarize_many([article(3), "", None, article(2, 5)], method=tiny["llama"],
                         max_new_tokens=8, progress=False)
    assert [r.ok for r in out] == [True, False, False, True]
    assert isinstance(out[1], SummaryError) and out[1].error_type == "ValueError"
    assert out[3].source.startswith("Schools stayed")


def test_word_budget_is_honoured_at_sentence_boundary(tiny):
    summ = ModelSummarizer(tiny["llama"], max_new_tokens=40)
    doc = prepare_document(article(4))
    for words in (1, 3, 8, 30):
        s = summ.summarize_document(doc, LengthRequest.from_args(words=words))
        assert count_words(s.text) <= words
        assert s.params["words"] == words


@pytest.mark.parametrize("mode", ["extract", "truncate"])
def test_extract_and_truncate_modes_fit_one_generation(tiny, mode):
    s = summarize(article(40), method=tiny["bart"], mode=mode, max_new_tokens=8)
    assert s.extra["chunks"] == 0 and s.extra["truncated_input"] == (mode == "truncate")
    if mode == "extract":
        chosen = s.extra["extracted"]
        assert 0 < len(chosen) < 40 and chosen == sorted(chosen)
        assert s.params["mode"] == "extract"


def test_model_loads_once_per_process(tiny):
    a = ModelSummarizer(tiny["t5"])
    b = ModelSummarizer(tiny["t5"], num_beams=2)
    assert a.lm is b.lm
    assert ModelSummarizer(tiny["t5"], dtype="bfloat16").lm is not a.lm


def test_beam_search_and_generation_controls_run(tiny):
    s = summarize(article(4), method=tiny["bart"], num_beams=3, length_penalty=1.5,
                  no_repeat_ngram_size=2, max_new_tokens=10)
    assert s.params["num_beams"] == 3 and s.params["no_repeat_ngram_size"] == 2


def test_drop_unsupported_removes_unsupported_sentences(tiny):
    kept = summarize(article(4), method=tiny["llama"], max_new_tokens=24, sentences=20)
    dropped = summarize(article(4), method=tiny["llama"], max_new_tokens=24, sentences=20,
                        drop_unsupported=True)
    assert kept.sentences
    expected = tuple(s for s, sup in zip(kept.sentences, kept.support) if sup.supported)
    assert dropped.sentences == expected
    assert all(sup.supported for sup in dropped.support)
    assert dropped.extra["dropped_unsupported"] == len(kept.sentences) - len(expected)


class _NothingSupports:
    name, threshold = "nothing", 0.5

    def score(self, summary_sentences, source_sentences):
        import numpy as np

        return np.zeros((len(summary_sentences), len(source_sentences)))


def test_drop_unsupported_with_a_pluggable_scorer(tiny):
    s = summarize(article(4), method=tiny["bart"], max_new_tokens=12, sentences=5,
                  support_scorer=_NothingSupports(), drop_unsupported=True)
    assert s.sentences == () and s.text == "" and s.extra["dropped_unsupported"] >= 1
    s = summarize(article(4), method=tiny["bart"], max_new_tokens=12,
                  support_scorer=_NothingSupports())
    assert s.unsupported == list(range(len(s.sentences))) and s.params["support_scorer"] == "nothing"


def test_chat_template_prompt(tiny, tmp_path):
    import shutil

    from transformers import AutoTokenizer

    folder = tmp_path / "chat-llama"
    shutil.copytree(tiny["llama"], folder)
    tok = AutoTokenizer.from_pretrained(folder)
    tok.chat_template = ("{% for m in messages %}<s>{{ m['role'] }}: {{ m['content'] }}\n"
                         "{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}")
    tok.save_pretrained(folder)
    summ = ModelSummarizer(str(folder), max_new_tokens=8)
    fmt = summ.format(LengthRequest.from_args(words=30))
    assert fmt.style == "chat" and not fmt.add_special_tokens
    assert "at most 30 words" in fmt.render("X") and fmt.render("X").endswith("assistant:")
    assert summ.summarize_document(prepare_document(article(3)), LengthRequest()).sentences


def test_line_stop_ends_looping_or_full_answers(tiny):
    import torch
    import transformers

    from summarize.methods.models.generate import _line_stop

    tok = load_model(tiny["llama"]).tokenizer
    prompt = tok("Rain fell. TL;DR:")["input_ids"]

    def stops(answer: str, target) -> bool:
        ids = torch.tensor([prompt + tok(answer, add_special_tokens=False)["input_ids"]])
        return bool(_line_stop(transformers, tok, len(prompt), target, torch)(ids, None)[0])

    assert stops("\nThe river rose.\nThe river rose.\n", (None, None))  # loop
    assert not stops("\nThe river rose.\nRoads shut.\n", (None, None))
    assert stops("\nThe river rose.\nRoads shut.\n", (2, None))  # two sentences are enough
    assert not stops("\nThe river rose.\nRoads shut.\n", (3, None))
    assert stops("\nThe river rose.\nRoads shut.\n", (None, 5))
    # a sentence counts once a line break or the next sentence follows it, even mid-line
    assert stops("\nThe river rose.\nRoads", (1, None))
    assert not stops("\nThe river rose", (1, None))
    assert not stops("\nThe river rose.", (1, None))
    assert stops("\nThe river rose. Roads", (1, None))
    assert not stops("\nThe river rose. Roads", (2, None))
    assert stops("\nThe river rose. Roads shut. Rain", (2, None))
    assert stops("\nThe river rose. The river rose. Ro", (None, None))  # a sentence repeats


@pytest.mark.parametrize("drop_finished", [True, False])
def test_chunked_prefill_gives_the_same_outputs(tiny, monkeypatch, drop_finished):
    from summarize.methods.models import generate as generation

    texts = [article(n, offset=n) for n in (3, 6, 2)]
    seen: list = []
    if drop_finished:  # our decoding loop
        original = generation.greedy_decode

        def spy(*args, **kwargs):
            seen.append(kwargs.get("prefill_chunk"))
            return original(*args, **kwargs)

        monkeypatch.setattr(generation, "greedy_decode", spy)
    else:  # transformers' generate
        net = load_model(tiny["llama"]).model
        original = net.generate

        def spy(*args, **kwargs):
            seen.append(kwargs.get("prefill_chunk_size"))
            return original(*args, **kwargs)

        monkeypatch.setattr(net, "generate", spy)
    run = dict(method=tiny["llama"], max_new_tokens=12, progress=False, drop_finished=drop_finished)
    monkeypatch.setattr(generation, "PREFILL_CHUNK_TOKENS", 10**6)
    whole = summarize_many(texts, **run)
    assert seen and set(seen) == {None}
    seen.clear()
    monkeypatch.setattr(generation, "PREFILL_CHUNK_TOKENS", 16)
    chunked = summarize_many(texts, **run)
    assert seen and set(seen) == {16}
    assert [c.extra["raw_output"] for c in chunked] == [w.extra["raw_output"] for w in whole]


@pytest.mark.parametrize("stop_early", [True, False])
def test_dropping_finished_rows_gives_generates_outputs(tiny, stop_early):
    """Our decoding loop (ended rows leave the batch) against transformers' generate on the
    same batch: mixed lengths, the TL;DR stop string, line targets, EOS, max_new_tokens. The
    random model gets a line-break bias so that its rows end at different steps."""
    lm = load_model(tiny["llama"])
    net, tok = lm.model, lm.tokenizer
    newline = tok.convert_tokens_to_ids("\u010a")
    texts = [article(n, offset=n) for n in (2, 7, 3, 5, 1, 4, 6)]
    with torch.no_grad():
        logits = net(**tok(texts[1] + "\n\nTL;DR:", return_tensors="pt")).logits[0]
    gap = logits.max(-1).values - logits[:, newline]  # how far "\n" is from winning
    head = torch.nn.Linear(net.config.hidden_size, net.config.vocab_size, bias=True)
    with torch.no_grad():
        head.weight.copy_(net.lm_head.weight)
        head.bias.zero_()
        head.bias[newline] = gap.quantile(0.8)
        head.bias[tok.eos_token_id] = gap.quantile(0.8) / 2
    run = dict(method=tiny["llama"], max_new_tokens=24, progress=False, sentences=2,
               stop_early=stop_early)
    with swapped_head(net, head):
        ours = summarize_many(texts, drop_finished=True, **run)
        theirs = summarize_many(texts, drop_finished=False, **run)
    assert [o.extra["raw_output"] for o in ours] == [t.extra["raw_output"] for t in theirs]
    assert ours[0].params["drop_finished"] and not theirs[0].params["drop_finished"]
    lengths = [len(tok(t.extra["raw_output"], add_special_tokens=False)["input_ids"])
               for t in theirs]
    if not stop_early:  # rows did end at different steps (with it, all stop at one line)
        assert len(set(lengths)) > 1 and min(lengths) < 24


def test_tldr_answer_never_starts_with_a_blank_line(tiny):
    """A base LM that prefers a line break right after "TL;DR:" (an empty answer) is made to
    start with its next-best token; a plain ``generate`` shows the empty answer it avoids."""
    lm = load_model(tiny["llama"])
    tok, net = lm.tokenizer, lm.model
    newline = tok.convert_tokens_to_ids("\u010a")  # byte-level "\n"
    word = tok(" The", add_special_tokens=False)["input_ids"][0]
    head = torch.nn.Linear(net.config.hidden_size, net.config.vocab_size, bias=True)
    with torch.no_grad():
        head.weight.zero_()
        head.bias.zero_()
        head.bias[newline], head.bias[word] = 10.0, 5.0  # logits = bias: "\n" first, then "The"
    text = article(3)
    prompt = tok(text + "\n\nTL;DR:", return_tensors="pt")
    with swapped_head(net, head), torch.inference_mode():
        plain = net.generate(**prompt, max_new_tokens=6, do_sample=False, stop_strings=["\n\n"],
                             tokenizer=tok, pad_token_id=tok.pad_token_id)
        s = summarize(text, method=tiny["llama"], max_new_tokens=6)
    assert tok.decode(plain[0, prompt["input_ids"].shape[1]:]).startswith("\n")
    assert s.params["prompt_style"] == "tldr"
    assert s.extra["raw_output"].strip().startswith("The")


def test_fast_greedy_only_where_it_is_generates_search(tiny):
    from summarize.methods.models import GenerationSettings
    from summarize.runtime.decode import fast_greedy_applies

    llama, bart = load_model(tiny["llama"]).model, load_model(tiny["bart"]).model
    assert fast_greedy_applies(llama, GenerationSettings())
    assert not fast_greedy_applies(bart, GenerationSettings())  # encoder-decoder
    for changed in ({"num_beams": 2}, {"repetition_penalty": 1.2}, {"min_new_tokens": 3},
                    {"no_repeat_ngram_size": 3}):
        assert not fast_greedy_applies(llama, GenerationSettings(**changed)), changed
