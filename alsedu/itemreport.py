"""Grades out of nbgrader's gradebook: ``alsedu course export`` and ``alsedu course report``.

``export [ASSIGNMENT] --out FILE.csv`` (every assignment in the gradebook without ASSIGNMENT)
    A CSV ready for a learning-management system's import: a header row, then one row per
    student in the gradebook with ``student_id, first_name, last_name, email, lms_user_id``,
    one column per graded item named ``<assignment>:<item>``, ``<assignment>:total`` after each
    assignment's items and the grand ``total`` last. ``<item>`` is the question (or capstone
    client) id the source notebook keeps under ``cell.metadata["alsedu"]``, else the grade
    cell's name. A student without a submission of an assignment gets empty cells for it (it
    adds 0 to the grand total). Written with :mod:`csv` in UTF-8, quoted where needed, so
    names with commas, quotes or accents read back unchanged.

``report ASSIGNMENT --out DIR``
    Item analysis of one assignment's graded submissions. Per graded item:

    * **full marks**: the share of the class scoring the item's full points (its difficulty:
      high means easy);
    * **discrimination**: the corrected item-total correlation, Pearson's r between the item's
      score and the rest of the test (the total without this item); for an all-or-nothing
      item this is the point-biserial correlation. None when either does not vary;
    * for choice items (choose one, client case, choose all), how many students chose each
      letter, read from the answer cells of their notebooks (``autograded/``, else
      ``submitted/``) with :func:`alsedu.grading.parse_letters`.

    The strong and weak groups are the top and bottom 27 % of the class by total score
    (Kelley's groups). Flags: items fewer than half the class scored full marks on; wrong
    options chosen by more of the strong group than of the weak group; negative
    discrimination. Writes ``report.md`` (a table and the flags), ``report.csv``,
    ``report.png`` (difficulty against discrimination, flagged items numbered) and
    ``report-figure.json`` (the numbers plotted, and the figure's text alternative).

Bad input (an unknown assignment, a missing or unreadable gradebook) gets one line on stderr
and exit code 2. Nothing here writes to the gradebook.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import math
import re
import statistics
import sys
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .course_cli import EXIT_INPUT, EXIT_OK
from .errors import AlseduError, InputError, did_you_mean
from .grading import SCORE_DIGITS, AnswerFormatError, parse_letters
from .writing import write_output

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from nbformat import NotebookNode
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    from .figures.chart import Chart

STUDENT_COLUMNS = ("student_id", "first_name", "last_name", "email", "lms_user_id")
#: Kinds whose options are counted; in an ordering every student uses every letter.
CHOICE_KINDS = frozenset({"single", "case", "multiple"})
KIND_WORDS = {
    "single": "choose one",
    "case": "client case",
    "multiple": "choose all",
    "ordering": "put in order",
    "written": "written",
    "plan": "client plan",
}
#: Kelley's upper and lower 27 %: the share of the class in each of the strong and weak
#: groups, the split that best separates them for an item's options.
GROUP_SHARE = 0.27
#: An item fewer than this share of the class scored full marks on is flagged as most missed.
MOST_MISSED = 0.5
#: Below this item-rest r an item separates strong from weak students poorly (Ebel's guide).
WEAK_DISCRIMINATION = 0.2
#: Points: a score this close to an item's maximum is full marks (scores are floats).
FULL_MARKS_SLACK = 1e-6
#: Letters a student may type without quotes: the quiz's setup cell defines them.
BARE_LETTERS = {name: name.lower() for name in "abcdefghABCDEFGH"}
#: Seconds to wait for a database server before saying it does not answer.
CONNECT_TIMEOUT_S = 10
FIGURE_SIZE_IN = (10.0, 6.0)  # inches: 1000 x 600 pixels at 100 dpi
FLAG_TEXT_WIDTH = 30  # characters per line in the figure's list of flagged items
PLOT_BOX = (0.075, 0.1, 0.63, 0.84)  # the plot's place in the figure: left, bottom, width, height
SIDE_BOX = (0.74, 0.1, 0.25, 0.84)  # the list of flagged items beside it
MARKER_PX = 7  # half a marker's width in pixels: numbers keep clear of it
LABEL_GAP_PX = 6  # pixels between a point and its number
_NOT_FOUND, _UNREADABLE = object(), object()


class CourseInputError(AlseduError):
    """Bad input to ``export`` or ``report``: the message is one line for the instructor."""


# --- the course and its gradebook -------------------------------------------------------------


def course_directory(root: str) -> CourseDirectory:
    """nbgrader's course settings: the folder's ``nbgrader_config.py`` if any, rooted there."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    folder = Path(root).resolve()
    if not folder.is_dir():
        raise CourseInputError(f"no course folder {root}: name it with --root DIR")
    config = Config()
    if (folder / "nbgrader_config.py").is_file():
        try:
            config = PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
        except Exception as error:  # a config file is Python: it can raise anything
            where = folder / "nbgrader_config.py"
            raise CourseInputError(f"cannot read {where}: {_first_line(error)}") from None
    config.CourseDirectory.root = str(folder)
    return CourseDirectory(config=config)


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _check_gradebook(url: str) -> None:
    """Raise CourseInputError unless ``url`` is an nbgrader gradebook that answers.

    Checked before nbgrader opens it, as nbgrader's ``Gradebook`` makes a new, empty one
    where there is none.
    """
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CourseInputError(
            f"{url!r} is not a database URL (like sqlite:///gradebook.db or "
            "postgresql://user@host/gradebook)"
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and not (parsed.database and Path(parsed.database).is_file()):
        raise CourseInputError(
            f"no gradebook at {parsed.database or shown}: grade submissions first "
            "(alsedu course autograde ASSIGNMENT) or name the gradebook with --db URL"
        )
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if backend == "postgresql" else {}
    try:
        engine = create_engine(parsed, connect_args=connect_args)
        try:
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError) as error:
        raise CourseInputError(f"cannot open the gradebook {shown}: {_first_line(error)}") from None
    if not {"assignment", "grade", "student", "submitted_assignment"} <= tables:
        raise CourseInputError(f"{shown} is not an nbgrader gradebook (it holds no grades)")


