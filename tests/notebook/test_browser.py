"""End to end in a real browser: JupyterLab on localhost, headless Debian Chromium via Playwright.

The test starts JupyterLab (free port, random token, isolated config dirs) on a notebook it
writes, runs the explorer cell, changes the method and then the length unit in the widgets, and
checks that the summary shown in the page changes to what ``summarize()`` gives for those
settings. It needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; ``.ci/run`` installs
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


def _notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from summarize import explore\n"
            f"ARTICLE = {ARTICLE!r}\n"
            'ui = explore(ARTICLE, methods=["lead", "textrank", "lexrank"], method="lead", '
            "length=1)\nui"
        )
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))


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


def _wait_for_kernel(base: str, token: str, timeout_s: float = 90) -> None:
    """Until the notebook's kernel is started, idle and connected to the page."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        req = urllib.request.Request(f"{base}/api/sessions",
                                     headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            sessions = json.load(r)
        kernels = [s.get("kernel") or {} for s in sessions]
        if any(k.get("execution_state") == "idle" and k.get("connections", 0) > 0
               for k in kernels):
            return
        time.sleep(0.5)
    raise AssertionError(f"the notebook kernel never became ready: {sessions!r}")


def _run_first_cell(page, editor, attempts: int = 4) -> None:
    """Shift+Enter on the explorer cell; retried while the front end was not ready for it."""
    for _ in range(attempts):
        editor.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.locator(".summarize-explorer").wait_for(state="visible", timeout=20_000)
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
