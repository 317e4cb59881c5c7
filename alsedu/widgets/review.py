"""Saving practice answers, and the spaced review of what is due.

:class:`Recorder`
    An ``on_answer`` for practice widgets: it stores each checked answer in the learner's
    progress store (:mod:`alsedu.store`) and says so on a status line, or says in words why
    it could not (a damaged or foreign file, a file another program holds, a full disk); the
    answer is still checked either way, and an answer that could not be saved is kept and
    saved with the next one. The store is opened at the first answer, so a module teaches
    even when the file is refused.
:class:`ReviewSession`
    The questions due now (:func:`alsedu.review.due_items`), one after another, with the
    modules' own practice widget and feedback; each answer is stored as a ``review``. A
    module's review holds only that module's questions. The options are reshuffled for each
    review of a question, so a remembered position does not pass for a remembered answer.

Pure core: :func:`nothing_due_html` and :func:`done_html` (data in, HTML out).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..review import cards, due_items, studied
from ..store import AnswerRecord, ProgressStore, StoreError, storage_problem, store_path
from .practice import Answer, PracticeQuestion

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def refusal_html(error: StoreError, waiting: int = 0) -> str:
    """A store refusal in words: what is wrong, that the answers are not being saved, and how
    many answers this page keeps to save with the next one."""
    lines = "".join(f"<li>{escape(str(p))}</li>" for p in error.problems)
    kept = (
        f" This page keeps {waiting} unsaved {'answer' if waiting == 1 else 'answers'} and "
        "saves them with your next answer, once the file can be written."
        if waiting
        else ""
    )
    return (
        '<div class="alsedu-store-problem" role="alert"><p><strong>Your progress is not being '
        "saved.</strong> Answers are still checked, but the progress file could not be used:"
        f"</p><ul>{lines}</ul><p>{kept}</p></div>"
    )


class Recorder:
    """Store each checked answer; ``status`` (an HTML widget) says whether it was saved."""

    def __init__(self, path: Path | None = None, source: str = "module"):
        self.path = path
        self.source = source
        self.store: ProgressStore | None = None
        self.saved = 0
        self.waiting: list[tuple[Answer, datetime]] = []  # answers not saved yet, oldest first
        self.status = widgets.HTML("")
        self.status.add_class("alsedu-saved")

    def __call__(self, answer: Answer) -> None:
        self.waiting.append((answer, _utc_now()))
        try:
            if self.store is None:
                self.store = ProgressStore(self.path)
            while self.waiting:
                kept, at = self.waiting[0]
                self.store.record(
                    kept.question_id, kept.chosen, kept.correct, kept.score, kept.hint_used,
                    self.source, at=at,
                )  # fmt: skip
                self.waiting.pop(0)
                self.saved += 1
        except StoreError as error:
            self.status.value = refusal_html(error, len(self.waiting))
            return
        except (sqlite3.Error, OSError) as error:
            path = self.store.path if self.store else store_path()
            self.status.value = refusal_html(storage_problem(path, error), len(self.waiting))
            return
        self.status.value = (
            f'<p role="status"><small>Saved to your progress on this computer '
            f"({self.saved} {'answer' if self.saved == 1 else 'answers'} this session).</small></p>"
        )


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local:%A} {local.day} {local:%B}, {local:%H:%M}"


def nothing_due_html(answers: list[AnswerRecord], within: set[str] | None = None) -> str:
    """What the review says when nothing is due: start in a module, or when the next is."""
    upcoming = sorted(
        card.due
        for question_id, card in cards(answers).items()
        if within is None or question_id in within
    )
    if not upcoming:
        return (
            "<p><strong>Nothing to review yet.</strong> Answer the practice questions in a "
            "module first: the ones you miss come back here the next day, the ones you know "
            "come back later and later.</p>"
        )
    first = upcoming[0]
    same_day = sum(due.date() == first.date() for due in upcoming)
    return (
        "<p><strong>Nothing is due for review now.</strong> Next review: "
        f"{same_day} {'question' if same_day == 1 else 'questions'} from "
        f"{escape(_when(first))}.</p>"
    )


def done_html(answered: int, right: int) -> str:
    """The review's closing line (first tries only: a retry after the feedback is not news)."""
    return (
        f'<p role="status"><strong>Review done: {right} of {answered} right.</strong> '
        "The ones you missed come back tomorrow; the ones you knew, later.</p>"
    )


class ReviewSession(widgets.VBox):
    """Today's due questions, one at a time (see the module docstring).

    ``heading`` names the position ("Review: question 2 of 5 due now") or says nothing is
    due; ``current`` is the question shown; "Check for due questions" re-reads the store.
    """

    def __init__(
        self,
        path: Path | None = None,
        bank: Bank | None = None,
        module_id: str | None = None,
        now: Clock | None = None,
    ):
        self.bank = load_bank() if bank is None else bank
        self.now = now or _utc_now
        self.within: set[str] | None = None
        if module_id is not None:
            self.within = {q.id for q in studied(self.bank, module_id)}
        self.recorder = Recorder(path, source="review")
        self.heading = widgets.HTML("")
        self.current: PracticeQuestion | None = None
        self.refresh_button = widgets.Button(
            description="Check for due questions",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.refresh_button.on_click(lambda _b: self.load())
        self.due: list[str] = []
        self.index = 0
        self.counts: dict[str, int] = {}  # answers per question before this review
        self.first_tries: dict[str, bool] = {}  # this review's first answer to each question
        super().__init__([])
        self.add_class("alsedu-review")
        self.load()

    def load(self) -> None:
        """Read the store and show the first due question, or say why there is none."""
        self.current, self.index, self.first_tries = None, 0, {}
        try:
            store = ProgressStore(self.recorder.path)
        except StoreError as error:
            self.due = []
            self.heading.value = refusal_html(error)
            self.children = [self.heading]
            return
        answers = store.answers()
        self.counts = Counter(a.question_id for a in answers)
        self.due = [
            q
            for q in due_items(answers, self.now(), sorted(self.within or ()))
            if q in self.bank.questions
        ]
        if not self.due:
            self.heading.value = nothing_due_html(answers, self.within)
            self.children = [self.heading, self.refresh_button]
            return
        self._show()

    def _show(self) -> None:
        question = self.bank.questions[self.due[self.index]]
        last = self.index == len(self.due) - 1
        seed = zlib.crc32(question.id.encode()) + self.counts.get(question.id, 0)
        self.current = PracticeQuestion(
            question, self.bank, seed, on_answer=self._on_answer,
            on_next=None if last else self.next_question,
        )  # fmt: skip
        self.heading.value = (
            f"<p><strong>Review: question {self.index + 1} of {len(self.due)} due now</strong></p>"
        )
        self.children = [self.heading, self.current, self.recorder.status]

    def _on_answer(self, answer: Answer) -> None:
        self.recorder(answer)
        self.first_tries.setdefault(answer.question_id, answer.correct)
        if self.index == len(self.due) - 1:
            right = sum(self.first_tries.values())
            self.heading.value = done_html(len(self.first_tries), right)
            self.children = [self.heading, self.current, self.recorder.status, self.refresh_button]

    def next_question(self) -> None:
        """Show the next due question (nothing happens after the last)."""
        if self.index + 1 < len(self.due):
            self.index += 1
            self._show()


def review(module_id: str | None = None, path: Path | None = None) -> ReviewSession:
    """The review of what is due now: every module's questions, or one module's."""
    return ReviewSession(path, module_id=module_id)
