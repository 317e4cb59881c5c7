"""The browser tier's fixtures: JupyterLab started through `make lab`, and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "alsedu-browser-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def _serve(role: str) -> Iterator[str]:
    """Start JupyterLab through `make lab ROLE=...`, exactly as the README says; stop it after."""
    port = _free_port()
    args = f"--no-browser --IdentityProvider.token={TOKEN}"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"ROLE={role}", f"PORT={port}", f"LAB_ARGS={args}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(f"{base}/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read() if proc.stdout else ""
                    pytest.fail(f"make lab did not serve JupyterLab:\n{output}")
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture(scope="session")
def lab() -> Iterator[str]:
    """The student's lab, as `make lab` serves it."""
    yield from _serve("student")


@pytest.fixture(scope="module")
def instructor_lab() -> Iterator[str]:
    """The instructor's lab, as `make lab ROLE=instructor` serves it."""
    yield from _serve("instructor")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed: make test installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(lab: str, browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{lab}/?token={TOKEN}")  # the root redirects to the default URL
    page.wait_for_selector(".jp-LabShell", timeout=60_000)
    yield page
    page.close()


def run_all_until(page: Page, shown: Locator, tries: int = 3) -> None:
    """Run All, and again if nothing ran: on a cold start the first request can be lost.

    A kernel that is still connecting can drop Run All silently (the cells stay ``[ ]``);
    running a pure notebook again is harmless, so retry a few times before failing.
    """
    for attempt in range(tries):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            expect(shown.first).to_be_visible(timeout=30_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise
