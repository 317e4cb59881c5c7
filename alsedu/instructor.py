"""``alsedu course generate|release|collect|feedback|autograde``: nbgrader's own steps, run
with this course's settings (``nbgrader_config.py`` of ``--root``, the gradebook of ``--db``).

generate, release, collect and feedback call :class:`nbgrader.apps.NbGraderAPI` once and turn
its result into one line. ``autograde ASSIGNMENT --jobs N`` grades the submissions in N worker
processes and writes exactly what ``nbgrader autograde`` run serially writes.

How the parallel autograde works, and why
-----------------------------------------
nbgrader grades a submission in two passes: a sanitize pass (outputs cleared, locked cells
and hidden tests restored from the gradebook) and a grade pass (the notebook run in a fresh
kernel, then scores, comments and late penalties saved to the gradebook, one commit per
cell). Running the kernel is most of the time: 1.0 of the 1.3 s a quiz notebook takes.

* Workers run only the kernels, and never touch the real gradebook. Each student's
  submission is copied into a private scratch course whose SQLite gradebook holds nothing
  but the assignment's cells (copied through nbgrader's ``Gradebook``); nbgrader's
  ``Autograde`` runs there, its grade pass cut off right after the execute step.
* The parent process then runs ``NbGraderAPI.autograde(assignment, student)`` for that
  student against the real gradebook, as soon as the worker is done, one student at a
  time; the execute step is swapped for one that takes the worker's executed notebook when
  its cells are exactly the ones just sanitised (and runs the kernel itself otherwise). So
  every gradebook row is written by nbgrader's own code, in one process, in the order a
  serial run would write it: SQLite never sees two writers, PostgreSQL works the same way,
  and an interrupted run (Ctrl-C: exit code 130) leaves what an interrupted ``nbgrader
  autograde`` leaves.

Measured on 2 cores with ``benchmarks/bench_autograde.py`` (40 quiz submissions): nbgrader
serially 54 s, ``--jobs 2`` 27 s (2.0 times as fast), identical gradebooks; ``--jobs 1``
5 % slower than nbgrader. The parent's share is 0.3 s per student, so on 2 cores the
workers' share had to shrink too: they skip the sanitize pass's pure check
(``CheckCellMetadata``, which the parent's pass makes anyway) and stop each kernel at once
after its last cell instead of waiting for a polite shutdown (0.2 s of CPU and 0.2 s of
waiting per notebook; the outputs are all in by then). That took 2 jobs from 1.5 to 2.0
times nbgrader's speed. The alternatives were worse: ``NbGraderAPI.autograde`` in several
processes against one SQLite file needs a lock around a whole student (nbgrader writes
during both passes, and even its read-only steps open the gradebook in a way that can write
the course row), which makes it serial again; grading each student fully in a scratch
gradebook and copying scores back means re-implementing nbgrader's rules for manual grades
and late penalties. Workers are forked on Linux (nbgrader takes 2.7 s to import); the
scratch gradebooks are created from nbgrader's table definitions, skipping its 3 s
``alembic`` check.

``--jobs 1`` (or ``--student ID``) runs ``NbGraderAPI.autograde`` in this process, student by
student: plain ``nbgrader autograde --create`` plus this module's reporting. As ``nbgrader
autograde`` does, submissions already graded are skipped unless handed in again later
(``timestamp.txt``) or ``--force`` is given.

Broken submissions (no notebook, a file that is not a notebook, another assignment's
notebook, a notebook whose kernel dies, graded cells deleted) get one line each on stderr
and do not stop the others; the exit code is then 1. Bad input (unknown assignment or
student, no gradebook, a database that does not answer) gets one line and exit code 2,
before anything is written.
"""

from __future__ import annotations

import argparse
import copy
import glob
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SAWarning, SQLAlchemyError
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader
from traitlets.utils.importstring import import_item

from .errors import did_you_mean

EXIT_OK, EXIT_BROKEN, EXIT_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C
INTERRUPTED = "interrupted"  # a worker's answer when Ctrl-C reached it
#: Workers are forked on Linux (nbgrader takes 2.7 s to import), started afresh elsewhere.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
CONFIG_FILE = "nbgrader_config.py"
#: Characters of the progress bar drawn when stdout is a terminal.
BAR_WIDTH = 30
#: Missing graded cells named in one report line before "and N more".
CELLS_NAMED = 3
#: Longest nbgrader error shown on one line, in characters.
ERROR_CHARS = 200
_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*(?:Error|Exception|Exit)):\s*(.+)$")


