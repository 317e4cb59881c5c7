"""The learner's commands: where they stand, the deck to take along, and the study app.

::

    alsedu progress [--json]             mastery per section, what is due, the week ahead
    alsedu progress --certificate NAME [--out FILE.pdf]
                                         a one-page record of study, once every section
                                         has reached the mastery bar
    alsedu progress --export FILE        every stored answer, as JSON
    alsedu progress --reset [--yes]      clear the answers (asks first; keeps a backup)
    alsedu deck --out FILE.apkg          the practice bank as an Anki deck
    alsedu study [--port N] [--open]     the code-free study app (Voilà) on this computer

The progress store is ``$ALSEDU_HOME/progress.sqlite`` or the platform's data folder
(:mod:`alsedu.store`); nothing is sent anywhere. Exit codes: 0 done, 1 not done (a reset
declined), 2 bad input or a store that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import InputError, Problem

EXIT_OK, EXIT_DECLINED, EXIT_INPUT = 0, 1, 2
CERTIFICATE_FILE = "alsedu-record-of-study.pdf"


def add_progress_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``alsedu progress``, ``alsedu deck`` and ``alsedu study`` to the parser."""
    progress = commands.add_parser(
        "progress", help="your mastery, what is due for review, and your record of study"
    )
    what = progress.add_mutually_exclusive_group()
    what.add_argument("--json", action="store_true", help="print the same as JSON")
    what.add_argument(
        "--certificate", metavar="NAME", help="write your one-page record of study as a PDF"
    )
    what.add_argument("--export", metavar="FILE", help="write every stored answer as JSON")
    what.add_argument(
        "--reset", action="store_true", help="clear your answers (asks first; keeps a backup)"
    )
    progress.add_argument(
        "--out",
        metavar="FILE.pdf",
        help=f"where --certificate writes (default: {CERTIFICATE_FILE})",
    )
    progress.add_argument("--yes", action="store_true", help="reset without asking")
    progress.add_argument(
        "--force", action="store_true", help="let --export or --certificate replace an older file"
    )
    deck = commands.add_parser("deck", help="export the practice questions as an Anki deck")
    deck.add_argument("--out", required=True, metavar="FILE.apkg", help="the deck file to write")
    deck.add_argument("--force", action="store_true", help="replace an older FILE.apkg")
    study = commands.add_parser("study", help="serve the code-free study app on this computer")
    study.add_argument("--port", type=_port, default=8866, help="port (default: 8866)")
    study.add_argument("--open", action="store_true", help="open it in the web browser")


