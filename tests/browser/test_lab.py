"""`make lab` as a user meets it: JupyterLab in a real Chromium, nbgrader menus, no news prompt."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from .conftest import get

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


def test_nbgrader_tools_are_there_for_the_instructor(page: Page):
    expect(page.locator(".lm-MenuBar-content")).to_contain_text("Nbgrader", timeout=30_000)
