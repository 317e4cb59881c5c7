"""A client's ALSFRS-R profile: the 12 items as bars from 0 to 4, in their four groups.

An item the record leaves out is drawn as an empty dotted box that says "not recorded", never
as a bar of 0: a missing score is not a score of no function.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..case import Case
from .chart import Chart

#: The four groups of three items (glossary ``alsfrs-r``; S21), in the scale's order.
GROUPS: dict[str, tuple[str, ...]] = {
    "bulbar": ("speech", "salivation", "swallowing"),
    "fine motor": ("handwriting", "cutting_food", "dressing_hygiene"),
    "gross motor": ("turning_in_bed", "walking", "climbing_stairs"),
    "breathing": ("dyspnea", "orthopnea", "respiratory_insufficiency"),
}
#: Each item in plain words, numbered as on the scale.
ITEM_LABELS: dict[str, str] = {
    "speech": "1 speech",
    "salivation": "2 saliva control",
    "swallowing": "3 swallowing",
    "handwriting": "4 handwriting",
    "cutting_food": "5 cutting food and handling cutlery",
    "dressing_hygiene": "6 dressing and washing",
    "turning_in_bed": "7 turning in bed",
    "walking": "8 walking",
    "climbing_stairs": "9 climbing stairs",
    "dyspnea": "10 breathlessness",
    "orthopnea": "11 lying flat without breathlessness",
    "respiratory_insufficiency": "12 breathing without a machine",
}
MAX_SCORE = 4
BAR, EMPTY_INK = "#2E86C1", "#7F8C8D"


def alsfrs_profile(case: Case) -> Chart:
    """Horizontal bars for the 12 ALSFRS-R items, grouped, with unrecorded items marked."""
    scores = {item: case.alsfrs_r.item(item) for items in GROUPS.values() for item in items}
    rows: list[tuple[str, str | None]] = []  # (group header, None) or (item label, item)
    for group, items in GROUPS.items():
        rows.append((group, None))
        rows += [(ITEM_LABELS[item], item) for item in items]
    figure = Figure(figsize=(9, 6.4), dpi=100)
    ax = figure.add_axes((0.34, 0.1, 0.62, 0.8))
    ax.set_xlim(0, MAX_SCORE + 0.9)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    for y, (label, item) in enumerate(rows):
        if item is None:
            ax.text(
                -0.05,
                y + 0.1,
                label.upper(),
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="center",
                fontsize=10,
                fontweight="bold",
                color="#1B2631",
            )
            if y:
                ax.axhline(y - 0.45, color="#D5D8DC", lw=0.8)
            continue
        score = scores[item]
        ax.text(
            -0.05,
            y,
            label,
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=10,
            color="#1B2631",
        )
        if score is None:
            ax.add_patch(
                Rectangle(
                    (0, y - 0.32), MAX_SCORE, 0.64, fill=False, ls=":", lw=1.2, edgecolor=EMPTY_INK
                )
            )
            ax.text(
                MAX_SCORE / 2,
                y,
                "not recorded",
                ha="center",
                va="center",
                fontsize=9.5,
                fontstyle="italic",
                color="#515A5A",
            )
        else:
            ax.barh(y, score, height=0.64, color=BAR, edgecolor="#1B4F72")
            ax.text(
                score + 0.08,
                y,
                f"{score} of {MAX_SCORE}",
                ha="left",
                va="center",
                fontsize=10,
                fontweight="bold",
                color="#1B2631",
            )
    ax.set_xticks(range(MAX_SCORE + 1))
    ax.set_xticklabels(["0\nno function", "1", "2", "3", "4\nnormal"], fontsize=9)
    ax.set_yticks([])
    ax.grid(axis="x", color="#E5E7E9", lw=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    name = f": {case.title}" if case.title else ""
    figure.suptitle(f"ALSFRS-R item scores{name}", fontsize=13, fontweight="bold")
    return Chart(figure, _alt(scores, name), _caption(scores))


def _alt(scores: dict[str, int | None], name: str) -> str:
    groups = []
    for group, items in GROUPS.items():
        words = {item: ITEM_LABELS[item].split(" ", 1)[1] for item in items}
        said = [f"{words[i]} {scores[i]} of {MAX_SCORE}" for i in items if scores[i] is not None]
        missing = [words[i] for i in items if scores[i] is None]
        if missing:
            said.append(f"not recorded: {', '.join(missing)}")
        groups.append(f"{group.capitalize()}: {'; '.join(said)}")
    return f"ALSFRS-R item scores{name}, 4 normal to 0 no function. " + ". ".join(groups) + "."


def _caption(scores: dict[str, int | None]) -> str:
    recorded = sum(score is not None for score in scores.values())
    return (
        "Each item is scored by the care team from 4 (normal) down to 0 (no function); you "
        "read it from the record, never score it yourself. Dotted boxes are items not "
        f"recorded, which is not the same as 0. Items recorded: {recorded} of {len(scores)}."
    )
