"""One contract for every method family: the built-in extractive methods, a tiny transformers
model (tests/tiny_models.py), a sumy peer and a third-party plug-in found through its
``summarize.methods`` entry point all go through the same checks."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from summarize import Summary, SummaryError, summarize, summarize_many
from summarize.methods.base import Summarizer
from summarize.methods.registry import get_summarizer, list_methods, method_info
from summarize.summary import result_from_record
from summarize.text.document import prepare_document
from summarize.text.length import LengthRequest

from demo_plugin import DISTRIBUTION, PLUGIN_NAME
from tiny_models import article, build_tiny

EXTRACTIVE = ["auto", "lead", "textrank", "lexrank", "centroid", "mmr"]
FAMILIES = EXTRACTIVE + ["tiny-model", "sumy-lsa", PLUGIN_NAME]
TEXT = article(8)


@pytest.fixture(scope="module")
def method_args(tmp_path_factory, demo_plugin):
    """name in FAMILIES -> (method for summarize(), its params)."""
    tiny = str(build_tiny("bart", tmp_path_factory.mktemp("tiny")))
    args = {name: (name, {}) for name in FAMILIES}
    args["tiny-model"] = (tiny, {"max_new_tokens": 16})
    return args


def test_every_family_is_registered_with_its_origin(demo_plugin):
    infos = {m.name: m for m in list_methods()}
    assert {infos[n].origin for n in EXTRACTIVE} == {"builtin"}
    assert infos["sumy-lsa"].origin == "peer (sumy)" and infos["sumy-lsa"].kind == "extractive"
    assert infos[PLUGIN_NAME].origin == f"plugin ({DISTRIBUTION})"
    assert infos[PLUGIN_NAME].description.startswith("Sentences naming the most")
    assert infos["gemma-270m"].kind == "abstractive"
    assert method_info("lead3") is infos["lead"]  # an alias, not a second method


@pytest.mark.timeout(600)
@pytest.mark.parametrize("family", FAMILIES)
def test_contract(family, method_args):
    method, params = method_args[family]
    s = get_summarizer(method, **params)
    # building is cheap and only stores: the heavy part waits for load() / the first call
    assert isinstance(s, Summarizer) and not s._loaded
    assert s.kind in ("extractive", "abstractive") and s.kind == type(s).kind
    again = type(s)(**s.get_params())
    assert again.get_params() == s.get_params()
    assert s.load() is s and s.load() is s and s._loaded  # idempotent

    # summarize(text, sentences=|words=|ratio=) -> Summary with its provenance
    two = s.summarize(TEXT, sentences=2)
    _check_summary(two, s)
    assert len(two.sentences) <= 2
    assert summarize(TEXT, method=s, sentences=2).text == two.text
    short = s.summarize(TEXT, words=12)
    _check_summary(short, s)
    assert short.n_words <= 12
    _check_summary(s.summarize(TEXT, ratio=0.25), s)

    # summarize_documents: in order, one result per document
    length = LengthRequest.from_args(sentences=2)
    docs = [prepare_document(article(5, offset=k)) for k in range(3)]
    out = s.summarize_documents(docs, length)
    assert len(out) == 3 and all(isinstance(r, Summary) for r in out)
    assert [r.source for r in out] == [d.source for d in docs]
    assert out[0].text == s.summarize_document(docs[0], length).text

    # bad items: their own SummaryError, in place; the good ones complete
    batch = summarize_many([TEXT, None, "", 42, article(3)], method=s, sentences=2,
                           progress=False)
    assert [r.ok for r in batch] == [True, False, False, False, True]
    assert [r.index for r in batch if not r.ok] == [1, 2, 3]
    assert batch[0].text == two.text

    # record round trip (JSON), for a summary and for an error
    rec = json.loads(json.dumps(two.to_record(include_source=True)))
    assert rec["version"] == 1 and rec["kind"] == s.kind
    assert Summary.from_record(rec) == two
    assert Summary.from_record(json.loads(json.dumps(two.to_record())),
                               source=two.source) == two
    err = result_from_record(json.loads(json.dumps(batch[1].to_record())))
    assert isinstance(err, SummaryError) and err == batch[1]

    # rich display: every summary sentence shown, linked to its source, kind named
    html = two._repr_html_()
    tree = _Html()
    tree.feed(html)
    text = "".join(tree.text)
    assert f"({s.kind})" in text
    assert all(sent in text for sent in two.sentences)
    if s.kind == "extractive":
        assert len(tree.classes.get("sz-hl", [])) == len(two.selected)


def _check_summary(summary: Summary, s: Summarizer) -> None:
    assert isinstance(summary, Summary)
    assert summary.method == s.name and summary.kind == s.kind
    assert summary.text == " ".join(summary.sentences)
    assert len(summary.support) == len(summary.sentences)  # provenance for every sentence
    n = len(summary.source_sentences)
    assert all(0 <= i < n for sup in summary.support for i in sup.source_indices)
    if s.kind == "extractive":
        assert [sup.source_indices for sup in summary.support] == [(i,) for i in summary.selected]
    assert summary.elapsed_s > 0


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


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.classes: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for c in (a.get("class") or "").split():
            self.classes.setdefault(c, []).append(a)

    def handle_data(self, data):
        self.text.append(data)