class CourseError(Exception):
    """Bad input: one line for the instructor, exit code 2."""


class StepFailed(Exception):
    """nbgrader ran and refused: one line, exit code 1."""


# --- the course and its gradebook -----------------------------------------------------------


@dataclass(frozen=True)
class Course:
    """One course folder: its nbgrader settings, gradebook URL included."""

    root: Path
    config: Config

    def api(self, config: Config | None = None) -> Any:
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(config=config or self.config)

    def coursedir(self) -> Any:
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    @property
    def db_url(self) -> str:
        return self.coursedir().db_url

    def gradebook(self) -> Any:
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.coursedir().course_id)

    def sources(self) -> list[str]:
        """Assignments with a folder in source/."""
        coursedir = self.coursedir()
        found = glob.glob(coursedir.format_path(coursedir.source_directory, ".", "*"))
        return sorted(os.path.basename(path) for path in found if os.path.isdir(path))


def open_course(root: str, db: str | None) -> Course:
    """Load ``nbgrader_config.py`` of ``root`` with the root and gradebook URL set."""
    if shutil.which("alembic") is None:
        raise CourseError("nbgrader needs the `alembic` command: put the venv's bin on PATH")
    folder = Path(root).resolve()
    if not (folder / CONFIG_FILE).is_file():
        raise CourseError(f"no {CONFIG_FILE} in {folder}: is --root the course folder?")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
    config.CourseDirectory.root = str(folder)
    if db:
        config.CourseDirectory.db_url = _absolute(db)
    return Course(folder, config)


def _absolute(db: str) -> str:
    """A relative SQLite path read from the current folder (nbgrader opens the gradebook
    from the course folder, so a relative path would mean two different files)."""
    try:
        url = make_url(db)
    except ArgumentError:
        raise CourseError(f"--db {db!r} is not a database URL") from None
    path = url.database
    if url.get_backend_name() == "sqlite" and path and path != ":memory:":
        return url.set(database=str(Path(path).resolve())).render_as_string(hide_password=False)
    return db


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def check_gradebook(course: Course, *, exists: bool) -> None:
    """Fail with one line when the gradebook cannot be reached (or, with ``exists``, when a
    SQLite gradebook has not been created yet), before nbgrader would create or touch it."""
    try:
        url = make_url(course.db_url)
    except ArgumentError:
        raise CourseError(f"--db {course.db_url!r} is not a database URL") from None
    if url.get_backend_name() == "sqlite":
        if exists and not (url.database and Path(url.database).is_file()):
            raise CourseError(f"no gradebook at {url.database}: run `alsedu course generate` first")
        return
    try:
        engine = create_engine(course.db_url)
    except ImportError as error:
        raise CourseError(f"no database driver for {_shown(course.db_url)}: {error}") from None
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        shown = _shown(course.db_url)
        raise CourseError(f"the gradebook at {shown} does not answer: {reason}") from None
    finally:
        engine.dispose()


def _assignment(course: Course, name: str) -> str:
    """A name of source/, else one line listing the course's assignments."""
    known = course.sources()
    if name not in known:
        hint = did_you_mean(name, known)
        raise CourseError(f"unknown assignment {name!r}; {hint}the course has: {', '.join(known)}")
    return name


def graded_cells(course: Course, assignment: str) -> dict[str, set[str]]:
    """Notebook name -> names of its graded and task cells, from the gradebook."""
    from nbgrader.api import MissingEntry

    _assignment(course, assignment)
    with course.gradebook() as gradebook:
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise CourseError(
                f"{assignment} is not in the gradebook yet: "
                f"run `alsedu course generate {assignment}` first"
            ) from None
        return {
            nb.name: {c.name for c in nb.grade_cells} | {c.name for c in nb.task_cells}
            for nb in found.notebooks
        }


