"""One ``Registry`` type behind ``method=``, ``metrics=`` and ``support_scorer=``: names,
aliases, lazy ``"module:attr"`` references, ``register``, entry points of other distributions in
the three groups, and one "unknown x; available: ..." error."""

from __future__ import annotations

import sys
import warnings

import pytest

from summarize.metrics.evaluation import METRICS, item_metrics
from summarize.methods.registry import METHODS, get_summarizer
from summarize.provenance.support import SCORERS, sentence_support
from summarize.registry import Registry

_MODULE = '''
import numpy as np
from summarize.metrics.base import ItemMetric

CHARS = ItemMetric("plugin-chars", needs="", compute=lambda pred, refs, src: {"chars": len(pred)})


class Constant:
    name, threshold = "plugin-constant", 0.5

    def score(self, summary_sentences, source_sentences):
        return np.full((len(summary_sentences), len(source_sentences)), 0.7)
'''

_ENTRY_POINTS = '''[summarize.metrics]
plugin-chars = registry_plugin:CHARS
[summarize.support_scorers]
plugin-constant = registry_plugin:Constant
[summarize.methods]
plugin-broken = registry_plugin:Missing
'''


@pytest.fixture
def installed_plugin(tmp_path):
    """A distribution declaring one entry point in each group (one of them broken), installed
    the way pip installs one: a module and its dist-info on sys.path."""
    (tmp_path / "registry_plugin.py").write_text(_MODULE, encoding="utf-8")
    info = tmp_path / "registry_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: registry-plugin\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(_ENTRY_POINTS, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    for registry in (METRICS, SCORERS, METHODS):
        registry.reload()
    yield
    sys.path.remove(str(tmp_path))
    sys.modules.pop("registry_plugin", None)
    for registry in (METRICS, SCORERS, METHODS):
        registry.reload()


def test_names_aliases_lazy_references_and_the_unknown_error():
    reg = Registry("colour", "summarize.test-colours", {"pi": "math:pi"})
    assert "math:pi" == reg.entry("pi").target and reg.get("pi") > 3   # imported on first use

    @reg.register("shout", aliases=("loud",))
    def shout(text):
        return text.upper()

    assert reg.get("loud")("hi") == "HI" and reg.names() == ["pi", "shout"]
    with pytest.raises(ValueError, match=r"^unknown colour 'green'; available: pi, shout$"):
        reg.get("green")
    with pytest.raises(ValueError, match="already registered"):
        reg.register("pi", 3.14, replace=False)
    reg.unregister("loud")
    assert "shout" not in reg and "loud" not in reg
    with pytest.raises(ValueError, match="non-empty str"):
        reg.register(" pi", 3)


def test_entry_points_in_all_three_groups(installed_plugin):
    assert METRICS.entry("plugin-chars").origin == "plugin (registry-plugin)"
    assert item_metrics()["plugin-chars"].compute("Rain.", None, None) == {"chars": 5}
    sup = sentence_support(["Anything."], ["One.", "Two."], scorer="plugin-constant")
    assert sup[0].scorer == "plugin-constant" and sup[0].score == pytest.approx(0.7)
    # a broken plug-in is named, and never breaks the package
    with pytest.raises(ValueError, match="method 'plugin-broken' from plugin .registry-plugin. "
                                         "could not be loaded"):
        get_summarizer("plugin-broken")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from summarize import list_methods

        names = [m.name for m in list_methods()]
    assert "plugin-broken" not in names and "auto" in names
    assert any("plugin-broken" in str(w.message) for w in caught)


def test_the_three_registries_give_the_same_error_shape():
    for call, what in ((lambda: get_summarizer("nope"), "method"),
                       (lambda: sentence_support(["A."], ["B."], scorer="nope"), "support scorer"),
                       (lambda: METRICS.get("nope"), "metric group")):
        with pytest.raises(ValueError, match=f"^unknown {what} 'nope'; available: "):
            call()
