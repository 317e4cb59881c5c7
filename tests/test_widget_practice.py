"""The practice widget, driven headless: set values, click buttons, read the HTML shown."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from html import escape, unescape

import ipywidgets as widgets
import pytest

from alsedu import InputError, load_bank
from alsedu.schema import Question
from alsedu.widgets.practice import (
    Answer,
    PracticeQuestion,
    check,
    feedback_html,
    order_choices,
    practice,
    practice_set,
    prompt_html,
)

BANK = load_bank()


def first(kind: str) -> Question:
    return next(q for q in BANK.practice() if q.kind == kind)


def wrong_id(question: Question) -> str:
    return next(c.id for c in question.choices if not c.correct)


def words(html: str) -> str:
    """What a reader hears: the text without tags, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def sort_with_buttons(shell: PracticeQuestion) -> None:
    """Put the steps in the right order by clicking Move up only (a bubble sort)."""
    assert shell.steps is not None
    right = shell.question.answer
    for _ in range(len(right)):
        for place in range(1, len(right)):
            order = list(shell.chosen)
            if right.index(order[place]) < right.index(order[place - 1]):
                shell.steps.up[place].click()


def test_every_practice_question_scores_1_with_its_key():
    for question in BANK.practice():
        result = check(question, question.answer)
        assert (result.correct, result.score, result.summary) == (True, 1, "Correct"), question.id


@pytest.mark.parametrize("kind", ["single", "case"])
def test_a_wrong_choice_shows_its_explanation_and_sources(kind: str):
    question = first(kind)
    shell = PracticeQuestion(question, BANK)
    wrong = next(c for c in question.choices if not c.correct)
    shell.choice.value = wrong.id
    shell.check_button.click()
    shown = words(shell.feedback.value)
    assert shown.index("Not yet") < shown.index(wrong.why)
    assert "✗ Not right:" in shown and wrong.text in shown
    assert f"Sources: {', '.join(wrong.sources)}" in shown
    assert shell.result is not None and shell.result.score == 0


@pytest.mark.parametrize("kind", ["single", "case"])
def test_the_right_choice_says_correct(kind: str):
    question = first(kind)
    shell = PracticeQuestion(question, BANK)
    shell.choice.value = question.answer
    shell.check_button.click()
    assert "✓</span> Correct." in shell.feedback.value
    assert "Not right" not in shell.feedback.value


@pytest.mark.parametrize("question_id", ["q-as4-c12-frank", "q-ci3-c05-family-rub"])
def test_a_case_question_shows_the_story_and_never_the_codes(question_id: str):
    question = BANK.questions[question_id]
    case = BANK.cases[question.case]
    shell = PracticeQuestion(question, BANK)
    html = "".join(w.value for w in walk(shell) if isinstance(w, widgets.HTML))
    assert case.narrative in words(html) and case.title in words(html)
    codes = [case.id, *case.engine_only, *(f.code for f in case.case.findings if "_" in f.code)]
    assert case.engine_only and not [code for code in codes if code in html]


def test_multiple_shows_partial_credit_in_words():
    question = next(q for q in BANK.practice() if q.kind == "multiple" and len(q.answer) >= 3)
    right, wrong = question.answer, wrong_id(question)
    shell = PracticeQuestion(question, BANK)
    for option in [*right, wrong]:
        shell.boxes[option].value = True
    shell.boxes[right[0]].value = False
    shell.check_button.click()
    n = len(right)
    summary = f"Not quite: you chose {n - 1} of the {n} right answers and 1 that is not right"
    assert summary in shell.feedback.value
    assert f"(partial credit: {n - 2} of {n})" in shell.feedback.value
    assert shell.result.score == pytest.approx((n - 2) / n)
    assert "The right answer you missed:" in shell.feedback.value