def gradebook_snapshot(db_url: str, assignment: str) -> dict[str, dict[str, Any]]:
    """Everything nbgrader's autograde writes for one assignment, per student: each grade
    (auto score, manual score, needs manual grading), each comment, late penalties and
    totals. Two gradings of the same submissions compare equal."""
    from nbgrader.api import Gradebook

    snapshot: dict[str, dict[str, Any]] = {}
    with Gradebook(db_url) as gradebook:
        for submission in gradebook.find_assignment(assignment).submissions:
            cells: dict[str, Any] = {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    cells[f"{nb.name}/{grade.name}"] = (
                        grade.auto_score,
                        grade.manual_score,
                        grade.needs_manual_grade,
                    )
                for comment in nb.comments:
                    cells[f"{nb.name}/{comment.name}/comment"] = comment.auto_comment
                cells[f"{nb.name}/late_penalty"] = nb.late_submission_penalty
            snapshot[submission.student.id] = {
                "cells": cells,
                "score": submission.score,
                "max_score": submission.max_score,
                "needs_manual_grade": submission.needs_manual_grade,
            }
    return snapshot


# --- nbgrader's answers in one line ---------------------------------------------------------


def error_line(result: Mapping[str, Any]) -> str:
    """nbgrader's reason for a failed step, in one line (its log and traceback are long)."""
    lines = (result.get("log", "") + "\n" + result.get("error", "")).splitlines()
    reasons = [m.groups() for m in map(_EXCEPTION_LINE.match, map(str.strip, lines)) if m]
    specific = [(kind, why) for kind, why in reasons if kind != "NbGraderException"]
    if specific:
        kind, why = specific[-1]
        text = f"{kind}: {why}"
    elif reasons:
        text = reasons[0][1]
    else:
        errors = [line[len("[ERROR] ") :] for line in lines if line.startswith("[ERROR] ")]
        text = errors[0] if errors else "nbgrader failed without saying why"
    text = " ".join(text.split())
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 3] + "..."


def _interrupted(result: Mapping[str, Any]) -> bool:
    """Ctrl-C during an nbgrader API call, which reports it as a failure."""
    return result.get("error", "").rstrip().endswith("KeyboardInterrupt")


def _checked(result: Mapping[str, Any], what: str) -> None:
    if _interrupted(result):
        raise KeyboardInterrupt
    if not result["success"]:
        raise StepFailed(f"nbgrader could not {what}: {error_line(result)}")


# --- generate, release, collect, feedback ---------------------------------------------------


def _generate(course: Course, args: argparse.Namespace) -> int:
    check_gradebook(course, exists=False)
    names = [_assignment(course, a) for a in args.assignments] or course.sources()
    if not names:
        raise CourseError(f"no assignments in {course.root / 'source'}")
    api = course.api()
    for name in names:
        _checked(api.generate_assignment(name, force=True, create=True), f"generate {name}")
        print(f"generated release/{name}")
    return EXIT_OK


def _release(course: Course, args: argparse.Namespace) -> int:
    name = _assignment(course, args.assignment)
    coursedir = course.coursedir()
    if not Path(coursedir.format_path(coursedir.release_directory, ".", name)).is_dir():
        raise CourseError(f"{name} has no release/ yet: run `alsedu course generate {name}`")
    _checked(course.api().release_assignment(name), f"release {name}")
    print(f"released {name} to the exchange")
    return EXIT_OK


def _collect(course: Course, args: argparse.Namespace) -> int:
    name = _assignment(course, args.assignment)
    _checked(course.api().collect(name), f"collect {name}")
    print(f"collected {len(submissions(course, name))} submissions of {name} into submitted/")
    return EXIT_OK


def _feedback(course: Course, args: argparse.Namespace) -> int:
    check_gradebook(course, exists=True)
    name = args.assignment
    graded_cells(course, name)
    _checked(course.api().generate_feedback(name), f"write feedback for {name}")
    print(f"wrote feedback for {name} into feedback/")
    return EXIT_OK


# --- autograde: which submissions, and what is wrong with them ------------------------------


def submissions(course: Course, assignment: str) -> dict[str, Path]:
    """Student id -> submitted folder, found as nbgrader finds them (``student_id_exclude``
    left out)."""
    coursedir = course.coursedir()
    step = coursedir.submitted_directory
    pattern = re.compile(
        coursedir.format_path(step, "(?P<student>[^/\\\\]+)", re.escape(assignment), escape=True)
    )
    excluded = set(filter(None, coursedir.student_id_exclude.split(",")))
    found = {}
    for path in glob.glob(coursedir.format_path(step, "*", assignment)):
        match = pattern.fullmatch(path)
        if match and os.path.isdir(path) and match["student"] not in excluded:
            found[match["student"]] = Path(path)
    return dict(sorted(found.items()))


