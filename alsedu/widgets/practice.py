"""Practice questions as widgets: choose, check, and read why each option is right or wrong.

Each practice kind has one control; a ``written`` question is a reflection answered in
Markdown, never a widget, and a graded question belongs to the nbgrader course only.

``single`` and ``case``
    Radio buttons, one answer. A ``case`` question shows the client's story (the case file's
    title and narrative, never its codes or id) beside the choices.
``multiple``
    One checkbox per choice. Score: right choices picked minus wrong ones picked, never below
    0, over the number of right choices; correct only when exactly the right ones are picked.
``ordering``
    One row per place: the step's text with "Move up" and "Move down" buttons (Tab, Enter and
    Space are enough; each button's tooltip names its step). It never starts in the right
    order. Score: the share of steps in their right place.

Choices are shuffled with ``random.Random(seed)``; the default seed is the CRC-32 of the
question id, so a question shows the same order in every session. Feedback opens with the
result in words (``Correct``, ``Not quite: ...``, ``Not yet: ...``), then each chosen option
and each right one with ✓ or ✗ and a word, why, and its sources ("Sources: S28, S26").
Glossary terms in the prompt, the story and the hint are ``<abbr>`` elements a keyboard can
reach, their title the glossary's plain meaning.

The core (:func:`order_choices`, :func:`check`, :func:`feedback_html`, :func:`prompt_html`,
:func:`case_html`) takes data and returns data or HTML; :class:`PracticeQuestion` and
:class:`PracticeSet` are thin ipywidgets shells over it, driven in tests by setting
``.value`` and calling ``Button.click()``.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..errors import InputError, Problem, did_you_mean
from ..schema import Choice, OrderItem, Question, Term
from ..terms import find_terms

PRACTICE_KINDS = ("single", "multiple", "case", "ordering")
Option = Choice | OrderItem

RIGHT, WRONG = "✓", "✗"
#: Long option texts wrap instead of being cut off (ipywidgets keeps labels on one line).
STYLE = """<style>
.alsedu-practice .widget-html-content, .alsedu-practice .jupyter-widget-html-content {
  line-height: 1.5; }
.alsedu-practice .widget-radio-box label, .alsedu-practice .jupyter-widget-radio-box label {
  display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: baseline;
  height: auto; line-height: 1.5; white-space: normal; margin-bottom: 0.4em; }
.alsedu-practice .widget-radio-box input, .alsedu-practice .jupyter-widget-radio-box input {
  float: none; flex: none; height: auto; }
.alsedu-practice .widget-checkbox, .alsedu-practice .jupyter-widget-checkbox {
  width: auto; height: auto; margin-bottom: 0.4em; }
.alsedu-practice .widget-label-basic, .alsedu-practice .jupyter-widget-label-basic {
  display: flex; align-items: baseline; white-space: normal; overflow: visible;
  line-height: 1.5; }
