"""The body map: where a plan says to work, front and back, marked by hatching and words.

Three states, told apart by hatching, a label and colour (orange and blue, which readers
with the common colour-vision differences tell apart): ``avoid`` (a site in
``plan.avoid_sites``: dense cross-hatch, "no massage"), ``limit`` (a site in
``plan.site_limits``: diagonal hatch, the limit in words) and ``fine`` (plain). A postponed
or emergency plan marks every site ``avoid`` and says so across the body. The whole-body
pressure cap and the session length go in the caption.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon

from ..codes import SITES
from ..labels import DECISION_LABELS, TECHNIQUE_LABELS, site_label
from ..screening.plan import Plan
from .body_shapes import (
    MIDLINE_SITES,
    VIEWER_LEFT_SIDE,
    VIEWS,
    Region,
    View,
    ears,
    home_view,
    regions,
)
from .chart import Chart

SIDES_DRAWN = ("right", "left")
REGION_KEYS: tuple[str, ...] = tuple(f"{site}:{side}" for site in SITES for side in SIDES_DRAWN)


@dataclass(frozen=True)
class Style:
    """How one state is drawn and named in the legend."""

    fill: str
    hatch: str | None
    ink: str
    legend: str


STYLES: dict[str, Style] = {
    "avoid": Style("#F6C9A6", "xxx", "#A04000", "no massage here (cross-hatched)"),
    "limit": Style("#CFE4F4", "///", "#0B5C91", "stricter limit here (diagonal lines)"),
    "fine": Style("#FAF8F2", None, "#555555", "fine within today's whole-body limits (plain)"),
}
OUTLINE = "#3A3A3A"
SEAM = "#B8B2A6"
LABEL_WRAP = 24  # characters per label line
LABEL_X = 2.85  # label columns, in body units either side of the midline
X_LIMIT, Y_LIMITS = 5.6, (-1.1, 17.5)
LINE_HEIGHT = 0.42  # body units per label text line at the figure's size
LABEL_GAP = 0.3  # body units between two labels
LABEL_SPAN = (0.0, 17.4)  # lowest and highest label edge, in body units


def _halves(key: str) -> list[str]:
    """The drawn halves a plan's site key covers: ``calf`` and ``calf:both`` cover both."""
    site, _, side = key.partition(":")
    sides = SIDES_DRAWN if side in ("", "both") else (side,)
    return [f"{site}:{s}" for s in sides]


def site_states(plan: Plan) -> dict[str, str]:
    """Every drawn half (``site:right`` / ``site:left``) as ``avoid``, ``limit`` or ``fine``."""
    if not plan.proceed:
        return dict.fromkeys(REGION_KEYS, "avoid")
    states = dict.fromkeys(REGION_KEYS, "fine")
    for limit in plan.site_limits:
        for half in _halves(limit.site):
            states[half] = "limit"
    for key in plan.avoid_sites:
        for half in _halves(key):
            states[half] = "avoid"
    return states


def _limit_words(plan: Plan, half: str, at_most: str = "\u00a0≤\u00a0") -> str:
    """The stricter limits on one drawn half, in short words: ``pressure ≤ 2; no heat packs``."""
    caps, excluded = [], []
    for limit in plan.site_limits:
        if half in _halves(limit.site):
            if limit.max_pressure is not None:
                caps.append(limit.max_pressure)
            excluded += [t for t in limit.exclude if t not in excluded]
    parts = [f"pressure{at_most}{min(caps)}"] if caps else []
    parts += [f"no {TECHNIQUE_LABELS[t]}" for t in excluded]
    return "; ".join(parts)


def _words(key: str) -> str:
    """A site key in words, without the code: ``heel:right`` → ``right heel``."""
    return site_label(key).split(" [")[0]


@dataclass(frozen=True)
class Mark:
    """One label on the map: the site(s) it names, what it says, and the halves it points to."""

    name: str
    state: str
    says: str  # on the figure
    spoken: str  # in the text alternative
    halves: tuple[str, ...]

    @property
    def site(self) -> str:
        return self.halves[0].partition(":")[0]

    @property
    def text(self) -> str:
        lines = textwrap.wrap(f"{self.name}:", LABEL_WRAP)
        for part in self.says.split("; "):  # one limit per line
            lines += textwrap.wrap(part, LABEL_WRAP)
        return "\n".join(lines)


