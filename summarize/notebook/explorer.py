"""An interactive summary explorer for Jupyter, built on ipywidgets.

Paste text (or upload a .txt/.html file), pick a method and a length, and the summary appears
with its provenance and annotations (the same rich view as a ``Summary``: shared words
underlined, novel words bold, flagged facts red). Changing the method or the length re-runs it;
the support threshold slider re-scores the shown summary without re-running it; changing or
emptying the text clears the old summary at once. With no length chosen, the explorer asks for
the API's default length (what ``summarize(text, method=...)`` gives).

Example:
    >>> from summarize import explore
    >>> ui = explore("Rain fell all night. The river rose. Roads closed.")  # doctest: +SKIP
    >>> ui  # displays the widgets in a notebook                              # doctest: +SKIP
"""

from __future__ import annotations

import time
from html import escape
from typing import Any, Sequence

__all__ = ["explore", "Explorer", "PIP_LINE"]

PIP_LINE = 'pip install "summarize[notebook]"'
DEFAULT = "default"  # the length unit meaning "no limit given: the API's default length"


def _lengths() -> dict[str, tuple[int, int, int, int]]:
    """unit -> (min, max, step, starting value); the sentence count starts at the API's
    default (``LengthRequest.from_args()``), the word budget at the news default's paragraph."""
    from ..text.length import LengthRequest

    api = LengthRequest.from_args()
    sentences = api.sentences if api.sentences is not None else 3
    words = api.words if api.words is not None else 75
    return {"sentences": (1, 12, 1, sentences), "words": (10, 400, 5, words)}


def _default_label() -> str:
    from ..text.length import LengthRequest

    api = LengthRequest.from_args()
    bits = [f"{v} {k}" for k, v in api.as_dict().items() if k in ("sentences", "words")]
    return f"API default ({', '.join(bits) or 'method default'}; auto: a paragraph)"


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        raise ImportError(
            f"the summary explorer needs ipywidgets (and a Jupyter front end): {PIP_LINE}"
        ) from None
    return ipywidgets


