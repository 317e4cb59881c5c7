"""The review widget and the saving of practice answers, driven headless."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alsedu import course, load_bank
from alsedu.review import studied
from alsedu.store import FILE_NAME, ProgressStore
from alsedu.widgets.practice import Answer
from alsedu.widgets.review import Recorder, ReviewSession

BANK = load_bank()
DAY0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
SINGLES = [q for q in studied(BANK, "contraindications") if q.kind in {"single", "case"}]


def right_id(question) -> str:
    return next(c.id for c in question.choices if c.correct)


def wrong_id(question) -> str:
    return next(c.id for c in question.choices if not c.correct)


def test_nothing_to_review_before_any_answer(tmp_path: Path):
    review = ReviewSession(tmp_path / FILE_NAME, BANK, now=lambda: DAY0)
    assert "Nothing to review yet" in review.heading.value and review.current is None


def test_a_missed_question_is_served_the_next_day_and_the_answer_is_saved(tmp_path: Path):
    path = tmp_path / FILE_NAME
    store = ProgressStore(path)
    missed, known = SINGLES[:2]
    store.record(missed.id, [wrong_id(missed)], False, 0.0, at=DAY0)
    store.record(known.id, [right_id(known)], True, 1.0, at=DAY0)
    evening = ReviewSession(path, BANK, now=lambda: DAY0 + timedelta(hours=2))
    assert "Nothing is due for review now" in evening.heading.value
    assert "Monday 2 November" in evening.heading.value
    review = ReviewSession(path, BANK, now=lambda: DAY0 + timedelta(days=1, hours=1))
    assert "question 1 of 1 due now" in review.heading.value
    assert review.current.question.id == missed.id
    review.current.choice.value = right_id(missed)
    review.current.check_button.click()
    assert "Correct" in review.current.feedback.value  # the modules' own feedback
    assert "Review done: 1 of 1 right" in review.heading.value
    assert "Saved to your progress" in review.recorder.status.value
    last = store.answers()[-1]
    assert (last.question_id, last.correct, last.source) == (missed.id, True, "review")
    review.refresh_button.click()
    assert "Nothing is due for review now" in review.heading.value


def test_a_module_review_serves_only_that_modules_questions(tmp_path: Path):
    path = tmp_path / FILE_NAME
    store = ProgressStore(path)
    other = studied(BANK, "treatment")[0]
    store.record(other.id, ["x"], False, 0.0, at=DAY0)
    store.record(SINGLES[0].id, ["x"], False, 0.0, at=DAY0)
    later = DAY0 + timedelta(days=3)
    assert set(ReviewSession(path, BANK, now=lambda: later).due) == {other.id, SINGLES[0].id}
    module = ReviewSession(path, BANK, module_id="contraindications", now=lambda: later)
    assert module.due == [SINGLES[0].id]


def test_next_moves_through_the_due_questions(tmp_path: Path):
    path = tmp_path / FILE_NAME
    store = ProgressStore(path)
    for question in SINGLES[:3]:
        store.record(question.id, ["x"], False, 0.0, at=DAY0)
    review = ReviewSession(path, BANK, now=lambda: DAY0 + timedelta(days=2))
    assert len(review.due) == 3
    review.current.choice.value = wrong_id(review.current.question)
    review.current.check_button.click()
    review.current.next_button.click()
    assert "question 2 of 3" in review.heading.value


def test_a_refused_store_is_explained_in_words_and_answers_are_still_checked(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text("not a database at all\n" * 10)
    review = ReviewSession(path, BANK, now=lambda: DAY0)
    assert "Your progress is not being saved" in review.heading.value
    assert "Traceback" not in review.heading.value
    recorder = Recorder(path)
    recorder(Answer(SINGLES[0].id, ("a",), True, 1.0, False))
    assert "not an alsedu progress file" in recorder.status.value
    assert path.read_text().startswith("not a database")


def _module_practice_answered(monkeypatch, tmp_path):
    """Module 2's practice in the learner's own store, its first question answered right."""
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path))
    questions, status = course.practice("contraindications").children
    question = questions.current.question
    if question.kind in {"single", "case"}:
        questions.current.choice.value = right_id(question)
    elif question.kind == "multiple":
        questions.current.boxes[right_id(question)].value = True
    return questions, status, question


def test_module_practice_saves_each_checked_answer_to_the_learners_store(monkeypatch, tmp_path):
    questions, status, question = _module_practice_answered(monkeypatch, tmp_path)
    questions.current.check_button.click()
    (first,) = ProgressStore(tmp_path / FILE_NAME).answers()
    assert first.question_id == question.id and first.source == "module"
    assert "Saved to your progress" in status.value


def _fail_once(monkeypatch, error: Exception) -> None:
    """The next save fails with ``error`` (a held lock, a full disk); later saves work."""
    real = ProgressStore.record
    failures = [error]

    def record(self, *args, **kwargs):
        if failures:
            raise failures.pop()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ProgressStore, "record", record)


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (sqlite3.OperationalError("database is locked"), "another program is using"),
        (sqlite3.OperationalError("disk I/O error"), "the disk may be full"),
        (OSError(28, "No space left on device"), "the disk may be full"),
    ],
    ids=["locked", "disk-io", "no-space"],
)
def test_a_failed_save_says_so_and_keeps_the_answer_for_the_next_one(
    tmp_path, monkeypatch, error, says
):
    """Review defect 3: the error escaped the Check button and the page still said Saved."""
    path = tmp_path / FILE_NAME
    ProgressStore(path)
    recorder = Recorder(path)
    first, second = SINGLES[:2]
    _fail_once(monkeypatch, error)
    recorder(Answer(first.id, ("a",), True, 1.0, False))
    assert "Your progress is not being saved" in recorder.status.value
    assert says in recorder.status.value and "keeps 1 unsaved answer" in recorder.status.value
    assert "Saved to your progress" not in recorder.status.value
    recorder(Answer(second.id, ("b",), False, 0.0, False))
    assert "Saved to your progress on this computer (2 answers this session)" in (
        recorder.status.value
    )
    assert [a.question_id for a in ProgressStore(path).answers()] == [first.id, second.id]


def test_a_failed_save_from_a_practice_question_shows_where_the_learner_looks(
    monkeypatch, tmp_path
):
    questions, status, question = _module_practice_answered(monkeypatch, tmp_path)
    _fail_once(monkeypatch, sqlite3.OperationalError("database is locked"))
    questions.current.check_button.click()  # no exception escapes the button
    assert "Your progress is not being saved" in status.value
    assert "another program is using the progress file" in status.value
