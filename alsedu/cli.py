"""The ``alsedu`` command: ``alsedu screen CASE [--json]``, ``alsedu check``, ``alsedu build``,
``alsedu course STEP`` (the instructor's tools, see :mod:`alsedu.course_cli`), and the
learner's ``alsedu progress``, ``alsedu deck`` and ``alsedu study``
(see :mod:`alsedu.progress_cli`).

Exit codes: 0 success, 1 content problems found by ``check``, 2 bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .course_cli import add_course_commands, run_course
from .errors import CaseError, ContentError, InputError
from .progress_cli import add_progress_commands, run_progress

EXIT_OK, EXIT_CONTENT, EXIT_INPUT = 0, 1, 2
#: A case file with thousands of bad values gets the first lines, then a count of the rest.
MAX_CASE_PROBLEMS_SHOWN = 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alsedu",
        description="Adapting massage for clients living with ALS: screening and course tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    screen = commands.add_parser(
        "screen", help="turn a client case (YAML or JSON) into a session plan"
    )
    screen.add_argument("case", metavar="CASE", help="case file in the screening contract's format")
    screen.add_argument(
        "--json", action="store_true", help="print the plan as JSON (the contract's keys)"
    )
    check = commands.add_parser("check", help="validate every content file of the package")
    check.add_argument(
        "--content",
        dest="check_content",
        metavar="DIR",
        help="check this content folder instead (e.g. a draft copy)",
    )
    check.add_argument(
        "--questions",
        metavar="DIR",
        help="graded questions from this folder (a school's private copy; default: the "
        "course's own course/questions, where present)",
    )
    build = commands.add_parser("build", help="write the course notebooks from the content bank")
    build.add_argument("--out", default="notebooks", help="folder to write (default: notebooks)")
    add_course_commands(commands)
    add_progress_commands(commands)
    return parser


def _screen(path: str, as_json: bool) -> int:
    from .case import load_case
    from .report import render_plan
    from .screening import screen

    case = load_case(path)
    plan = screen(case)
    print(plan.model_dump_json(indent=2) if as_json else render_plan(plan, case))
    return EXIT_OK


def _check(content: str | None, questions: str | None) -> int:
    from pathlib import Path

    from .bank import check_content

    try:
        bank = check_content(
            Path(content) if content else None, Path(questions) if questions else None
        )
    except ContentError as error:
        for problem in error.problems:
            print(problem)
        print(f"alsedu check: {len(error.problems)} problem(s) found", file=sys.stderr)
        return EXIT_CONTENT
    print(f"alsedu check: clean. {bank.summary()}")
    return EXIT_OK


def _build(out: str) -> int:
    from pathlib import Path

    from .notebooks import build_notebooks

    for path in build_notebooks(Path(out)):
        print(f"wrote {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "screen":
            return _screen(args.case, args.json)
        if args.command == "build":
            return _build(args.out)
        if args.command == "course":
            return run_course(args)
        if args.command in {"progress", "deck", "study"}:
            return run_progress(args)
        return _check(args.check_content, args.questions)
    except CaseError as error:
        shown = error.problems[:MAX_CASE_PROBLEMS_SHOWN]
        for problem in shown:
            print(f"alsedu screen: {problem}", file=sys.stderr)
        if len(error.problems) > len(shown):
            more = len(error.problems) - len(shown)
            print(f"alsedu screen: ... and {more} more problems like these", file=sys.stderr)
        return EXIT_INPUT
    except ContentError as error:
        blame = "" if getattr(args, "questions", None) else "broken package content: "
        for problem in error.problems:
            print(f"alsedu: {blame}{problem}", file=sys.stderr)
        return EXIT_INPUT if blame == "" else EXIT_CONTENT
    except InputError as error:
        for problem in error.problems:
            print(f"alsedu {args.command}: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # `alsedu progress | head`: the reader has gone; so do we, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
