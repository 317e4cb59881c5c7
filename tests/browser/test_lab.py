"""`make lab` as a user meets it: JupyterLab in a real Chromium, nbgrader menus, no news prompt."""

from __future__ import annotations

import json
import urllib.error

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import TOKEN, get

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
