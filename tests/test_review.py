"""Spaced review with FSRS: ratings, what comes back when, and mastery from the answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from alsedu import load_bank
from alsedu.review import (
    STUDY_SETTINGS,
    cards,
    due_items,
    forecast,
    mastery_report,
    rating,
    studied,
)
from alsedu.store import AnswerRecord

BANK = load_bank()
DAY0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


def answer(question_id: str, correct: bool, at: datetime, hint: bool = False) -> AnswerRecord:
    return AnswerRecord(question_id, ("a",), correct, float(correct), hint, at, "module")


def test_results_map_to_fsrs_ratings():
    assert rating(False, False) == Rating.Again
    assert rating(False, True) == Rating.Again
    assert rating(True, True) == Rating.Hard
    assert rating(True, False) == Rating.Good


def test_an_item_missed_twice_comes_back_before_one_answered_right():
    answers = [
        answer("q-missed", False, DAY0),
        answer("q-missed", False, DAY0 + timedelta(minutes=2)),
        answer("q-known", True, DAY0),
    ]
    due = cards(answers)
    assert due["q-missed"].due < due["q-known"].due
    assert due_items(answers, DAY0 + timedelta(days=1, hours=1)) == ["q-missed"]


def test_a_hint_brings_an_item_back_sooner_than_a_plain_right_answer():
    answers = [answer("q-hint", True, DAY0, hint=True), answer("q-plain", True, DAY0)]
    due = cards(answers)
    assert due["q-hint"].due < due["q-plain"].due


def test_the_due_list_over_simulated_days():
    answers = [
        answer("q-wrong", False, DAY0),
        answer("q-hard", True, DAY0, hint=True),
        answer("q-good", True, DAY0),
    ]
    assert due_items(answers, DAY0 + timedelta(hours=1)) == []  # nothing the same evening
    seen_by_day = {day: due_items(answers, DAY0 + timedelta(days=day)) for day in range(1, 6)}
    assert seen_by_day[1] == ["q-wrong", "q-hard"]  # the least stable first
    assert seen_by_day[5] == ["q-wrong", "q-hard", "q-good"]  # longest overdue first
    # reviewing the missed item right on day 1 sends it further away than a day
    answers.append(answer("q-wrong", True, DAY0 + timedelta(days=1)))
    assert "q-wrong" not in due_items(answers, DAY0 + timedelta(days=2, minutes=1))
    # a module's review sees only its own questions
    assert due_items(answers, DAY0 + timedelta(days=9), within=["q-good"]) == ["q-good"]


def test_the_forecast_counts_each_coming_day_with_overdue_today():
    answers = [answer("q-wrong", False, DAY0), answer("q-good", True, DAY0)]
    week = forecast(answers, (DAY0 + timedelta(days=1)).date())
    assert len(week) == STUDY_SETTINGS["forecast_days"].value
    assert [n for _d, n in week] == [1, 1, 0, 0, 0, 0, 0]
    assert week[1][0] == (DAY0 + timedelta(days=2)).date()
    later = forecast(answers, (DAY0 + timedelta(days=2)).date())
    assert [n for _d, n in later][:2] == [2, 0]  # the missed one is overdue: counted today


def test_mastery_rises_with_right_answers_and_fades_without_review():
    questions = studied(BANK, "contraindications")
    answers = [answer(q.id, True, DAY0) for q in questions]
    fresh = mastery_report(answers, BANK, DAY0 + timedelta(minutes=5))
    section = {s.id: s for s in fresh.sections}
    assert section["contraindications"].mastery > 0.95
    assert section["contraindications"].mastered == len(questions)
    assert section["treatment"].mastery == 0 and not fresh.complete
    bullets = {b.id: b for b in fresh.bullets}
    assert bullets["CI1"].mastery > 0.95 and bullets["CI1"].module == "contraindications"
    later = mastery_report(answers, BANK, DAY0 + timedelta(days=60))
    assert {s.id: s for s in later.sections}["contraindications"].mastery < fresh.bar


def test_every_section_right_reaches_the_bar_and_wrong_answers_count_zero():
    everything = [answer(q.id, True, DAY0) for q in studied(BANK)]
    assert mastery_report(everything, BANK, DAY0 + timedelta(hours=1)).complete
    one_wrong = [answer(q.id, q.section != "assessment", DAY0) for q in studied(BANK)]
    report = mastery_report(one_wrong, BANK, DAY0 + timedelta(hours=1))
    assert not report.complete
    assert {s.id: s.mastery for s in report.sections}["assessment"] == 0
    assert report.weakest(3)[0].id.startswith("AS")


def test_mastery_is_measured_on_what_the_modules_serve():
    served = {q.id for m in BANK.modules for q in BANK.module_practice(m)}
    assert {q.id for q in studied(BANK)} == served
    report = mastery_report([], BANK, DAY0)
    assert sum(s.questions for s in report.sections) == len(served)
    assert {b.id for b in report.bullets} == set(BANK.seed)
    assert all(b.questions >= 1 for b in report.bullets)


def test_a_retry_after_the_feedback_counts_neither_for_review_nor_mastery():
    question = studied(BANK, "treatment")[0]
    answers = [
        answer(question.id, False, DAY0),
        answer(question.id, True, DAY0 + timedelta(minutes=1)),  # "Try again" after feedback
    ]
    assert cards(answers)[question.id].due == cards(answers[:1])[question.id].due
    tonight = mastery_report(answers, BANK, DAY0 + timedelta(minutes=5))
    assert {b.id: b for b in tonight.bullets}[question.seed[0]].answered == 1
    assert {s.id: s.mastery for s in tonight.sections}["treatment"] == 0
    answers.append(answer(question.id, True, DAY0 + timedelta(days=1)))  # right the next day
    tomorrow = mastery_report(answers, BANK, DAY0 + timedelta(days=1, minutes=5))
    assert {s.id: s.mastery for s in tomorrow.sections}["treatment"] > 0