def marks(plan: Plan) -> list[Mark]:
    """The labelled sites of a plan that goes ahead: one mark per site (or per side)."""
    if not plan.proceed:
        return []
    states = site_states(plan)
    found = []
    for site in SITES:
        said = {}
        for side in SIDES_DRAWN:
            half = f"{site}:{side}"
            if states[half] == "avoid":
                said[half] = ("avoid", "no massage", "no massage")
            elif states[half] == "limit":
                said[half] = (
                    "limit",
                    _limit_words(plan, half),
                    _limit_words(plan, half, " at most "),
                )
        if len(said) == 2 and len(set(said.values())) == 1:
            name = _words(site if site in MIDLINE_SITES else f"{site}:both")
            found.append(Mark(name, *next(iter(said.values())), tuple(said)))
        else:
            found += [Mark(_words(half), *said[half], (half,)) for half in said]
    return found


def _draw_body(ax: Axes, view: View, states: dict[str, str]) -> dict[str, Region]:
    """The outline of one view, each half filled and hatched by its state."""
    drawn = [region for region in regions() if region.view == view]
    for ear in ears():  # under the head
        ax.add_patch(Polygon(ear, closed=True, facecolor=STYLES["fine"].fill, edgecolor=OUTLINE))
    for region in drawn:  # a thick outline first; fills on top leave only the outer edge
        ax.add_patch(Polygon(region.points, closed=True, fill=False, edgecolor=OUTLINE, lw=2.4))
    for region in drawn:
        style = STYLES[states[region.key]]
        patch = Polygon(
            region.points,
            closed=True,
            facecolor=style.fill,
            edgecolor=SEAM,
            lw=0.6,
            hatch=style.hatch,
        )
        if style.hatch:
            patch.set_hatchcolor(style.ink)
            patch.set_hatch_linewidth(1.1)
        ax.add_patch(patch)
    return {region.key: region for region in drawn}


def _sides(ax: Axes, view: View) -> None:
    """Name the client's right and left under the feet."""
    near = VIEWER_LEFT_SIDE[view]
    far = "left" if near == "right" else "right"
    for x, side, align in ((-1.2, near, "right"), (1.2, far, "left")):
        ax.text(
            x,
            -0.55,
            f"client's\n{side.upper()}",
            ha=align,
            va="top",
            fontsize=9,
            fontweight="bold",
            color=OUTLINE,
        )


def _spread(wanted: list[float], heights: list[float]) -> list[float]:
    """Label centres near the wanted heights (given top down), no two overlapping.

    Labels are pushed down past each other, then up from the bottom of the column.
    """
    low, high = LABEL_SPAN
    placed: list[float] = []
    for i, y in enumerate(wanted):
        ceiling = high - heights[i] / 2
        if placed:
            ceiling = placed[-1] - (heights[i - 1] + heights[i]) / 2 - LABEL_GAP
        placed.append(min(y, ceiling))
    for i in reversed(range(len(placed))):
        floor = low + heights[i] / 2
        if i + 1 < len(placed):
            floor = placed[i + 1] + (heights[i] + heights[i + 1]) / 2 + LABEL_GAP
        placed[i] = max(placed[i], floor)
    return placed


