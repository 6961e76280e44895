"""End to end in a real browser: headless Debian Chromium via Playwright, on static pages and on
JupyterLab on localhost.

Static pages (no server): the side-by-side ``compare()`` view of six methods fits a 1,024 px
page without horizontal scroll, and a generated summary's invented number shows red with its
tooltip and screen-reader text.

JupyterLab (free port, random token, isolated config dirs) on notebooks the tests write: the
explorer cell, where the method and then the length unit change in the widgets and the summary in
the page becomes what ``summarize()`` gives; the threshold slider re-scoring a generated summary;
the corpus view, whose filter and article list open an article's side-by-side view. They need
``/usr/bin/chromium`` (``apt-get install -y chromium``; ``.ci/run`` installs
it) and Playwright's Python package; no browser is downloaded. Outside CI a missing browser
skips the test; in CI (``CI`` set) it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from summarize import summarize

pytestmark = [pytest.mark.browser,
              pytest.mark.timeout(600)]  # a wedged browser or kernel fails the test, not CI

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--no-first-run"]
ARTICLE = (
    "Fishermen in the northern bay reported record catches of herring this autumn.\n"
    "Scientists said warmer water had pushed the shoals closer to the coast.\n"
    "The fishing cooperative plans to hire twenty extra workers for the processing plant.\n"
    "Environmental groups warned that the herring quotas set last year may now be too high.\n"
    "The ministry will review the herring quotas in January.\n"
)


def _require(condition: bool, why: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {why}")
        # Justified skip: on a developer machine without Debian's chromium (which .ci/run
        # installs) the browser test cannot start; under CI=true it fails instead.
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# a toy generator for the threshold test: rewrites two source sentences with new words
PARAPHRASER = '''
from summarize import Summary, register_method
from summarize.methods.base import Summarizer
from summarize.provenance import sentence_support

PARAPHRASE = ("Fishermen in the northern bay reported huge catches of herring this year.",
              "Scientists blamed warmer water near the coast.")


class Paraphraser(Summarizer):
    name = "paraphraser"
    kind = "abstractive"

    def summarize_document(self, doc, length):
        return Summary(text=" ".join(PARAPHRASE), sentences=PARAPHRASE, method=self.name,
                       params={}, source=doc.source, source_sentences=doc.sentences,
                       support=tuple(sentence_support(PARAPHRASE,
                                                      [s.text for s in doc.sentences])))


register_method("paraphraser", Paraphraser, "toy generator")
'''
PARAPHRASE = ("Fishermen in the northern bay reported huge catches of herring this year.",
              "Scientists blamed warmer water near the coast.")
CORPUS_ROWS = [
    {"id": "herring", "source": ARTICLE, "reference": "Herring catches hit a record.",
     "systems": {"M9": {"summary": "Fishermen reported record catches of herring."}}},
    {"id": "tram", "source": "The council approved a tram line on Monday. Building starts in "
     "spring. The line costs 80 million euros. Critics call the budget unrealistic.",
     "reference": "Council approves tram line.",
     "systems": {"M9": {"summary": "The council rejected a 95 million euro tram plan."}}},
    {"id": "frog", "source": "Researchers found a new frog in the mountain forest. It is smaller "
     "than a coin. Logging threatens its stream.", "reference": "Tiny frog found.",
     "systems": {"M9": {"summary": "Researchers found a new frog in the mountain forest."}}},
]


def _write_notebook(path: Path, source: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))


def _notebook(path: Path) -> None:
    _write_notebook(path, "from summarize import explore\n"
                          f"ARTICLE = {ARTICLE!r}\n"
                          'ui = explore(ARTICLE, methods=["lead", "textrank", "lexrank"], '
                          'method="lead", length=1)\nui')


def _views_notebook(path: Path) -> None:
    _write_notebook(path, PARAPHRASER + (
        "import tempfile\n"
        "from IPython.display import display\n"
        "from summarize import explore\n"
        "from summarize.bench import corpus_from_records, run_benchmark\n"
        "from summarize.notebook.corpus_view import corpus_view\n"
        f"ARTICLE = {ARTICLE!r}\n"
        'ui = explore(ARTICLE, methods=["lead", "paraphraser"], method="paraphraser")\n'
        f"corpus = corpus_from_records({CORPUS_ROWS!r})\n"
        "run_dir = tempfile.mkdtemp()\n"
        'run_benchmark(corpus, ["lead"], run_dir, sentences=1, progress=False)\n'
        'view = corpus_view(run_dir, corpus, published=["M9"])\n'
        "display(ui, view)\n"))


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} not installed (apt-get install -y chromium)")
    try:
        import playwright  # noqa: F401
        import jupyterlab  # noqa: F401
    except ImportError as exc:
        _require(False, f"{exc.name} missing: pip install 'summarize[notebook]'")
    root = tmp_path_factory.mktemp("lab")
    _notebook(root / "explorer.ipynb")
    _views_notebook(root / "views.ipynb")
    home = root / ".home"
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                           os.environ.get("PYTHONPATH", "")]))
    port, token = _free_port(), secrets.token_hex(16)
    log = open(root / "lab.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                req = urllib.request.Request(f"{base}/api/status",
                                             headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(req, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n"
                            + (root / "lab.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _summary_text(page) -> str:
    items = page.locator(".summarize-explorer .summarize-summary ol.sz-summary > li")
    return " ".join(t.split(" \u2190 ")[0].strip() for t in items.all_inner_texts())


def _wait_for_summary(page, expected: str, timeout_s: float = 60) -> str:
    deadline = time.monotonic() + timeout_s
    seen = ""
    while time.monotonic() < deadline:
        try:
            seen = _summary_text(page)
        except Exception:  # the widget is being re-rendered
            seen = ""
        if seen == expected:
            return seen
        page.wait_for_timeout(250)
    raise AssertionError(f"summary in the page never became {expected!r}; last seen {seen!r}")


def _wait_for_kernel(base: str, token: str, timeout_s: float = 90,
                     path: str = "explorer.ipynb") -> None:
    """Until the kernel of the notebook at ``path`` is started, idle and connected to the
    page."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        req = urllib.request.Request(f"{base}/api/sessions",
                                     headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            sessions = json.load(r)
        kernels = [s.get("kernel") or {} for s in sessions if s.get("path") == path]
        if any(k.get("execution_state") == "idle" and k.get("connections", 0) > 0
               for k in kernels):
            return
        time.sleep(0.5)
    raise AssertionError(f"the notebook kernel never became ready: {sessions!r}")


