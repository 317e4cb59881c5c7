"""The study app in Voilà and Chromium, as a learner meets it after ``alsedu study``.

The app is started with ``python -m alsedu study --port N`` on a free port with its own empty
progress store, and stopped with Ctrl-C. Every page loads, renders its widgets (never "Error
displaying widget"), shows no code and no error, passes axe-core (no serious or critical
WCAG 2 A/AA violation), and asks nothing of any address but 127.0.0.1. A practice answer on
a module page then shows on the dashboard. A screenshot of each page goes to
test-artefacts/screenshots/study-<page>.png.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from alsedu import load_bank
from alsedu.study import DASHBOARD, REVIEW, WELCOME, study_pages, welcome_url

from .conftest import ROOT, _free_port, stop_process_tree

SHOTS = ROOT / "test-artefacts" / "screenshots"
ANSWERED = re.compile(r"(Correct|Not quite|Not yet)")
#: What shows that code or an error reached the page.
CODE = ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor"
STDERR = "[data-mime-type='application/vnd.jupyter.stderr']"
ERRORS = ("Error displaying widget", "Traceback", "There was an error when executing cell")
#: The tallest full-page screenshot, in CSS pixels (Voilà scrolls inside the page).
SHOT_MAX_HEIGHT = 12_000

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _widgets(name: str) -> tuple[str, ...]:
    """The widgets a page must render, by their CSS class."""
    if name == WELCOME:
        return ()
    if name == REVIEW:
        return (".alsedu-review",)
    if name == DASHBOARD:
        return (".alsedu-dashboard",)
    return (".alsedu-widget", ".alsedu-practice", ".alsedu-review")


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as ``alsedu study`` serves it, with an empty progress store; Ctrl-C after."""
    port = _free_port()
    tmp = tmp_path_factory.mktemp("study")
    log = tmp / "serve.log"
    env = {**os.environ, "ALSEDU_HOME": str(tmp / "home")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "alsedu", "study", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_as_in_a_terminal,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(welcome_url(port), proc, log)
        yield base
    finally:
        # Ctrl-C in a terminal reaches the whole group; if the app ignored it, it is still
        # stopped (SIGKILL after the deadline, kernels included) and the test fails.
        code = stop_process_tree(proc, first=signal.SIGINT)
    assert code == 0 and "has stopped" in log.read_text(), log.read_text()


def _as_in_a_terminal() -> None:
    """Let the app take Ctrl-C as it would in a terminal: a background job (``make test &``)
    starts with SIGINT ignored, and a child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    """Wait for the app to print its address, as a learner does (it prints once it answers)."""
    deadline = time.monotonic() + 60
    while url not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the study app did not start:\n{log.read_text()}")
        time.sleep(0.3)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test if it asks anything of another machine."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def watch(request) -> None:
        url = urlparse(request.url)
        if url.scheme not in {"data", "blob"} and url.hostname != "127.0.0.1":
            outside.append(request.url)

    page.on("request", watch)
    yield page
    page.close()
    assert not outside, f"requests left the machine: {outside}"


def _open(page: Page, base: str, name: str) -> None:
    """Load a page and wait for Voilà to show it, with every widget drawn."""
    page.goto(f"{base}/voila/render/{name}", timeout=60_000)
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=60_000)
    for selector in _widgets(name):
        expect(page.locator(selector).first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Loading widget...")).to_have_count(0, timeout=30_000)


def _shot(page: Page, name: str) -> None:
    """The whole page: Voilà scrolls inside it, so the window is made as tall as the text."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.locator("#rendered_cells").evaluate("e => e.scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(height, SHOT_MAX_HEIGHT)})
    page.screenshot(path=str(SHOTS / f"study-{name.removesuffix('.ipynb')}.png"))


@pytest.mark.parametrize("name", list(study_pages()))
def test_every_page_renders_its_widgets_without_code_or_errors(study: str, tab: Page, name):
    _open(tab, study, name)
    assert tab.locator(CODE).count() == 0
    assert tab.locator(STDERR).count() == 0, tab.locator(STDERR).first.inner_text()
    for error in ERRORS:
        assert tab.get_by_text(error).count() == 0, error
    if name == WELCOME:
        for other in set(study_pages()) - {WELCOME}:
            expect(tab.locator(f"a[href='{other}']").first).to_be_visible()
    else:
        expect(tab.locator(".widget-button").first).to_be_visible()
    module = next((m for m in load_bank().modules.values() if m.file == name), None)
    if module:
        expect(tab.locator(".alsedu-widget")).to_have_count(len(module.scenarios))
    _accessible(tab)
    _shot(tab, name)


def _accessible(page: Page) -> None:
    """axe-core finds no serious or critical WCAG 2 A/AA violation in the page's content."""
    results = Axe().run(
        page,
        context={"include": [["#rendered_cells"]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}},
    )
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, results.generate_report()


def test_a_practice_answer_shows_on_the_dashboard(study: str, tab: Page):
    _open(tab, study, DASHBOARD)
    expect(tab.get_by_text("Practice answers recorded: 0")).to_be_visible()
    _open(tab, study, WELCOME)
    first = next(iter(load_bank().modules.values()))
    tab.get_by_role("link", name=first.title).click()  # the welcome's link works in the app
    tab.wait_for_url(f"**/voila/render/{first.file}")
    expect(tab.locator(".alsedu-practice").first).to_be_visible(timeout=60_000)
    practice = tab.locator(".widget-vbox").filter(has_text=re.compile("Question 1 of")).last
    practice.scroll_into_view_if_needed()
    practice.get_by_role("radio").first.check()
    practice.get_by_role("button", name="Check").click()
    expect(practice.locator(".alsedu-feedback [role='status']")).to_have_text(ANSWERED)
    expect(tab.get_by_text("Saved to your progress")).to_be_visible()
    _open(tab, study, DASHBOARD)
    expect(tab.get_by_text("Practice answers recorded: 1")).to_be_visible()
