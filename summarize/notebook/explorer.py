"""An interactive summary explorer for Jupyter, built on ipywidgets.

Paste text (or upload a .txt/.html file), pick a method and a length, and the summary appears
with its provenance (the same rich view as a ``Summary``). Changing the method or the length
re-runs it; the button re-runs it on demand.

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
_LENGTHS = {  # unit -> (min, max, step, default)
    "sentences": (1, 12, 1, 3),
    "words": (10, 400, 5, 75),
}


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
    (Dropdown), ``unit`` (ToggleButtons: sentences / words), ``length`` (IntSlider),
    ``run_button`` (Button), ``status`` (HTML), ``output`` (HTML with the rendered summary),
    ``widget`` (the whole layout). ``summary`` is the last ``Summary`` (or None).
    """

    def __init__(self, text: str = "", methods: Sequence[str] | None = None,
                 method: str = "auto", unit: str = "sentences", length: int | None = None,
                 auto_run: bool = True) -> None:
        w = _widgets()
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
        if unit not in _LENGTHS:
            raise ValueError(f"unit must be 'sentences' or 'words', got {unit!r}")
        lo, hi, step, default = _LENGTHS[unit]
        length = default if length is None else int(length)
        if not lo <= length <= hi:
            raise ValueError(f"length for {unit} must be in [{lo}, {hi}], got {length}")
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")

        self.summary: Any = None
        self.auto_run = auto_run
        self._quiet = False
        self.text = w.Textarea(value=text, placeholder="Paste a news article here",
                               layout=w.Layout(width="100%", height="160px"))
        self.upload = w.FileUpload(accept=".txt,.text,.md,.html,.htm", multiple=False,
                                   description="Upload file")
        self.method = w.Dropdown(options=options, value=method, description="Method")
        self.unit = w.ToggleButtons(options=list(_LENGTHS), value=unit, description="Length in")
        self.length = w.IntSlider(value=length, min=lo, max=hi, step=step, description="Length",
                                  continuous_update=False)
        self.run_button = w.Button(description="Summarize", button_style="primary",
                                   icon="play")
        self.status = w.HTML(value="")
        self.output = w.HTML(value="")
        controls = w.HBox([self.method, self.unit])
        self.widget = w.VBox([
            self.text, self.upload, controls, w.HBox([self.length, self.run_button]),
            self.status, self.output,
        ])
        self.widget.add_class("summarize-explorer")

        self.run_button.on_click(lambda _b: self.run())
        self.upload.observe(self._on_upload, names="value")
        self.unit.observe(self._on_unit, names="value")
        for control in (self.method, self.length):
            control.observe(self._on_change, names="value")
        if text.strip() and auto_run:
            self.run()

    # ------------------------------------------------------------------ actions

    def run(self) -> Any:
        """Summarize the current text with the current settings; shows and returns the result
        (a ``Summary``, or None with the problem shown in ``status``)."""
        from ..api import summarize
        from .display import summary_html

        text = self.text.value
        if not text.strip():
            self._say("Paste some text or upload a file first.", error=True)
            return None
        kwargs = {self.unit.value: int(self.length.value)}
        self._say(f"Summarizing with <b>{escape(self.method.value)}</b>&hellip;")
        t0 = time.perf_counter()
        try:
            summary = summarize(text, method=self.method.value, **kwargs)
        except (TypeError, ValueError, ImportError, OSError, RuntimeError) as exc:
            self.summary = None
            self.output.value = ""
            self._say(f"{type(exc).__name__}: {escape(str(exc))}", error=True)
            return None
        self.summary = summary
        self.output.value = summary_html(summary)
        self._say(f"<b>{escape(summary.method)}</b>: {len(summary.sentences)} sentences, "
                  f"{summary.n_words} words in {time.perf_counter() - t0:.2f} s")
        return summary

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

    def _on_unit(self, change: dict) -> None:
        lo, hi, step, default = _LENGTHS[change["new"]]
        self._quiet = True  # reconfiguring the slider must not run three times
        try:
            self.length.min, self.length.max = min(lo, self.length.min), max(hi, self.length.max)
            self.length.value = default
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
        try:
            self.load_file(name, item["content"])
        except ValueError as exc:
            self._say(escape(str(exc)), error=True)
            return
        self._say(f"Loaded {escape(name)}.")
        if self.auto_run:
            self.run()

    def _say(self, message_html: str, error: bool = False) -> None:
        colour = "#a40e26" if error else "#57606a"
        self.status.value = f'<span style="color:{colour};font-size:12px">{message_html}</span>'

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def explore(text: str = "", methods: Sequence[str] | None = None, method: str = "auto",
            unit: str = "sentences", length: int | None = None) -> Explorer:
    """Open the interactive explorer (display the returned object in a notebook cell).

    Args:
        text: starting text (optional; paste or upload later).
        methods: the method choices (default: every registered method, ``list_methods()``).
        method: the method selected at start.
        unit / length: ``"sentences"`` (1-12, default 3) or ``"words"`` (10-400, default 75).

    Raises ``ImportError`` naming ``pip install "summarize[notebook]"`` when ipywidgets is
    missing.
    """
    return Explorer(text, methods=methods, method=method, unit=unit, length=length)
