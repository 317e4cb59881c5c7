"""Benchmark: ``alsedu course autograde --jobs 2`` against ``nbgrader autograde`` (serial).

A scratch course with one quiz (quiz-treatment) and a class of 40 synthetic students with
mixed answers is graded three times from the same starting point: by ``nbgrader autograde``
(serial), by ``alsedu course autograde --jobs 2`` and by ``--jobs 1``, each a new process as
an instructor would run it. Prints the times, the speed-up of 2 jobs over nbgrader (goal:
1.8 or more) and the overhead of ``--jobs 1``, and whether the three gradebooks hold the
same scores. It prints figures and never fails. Takes a few minutes.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
QUIZ = "quiz-treatment"
STUDENTS = 40
GOAL_SPEEDUP = 1.8  # issue 10: two jobs grade at least 1.8 times as fast as nbgrader
SEED = 10
#: Share of answers typed right, typed wrong; the rest are left blank.
RIGHT, WRONG = 0.6, 0.25
BIN = Path(sys.executable).parent  # nbgrader runs `alembic`: the venv's bin goes on PATH


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def build_class(root: Path) -> None:
    """The quiz generated in a scratch course and 40 submissions handed in."""
    shutil.copytree(ROOT / "source" / QUIZ, root / "source" / QUIZ)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    subprocess.run(
        [str(BIN / "alsedu"), "course", "generate", QUIZ, "--root", str(root)],
        check=True, capture_output=True, env=_env(),
    )  # fmt: skip
    source = nbformat.read(root / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    keys = {
        cell.id.replace("_test", "_answer"): match.group(1)
        for cell in source.cells
        if (match := re.search(r'key="([^"]*)"', cell.source))
    }
    release = nbformat.read(root / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    rng = random.Random(SEED)
    for n in range(1, STUDENTS + 1):
        nb = nbformat.from_dict(release)
        for cell in nb.cells:
            draw = rng.random()
            if cell.id in keys and draw < RIGHT + WRONG:
                key = keys[cell.id]
                typed = key if draw < RIGHT else next(x for x in "abcd" if x not in key)
                head, _, tail = cell.source.rpartition("None")
                cell.source = f"{head}{typed!r}{tail}"
            elif cell.id.endswith("_written") and draw < RIGHT:
                cell.source = "Keep pressure light and ask the client's team first."
        folder = root / "submitted" / f"student{n:02d}" / QUIZ
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{QUIZ}.ipynb")


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one command in a new process (its exit code is not checked)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, env=_env())
    return time.perf_counter() - start


def main() -> None:
    from alsedu.instructor import gradebook_snapshot

    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        pristine = Path(tmp) / "pristine"
        build_class(pristine)
        runs = {
            "nbgrader autograde (serial)": [str(BIN / "nbgrader"), "autograde", QUIZ],
            "alsedu course autograde --jobs 2": [
                str(BIN / "alsedu"), "course", "autograde", QUIZ, "--jobs", "2",
            ],
            "alsedu course autograde --jobs 1": [
                str(BIN / "alsedu"), "course", "autograde", QUIZ, "--jobs", "1",
            ],
        }  # fmt: skip
        seconds, books = {}, {}
        for name, command in runs.items():
            course = Path(tmp) / f"run{len(seconds)}"
            shutil.copytree(pristine, course)  # the same starting point each time
            seconds[name] = timed(command, course)
            books[name] = gradebook_snapshot(f"sqlite:///{course / 'gradebook.db'}", QUIZ)
        serial, two, one = seconds.values()
        print(f"{STUDENTS} submissions of {QUIZ}, {os.cpu_count()} CPUs")
        for name, value in seconds.items():
            print(f"  {name:36} {value:6.1f} s  ({value / STUDENTS:.2f} s per student)")
        speedup = serial / two
        print(f"  speed-up of 2 jobs over nbgrader     {speedup:6.2f}x  (goal >= {GOAL_SPEEDUP}x, "
              f"ratio {speedup / GOAL_SPEEDUP:.2f})")  # fmt: skip
        print(f"  overhead of --jobs 1 over nbgrader   {100 * (one / serial - 1):+6.1f} %")
        first = next(iter(books.values()))
        same = all(book == first for book in books.values())
        graded = sum(1 for entry in first.values() if entry["max_score"])
        print(f"  gradebooks identical: {'yes' if same else 'NO'} ({graded} submissions each)")


if __name__ == "__main__":
    main()
