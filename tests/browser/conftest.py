"""The browser tier's fixtures: JupyterLab started through `make lab`, and Debian's Chromium.

Every lab serves a temporary copy of the course (``make lab LAB_ROOT=...``), so nothing a
test does in the lab, autosave included, can change a tracked file. Tests wait for states,
never for time: a notebook is opened only once the server has its kernel started and idle,
and Run All is done when every code cell has run and the kernel is idle again. Every server a
test starts is stopped with SIGTERM and a deadline, and whatever is left of its process tree
(kernels included) is killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "alsedu-browser-test"
#: How long a server may take to start or stop, and a kernel to start, on a loaded machine.
START_S = 120
STOP_S = 30
#: What each role's lab serves: a copy of these (the instructor also needs the course files).
SERVED = {
    "student": ("notebooks",),
    "instructor": ("notebooks", "source", "nbgrader_config.py"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, method: str = "GET", body: dict | None = None) -> bytes:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": f"token {TOKEN}", "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def get(url: str) -> bytes:
    return _request(url)


def wait_until(what: str, ready, timeout_s: float = START_S, every_s: float = 0.25):
    """Poll ``ready()`` until it returns something truthy; fail naming ``what`` after the
    deadline. The deadline is generous: it only bounds a run that will never succeed."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = ready()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(every_s)


def stop_process_tree(proc: subprocess.Popen, first: int = signal.SIGTERM) -> int | None:
    """Stop a server and everything it started: ``first`` to its process group, a deadline,
    then SIGKILL to whatever of its tree is left (kernels run in sessions of their own).
    Return the server's exit code, or None when it had to be killed."""
    try:
        tree = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        tree = []
    code: int | None
    try:
        os.killpg(proc.pid, first)
        code = proc.wait(timeout=STOP_S)
    except ProcessLookupError:
        code = proc.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        code = None
    for child in [psutil.Process(proc.pid), *tree] if code is None else tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(tree, timeout=STOP_S)
    if code is None:
        proc.wait(timeout=STOP_S)
    return code


def _course_copy(role: str, tmp: Path) -> Path:
    for name in SERVED[role]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp / name, ignore=shutil.ignore_patterns(".ipynb_*"))
        else:
            shutil.copy(source, tmp / name)
    return tmp


def _serve(role: str, tmp: Path) -> Iterator[str]:
    """Start JupyterLab through `make lab ROLE=...`, as the README says, on a copy of the
    course; stop it and its kernels after."""
    port = _free_port()
    args = f"--no-browser --IdentityProvider.token={TOKEN}"
    served = _course_copy(role, tmp)
    log = tmp / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"ROLE={role}", f"PORT={port}",
             f"LAB_ROOT={served}", f"LAB_ARGS={args}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:

        def answers() -> bool:
            if proc.poll() is not None:
                pytest.fail(f"make lab stopped:\n{log.read_text()}")
            return bool(get(f"{base}/api/status"))

        wait_until("make lab to serve JupyterLab", answers)
        yield base
    finally:
        stop_process_tree(proc)


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The student's lab, as `make lab` serves it."""
    yield from _serve("student", tmp_path_factory.mktemp("student-lab"))


@pytest.fixture(scope="module")
def instructor_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The instructor's lab, as `make lab ROLE=instructor` serves it."""
    yield from _serve("instructor", tmp_path_factory.mktemp("instructor-lab"))


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


# ---------------------------------------------------------------- notebooks and kernels


def _kernel(lab: str, kernel_id: str) -> dict:
    return json.loads(get(f"{lab}/api/kernels/{kernel_id}"))


def start_kernel(lab: str, path: str) -> str:
    """Start (or find) the notebook's kernel session on the server; return the kernel's id.

    The page then joins a running kernel instead of choosing and starting one itself, which
    on a loaded machine can leave it with no kernel (and a dialog) when Run All is chosen.
    The kernel reports idle once a client has asked it for its info (the page does).
    """
    body = {
        "path": path,
        "name": Path(path).name,
        "type": "notebook",
        "kernel": {"name": "python3"},
    }
    session = json.loads(_request(f"{lab}/api/sessions", "POST", body))
    return session["kernel"]["id"]


def stop_kernel(lab: str, path: str) -> None:
    """Shut the notebook's session down, so kernels do not pile up across tests."""
    for session in json.loads(get(f"{lab}/api/sessions")):
        if session["path"] == path:
            _request(f"{lab}/api/sessions/{session['id']}", "DELETE")


def open_notebook(browser: Browser, lab: str, name: str) -> Page:
    """A new page with ``notebooks/<name>`` open, its kernel started, idle and connected."""
    path = f"notebooks/{name}"
    kernel_id = start_kernel(lab, path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/{urllib.parse.quote(path)}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=START_S * 1000)
    wait_until(
        f"the page to connect to the kernel of {name}, and the kernel to be idle",
        lambda: (
            (k := _kernel(lab, kernel_id))["connections"] >= 1 and k["execution_state"] == "idle"
        ),
    )
    no_dialog(page)
    return page


def no_dialog(page: Page) -> None:
    """Fail with its words if JupyterLab shows a dialog: it would swallow every click."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        pytest.fail(f"JupyterLab shows a dialog: {dialog.first.inner_text()!r}")


def _all_cells_ran(page: Page) -> bool:
    """Every code cell shows an execution count: none waits (``[ ]``) or runs (``[*]``)."""
    prompts = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt"
    ).all_inner_texts()
    return bool(prompts) and all(p.strip()[1:-2].isdigit() for p in prompts if p.strip())


def run_all(page: Page, lab: str, name: str, shown: Locator) -> None:
    """Run All from the Run menu, as a student does; wait until every cell has run, the
    kernel is idle and ``shown`` is on screen."""
    no_dialog(page)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    wait_until(f"every cell of {name} to run", lambda: _all_cells_ran(page) or no_dialog(page))
    sessions = json.loads(get(f"{lab}/api/sessions"))
    kernel_id = next(s["kernel"]["id"] for s in sessions if s["path"] == f"notebooks/{name}")
    wait_until(
        f"the kernel of {name} to be idle after Run All",
        lambda: _kernel(lab, kernel_id)["execution_state"] == "idle",
    )
    expect(shown.first).to_be_visible(timeout=START_S * 1000)
