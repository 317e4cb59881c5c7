"""``alsedu course export`` and ``report`` (issue 10 §3) on a gradebook built by hand.

The gradebook is made with nbgrader's ``Gradebook`` API (no autograde), the source notebook
and the students' answer notebooks with nbformat in the cell format of
:mod:`alsedu.assignments`, so every expected number below can be worked out by hand.

quiz-a (2 points each item; s6 handed nothing in)::

    student  q-one (b)  q-two (a)  q-three (written)  q-four (a, c: choose all)  total
    s1       "b"  2     "c"  0     2                  "a, c"  2                  6
    s2       "B"  2     "c"  0     2                  "a"     1                  5
    s3       "b"  2     "a"  2     0                  "d"     0                  4
    s4       "d"  0     "a"  2     0                  "c"     1                  3
    s5       a    0     None 0     0                  "c, d"  0                  0

Strong group s1, s2 and weak group s4, s5 (27 % of 5, rounded up). q-two is the item most
of the class missed, and its wrong option c drew both strong students and no weak one.
quiz-b (one 3-point item, key c): s1 "c", s2 "a", s3 "c".
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import warnings
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from alsedu import grading
from alsedu.assignments import CAPSTONE, QUIZZES
from alsedu.cli import main
from alsedu.itemreport import STUDENT_COLUMNS, Item, choice_spec, chosen_letters

ROOT = Path(__file__).resolve().parent.parent
LETTER_NAMES = {name: name.lower() for name in "abcdefghABCDEFGH"}

#: (question id, kind, letters, key, points); a written item has no letters or key.
QUIZ_A = [
    ("q-one", "single", "abcd", "b", 2),
    ("q-two", "single", "abcd", "a", 2),
    ("q-three", "written", "", "", 2),
    ("q-four", "multiple", "abcd", "a, c", 2),
]
QUIZ_B = [("q-five", "single", "abc", "c", 3)]
#: What each student typed after ``answer_<n> =`` (Python source), or a written item's marks.
TYPED = {
    "quiz-a": {
        "s1": ['"b"', '"c"', 2, '"a, c"'],
        "s2": ['"B"', '"c"', 2, '"a"'],
        "s3": ['"b"', '"a"', 0, '"d"'],
        "s4": ['"d"', '"a"', 0, '"c"'],
        "s5": ["a", "None", 0, '["c", "d"]'],
    },
    "quiz-b": {"s1": ['"c"'], "s2": ['"a"'], "s3": ['"c"']},
}
#: (id, first name, last name, email): names an import must not break.
STUDENTS = [
    ("s1", "Zoë", 'O\'Brien, "Bo"', "zoe+als@example.org"),
    ("s2", "Anne, Marie", "Dupont-Lévesque", "anne@example.org"),
    ("s3", "小龙", "李", "li@example.org"),
    ("s4", "Sam", "Ng; Tran", "sam@example.org"),
    ("s5", "Émile", "Zola", ""),
    ("s6", "Nobody", "Absent", "absent@example.org"),
]
ASSIGNMENTS = {"quiz-a": QUIZ_A, "quiz-b": QUIZ_B}


def _cell(make, source: str, grade_id: str, ours: dict, **role) -> nbformat.NotebookNode:
    """One cell with nbgrader's schema 3 keys (read-only unless ``role`` says) and ours."""
    meta = {"schema_version": 3, "grade": False, "solution": False, "locked": True,
            "task": False, "grade_id": grade_id, **role}  # fmt: skip
    return make(source, id=grade_id, metadata={"nbgrader": meta, "alsedu": ours})


