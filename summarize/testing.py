"""``check_summarizer``: the method contract as one call, for plug-in authors and for our own
tests (every built-in method, the model family, the sumy peers and the demo plug-in pass it).

Run it in your plug-in's test suite::

    from summarize.testing import check_summarizer

    def test_my_method_follows_the_contract():
        check_summarizer(MySummarizer)            # or MySummarizer(option=1), or "my-method"

It raises ``AssertionError`` naming the first rule broken. It checks: the class declares
``name``/``kind``; building only stores (nothing loads; ``get_params()`` rebuilds an equal
object); ``load()`` is idempotent; ``summarize(text, sentences=|words=|ratio=)`` honours each
limit and returns a ``Summary`` with the method's name and kind and one ``SentenceSupport`` per
sentence pointing into the source (an extractive method's support is the sentence it copied);
``summarize_documents`` keeps order and gives one result per document; a bad item in
``summarize_many`` becomes its own ``SummaryError`` while the others complete; records round-trip
through JSON; the notebook view shows every summary sentence.

Example:
    >>> from summarize.methods.extractive import LeadSummarizer
    >>> check_summarizer(LeadSummarizer).name
    'lead'
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

from .api import summarize, summarize_many
from .methods.base import KINDS, Summarizer
from .methods.registry import get_summarizer
from .summary import Summary, SummaryError, result_from_record
from .text.document import prepare_document
from .text.length import LengthRequest

__all__ = ["check_summarizer", "SAMPLE_ARTICLES"]

#: Short news-like texts (written for these checks) that every method must handle.
SAMPLE_ARTICLES = (
    "The city council of Riverton approved a new footbridge on Tuesday. The bridge will cross "
    "the Mill River near the old station. Mayor Ana Ruiz said construction starts in May. "
    "Local shops had asked for a safer crossing for years. The project costs 4.2 million "
    "dollars, most of it from a state grant. Critics said the money should repair roads first. "
    "The council voted seven to two. Work is expected to finish next spring.",
    "Heavy rain flooded parts of Eastport overnight. Firefighters rescued twelve people from "
    "cars stuck on Harbor Road. Schools stayed closed on Friday. The weather service expects "
    "more rain over the weekend.",
    "A small museum in Lindale reopened after two years of repairs. Visitors can again see "
    "its collection of farm tools and old maps. Entry stays free for children.",
)


def check_summarizer(method: Any, text: str | None = None, **params: Any) -> Summarizer:
    """Check that ``method`` (a ``Summarizer`` class, an instance, or a registered name; class
    and name are built with ``params``) follows the contract; returns the summarizer checked.
    ``text`` replaces the main sample article (e.g. text a tiny test model was trained on)."""
    s = _build(method, params)
    cls = type(s)
    _require(isinstance(s.name, str) and s.name.strip() != "",
             f"{cls.__name__} must declare a non-empty `name`")
    _require(s.kind in KINDS and s.kind == cls.kind,
             f"{cls.__name__}.kind must be one of {KINDS} and declared on the class")
    _require(not s._loaded, f"building {cls.__name__} must only store its arguments "
             "(heavy set-up goes in _load(), run by load() or the first call)")
    again = cls(**s.get_params())
    _require(again.get_params() == s.get_params(),
             f"{cls.__name__}(**get_params()) must rebuild the same settings")
    _require(s.load() is s and s.load() is s and s._loaded, "load() must return self, once")

    article = text if text is not None else SAMPLE_ARTICLES[0]
    two = s.summarize(article, sentences=2)
    _check_summary(two, s, "summarize(text, sentences=2)")
    _require(len(two.sentences) <= 2, f"sentences=2 gave {len(two.sentences)} sentences")
    _require(summarize(article, method=s, sentences=2).text == two.text,
             "summarize(text, method=obj) must give what obj.summarize(text) gives")
    short = s.summarize(article, words=12)
    _check_summary(short, s, "summarize(text, words=12)")
    _require(short.n_words <= 12, f"words=12 gave {short.n_words} words (never exceed it)")
    _check_summary(s.summarize(article, ratio=0.25), s, "summarize(text, ratio=0.25)")
    _check_summary(s.summarize(article), s, "summarize(text) (the default length)")

    length = LengthRequest.from_args(sentences=2)
    docs = [prepare_document(t) for t in (article, *SAMPLE_ARTICLES[1:])]
    out = s.summarize_documents(docs, length)
    _require(len(out) == len(docs) and all(isinstance(r, Summary) for r in out),
             "summarize_documents must give one Summary per document")
    _require([r.source for r in out] == [d.source for d in docs],
             "summarize_documents must keep the documents' order")
    _require(out[0].text == s.summarize_document(docs[0], length).text,
             "summarize_documents and summarize_document must agree")

    batch = summarize_many([article, None, "", 42, SAMPLE_ARTICLES[2]], method=s, sentences=2,
                           progress=False)
    _require([r.ok for r in batch] == [True, False, False, False, True],
             "summarize_many: each bad item gets its own SummaryError, the good ones complete")
    _require([r.index for r in batch if not r.ok] == [1, 2, 3],
             "a SummaryError's index is the item's position in the input")
    _require(batch[0].text == two.text, "summarize_many must give what summarize gives")

    rec = json.loads(json.dumps(two.to_record(include_source=True)))
    _require(rec["version"] == 1 and rec["kind"] == s.kind, "the record names its kind")
    _require(Summary.from_record(rec) == two, "Summary.from_record(to_record()) must round-trip")
    _require(Summary.from_record(json.loads(json.dumps(two.to_record())),
                                 source=two.source) == two,
             "a record without its source must round-trip given the source")
    err = result_from_record(json.loads(json.dumps(batch[1].to_record())))
    _require(isinstance(err, SummaryError) and err == batch[1], "errors must round-trip")

    view = _Html()
    view.feed(two._repr_html_())
    shown = "".join(view.text)
    _require(f"({s.kind})" in shown, "the notebook view must name the summary's kind")
    _require(all(sent in shown for sent in two.sentences),
             "the notebook view must show every summary sentence")
    if s.kind == "extractive":
        _require(len(view.classes.get("sz-hl", [])) == len(two.selected),
                 "the notebook view must highlight each selected source sentence")
    return s


def _build(method: Any, params: dict[str, Any]) -> Summarizer:
    if isinstance(method, type):
        _require(issubclass(method, Summarizer),
                 f"{method.__name__} must subclass summarize.methods.base.Summarizer")
        return method(**params)
    if isinstance(method, Summarizer):
        _require(not params, "pass parameters with a class or a name, not with an object")
        return method
    return get_summarizer(method, **params)


def _check_summary(summary: Any, s: Summarizer, call: str) -> None:
    _require(isinstance(summary, Summary), f"{call} returned {type(summary).__name__}, "
             "not a Summary")
    _require(summary.method == s.name and summary.kind == s.kind,
             f"{call}: Summary.method/kind must be the method's name and kind")
    _require(summary.text == " ".join(summary.sentences),
             f"{call}: Summary.text must be its sentences joined by spaces")
    _require(len(summary.support) == len(summary.sentences),
             f"{call}: one SentenceSupport per summary sentence")
    n = len(summary.source_sentences)
    _require(all(0 <= i < n for sup in summary.support for i in sup.source_indices),
             f"{call}: support must point into the source sentences")
    if s.kind == "extractive":
        _require([sup.source_indices for sup in summary.support]
                 == [(i,) for i in summary.selected],
                 f"{call}: an extractive sentence is supported by the sentence it copies")
    _require(summary.elapsed_s > 0, f"{call}: Summary.elapsed_s must be set")


def _require(condition: Any, message: str) -> None:
    if not condition:
        raise AssertionError(f"summarizer contract: {message}")


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.classes: dict[str, list[dict[str, Any]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for c in (a.get("class") or "").split():
            self.classes.setdefault(c, []).append(a)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
