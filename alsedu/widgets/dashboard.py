"""The mastery dashboard: where a learner stands, from the answers in their progress store.

What it shows, top to bottom
    "Practice answers recorded: N"; each section's mastery in words ("45% (mastered 12 of
    33)") and whether it has reached the mastery bar; how many questions are due for review
    now, module by module, and where to answer them; the figure
    (:func:`alsedu.figures.mastery.mastery_chart`); the weakest learning goals (seed bullets),
    each linked to the module that teaches it. Links are relative
    (``01-signs-and-symptoms.ipynb``): the same file name works in the lab and the study app.
Refresh
    "Refresh" reads the store again, so answers checked in another tab show after a click.
A file that cannot be used
    A progress file the store refuses (:class:`~alsedu.store.StoreError`) or cannot read just
    now is named with what is wrong, in words, never as a traceback. Refresh tries again, so
    moving the file aside and clicking is enough.

Pure core: :func:`dashboard_html` and :func:`problem_html` (data in, HTML out).
Shell: :class:`Dashboard`; notebook helper: :func:`dashboard`.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from html import escape

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..errors import Problem
from ..figures.mastery import mastery_chart, percent
from ..review import Mastery, MasteryReport, mastery_report
from ..store import ProgressStore, StoreError, store_path
from .practice import _plural
from .review import Clock, _utc_now

REACHED = '<span aria-hidden="true">✓</span> reached'

STYLE = """<style>
.alsedu-dashboard .widget-html-content, .alsedu-dashboard .jupyter-widget-html-content {
  line-height: 1.5; }
