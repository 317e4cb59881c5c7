"""A learner's evening in the real lab: practise, see it saved, review what is due, see the
dashboard change, read the same figures from ``alsedu progress``, and follow the dashboard's
link to the module that teaches a weak bullet.

The lab is the one `make lab` serves (the session's ``lab`` fixture); its kernels keep their
answers in the test run's ``ALSEDU_HOME`` (see the root conftest), which this test reads.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from alsedu import ProgressStore, load_bank

from .conftest import ROOT, open_notebook, run_all, start_kernel, stop_kernel

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OUTPUT = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
SHOTS = ROOT / "test-artefacts" / "screenshots"
BANK = load_bank()


def open_and_run(browser: Browser, lab: str, name: str, shown: str) -> Page:
    page = open_notebook(browser, lab, name)
    run_all(page, lab, name, page.locator(f"{OUTPUT} {shown}"))
    return page


def test_practise_review_and_see_it_on_the_dashboard_and_in_alsedu_progress(lab, browser):
    store = ProgressStore()
    served = BANK.module_practice("contraindications")
    first = served[0]
    due = next(q for q in reversed(served) if q.kind == "single")  # missed two days ago
    wrong = next(c.id for c in due.choices if not c.correct)
    store.record(due.id, [wrong], False, 0.0, at=datetime.now(UTC) - timedelta(days=2))
    before = store.count()

    page = open_and_run(browser, lab, "02-contraindications.ipynb", ".alsedu-review")
    practice = page.locator(f"{OUTPUT} .widget-vbox").filter(has_text=re.compile("Question 1 of"))
    practice = practice.last
    practice.scroll_into_view_if_needed()
    practice.get_by_role("radio").first.check()
    practice.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Saved to your progress on this computer").first).to_be_visible()
    latest = store.answers()[-1]
    assert (latest.question_id, latest.source, store.count()) == (first.id, "module", before + 1)

    review = page.locator(f"{OUTPUT} .alsedu-review").first
    review.scroll_into_view_if_needed()
    expect(review.get_by_text("Review: question 1 of 1 due now")).to_be_visible()
    right = next(c for c in due.choices if c.correct)
    review.get_by_role("radio", name=right.text).check()
    review.get_by_role("button", name="Check").click()
    expect(review.get_by_text("Review done: 1 of 1 right")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "journey-review.png"))
    page.close()
    stop_kernel(lab, "notebooks/02-contraindications.ipynb")
    latest = store.answers()[-1]
    assert (latest.question_id, latest.correct, latest.source) == (due.id, True, "review")

    progress = subprocess.run(
        [sys.executable, "-m", "alsedu", "progress", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(progress.stdout)
    assert report["answers"] == store.count()
    section = {s["id"]: s for s in report["sections"]}["contraindications"]
    assert section["answered"] >= 2 and section["mastery"] > 0

    page = open_and_run(browser, lab, "00-welcome.ipynb", ".alsedu-dashboard")
    board = page.locator(f"{OUTPUT} .alsedu-dashboard").first
    board.scroll_into_view_if_needed()
    expect(board.get_by_text(f"Practice answers recorded: {store.count()}")).to_be_visible()
    page.screenshot(path=str(SHOTS / "journey-dashboard.png"))
    weakest = board.locator("a[href='01-signs-and-symptoms.ipynb']").last  # "work on these next"
    start_kernel(lab, "notebooks/01-signs-and-symptoms.ipynb")
    weakest.click()
    page.wait_for_url("**/lab/tree/notebooks/01-signs-and-symptoms.ipynb*", timeout=120_000)
    expect(page.locator(".jp-NotebookPanel .jp-Notebook").first).to_be_visible(timeout=120_000)
    page.close()
    for name in ("00-welcome.ipynb", "01-signs-and-symptoms.ipynb"):
        stop_kernel(lab, f"notebooks/{name}")
