"""The graded nbgrader course (issue 10): answer parsing and scoring, and the six assignments
run through nbgrader's own API in a scratch copy of the course (R5 of the research notes)."""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from alsedu import grading, load_bank, screen
from alsedu.assignments import (
    CAPSTONE,
    CAPSTONE_CASES,
    QUIZZES,
    SAFETY_SECTIONS,
    expected_parts,
)
from alsedu.cli import main
from alsedu.codes import SEED_IDS, SITES, TECHNIQUES
from alsedu.grading import AnswerFormatError
from alsedu.labels import REFER_LABELS, TECHNIQUE_LABELS, site_label

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = [*QUIZZES.values(), CAPSTONE]
NBGRADER_KEYS = {"schema_version", "grade", "solution", "locked", "task", "grade_id", "points"}
OUR_KEYS = {"question", "case", "section", "seed", "kind"}
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "END HIDDEN", "MARK SCHEME")


def _source(assignment: str, root: Path = ROOT / "source") -> nbformat.NotebookNode:
    return nbformat.read(root / assignment / f"{assignment}.ipynb", as_version=4)


def _graded_cells(assignment: str) -> list[nbformat.NotebookNode]:
    return [c for c in _source(assignment).cells if c.metadata["nbgrader"].get("grade")]


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- choice answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "letters"),
    [
        ("b", ["b"]),
        (" B ", ["b"]),
        ("(c)", ["c"]),
        ("a, c", ["a", "c"]),
        ("A C", ["a", "c"]),
        ("a;c", ["a", "c"]),
        ("ac", ["a", "c"]),
        ("a and c", ["a", "c"]),
        (["A", "c"], ["a", "c"]),
        (("c", "a", "d", "b"), ["c", "a", "d", "b"]),
    ],
)
def test_letters_are_read_in_any_case_with_commas_spaces_or_a_list(typed, letters):
    assert grading.parse_letters(typed, "abcde") == letters


@pytest.mark.parametrize(
    ("typed", "kind", "says"),
    [
        (None, "single", "no answer yet. In place of None, type the letter of your choice"),
        (None, "multiple", 'for example "a, c"'),
        ("f", "single", "there is no option f: the options are a to e"),
        ("a, c", "single", "choose one letter only"),
        ("option c", "single", "'option' is not a letter"),
        (3, "single", "you typed 3 (a number)"),
        ("a, b", "ordering", "missing: c, d, e"),
        ("a a b c d e", "ordering", "a is there twice"),
        ("", "multiple", "the answer holds no letter"),
    ],
)
def test_the_visible_check_says_in_plain_words_what_is_wrong(typed, kind, says):
    with pytest.raises(AnswerFormatError, match=re.escape(says)):
        grading.check_format(typed, kind=kind, letters="abcde", question=3)


def test_the_visible_check_passes_a_readable_answer_and_shows_how_it_reads(capsys):
    grading.check_format("C, a", kind="multiple", letters="abcde", question=3)
    assert "Question 3: your answer reads as c, a." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("typed", "key", "kind", "points", "earned"),
    [
        ("b", "b", "single", 3, 3.0),
        ("B", "b", "case", 3, 3.0),
        ("c", "b", "single", 3, 0.0),
        ("a, b", "b", "single", 3, 0.0),  # unreadable for a choose-one: no points
        ("b, c, d", "b, c, d", "multiple", 5, 5.0),
        ("b, c", "b, c, d", "multiple", 5, 3.33),
        ("b, c, a", "b, c, d", "multiple", 5, 1.67),  # (2 right - 1 wrong) / 3 right
        ("a, e, b", "b, c, d", "multiple", 5, 0.0),  # never below 0
        (None, "b, c, d", "multiple", 5, 0.0),
        ("c a d b", "c, a, d, b", "ordering", 4, 4.0),
        ("c a b d", "c, a, d, b", "ordering", 4, 2.0),  # two steps in their place
        ("c a d", "c, a, d, b", "ordering", 4, 0.0),
    ],
)
def test_choice_scoring_and_partial_credit(typed, key, kind, points, earned):
    assert grading.score_choice(typed, key=key, kind=kind, points=points) == earned


