"""Build the graded nbgrader course: the source notebooks of ``source/`` (issue 10).

Six assignments, each one notebook ``source/<id>/<id>.ipynb``: a quiz per seed section
(``quiz-signs-symptoms`` ... ``quiz-self-care``) holding every graded question of that
section, and ``capstone-assessment``, whole clients from the bank planned part by part.

Cells follow nbgrader's schema 3 roles, with cell ids equal to their ``grade_id``:

* ``<question>_question``: the question and its options (Markdown, read-only);
* ``<question>_answer``: the student replaces ``None`` in ``answer_<n> = (None)`` (the
  parentheses let nbgrader's solution region hold just the value);
* ``<question>_test``: a visible check that the answer can be read, then hidden tests that
  pass the key to :mod:`alsedu.grading` and end with the points earned;
* ``<question>_written``: a hand-marked Markdown answer; in ``source/`` it holds the model
  answer and the marking guide, which nbgrader replaces with the text stub on release;
* capstone ``<case>_story`` / ``<case>_answer`` / ``<case>_test``: five plan fields per client,
  the engine's plan written into the hidden test at generation time.

Our own data (question or case id, section, seed bullets, kind) sits under
``cell.metadata["alsedu"]``; it never holds a key. Run ``alsedu course generate-source``
after changing graded questions; a test checks that regenerating changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .bank import Bank, load_bank
from .codes import SECTIONS, SEED_IDS, SITES
from .errors import ContentError, Problem
from .grading import NO_MASSAGE, PLAN_PARTS
from .labels import REFER_LABELS, SITE_NAMES, TECHNIQUE_LABELS, site_label
from .notebooks import KERNEL
from .schema import CaseFile, Question
from .screening import Plan, screen
from .writing import prepare_folder, write_output

QUIZZES: dict[str, str] = {section: f"quiz-{section}" for section in SECTIONS}
CAPSTONE = "capstone-assessment"
#: Capstone clients in rising difficulty, none of them a module scenario or the teaching
#: capstone: a new feeding tube with swollen ankles (technique choice), a fresh port with
#: bruising (sites and pressure), a long-swollen paralysed hand asking for drainage
#: (technique choice), new bleeding on warfarin (pressure and referral), and new numbness
#: after a spinal injection (the session must wait).
CAPSTONE_CASES = ("case-peter", "case-celia", "case-ivo", "case-aurelia", "case-priya")
#: Points weighting. Most points sit on contraindications and technique choice (issue 10):
#: a missed contraindication or a wrong technique can harm a client, a missed fact rarely
#: does. So a choice question in the contraindications or treatment quiz, and every case
#: question (what to do for one client), earns SAFETY_POINTS; other choice questions earn
#: OTHER_POINTS; written answers earn their rubric's points; each capstone client (all
#: contraindications and technique choice) earns PLAN_POINTS, 2 for each of its five parts.
SAFETY_SECTIONS = frozenset({"contraindications", "treatment"})
SAFETY_POINTS = 3
OTHER_POINTS = 2
PLAN_POINTS = 10
LETTERS = "abcdefgh"
HIDDEN_SOURCE = {"jupyter": {"source_hidden": True}}
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SETUP = (
    "# Run this cell first: Run > Run All Cells does it for you.\n"
    "from alsedu import grading\n\n"
    "grading.short_errors()  # an error shows its message only\n"
    "# A letter typed without quotes (answer_1 = b or B) counts as well.\n"
    'a, b, c, d, e, f, g, h = A, B, C, D, E, F, G, H = "abcdefgh"'
)
CAPSTONE_SETUP = (
    "# Run this cell first: Run > Run All Cells does it for you.\n"
    "from alsedu import grading\n\n"
    "grading.short_errors()  # an error shows its message only\n"
    "# yes and no typed without quotes count as well.\n"
    'yes, no = "yes", "no"'
)


def _nbgrader(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    points: int | None = None,
) -> dict[str, object]:
    """nbgrader's schema 3 keys for one cell role (see the roles table of the notes)."""
    meta: dict[str, object] = {
        "schema_version": 3,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "task": False,
        "grade_id": grade_id,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _read_only(text: str, cell_id: str, ours: dict[str, object] | None = None) -> NotebookNode:
    metadata: dict[str, object] = {"nbgrader": _nbgrader(cell_id, locked=True)}
    if ours:
        metadata["alsedu"] = ours
    return new_markdown_cell(text, id=cell_id, metadata=metadata)


def _setup(source: str, cell_id: str) -> NotebookNode:
    metadata = {"nbgrader": _nbgrader(cell_id, locked=True), **HIDDEN_SOURCE}
    return new_code_cell(source, id=cell_id, metadata=metadata)


def _value(name: str, value: str, comment: str) -> str:
    """``name = (value)`` with the value as the solution region (the stub keeps the name)."""
    return f"# {comment}\n{name} = (\n    {BEGIN_SOLUTION}\n    {value}\n    {END_SOLUTION}\n)"


def _test_cell(visible: str, hidden: str, cell_id: str, points: int, ours: dict) -> NotebookNode:
    source = (
        "# Checks that your answer can be read; it is marked after you hand in.\n"
        "from alsedu import grading\n\n"
        f"grading.short_errors()\n{visible}\n{BEGIN_HIDDEN}\n{hidden}\n{END_HIDDEN}"
    )
    metadata = {
        "nbgrader": _nbgrader(cell_id, grade=True, locked=True, points=points),
        "alsedu": ours,
        **HIDDEN_SOURCE,
    }
    return new_code_cell(source, id=cell_id, metadata=metadata)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def question_points(question: Question) -> int:
    """The points of a graded question (see the weighting above)."""
    if question.rubric is not None:
        return question.rubric.points
    if question.kind == "case" or question.section in SAFETY_SECTIONS:
        return SAFETY_POINTS
    return OTHER_POINTS


def _ours(question: Question) -> dict[str, object]:
    return {
        "question": question.id,
        "section": question.section,
        "seed": list(question.seed),
        "kind": question.kind,
    }


def _options(question: Question) -> tuple[list[tuple[str, str]], str]:
    """The options as shown (letter, text) and the key in those letters.

    Ordering steps are stored in the right order: they are shown in the practice widget's
    reproducible shuffle and lettered by the place they are shown in.
    """
    if question.kind != "ordering":
        shown = [(c.id, _one_line(c.text)) for c in question.choices]
        answer = question.answer
        return shown, answer if isinstance(answer, str) else ", ".join(answer)
    from .widgets.practice import order_choices

    steps = order_choices(question)
    letter = {step.id: LETTERS[n] for n, step in enumerate(steps)}
    shown = [(LETTERS[n], _one_line(step.text)) for n, step in enumerate(steps)]
    return shown, ", ".join(letter[item.id] for item in question.items)


_ASK = {
    "single": "choose one",
    "case": "choose one",
    "multiple": "choose all that apply",
    "ordering": "put in order",
}
_TYPE = {
    "single": 'the letter of your choice, for example `"a"`',
    "case": 'the letter of your choice, for example `"a"`',
    "multiple": 'the letters of all your choices, for example `"a, c"`',
    "ordering": 'every letter once, first step first, for example `"b, a, ..."`',
}


def _choice_cells(question: Question, n: int) -> list[NotebookNode]:
    points, ours = question_points(question), _ours(question)
    shown, key = _options(question)
    options = "\n".join(f"- **{letter}.** {text}" for letter, text in shown)
    letters = "".join(letter for letter, _ in shown)
    text = (
        f"### Question {n} ({points} points: {_ASK[question.kind]})\n\n"
        f"{_one_line(question.prompt)}\n\n{options}\n\n"
        f"In the cell below, replace `None` with {_TYPE[question.kind]}."
    )
    qid, name = question.id, f"answer_{n}"
    kind = json.dumps(question.kind)
    answer = _value(
        name, json.dumps(key), f"Question {n}: replace None with your answer, between quotes"
    )
    return [
        _read_only(text, f"{qid}_question", ours),
        new_code_cell(
            answer,
            id=f"{qid}_answer",
            metadata={"nbgrader": _nbgrader(f"{qid}_answer", solution=True), "alsedu": ours},
        ),
        _test_cell(
            f'grading.check_format({name}, kind={kind}, letters="{letters}", question={n})',
            f"grading.score_choice({name}, key={json.dumps(key)}, kind={kind}, points={points})",
            f"{qid}_test",
            points,
            ours,
        ),
    ]


def _written_cells(question: Question, n: int) -> list[NotebookNode]:
    rubric, ours = question.rubric, _ours(question)
    assert rubric is not None  # a written question has a rubric (schema)
    text = (
        f"### Question {n} ({rubric.points} points: written, marked by your teacher)\n\n"
        f"{_one_line(question.prompt)}\n\n"
        "Double-click the cell below, replace its text with your answer in plain sentences, "
        "then run it (Shift+Enter) to show it as text."
    )
    criteria = "\n".join(
        f"- {c.points} point{'s' * (c.points > 1)}: {_one_line(c.text)}" for c in rubric.criteria
    )
    guide = (
        f"**Model answer.** {_one_line(rubric.model_answer)}\n\n"
        f"**Marking guide ({rubric.points} points).**\n\n{criteria}"
    )
    cell_id = f"{question.id}_written"
    metadata = {
        "nbgrader": _nbgrader(cell_id, grade=True, solution=True, points=rubric.points),
        "alsedu": ours,
    }
    return [
        _read_only(text, f"{question.id}_question", ours),
        new_markdown_cell(guide, id=cell_id, metadata=metadata),
    ]


def _notebook(cells: list[NotebookNode]) -> NotebookNode:
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nb = new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(nb)
    return nb


def _quiz_intro(title: str, questions: list[Question]) -> str:
    kinds = {q.kind for q in questions}
    total = sum(question_points(q) for q in questions)
    written = sum(q.kind == "written" for q in questions)
    bullets = sorted({s for q in questions for s in q.seed}, key=SEED_IDS.index)
    how = [
        "- Choose **Run > Run All Cells** once, so that the checks can read your answers.",
        "- **Letter questions.** In the answer cell under each question, replace `None` with "
        'the letter of your choice between quotes, for example `"b"`. Capital or small '
        "letters, commas or spaces between letters: all are fine.",
    ]
    if "multiple" in kinds:
        how.append('- **Choose-all questions.** Type every letter you choose: `"a, c"`.')
    if "ordering" in kinds:
        how.append("- **Put-in-order questions.** Type every letter once, first step first.")
    if written:
        how.append(
            "- **Written questions.** Double-click the cell that says *Write your answer "
            "here.*, write in plain sentences, then run it to show it as text."
        )
    how += [
        "- Run each answer cell and the check under it (Shift+Enter). The check tells you "
        "whether your answer **can be read**, not whether it is right: it is marked after you "
        "hand in.",
        "- Before you hand in, choose **Validate**: it lists any answer that cannot be read.",
    ]
    scoring = [
        "- **Choose-one questions:** all the points for the right letter, none otherwise.",
    ]
    if "multiple" in kinds:
        scoring.append(
            "- **Choose-all questions** give partial credit: each right letter you choose earns "
            "its share of the points, each wrong letter you choose takes one share away, and "
            "the total never goes below 0. Example: 3 right options on a 5-point question; you "
            "choose 2 right and 1 wrong: (2 - 1) / 3 x 5 = 1.67 points."
        )
    if "ordering" in kinds:
        scoring.append(
            "- **Put-in-order questions:** each step in its right place earns its share."
        )
    if written:
        scoring.append(
            "- **Written questions** are marked by your teacher against a marking guide; each "
            "shows its points."
        )
    scoring += [
        "- **An unanswered question scores 0**, and so does an answer the check cannot read.",
        f"- Questions on contraindications and on choosing techniques carry the most points "
        f"({SAFETY_POINTS} for a letter question, {OTHER_POINTS} elsewhere): they matter most "
        "for your client's safety.",
    ]
    return (
        f"# {title}\n\nThis graded quiz has {len(questions)} questions worth {total} points "
        f"in all ({written} written). It assesses seed bullets {', '.join(bullets)}. Work on "
        "your own; the module notebook and its practice questions are there to revise with."
        "\n\n## How to answer\n\n"
        + "\n".join(how)
        + "\n\n## How points are given\n\n"
        + "\n".join(scoring)
    )


def _quiz_title(module_title: str) -> str:
    """``Module 2: Contraindications`` -> ``Graded quiz 2: Contraindications``."""
    return module_title.replace("Module", "Graded quiz", 1)


def quiz(bank: Bank, section: str) -> NotebookNode:
    """The graded quiz of one seed section: every graded question of the section, by bullet."""
    assignment = QUIZZES[section]
    questions = sorted(
        (q for q in bank.graded() if q.section == section), key=lambda q: SEED_IDS.index(q.seed[0])
    )
    module = next(m for m in bank.modules.values() if m.section == section)
    cells = [
        _read_only(_quiz_intro(_quiz_title(module.title), questions), f"{assignment}_intro"),
        _setup(SETUP, f"{assignment}_setup"),
    ]
    for n, question in enumerate(questions, start=1):
        build = _written_cells if question.kind == "written" else _choice_cells
        cells += build(question, n)
    cells.append(_read_only(_END, f"{assignment}_end"))
    return _notebook(cells)


_END = (
    "## Done?\n\nSave the notebook, choose **Validate** and fix any answer it says cannot be "
    "read, then hand in with **Submit** in the Assignments list."
)


# --- capstone ------------------------------------------------------------------------------


def _site_words(key: str) -> str:
    return site_label(key).split(" [")[0]


def _vocabulary() -> str:
    sites = ", ".join(SITE_NAMES.get(s, s) for s in SITES)
    techniques = "; ".join(TECHNIQUE_LABELS.values())
    referrals = "\n".join(
        f"  - `{code.replace('_', ' ')}`: {label.split(': ', 1)[-1]}"
        for code, label in REFER_LABELS.items()
    )
    return (
        '- `go_ahead_<n>`: `"yes"` if a massage goes ahead today (adapted or not), '
        '`"no"` if it must wait or it is an emergency.\n'
        f"- `referral_<n>`, one of:\n{referrals}\n"
        "- `avoid_sites_<n>`: the places the session must not touch, separated by commas, "
        'with the side where there is one: `"left knee, low back"`, `"both feet"`. The codes '
        'the intake form shows in brackets work too: `"knee:left"`. Type `"none"` if there '
        f"are none. Places: {sites}.\n"
        "- `highest_pressure_<n>`: the highest Walton pressure level anywhere today, `1` to "
        f'`5`, or `"{NO_MASSAGE}"`.\n'
        "- `leave_out_<n>`: the techniques to leave out today, separated by commas, in these "
        f'words or shorter ones that name one technique only (`"PROM"`): {techniques}. Type '
        '`"none"` if there are none.'
    )


def _capstone_intro(total: int) -> str:
    return (
        "# Capstone assessment: whole clients\n\n"
        f"Plan today's session for each of {len(CAPSTONE_CASES)} clients, in rising "
        f"difficulty ({PLAN_POINTS} points each, {total} in all). Every client asks you to "
        "decide on contraindications and on the techniques to use, the skills that matter "
        "most for a client's safety. Read the story and the intake form, then answer the five "
        "parts of the plan in the answer cell under it.\n\n"
        "## How to answer\n\n"
        "Choose **Run > Run All Cells** once. For client `<n>`, replace each `None` with your "
        "answer, between quotes, in these words (capital or small letters, commas or spaces "
        "are all fine):\n\n" + _vocabulary() + "\n\n"
        "Then run the answer cell and the check under it (Shift+Enter). The check shows how "
        "your plan reads and tells you when a part **cannot be read**; it does not say whether "
        "it is right. Before you hand in, choose **Validate**.\n\n"
        "## How points are given\n\n"
        f"- Each client is worth {PLAN_POINTS} points, shared equally among the parts that "
        "are marked.\n"
        "- **Go ahead, referral, highest pressure:** the part's points when it matches the "
        "plan, none otherwise.\n"
        "- **Sites to avoid, techniques to leave out:** the share of items both you and the "
        "plan name, out of all items either of you names, so a missing item and an extra item "
        "cost alike (sides count: `calf` or `both calves` is the left and the right calf).\n"
        "- **When the plan stops the session** (no massage today), only go ahead, referral "
        "and highest pressure are marked.\n"
        "- **An unanswered client scores 0**, and so does a client whose answers the check "
        "cannot read: run every check before you hand in."
    )


def _story(case_file: CaseFile, n: int) -> str:
    from .widgets.scenario import intake_lines

    facts = "\n".join(f"- **{label}:** {text}" for label, text in intake_lines(case_file))
    return (
        f"## Client {n}: {case_file.title} ({PLAN_POINTS} points)\n\n"
        f"{_one_line(case_file.narrative)}\n\n**What the intake form records**\n\n{facts}"
    )


def expected_parts(plan: Plan) -> dict[str, object]:
    """The plan parts a capstone answer is marked on, in the engine's codes.

    A session that goes ahead is marked on all five parts; a stopped one on go ahead,
    referral and pressure only.
    """
    if not plan.proceed:
        return {"go_ahead": "no", "referral": plan.refer, "highest_pressure": NO_MASSAGE}
    if plan.max_pressure is None:
        raise ContentError(
            [Problem(plan.case_id, "max_pressure", "a capstone session needs a pressure cap")]
        )
    return {
        "go_ahead": "yes",
        "referral": plan.refer,
        "avoid_sites": list(plan.avoid_sites),
        "highest_pressure": plan.max_pressure,
        "leave_out": list(plan.excluded_techniques),
    }


def _solution(plan: Plan) -> dict[str, str]:
    """The model answer in a student's words (the same parsers read it)."""
    stopped = not plan.proceed
    return {
        "go_ahead": '"no"' if stopped else '"yes"',
        "referral": json.dumps(plan.refer.replace("_", " ")),
        "avoid_sites": json.dumps(", ".join(map(_site_words, plan.avoid_sites)) or "none"),
        "highest_pressure": json.dumps(NO_MASSAGE) if stopped else str(plan.max_pressure),
        "leave_out": json.dumps(
            ", ".join(TECHNIQUE_LABELS[t] for t in plan.excluded_techniques) or "none"
        ),
    }


_FIELD_HELP = {
    "go_ahead": 'Does a massage go ahead today? "yes" or "no"',
    "referral": 'Referral: "none", "routine", "soon", "same day" or "emergency"',
    "avoid_sites": 'Sites to avoid, separated by commas, or "none"',
    "highest_pressure": f'Highest pressure anywhere: a Walton level 1 to 5, or "{NO_MASSAGE}"',
    "leave_out": 'Techniques to leave out, separated by commas, or "none"',
}


def _plan_cells(case_file: CaseFile, n: int) -> list[NotebookNode]:
    plan = screen(case_file.case)
    cid = case_file.id
    ours = {
        "case": cid,
        "section": case_file.section,
        "seed": list(case_file.seed),
        "kind": "plan",
    }
    solution = _solution(plan)
    answer = f"# Client {n}: replace each None with your answer.\n\n" + "\n".join(
        _value(f"{part}_{n}", solution[part], _FIELD_HELP[part]) for part in PLAN_PARTS
    )
    fields = ",\n    ".join(f"{part}={part}_{n}" for part in PLAN_PARTS)
    expected = ",\n        ".join(
        f"{json.dumps(part)}: {json.dumps(value)}" for part, value in expected_parts(plan).items()
    )
    visible = f"plan_{n} = dict(\n    {fields},\n)\ngrading.check_plan(plan_{n}, client={n})"
    hidden = (
        f"grading.score_plan_parts(\n    plan_{n},\n    expected={{\n        {expected},\n    }},"
        f"\n    points={PLAN_POINTS},\n)"
    )
    return [
        _read_only(_story(case_file, n), f"{cid}_story", ours),
        new_code_cell(
            answer,
            id=f"{cid}_answer",
            metadata={"nbgrader": _nbgrader(f"{cid}_answer", solution=True), "alsedu": ours},
        ),
        _test_cell(visible, hidden, f"{cid}_test", PLAN_POINTS, ours),
    ]


def capstone(bank: Bank) -> NotebookNode:
    """The capstone assessment: each capstone client planned in five marked parts."""
    cells = [
        _read_only(_capstone_intro(PLAN_POINTS * len(CAPSTONE_CASES)), f"{CAPSTONE}_intro"),
        _setup(CAPSTONE_SETUP, f"{CAPSTONE}_setup"),
    ]
    for n, case_id in enumerate(CAPSTONE_CASES, start=1):
        cells += _plan_cells(bank.cases[case_id], n)
    cells.append(_read_only(_END, f"{CAPSTONE}_end"))
    return _notebook(cells)


def assignments(bank: Bank) -> dict[str, NotebookNode]:
    """Every assignment's notebook by assignment id, quizzes in section order, then the
    capstone. Raises ContentError when the bank holds no graded question."""
    if not bank.graded():
        raise ContentError(
            [
                Problem(
                    "course/questions",
                    "",
                    "no graded questions: name the folder with --questions DIR",
                )
            ]
        )
    built = {QUIZZES[s]: quiz(bank, s) for s in SECTIONS}
    built[CAPSTONE] = capstone(bank)
    return built


def build_source(folder: Path, bank: Bank | None = None) -> list[Path]:
    """Write ``<folder>/<id>/<id>.ipynb`` for every assignment; return the paths written."""
    prepare_folder(folder)
    written = []
    for assignment, nb in assignments(bank or load_bank()).items():
        path = prepare_folder(folder / assignment) / f"{assignment}.ipynb"
        write_output(path, nbformat.writes(nb) + "\n", "quiz.ipynb", force=True)
        written.append(path)
    return written


__all__ = [
    "CAPSTONE",
    "CAPSTONE_CASES",
    "QUIZZES",
    "assignments",
    "build_source",
    "capstone",
    "expected_parts",
    "question_points",
    "quiz",
]