class Explorer:
    """The explorer's widgets and the logic that ties them together.

    Attributes (all ipywidgets): ``text`` (Textarea), ``upload`` (FileUpload), ``method``
    (Dropdown), ``unit`` (ToggleButtons: default / sentences / words), ``length`` (IntSlider,
    disabled for the default length), ``threshold`` (FloatSlider: support below it marks a
    generated sentence unsupported), ``run_button`` (Button), ``status`` (HTML), ``output``
    (HTML with the rendered summary), ``widget`` (the whole layout). ``summary`` is the last
    ``Summary`` (or None); ``support`` its support at the current threshold.
    """

    def __init__(self, text: str = "", methods: Sequence[str] | None = None,
                 method: str = "auto", unit: str | None = None, length: int | None = None,
                 auto_run: bool = True, threshold: float | None = None,
                 scorer: str = "lexical") -> None:
        w = _widgets()
        from ..provenance import get_scorer
        from ..methods.registry import list_methods

        if methods is None:
            infos = list_methods()
            options = [(f"{m.name} ({m.kind})", m.name) for m in infos]
        else:
            if isinstance(methods, str) or not methods:
                raise ValueError("methods must be a non-empty list of method names")
            options = [(str(m), str(m)) for m in methods]
        names = [v for _, v in options]
        if method not in names:
            raise ValueError(f"method {method!r} is not one of the choices: {', '.join(names)}")
        lengths = _lengths()
        if unit is None:
            unit = DEFAULT if length is None else "sentences"
        if unit != DEFAULT and unit not in lengths:
            raise ValueError(f"unit must be 'default', 'sentences' or 'words', got {unit!r}")
        if unit == DEFAULT and length is not None:
            raise ValueError("length needs unit='sentences' or unit='words'")
        lo, hi, step, start = lengths["sentences" if unit == DEFAULT else unit]
        length = start if length is None else int(length)
        if not lo <= length <= hi:
            raise ValueError(f"length for {unit} must be in [{lo}, {hi}], got {length}")
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        self._scorer = get_scorer(scorer)
        if threshold is None:
            threshold = float(self._scorer.threshold)
        if not 0.0 <= float(threshold) <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")

        self.summary: Any = None
        self.support: Any = None
        self.auto_run = auto_run
        self._quiet = False
        self._lengths = lengths
        self.text = w.Textarea(value=text, placeholder="Paste a news article here",
                               continuous_update=False,
                               layout=w.Layout(width="calc(100% - 4px)", height="160px"))
        self.upload = w.FileUpload(accept=".txt,.text,.md,.html,.htm", multiple=False,
                                   description="Upload file")
        self.method = w.Dropdown(options=options, value=method, description="Method")
        self.unit = w.ToggleButtons(
            options=[("default", DEFAULT), ("sentences", "sentences"), ("words", "words")],
            value=unit, description="Length in", tooltips=[_default_label(),
                                                           "at most this many sentences",
                                                           "at most this many words"])
        self.length = w.IntSlider(value=length, min=lo, max=hi, step=step, description="Length",
                                  continuous_update=False, disabled=unit == DEFAULT)
        self.threshold = w.FloatSlider(value=float(threshold), min=0.0, max=1.0, step=0.05,
                                       description="Support \u2265", readout_format=".2f",
                                       continuous_update=False,
                                       tooltip="support below this marks a generated sentence "
                                               "unsupported")
        self.threshold.add_class("summarize-threshold")
        self.run_button = w.Button(description="Summarize", button_style="primary",
                                   icon="play", tooltip="summarize the text with these settings")
        self.status = w.HTML(value="")
        self.output = w.HTML(value="")
        controls = w.HBox([self.method, self.unit], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([
            self.text, self.upload, controls,
            w.HBox([self.length, self.threshold, self.run_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.status, self.output,
        ])
        self.widget.add_class("summarize-explorer")

        self.run_button.on_click(lambda _b: self.run())
        self.upload.observe(self._on_upload, names="value")
        self.unit.observe(self._on_unit, names="value")
        self.text.observe(self._on_text, names="value")
        self.threshold.observe(self._on_threshold, names="value")
        for control in (self.method, self.length):
            control.observe(self._on_change, names="value")
        if text.strip() and auto_run:
            self.run()

    # ------------------------------------------------------------------ actions

    def length_kwargs(self) -> dict[str, int]:
        """The length arguments passed to ``summarize()`` ({} for the API's default)."""
        if self.unit.value == DEFAULT:
            return {}
        return {self.unit.value: int(self.length.value)}

    def run(self) -> Any:
        """Summarize the current text with the current settings; shows and returns the result
        (a ``Summary``, or None with the problem shown in ``status``)."""
        from ..methods.registry import get_summarizer
        from ..text.length import LengthRequest

        text = self.text.value
        if not text.strip():
            self._clear()
            self._say("Paste some text or upload a file first.", error=True)
            return None
        length = LengthRequest.from_args(**self.length_kwargs())
        self._say(f"Summarizing with <b>{escape(self.method.value)}</b>&hellip;")
        t0 = time.perf_counter()
        try:
            summary = get_summarizer(self.method.value).summarize_text(text, length)
        except (TypeError, ValueError, ImportError, OSError, RuntimeError) as exc:
            self._clear()
            self._say(f"{type(exc).__name__}: {escape(str(exc))}", error=True)
            return None
        self.summary = summary
        self._render()
        self._say(self._done_message(time.perf_counter() - t0))
        return summary

    def rescore(self) -> Any:
        """Re-score the shown summary's support at the current threshold and re-render it
        (copied sentences keep their provenance: a copy is always supported)."""
        if self.summary is None:
            return None
        self._render()
        n = sum(not s.supported for s in self.support)
        self._say(self._done_message(None) + f" &middot; threshold {self.threshold.value:.2f}: "
                  f"{n} unsupported")
        return self.support

    def _render(self) -> None:
        from .display import summary_html
        from ..provenance import sentence_support

        summary = self.summary
        if summary.selected or not summary.sentences:
            self.support = tuple(summary.support)
        else:
            self.support = tuple(sentence_support(
                list(summary.sentences), [s.text for s in summary.source_sentences],
                scorer=self._scorer, threshold=float(self.threshold.value)))
        self.output.value = summary_html(summary, support=self.support)

    def _done_message(self, elapsed: float | None) -> str:
        from ..summary import plural

        s = self.summary
        length = "default length" if not self.length_kwargs() else ""
        bits = [f"<b>{escape(s.method)}</b>: {plural(len(s.sentences), 'sentence')}, "
                f"{plural(s.n_words, 'word')}"]
        if elapsed is not None:
            bits.append(f"in {elapsed:.2f} s")
        if length:
            bits.append(f"({length})")
        return " ".join(bits)

    def _clear(self) -> None:
        self.summary = None
        self.support = None
        self.output.value = ""

    def load_file(self, name: str, data: bytes) -> str:
        """Put an uploaded file's text in the text box (HTML is cleaned when summarizing)."""
        from ..text.fetch import _decode

        text = _decode(bytes(data), name)
        self.text.value = text
        return text

    # ------------------------------------------------------------------ callbacks

    def _on_change(self, _change: dict) -> None:
        if self.auto_run and not self._quiet and self.text.value.strip():
            self.run()

    def _on_text(self, _change: dict) -> None:
        self._clear()  # the summary shown belonged to the old text
        if not self.text.value.strip():
            self._say("Paste some text or upload a file first.")
        elif self.auto_run and not self._quiet:
            self.run()
        else:
            self._say("Text changed: press Summarize.")

    def _on_threshold(self, _change: dict) -> None:
        if self.summary is not None:
            self.rescore()

    def _on_unit(self, change: dict) -> None:
        unit = change["new"]
        self._quiet = True  # reconfiguring the slider must not run three times
        try:
            self.length.disabled = unit == DEFAULT
            if unit != DEFAULT:
                lo, hi, step, start = self._lengths[unit]
                self.length.min = min(lo, self.length.min)
                self.length.max = max(hi, self.length.max)
                self.length.value = start
                self.length.min, self.length.max, self.length.step = lo, hi, step
        finally:
            self._quiet = False
        self._on_change(change)

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name", "upload"))
        self._quiet = True  # loading sets the text; run once below, not from the text observer
        try:
            self.load_file(name, item["content"])
        except ValueError as exc:
            self._say(escape(str(exc)), error=True)
            return
        finally:
            self._quiet = False
        self._say(f"Loaded {escape(name)}.")
        if self.auto_run:
            self.run()

    def _say(self, message_html: str, error: bool = False) -> None:
        colour = "#a40e26" if error else "#57606a"
        self.status.value = f'<span style="color:{colour};font-size:12px">{message_html}</span>'

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):  # a static export (no widget state) shows the summary
            bundle = dict(bundle)
            bundle["text/html"] = (f'<div class="summarize-explorer-static">{self.status.value}'
                                   f"{self.output.value}</div>")
        return bundle


def explore(text: str = "", methods: Sequence[str] | None = None, method: str = "auto",
            unit: str | None = None, length: int | None = None,
            threshold: float | None = None) -> Explorer:
    """Open the interactive explorer (display the returned object in a notebook cell).

    Args:
        text: starting text (optional; paste or upload later).
        methods: the method choices (default: every registered method, ``list_methods()``).
        method: the method selected at start.
        unit / length: ``"sentences"`` (1-12) or ``"words"`` (10-400); with neither, the API's
            default length (``summarize(text)`` without a limit); ``length`` alone counts
            sentences.
        threshold: support threshold for generated sentences (default: the lexical scorer's).

    Raises ``ImportError`` naming ``pip install "summarize[notebook]"`` when ipywidgets is
    missing.
    """
    return Explorer(text, methods=methods, method=method, unit=unit, length=length,
                    threshold=threshold)