.alsedu-practice abbr[title] { text-decoration: underline dotted; cursor: help; }
.alsedu-practice .alsedu-case { border-left: 3px solid #888; padding-left: 0.8em; }
</style>"""


@dataclass(frozen=True)
class Answer:
    """What a practice question's ``on_answer`` receives once an answer is checked."""

    question_id: str
    chosen: tuple[str, ...]
    correct: bool
    score: float
    hint_used: bool  # the hint was shown before this answer


AnswerCallback = Callable[[Answer], None]


def _problem(question: Question, message: str) -> InputError:
    return InputError([Problem("", question.id, message)])


def _require_kind(question: Question) -> None:
    if question.kind not in PRACTICE_KINDS:
        raise _problem(
            question,
            f"a {question.kind} question is a reflection answered in Markdown, not a practice "
            f"widget; practice widgets take {', '.join(PRACTICE_KINDS)}",
        )


def require_practice(question: Question) -> None:
    """Refuse what is not a practice widget: written questions, and graded ones."""
    _require_kind(question)
    if question.use != "practice":
        raise _problem(
            question, "a graded question appears only in the nbgrader course, never with feedback"
        )


def default_seed(question: Question) -> int:
    """A seed that is the same in every session: the CRC-32 of the question id."""
    return zlib.crc32(question.id.encode())


def _options(question: Question) -> list[Option]:
    return list(question.items) if question.kind == "ordering" else list(question.choices)


def order_choices(question: Question, seed: int | None = None) -> list[Option]:
    """The choices (or ordering steps) in the order shown, shuffled reproducibly by ``seed``.

    Ordering steps never start in the right order: a shuffle that lands there is rotated.
    """
    _require_kind(question)
    options = _options(question)
    random.Random(default_seed(question) if seed is None else seed).shuffle(options)
    if question.kind == "ordering" and options == list(question.items):
        options = options[1:] + options[:1]
    return options


@dataclass(frozen=True)
class OptionFeedback:
    """One option as feedback shows it; for ordering, the place given and the right place."""

    id: str
    text: str
    chosen: bool
    right: bool
    why: str
    sources: tuple[str, ...]
    place: int | None = None
    right_place: int | None = None


@dataclass(frozen=True)
class Result:
    """A checked answer: correct or not, a score from 0 to 1, the summary in words, and the
    feedback per option (chosen ones first, in the order given, then right ones not chosen)."""

    chosen: tuple[str, ...]
    correct: bool
    score: float
    summary: str
    options: tuple[OptionFeedback, ...]


def _chosen_ids(question: Question, chosen: str | Sequence[str]) -> tuple[str, ...]:
    ids = (chosen,) if isinstance(chosen, str) else tuple(chosen)
    allowed = [o.id for o in _options(question)]
    for option_id in ids:
        if option_id not in allowed:
            hint = did_you_mean(option_id, allowed)
            raise _problem(
                question, f"unknown option {option_id!r}; {hint}allowed: {', '.join(allowed)}"
            )
    if len(set(ids)) != len(ids):
        raise _problem(question, f"an option is chosen twice: {list(ids)}")
    if question.kind in {"single", "case"} and len(ids) > 1:
        raise _problem(question, f"a {question.kind} question takes one answer, got {list(ids)}")
    if question.kind == "ordering" and len(ids) != len(allowed):
        raise _problem(question, f"an order names every step once: {', '.join(allowed)}")
    return ids


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _check_choices(question: Question, ids: tuple[str, ...]) -> Result:
    by_id = {c.id: c for c in question.choices}
    right = [c.id for c in question.choices if c.correct]
    picked_right = sum(by_id[i].correct for i in ids)
    picked_wrong = len(ids) - picked_right
    points = max(0, picked_right - picked_wrong)
    correct = set(ids) == set(right)
    if correct:
        summary = "Correct"
    elif not ids:
        summary = "Not yet: no answer chosen"
    elif question.kind != "multiple":
        summary = "Not yet: that is not the best answer"
    else:
        found = f"you chose {picked_right} of the {len(right)} right answers"
        extra = f" and {_plural(picked_wrong, 'that is', 'that are')} not right"
        extra = extra if picked_wrong else ""
        credit = f"partial credit: {points} of {len(right)}" if points else "no credit yet"
        summary = f"{'Not quite' if points else 'Not yet'}: {found}{extra} ({credit})"
    shown = [*ids, *(i for i in right if i not in ids)]
    options = tuple(
        OptionFeedback(c.id, c.text, c.id in ids, c.correct, c.why, tuple(c.sources))
        for c in (by_id[i] for i in shown)
    )
    return Result(ids, correct, points / len(right), summary, options)


def _check_order(question: Question, ids: tuple[str, ...]) -> Result:
    right_place = {item.id: n for n, item in enumerate(question.items, 1)}
    by_id = {item.id: item for item in question.items}
    options = tuple(
        OptionFeedback(
            i,
            by_id[i].text,
            True,
            right_place[i] == n,
            by_id[i].why,
            tuple(by_id[i].sources),
            n,
            right_place[i],
        )  # fmt: skip
        for n, i in enumerate(ids, 1)
    )
    placed = sum(o.right for o in options)
    total = len(options)
    if placed == total:
        summary = "Correct"
    elif placed:
        summary = f"Not quite: {placed} of {total} steps in the right place"
    else:
        summary = f"Not yet: none of the {total} steps is in the right place"
    return Result(ids, placed == total, placed / total, summary, options)


def check(question: Question, chosen: str | Sequence[str]) -> Result:
    """Mark an answer: one choice id (or a list of one), the chosen ids, or the order of steps.

    ``single``/``case``: 1 or 0. ``multiple``: (right picked - wrong picked) / right ones,
    never below 0. ``ordering``: the share of steps in their right place.
    """
    _require_kind(question)
    ids = _chosen_ids(question, chosen)
    if question.kind == "ordering":
        return _check_order(question, ids)
    return _check_choices(question, ids)


def mark_terms(text: str, glossary: Mapping[str, Term]) -> str:
    """Escape ``text`` and mark each glossary term's first use as a focusable ``<abbr>``."""
    out, at, seen = [], 0, set()
    for link in find_terms(text, glossary):
        if link.term_id in seen:
            continue
        seen.add(link.term_id)
        meaning = escape(glossary[link.term_id].meaning)
        out += [
            escape(text[at : link.start]),
            f'<abbr title="{meaning}" tabindex="0">{escape(link.text)}</abbr>',
        ]
        at = link.end
    return "".join([*out, escape(text[at:])])


def prompt_html(question: Question, bank: Bank) -> str:
    """The prompt, glossary terms marked, and what kind of answer it asks for."""
    ask = {
        "single": "Choose one answer.",
        "case": "Choose one answer.",
        "multiple": "Choose every answer that applies.",
        "ordering": "Put the steps in order with the Move up and Move down buttons.",
    }[question.kind]
    return (
        f'<p class="alsedu-prompt">{mark_terms(question.prompt, bank.glossary)}</p>'
        f"<p><em>{ask}</em></p>"
    )


def case_html(question: Question, bank: Bank) -> str:
    """The client's story for a case question: the case title and narrative, nothing coded."""
    if question.case is None:
        return ""
    case = bank.cases[question.case]
    return (
        f'<div class="alsedu-case" role="region" aria-label="About the client">'
        f"<p><strong>About the client: {escape(case.title)}</strong></p>"
        f"<p>{mark_terms(case.narrative, bank.glossary)}</p></div>"
    )


def _sources(option: OptionFeedback) -> str:
    return f"<br><small>Sources: {escape(', '.join(option.sources))}</small>"


def _why(option: OptionFeedback, glossary: Mapping[str, Term] | None) -> str:
    return mark_terms(option.why, glossary) if glossary else escape(option.why)


def _choice_item(option: OptionFeedback, glossary: Mapping[str, Term] | None = None) -> str:
    mark, word = (RIGHT, "Right") if option.right else (WRONG, "Not right")
    return (
        f'<li><strong><span aria-hidden="true">{mark}</span> {word}:</strong> '
        f"{escape(option.text)}<br>{_why(option, glossary)}{_sources(option)}</li>"
    )


def _step_item(option: OptionFeedback, glossary: Mapping[str, Term] | None = None) -> str:
    if option.right:
        mark, word = RIGHT, "In the right place"
    else:
        mark, word = WRONG, f"Belongs in place {option.right_place}"
    return (
        f'<li><strong><span aria-hidden="true">{mark}</span> {word}:</strong> '
        f"{escape(option.text)}<br>{_why(option, glossary)}{_sources(option)}</li>"
    )


def feedback_html(
    question: Question, result: Result, glossary: Mapping[str, Term] | None = None
) -> str:
    """The feedback as accessible HTML: the summary in words first, then lists of options,
    each reason with its glossary terms marked when a glossary is given."""
    mark = RIGHT if result.correct else WRONG
    parts = [
        '<div class="alsedu-feedback">',
        f'<p role="status"><strong><span aria-hidden="true">{mark}</span> '
        f"{escape(result.summary)}.</strong></p>",
    ]
    if question.kind == "ordering":
        steps = "".join(_step_item(o, glossary) for o in result.options)
        parts.append(f"<p><strong>Your order:</strong></p><ol>{steps}</ol>")
        if not result.correct:
            right = sorted(result.options, key=lambda o: o.right_place or 0)
            listed = "".join(f"<li>{escape(o.text)}</li>" for o in right)
            parts.append(f"<p><strong>The right order:</strong></p><ol>{listed}</ol>")
    else:
        chosen = [o for o in result.options if o.chosen]
        missed = [o for o in result.options if not o.chosen]
        if chosen:
            title = "Your answer" if len(chosen) == 1 else "Your answers"
            items = "".join(_choice_item(o, glossary) for o in chosen)
            parts.append(f"<p><strong>{title}:</strong></p><ul>{items}</ul>")
        if missed:
            title = "The right answer" if len(missed) == 1 else "The right answers"
            title += " you missed" if question.kind == "multiple" and chosen else ""
            items = "".join(_choice_item(o, glossary) for o in missed)
            parts.append(f"<p><strong>{title}:</strong></p><ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def hint_html(question: Question, bank: Bank) -> str:
    """The hint as a paragraph, or '' when the question has none yet."""
    if question.hint is None:
        return ""
    return f"<p><strong>Hint:</strong> {mark_terms(question.hint, bank.glossary)}</p>"


class _Steps:
    """The ordering control: one row per place, the step's text and Move up / Move down."""

    def __init__(self, items: list[Option]):
        self.start = list(items)
        self.order = list(items)
        self.texts = [widgets.HTML(layout=widgets.Layout(flex="1 1 auto")) for _ in items]
        fixed = {"flex": "none", "width": "7.5em"}
        self.up = [widgets.Button(description="Move up", layout=fixed) for _ in items]
        self.down = [widgets.Button(description="Move down", layout=fixed) for _ in items]
        for place, (up, down) in enumerate(zip(self.up, self.down, strict=True)):
            up.on_click(lambda _b, place=place: self.move(place, -1))
            down.on_click(lambda _b, place=place: self.move(place, +1))
        rows = [
            widgets.HBox([up, down, text], layout=widgets.Layout(align_items="center"))
            for up, down, text in zip(self.up, self.down, self.texts, strict=True)
        ]
        self.widget = widgets.VBox(rows)
        self.locked = False
        self._show()

    def move(self, place: int, by: int) -> None:
        """Swap the step at ``place`` (0-based) with its neighbour ``by`` places away."""
        other = place + by
        if self.locked or not 0 <= other < len(self.order):
            return
        self.order[place], self.order[other] = self.order[other], self.order[place]
        self._show()

    def lock(self, locked: bool) -> None:
        self.locked = locked
        self._show()

    def reset(self) -> None:
        self.order = list(self.start)
        self._show()

    def _show(self) -> None:
        last = len(self.order) - 1
        for place, item in enumerate(self.order):
            self.texts[place].value = f"<span>{place + 1}. {escape(item.text)}</span>"
            short = item.text if len(item.text) <= 60 else item.text[:57].rstrip() + "..."
            self.up[place].tooltip = f"Move up: {short}"
            self.down[place].tooltip = f"Move down: {short}"
            self.up[place].disabled = self.locked or place == 0
            self.down[place].disabled = self.locked or place == last


class PracticeQuestion(widgets.VBox):
    """A practice question to answer, check, retry: an ipywidgets ``VBox`` to display.

    Controls: ``choice`` (radio buttons: ``single``, ``case``), ``boxes`` (checkboxes by
    option id: ``multiple``) or ``steps`` (ordering rows); ``check_button``, ``hint_button``,
    ``retry_button``, ``next_button``; ``feedback`` and ``hint`` are HTML widgets.
    "Check" marks the answer once, shows the feedback, locks the answer and calls
    ``on_answer(Answer(question_id, chosen_ids, correct, score, hint_used))``. "Try again"
    clears the answer and the feedback (the hint stays shown). "Next" calls ``on_next()`` and
    is hidden when there is none. Buttons are never disabled by a click, so keyboard focus
    stays where it was.
    """

    def __init__(
        self,
        question: Question,
        bank: Bank | None = None,
        seed: int | None = None,
        on_answer: AnswerCallback | None = None,
        on_next: Callable[[], None] | None = None,
    ):
        require_practice(question)
        bank = load_bank() if bank is None else bank
        self.glossary = bank.glossary
        self.question = question
        self.options = order_choices(question, seed)
        self.on_answer = on_answer
        self.on_next = on_next
        self.result: Result | None = None
        self.hint_used = False
        self.choice: widgets.RadioButtons | None = None
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.steps: _Steps | None = None
        self.feedback = widgets.HTML("")
        self.hint = widgets.HTML("")
        self._hint_text = hint_html(question, bank)

        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.hint_button = widgets.Button(
            description="Hint" if question.hint else "No hint for this question",
            tooltip="Show a hint" if question.hint else "No hint is available yet",
            disabled=question.hint is None,
            layout=widgets.Layout(width="auto" if question.hint is None else None),
        )
        self.retry_button = widgets.Button(description="Try again")
        self.next_button = widgets.Button(description="Next")
        if on_next is None:
            self.next_button.layout.display = "none"
        self.check_button.on_click(self._on_check)
        self.hint_button.on_click(self._on_hint)
        self.retry_button.on_click(self._on_retry)
        self.next_button.on_click(self._on_next)

        answer = self._answer_control()
        story = case_html(question, bank)
        if story:
            half = widgets.Layout(flex="1 1 20em", margin="0 1em 0 0")
            answer = widgets.HBox(
                [widgets.HTML(story, layout=half), widgets.VBox([answer], layout=half)],
                layout=widgets.Layout(flex_flow="row wrap"),
            )
        buttons = widgets.HBox(
            [self.check_button, self.hint_button, self.retry_button, self.next_button],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        super().__init__(
            [
                widgets.HTML(STYLE + prompt_html(question, bank)),
                answer,
                buttons,
                self.hint,
                self.feedback,
            ]
        )
        self.add_class("alsedu-practice")

    def _answer_control(self) -> widgets.Widget:
        if self.question.kind == "ordering":
            self.steps = _Steps(self.options)
            return self.steps.widget
        if self.question.kind == "multiple":
            self.boxes = {
                o.id: widgets.Checkbox(
                    value=False,
                    description=o.text,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )  # fmt: skip
                for o in self.options
            }
            return widgets.VBox(list(self.boxes.values()))
        self.choice = widgets.RadioButtons(
            options=[(o.text, o.id) for o in self.options],
            value=None,
            description="Your answer:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        return self.choice

    @property
    def chosen(self) -> tuple[str, ...]:
        """The ids chosen now (for ordering: the steps in their current order)."""
        if self.steps is not None:
            return tuple(item.id for item in self.steps.order)
        if self.boxes:
            return tuple(i for i, box in self.boxes.items() if box.value)
        return () if self.choice is None or self.choice.value is None else (self.choice.value,)

    def _lock(self, locked: bool) -> None:
        """Lock the answer while its feedback shows; buttons stay enabled, keeping focus."""
        if self.steps is not None:
            self.steps.lock(locked)
        for box in self.boxes.values():
            box.disabled = locked
        if self.choice is not None:
            self.choice.disabled = locked

    def _on_check(self, _button: widgets.Button | None = None) -> None:
        if self.result is not None:  # already marked: the feedback stays until "Try again"
            return
        chosen = self.chosen
        if not chosen:
            self.feedback.value = '<p role="status"><strong>Choose an answer first.</strong></p>'
            return
        self.result = check(self.question, chosen)
        self.feedback.value = feedback_html(self.question, self.result, self.glossary)
        self._lock(True)
        if self.on_answer is not None:
            result = self.result
            self.on_answer(
                Answer(self.question.id, chosen, result.correct, result.score, self.hint_used)
            )

    def _on_hint(self, _button: widgets.Button | None = None) -> None:
        if self._hint_text:
            self.hint.value = self._hint_text
            self.hint_used = True

    def _on_next(self, _button: widgets.Button | None = None) -> None:
        if self.on_next is not None:
            self.on_next()

    def _on_retry(self, _button: widgets.Button | None = None) -> None:
        self._lock(False)
        self.result = None
        self.feedback.value = ""
        if self.steps is not None:
            self.steps.reset()
        for box in self.boxes.values():
            box.value = False
        if self.choice is not None:
            self.choice.value = None


def _question(bank: Bank, question_id: str) -> Question:
    if question_id not in bank.questions:
        hint = did_you_mean(question_id, bank.questions)
        message = f"unknown question {question_id!r}" + (f"; {hint.strip()}" if hint else "")
        raise InputError([Problem("", "question", message)])
    return bank.questions[question_id]


def practice(
    question_id: str, seed: int | None = None, on_answer: AnswerCallback | None = None
) -> PracticeQuestion:
    """The practice widget for a bank question, by id (for a notebook cell)."""
    bank = load_bank()
    return PracticeQuestion(_question(bank, question_id), bank, seed, on_answer)


class PracticeSet(widgets.VBox):
    """Several practice questions one after another: "Question 2 of 8" and one question shown;
    each question's "Next" moves on (the last has none). ``current`` is the one shown."""

    def __init__(
        self,
        questions: Sequence[Question],
        bank: Bank | None = None,
        seed: int | None = None,
        on_answer: AnswerCallback | None = None,
    ):
        if not questions:
            raise InputError([Problem("", "questions", "a practice set needs a question")])
        for question in questions:
            require_practice(question)
        self.questions = list(questions)
        self.bank = load_bank() if bank is None else bank
        self.seed = seed
        self.on_answer = on_answer
        self.position = widgets.HTML("")
        self.index = 0
        self.current = self._build(0)
        super().__init__([self.position, self.current])
        self._show()

    def _build(self, index: int) -> PracticeQuestion:
        last = index == len(self.questions) - 1
        return PracticeQuestion(
            self.questions[index], self.bank, self.seed, self.on_answer,
            on_next=None if last else self.next_question,
        )  # fmt: skip

    def _show(self) -> None:
        self.position.value = (
            f"<p><strong>Question {self.index + 1} of {len(self.questions)}</strong></p>"
        )

    def next_question(self) -> None:
        """Show the next question (nothing happens after the last)."""
        if self.index + 1 >= len(self.questions):
            return
        self.index += 1
        self.current = self._build(self.index)
        self.children = [self.position, self.current]
        self._show()


def practice_set(
    question_ids: Sequence[str], seed: int | None = None, on_answer: AnswerCallback | None = None
) -> PracticeSet:
    """Several bank questions, by id, one after another (for a notebook cell)."""
    bank = load_bank()
    return PracticeSet([_question(bank, i) for i in question_ids], bank, seed, on_answer)
