"""Every course notebook in a real JupyterLab and Chromium, as a student meets it.

Each notebook is opened, run with Run All, and must show no error output, render its widgets
(never "Error displaying widget"), answer a click on one of its controls, and pass axe-core:
no serious or critical WCAG 2 A/AA violation in its outputs. One practice question is
answered, checked and moved on from with the keyboard alone. A screenshot of each notebook
goes to test-artefacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from alsedu import load_bank
from alsedu.notebooks import NOTEBOOKS

from .conftest import ROOT, open_notebook, run_all, stop_kernel

SHOTS = ROOT / "test-artefacts" / "screenshots"
OUTPUT = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
WIDGET = ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-box"
SERIOUS = {"serious", "critical"}
ANSWERED = re.compile(r"(Correct|Not quite|Not yet)")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def notebook(lab: str, browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page with one notebook open and run (Run All), its widgets on screen."""
    name = request.param
    page = open_notebook(browser, lab, name)
    try:
        run_all(page, lab, name, page.locator(WIDGET))
        yield page
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name.removesuffix('.ipynb')}.png"))
    finally:
        page.close()
        stop_kernel(lab, f"notebooks/{name}")


def _top_shot(page: Page, name: str) -> None:
    """A second screenshot from the top of the notebook, as a student first sees it."""
    page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell"
    ).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name.removesuffix('.ipynb')}-top.png"))


def _no_errors(page: Page) -> None:
    outputs = page.locator(OUTPUT)
    assert outputs.count() > 0
    errors = page.locator(f"{OUTPUT}[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.get_by_text("Traceback").count() == 0
    assert page.get_by_text("Error displaying widget").count() == 0


def _use_a_control(page: Page, name: str) -> None:
    """Click one control and see the feedback change, as a student would."""
    if name == "00-welcome.ipynb":
        start = page.get_by_label("Start from").first
        start.scroll_into_view_if_needed()
        start.select_option(label=load_bank().cases["case-jon"].title)
        expect(page.locator(OUTPUT).filter(has_text="POSTPONE").first).to_be_visible()
    elif name == "06-capstone.ipynb":
        groups = page.locator(f"{OUTPUT} .widget-radio-box")
        groups.nth(0).get_by_role("radio").first.check()  # go ahead as usual
        groups.nth(1).get_by_role("radio").first.check()  # no referral
        page.get_by_label("Highest pressure anywhere:").first.select_option(label="Walton level 3")
        page.get_by_role("button", name="Compare with the plan").first.click()
        expect(page.locator(OUTPUT).filter(has_text=" match").first).to_be_visible()
    else:
        practice = _practice(page)
        practice.scroll_into_view_if_needed()
        practice.get_by_role("radio").first.check()
        practice.get_by_role("button", name="Check").click()
        expect(practice.get_by_text("Correct").or_(practice.get_by_text("Not "))).not_to_have_count(
            0
        )


def _feedback(practice: Locator) -> Locator:
    """The line that says, in words, how the answer went."""
    return practice.locator(".alsedu-feedback [role='status']")


def _practice(page: Page) -> Locator:
    """The module's practice set: the widget that says which question of how many is shown."""
    shown = page.locator(f"{OUTPUT} .widget-vbox").filter(has_text=re.compile("Question 1 of"))
    return shown.last  # (case-sensitive: not the review's "question 1 of")


def _tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def _accessible(page: Page) -> None:
    results = Axe().run(
        page,
        context={"include": [[OUTPUT]]},
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}},
    )
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, results.generate_report()


@pytest.mark.parametrize("notebook", list(NOTEBOOKS), indirect=True)
def test_notebook_runs_renders_answers_and_is_accessible(notebook: Page, request):
    name = request.node.callspec.params["notebook"]
    _no_errors(notebook)
    SHOTS.mkdir(parents=True, exist_ok=True)
    _top_shot(notebook, name)
    _use_a_control(notebook, name)
    _accessible(notebook)


@pytest.mark.parametrize("notebook", ["01-signs-and-symptoms.ipynb"], indirect=True)
def test_a_practice_question_with_the_keyboard_alone(notebook: Page):
    practice = _practice(notebook)
    practice.scroll_into_view_if_needed()
    first = practice.get_by_role("radio").first
    first.focus()
    notebook.keyboard.press("Space")
    expect(first).to_be_checked()
    _tab_to(notebook, practice.get_by_role("button", name="Check"))
    notebook.keyboard.press("Enter")
    expect(_feedback(practice)).to_have_text(ANSWERED)
    _tab_to(notebook, practice.get_by_role("button", name="Next"))
    notebook.keyboard.press("Enter")
    expect(notebook.get_by_text("Question 2 of").first).to_be_visible()