def _cells(items: list[tuple], typed: list | None) -> list[nbformat.NotebookNode]:
    """The notebook's cells as alsedu.assignments writes them: the source when ``typed`` is
    None, else a student's notebook with those answers."""
    cells = []
    for n, (qid, kind, letters, key, points) in enumerate(items, start=1):
        ours = {"question": qid, "section": "treatment", "seed": ["TR1"], "kind": kind}
        cells.append(_cell(new_markdown_cell, f"### Question {n}", f"{qid}_question", ours))
        if kind == "written":
            answer = "Model answer." if typed is None else "My answer."
            cells.append(
                _cell(new_markdown_cell, answer, f"{qid}_written", ours,
                      grade=True, solution=True, locked=False, points=points)
            )  # fmt: skip
            continue
        value = f'"{key}"' if typed is None else typed[n - 1]
        answer = f"# Question {n}\nanswer_{n} = (\n    {value}\n)"
        cells.append(
            _cell(new_code_cell, answer, f"{qid}_answer", ours, solution=True, locked=False)
        )
        test = (
            "from alsedu import grading\n\ngrading.short_errors()\n"
            f'grading.check_format(answer_{n}, kind="{kind}", letters="{letters}", question={n})\n'
            "### BEGIN HIDDEN TESTS\n"
            f'grading.score_choice(answer_{n}, key="{key}", kind="{kind}", points={points})\n'
            "### END HIDDEN TESTS"
        )
        cells.append(_cell(new_code_cell, test, f"{qid}_test", ours, grade=True, points=points))
    return cells


def _write_notebook(path: Path, cells: list) -> None:
    nb = new_notebook(cells=cells)
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _grade_cell(qid: str, kind: str) -> str:
    return f"{qid}_written" if kind == "written" else f"{qid}_test"


def _score(typed: str | int, kind: str, key: str, points: int) -> float:
    """What the autograder gives: the hidden test's own scoring (a written item: its mark)."""
    if kind == "written":
        return float(typed)
    value = eval(typed, dict(LETTER_NAMES))  # noqa: S307 (the test's own answers)
    return grading.score_choice(value, key=key, kind=kind, points=points)


def _build_course(root: Path) -> None:
    from nbgrader.api import Gradebook

    root.mkdir()
    (root / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "alsedu"\n'
    )
    with (
        warnings.catch_warnings(),  # nbgrader's add_submission trips SQLAlchemy's autoflush
        Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="alsedu") as gb,
    ):
        warnings.simplefilter("ignore")
        for student, first, last, email in STUDENTS:
            gb.add_student(student, first_name=first, last_name=last, email=email or None)
        for assignment, items in ASSIGNMENTS.items():
            _write_notebook(
                root / "source" / assignment / f"{assignment}.ipynb", _cells(items, None)
            )
            gb.add_assignment(assignment)
            gb.add_notebook(assignment, assignment)
            for qid, kind, _, _, points in items:
                cell_type = "markdown" if kind == "written" else "code"
                gb.add_grade_cell(_grade_cell(qid, kind), assignment, assignment,
                                  max_score=points, cell_type=cell_type)  # fmt: skip
            for student, typed in TYPED[assignment].items():
                folder = "autograded" if student != "s3" else "submitted"  # both are read
                path = root / folder / student / assignment / f"{assignment}.ipynb"
                _write_notebook(path, _cells(items, typed))
                gb.add_submission(assignment, student)
                for (qid, kind, _, key, points), said in zip(items, typed, strict=True):
                    grade = gb.find_grade(_grade_cell(qid, kind), assignment, assignment, student)
                    score = _score(said, kind, key, points)
                    if kind == "written":
                        grade.manual_score = score
                    else:
                        grade.auto_score = score
                    grade.needs_manual_grade = False
                gb.db.commit()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("alembic") is None:
        pytest.fail("nbgrader runs `alembic`: put the venv's bin on PATH")
    root = tmp_path_factory.mktemp("itemreport") / "course"
    _build_course(root)
    return root


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# --- export -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_export_has_one_row_per_student_and_a_column_per_item_with_totals(course, tmp_path):
    out = tmp_path / "grades.csv"
    assert main(["course", "export", "--root", str(course), "--out", str(out)]) == 0
    rows = _csv(out)
    assert list(rows[0]) == [
        *STUDENT_COLUMNS,
        "quiz-a:q-one", "quiz-a:q-two", "quiz-a:q-three", "quiz-a:q-four", "quiz-a:total",
        "quiz-b:q-five", "quiz-b:total", "total",
    ]  # fmt: skip
    by_id = {row["student_id"]: row for row in rows}
    assert sorted(by_id) == [s[0] for s in STUDENTS]
    scores = {s: [by_id[s][c] for c in list(rows[0])[5:]] for s in by_id}
    assert scores == {
        "s1": ["2", "0", "2", "2", "6", "3", "3", "9"],
        "s2": ["2", "0", "2", "1", "5", "0", "0", "5"],
        "s3": ["2", "2", "0", "0", "4", "3", "3", "7"],
        "s4": ["0", "2", "0", "1", "3", "", "", "3"],
        "s5": ["0", "0", "0", "0", "0", "", "", "0"],
        "s6": ["", "", "", "", "", "", "", "0"],  # handed nothing in
    }


