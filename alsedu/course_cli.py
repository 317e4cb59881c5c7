"""``alsedu course``: the instructor's commands, a thin layer over nbgrader's Python API.

::

    alsedu course generate-source [--questions DIR] [--out source]
    alsedu course generate [ASSIGNMENT ...]
    alsedu course release ASSIGNMENT
    alsedu course collect ASSIGNMENT
    alsedu course autograde ASSIGNMENT [--jobs N] [--student ID] [--force]
    alsedu course feedback ASSIGNMENT
    alsedu course export [ASSIGNMENT] --out FILE.csv
    alsedu course report ASSIGNMENT --out DIR

Every step takes ``--root DIR`` (the course folder, default: the current folder) and
``--db URL`` (the gradebook, default: nbgrader's SQLite ``gradebook.db`` in the course
folder; a PostgreSQL URL works too). Bad input gets one clear line and a non-zero exit.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_INPUT = 0, 2


def add_course_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``alsedu course STEP ...`` to the ``alsedu`` parser."""
    course = commands.add_parser("course", help="the graded nbgrader course (instructor tools)")
    steps = course.add_subparsers(dest="step", required=True, metavar="STEP")

    def step(name: str, help: str) -> argparse.ArgumentParser:
        parser = steps.add_parser(name, help=help)
        parser.add_argument("--root", default=".", help="course folder (default: here)")
        parser.add_argument("--db", metavar="URL", help="gradebook URL (default: SQLite)")
        return parser

    generate_source = steps.add_parser(
        "generate-source",
        help="write the nbgrader source notebooks (one quiz per seed section and a capstone)",
    )
    generate_source.add_argument(
        "--questions",
        metavar="DIR",
        help="graded questions from this folder (default: the course's course/questions)",
    )
    generate_source.add_argument(
        "--out", default="source", help="course source folder to write (default: source)"
    )
    step("generate", "make the student versions (release/) of assignments").add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment"
    )
    for name, what in (
        ("release", "put an assignment in the exchange for students to fetch"),
        ("collect", "collect submitted assignments from the exchange"),
        ("feedback", "write feedback HTML for graded submissions"),
    ):
        step(name, what).add_argument("assignment", metavar="ASSIGNMENT")
    autograde = step("autograde", "grade submissions in parallel, as nbgrader autograde does")
    autograde.add_argument("assignment", metavar="ASSIGNMENT")
    autograde.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    autograde.add_argument("--student", metavar="ID", help="grade only this student")
    autograde.add_argument(
        "--force", action="store_true", help="grade again submissions graded before"
    )
    export = step("export", "one CSV row per student, one column per graded item, totals")
    export.add_argument("assignment", nargs="?", metavar="ASSIGNMENT")
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--force", action="store_true", help="replace an older FILE.csv")
    report = step("report", "item analysis: share correct, discrimination, option choices")
    report.add_argument("assignment", metavar="ASSIGNMENT")
    report.add_argument("--out", required=True, metavar="DIR")


def run_course(args: argparse.Namespace) -> int:
    """Run one ``alsedu course`` step; return the exit code."""
    if args.step == "generate-source":
        from .assignments import build_source
        from .bank import content_root, load_bank, load_bank_from

        questions = Path(args.questions) if args.questions else None
        bank = load_bank_from(content_root(), questions) if questions else load_bank()
        for path in build_source(Path(args.out), bank):
            print(f"wrote {path}")
        return EXIT_OK
    if args.step in {"export", "report"}:
        from . import itemreport

        return itemreport.run(args)
    from . import instructor

    return instructor.run(args)