def _label(ax: Axes, found: list[Mark], drawn: dict[str, Region]) -> None:
    """Labels in a column either side of the body, each with a line to its site."""
    columns: dict[int, list[tuple[Mark, Region]]] = {-1: [], 1: []}
    for mark in found:
        targets = [drawn[h] for h in mark.halves if h in drawn]
        if not targets:
            continue
        if len(targets) == 2:  # a midline site: the emptier column
            target = min(targets, key=lambda r: len(columns[1 if r.centre[0] > 0 else -1]))
        else:
            target = targets[0]
        columns[1 if target.centre[0] > 0 else -1].append((mark, target))
    for direction, entries in columns.items():
        entries.sort(key=lambda entry: -entry[1].centre[1])
        heights = [LINE_HEIGHT * (m.text.count("\n") + 1) for m, _ in entries]
        ys = _spread([r.centre[1] for _, r in entries], heights)
        for (mark, region), y in zip(entries, ys, strict=True):
            style = STYLES[mark.state]
            ax.annotate(
                mark.text,
                xy=region.centre,
                xytext=(direction * LABEL_X, y),
                ha="left" if direction > 0 else "right",
                va="center",
                fontsize=8.5,
                color=style.ink,
                fontweight="bold",
                arrowprops={
                    "arrowstyle": "-",
                    "color": style.ink,
                    "lw": 1.0,
                    "shrinkA": 2,
                    "shrinkB": 0,
                },
            )


def _caption(plan: Plan) -> str:
    if not plan.proceed:
        return (
            f"{DECISION_LABELS[plan.decision]}. The whole body is marked: no site is massaged "
            "today. Front view: the client faces you; back view: their back is to you."
        )
    pressure = (
        "no whole-body cap"
        if plan.max_pressure is None
        else f"at most Walton level {plan.max_pressure} of 5 (teaching default)"
    )
    length = (
        f"at most {plan.max_session_minutes} minutes (teaching default)"
        if plan.max_session_minutes
        else "no set limit; follow the client's cues"
    )
    margin = (
        f" Keep {plan.avoid_margin_cm} cm clear around each site marked no massage."
        if plan.avoid_margin_cm and plan.avoid_sites
        else ""
    )
    return (
        f"Where to work today. Pressure anywhere: {pressure}. Session length: {length}.{margin} "
        "Front view: the client faces you, so their left is on your right; back view: their "
        "back is to you, so their left is on your left."
    )


def _alt(plan: Plan) -> str:
    if not plan.proceed:
        return f"Body map, front and back, all marked: {DECISION_LABELS[plan.decision]}."
    found = marks(plan)
    avoided = [m.name for m in found if m.state == "avoid"]
    limited = [f"{m.name} ({m.spoken})" for m in found if m.state == "limit"]
    return " ".join(
        [
            "Body map, front and back.",
            f"No massage: {'; '.join(avoided)}." if avoided else "No site is avoided.",
            f"Stricter limits: {'; '.join(limited)}."
            if limited
            else "No site has a stricter limit.",
            "Everywhere else is fine within today's whole-body limits.",
        ]
    )


def body_map(plan: Plan) -> Chart:
    """Draw a plan's sites on a front and back body outline, with a legend and caption."""
    figure = Figure(figsize=(11, 7.4), dpi=100, layout="none")
    figure.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.1, wspace=0.02)
    states = site_states(plan)
    found = marks(plan)
    titles = {"front": "FRONT: the client faces you", "back": "BACK: their back is to you"}
    for i, view in enumerate(VIEWS):
        ax = figure.add_subplot(1, 2, i + 1)
        ax.set_xlim(-X_LIMIT, X_LIMIT)
        ax.set_ylim(*Y_LIMITS)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(titles[view], fontsize=11)
        drawn = _draw_body(ax, view, states)
        _sides(ax, view)
        _label(ax, [m for m in found if home_view(m.site) == view], drawn)
        if not plan.proceed:
            ax.text(
                0,
                8.5,
                "NO MASSAGE\nTODAY",
                ha="center",
                va="center",
                fontsize=20,
                fontweight="bold",
                color="#7A2E00",
                bbox={"facecolor": "white", "edgecolor": "#7A2E00", "lw": 2, "pad": 6},
            )
    title = "Body map: " + (
        "where to work today" if plan.proceed else DECISION_LABELS[plan.decision]
    )
    figure.suptitle(title, fontsize=13, fontweight="bold")
    shown = STYLES.values() if plan.proceed else [STYLES["avoid"]]
    handles = [
        Patch(facecolor=s.fill, edgecolor=s.ink, hatch=s.hatch, label=s.legend) for s in shown
    ]
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=3,
        fontsize=9,
        frameon=False,
        handleheight=1.6,
        handlelength=2.4,
    )
    return Chart(figure, _alt(plan), _caption(plan))