@contextmanager
def open_gradebook(coursedir: CourseDirectory, db: str | None) -> Iterator[Gradebook]:
    """nbgrader's Gradebook at ``db`` (default: the course's), checked first; closed after."""
    from nbgrader.api import Gradebook

    url = db or coursedir.db_url
    _check_gradebook(url)
    gradebook = Gradebook(url, course_id="")  # no course id: nbgrader adds no course row
    try:
        yield gradebook
    finally:
        gradebook.close()


# --- what was graded ------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One graded cell of an assignment, named and described from the source notebook."""

    assignment: str
    notebook: str
    cell: str  # the grade cell's name (its nbgrader grade_id)
    name: str  # the question or case id, else the cell's name
    kind: str  # a key of KIND_WORDS, "" when the source notebook does not say
    points: float
    variable: str = ""  # choice items: the answer's variable, such as answer_3
    letters: str = ""  # choice items: the letters of the options shown
    key: tuple[str, ...] = ()  # choice items: the right letters

    @property
    def column(self) -> str:
        """The item's CSV column: ``<assignment>:<item>``."""
        return f"{self.assignment}:{self.name}"

    @property
    def where(self) -> tuple[str, str]:
        """(notebook, grade cell): the item's place in the gradebook."""
        return self.notebook, self.cell


@dataclass(frozen=True)
class Student:
    """A student as the gradebook records them (names may be missing)."""

    id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str

    def cells(self) -> list[str]:
        """The student's cells of a CSV row, in the order of STUDENT_COLUMNS."""
        return [self.id, self.first_name, self.last_name, self.email, self.lms_user_id]


@dataclass(frozen=True)
class Sheet:
    """One assignment: its graded items and the scores of every graded submission."""

    assignment: str
    items: tuple[Item, ...]
    scores: dict[str, dict[tuple[str, str], float]]  # student id -> item place -> points
    #: item place -> answers still waiting for a person to mark them (they count 0 until then)
    pending: dict[tuple[str, str], int]
    source_found: bool  # whether the source notebook named the items

    def score(self, student: str, item: Item) -> float:
        """The points a student earned on an item (0 for a cell the submission lacks)."""
        return self.scores[student].get(item.where, 0.0)

    def total(self, student: str) -> float:
        """A student's points on the whole assignment."""
        return sum(self.score(student, item) for item in self.items)


def _source_notebook(coursedir: CourseDirectory, assignment: str, notebook: str) -> Path:
    folder = coursedir.format_path(coursedir.source_directory, ".", assignment)
    return Path(folder) / f"{notebook}.ipynb"


def _read_notebook(path: Path) -> NotebookNode | None:
    """A notebook, or None when the file is missing or not a notebook."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError, AttributeError, TypeError, KeyError):
        return None  # nbformat raises these for missing files and JSON that is no notebook


def _call_keywords(tree: ast.AST, function: str) -> tuple[ast.Call, dict[str, Any]] | None:
    """The first call of ``<module>.function(...)`` and its literal keyword values."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == function
        ):
            values = {}
            for keyword in node.keywords:
                try:
                    values[keyword.arg] = ast.literal_eval(keyword.value)
                except (ValueError, TypeError, SyntaxError):
                    continue
            return node, values
    return None