def already_graded(coursedir: Any, assignment: str, student: str) -> bool:
    """What ``nbgrader autograde`` without ``--force`` skips: an autograded folder exists and
    the submission was not handed in again after it (``BaseConverter.init_destination``)."""
    graded = coursedir.format_path(coursedir.autograded_directory, student, assignment)
    if not os.path.exists(graded):
        return False
    submitted = coursedir.format_path(coursedir.submitted_directory, student, assignment)
    new = coursedir.get_existing_timestamp(submitted)
    old = coursedir.get_existing_timestamp(graded)
    return not (new is not None and old is not None and new > old)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _names(names: set[str] | list[str]) -> str:
    ordered = sorted(names)
    shown = ", ".join(ordered[:CELLS_NAMED])
    return shown + (f" and {len(ordered) - CELLS_NAMED} more" if len(ordered) > CELLS_NAMED else "")


def _graded_ids(nb: Any) -> set[str]:
    """grade_ids of the graded and task cells of a notebook."""
    return {
        c.metadata["nbgrader"].get("grade_id")
        for c in nb.cells
        if "nbgrader" in c.metadata
        and (c.metadata["nbgrader"].get("grade") or c.metadata["nbgrader"].get("task"))
    }


def _another(name: str) -> str:
    return (
        f"{name}.ipynb holds none of this assignment's graded cells "
        "(another assignment's notebook?)"
    )


def preflight(folder: Path, notebooks: Mapping[str, set[str]]) -> tuple[str | None, bool]:
    """What is wrong with a submitted folder, seen before grading: (problem, fatal). nbgrader
    stops on a fatal one before running a kernel; the others are graded all the same."""
    handed = {p.stem for p in folder.glob("*.ipynb")}
    expected = ", ".join(f"{n}.ipynb" for n in sorted(notebooks))
    if not handed:
        others = sorted(p.name for p in folder.iterdir() if p.name != "timestamp.txt")
        found = f"found only {_names(others)}" if others else "the folder is empty"
        return f"no notebook handed in ({found}); expected {expected}", True
    if not handed & set(notebooks):
        names = _names([f"{n}.ipynb" for n in handed])
        return f"handed in {names}, not {expected} (another assignment's notebook?)", True
    problems = []
    for name in sorted(handed & set(notebooks)):
        try:
            nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        except Exception as error:  # nbformat raises many kinds on a file that is not JSON
            reason = " ".join(str(error).split())[:80]
            return f"{name}.ipynb is not a notebook ({type(error).__name__}: {reason})", True
        ids = _graded_ids(nb)
        if ids and notebooks[name] and not ids & notebooks[name]:
            problems.append(_another(name))
    missing = sorted(set(notebooks) - handed)
    if missing:
        problems.append(f"no {', '.join(f'{n}.ipynb' for n in missing)}: 0 points for it")
    return "; ".join(problems) or None, False


def missing_cells(graded_folder: str, notebooks: Mapping[str, set[str]]) -> str | None:
    """Graded cells absent from the graded notebooks (deleted, or another assignment's
    notebook under this one's name): nbgrader leaves them unscored, waiting for a grader."""
    problems = []
    for name, cells in sorted(notebooks.items()):
        path = Path(graded_folder) / f"{name}.ipynb"
        if not cells or not path.is_file():
            continue
        lost = cells - _graded_ids(nbformat.read(path, as_version=4))
        if lost == cells:
            problems.append(f"{_another(name)}: it scores 0")
        elif lost:
            lacks = _count(len(lost), "graded cell")
            problems.append(
                f"{name}.ipynb lacks {lacks} ({_names(lost)}, deleted?): 0 points until graded "
                "by hand"
            )
    return "; ".join(problems) or None


# --- autograde: the work split between workers and this process -----------------------------


class WorkerFailed(Exception):
    """A worker could not run this student's notebook; nbgrader records it as a failure."""


def _notebook_cells(nb: Any) -> list[tuple[str, str, Any]]:
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]