# --- plan answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("none", "none"),
        ("No referral needed", "none"),
        ("routine", "routine"),
        ("next contact", "routine"),
        ("Soon", "soon"),
        ("within days", "soon"),
        ("same day", "same_day"),
        ("Same-day", "same_day"),
        ("same_day", "same_day"),
        ("today", "same_day"),
        ("emergency", "emergency"),
        ("call emergency services", "emergency"),
        *((label, code) for code, label in REFER_LABELS.items()),
    ],
)
def test_referrals_are_read_from_codes_and_the_courses_words(typed, code):
    assert grading.parse_referral(typed) == code


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("left calf", ["calf:left"]),
        ("calf:left", ["calf:left"]),
        ("Calf: Left", ["calf:left"]),
        ("left calf and right heel", ["calf:left", "heel:right"]),
        (["left calf", "right calf"], ["calf:both"]),
        ("both heels, belly", ["abdomen", "heel:both"]),
        ("knees, Both Ankles", ["knee:both", "ankle:both"]),
        ("left and right shoulders", ["shoulder:both"]),
        ("calf, both sides", ["calf:both"]),
        ("front of the neck", ["neck_front"]),
        ("lower back", ["low_back"]),
        ("none", []),
        ([], []),
    ],
)
def test_sites_are_read_from_words_or_codes(typed, keys):
    assert grading.parse_sites(typed) == keys


def test_every_site_reads_back_from_its_code_and_its_words():
    for site in SITES:
        for key in (site, f"{site}:left", f"{site}:right", f"{site}:both"):
            assert grading.parse_sites(key) == [key]
            assert grading.parse_sites(site_label(key).split(" [")[0]) == [key]


def test_every_technique_reads_back_from_its_code_its_label_and_short_names():
    for code in TECHNIQUES:
        assert grading.parse_techniques(code) == [code]
        assert grading.parse_techniques(TECHNIQUE_LABELS[code]) == [code]
    assert grading.parse_techniques(", ".join(TECHNIQUE_LABELS.values())) == list(TECHNIQUES)
    assert grading.parse_techniques("MLD, Tapotement; deep tissue") == [
        "mld",
        "percussion",
        "deep_tissue",
    ]
    assert grading.parse_techniques(["joint mobilization"]) == ["joint_mobilisation"]


@pytest.mark.parametrize(
    ("reader", "typed", "says"),
    [
        (grading.parse_sites, "neck", "could mean back of the neck or front of the neck"),
        (grading.parse_sites, "elbow pit", "not one of the sites"),
        (grading.parse_techniques, "deep", "could mean deep friction or deep-tissue work"),
        (grading.parse_techniques, "", 'type "none" if there are none'),
        (grading.parse_referral, "later", "type one of: none, routine, soon"),
        (grading.parse_pressure, 6, "a Walton level from 1 to 5"),
        (grading.parse_pressure, True, "a Walton level from 1 to 5"),
        (grading.parse_yes_no, "maybe", 'type "yes" or "no"'),
    ],
)
def test_unreadable_plan_parts_are_named_in_plain_words(reader, typed, says):
    with pytest.raises(AnswerFormatError, match=re.escape(says)):
        reader(typed)


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("level 3", 3),
        ("Walton level 2", 2),
        ("no massage", None),
        ("None", None),
        (0, None),
    ],  # fmt: skip
)
def test_pressure_is_a_walton_level_or_no_massage(typed, level):
    assert grading.parse_pressure(typed) == level


def test_go_ahead_is_yes_or_no():
    assert [grading.parse_yes_no(x) for x in ("Yes", "y", True, "no", "postpone", False)] == [
        True, True, True, False, False, False,
    ]  # fmt: skip


PLAN = {
    "go_ahead": "yes",
    "referral": "routine",
    "avoid_sites": ["abdomen", "calf:left"],
    "highest_pressure": 3,
    "leave_out": ["mld", "percussion"],
}


def test_a_plan_matching_in_every_part_earns_all_points():
    typed = {
        "go_ahead": "Yes",
        "referral": "next contact",
        "avoid_sites": "belly, left calf",
        "highest_pressure": "level 3",
        "leave_out": "MLD, tapotement",
    }
    assert grading.score_plan_parts(typed, expected=PLAN, points=10) == 10.0


