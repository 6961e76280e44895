"""``Summarizer``: the one contract every method family implements (extractive, model, peer,
third-party plug-in), in the spirit of scikit-learn's estimators and sumy's single call rule.

- ``kind`` ("extractive" or "abstractive"), ``name`` and ``description`` are declared once, on
  the class; ``batched = True`` says that ``summarize_documents`` really batches (models).
- ``__init__`` only stores and validates its arguments, each under its own name, so
  ``get_params()`` reads them back from the ``__init__`` signature (and the parents' ones that
  ``**kwargs`` passes on); heavy work (model weights) goes in ``_load()``, run once by the
  idempotent ``load()``, which the first call triggers.
- A family implements ``summarize_document(doc, length) -> Summary``; ``summarize(text, ...)``
  (``summarize_text(text, length)`` once the ``LengthRequest`` is built) and
  ``summarize_documents(docs, length)`` (one ``SummaryError`` per failing document) come
  from here. ``length`` is always a ``LengthRequest``, validated where the user called. Every ``Summary`` leaves the method layer with its ``kind`` and its provenance
  (``Summary.support``): a method that returns sentences without support gets lexical support
  attached here, once.

Example:
    >>> class FirstSentence(Summarizer):
    ...     name = "first"
    ...     def summarize_document(self, doc, length):
    ...         return self.extract(doc, [0] if doc.sentences else [], length)
    >>> FirstSentence().summarize("Rain fell. Roads shut.").text
    'Rain fell.'
"""

from __future__ import annotations

import inspect
import time
from dataclasses import replace
from typing import Any, ClassVar, Sequence

from ..summary import SentenceSupport, Summary, SummaryError
from ..text.document import Document, prepare_document
from ..text.length import LengthRequest
from ..text.tokens import join_sentences, length_unit

__all__ = ["Summarizer", "KINDS"]

KINDS = ("extractive", "abstractive")
_PARAM_NAMES: dict[type, list[str]] = {}  # class -> its __init__ parameter names