def test_multiple_credit_never_falls_below_zero():
    question = next(q for q in BANK.practice() if q.kind == "multiple")
    wrong = [c.id for c in question.choices if not c.correct]
    result = check(question, wrong)
    assert result.score == 0 and result.summary.startswith("Not yet:")
    assert "no credit yet" in result.summary


def test_ordering_buttons_move_steps_and_the_right_order_scores_1():
    question = first("ordering")
    shell = PracticeQuestion(question, BANK)
    start = shell.chosen
    shell.steps.down[0].click()
    assert shell.chosen == (start[1], start[0], *start[2:])
    moved = next(i.text for i in question.items if i.id == start[1])
    assert unescape(shell.steps.texts[0].value) == f"<span>1. {moved}</span>"
    sort_with_buttons(shell)
    assert list(shell.chosen) == question.answer
    shell.check_button.click()
    assert shell.result.score == 1 and "Correct." in shell.feedback.value


def test_ordering_feedback_names_the_right_place():
    question = first("ordering")
    order = list(reversed(question.answer))
    result = check(question, order)
    shown = unescape(feedback_html(question, result))
    assert f"Belongs in place {len(order)}:" in shown and "The right order:" in shown
    assert result.score == pytest.approx((len(order) % 2) / len(order))


def test_ordering_never_starts_in_the_right_order():
    for question in (q for q in BANK.practice() if q.kind == "ordering"):
        for seed in range(30):
            assert [i.id for i in order_choices(question, seed)] != question.answer


def test_move_buttons_name_their_step_and_the_ends_cannot_move_out():
    shell = PracticeQuestion(first("ordering"), BANK)
    steps = shell.steps
    text = next(i.text for i in shell.question.items if i.id == shell.chosen[0])
    assert steps.up[0].disabled and steps.down[-1].disabled
    assert steps.down[0].tooltip.startswith("Move down: ") and text[:40] in steps.down[0].tooltip


def test_shuffling_is_reproducible_and_depends_on_the_seed():
    question = first("multiple")
    assert order_choices(question, 7) == order_choices(question, 7)
    assert order_choices(question) == order_choices(question, zlib.crc32(question.id.encode()))
    orders = {tuple(c.id for c in order_choices(question, seed)) for seed in range(10)}
    assert len(orders) > 1


def test_on_answer_gets_id_choice_score_and_hint_once():
    calls = []
    question = first("single")
    shell = PracticeQuestion(question, BANK, on_answer=calls.append)
    shell.choice.value = question.answer
    shell.check_button.click()
    shell.check_button.click()  # marked once until "Try again"
    assert calls == [Answer(question.id, (question.answer,), True, 1.0, False)]


def test_nothing_chosen_asks_for_an_answer_and_records_nothing():
    calls = []
    shell = PracticeQuestion(first("multiple"), BANK, on_answer=calls.append)
    shell.check_button.click()
    assert "Choose an answer first" in shell.feedback.value and calls == []


def test_the_hint_button_reveals_the_hint_and_it_is_recorded():
    question = first("single").model_copy(update={"hint": "Think about who measures <this>."})
    calls = []
    shell = PracticeQuestion(question, BANK, on_answer=calls.append)
    assert shell.hint.value == "" and not shell.hint_button.disabled
    shell.hint_button.click()
    assert "Think about who measures &lt;this&gt;." in shell.hint.value
    shell.choice.value = wrong_id(question)
    shell.check_button.click()
    assert calls[0].hint_used is True and calls[0].correct is False


def test_without_a_hint_the_button_says_so_and_is_disabled():
    shell = PracticeQuestion(first("single").model_copy(update={"hint": None}), BANK)
    assert shell.hint_button.disabled and "No hint" in shell.hint_button.description
    shell.hint_button.click()
    assert shell.hint.value == "" and shell.hint_used is False