def test_each_plan_part_earns_its_share(capsys):
    typed = {
        "go_ahead": "yes",  # 2 of 2
        "referral": "soon",  # 0 of 2
        "avoid_sites": "calf",  # both calves vs abdomen + left calf: 1 of 4 halves -> 0.5
        "highest_pressure": 3,  # 2 of 2
        "leave_out": "MLD, percussion, heat packs",  # 2 of 3 named by either -> 1.33
    }
    assert grading.score_plan_parts(typed, expected=PLAN, points=10) == 5.83
    out = capsys.readouterr().out
    assert "referral 0/2" in out and "routine" not in out  # parts in points, never the key


def test_a_stopped_plan_is_marked_on_go_ahead_referral_and_pressure_only():
    stopped = {"go_ahead": "no", "referral": "same_day", "highest_pressure": "no massage"}
    typed = {**PLAN, "go_ahead": "no", "referral": "same-day", "highest_pressure": "no massage"}
    assert grading.score_plan_parts(typed, expected=stopped, points=10) == 10.0
    typed["referral"] = "soon"
    assert grading.score_plan_parts(typed, expected=stopped, points=10) == 6.67


def test_an_unreadable_plan_part_earns_nothing_for_that_part():
    typed = {**PLAN, "avoid_sites": "neck"}
    assert grading.score_plan_parts(typed, expected=PLAN, points=10) == 8.0


def test_the_plan_check_lists_every_part_to_fix_by_its_name_in_the_notebook():
    typed = {**PLAN, "go_ahead": None, "highest_pressure": 9}
    with pytest.raises(AnswerFormatError) as error:
        grading.check_plan(typed, client=2)
    message = str(error.value)
    assert "Client 2: some answers cannot be read yet" in message
    assert "go ahead today (go_ahead_2) has no answer yet" in message
    assert "highest pressure (highest_pressure_2): type a Walton level" in message


# --- the source notebooks -------------------------------------------------------------------


def test_regenerating_the_source_changes_nothing(tmp_path: Path, capsys):
    assert main(["course", "generate-source", "--out", str(tmp_path)]) == 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.ipynb"))
    committed = sorted(p.relative_to(ROOT / "source") for p in (ROOT / "source").rglob("*.ipynb"))
    assert written == committed == [Path(a) / f"{a}.ipynb" for a in sorted(ASSIGNMENTS)]
    for path in written:
        stale = f"run `alsedu course generate-source`: source/{path} is stale"
        assert (tmp_path / path).read_bytes() == (ROOT / "source" / path).read_bytes(), stale


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_cells_follow_nbgrader_schema_3_with_our_data_apart(assignment):
    nb = _source(assignment)
    nbformat.validate(nb)
    for cell in nb.cells:
        meta = cell.metadata["nbgrader"]
        assert set(meta) <= NBGRADER_KEYS and meta["schema_version"] == 3
        assert cell.id == meta["grade_id"] and re.fullmatch(r"[a-zA-Z0-9_-]+", cell.id)
        assert set(cell.metadata.get("alsedu", {})) <= OUR_KEYS
        role = (meta["grade"], meta["solution"], meta["locked"])
        assert role in {(False, False, True), (False, True, False), (True, False, True),
                        (True, True, False)}, cell.id  # fmt: skip
        assert ("points" in meta) == meta["grade"]
        if cell.cell_type == "markdown":  # delimiter words never in prose (pitfall P5)
            assert not any(d in cell.source for d in DELIMITERS), cell.id
        if meta["grade"] and meta["solution"]:
            assert cell.cell_type == "markdown" and cell.id.endswith("_written")


def test_every_graded_question_appears_in_exactly_one_assignment():
    found = Counter(
        c.metadata["alsedu"]["question"]
        for a in ASSIGNMENTS
        for c in _graded_cells(a)
        if "question" in c.metadata["alsedu"]
    )
    assert found == Counter(q.id for q in load_bank().graded())


def test_the_course_assesses_all_30_seed_bullets():
    seen = {s for a in ASSIGNMENTS for c in _graded_cells(a) for s in c.metadata["alsedu"]["seed"]}
    assert sorted(seen, key=SEED_IDS.index) == list(SEED_IDS)