@pytest.mark.slow
def test_names_with_commas_quotes_and_accents_survive_a_round_trip(course, tmp_path):
    out = tmp_path / "grades.csv"
    assert main(["course", "export", "quiz-b", "--root", str(course), "--out", str(out)]) == 0
    read = {r["student_id"]: (r["first_name"], r["last_name"], r["email"]) for r in _csv(out)}
    assert read == {s: (first, last, email) for s, first, last, email in STUDENTS}
    assert list(_csv(out)[0])[5:] == ["quiz-b:q-five", "quiz-b:total", "total"]
    assert '"O\'Brien, ""Bo"""' in out.read_text(encoding="utf-8")  # quoted the CSV way


@pytest.mark.slow
def test_the_export_reads_the_gradebook_named_with_db(course, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "grades.csv"
    db = f"sqlite:///{course / 'gradebook.db'}"
    code = main(["course", "export", "quiz-a", "--root", str(elsewhere), "--db", db,
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    # no source notebook in this folder: columns fall back to the grade cells' names
    columns = ["q-four_test", "q-one_test", "q-three_written", "q-two_test"]
    assert list(_csv(out)[0])[5:] == [*(f"quiz-a:{c}" for c in columns), "quiz-a:total", "total"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["gradebook.db", "gradebook.csv"])
def test_the_export_never_writes_over_the_gradebook(course, tmp_path, capsys, name):
    """Review defect 1: ``--out gradebook.db`` replaced the gradebook with the CSV."""
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    gradebook = copy / "gradebook.db"
    db = []
    if name.endswith(".csv"):  # a gradebook file named like an export, named with --db
        gradebook = gradebook.rename(copy / name)
        db = ["--db", f"sqlite:///{gradebook}"]
    before = gradebook.read_bytes()
    export = ["course", "export", "--root", str(copy), *db]
    assert main([*export, "--out", str(copy / name), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("gradebook" in err or "must end in .csv" in err)
    assert gradebook.read_bytes() == before
    assert main([*export, "--out", str(tmp_path / "ok.csv")]) == 0


@pytest.mark.slow
def test_the_export_asks_before_replacing_a_file_and_writes_whole(course, tmp_path, capsys):
    """Review defects 26 and 11: an older file needs --force; a folder, link or pipe never."""
    out = tmp_path / "grades.csv"
    out.write_text("an older export\n")
    args = ["course", "export", "--root", str(course), "--out", str(out)]
    assert main(args) == 2 and "add --force" in capsys.readouterr().err
    assert out.read_text() == "an older export\n"
    assert main([*args, "--force"]) == 0 and out.read_text().startswith("student_id")
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "link.csv").symlink_to(out)
    for other in ("folder.csv", "pipe.csv", "link.csv"):
        code = main(["course", "export", "--root", str(course), "--out", str(tmp_path / other),
                     "--force"])  # fmt: skip
        assert code == 2, other
    err = capsys.readouterr().err
    assert err.count("not a plain file") == 2 and "this is a link" in err
    assert (tmp_path / "pipe.csv").is_fifo() and out.read_text().startswith("student_id")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder.csv",
        "grades.csv",
        "link.csv",
        "pipe.csv",
    ]  # no partial file left beside them


@pytest.mark.slow
def test_the_export_turns_formulas_in_student_details_into_text(course, tmp_path):
    """Review defect 7 (OWASP CSV injection): cells starting = + - @ TAB CR ran as formulas."""
    from nbgrader.api import Gradebook

    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    hostile = {
        "=1+1": ('=HYPERLINK("http://x","y")', "+1", "-2+3"),
        "@SUM(1+1)": ("=cmd|' /C calc'!A0", "\t=1+2", "\r=1+3"),
    }
    with Gradebook(f"sqlite:///{copy / 'gradebook.db'}", course_id="") as gradebook:
        for student_id, (first, last, email) in hostile.items():
            gradebook.add_student(student_id, first_name=first, last_name=last, email=email)
    out = tmp_path / "grades.csv"
    assert main(["course", "export", "--root", str(copy), "--out", str(out)]) == 0
    rows = {r["student_id"]: r for r in _csv(out)}
    for student_id, details in hostile.items():
        row = rows["'" + student_id]
        assert [row["first_name"], row["last_name"], row["email"]] == ["'" + d for d in details]
    for row in rows.values():
        for column in STUDENT_COLUMNS:
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row[column]


# --- report -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["course", "report", "quiz-a", "--root", str(course), "--out", str(out)]) == 0
    return out


def _point_biserial(item: list[float], rest: list[float]) -> float:
    """The textbook formula: (mean rest of those right - of those wrong) / sd * sqrt(p q)."""
    right = [r for x, r in zip(item, rest, strict=True) if x]
    wrong = [r for x, r in zip(item, rest, strict=True) if not x]
    p = len(right) / len(item)
    spread = statistics.pstdev(rest)
    return (statistics.fmean(right) - statistics.fmean(wrong)) / spread * (p * (1 - p)) ** 0.5


@pytest.mark.slow
def test_report_gives_share_at_full_marks_discrimination_and_option_counts(report):
    rows = {row["item"]: row for row in _csv(report / "report.csv")}
    assert list(rows) == ["q-one", "q-two", "q-three", "q-four"]
    assert {i: rows[i]["difficulty"] for i in rows} == {
        "q-one": "0.600", "q-two": "0.400", "q-three": "0.400", "q-four": "0.200"
    }  # fmt: skip
    # q-one: right for s1-s3, wrong for s4, s5; rest of the test 4, 3, 2, 3, 0
    expected = _point_biserial([2, 2, 2, 0, 0], [4, 3, 2, 3, 0])
    assert float(rows["q-one"]["discrimination"]) == pytest.approx(expected, abs=1e-3)
    assert expected == pytest.approx(0.542, abs=1e-3)
    assert float(rows["q-two"]["discrimination"]) < 0  # the strong students chose c
    chose = {i: [rows[i][f"chose_{x}"] for x in "abcd"] + [rows[i]["no_answer"]] for i in rows}
    assert chose == {
        "q-one": ["1", "3", "0", "1", "0"],  # s5's bare a reads as "a"
        "q-two": ["2", "0", "2", "0", "1"],  # s5 left None
        "q-three": ["", "", "", "", ""],  # written: no options
        "q-four": ["2", "0", "3", "2", "0"],  # choose all: a student counts once per letter
    }
    assert rows["q-four"]["key"] == "a, c"


@pytest.mark.slow
def test_report_flags_the_most_missed_item_and_a_distractor_that_drew_strong_students(report):
    flags = {row["item"]: row["flags"] for row in _csv(report / "report.csv")}
    assert flags == {
        "q-one": "",
        "q-two": "most-missed; strong-distractor:c; negative-discrimination",
        "q-three": "most-missed",
        "q-four": "most-missed",  # option d drew a weak student, not a strong one
    }
    text = (report / "report.md").read_text(encoding="utf-8")
    assert "# Item analysis: quiz-a" in text
    assert (
        "option c, a wrong answer, drew 2 of the 2 strongest students and 0 of the 2 weakest"
        in text
    )
    assert "only 2 of 5 students (40%) scored full marks" in text
    row = "| 1 | q-one | choose one | 2 | 3 of 5 (60%) | 1.2 | 0.54 | a 1 · b 3 (key) · c 0 · d 1 |"
    assert row in text
    assert "![Scatter plot of 4 items of quiz-a" in text


@pytest.mark.slow
def test_report_draws_difficulty_against_discrimination_with_its_numbers(report):
    from PIL import Image

    numbers = json.loads((report / "report-figure.json").read_text(encoding="utf-8"))
    plotted = {
        p["item"]: (p["difficulty"], p["discrimination"], p["flagged"]) for p in numbers["points"]
    }
    assert plotted["q-one"] == (0.6, pytest.approx(0.542, abs=1e-3), False)
    assert plotted["q-two"][:1] == (0.4,) and plotted["q-two"][1] < 0 and plotted["q-two"][2]
    assert numbers["not_plotted"] == []
    assert "Flagged: item 2 (q-two) at 40% full marks" in numbers["alt"]
    with Image.open(report / "report.png") as image:
        image.verify()
    with Image.open(report / "report.png") as image:
        width, height = image.size
    assert abs(width - 1000) < 50 and abs(height - 600) < 50  # 10 x 6 inches at 100 dpi


@pytest.mark.slow
def test_answers_waiting_for_manual_grading_are_noted_not_flagged(course, tmp_path):
    from nbgrader.api import Gradebook

    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    with Gradebook(f"sqlite:///{copy / 'gradebook.db'}", course_id="alsedu") as gb:
        for student in ("s1", "s2"):  # their written answers are not marked yet
            grade = gb.find_grade("q-three_written", "quiz-a", "quiz-a", student)
            grade.manual_score, grade.needs_manual_grade = None, True
        gb.db.commit()
    out = tmp_path / "report"
    assert main(["course", "report", "quiz-a", "--root", str(copy), "--out", str(out)]) == 0
    rows = {row["item"]: row for row in _csv(out / "report.csv")}
    assert rows["q-three"]["not_marked_yet"] == "2" and rows["q-three"]["flags"] == ""
    assert rows["q-three"]["difficulty"] == "0.000"  # unmarked answers count 0 meanwhile
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "Answers still wait for manual grading on items 3 (2)" in text
    assert "| most missed; 2 not marked yet |" not in text and "| 2 not marked yet |" in text


# --- reading answers ----------------------------------------------------------------------------


def test_choice_specs_read_every_committed_quiz_question_with_its_key():
    from alsedu import load_bank

    answers = {q.id: q.answer for q in load_bank().graded()}
    read = 0
    for assignment in [*QUIZZES.values(), CAPSTONE]:
        nb = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        for cell in nb.cells:
            ours = cell.metadata.get("alsedu", {})
            if cell.id.endswith("_test") and ours.get("kind") in {"single", "case", "multiple"}:
                variable, letters, key = choice_spec(cell.source)
                want = answers[ours["question"]]
                assert variable.startswith("answer_") and set(key) <= set(letters)
                assert list(key) == ([want] if isinstance(want, str) else sorted(want))
                read += 1
    assert read > 20


@pytest.mark.parametrize(
    ("typed", "kind", "letters"),
    [("b", "single", ["b"]), ("a, c", "single", None), ("C a c", "multiple", ["c", "a"]),
     ("z", "single", None), (3, "single", None), (None, "single", None)],
)  # fmt: skip
def test_choices_are_read_as_the_marking_reads_them(typed, kind, letters):
    item = Item("quiz", "quiz", "q_test", "q", kind, 2.0, "answer_1", "abcd", ("b",))
    assert chosen_letters(typed, item) == letters


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_unknown_assignment_is_one_line_and_exit_2(course, tmp_path, capsys):
    for step in ("export", "report"):
        code = main(["course", step, "quiz-c", "--root", str(course), "--out", str(tmp_path / "x")])
        assert code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith("alsedu course: unknown assignment 'quiz-c'; did you mean")
        assert "the gradebook has: quiz-a, quiz-b" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_a_missing_gradebook_is_one_line_and_exit_2_and_none_is_made(tmp_path, capsys):
    for argv in (
        ["export", "--root", str(tmp_path), "--out", str(tmp_path / "g.csv")],
        ["report", "quiz-a", "--root", str(tmp_path), "--out", str(tmp_path / "r")],
        ["export", "--db", f"sqlite:///{tmp_path / 'no.db'}", "--out", str(tmp_path / "g.csv")],
    ):
        assert main(["course", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("alsedu course: no gradebook at ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no empty gradebook left behind


@pytest.mark.slow
@pytest.mark.parametrize(
    ("db", "says"),
    [
        ("not a url", "is not a database URL"),
        ("sqlite:///{tmp}/text.db", "cannot open the gradebook sqlite:///"),
        ("sqlite:///{tmp}/other.db", "is not an nbgrader gradebook"),
        ("postgresql://nobody@127.0.0.1:1/gradebook", "cannot open the gradebook postgresql://"),
    ],
)
def test_a_gradebook_that_cannot_be_read_is_one_line_and_exit_2(db, says, tmp_path, capsys):
    import sqlite3

    (tmp_path / "text.db").write_text("not a database")
    with sqlite3.connect(tmp_path / "other.db") as other:
        other.execute("create table notes (text)")
    url = db.format(tmp=tmp_path)
    out = tmp_path / "g.csv"
    assert main(["course", "export", "--root", str(tmp_path), "--db", url, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err
    assert not out.exists()