.alsedu-dashboard table { border-collapse: collapse; margin: 0.4em 0 1em 0; }
.alsedu-dashboard caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
.alsedu-dashboard th, .alsedu-dashboard td {
  text-align: left; padding: 0.25em 1.2em 0.25em 0; border-bottom: 1px solid #D5D8DC; }
.alsedu-dashboard li { margin-bottom: 0.3em; }
.alsedu-dashboard a { text-decoration: underline; }
.alsedu-dashboard .alsedu-store-problem { border-left: 4px solid #7A2E00; padding-left: 0.8em; }
</style>"""


def _module_link(bank: Bank, module_id: str | None, text: str | None = None) -> str:
    """A relative link to a module's notebook reading ``text`` (default: the module's title);
    ``text`` alone, unlinked, when there is no such module."""
    module = bank.modules.get(module_id) if module_id else None
    if module is None:
        return escape(text or "")
    return f'<a href="{escape(module.file)}">{escape(text or module.title)}</a>'


def _sections_html(report: MasteryReport, bank: Bank) -> str:
    bar = percent(report.bar)
    rows = "".join(
        f'<tr><th scope="row">{_module_link(bank, s.module, s.title)}</th>'
        f"<td>{percent(s.mastery)}% (mastered {s.mastered} of {s.questions})</td>"
        f"<td>{REACHED if s.mastery >= report.bar else 'not yet'}</td></tr>"
        for s in report.sections
    )
    done = (
        "<p><strong>Every section has reached the mastery bar.</strong> Keep answering the "
        "reviews as they come due to keep it there.</p>"
        if report.complete
        else ""
    )
    return (
        f"<table><caption>Mastery per section (the bar is {bar}%)</caption><thead><tr>"
        f'<th scope="col">Section</th><th scope="col">Mastery</th>'
        f'<th scope="col">The {bar}% bar</th></tr></thead><tbody>{rows}</tbody></table>{done}'
    )


def _due_html(report: MasteryReport, bank: Bank) -> str:
    count = len(report.due)
    if not count:
        later = any(n for _day, n in report.forecast)
        then = (
            "The chart below shows when the next ones come due."
            if later
            else "Questions come back for review after you have answered them in the modules."
        )
        return f"<p>No questions are due for review now. {then}</p>"
    per_section = Counter(bank.questions[q].section for q in report.due if q in bank.questions)
    where = ", ".join(
        f"{n} in {_module_link(bank, s.module) or escape(s.title)}"
        for s in report.sections
        if (n := per_section[s.id])
    )
    verb = "question is" if count == 1 else "questions are"
    return (
        f"<p><strong>{count} {verb} due for review now</strong>: {where}. Answer them under "
        "“Review what is due” at the end of each module, or on the review page of the study "
        "app.</p>"
    )


def _goal_html(goal: Mastery, bank: Bank) -> str:
    link = _module_link(bank, goal.module)
    practise = f"; practise it in {link}" if link else ""
    return (
        f"<li><strong>{escape(goal.title)}</strong> ({escape(goal.id)}): "
        f"{percent(goal.mastery)}%, answered {goal.answered} of "
        f"{_plural(goal.questions, 'question', 'questions')}{practise}</li>"
    )


def dashboard_html(report: MasteryReport, bank: Bank) -> str:
    """The dashboard as HTML: count, sections, what is due, the figure, what to work on."""
    start = ""
    if not report.answers:
        first = next(iter(bank.modules), None)
        begin = f" Start with {_module_link(bank, first)}." if first else ""
        start = (
            "<p>You have not checked any practice answers yet. Every answer you check in a "
            f"module is kept on this computer and counted here.{begin}</p>"
        )
    weakest = "".join(_goal_html(goal, bank) for goal in report.weakest())
    return (
        '<p class="alsedu-dashboard-count"><strong>Practice answers recorded: '
        f"{report.answers}</strong></p>{start}"
        f"{_sections_html(report, bank)}"
        f"<h3>Due for review</h3>{_due_html(report, bank)}"
        f"<h3>Chart: mastery and the week ahead</h3>{mastery_chart(report).html()}"
        f"<h3>Work on these next</h3><p>The learning goals you know least well so far, each "
        f"with the module that teaches it:</p><ol>{weakest}</ol>"
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def problem_html(error: StoreError) -> str:
    """A progress file that cannot be used, in words: which file, what is wrong, what to do."""
    items = "".join(
        f"<li>File: {escape(p.file)}<br>{escape(_sentence(p.message))}</li>"
        if p.file
        else f"<li>{escape(_sentence(p.message))}</li>"
        for p in error.problems
    )
    return (
        '<div class="alsedu-store-problem" role="alert"><p><strong>Your progress file cannot '
        "be used</strong>, so the dashboard cannot show your progress. Nothing in it has been "
        f"changed.</p><ul>{items}</ul><p>Choose Refresh to try again.</p></div>"
    )


class Dashboard(widgets.VBox):
    """The mastery dashboard for the learner's store: an ipywidgets ``VBox`` to display.

    ``store``: the progress store (default: the learner's own, opened at each refresh, so a
    file moved aside or fixed is picked up); ``now``: the clock (default: UTC now).
    ``view`` holds the dashboard's HTML, ``status`` when it was last read, ``report`` the
    last :class:`~alsedu.review.MasteryReport` (None when the store could not be read).
    """

    def __init__(
        self,
        store: ProgressStore | None = None,
        bank: Bank | None = None,
        now: Clock | None = None,
    ):
        self.store = store
        self.bank = load_bank() if bank is None else bank
        self.now = _utc_now if now is None else now
        self.report: MasteryReport | None = None
        self.view = widgets.HTML("")
        self.status = widgets.HTML("")
        self.refresh_button = widgets.Button(
            description="Refresh", tooltip="Read your progress file again", icon="refresh"
        )
        self.refresh_button.on_click(self.refresh)
        controls = widgets.HBox(
            [self.refresh_button, self.status], layout=widgets.Layout(align_items="center")
        )
        super().__init__([widgets.HTML(STYLE), controls, self.view])
        self.add_class("alsedu-dashboard")
        self.refresh()

    def refresh(self, _button: widgets.Button | None = None) -> None:
        """Read the store again and redraw; a file that cannot be used is explained instead."""
        moment = self.now()
        try:
            store = ProgressStore() if self.store is None else self.store
            answers = store.answers()
        except StoreError as error:
            self._refused(error)
            return
        except (sqlite3.Error, OSError) as error:  # locked too long, unreadable, or replaced
            path = store_path() if self.store is None else self.store.path
            message = f"the progress file could not be read just now ({error})"
            self._refused(StoreError([Problem(str(path), "", message)]))
            return
        self.report = mastery_report(answers, self.bank, moment)
        self.view.value = dashboard_html(self.report, self.bank)
        left_out = (
            f" {len(store.skipped)} stored answers could not be read and are left out "
            f"({escape('; '.join(store.skipped[:3]))})."
            if store.skipped
            else ""
        )
        self.status.value = (
            f'<span role="status">Read from your progress file at '
            f"{moment.astimezone():%H:%M:%S}.{left_out}</span>"
        )

    def _refused(self, error: StoreError) -> None:
        self.report = None
        self.view.value = problem_html(error)
        self.status.value = ""


def dashboard(
    store: ProgressStore | None = None, bank: Bank | None = None, now: Clock | None = None
) -> Dashboard:
    """The mastery dashboard for a notebook cell (the learner's own store by default)."""
    return Dashboard(store, bank, now)