def test_most_points_sit_on_contraindications_and_technique_choice():
    points = Counter()
    for assignment in ASSIGNMENTS:
        for cell in _graded_cells(assignment):
            ours = cell.metadata["alsedu"]
            safety = (
                assignment == CAPSTONE
                or ours["section"] in SAFETY_SECTIONS
                or ours["kind"] == "case"
            )
            points[safety] += cell.metadata["nbgrader"]["points"]
    assert points[True] > 1.5 * points[False]  # 60 % or more


def test_capstone_clients_are_new_and_marked_against_the_engines_plan():
    bank = load_bank()
    shown = {c for m in bank.modules.values() for c in m.scenarios}
    assert not shown & set(CAPSTONE_CASES)
    tests = _graded_cells(CAPSTONE)
    assert [c.metadata["alsedu"]["case"] for c in tests] == list(CAPSTONE_CASES)
    for cell, case_id in zip(tests, CAPSTONE_CASES, strict=True):
        call = next(
            node
            for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "score_plan_parts"
        )
        hidden = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        plan = screen(bank.cases[case_id].case)
        assert hidden == {"expected": expected_parts(plan), "points": 10}


# --- through nbgrader -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory):
    """A scratch course (the committed source/ and nbgrader_config.py) with every assignment
    generated once through nbgrader's API."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    if shutil.which("alembic") is None:
        pytest.fail("nbgrader runs `alembic`: put the venv's bin on PATH")
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.Exchange.root = str(root / "exchange")
    config.Exchange.cache = str(root / "cache")
    api = NbGraderAPI(config=config)
    results = {a: api.generate_assignment(a, force=True) for a in ASSIGNMENTS}
    return root, config, results


def _validate(config, path: Path, invert: bool) -> dict:
    from nbgrader.validator import Validator

    return Validator(config=config, invert=invert).validate(str(path))


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_generate_assignment_succeeds(course, assignment):
    result = course[2][assignment]
    assert result["success"], result["log"] + result.get("error", "")


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solutions_pass_and_the_blank_release_passes_nothing(course, assignment):
    root, config, _ = course
    notebook = f"{assignment}/{assignment}.ipynb"
    assert _validate(config, root / "source" / notebook, invert=False) == {}
    assert _validate(config, root / "release" / notebook, invert=True) == {}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_holds_no_key_rubric_model_answer_or_hidden_test(course, assignment):
    root, _, _ = course
    release = nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    source = _source(assignment, root / "source")
    assert [c.id for c in release.cells] == [c.id for c in source.cells]
    text = _one_line(" ".join(c.source + json.dumps(c.metadata) for c in release.cells))
    for secret in (*DELIMITERS, "score_choice", "score_plan_parts", "key=", "expected=",
                   "Model answer", "Marking guide"):  # fmt: skip
        assert secret not in text
    for question in (q for q in load_bank().graded() if q.rubric):
        assert _one_line(question.rubric.model_answer)[:80] not in text
        for criterion in question.rubric.criteria:
            assert _one_line(criterion.text)[:80] not in text
    for cell in release.cells:
        if cell.metadata["nbgrader"]["solution"] and cell.cell_type == "code":
            code = [line for line in cell.source.splitlines() if not line.strip().startswith("#")]
            assert '"' not in "".join(code) and "None" in "".join(code)  # every value a stub
            assert cell.source.count("None\n)") == cell.source.count(" = (")
        if cell.id.endswith("_written"):
            assert cell.source == "Write your answer here."


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_blank_submission_run_with_its_hidden_tests_shows_only_plain_messages(course, assignment):
    """What autograde runs for a blank submission (the release, hidden tests put back): every
    test fails with a one-line message in words, and no output quotes a hidden line."""
    from nbclient import NotebookClient

    root = course[0]
    notebook = f"{assignment}/{assignment}.ipynb"
    tests = {c.id: c.source for c in _graded_cells(assignment) if c.cell_type == "code"}
    nb = nbformat.read(root / "release" / notebook, as_version=4)
    for cell in nb.cells:
        cell.source = tests.get(cell.id, cell.source)
    NotebookClient(nb, allow_errors=True, timeout=60).execute()
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        shown = json.dumps(cell.outputs)
        assert not any(s in shown for s in ("key=", "expected=", "score_", "HIDDEN", "stderr"))
        if cell.id in tests:
            (error,) = cell.outputs
            said = error.evalue
            assert len(error.traceback) == 1
            assert "no answer yet" in said or "cannot be read" in said