def _run_first_cell(page, editor, attempts: int = 4, wait_for: str = ".summarize-explorer"
                    ) -> None:
    """Shift+Enter on the first cell; retried while the front end was not ready for it."""
    for _ in range(attempts):
        editor.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.locator(wait_for).first.wait_for(state="attached", timeout=60_000)
            return
        except Exception:  # the run request was dropped (kernel still connecting)
            continue
    prompt = page.locator(".jp-Cell .jp-InputPrompt").first.inner_text()
    outputs = page.locator(".jp-OutputArea").all_inner_texts()
    raise AssertionError(f"explorer cell never rendered; prompt {prompt!r}, outputs {outputs!r}")


def test_explorer_in_jupyterlab_updates_summary_when_method_and_length_change(jupyterlab):
    from playwright.sync_api import sync_playwright

    base, token = jupyterlab
    lead = summarize(ARTICLE, method="lead", sentences=1).text
    textrank1 = summarize(ARTICLE, method="textrank", sentences=1).text
    textrank_words = summarize(ARTICLE, method="textrank", words=75).text
    assert len({lead, textrank1, textrank_words}) == 3  # each change must show in the page

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(f"{base}/lab/tree/explorer.ipynb?token={token}")
            editor = page.locator(".jp-NotebookPanel .jp-Cell .jp-InputArea-editor").first
            editor.wait_for(state="visible")
            _wait_for_kernel(base, token)
            _run_first_cell(page, editor)
            _wait_for_summary(page, lead)

            # change the method in the dropdown
            page.locator(".summarize-explorer .widget-dropdown select").select_option(
                label="textrank")
            _wait_for_summary(page, textrank1)

            # change the length: switch the unit to words (default 75-word budget)
            page.locator(".summarize-explorer .widget-toggle-buttons button",
                         has_text="words").click()
            _wait_for_summary(page, textrank_words)
            status = page.locator(".summarize-explorer").inner_text()
            assert "textrank" in status
            # provenance highlights are rendered in the page, not as escaped markup
            assert page.locator(".summarize-explorer .sz-hl").count() >= 1
        finally:
            browser.close()


