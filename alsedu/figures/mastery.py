"""The learner's mastery at a glance: per section, per learning goal (seed bullet), and the
week's reviews.

Three panels, top to bottom:

Sections
    One horizontal bar per seed section from 0 to 100%, over a grey track so that 0% still
    shows where the bar would be; the mastery bar is a dashed line labelled with its value.
    Each bar says its percentage, how many questions are mastered, and "reached the bar" when
    it has.
Learning goals (seed bullets, which each module lists under "What you will be able to do")
    Thirty upright bars grouped by section (the bullet ids on the axis, the section's title
    above its group), each with its percentage written on top; a bar at or over the mastery
    bar is hatched as well as darker, and the dashed line crosses the panel.
Review forecast
    How many questions fall due on each of the coming days, labelled with weekday and date,
    the count written on each bar; today's count includes the overdue ones. With nothing
    scheduled the panel says "nothing scheduled yet".

Percentages are rounded down (:func:`percent`), so "80%" always means the bar is reached.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from itertools import groupby
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..codes import SECTIONS
from ..review import Mastery, MasteryReport, percent
from .chart import Chart

INK, MUTED, TRACK = "#1B2631", "#566573", "#EEF1F3"
BAR, REACHED, BAR_LINE = "#5499C7", "#1A5276", "#7A2E00"
REACHED_HATCH, HATCH_INK = "///", "#D6EAF8"
FORECAST_BAR = "#76448A"
_NUMBER = re.compile(r"\d+$")


def day_label(day: date) -> str:
    """A forecast day as the axis shows it: ``Wed 25 Nov``."""
    return f"{day:%a} {day.day} {day:%b}"


def section_of(bullet_id: str) -> str | None:
    """The section a seed bullet belongs to, read from its prefix (``SS1`` -> signs-symptoms)."""
    prefix = _NUMBER.sub("", bullet_id)
    return next((section for section, code in SECTIONS.items() if code == prefix), None)


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)


def _bars(
    draw: Callable[..., Any], places: Sequence[int], values: Sequence[float],
    reached: Sequence[bool], thickness: float, track_width: float,
) -> None:  # fmt: skip
    """A grey 100% track, then the mastery bars over it: hatched where the bar is reached.

    ``draw`` is ``ax.barh`` or ``ax.bar``; both take (places, lengths, thickness).
    """
    draw(places, 100, thickness, color=TRACK, edgecolor="#D5D8DC", lw=track_width)
    draw(
        places, values, thickness,
        color=[REACHED if r else BAR for r in reached],
        hatch=[REACHED_HATCH if r else None for r in reached],
        edgecolor=HATCH_INK, lw=0,
    )  # fmt: skip


def _sections(ax: Axes, report: MasteryReport) -> None:
    bar = report.bar * 100
    rows = report.sections
    ax.set_xlim(0, 100)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    places = range(len(rows))
    reached = [s.mastery >= report.bar for s in rows]
    _bars(ax.barh, places, [s.mastery * 100 for s in rows], reached, 0.62, 0.8)
    for y, section, done in zip(places, rows, reached, strict=True):
        words = (
            f"{percent(section.mastery)}%  ·  mastered {section.mastered} of {section.questions}"
        )
        ax.text(
            1.5,
            y,
            words + ("  ·  reached the bar" if done else ""),
            ha="left",
            va="center",
            fontsize=9.5,
            color=INK,
            fontweight="bold" if done else "normal",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
        )
    ax.axvline(bar, color=BAR_LINE, ls="--", lw=1.6)
    ax.text(
        bar,
        -0.62,
        f"mastery bar {percent(report.bar)}%",
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color=BAR_LINE,
    )
    ax.set_yticks(range(len(rows)), [s.title for s in rows], fontsize=10, color=INK)
    ax.set_xticks(range(0, 101, 20), [f"{x}%" for x in range(0, 101, 20)], fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Mastery per section", loc="left", fontsize=11.5, fontweight="bold", pad=16)
    _tidy(ax)
    ax.spines["left"].set_visible(False)


def _bullets(ax: Axes, report: MasteryReport) -> None:
    titles = {s.id: s.title for s in report.sections}
    order = {section: n for n, section in enumerate(titles)}
    bullets = sorted(report.bullets, key=lambda b: order.get(section_of(b.id) or "", len(order)))
    places: list[float] = []
    spans: list[tuple[str | None, float, float]] = []  # section, first and last place
    x = 0.0
    for section, members in groupby(bullets, key=lambda b: section_of(b.id)):
        count = len(list(members))
        spans.append((section, x, x + count - 1))
        places += [x + n for n in range(count)]
        x += count + 0.8  # a gap between sections
    values = [b.mastery * 100 for b in bullets]
    reached = [b.mastery >= report.bar for b in bullets]
    _bars(ax.bar, places, values, reached, 0.74, 0.6)
    for place, bullet, value in zip(places, bullets, values, strict=True):
        ax.text(
            place,
            min(value, 100) + 1.5,
            f"{percent(bullet.mastery)}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=INK,
        )
        ax.text(
            place,
            -0.03,
            bullet.id,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7.5,
            color=INK,
        )
    for section, first, last in spans:
        ax.text(
            (first + last) / 2,
            119,
            titles.get(section or "", "Other"),
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            color=INK,
        )
        ax.plot(
            [first - 0.4, last + 0.4],
            [117, 117],
            color=MUTED,
            lw=1,
            clip_on=False,
        )
    bar = report.bar * 100
    ax.axhline(bar, color=BAR_LINE, ls="--", lw=1.4)
    ax.text(
        places[-1] + 0.55,
        bar,
        f"bar\n{percent(report.bar)}%",
        ha="left",
        va="center",
        fontsize=8,
        fontweight="bold",
        color=BAR_LINE,
    )
    ax.set_xlim(-0.6, places[-1] + 0.6)
    ax.set_ylim(0, 112)
    ax.set_xticks([])
    ax.set_yticks(range(0, 101, 25), [f"{y}%" for y in range(0, 101, 25)], fontsize=8.5)
    ax.set_title(
        "Mastery per learning goal (% written on each bar)",
        loc="left",
        fontsize=11.5,
        fontweight="bold",
        pad=30,
    )
    _tidy(ax)


def _forecast(ax: Axes, report: MasteryReport) -> None:
    days = report.forecast
    counts = [count for _day, count in days]
    top = max(counts, default=0)
    ax.set_ylim(0, max(top, 1) * 1.3)
    ax.set_xlim(-0.6, len(days) - 0.4)
    labels = [day_label(day) for day, _count in days]
    if labels:
        labels[0] = f"today\n{labels[0]}"
    ax.set_xticks(range(len(days)), labels, fontsize=9)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_title(
        "Reviews due in the coming week (today includes overdue ones)",
        loc="left",
        fontsize=11.5,
        fontweight="bold",
    )
    _tidy(ax)
    if not top:
        ax.text(
            0.5,
            0.5,
            "nothing scheduled yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=11,
            fontstyle="italic",
            color=MUTED,
        )
        return
    ax.bar(range(len(days)), counts, width=0.6, color=FORECAST_BAR)
    for x, count in enumerate(counts):
        ax.text(
            x,
            count + top * 0.03,
            str(count),
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color=INK,
        )


def mastery_chart(report: MasteryReport) -> Chart:
    """Mastery per section and per seed bullet, and the reviews due in the coming week."""
    figure = Figure(figsize=(9, 9.4), dpi=100)
    _sections(figure.add_axes((0.23, 0.745, 0.72, 0.2)), report)
    _bullets(figure.add_axes((0.07, 0.335, 0.86, 0.29)), report)
    _forecast(figure.add_axes((0.07, 0.08, 0.88, 0.16)), report)
    figure.legend(
        handles=[
            Patch(facecolor=BAR, label="below the bar"),
            Patch(
                facecolor=REACHED,
                hatch=REACHED_HATCH,
                edgecolor=HATCH_INK,
                lw=0,
                label="hatched: at or over the bar",
            ),
        ],
        loc="upper right",
        bbox_to_anchor=(0.97, 0.995),
        ncols=2,
        fontsize=9,
        frameon=False,
        handleheight=1.2,
        handlelength=2.2,
    )
    figure.text(
        0.02,
        0.985,
        "Your mastery",
        ha="left",
        va="top",
        fontsize=13.5,
        fontweight="bold",
        color=INK,
    )
    return Chart(figure, _alt(report), _caption(report), fits_canvas=True)


def _weakest_words(report: MasteryReport) -> str:
    if not any(b.answered for b in report.bullets):
        return "No learning goal has been practised yet, so every goal is at 0%."
    weakest = "; ".join(f"{b.id} {b.title} {percent(b.mastery)}%" for b in report.weakest())
    return f"Weakest learning goals: {weakest}."


def _section_words(section: Mastery, bar: float) -> str:
    reached = ", reached the bar" if section.mastery >= bar else ""
    return (
        f"{section.title} {percent(section.mastery)}% "
        f"(mastered {section.mastered} of {section.questions}{reached})"
    )


def _alt(report: MasteryReport) -> str:
    sections = "; ".join(_section_words(s, report.bar) for s in report.sections)
    counts = [count for _day, count in report.forecast]
    if sum(counts):
        days = "; ".join(f"{day_label(day)} {count}" for day, count in report.forecast)
        week = f"Reviews due in the coming week, today including overdue ones: {days}."
    else:
        week = "Reviews due in the coming week: nothing scheduled yet."
    return (
        f"Your mastery from {report.answers} practice answers, against a bar of "
        f"{percent(report.bar)}%. Per section: {sections}. {_weakest_words(report)} {week}"
    )


def _caption(report: MasteryReport) -> str:
    return (
        "A question's mastery is the score of your latest first try (a retry after the feedback "
        "does not count) times the chance you still remember it now; a section or learning "
        "goal shows the mean over its practice questions (goals are named as in each module's "
        "list of what you will be able to do). "
        f"The dashed line is the mastery bar of {percent(report.bar)}%. Percentages are "
        "rounded down."
    )
