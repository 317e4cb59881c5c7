"""``alsedu course generate|release|collect|feedback|autograde`` in a scratch copy of the
course: one quiz, nine synthetic students, the parallel autograde compared with nbgrader's
own serial autograde (issue 10 §3)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from alsedu import grading
from alsedu.cli import main
from alsedu.instructor import Progress, gradebook_snapshot

ROOT = Path(__file__).resolve().parent.parent
QUIZ = "quiz-self-care"
OTHER = "quiz-treatment"
#: Nine students: five hand in readable work, four something broken.
GRADED = ("s01-full", "s02-blank", "s03-partly", "s04-formats", "s05-tampered")
BROKEN = ("s06-deleted", "s07-not-a-notebook", "s08-other-quiz", "s09-kernel-dies")


def _keys() -> dict[str, tuple[str, str, int]]:
    """Answer cell id -> (key, kind, points), read from the hidden tests of source/."""
    source = nbformat.read(ROOT / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    found = {}
    for cell in source.cells:
        call = re.search(r'key="([^"]*)", kind="(\w+)", points=(\d+)', cell.source)
        if call:
            key, kind, points = call.groups()
            found[cell.id.replace("_test", "_answer")] = (key, kind, int(points))
    return found


pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's own
KEYS = _keys()
AUTO_POINTS = sum(points for _, _, points in KEYS.values())


def _answer(cell: nbformat.NotebookNode, value: str) -> None:
    """Type ``value`` (Python source) where the release stub says None."""
    head, _, tail = cell.source.rpartition("None")
    cell.source = head + value + tail


def _wrong(key: str) -> str:
    return next(letter for letter in "abcd" if letter not in key)


def _partly(key: str, kind: str) -> str:
    """Multiple choice: all but one right letter; others: right on every other question."""
    letters = grading.parse_letters(key, "abcde")
    return ", ".join(letters[:-1]) if kind == "multiple" else key


def _submission(release: nbformat.NotebookNode, student: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(release)
    answers = [c for c in nb.cells if c.id in KEYS]
    for n, cell in enumerate(answers):
        key, kind, _ = KEYS[cell.id]
        if student in ("s01-full", "s05-tampered", "s06-deleted"):
            _answer(cell, repr(key))
        elif student == "s03-partly":
            _answer(cell, repr(_partly(key, kind) if n % 2 == 0 else _wrong(key)))
        elif student == "s04-formats":
            letters = grading.parse_letters(key, "abcde")
            bare = letters[0] if len(letters) == 1 else f"({', '.join(letters)})"
            formats = (repr(key.upper()), repr(letters), bare, repr(" ".join(letters)))
            _answer(cell, formats[n % len(formats)])  # capitals, list, no quotes, spaces
    for cell in nb.cells:
        if cell.id.endswith("_written") and student == "s01-full":
            cell.source = "Do not rub red skin; keep weight off it and tell the nurse today."
    if student == "s05-tampered":  # a wrong answer, its test cell rewritten to award 2 points
        _answer_cell = answers[1]
        _answer_cell.source = _answer_cell.source.replace(repr(KEYS[_answer_cell.id][0]), '"a"')
        test = next(c for c in nb.cells if c.id == _answer_cell.id.replace("_answer", "_test"))
        test.source = "2"
    if student == "s06-deleted":
        nb.cells = [c for c in nb.cells if c.id != answers[-1].id.replace("_answer", "_test")]
    if student == "s09-kernel-dies":
        answers[0].source = "import os\n\nos._exit(1)"
    return nb


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch course: the quiz generated through the CLI, nine submissions handed in."""
    if shutil.which("alembic") is None:
        pytest.fail("nbgrader runs `alembic`: put the venv's bin on PATH")
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / QUIZ, root / "source" / QUIZ)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["course", "generate", QUIZ, "--root", str(root)]) == 0
    release = nbformat.read(root / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    for student in (*GRADED, *BROKEN):
        folder = root / "submitted" / student / QUIZ
        folder.mkdir(parents=True)
        path = folder / f"{QUIZ}.ipynb"
        if student == "s07-not-a-notebook":
            path.write_text("My answers: 1 b, 2 c, 3 I would tell the nurse.\n")
        elif student == "s08-other-quiz":  # another quiz saved under this quiz's name
            shutil.copy(ROOT / "source" / OTHER / f"{OTHER}.ipynb", path)
        else:
            nbformat.write(_submission(release, student), path)
    return root


def _course_copy(generated: Path, where: Path) -> Path:
    shutil.copytree(generated, where)
    return where


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["course", *argv])
    return code, out.getvalue(), err.getvalue()


