"""`make lab` as a user meets it: JupyterLab in a real Chromium, nbgrader menus, no news prompt."""

from __future__ import annotations

import json
import urllib.error

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import TOKEN, get, start_kernel, stop_kernel

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_news_prompt_is_switched_off(lab: str):
    """overrides.json turns the defaults off, so JupyterLab never asks or calls out for news."""
    url = f"{lab}/lab/api/settings/@jupyterlab/apputils-extension:notification"
    properties = json.loads(get(url))["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false"
    assert properties["checkForUpdates"]["default"] is False


def test_lab_opens_on_the_notebooks_folder(page: Page):
    listing = page.locator(".jp-DirListing-content")
    expect(listing).to_contain_text("00-welcome.ipynb", timeout=30_000)


def _nbgrader_menu(page: Page) -> str:
    page.locator(".lm-MenuBar-content").get_by_text("Nbgrader", exact=True).click()
    menu = page.locator(".lm-Menu").last
    expect(menu).to_be_visible()
    text = menu.inner_text()
    page.keyboard.press("Escape")
    return text


def test_the_student_lab_has_no_formgrader_or_create_assignment(page: Page, lab: str):
    assert "Formgrader" not in _nbgrader_menu(page)
    expect(page.get_by_role("tab", name="Create Assignment")).to_have_count(0)
    with pytest.raises(urllib.error.HTTPError):
        get(f"{lab}/formgrader")


def test_the_instructor_lab_has_every_nbgrader_tool(instructor_lab: str, browser: Browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{instructor_lab}/?token={TOKEN}")
    page.wait_for_selector(".jp-LabShell", timeout=60_000)
    assert "Formgrader" in _nbgrader_menu(page)
    expect(page.get_by_text("Create Assignment").first).to_be_attached()
    page.close()


def test_a_notebook_opens_on_its_started_kernel_when_the_page_cannot_start_one(lab, browser):
    """What failed under load: a page that starts its own kernel and gets an error (a slow
    server) shows JupyterLab's modal "Error Starting Kernel" dialog, which swallows the Run
    menu click. The tests start the kernel session first, so the page never has to."""
    name = "05-self-care.ipynb"
    start_kernel(lab, f"notebooks/{name}")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    def busy(route):
        if route.request.method == "POST":
            route.fulfill(status=500, body='{"message": "server busy"}')
        else:
            route.continue_()

    page.route("**/api/sessions*", busy)
    try:
        page.goto(f"{lab}/lab/tree/notebooks/{name}?reset&token={TOKEN}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=120_000)
        expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=120_000)
        expect(page.locator(".jp-Dialog")).to_have_count(0)
    finally:
        page.close()
        stop_kernel(lab, f"notebooks/{name}")
