"""nbgrader's exchange end to end: the instructor releases, a student fetches and submits, the
instructor collects and autogrades. Everything through nbgrader's own commands, in a scratch
course with its own exchange folder."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "quiz-treatment"

pytestmark = pytest.mark.slow


def nbgrader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an nbgrader command in ``cwd`` (the instructor's course, or the student's home)."""
    result = subprocess.run(
        ["nbgrader", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"nbgrader {args[0]}: {result.stdout}\n{result.stderr}"
    return result


def test_release_fetch_submit_collect_autograde(tmp_path: Path):
    if shutil.which("alembic") is None:
        pytest.fail("nbgrader runs `alembic`: put the venv's bin on PATH")
    # nbgrader names a submission after the operating-system account that submits it
    student = pwd.getpwuid(os.getuid()).pw_name
    course, home, exchange = tmp_path / "course", tmp_path / "home", tmp_path / "exchange"
    for folder in (course, home, exchange):
        folder.mkdir()
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    exchange.chmod(0o777)
    where = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=alsedu"]

    nbgrader("generate_assignment", ASSIGNMENT, *where, cwd=course)
    nbgrader("release_assignment", ASSIGNMENT, *where, cwd=course)

    nbgrader("fetch_assignment", ASSIGNMENT, *where, cwd=home)
    fetched = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    notebook = nbformat.read(fetched, as_version=4)
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    # answer the first choice item with the solution's own line, leave the rest blank
    answered = 0
    for cell, solution in zip(notebook.cells, source.cells, strict=True):
        if cell.metadata["nbgrader"].get("solution") and cell.cell_type == "code":
            cell.source = solution.source.replace("### BEGIN SOLUTION\n", "").replace(
                "### END SOLUTION\n", ""
            )
            answered += 1
            break
    assert answered == 1
    nbformat.write(notebook, fetched)
    nbgrader("submit", ASSIGNMENT, *where, cwd=home)

    nbgrader("collect", ASSIGNMENT, *where, cwd=course)
    assert (course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    nbgrader("autograde", ASSIGNMENT, "--create", *where, cwd=course)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        assert 0 < submission.score < submission.max_score  # one item right, the rest blank
