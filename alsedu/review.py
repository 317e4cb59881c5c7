"""Spaced review and mastery, computed from the stored answers with the FSRS scheduler.

Ratings
    Each checked answer is one FSRS review of its question: wrong is ``Again``, right after
    the hint was shown is ``Hard``, right is ``Good`` (a ``multiple`` answer with partial
    credit is wrong: it is not yet known).
First tries
    Only the first answer to a question on a day counts: a "Try again" after reading the
    feedback shows the answer was read, not that it is known, so a question missed tonight
    is known only when it is answered right on a later day (:func:`first_tries`; days are
    the learner's local days). Every answer is still stored.
Cards
    A question's card is rebuilt by replaying its first tries in time order through
    :func:`scheduler` (no fuzzing, so the same answers always give the same dates); nothing
    but the answers is stored, so the schedule can never disagree with them.
Due
    A question is due when its card's due time has come; :func:`due_items` lists them, the
    longest overdue first. Questions never answered are new, not due: they are met in the
    modules.
Mastery
    A question's mastery is the score of its latest first try times FSRS's estimate that the
    learner still recalls it now (retrievability); never answered is 0. A seed bullet's and a
    section's mastery are the means over the practice questions the modules serve
    (:func:`studied`). A section has reached the
    bar when its mastery is at least ``STUDY_SETTINGS["mastery_bar"]``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from .bank import Bank, load_bank
from .codes import SECTIONS
from .labels import SECTION_LABELS
from .schema import Question
from .settings import TeachingDefault
from .store import AnswerRecord

#: Study settings: named like the clinical teaching defaults, though none is clinical.
STUDY_SETTINGS: dict[str, TeachingDefault] = {
    d.name: d
    for d in (
        TeachingDefault(
            "mastery_bar",
            0.8,
            "share (0-1)",
            "A section counts as mastered at 80%: most of its questions answered right and "
            "likely to be recalled. A common mastery-learning criterion (80-90%); a course "
            "setting, not a clinical one.",
        ),
        TeachingDefault(
            "desired_retention",
            0.9,
            "probability",
            "FSRS schedules each review for when recall is expected to fall to 90%, the "
            "scheduler's own default.",
        ),
        TeachingDefault(
            "forecast_days",
            7,
            "days",
            "The dashboard's review forecast covers the coming week.",
        ),
        TeachingDefault(
            "weakest_shown",
            5,
            "seed bullets",
            "The dashboard names this many weakest bullets, each with its module.",
        ),
    )  # fmt: skip
}


def scheduler() -> Scheduler:
    """The FSRS scheduler of the course: day-long steps, no fuzzing (replays are exact).

    Learning steps of minutes suit a deck studied daily; a learner who works a module in one
    sitting meets a missed question again the next day, which the modules' "Try again"
    already covers within the sitting.
    """
    return Scheduler(
        desired_retention=float(STUDY_SETTINGS["desired_retention"].value),
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def rating(correct: bool, hint_used: bool) -> Rating:
    """Wrong is Again; right after the hint is Hard; right is Good."""
    if not correct:
        return Rating.Again
    return Rating.Hard if hint_used else Rating.Good


def percent(share: float) -> int:
    """A share (0-1) as a whole percentage, rounded down, so that 80% always means reached."""
    return math.floor(share * 100 + 1e-9)


def first_tries(answers: Iterable[AnswerRecord]) -> list[AnswerRecord]:
    """The first answer to each question on each (local) day, in time order."""
    seen: set[tuple[str, date]] = set()
    out = []
    for answer in sorted(answers, key=lambda a: a.answered_at):
        day = (answer.question_id, answer.answered_at.astimezone().date())
        if day not in seen:
            seen.add(day)
            out.append(answer)
    return out


def cards(answers: Iterable[AnswerRecord]) -> dict[str, Card]:
    """Each answered question's FSRS card, from its first tries replayed in time order."""
    fsrs = scheduler()
    out: dict[str, Card] = {}
    for answer in first_tries(answers):
        card = out.get(answer.question_id) or Card(card_id=1)
        out[answer.question_id], _log = fsrs.review_card(
            card, rating(answer.correct, answer.hint_used), answer.answered_at
        )
    return out


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def due_items(
    answers: Iterable[AnswerRecord], now: datetime | None = None, within: Sequence[str] = ()
) -> list[str]:
    """Question ids due by ``now``, the longest overdue first (then the least stable); only
    those in ``within`` when it is given (a module's questions)."""
    return _due(cards(answers), _now(now), within)


def _due(deck: dict[str, Card], moment: datetime, within: Sequence[str] = ()) -> list[str]:
    allowed = set(within)
    due = [
        (card.due, card.stability or 0.0, question_id)
        for question_id, card in deck.items()
        if card.due <= moment and (not allowed or question_id in allowed)
    ]
    return [question_id for _due, _stability, question_id in sorted(due)]