def _reusing(execute: type, executed: Mapping[tuple[str, str], str], failed: Mapping[str, str]):
    """``execute`` (nbgrader's Execute, with the course's settings) that takes the notebook a
    worker ran when it is this very notebook, sanitised alike; otherwise it runs it."""

    class ReuseExecution(execute):  # type: ignore[misc, valid-type]
        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            student = resources["nbgrader"]["student"]
            path = executed.get((student, resources["nbgrader"]["notebook"]))
            if path and os.path.exists(path):
                ran = nbformat.read(path, as_version=4)
                if _notebook_cells(ran) == _notebook_cells(nb):
                    return ran, resources
                self.log.warning("%s differs from the notebook to grade: running it here", path)
            elif student in failed:
                raise WorkerFailed(failed[student])
            return super().preprocess(nb, resources)

    return ReuseExecution


def _classes(steps: list[Any]) -> list[Any]:
    return [import_item(step) if isinstance(step, str) else step for step in steps]


def _pipeline(config: Config) -> tuple[list[Any], int | None]:
    """The grade pass's preprocessors (classes) and the index of the one running kernels."""
    from nbgrader.converters import Autograde

    steps = _classes(Autograde(config=config).autograde_preprocessors)
    runs = [i for i, step in enumerate(steps) if issubclass(step, ExecutePreprocessor)]
    return steps, (runs[0] if runs else None)


def _worker_config(course: Course, steps: list[Any], runs: int) -> Config:
    """The course's settings for a worker: the sanitize pass without its pure checks (the
    parent's own pass makes them), the grade pass cut after the kernel run, each kernel
    stopped at once when its last cell has run (its outputs are all in by then; the polite
    shutdown costs 0.2 s of CPU and 0.2 s of waiting), and the course's source folder."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import CheckCellMetadata

    config = copy.deepcopy(course.config)
    sanitize = _classes(Autograde(config=config).sanitize_preprocessors)
    config.Autograde.sanitize_preprocessors = [
        step for step in sanitize if not issubclass(step, CheckCellMetadata)
    ]
    config.Autograde.autograde_preprocessors = steps[: runs + 1]
    config[steps[runs].__name__].shutdown_kernel = "immediate"
    coursedir = course.coursedir()
    source = coursedir.format_path(coursedir.source_directory, ".", ".")
    config.CourseDirectory.source_directory = os.path.abspath(source)
    return config


def _scratch_gradebook(course: Course, assignment: str, path: Path) -> None:
    """A SQLite gradebook holding only the assignment's cells, copied from the real one."""
    from nbgrader.api import Base, Gradebook

    url = f"sqlite:///{path}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)  # tables first: nbgrader then skips its alembic check
    engine.dispose()
    with course.gradebook() as real, Gradebook(url, course.coursedir().course_id) as scratch:
        scratch.add_assignment(assignment)
        for nb in real.find_assignment(assignment).notebooks:
            scratch.add_notebook(nb.name, assignment, kernelspec=nb.kernelspec)
            for cell in nb.source_cells:
                scratch.add_source_cell(
                    cell.name,
                    nb.name,
                    assignment,
                    cell_type=cell.cell_type,
                    locked=cell.locked,
                    source=cell.source,
                    checksum=cell.checksum,
                )
            for cell in nb.grade_cells:
                scratch.add_grade_cell(
                    cell.name,
                    nb.name,
                    assignment,
                    max_score=cell.max_score,
                    cell_type=cell.cell_type,
                )
            for cell in nb.solution_cells:
                scratch.add_solution_cell(cell.name, nb.name, assignment)
            for cell in nb.task_cells:
                scratch.add_task_cell(
                    cell.name,
                    nb.name,
                    assignment,
                    max_score=cell.max_score,
                    cell_type=cell.cell_type,
                )


@dataclass(frozen=True)
class _Job:
    config: Config  # the course's, with the grade pass cut after the execute step
    assignment: str
    student: str
    submitted: str  # the real submitted folder
    scratch: str  # holds template.db; the job works in scratch/students/<student>