def _browser(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def chromium_ready():
    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} not installed (apt-get install -y chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError as exc:
        _require(False, f"{exc.name} missing: pip install 'summarize[notebook]'")


def _static_page(tmp_path: Path, html: str) -> str:
    page = tmp_path / "view.html"
    page.write_text("<!doctype html><html><head><meta charset='utf-8'><title>view</title>"
                    f"</head><body style='margin:8px'>{html}</body></html>", encoding="utf-8")
    return page.as_uri()


SIX = ["lead", "textrank", "lexrank", "centroid", "mmr", "auto"]


def test_compare_six_methods_fits_a_1024px_page(chromium_ready, tmp_path):
    from playwright.sync_api import sync_playwright

    from summarize import compare
    from summarize.bench.data import data_path

    seed = data_path("seed", "article.txt").read_text(encoding="utf-8")
    table = compare(seed, methods=SIX)
    url = _static_page(tmp_path, table._repr_html_())
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 900})
            page.goto(url)
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, "
                                  "document.scrollingElement.clientWidth]")
            assert sizes[0] <= sizes[1], f"horizontal scroll: {sizes}"
            assert page.locator(".sz-card").count() == 6
            assert page.locator(".sz-minimap").count() == 6
            # the two columns sit side by side at this width (source left of the cards)
            src = page.locator(".sz-source-side").bounding_box()
            card = page.locator(".sz-card").first.bounding_box()
            assert src["x"] + src["width"] <= card["x"] + 1
            # the metric table opens from its toggle, inside the page width
            page.locator(".sz-metrics > summary").click()
            assert page.locator(".sz-metric-table").is_visible()
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, "
                                  "document.scrollingElement.clientWidth]")
            assert sizes[0] <= sizes[1], f"horizontal scroll with the table open: {sizes}"
            # keyboard: the source panel scrolls from the keyboard (focusable region)
            assert page.locator(".sz-source[role=region]").get_attribute("tabindex") == "0"
        finally:
            browser.close()


def test_invented_number_in_a_generated_summary_shows_red_with_what_the_source_has(
        chromium_ready, tmp_path):
    from dataclasses import replace

    from playwright.sync_api import sync_playwright

    from summarize import check_summary, compare
    from summarize.notebook.comparison import Comparison
    from summarize.summary import FactFlag

    text = "The fishing cooperative plans to hire 45 extra seasonal workers for the plant."
    checked = check_summary(ARTICLE, text, method="generator")
    a = text.index("45")
    flag = FactFlag("number", "45", a, a + 2, "twenty")
    flagged = replace(checked, support=(replace(checked.support[0], flags=(flag,)),))
    table = Comparison.from_results({"generator": flagged,
                                     "lead": compare(ARTICLE, ["lead"])["lead"]})
    url = _static_page(tmp_path, flagged._repr_html_() + table._repr_html_())
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 900})
            page.goto(url)
            facts = page.locator(".sz-fact")
            assert facts.count() == 2  # the single view and the generator's card
            for k in range(2):
                fact = facts.nth(k)
                assert fact.is_visible()
                assert fact.get_attribute("title") == (
                    "45: number not in the source; the source has \u201ctwenty\u201d")
                colour = fact.evaluate("e => getComputedStyle(e).color")
                assert colour == "rgb(164, 14, 38)"  # red
                hidden = fact.locator(".sz-sr")
                box = hidden.bounding_box()
                assert box is None or (box["width"] <= 1 and box["height"] <= 1)
                assert "the source has" in hidden.text_content()
            # novel words bold, shared runs underlined, both visible
            assert page.locator(".sz-novel").first.is_visible()
            assert page.locator(".sz-shared").first.is_visible()
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, "
                                  "document.scrollingElement.clientWidth]")
            assert sizes[0] <= sizes[1]
        finally:
            browser.close()


