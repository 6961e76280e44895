"""The ipywidgets explorer driven from Python (the browser test drives it through JupyterLab)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest

from summarize import summarize

pytest.importorskip("ipywidgets")  # notebook extra (pip install -e ".[notebook]")
from summarize.notebook.explorer import PIP_LINE, Explorer, explore  # noqa: E402

ARTICLE = (
    "Fishermen in the northern bay reported record catches of herring this autumn.\n"
    "Scientists said warmer water had pushed the shoals closer to the coast.\n"
    "The fishing cooperative plans to hire twenty extra workers for the processing plant.\n"
    "Environmental groups warned that the quotas set last year may now be too high.\n"
    "The ministry will review the quotas in January.\n"
)


def test_changing_method_and_length_reruns_and_matches_summarize():
    ui = explore(ARTICLE, method="lead", length=1)
    assert ui.summary.text == summarize(ARTICLE, method="lead", sentences=1).text
    assert 'class="sz-src sz-hl"' in ui.output.value and "lead" in ui.status.value
    ui.method.value = "textrank"
    assert ui.summary.method == "textrank"
    assert ui.summary.text == summarize(ARTICLE, method="textrank", sentences=1).text
    ui.length.value = 3
    assert len(ui.summary.sentences) == 3
    ui.unit.value = "words"  # switches the slider to a word budget and re-runs once
    assert ui.length.value == 75 and ui.length.max == 400
    assert ui.summary.params["words"] == 75 and ui.summary.n_words <= 75
    ui.length.value = 20
    assert ui.summary.n_words <= 20
    assert ui.output.value.count("sz-sent") >= 1


def test_run_button_upload_and_errors_are_shown_not_raised():
    ui = Explorer(methods=["lead", "auto"], method="auto", auto_run=False)
    ui.run_button.click()
    assert ui.summary is None and "Paste some text" in ui.status.value
    html_file = ("<html><body><p>" + ARTICLE.replace("\n", "</p><p>") + "</p></body></html>")
    ui.auto_run = True
    ui.upload.value = ({"name": "story.html", "type": "text/html", "size": len(html_file),
                        "content": memoryview(html_file.encode()),
                        "last_modified": datetime.now(timezone.utc)},)
    assert "<p>" in ui.text.value and ui.summary is not None
    assert "<p>" not in ui.summary.text and "herring" in ui.output.value
    assert "story.html" in ui.status.value or "auto" in ui.status.value
    ui.text.value = "<script>alert(1)</script>"
    ui.run_button.click()  # nothing left after cleaning: a clear message, escaped
    assert ui.summary is None and "ValueError" in ui.status.value
    assert "<script>" not in ui.status.value
    with pytest.raises(ValueError, match="binary"):
        ui.load_file("x.bin", b"\x00\x01\xff\xfe" * 10)


from summarize.methods.base import Summarizer  # noqa: E402


class Paraphraser(Summarizer):
    """A toy generator: rewrites the first two source sentences with some new words."""

    name = "paraphraser"
    kind = "abstractive"

    def summarize_document(self, doc, length):
        from summarize import Summary
        from summarize.provenance import sentence_support

        sents = ("Fishermen in the northern bay reported huge catches of herring this year.",
                 "Scientists blamed warmer water near the coast.")
        return Summary(text=" ".join(sents), sentences=sents, method=self.name, params={},
                       source=doc.source, source_sentences=doc.sentences,
                       support=tuple(sentence_support(sents, [s.text for s in doc.sentences])))


def test_default_length_is_the_apis_and_text_changes_clear_the_old_summary():
    ui = explore(ARTICLE, methods=["lead", "auto"], method="auto")
    assert ui.unit.value == "default" and ui.length.disabled and ui.length_kwargs() == {}
    assert ui.summary.text == summarize(ARTICLE, method="auto").text
    assert "default length" in ui.status.value
    assert f"{len(ui.summary.sentences)} sentences, {ui.summary.n_words} words" in ui.status.value
    ui.text.value = "   "  # emptied: the old summary goes at once
    assert ui.summary is None and ui.output.value == "" and "Paste some text" in ui.status.value
    ui.auto_run = False
    ui.text.value = ARTICLE.split("\n")[0] + " More words follow here."
    assert ui.summary is None and ui.output.value == "" and "press Summarize" in ui.status.value
    ui.run_button.click()
    assert ui.summary.sentences == (ARTICLE.split("\n")[0], "More words follow here.")
    assert "1 sentence" not in ui.status.value and "2 sentences" in ui.status.value


def test_threshold_slider_rescores_a_generated_summary_without_rerunning_it():
    from summarize import register_method
    from summarize.methods.registry import METHODS

    register_method("paraphraser", Paraphraser, "toy generator for the test")
    try:
        ui = explore(ARTICLE, methods=["lead", "paraphraser"], method="paraphraser")
        first = ui.summary
        scores = [s.score for s in ui.support]
        assert all(s.supported for s in ui.support) and min(scores) < 0.9
        ui.threshold.value = 0.95
        assert ui.summary is first  # not re-run
        assert [s.supported for s in ui.support] == [x >= 0.95 for x in scores]
        assert ui.output.value.count("sz-sent sz-unsupported") == sum(x < 0.95 for x in scores)
        assert "threshold 0.95" in ui.status.value
        ui.threshold.value = 0.1
        assert "sz-unsupported" not in ui.output.value
        # a copy is always supported, whatever the threshold
        ui.method.value = "lead"
        ui.threshold.value = 1.0
        assert all(s.supported for s in ui.support) and "sz-unsupported" not in ui.output.value
        # the static fallback of the widget shows the summary
        assert "summarize-summary" in ui._repr_mimebundle_()["text/html"]
    finally:
        METHODS.unregister("paraphraser")


def test_bad_arguments():
    with pytest.raises(ValueError, match="not one of the choices"):
        explore(method="nope")
    with pytest.raises(ValueError, match="unit"):
        explore(unit="pages")
    with pytest.raises(ValueError, match="threshold"):
        explore(threshold=1.5)
    with pytest.raises(ValueError, match="length needs"):
        explore(unit="default", length=3)
    with pytest.raises(ValueError, match="length"):
        explore(length=1000)
    with pytest.raises(TypeError):
        explore(text=b"bytes")


def test_missing_ipywidgets_gives_the_pip_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError) as info:
        explore(ARTICLE)
    assert PIP_LINE in str(info.value) and "ipywidgets" in str(info.value)