class Summarizer:
    """Base class of every summarization method; see the module docs for the contract."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "extractive"
    description: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()  # other names the registry accepts
    batched: ClassVar[bool] = False
    _loaded: bool = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind not in KINDS:
            raise TypeError(f"{cls.__name__}.kind must be one of {KINDS}, got {cls.kind!r}")

    # ------------------------------------------------------------- parameters
    @classmethod
    def _param_names(cls) -> list[str]:
        """``__init__`` parameter names, following ``**kwargs`` up to the parents' ``__init__``
        (read once per class)."""
        cached = _PARAM_NAMES.get(cls)
        if cached is not None:
            return cached
        names: list[str] = []
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None:
                continue
            if klass is Summarizer or klass is object:
                break
            passes_on = False
            for p in list(inspect.signature(init).parameters.values())[1:]:
                if p.kind is p.VAR_KEYWORD:
                    passes_on = True
                elif p.kind is not p.VAR_POSITIONAL and p.name not in names:
                    names.append(p.name)
            if not passes_on:
                break
        _PARAM_NAMES[cls] = names
        return names

    def get_params(self) -> dict[str, Any]:
        """The method's settings, as given to ``__init__`` (read from its signature).

        Example:
            >>> from summarize.methods.extractive import MMRSummarizer
            >>> MMRSummarizer(diversity=0.5).get_params()["diversity"]
            0.5
        """
        out = {}
        for name in self._param_names():
            try:
                out[name] = getattr(self, name)
            except AttributeError:
                raise AttributeError(
                    f"{type(self).__name__}.__init__ takes {name!r} but does not store it as "
                    f"self.{name}; get_params() reads the __init__ signature") from None
        return out

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    # ------------------------------------------------------------------ loading
    def load(self) -> "Summarizer":
        """Do the heavy set-up (model weights, ...) once; later calls return at once."""
        if not self._loaded:
            self._loaded = True  # set first: ``_load`` may use attributes that call load()
            try:
                self._load()
            except BaseException:
                self._loaded = False
                raise
        return self

    def _load(self) -> None:
        """Heavy set-up for subclasses; nothing by default."""

    # ---------------------------------------------------------------- summarize
    def summarize(self, text: str, sentences: int | None = None, words: int | None = None,
                  ratio: float | None = None, clean: bool = True,
                  language: str | None = None) -> Summary:
        """Summarize one text (see ``summarize.summarize`` for the arguments); errors raise."""
        return self.summarize_text(text, LengthRequest.from_args(sentences, words, ratio), clean,
                                   language)

    def summarize_text(self, text: str, length: LengthRequest, clean: bool = True,
                       language: str | None = None) -> Summary:
        """Summarize one text to a ``LengthRequest`` already built (``summarize()`` builds it
        once and passes it here); ``language`` as in ``summarize()``."""
        t0 = time.perf_counter()
        doc = prepare_document(text, clean=clean, language=language)
        self.load()
        out = self._summarize_one(doc, length)
        return replace(out, elapsed_s=time.perf_counter() - t0, page=doc.page)

    def _summarize_one(self, doc: Document, length: LengthRequest) -> Summary:
        """``summarize_document`` with the length read in the document's unit, and the
        language (and a unit other than words) recorded in ``params``."""
        out = self.finish(self.summarize_document(doc, length.for_language(doc.language)))
        return self.with_language(out, doc)

    @staticmethod
    def with_language(summary: Summary, doc: Document) -> Summary:
        """``summary`` with the document's language (and a length unit other than words)
        recorded in ``params``, unless the method recorded them itself."""
        params = dict(summary.params)
        params.setdefault("language", doc.language)
        if length_unit(doc.language) != "words":
            params.setdefault("length_unit", length_unit(doc.language))
        return replace(summary, params=params)

    def summarize_document(self, doc: Document, length: LengthRequest) -> Summary:
        """Summarize one prepared ``Document`` (what each family implements)."""
        raise NotImplementedError(f"{type(self).__name__} must implement summarize_document")

    def summarize_documents(self, docs: Sequence[Document], length: LengthRequest,
                            progress: bool = False) -> list[Summary | SummaryError]:
        """Summarize many prepared documents, in order; a failing document gets a
        ``SummaryError`` (its ``index`` is its position in ``docs``), the others complete.
        One at a time here; methods with ``batched = True`` override this to batch."""
        self.load()
        out: list[Summary | SummaryError] = []
        for i, doc in enumerate(_progress(docs, progress, self.name)):
            t0 = time.perf_counter()
            try:
                result = self._summarize_one(doc, length)
                out.append(replace(result, elapsed_s=time.perf_counter() - t0))
            except Exception as exc:  # a batch never loses the good items to one bad one
                out.append(self.error(i, exc))
        return out

    # ---------------------------------------------------------- shared helpers
    def error(self, index: int, exc: BaseException) -> SummaryError:
        """The ``SummaryError`` for document ``index`` that failed with ``exc``."""
        return SummaryError(index, type(exc).__name__, str(exc), self.name)

    def finish(self, summary: Summary) -> Summary:
        """The method layer's last step: the ``Summary`` carries this method's kind and one
        ``SentenceSupport`` per sentence (lexical support when the method gave none)."""
        if not isinstance(summary, Summary):
            raise TypeError(f"{type(self).__name__}.summarize_document returned "
                            f"{type(summary).__name__}, not a Summary")
        changes: dict[str, Any] = {}
        if summary.kind != self.kind:
            changes["kind"] = self.kind
        if len(summary.support) != len(summary.sentences):
            from ..provenance.support import sentence_support

            changes["support"] = sentence_support(
                list(summary.sentences), [s.text for s in summary.source_sentences])
        return replace(summary, **changes) if changes else summary

    def extract(self, doc: Document, chosen: Sequence[int], length: LengthRequest,
                texts: Sequence[str] | None = None, **extra: Any) -> Summary:
        """The ``Summary`` of an extractive pick: source sentences ``chosen`` (in summary
        order; ``texts`` replaces their text, e.g. cut to the word limit), each supported by
        the sentence it was copied from."""
        chosen = [int(i) for i in chosen]
        texts = tuple(texts) if texts is not None else tuple(doc.sentences[i].text
                                                             for i in chosen)
        return Summary(
            text=join_sentences(texts), sentences=texts, method=self.name,
            params={**self.get_params(), **length.as_dict()}, source=doc.source,
            source_sentences=doc.sentences, selected=tuple(chosen),
            support=tuple(map(_copied_support, chosen)), extra=dict(extra), kind=self.kind)


_COPIED: tuple[SentenceSupport, ...] = ()
_COPIED_MAX = 1024  # memoized supports of the first source sentences (an extractive pick)


def _copied_support(index: int) -> SentenceSupport:
    """The support of a summary sentence copied whole from source sentence ``index``:
    ``SentenceSupport((index,), (1.0,))``, the same (immutable) object each time for the
    first ``_COPIED_MAX`` indices, as building a frozen dataclass costs more than the rest of
    an extractive summary's bookkeeping.

    Example:
        >>> _copied_support(3) == SentenceSupport((3,), (1.0,))
        True
    """
    global _COPIED
    if 0 <= index < _COPIED_MAX:
        if not _COPIED:  # built once, in one assignment (two threads may both build it)
            _COPIED = tuple(SentenceSupport((i,), (1.0,)) for i in range(_COPIED_MAX))
        return _COPIED[index]
    return SentenceSupport((index,), (1.0,))


def _progress(items: Sequence[Any], enabled: bool, name: str) -> Any:
    if not enabled or len(items) < 2:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=f"summarize[{name}]", unit="doc")