def test_threshold_slider_and_corpus_view_in_jupyterlab(jupyterlab):
    from playwright.sync_api import sync_playwright

    from summarize.provenance import sentence_support

    base, token = jupyterlab
    scores = [s.score for s in sentence_support(
        list(PARAPHRASE), [s.text for s in summarize(ARTICLE, method="lead",
                                                     sentences=1).source_sentences])]
    assert min(scores) < 0.95  # moving the slider to 0.95 must flag something
    expect_flagged = sum(x < 0.95 for x in scores)

    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 1000})
            page.set_default_timeout(90_000)
            # a fresh workspace: only this notebook open (the explorer test's tab is not restored)
            page.goto(f"{base}/lab/tree/views.ipynb?reset&token={token}")
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            editor = panel.locator(".jp-Cell .jp-InputArea-editor").first
            editor.wait_for(state="visible")
            _wait_for_kernel(base, token, path="views.ipynb")
            _run_first_cell(page, editor, wait_for=".summarize-corpus-view")
            explorer = panel.locator(".summarize-explorer")
            explorer.locator(".summarize-summary").wait_for(state="visible")
            assert explorer.locator(".sz-unsupported").count() == 0

            # drive the threshold slider from its editable readout
            readout = explorer.locator(".summarize-threshold .widget-readout")
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("0.95")
            page.keyboard.press("Enter")
            deadline = time.monotonic() + 60
            while explorer.locator(".sz-unsupported").count() != expect_flagged:
                assert time.monotonic() < deadline, "the threshold never re-scored the summary"
                page.wait_for_timeout(250)
            assert "threshold 0.95" in explorer.inner_text()
            widths = explorer.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert widths[0] <= widths[1], f"the explorer scrolls sideways: {widths}"

            # the corpus view: worst article first; picking one opens its side-by-side view
            view = panel.locator(".summarize-corpus-view")
            options = view.locator(".summarize-corpus-pick select option")
            assert options.first.inner_text().startswith("tram")
            view.locator(".summarize-corpus-pick select").select_option(index=0)
            view.locator(".summarize-compare").wait_for(state="visible")
            assert view.locator(".sz-card").count() == 2
            assert "tram" in view.locator(".summarize-compare").inner_text()
            # the filter narrows the list; a single match opens at once
            box = view.locator(".summarize-corpus-filter input")
            box.fill("mountain")
            box.press("Enter")
            deadline = time.monotonic() + 60
            while "Article frog" not in view.inner_text():
                assert time.monotonic() < deadline, "filtering never opened the article"
                page.wait_for_timeout(250)
            assert options.count() == 1
            # no horizontal scroll inside the output at 1,024 px
            widths = view.evaluate("e => [e.scrollWidth, e.clientWidth]")
            wide = view.evaluate("""e => { const r = e.getBoundingClientRect().right;
                return [...e.querySelectorAll('*')]
                  .filter(c => c.getBoundingClientRect().right > r + 0.5)
                  .slice(0, 5).map(c => c.className + ' ' + c.getBoundingClientRect().width); }""")
            assert widths[0] <= widths[1], (widths, wide)
        finally:
            browser.close()