def forecast(
    answers: Iterable[AnswerRecord], today: date, days: int | None = None
) -> list[tuple[date, int]]:
    """How many questions fall due on each of the coming days; overdue ones count today."""
    return _forecast(cards(answers), today, days)


def _forecast(deck: dict[str, Card], today: date, days: int | None) -> list[tuple[date, int]]:
    days = int(STUDY_SETTINGS["forecast_days"].value) if days is None else days
    counts = [0] * days
    for card in deck.values():
        offset = max(0, (card.due.date() - today).days)
        if offset < days:
            counts[offset] += 1
    return [(today + timedelta(days=n), counts[n]) for n in range(days)]


@dataclass(frozen=True)
class Mastery:
    """Mastery of one seed bullet or section: the mean over its practice questions."""

    id: str
    title: str
    mastery: float
    questions: int
    answered: int
    mastered: int
    module: str | None = None  # the module that teaches it (bank.modules id)


@dataclass(frozen=True)
class MasteryReport:
    """Where a learner stands: sections, bullets, what is due and the week ahead."""

    when: datetime
    answers: int
    sections: tuple[Mastery, ...]
    bullets: tuple[Mastery, ...]
    due: tuple[str, ...]
    forecast: tuple[tuple[date, int], ...]
    bar: float

    @property
    def complete(self) -> bool:
        """Every section at or above the mastery bar."""
        return all(s.mastery >= self.bar for s in self.sections)

    def weakest(self, count: int | None = None) -> list[Mastery]:
        """The bullets with the lowest mastery (ties in seed order)."""
        count = int(STUDY_SETTINGS["weakest_shown"].value) if count is None else count
        return sorted(self.bullets, key=lambda b: b.mastery)[:count]


def question_mastery(
    answers: Iterable[AnswerRecord], now: datetime | None = None
) -> dict[str, float]:
    """Per answered question: the latest first try's score times the chance it is still
    recalled now."""
    answers = list(answers)
    return _known(answers, cards(answers), _now(now))


def _known(
    answers: list[AnswerRecord], deck: dict[str, Card], moment: datetime
) -> dict[str, float]:
    latest = {a.question_id: a for a in first_tries(answers)}
    fsrs = scheduler()
    return {
        question_id: latest[question_id].score * fsrs.get_card_retrievability(card, moment)
        for question_id, card in deck.items()
    }


def _mean(
    item_id: str, title: str, question_ids: list[str], known: dict[str, float], bar: float,
    module: str | None = None,
) -> Mastery:  # fmt: skip
    values = [known.get(q, 0.0) for q in question_ids]
    return Mastery(
        item_id,
        title,
        sum(values) / len(values) if values else 0.0,
        len(values),
        sum(q in known for q in question_ids),
        sum(v >= bar for v in values),
        module,
    )


def studied(bank: Bank, module_id: str | None = None) -> list[Question]:
    """The questions mastery is measured on: those the modules serve (all, or one module's).

    Only these count, so that a learner who works through the modules can reach the bar.
    """
    modules = bank.modules if module_id is None else [module_id]
    return [q for m in modules for q in bank.module_practice(m)]


def mastery_report(
    answers: Iterable[AnswerRecord], bank: Bank | None = None, now: datetime | None = None
) -> MasteryReport:
    """Mastery per section and seed bullet, the due list and the forecast, at ``now``."""
    bank = load_bank() if bank is None else bank
    moment = _now(now)
    answers = [a for a in answers if a.question_id in bank.questions]  # retired ones drop out
    bar = float(STUDY_SETTINGS["mastery_bar"].value)
    deck = cards(answers)  # replayed once, for mastery, the due list and the forecast
    known = _known(answers, deck, moment)
    by_bullet: dict[str, list[str]] = defaultdict(list)
    by_section: dict[str, list[str]] = defaultdict(list)
    for question in studied(bank):
        by_bullet[question.seed[0]].append(question.id)
        by_section[question.section].append(question.id)
    module_of = {m.section: m.id for m in bank.modules.values()}
    bullets = tuple(
        _mean(b.id, b.title, by_bullet[b.id], known, bar, module_of.get(b.section))
        for b in bank.seed.values()
    )
    sections = tuple(
        _mean(s, SECTION_LABELS[s], by_section[s], known, bar, module_of.get(s)) for s in SECTIONS
    )
    return MasteryReport(
        moment,
        len(answers),
        sections,
        bullets,
        tuple(_due(deck, moment)),
        tuple(_forecast(deck, moment.date(), None)),
        bar,
    )
