"""One contract for every method family: every registered method (built-in extractive methods,
sumy peers), a tiny transformers model (tests/tiny_models.py) and a third-party plug-in found
through its ``summarize.methods`` entry point pass ``summarize.testing.check_summarizer``."""

from __future__ import annotations

import pytest

from summarize import Summary
from summarize.methods.base import Summarizer
from summarize.methods.registry import get_summarizer, list_methods, method_info
from summarize.testing import check_summarizer

from demo_plugin import DISTRIBUTION, PLUGIN_NAME
from tiny_models import article, build_tiny

TEXT = article(8)
# every registered method but the packaged Gemma (a real model: tests/methods/test_models_gemma.py)
# and your own LLM's prefixes, which need a server or a GGUF file (tests/methods/test_llm_*.py);
# the sumy peers are there when sumy is installed (the benchmark extra)
REGISTERED = [m.name for m in list_methods()
              if m.name not in ("gemma-270m", "openai", "llama.cpp")]


def test_every_family_is_registered_with_its_origin(demo_plugin):
    infos = {m.name: m for m in list_methods()}
    assert {infos[n].origin for n in ("auto", "lead", "textrank", "lexrank", "centroid",
                                      "mmr")} == {"builtin"}
    assert infos[PLUGIN_NAME].origin == f"plugin ({DISTRIBUTION})"
    assert infos[PLUGIN_NAME].description.startswith("Sentences naming the most")
    assert infos["gemma-270m"].kind == "abstractive"
    # lead3 is its own method: Lead-3 (3 sentences) when no length is given, unlike lead
    assert method_info("lead3").origin == "builtin" and infos["lead3"].kind == "extractive"


def test_sumy_peers_are_registered():
    pytest.importorskip("sumy")  # the peers exist only with the benchmark extra
    info = method_info("sumy-lsa")
    assert info.origin == "peer (sumy)" and info.kind == "extractive"


@pytest.mark.parametrize("name", REGISTERED)
def test_registered_method_follows_the_contract(name):
    assert check_summarizer(name, text=TEXT).name == name


def test_plugin_follows_the_contract(demo_plugin):
    assert check_summarizer(PLUGIN_NAME, text=TEXT).name == PLUGIN_NAME


@pytest.mark.models
@pytest.mark.timeout(600)
def test_model_family_follows_the_contract(tmp_path_factory):
    pytest.importorskip("torch")  # the model family needs the models extra
    tiny = str(build_tiny("bart", tmp_path_factory.mktemp("tiny")))
    check_summarizer(tiny, text=TEXT, max_new_tokens=16)


def test_check_summarizer_names_the_broken_rule():
    class Greedy(Summarizer):
        name = "greedy"

        def summarize_document(self, doc, length):  # ignores the length
            return self.extract(doc, range(len(doc.sentences)), length)

    with pytest.raises(AssertionError, match="sentences=2 gave 8 sentences"):
        check_summarizer(Greedy, text=TEXT)
    with pytest.raises(AssertionError, match="must subclass"):
        check_summarizer(dict)


def test_support_is_attached_once_by_the_method_layer():
    """A method that returns sentences without support gets it from the base class; one that
    gives support keeps its own."""

    class Echo(Summarizer):
        name = "echo"
        kind = "abstractive"

        def summarize_document(self, doc, length):
            texts = (doc.sentences[0].text, "Aliens landed in the square at noon.")
            return Summary(text=" ".join(texts), sentences=texts, method=self.name, params={},
                           source=doc.source, source_sentences=doc.sentences)

    s = Echo().summarize(TEXT)
    assert s.kind == "abstractive" and len(s.support) == 2
    assert s.support[0].source_indices[0] == 0 and s.support[0].supported
    assert not s.support[1].supported


def test_extractive_support_is_the_copied_sentence():
    # extract() shares one support object per source index (below a bound) and builds the rest
    from summarize.methods import base
    from summarize.summary import SentenceSupport

    class Picker(Summarizer):
        name = "picker"

        def summarize_document(self, doc, length):
            return self.extract(doc, [2, 0], length)

    s = Picker().summarize(TEXT)
    assert s.support == (SentenceSupport((2,), (1.0,)), SentenceSupport((0,), (1.0,)))
    for i in (0, 5, base._COPIED_MAX - 1, base._COPIED_MAX, 10 * base._COPIED_MAX):
        assert base._copied_support(i) == SentenceSupport((i,), (1.0,))


def test_bad_contracts_fail_clearly():
    with pytest.raises(TypeError, match="kind must be one of"):
        type("Bad", (Summarizer,), {"kind": "magic"})

    class Forgetful(Summarizer):
        def __init__(self, depth: int = 1):
            pass

    with pytest.raises(AttributeError, match="does not store it as self.depth"):
        Forgetful().get_params()
    with pytest.raises(NotImplementedError, match="summarize_document"):
        Forgetful().summarize(TEXT)
    from summarize.methods.registry import register_method, reload_plugins

    with pytest.raises(TypeError, match="does not subclass"):
        register_method("not-a-summarizer", dict)
    register_method("not-a-summarizer", lambda: {"text": "?"}, kind="extractive")
    try:
        with pytest.raises(TypeError, match="not a summarize.methods.base.Summarizer"):
            get_summarizer("not-a-summarizer")
    finally:
        reload_plugins()