def _db(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


@pytest.fixture(scope="module")
def graded(generated: Path, tmp_path_factory: pytest.TempPathFactory):
    """The same submissions graded twice: nbgrader's API student by student (serial), and
    ``alsedu course autograde --jobs 2``."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    serial = _course_copy(generated, tmp_path_factory.mktemp("serial") / "course")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(serial)).load_config()
    config.CourseDirectory.root = str(serial)
    api = NbGraderAPI(config=config)
    outcomes = {s: api.autograde(QUIZ, s)["success"] for s in (*GRADED, *BROKEN)}
    parallel = _course_copy(generated, tmp_path_factory.mktemp("parallel") / "course")
    code, out, err = _cli("autograde", QUIZ, "--root", str(parallel), "--jobs", "2")
    return serial, parallel, outcomes, (code, out, err)


@pytest.mark.slow
def test_parallel_autograde_writes_the_gradebook_serial_nbgrader_writes(graded):
    serial, parallel, outcomes, _ = graded
    expected = gradebook_snapshot(_db(serial), QUIZ)
    assert gradebook_snapshot(_db(parallel), QUIZ) == expected
    assert set(expected) >= {*GRADED, "s06-deleted", "s08-other-quiz"}
    assert [s for s, ok in outcomes.items() if not ok] == list(BROKEN[1:])


@pytest.mark.slow
def test_scores_follow_the_answers_and_tampering_earns_nothing(graded):
    book = gradebook_snapshot(_db(graded[1]), QUIZ)
    auto = {s: sum(v[0] or 0 for k, v in book[s]["cells"].items() if k.endswith("_test"))
            for s in GRADED}  # fmt: skip
    partly = sum(
        grading.score_choice(
            _partly(key, kind) if n % 2 == 0 else _wrong(key), key=key, kind=kind, points=points
        )  # fmt: skip
        for n, (key, kind, points) in enumerate(KEYS.values())
    )
    second_points = list(KEYS.values())[1][2]
    assert auto == {
        "s01-full": AUTO_POINTS,
        "s02-blank": 0,
        "s03-partly": pytest.approx(partly),
        "s04-formats": AUTO_POINTS,
        "s05-tampered": AUTO_POINTS - second_points,  # the hidden test came back
    }
    assert book["s01-full"]["needs_manual_grade"]  # written answers wait for the teacher
    assert not book["s02-blank"]["needs_manual_grade"]  # blank written answers score 0


@pytest.mark.slow
def test_each_broken_submission_gets_one_line_and_exit_code_1(graded):
    code, out, err = graded[3]
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == len(BROKEN) + 1 and all(s.startswith("alsedu course: ") for s in lines)
    said = {s: next(line for line in lines if f": {s}: " in line) for s in BROKEN}
    assert "lacks 1 graded cell" in said["s06-deleted"]
    assert "is not a notebook" in said["s07-not-a-notebook"]
    assert "another assignment's notebook" in said["s08-other-quiz"]
    assert "could not be graded" in said["s09-kernel-dies"] and "Kernel" in said["s09-kernel-dies"]
    assert lines[-1].endswith(", ".join(sorted(BROKEN)))
    assert f"{QUIZ}: graded 5 of 9 submissions" in out
    assert "Traceback" not in out + err


@pytest.mark.slow
def test_graded_submissions_are_skipped_unless_forced_and_regrade_alike(graded):
    parallel = graded[1]
    before = gradebook_snapshot(_db(parallel), QUIZ)
    code, out, _ = _cli("autograde", QUIZ, "--root", str(parallel), "--student", "s03-partly")
    assert code == 0 and "skipped 1 submission graded before" in out
    code, out, err = _cli("autograde", QUIZ, "--root", str(parallel), "--student", "s03-partly",
                          "--jobs", "1", "--force")  # fmt: skip
    assert (code, err) == (0, "") and "[1/1] s03-partly: graded" in out
    assert gradebook_snapshot(_db(parallel), QUIZ) == before


@pytest.mark.slow
def test_feedback_is_written_for_graded_students(graded):
    parallel = graded[1]
    code, out, err = _cli("feedback", QUIZ, "--root", str(parallel))
    assert (code, err) == (0, "")
    html = (parallel / "feedback" / "s01-full" / QUIZ / f"{QUIZ}.html").read_text()
    assert "score_choice" not in html  # hidden tests stay out of feedback


@pytest.mark.slow
def test_release_collect_and_nbgraders_refusal_in_one_line(generated: Path, tmp_path: Path):
    root = _course_copy(generated, tmp_path / "course")
    assert _cli("release", QUIZ, "--root", str(root))[0] == 0
    assert (root / "exchange" / "alsedu" / "outbound" / QUIZ / f"{QUIZ}.ipynb").is_file()
    code, _, err = _cli("release", QUIZ, "--root", str(root))
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"alsedu course: nbgrader could not release {QUIZ}: ")
    handed = root / "exchange" / "alsedu" / "inbound" / f"s10+{QUIZ}+2026-03-02 10:00:00 UTC+x1"
    handed.mkdir(parents=True)
    shutil.copy(root / "release" / QUIZ / f"{QUIZ}.ipynb", handed)
    code, out, _ = _cli("collect", QUIZ, "--root", str(root))
    assert code == 0 and (root / "submitted" / "s10" / QUIZ / f"{QUIZ}.ipynb").is_file()


@pytest.mark.slow
def test_bad_input_gets_one_line_exit_2_and_leaves_the_gradebook_untouched(
    generated: Path, tmp_path: Path
):
    root = _course_copy(generated, tmp_path / "course")
    shutil.copytree(ROOT / "source" / OTHER, root / "source" / OTHER)  # not generated
    before = hashlib.md5((root / "gradebook.db").read_bytes()).hexdigest()
    cases = {
        ("autograde", "quiz-self-kare"): "unknown assignment 'quiz-self-kare'; did you mean",
        ("autograde", OTHER): f"{OTHER} is not in the gradebook yet",
        ("autograde", QUIZ, "--student", "nobody"): "no submission from 'nobody'",
        ("autograde", QUIZ, "--jobs", "0"): "--jobs 0: give 1 or more",
        ("feedback", "nope"): "unknown assignment 'nope'",
        ("generate", "nope"): "unknown assignment 'nope'",
    }
    for argv, says in cases.items():
        code, out, err = _cli(*argv, "--root", str(root))
        assert (code, out, err.count("\n")) == (2, "", 1), argv
        assert err.startswith("alsedu course: ") and says in err, err
    assert hashlib.md5((root / "gradebook.db").read_bytes()).hexdigest() == before
    assert not (root / "autograded").exists()


def test_a_missing_gradebook_or_course_folder_is_one_line(tmp_path: Path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    code, _, err = _cli("autograde", QUIZ, "--root", str(tmp_path))
    assert code == 2 and "no gradebook at" in err and err.count("\n") == 1
    assert not (tmp_path / "gradebook.db").exists()
    code, _, err = _cli("autograde", QUIZ, "--root", str(tmp_path / "nowhere"))
    assert code == 2 and "no nbgrader_config.py in" in err


@pytest.mark.slow
def test_a_postgresql_gradebook_that_does_not_answer_is_one_line(tmp_path: Path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    url = "postgresql+psycopg://grader:secret@127.0.0.1:9/gradebook"
    code, _, err = _cli("autograde", QUIZ, "--root", str(tmp_path), "--db", url)
    assert code == 2 and err.count("\n") == 1 and "does not answer" in err
    assert "secret" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_with_time_left_on_a_terminal_and_lines_elsewhere():
    terminal = _Terminal()
    bar = Progress(4, out=terminal)
    bar.start()
    bar.step("s01", graded=True)
    bar.step("s02", graded=False)
    bar.finish()
    drawn = terminal.getvalue()
    assert drawn.startswith("[" + "." * 30 + "] 0/4, estimating time left\r")
    assert drawn.endswith("\r[" + "#" * 15 + "." * 15 + "] 2/4, about 0:00 left\n")
    plain = io.StringIO()
    lines = Progress(2, out=plain)
    lines.start()
    lines.step("s01", graded=True)
    lines.step("s02", graded=False)
    assert plain.getvalue().splitlines() == [
        "[1/2] s01: graded",
        "[2/2] s02: not graded fully (see above)",
    ]


@pytest.mark.slow
def test_a_class_autograded_in_parallel_into_postgresql_and_exported(generated, tmp_path):
    """The same class graded with --jobs 2 into a real PostgreSQL gradebook (Debian's server)
    gives the SQLite run's scores, and exports one row per graded student."""
    import csv

    from .postgres import postgres_server

    with postgres_server() as url:
        course = _course_copy(generated, tmp_path / "course")
        assert _cli("generate", QUIZ, "--root", str(course), "--db", url)[0] == 0
        code, _, err = _cli("autograde", QUIZ, "--root", str(course), "--jobs", "2", "--db", url)
        assert code == 1, err  # the broken submissions are reported, the rest graded
        sqlite = _course_copy(generated, tmp_path / "sqlite")
        assert _cli("autograde", QUIZ, "--root", str(sqlite), "--jobs", "2")[0] == 1
        assert gradebook_snapshot(url, QUIZ) == gradebook_snapshot(_db(sqlite), QUIZ)
        out = tmp_path / "grades.csv"
        assert _cli("export", QUIZ, "--root", str(course), "--db", url, "--out", str(out))[0] == 0
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert {row["student_id"] for row in rows} >= set(GRADED)
        assert any(float(row[f"{QUIZ}:total"] or 0) > 0 for row in rows)


@pytest.mark.slow
def test_a_partly_right_plan_earns_part_credit_when_autograded(tmp_path):
    """Capstone case items are marked part by part: right decision, referral and pressure,
    wrong sites and techniques earn a share of the client's points, as autograde records."""
    from nbgrader.api import Gradebook

    capstone = "capstone-assessment"
    course = tmp_path / "course"
    shutil.copytree(ROOT / "source" / capstone, course / "source" / capstone)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    assert _cli("generate", capstone, "--root", str(course))[0] == 0
    release = nbformat.read(course / "release" / capstone / f"{capstone}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / capstone / f"{capstone}.ipynb", as_version=4)
    answer = next(c for c in source.cells if c.id == "case-peter_answer").source
    typed = re.sub(r"### (BEGIN|END) SOLUTION\n", "", answer)
    typed = typed.replace('"abdomen"', '"left calf"')  # a wrong site ...
    typed = re.sub(r"(leave_out_1 = \(\n)(.*?)(\n\))", r'\1    "percussion"\3', typed, flags=re.S)
    next(c for c in release.cells if c.id == "case-peter_answer").source = typed
    folder = course / "submitted" / "ada" / capstone
    folder.mkdir(parents=True)
    nbformat.write(release, folder / f"{capstone}.ipynb")
    assert _cli("autograde", capstone, "--root", str(course), "--jobs", "1")[0] == 0
    with Gradebook(_db(course)) as gradebook:
        grade = gradebook.find_grade("case-peter_test", capstone, capstone, "ada")
        assert 0 < grade.auto_score < grade.max_score == 10