def run_in_scratch(job: _Job) -> tuple[str, dict[str, str], str | None]:
    """Worker: nbgrader's sanitize pass and kernel run for one student in a private scratch
    course. Returns (student, notebook -> executed path, error line or None)."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    root = Path(job.scratch) / "students" / job.student
    root.mkdir(parents=True)
    with open(root / "nbgrader.log", "ab") as log:
        os.dup2(log.fileno(), 2)  # this worker's stderr, which its kernels inherit
    shutil.copy(Path(job.scratch) / "template.db", root / "gradebook.db")
    config = copy.deepcopy(job.config)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    coursedir = CourseDirectory(config=config, assignment_id=job.assignment, student_id=job.student)
    shutil.copytree(
        job.submitted,
        coursedir.format_path(coursedir.submitted_directory, job.student, job.assignment),
    )
    app = Autograde(coursedir=coursedir, config=config)
    app.force, app.create_student = True, True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        result = capture_log(app)
    graded = Path(
        coursedir.format_path(coursedir.autograded_directory, job.student, job.assignment)
    )
    ran = {p.stem: str(p) for p in graded.glob("*.ipynb")}
    error = INTERRUPTED if _interrupted(result) else error_line(result)
    return job.student, ran, (None if result["success"] else error)


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Send this process's stderr (and so its kernels') to a file: kernels print warnings."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


# --- autograde: progress and report ---------------------------------------------------------


@dataclass
class Progress:
    """A bar with the time left when ``out`` is a terminal, one line per student otherwise."""

    total: int
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    _drawn: int = 0

    @property
    def tty(self) -> bool:
        return self.out.isatty()

    def _clear(self) -> None:
        if self._drawn:
            self.out.write("\r" + " " * self._drawn + "\r")
            self.out.flush()
            self._drawn = 0

    def _draw(self) -> None:
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        if self.done == self.total:
            left = f"done in {_clock(elapsed)}"
        elif self.done:
            left = f"about {_clock(elapsed / self.done * (self.total - self.done))} left"
        else:
            left = "estimating time left"
        text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total}, {left}"
        self._clear()
        self.out.write(text)
        self.out.flush()
        self._drawn = len(text)

    def start(self) -> None:
        if self.tty:
            self._draw()

    def step(self, student: str, graded: bool) -> None:
        self.done += 1
        if self.tty:
            self._draw()
        else:
            said = "graded" if graded else "not graded fully (see above)"
            print(f"[{self.done}/{self.total}] {student}: {said}", file=self.out, flush=True)

    def problem(self, line: str) -> None:
        """One line on stderr, the bar redrawn under it."""
        drawn = self._drawn
        self._clear()
        print(f"alsedu course: {line}", file=sys.stderr, flush=True)
        if drawn:
            self._draw()

    def finish(self) -> None:
        if self._drawn:
            self.out.write("\n")
            self.out.flush()
            self._drawn = 0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


# --- autograde ------------------------------------------------------------------------------


@dataclass
class _Grading:
    """One autograde run: what to grade, the workers' results, the problems found so far."""

    course: Course
    assignment: str
    notebooks: dict[str, set[str]]
    progress: Progress
    log: Path
    problems: dict[str, list[str]] = field(default_factory=dict)
    #: (student, notebook) -> the notebook a worker ran; student -> why a worker could not.
    executed: dict[tuple[str, str], str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def report(self, student: str, problem: str | None) -> None:
        if problem:
            self.problems.setdefault(student, []).append(problem)
            self.progress.problem(f"{student}: {problem}")

    def grade(self, api: Any, student: str) -> None:
        """nbgrader's autograde of one student in this process (the only gradebook writer)."""
        if self.failed.get(student) == INTERRUPTED:
            raise KeyboardInterrupt
        with _stderr_to(self.log):
            result = api.autograde(self.assignment, student, force=True, create=True)
        if _interrupted(result):
            raise KeyboardInterrupt
        if not result["success"]:
            if student not in self.problems:
                why = self.failed.get(student) or error_line(result)
                self.report(student, f"could not be graded: {why}")
        else:
            coursedir = api.coursedir
            folder = coursedir.format_path(coursedir.autograded_directory, student, self.assignment)
            if student not in self.problems:
                self.report(student, missing_cells(folder, self.notebooks))
        self.progress.step(student, student not in self.problems)


def _autograde(course: Course, args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise CourseError(f"--jobs {args.jobs}: give 1 or more worker processes")
    check_gradebook(course, exists=True)
    assignment = args.assignment
    notebooks = graded_cells(course, assignment)
    found = submissions(course, assignment)
    coursedir = course.coursedir()
    if args.student is not None:
        if args.student not in found:
            folder = coursedir.format_path(coursedir.submitted_directory, args.student, assignment)
            raise CourseError(
                f"no submission from {args.student!r} for {assignment} (no folder {folder})"
            )
        found = {args.student: found[args.student]}
    if not found:
        folder = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
        raise CourseError(f"no submissions in {folder}: run `alsedu course collect` first")
    skipped = [] if args.force else [s for s in found if already_graded(coursedir, assignment, s)]
    todo = {s: folder for s, folder in found.items() if s not in skipped}
    if skipped:
        print(f"skipped {_count(len(skipped), 'submission')} graded before (--force grades again)")
    if not todo:
        print(f"{assignment}: nothing to grade")
        return EXIT_OK
    started = time.monotonic()
    progress = Progress(len(todo))
    with tempfile.TemporaryDirectory(
        prefix="alsedu-autograde-", ignore_cleanup_errors=True
    ) as scratch:
        grading = _Grading(course, assignment, notebooks, progress, Path(scratch) / "nbgrader.log")
        fatal = set()
        for student, folder in todo.items():
            problem, stops = preflight(folder, notebooks)
            grading.report(student, problem)
            if stops:
                fatal.add(student)
        progress.start()
        steps, runs = _pipeline(course.config)
        jobs = min(args.jobs, len(todo) - len(fatal))
        if jobs > 1 and runs is not None:
            _in_parallel(grading, todo, fatal, jobs, steps, runs, Path(scratch))
        else:
            api = course.api()
            for student in todo:
                grading.grade(api, student)
        progress.finish()
    graded = len(todo) - len(grading.problems)
    seconds = time.monotonic() - started
    print(
        f"{assignment}: graded {graded} of {_count(len(todo), 'submission')} in {seconds:.0f} s "
        f"({_count(args.jobs, 'job')})"
    )
    if grading.problems:
        broken = _count(len(grading.problems), "submission")
        names = ", ".join(sorted(grading.problems))
        print(f"alsedu course: {broken} not graded fully: {names}", file=sys.stderr)
        return EXIT_BROKEN
    return EXIT_OK


def _in_parallel(
    grading: _Grading,
    todo: Mapping[str, Path],
    fatal: set[str],
    jobs: int,
    steps: list[Any],
    runs: int,
    scratch: Path,
) -> None:
    """Kernels in ``jobs`` workers; every gradebook write here, as each worker finishes."""
    course = grading.course
    _scratch_gradebook(course, grading.assignment, scratch / "template.db")
    worker_config = _worker_config(course, steps, runs)
    config = copy.deepcopy(course.config)
    reuse = _reusing(steps[runs], grading.executed, grading.failed)
    config.Autograde.autograde_preprocessors = [*steps[:runs], reuse, *steps[runs + 1 :]]
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures: dict[Future, str] = {
            pool.submit(
                run_in_scratch,
                _Job(worker_config, grading.assignment, student, str(folder), str(scratch)),
            ): student
            for student, folder in todo.items()
            if student not in fatal
        }
        api = course.api(config)
        try:
            for future in as_completed(futures):
                student = futures[future]
                if future.exception() is None:  # else the parent runs this kernel itself
                    _, ran, error = future.result()
                    grading.executed.update({(student, nb): path for nb, path in ran.items()})
                    if error:
                        grading.failed[student] = error
                grading.grade(api, student)
        except KeyboardInterrupt:
            pool.shutdown(cancel_futures=True)  # running jobs got Ctrl-C too
            raise
    for student in sorted(fatal):  # nbgrader stops on these before running a kernel
        grading.grade(api, student)


STEPS: dict[str, Callable[[Course, argparse.Namespace], int]] = {
    "generate": _generate,
    "release": _release,
    "collect": _collect,
    "feedback": _feedback,
    "autograde": _autograde,
}


def run(args: argparse.Namespace) -> int:
    """Run one of generate, release, collect, feedback, autograde; return the exit code."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)
            return STEPS[args.step](open_course(args.root, args.db), args)
    except CourseError as error:
        print(f"alsedu course: {error}", file=sys.stderr)
        return EXIT_INPUT
    except StepFailed as error:
        print(f"alsedu course: {error}", file=sys.stderr)
        return EXIT_BROKEN
    except KeyboardInterrupt:
        print("\nalsedu course: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