def _port(text: str) -> int:
    """A TCP port a server can listen on: 1 to 65535."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; allowed: 1 to 65535")
    return int(text)


def _report_json(report: Any, path: Path) -> dict[str, Any]:
    def mastery(m: Any) -> dict[str, Any]:
        return {
            "id": m.id, "title": m.title, "mastery": round(m.mastery, 4),
            "questions": m.questions, "answered": m.answered, "mastered": m.mastered,
            "module": m.module,
        }  # fmt: skip

    return {
        "store": str(path),
        "when": report.when.isoformat(),
        "answers": report.answers,
        "mastery_bar": report.bar,
        "complete": report.complete,
        "sections": [mastery(s) for s in report.sections],
        "bullets": [mastery(b) for b in report.bullets],
        "due_now": list(report.due),
        "forecast": [{"date": d.isoformat(), "due": n} for d, n in report.forecast],
    }


def _report_text(report: Any, bank: Any, path: Path) -> str:
    from .review import percent

    lines = [
        f"Your progress (kept on this computer in {path})",
        f"Practice answers recorded: {report.answers}",
        "",
        f"Mastery per section (the bar is {percent(report.bar)}%):",
    ]
    width = max(len(s.title) for s in report.sections)
    for s in report.sections:
        reached = "reached" if s.mastery >= report.bar else "not yet"
        lines.append(
            f"  {s.title:<{width}}  {percent(s.mastery):>3}%  mastered {s.mastered} of "
            f"{s.questions}, answered {s.answered}  ({reached})"
        )
    lines += ["", f"Due for review now: {len(report.due)}"]
    for question_id in report.due:
        question = bank.questions[question_id]
        module = next(m for m in bank.modules.values() if m.section == question.section)
        prompt = question.prompt if len(question.prompt) <= 70 else question.prompt[:67] + "..."
        lines.append(f"  - {prompt} ({module.title.split(':')[0]})")
    week = ", ".join(f"{d:%a} {d.day} {d:%b}: {n}" for d, n in report.forecast)
    lines += ["", f"Coming week: {week}", "", "Weakest bullets:"]
    for bullet in report.weakest():
        module = bank.modules[bullet.module]
        lines.append(
            f"  {bullet.id} {percent(bullet.mastery):>3}%  {bullet.title} ({module.title})"
        )
    lines.append("")
    if report.complete:
        lines.append('Every section has reached the bar: alsedu progress --certificate "NAME"')
    else:
        lines.append("Review what is due, then work on the weakest bullets.")
    return "\n".join(lines)


def _reset(store: Any, yes: bool) -> int:
    count = store.count()
    if not yes:
        print(
            f"This clears your {count} practice answers from {store.path}. A backup is kept "
            "beside it.\nType yes to clear them: ",
            end="",
            flush=True,
        )
        reply = sys.stdin.readline().strip().lower()
        if reply != "yes":
            print("Nothing was changed.")
            return EXIT_DECLINED
    backup = store.reset()
    print(f"Cleared {count} answers. The backup is {backup}; copy it back to undo.")
    return EXIT_OK


def _note_skipped(skipped: list[str]) -> None:
    """Name the stored rows that could not be read (on stderr: the report stays clean)."""
    if skipped:
        shown = "; ".join(skipped[:3]) + ("; ..." if len(skipped) > 3 else "")
        print(
            f"note: {len(skipped)} stored answers could not be read and are left out ({shown})",
            file=sys.stderr,
        )


def _export(out: Path, force: bool) -> int:
    """Every readable answer as JSON; from a damaged store, what can still be read."""
    from .store import ProgressStore, StoreError, store_path

    try:
        store = ProgressStore()
        count = store.export(out, force=force)
    except StoreError as error:
        if "is damaged" not in str(error):
            raise
        count = ProgressStore.export_readable(store_path(), out, force)
        print("note: the progress file is damaged; these are the answers that could be read")
    else:
        _note_skipped(store.skipped)
    print(f"wrote {out}: {count} answers")
    return EXIT_OK


def _certificate(report: Any, name: str, out: str | None, force: bool) -> int:
    from .certificate import SectionScore, write_certificate

    sections = [SectionScore(s.title, s.mastery, s.questions, s.mastered) for s in report.sections]
    path = write_certificate(
        Path(out or CERTIFICATE_FILE), name, sections, report.bar, report.when.astimezone().date(),
        report.answers, force=force,
    )  # fmt: skip
    print(f"wrote {path}: your record of study (a record of self-study, not a licence)")
    return EXIT_OK


def _progress(args: argparse.Namespace) -> int:
    from .bank import load_bank
    from .review import mastery_report
    from .store import ProgressStore

    if args.out and args.certificate is None:
        raise InputError([Problem("", "--out", "goes with --certificate NAME")])
    if args.yes and not args.reset:
        raise InputError([Problem("", "--yes", "goes with --reset")])
    if args.force and not (args.export or args.certificate is not None):
        raise InputError([Problem("", "--force", "goes with --export or --certificate")])
    if args.export:
        return _export(Path(args.export), args.force)
    store = ProgressStore()
    if args.reset:
        return _reset(store, args.yes)
    bank = load_bank()
    answers = store.answers()
    _note_skipped(store.skipped)
    report = mastery_report(answers, bank, datetime.now().astimezone())
    if args.certificate is not None:
        return _certificate(report, args.certificate, args.out, args.force)
    if args.json:
        print(json.dumps(_report_json(report, store.path), indent=2))
    else:
        print(_report_text(report, bank, store.path))
    return EXIT_OK


def run_progress(args: argparse.Namespace) -> int:
    """Run ``alsedu progress``, ``deck`` or ``study``; bad input gets one line per problem."""
    try:
        if args.command == "deck":
            from .deck import write_deck

            count = write_deck(Path(args.out), force=args.force)
            print(f"wrote {args.out}: {count} notes (importing it again updates them)")
            return EXIT_OK
        if args.command == "study":
            from .study import serve

            return serve(port=args.port, open_browser=args.open)
        return _progress(args)
    except InputError as error:
        for problem in error.problems:
            print(f"alsedu {args.command}: {problem}", file=sys.stderr)
        return EXIT_INPUT
