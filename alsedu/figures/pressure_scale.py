"""The Walton pressure scale, levels 1 to 5, with today's cap marked.

Levels above the cap are hatched and say "not today" in words, so the mark does not rest on
colour. With no plan and no cap the scale is drawn plain; a plan that does not go ahead
marks every level.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ..labels import DECISION_LABELS
from ..screening.plan import Plan
from .chart import Chart

#: What each Walton level feels like, in the course's own plain words (glossary
#: ``walton-pressure-scale``; the cap of 4 and "never 5" are the teaching default
#: ``base_max_pressure``).
LEVELS: dict[int, tuple[str, str]] = {
    1: ("barely there", "the weight of a hand spreading lotion; the skin hardly moves"),
    2: ("light", "the skin glides; the muscle under it is not pressed"),
    3: ("moderate", "firm, comfortable contact that reaches into the muscle"),
    4: ("deep", "strong pressure; only on healthy, well-muscled areas, with feedback"),
    5: ("very deep", "the deepest pressure; never planned for a client with ALS"),
}
SHADES = ("#EAF2F8", "#D4E6F1", "#A9CCE3", "#7FB3D5", "#5499C7")  # light to dark: deeper
BARRED_FILL, BARRED_INK = "#EEEEEE", "#7A2E00"
TEXT_WRAP = 19  # characters per line in a level's box


def _cap(plan: Plan | None, cap: int | None) -> int | None:
    if cap is not None:
        if cap not in LEVELS:
            raise ValueError(f"pressure cap {cap!r} is not a Walton level; allowed: 1, 2, 3, 4, 5")
        return cap
    if plan is None:
        return None
    return 0 if not plan.proceed else plan.max_pressure


def pressure_scale(plan: Plan | None = None, cap: int | None = None) -> Chart:
    """The five Walton levels left to right; levels above the cap (``cap`` or the plan's)."""
    top = _cap(plan, cap)
    figure = Figure(figsize=(10, 3.6), dpi=100)
    ax = figure.add_axes((0.01, 0.14, 0.98, 0.72))
    ax.set_xlim(0, 5)
    ax.set_ylim(-0.05, 1.32)
    ax.axis("off")
    for level, (name, feel) in LEVELS.items():
        x = level - 1
        barred = top is not None and level > top
        box = Rectangle(
            (x + 0.04, 0),
            0.92,
            1,
            facecolor=BARRED_FILL if barred else SHADES[level - 1],
            edgecolor=BARRED_INK if barred else "#2E4053",
            lw=1.5 if barred else 1,
            hatch="\\\\\\" if barred else None,
        )
        if barred:
            box.set_hatchcolor("#B9A79B")
        ax.add_patch(box)
        ax.text(
            x + 0.5,
            0.86,
            f"{level}",
            ha="center",
            va="center",
            fontsize=22,
            fontweight="bold",
            color="#1B2631",
        )
        ax.text(
            x + 0.5,
            0.68,
            name,
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#1B2631",
        )
        ax.text(
            x + 0.5,
            0.40,
            textwrap.fill(feel, TEXT_WRAP),
            ha="center",
            va="center",
            fontsize=9,
            color="#1B2631",
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 2},
        )
        if barred:
            ax.text(
                x + 0.5,
                0.1,
                "NOT TODAY",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold",
                color=BARRED_INK,
                bbox={"facecolor": "white", "edgecolor": BARRED_INK, "pad": 2},
            )
    if top:
        ax.plot([top, top], [-0.04, 1.1], color=BARRED_INK, lw=3)
        ax.text(
            top,
            1.15,
            f"today's cap: level {top}",
            ha="center",
            va="bottom",
            fontsize=10.5,
            fontweight="bold",
            color=BARRED_INK,
        )
    ax.annotate(
        "",
        xy=(4.96, 1.26),
        xytext=(0.04, 1.26),
        arrowprops={"arrowstyle": "-|>", "color": "#566573", "lw": 1.2},
    )
    ax.text(0.05, 1.29, "lighter", ha="left", va="bottom", fontsize=9, color="#566573")
    ax.text(4.95, 1.29, "deeper", ha="right", va="bottom", fontsize=9, color="#566573")
    title = "Walton pressure scale"
    if plan is not None and not plan.proceed:
        title += f" - {DECISION_LABELS[plan.decision]}"
    figure.suptitle(title, fontsize=13, fontweight="bold", y=0.99)
    if top is not None and top < 5:
        figure.legend(
            handles=[
                Patch(
                    facecolor=BARRED_FILL,
                    edgecolor=BARRED_INK,
                    hatch="\\\\\\",
                    label="hatched: not today" + (" (above today's cap)" if top else ""),
                )
            ],
            loc="lower center",
            fontsize=9,
            frameon=False,
            handleheight=1.4,
            handlelength=2.4,
        )
    return Chart(figure, _alt(plan, top), _caption(plan, top))


def _alt(plan: Plan | None, top: int | None) -> str:
    levels = "; ".join(f"{level} {name}" for level, (name, _) in LEVELS.items())
    if top == 0 and plan is not None:
        marked = f"Every level is marked not today: {DECISION_LABELS[plan.decision]}."
    elif top is None:
        marked = "No cap is marked."
    elif top < 5:
        above = ", ".join(str(level) for level in LEVELS if level > top)
        marked = f"Today's cap is level {top}; level{'s' if top < 4 else ''} {above} not today."
    else:
        marked = "Today's cap is level 5."
    return f"Walton pressure scale, lighter to deeper: {levels}. {marked}"


def _caption(plan: Plan | None, top: int | None) -> str:
    text = (
        "What each Walton pressure level feels like, in plain words. The caps in this course "
        "are teaching defaults built on this scale, not published limits."
    )
    if plan is not None and not plan.proceed:
        return f"{text} {DECISION_LABELS[plan.decision]}."
    if plan is not None and any(limit.max_pressure for limit in plan.site_limits):
        text += " Some sites have a lower cap today: see the body map."
    return text