def choice_spec(test_source: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(answer variable, option letters, key letters) from a choice question's test cell,
    as :mod:`alsedu.assignments` writes it: ``grading.check_format(answer_3, letters="abcd",
    ...)`` then, in its hidden part, ``grading.score_choice(answer_3, key="c", ...)``."""
    try:
        tree = ast.parse(test_source)
    except SyntaxError:
        return None
    check, score = _call_keywords(tree, "check_format"), _call_keywords(tree, "score_choice")
    if check is None or score is None or not check[0].args:
        return None
    variable, letters, key = check[0].args[0], check[1].get("letters"), score[1].get("key")
    if not (isinstance(variable, ast.Name) and isinstance(letters, str) and key is not None):
        return None
    try:
        return variable.id, letters, tuple(parse_letters(key, letters))
    except AnswerFormatError:
        return None


def _items(
    assignment: str, notebook: str, cells: Sequence[Any], source: NotebookNode | None
) -> list[Item]:
    """The notebook's graded cells as items, in the source notebook's order where known."""
    by_id = {
        c.metadata.get("nbgrader", {}).get("grade_id"): (n, c)
        for n, c in enumerate(source.cells if source else [])
    }
    items = []
    for cell in cells:
        position, source_cell = by_id.get(cell.name, (len(by_id), None))
        ours = source_cell.metadata.get("alsedu", {}) if source_cell is not None else {}
        kind = str(ours.get("kind", ""))
        spec = choice_spec(source_cell.source) if source_cell and kind in CHOICE_KINDS else None
        variable, letters, key = spec or ("", "", ())
        name = str(ours.get("question") or ours.get("case") or cell.name)
        item = Item(
            assignment, notebook, cell.name, name, kind, cell.max_score, variable, letters, key
        )
        items.append((position, cell.name, item))
    return [item for *_, item in sorted(items, key=lambda entry: entry[:2])]


def _unique_names(items: list[Item]) -> list[Item]:
    """Items whose names repeat in an assignment are named by their grade cell instead."""
    names = [item.name for item in items]
    items = [replace(i, name=i.cell) if names.count(i.name) > 1 else i for i in items]
    cells = [item.name for item in items]
    return [
        replace(i, name=f"{i.notebook}/{i.cell}") if cells.count(i.name) > 1 else i for i in items
    ]


def known_assignments(gradebook: Gradebook) -> list[str]:
    """The gradebook's assignments, by due date then name."""
    return [assignment.name for assignment in gradebook.assignments]


def read_sheet(gradebook: Gradebook, coursedir: CourseDirectory, assignment: str) -> Sheet:
    """One assignment's items and scores; CourseInputError for an unknown assignment."""
    from nbgrader.api import MissingEntry

    try:
        found = gradebook.find_assignment(assignment)
    except MissingEntry:
        known = known_assignments(gradebook)
        raise CourseInputError(
            f"unknown assignment {assignment!r}; {did_you_mean(assignment, known)}"
            f"the gradebook has: {', '.join(known) or 'no assignment yet'}"
        ) from None
    items: list[Item] = []
    source_found = True
    for notebook in sorted(found.notebooks, key=lambda nb: nb.name):
        source = _read_notebook(_source_notebook(coursedir, assignment, notebook.name))
        source_found &= source is not None
        cells = [*notebook.grade_cells, *notebook.task_cells]
        items += _items(assignment, notebook.name, cells, source)
    scores: dict[str, dict[tuple[str, str], float]] = {}
    pending: dict[tuple[str, str], int] = {}
    for submission in found.submissions:
        row = scores.setdefault(submission.student.id, {})
        for submitted in submission.notebooks:
            for grade in submitted.grades:
                row[(submitted.name, grade.name)] = float(grade.score)
                if grade.needs_manual_grade:
                    place = (submitted.name, grade.name)
                    pending[place] = pending.get(place, 0) + 1
    return Sheet(assignment, tuple(_unique_names(items)), scores, pending, source_found)


def read_students(gradebook: Gradebook) -> list[Student]:
    """Every student in the gradebook, by last then first name."""
    return [
        Student(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "")
        for s in gradebook.students
    ]


# --- export -----------------------------------------------------------------------------------


def points_text(points: float) -> str:
    """Points as a CSV or table shows them: ``3``, ``1.67``, never ``-0``."""
    text = f"{round(points, SCORE_DIGITS):.{SCORE_DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def export_rows(sheets: Sequence[Sheet], students: Sequence[Student]) -> list[list[str]]:
    """The export's rows: the header, then one row per student (see the module docstring)."""
    header = list(STUDENT_COLUMNS)
    for sheet in sheets:
        header += [item.column for item in sheet.items] + [f"{sheet.assignment}:total"]
    rows = [[*header, "total"]]
    for student in students:
        row = [spreadsheet_safe(cell, numbers=False) for cell in student.cells()]
        grand = 0.0
        for sheet in sheets:
            if student.id not in sheet.scores:
                row += [""] * (len(sheet.items) + 1)
                continue
            earned = [sheet.score(student.id, item) for item in sheet.items]
            grand += sum(earned)
            row += [points_text(p) for p in earned] + [points_text(sum(earned))]
        rows.append([*row, points_text(grand)])
    return rows


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' * (n != 1)}"


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def spreadsheet_safe(cell: str, numbers: bool = True) -> str:
    """A cell a spreadsheet shows as text, never runs: one that starts like a formula gets a
    leading apostrophe, as OWASP recommends; with ``numbers``, a plain number (a negative
    discrimination) is left a number."""
    if cell.startswith(FORMULA_STARTS) and not (numbers and _NUMBER.match(cell)):
        return "'" + cell
    return cell


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV text: commas, quotes and line breaks in a field quoted as RFC 4180 says, and
    every cell that a spreadsheet would run as a formula turned into text."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_safe(str(cell)) for cell in row] for row in rows)
    return buffer.getvalue()


def _write(path: Path, text: str | bytes) -> None:
    """Write a file whole (to a temporary name first), so a failure leaves no half file."""
    part = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            part.write_bytes(text)
        else:
            part.write_text(text, encoding="utf-8", newline="")
        part.replace(path)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise CourseInputError(f"cannot write {path}: {error.strerror or error}") from None


def _gradebook_file(url: str) -> dict[Path, str]:
    """The gradebook's own file, when it is one (SQLite), to keep it from being written over."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return {Path(parsed.database): "the course's nbgrader gradebook"}
    return {}


def export(root: str, db: str | None, assignment: str | None, out: str, force: bool = False) -> int:
    """``alsedu course export``: write the grades CSV; return the exit code.

    The CSV is never written over the gradebook, a folder or a device, nor over an older file
    without ``force``; it is written whole or not at all (:mod:`alsedu.writing`).
    """
    coursedir = course_directory(root)
    with open_gradebook(coursedir, db) as gradebook:
        names = [assignment] if assignment else known_assignments(gradebook)
        if not names:
            raise CourseInputError("the gradebook holds no assignment yet: nothing to export")
        sheets = [read_sheet(gradebook, coursedir, name) for name in names]
        students = read_students(gradebook)
    keep = _gradebook_file(db or coursedir.db_url)
    try:
        write_output(
            Path(out), csv_text(export_rows(sheets, students)), "grades.csv", force=force, keep=keep
        )
    except InputError as error:
        raise CourseInputError(str(error.problems[0])) from None
    items = sum(len(sheet.items) for sheet in sheets)
    print(
        f"wrote {out}: {_count(len(students), 'student')}, {_count(len(sheets), 'assignment')}, "
        f"{_count(items, 'item')}"
    )
    pending = sum(n for sheet in sheets for n in sheet.pending.values())
    if pending:
        print(f"note: {pending} answers still wait for manual grading; they count 0 until then")
    return EXIT_OK


# --- item analysis ----------------------------------------------------------------------------


def _literal(node: ast.expr) -> object:
    """The value a student typed: a Python literal, where a bare letter stands for itself."""
    if isinstance(node, ast.Name) and node.id in BARE_LETTERS:
        return BARE_LETTERS[node.id]
    if isinstance(node, ast.Tuple | ast.List):
        values = [_literal(element) for element in node.elts]
        if _UNREADABLE in values:
            return _UNREADABLE
        return tuple(values) if isinstance(node, ast.Tuple) else values
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _UNREADABLE


def answer_value(nb: NotebookNode, variable: str) -> object:
    """What the notebook's code cells last assign to ``variable`` (run top to bottom);
    ``_NOT_FOUND`` if nothing does, ``_UNREADABLE`` if it is not a plain value."""
    value = _NOT_FOUND
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except (SyntaxError, ValueError):  # magics, half-typed code, null bytes
            continue
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == variable for t in targets):
                value = _literal(node.value)  # type: ignore[union-attr]
    return value


def chosen_letters(value: object, item: Item) -> list[str] | None:
    """The letters an answer chose, read as the marking reads them; None when it is blank or
    cannot be read (several letters for a choose-one question cannot be read either)."""
    if value is None or value is _NOT_FOUND or value is _UNREADABLE:
        return None
    try:
        letters = list(dict.fromkeys(parse_letters(value, item.letters)))
    except AnswerFormatError:
        return None
    if item.kind in {"single", "case"} and len(letters) > 1:
        return None
    return letters


def _submitted_notebook(
    coursedir: CourseDirectory, student: str, assignment: str, notebook: str
) -> NotebookNode | None:
    """A student's notebook as graded (``autograded/``), else as handed in (``submitted/``)."""
    for step in (coursedir.autograded_directory, coursedir.submitted_directory):
        folder = Path(coursedir.format_path(step, student, assignment))
        nb = _read_notebook(folder / f"{notebook}.ipynb")
        if nb is not None:
            return nb
    return None


def read_choices(
    coursedir: CourseDirectory, sheet: Sheet
) -> tuple[dict[str, dict[Item, list[str] | None]], int]:
    """Per student with a submission, the letters chosen on each choice item; and how many
    of those students' notebooks were not found."""
    choice_items = [item for item in sheet.items if item.variable]
    notebooks = sorted({item.notebook for item in choice_items})
    chosen: dict[str, dict[Item, list[str] | None]] = {}
    missing = 0
    for student in sorted(sheet.scores):
        row = chosen.setdefault(student, {})
        for notebook in notebooks:
            nb = _submitted_notebook(coursedir, student, sheet.assignment, notebook)
            missing += nb is None
            for item in (i for i in choice_items if i.notebook == notebook):
                row[item] = chosen_letters(answer_value(nb, item.variable), item) if nb else None
    return chosen, missing


@dataclass(frozen=True)
class Flag:
    """Something about an item to look at: a short code, a word for the table, a sentence."""

    code: str
    word: str
    text: str


@dataclass(frozen=True)
class ItemStats:
    """What the class did on one item."""

    number: int  # the item's place in the assignment, from 1 (a quiz's question number)
    item: Item
    students: int
    mean: float
    full_marks: int
    discrimination: float | None
    chosen: dict[str, int]  # choice items: letter -> students who chose it
    no_answer: int  # choice items: blank, unreadable or not found
    top: dict[str, int]  # choice items: letter -> students of the strong group who chose it
    bottom: dict[str, int]  # the same for the weak group
    pending: int  # answers still waiting for manual grading (counted 0 meanwhile)
    flags: tuple[Flag, ...] = ()

    @property
    def difficulty(self) -> float:
        """The share of the class at full marks (0 when no one was graded)."""
        return self.full_marks / self.students if self.students else 0.0


@dataclass(frozen=True)
class Analysis:
    """An assignment's item analysis."""

    assignment: str
    students: int
    group: int  # students in each of the strong and weak groups
    items: tuple[ItemStats, ...]
    source_found: bool
    notebooks_missing: int

    @property
    def flagged(self) -> list[ItemStats]:
        """The items with at least one flag."""
        return [stats for stats in self.items if stats.flags]


def group_size(students: int) -> int:
    """Students in each of the strong and weak groups: 27 % of the class, rounded up, and
    never more than half (0 for fewer than two students)."""
    return min(math.ceil(GROUP_SHARE * students), students // 2)


def item_rest_correlation(item: Sequence[float], total: Sequence[float]) -> float | None:
    """Pearson's r between item scores and the rest of the test (total minus the item);
    None when fewer than two students or either does not vary."""
    rest = [t - x for x, t in zip(item, total, strict=True)]
    try:
        return statistics.correlation(item, rest)
    except statistics.StatisticsError:
        return None


def _percent(share: float) -> str:
    return f"{round(100 * share)}%"


def _flags(stats: ItemStats, group: int) -> tuple[Flag, ...]:
    flags = []
    if stats.students and stats.difficulty < MOST_MISSED and not stats.pending:
        few = f"only {stats.full_marks}" if stats.full_marks else "none"
        flags.append(
            Flag(
                "most-missed",
                "most missed",
                f"{few} of {stats.students} students "
                f"({_percent(stats.difficulty)}) scored full marks: most of the class missed "
                "it. Check the teaching of its topic and the question's wording.",
            )
        )
    for letter in stats.item.letters:
        if letter not in stats.item.key and stats.top[letter] > stats.bottom[letter]:
            flags.append(
                Flag(
                    f"strong-distractor:{letter}",
                    f"option {letter} drew strong students",
                    f"option {letter}, a wrong answer, drew {stats.top[letter]} of the {group} "
                    f"strongest students and {stats.bottom[letter]} of the {group} weakest. "
                    "Check whether it can be defended, or what leads good students to it.",
                )
            )
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append(
            Flag(
                "negative-discrimination",
                "negative discrimination",
                f"discrimination {stats.discrimination:.2f}: students who did well on the rest "
                "of the test did worse on this item. Check the key and the wording.",
            )
        )
    return tuple(flags)


def analyse(sheet: Sheet, chosen: dict[str, dict[Item, list[str] | None]]) -> list[ItemStats]:
    """Every item's statistics over the students with a graded submission."""
    students = sorted(sheet.scores)
    totals = [sheet.total(s) for s in students]
    ranked = [s for _, s in sorted(zip(totals, students, strict=True), key=lambda p: (-p[0], p[1]))]
    group = group_size(len(students))
    top, bottom = set(ranked[:group]), set(ranked[len(ranked) - group :])
    result = []
    for number, item in enumerate(sheet.items, start=1):
        scores = [sheet.score(s, item) for s in students]
        counts = {letter: 0 for letter in item.letters}
        top_counts, bottom_counts, no_answer = dict(counts), dict(counts), 0
        for student in students if item.variable else []:
            letters = chosen.get(student, {}).get(item)
            no_answer += letters is None
            for letter in letters or []:
                counts[letter] += 1
                top_counts[letter] += student in top
                bottom_counts[letter] += student in bottom
        stats = ItemStats(
            number=number,
            item=item,
            students=len(students),
            mean=statistics.fmean(scores) if scores else 0.0,
            full_marks=sum(s >= item.points - FULL_MARKS_SLACK for s in scores),
            discrimination=item_rest_correlation(scores, totals),
            chosen=counts,
            no_answer=no_answer,
            top=top_counts,
            bottom=bottom_counts,
            pending=sheet.pending.get(item.where, 0),
        )
        result.append(replace(stats, flags=_flags(stats, group)))
    return result


# --- the report's files -----------------------------------------------------------------------


def _options_text(stats: ItemStats) -> str:
    if not stats.item.variable:
        return "—"
    shown = [
        f"{letter} {count}" + (" (key)" if letter in stats.item.key else "")
        for letter, count in stats.chosen.items()
    ]
    if stats.no_answer:
        shown.append(f"no answer {stats.no_answer}")
    return " · ".join(shown)


def _flag_words(stats: ItemStats) -> list[str]:
    waiting = [f"{stats.pending} not marked yet"] if stats.pending else []
    return [flag.word for flag in stats.flags] + waiting


def _r_text(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def report_markdown(analysis: Analysis, figure_alt: str) -> str:
    """``report.md``: how to read it, the flags, the table and the figure."""
    total = sum(stats.item.points for stats in analysis.items)
    lines = [
        f"# Item analysis: {analysis.assignment}",
        "",
        f"{analysis.students} students with a graded submission; {len(analysis.items)} graded "
        f"items worth {points_text(total)} points.",
        "",
        "How to read it:",
        "",
        "- **Full marks**: the share of the class scoring the item's full points (its "
        "difficulty: high means easy). Fewer than "
        f"{_percent(MOST_MISSED)} is flagged *most missed*.",
        "- **Discrimination**: the correlation between the item's score and the rest of the "
        "test (the total without this item), from -1 to 1; for an all-or-nothing item it is "
        f"the point-biserial correlation. Below {WEAK_DISCRIMINATION} the item tells strong "
        "and weak students apart poorly; below 0 strong students did worse on it. A dash: "
        "everyone scored alike.",
        "- **Options chosen**: how many students chose each letter, read from their "
        "notebooks; the right letters are marked *(key)*. *No answer* counts blank answers "
        "and answers that cannot be read.",
        f"- **Strong and weak groups**: the top and bottom {_percent(GROUP_SHARE)} of the class "
        f"by total score ({analysis.group} students each here). A wrong option chosen by more "
        "of the strong group than of the weak group is flagged.",
        "",
    ]
    notes = []
    waiting = [stats for stats in analysis.items if stats.pending]
    if waiting:
        listed = ", ".join(f"{stats.number} ({stats.pending})" for stats in waiting)
        notes.append(
            f"Answers still wait for manual grading on items {listed}: they count 0 here "
            "until they are marked, so these numbers will change; those items are not flagged "
            "as most missed until then."
        )
    if not analysis.source_found:
        notes.append(
            "The source notebook was not found: items are named by their grade cells and "
            "options are not counted."
        )
    if analysis.notebooks_missing:
        notes.append(
            f"{analysis.notebooks_missing} submitted notebooks were not found in autograded/ "
            "or submitted/: their choices count as no answer."
        )
    if notes:
        lines += ["## Notes", "", *(f"- {n}" for n in notes), ""]
    lines += ["## Flags", ""]
    flagged = [
        f"- **{stats.number}. {stats.item.name}**: {flag.text}"
        for stats in analysis.items
        for flag in stats.flags
    ]
    lines += [*(flagged or ["None: no item stands out."]), ""]
    lines += [
        "## Items",
        "",
        "| # | Item | Kind | Points | Full marks | Mean | Discrimination | Options chosen "
        "| Flags |",
        "|---:|---|---|---:|---|---:|---:|---|---|",
    ]
    for stats in analysis.items:
        item = stats.item
        full = f"{stats.full_marks} of {stats.students} ({_percent(stats.difficulty)})"
        cells = [
            str(stats.number),
            item.name,
            KIND_WORDS.get(item.kind, "—"),
            points_text(item.points),
            full,
            points_text(stats.mean),
            _r_text(stats.discrimination),
            _options_text(stats),
            "; ".join(_flag_words(stats)) or "—",
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "![" + figure_alt.replace("[", "\\[").replace("]", "\\]") + "](report.png)", ""]
    return "\n".join(lines)


def report_rows(analysis: Analysis) -> list[list[str]]:
    """``report.csv``: a header, then one row per item."""
    letters = sorted({letter for stats in analysis.items for letter in stats.item.letters})
    header = [
        "number",
        "assignment",
        "notebook",
        "grade_cell",
        "item",
        "kind",
        "points",
        "students",
        "mean",
        "full_marks",
        "difficulty",
        "discrimination",
        "key",
        "no_answer",
        *(f"chose_{letter}" for letter in letters),
        "not_marked_yet",
        "flags",
    ]
    rows = [header]
    for stats in analysis.items:
        item = stats.item
        r = stats.discrimination
        rows.append(
            [
                str(stats.number),
                item.assignment,
                item.notebook,
                item.cell,
                item.name,
                item.kind,
                points_text(item.points),
                str(stats.students),
                f"{stats.mean:.3f}",
                str(stats.full_marks),
                f"{stats.difficulty:.3f}",
                "" if r is None else f"{r:.3f}",
                ", ".join(item.key),
                str(stats.no_answer) if item.variable else "",
                *(str(stats.chosen[x]) if x in stats.chosen else "" for x in letters),
                str(stats.pending),
                "; ".join(flag.code for flag in stats.flags),
            ]
        )
    return rows


def figure_numbers(analysis: Analysis) -> dict[str, Any]:
    """What ``report.png`` plots: one point per item with a discrimination, flagged or not."""
    points = [
        {
            "number": stats.number,
            "item": stats.item.name,
            "difficulty": round(stats.difficulty, 3),
            "discrimination": round(stats.discrimination, 3),
            "flagged": bool(stats.flags),
            "flags": [flag.code for flag in stats.flags],
        }
        for stats in analysis.items
        if stats.discrimination is not None
    ]
    not_plotted = [s.number for s in analysis.items if s.discrimination is None]
    flagged = [p for p in points if p["flagged"]]
    alt = (
        f"Scatter plot of {len(points)} items of {analysis.assignment}: the share of the class "
        "at full marks (difficulty, across) against discrimination (up). "
        + (
            "Flagged: "
            + "; ".join(
                f"item {p['number']} ({p['item']}) at {_percent(p['difficulty'])} full marks, "
                f"discrimination {p['discrimination']:.2f}"
                for p in flagged
            )
            + "."
            if flagged
            else "No item is flagged."
        )
        + (
            f" Not plotted, as everyone scored alike: items {', '.join(map(str, not_plotted))}."
            if not_plotted
            else ""
        )
    )
    return {
        "assignment": analysis.assignment,
        "x": "share of the class at full marks (difficulty)",
        "y": "discrimination (item-rest correlation)",
        "points": points,
        "not_plotted": not_plotted,
        "alt": alt,
    }


INK, MUTED, FLAG_INK = "#1B2631", "#5D6D7E", "#A04000"
MISSED_FILL = "#FBEEE6"


def _draw_guides(ax: Axes) -> None:
    ax.axvspan(-0.05, MOST_MISSED, color=MISSED_FILL, zorder=0)
    ax.text(
        0.02,
        0.97,
        f"most missed:\nunder {_percent(MOST_MISSED)} at full marks",
        transform=ax.get_xaxis_transform(),
        va="top",
        fontsize=10,
        color=FLAG_INK,
    )
    ax.axhline(0, color=INK, lw=1)
    ax.axhline(WEAK_DISCRIMINATION, color=MUTED, lw=1, ls="--")
    ax.text(
        1.03,
        WEAK_DISCRIMINATION + 0.03,
        f"{WEAK_DISCRIMINATION}: weak below",
        ha="right",
        va="bottom",
        fontsize=10,
        color=MUTED,
    )
    ax.text(
        1.03,
        -0.03,
        "strong students did worse below 0",
        ha="right",
        va="top",
        fontsize=10,
        color=INK,
    )


def item_chart(analysis: Analysis) -> tuple[Chart, dict[str, Any]]:
    """``report.png``: difficulty against discrimination per item, each point numbered (flagged
    items in bold and listed beside the plot); and the numbers it plots (:func:`figure_numbers`)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    from .figures.chart import PNG_DPI, Chart

    numbers = figure_numbers(analysis)
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=PNG_DPI, layout="none")
    ax = figure.add_axes(PLOT_BOX)
    _draw_guides(ax)
    plain = [p for p in numbers["points"] if not p["flagged"]]
    flagged = [p for p in numbers["points"] if p["flagged"]]
    ax.scatter(
        [p["difficulty"] for p in plain],
        [p["discrimination"] for p in plain],
        s=60,
        marker="o",
        facecolor="white",
        edgecolor=MUTED,
        lw=1.5,
        zorder=3,
    )
    ax.scatter(
        [p["difficulty"] for p in flagged],
        [p["discrimination"] for p in flagged],
        s=110,
        marker="^",
        color=FLAG_INK,
        edgecolor=INK,
        lw=0.8,
        zorder=4,
    )
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    _number_points(ax, flagged + plain)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.tick_params(labelsize=10)
    ax.set_xlabel("share of the class at full marks (difficulty: easier to the right)", fontsize=11)
    ax.set_ylabel("discrimination (item-rest correlation)", fontsize=11)
    ax.set_title(
        f"{analysis.assignment}: difficulty and discrimination of {len(analysis.items)} items "
        f"({analysis.students} students)",
        fontsize=13,
        loc="left",
    )
    ax.legend(
        handles=[
            Line2D([], [], marker="^", ls="", color=FLAG_INK, markersize=10, label="flagged"),
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markerfacecolor="white",
                color=MUTED,
                markersize=8,
                label="not flagged",
            ),
        ],
        loc="lower right",
        fontsize=10,
        framealpha=0.95,
    )
    side = figure.add_axes(SIDE_BOX)
    side.axis("off")
    side.text(0, 1, "Flagged items", va="top", fontsize=12, fontweight="bold", color=INK)
    side.text(0, 0.95, _side_text(analysis, numbers), va="top", fontsize=11, color=INK)
    chart = Chart(figure, numbers["alt"], f"Item analysis of {analysis.assignment}")
    return chart, numbers


def _number_points(ax: Axes, points: list[dict[str, Any]]) -> None:
    """Write each point's item number beside it, where it covers no other number or point
    (points in the same place share one label: "2, 11"); flagged items first and in bold."""
    import numpy as np

    places: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for p in points:
        places.setdefault((p["difficulty"], p["discrimination"]), []).append(p)
    pixels = ax.figure.dpi / 72  # pixels per typographic point
    frame = ax.bbox  # the axes in pixels (fixed: the figure has no automatic layout)
    spots = ax.transData.transform(list(places)) if places else np.empty((0, 2))
    taken = [(x - MARKER_PX, y - MARKER_PX, x + MARKER_PX, y + MARKER_PX) for x, y in spots]
    for (x, y), (place, group) in zip(spots, places.items(), strict=True):
        flag = any(p["flagged"] for p in group)
        text = ", ".join(str(p["number"]) for p in group)
        size = (12 if flag else 11) * pixels
        width, height = len(text) * size * 0.62 + 4, size * 1.25
        reach = MARKER_PX + LABEL_GAP_PX
        choices = [
            (x + sx * far * reach + dx * width, y + sy * far * reach + dy * height)
            for far in (1, 2.5)
            for sx, sy, dx, dy in (
                (1, 0.3, 0, -0.5),
                (0, 1, -0.5, 0),
                (-1, 0.3, -1, -0.5),
                (0, -1, -0.5, -1),
                (0.7, 0.7, 0, 0),
                (0.7, -0.7, 0, -1),
                (-0.7, 0.7, -1, 0),
                (-0.7, -0.7, -1, -1),
            )
        ]
        left, bottom = next(
            (
                (cx, cy)
                for cx, cy in choices
                if frame.x0 <= cx
                and cx + width <= frame.x1
                and frame.y0 <= cy
                and cy + height <= frame.y1
                and not any(_overlap((cx, cy, cx + width, cy + height), box) for box in taken)
            ),
            choices[0],
        )
        taken.append((left, bottom, left + width, bottom + height))
        ax.annotate(
            text,
            place,
            xytext=((left - x + 2) / pixels, (bottom - y + 1) / pixels),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=size / pixels,
            fontweight="bold" if flag else "normal",
            color=FLAG_INK if flag else MUTED,
            zorder=5,
            annotation_clip=False,
            arrowprops=None
            if (left, bottom) in choices[:8]
            else {"arrowstyle": "-", "color": MUTED, "lw": 0.8, "shrinkA": 0, "shrinkB": 5},
        )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _side_text(analysis: Analysis, numbers: dict[str, Any]) -> str:
    lines = ["Numbers are the items'", "numbers in report.md."]
    for stats in analysis.flagged:
        words = "; ".join(flag.word for flag in stats.flags)
        lines += ["", textwrap.fill(f"{stats.number}. {stats.item.name}", FLAG_TEXT_WIDTH)]
        lines.append(
            textwrap.fill(words, FLAG_TEXT_WIDTH, initial_indent="   ", subsequent_indent="   ")
        )
    if not analysis.flagged:
        lines += ["", "none"]
    if numbers["not_plotted"]:
        listed = ", ".join(map(str, numbers["not_plotted"]))
        lines += [
            "",
            textwrap.fill(f"Not plotted (everyone scored alike): {listed}", FLAG_TEXT_WIDTH),
        ]
    return "\n".join(lines)


def report(root: str, db: str | None, assignment: str, out: str) -> int:
    """``alsedu course report``: write the item analysis; return the exit code."""
    coursedir = course_directory(root)
    with open_gradebook(coursedir, db) as gradebook:
        sheet = read_sheet(gradebook, coursedir, assignment)
    if not sheet.scores:
        raise CourseInputError(
            f"no graded submission of {assignment} yet: run alsedu course autograde {assignment}"
        )
    chosen, missing = read_choices(coursedir, sheet)
    items = analyse(sheet, chosen)
    analysis = Analysis(
        assignment,
        len(sheet.scores),
        group_size(len(sheet.scores)),
        tuple(items),
        sheet.source_found,
        missing,
    )
    chart, numbers = item_chart(analysis)
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CourseInputError(f"{out} is a file: name a folder for the report with --out DIR")
    _write(folder / "report.md", report_markdown(analysis, numbers["alt"]))
    _write(folder / "report.csv", csv_text(report_rows(analysis)))
    _write(folder / "report.png", chart.png())
    _write(folder / "report-figure.json", json.dumps(numbers, indent=2, ensure_ascii=False) + "\n")
    print(
        f"wrote {folder / 'report.md'}, report.csv, report.png: {analysis.students} students, "
        f"{len(items)} items, {len(analysis.flagged)} flagged"
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``alsedu course export`` or ``report``; bad input is one line and exit 2."""
    try:
        if args.step == "export":
            return export(args.root, args.db, args.assignment, args.out, args.force)
        return report(args.root, args.db, args.assignment, args.out)
    except CourseInputError as error:
        print(f"alsedu course: {error}", file=sys.stderr)
        return EXIT_INPUT


__all__ = [
    "CourseInputError",
    "Item",
    "ItemStats",
    "Sheet",
    "analyse",
    "answer_value",
    "choice_spec",
    "chosen_letters",
    "course_directory",
    "export",
    "export_rows",
    "figure_numbers",
    "item_chart",
    "item_rest_correlation",
    "open_gradebook",
    "read_sheet",
    "report",
    "run",
]