@pytest.mark.parametrize("kind", ["single", "multiple", "case", "ordering"])
def test_try_again_clears_choice_and_feedback(kind: str):
    question = first(kind)
    shell = PracticeQuestion(question, BANK)
    start = shell.chosen
    if kind == "ordering":
        shell.steps.down[0].click()
    elif kind == "multiple":
        shell.boxes[wrong_id(question)].value = True
    else:
        shell.choice.value = wrong_id(question)
    shell.check_button.click()
    assert shell.feedback.value
    shell.retry_button.click()
    assert shell.feedback.value == "" and shell.result is None
    assert shell.chosen == start
    shell.check_button.click()  # the answer can be given again
    assert shell.feedback.value


@pytest.mark.parametrize("kind", ["single", "multiple", "case", "ordering"])
def test_every_control_has_a_name(kind: str):
    shell = PracticeQuestion(first(kind), BANK, on_next=lambda: None)
    controls = [w for w in walk(shell) if not isinstance(w, widgets.HTML | widgets.Box)]
    assert controls
    for control in controls:
        assert control.description.strip(), control


def test_next_calls_on_next_and_is_hidden_without_it():
    moved = []
    shell = PracticeQuestion(first("single"), BANK, on_next=lambda: moved.append(True))
    shell.next_button.click()
    assert moved == [True] and shell.next_button.layout.display != "none"
    assert PracticeQuestion(first("single"), BANK).next_button.layout.display == "none"


def test_prompt_marks_glossary_terms_as_focusable_abbreviations():
    question = first("single").model_copy(update={"prompt": "Is ALS <always> painful? ALS..."})
    html = prompt_html(question, BANK)
    meaning = escape(BANK.glossary["als"].meaning)
    assert f'<abbr title="{meaning}" tabindex="0">ALS</abbr>' in html
    assert html.count("<abbr") == 1 and "&lt;always&gt;" in html


def test_feedback_escapes_option_text():
    question = first("single")
    choices = [c.model_copy(update={"text": "<script>x</script>"}) for c in question.choices]
    question = question.model_copy(update={"choices": choices})
    html = feedback_html(question, check(question, wrong_id(question)))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_written_and_graded_questions_are_refused():
    written = next(q for q in BANK.questions.values() if q.kind == "written")
    with pytest.raises(InputError, match="reflection answered in Markdown"):
        PracticeQuestion(written, BANK)
    with pytest.raises(InputError, match="reflection answered in Markdown"):
        check(written, [])
    graded = next(q for q in BANK.graded() if q.kind != "written")
    with pytest.raises(InputError, match="nbgrader course"):
        practice(graded.id)


def test_bad_answers_and_ids_are_named():
    question = first("single")
    with pytest.raises(InputError, match="unknown option 'z'"):
        check(question, "z")
    with pytest.raises(InputError, match="takes one answer"):
        check(question, ["a", "b"])
    with pytest.raises(InputError, match="every step once"):
        check(first("ordering"), ["a"])
    with pytest.raises(InputError, match="did you mean"):
        practice(question.id + "x")


def test_practice_set_shows_one_question_at_a_time():
    questions = [q for q in BANK.practice() if q.kind == "single"][:3]
    ids = [q.id for q in questions]
    answers = []
    shown = practice_set(ids, on_answer=lambda a: answers.append(a.question_id))
    assert "Question 1 of 3" in shown.position.value
    assert shown.children[1] is shown.current and shown.current.question.id == ids[0]
    shown.current.next_button.click()
    assert "Question 2 of 3" in shown.position.value and shown.current.question.id == ids[1]
    shown.current.next_button.click()
    assert shown.current.next_button.layout.display == "none"
    shown.current.choice.value = questions[2].answer
    shown.current.check_button.click()
    assert answers == [ids[2]]


def test_feedback_reasons_mark_glossary_terms():
    question = next(q for q in BANK.practice() if q.kind == "single" and "ALS" in q.choices[0].why)
    shell = PracticeQuestion(question, BANK)
    shell.choice.value = question.choices[0].id
    shell.check_button.click()
    assert '<abbr title="' in shell.feedback.value
