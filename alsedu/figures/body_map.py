"""The body map: where a plan says to work, front and back, marked by hatching and words.

Three states, told apart by hatching, a label and colour (orange and blue, which readers
with the common colour-vision differences tell apart): ``avoid`` (a site in
``plan.avoid_sites``: dense cross-hatch, "no massage"), ``limit`` (a site in
``plan.site_limits``: diagonal hatch, the limit in words) and ``fine`` (plain). A postponed
or emergency plan marks every site ``avoid`` and says so across the body. The whole-body
pressure cap and the session length go in the caption.

A widget redraws the map on every change, so a map is drawn in two layers on a canvas of
fixed size (issue 9: a change answered in under 50 ms). What every map of a kind shows, the
outline with every half plain (or, for a plan that does not go ahead, every half
cross-hatched), the titles, sides and legend, is drawn once per process as the *backdrop*
and pasted as pixels; each map draws over it only its marked halves and their labels.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.transforms import Affine2D, Bbox, Transform

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
from .chart import PNG_DPI, Chart

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
LINE_HEIGHT = 0.42  # body units per label text line at the figure's size
LABEL_GAP = 0.3  # body units between two labels
LABEL_SPAN = (0.0, 17.4)  # lowest and highest label edge, in body units
FIGURE_SIZE_IN = (11.0, 7.4)  # inches: two views side by side, label columns either side
UNIT_IN = 5.92 / 18.6  # inches per body unit: 1.1 below the soles to 17.5 in 80% of the height
FEET_Y_IN = 0.74 + 1.1 * UNIT_IN  # inches from the bottom edge to the soles (room for the legend)
VIEW_X_IN: dict[View, float] = {"front": 2.7783, "back": 8.2217}  # inches to each midline
TITLE_Y = 17.762  # body units: the views' titles' baseline, 6 points above y = 17.5
TITLES: dict[View, str] = {
    "front": "FRONT: the client faces you",
    "back": "BACK: their back is to you",
}
LEADER_GAP = 4 / 72 / UNIT_IN  # body units between a leader line and its label: 4 points
EDGE_INK = 0.05  # body units of seam and smoothing drawn round a half, beyond its outline


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


@cache
def _view_regions(view: View) -> tuple[Region, ...]:
    """One view's drawn halves, in drawing order (the outline is fixed: worked out once)."""
    return tuple(region for region in regions() if region.view == view)


@cache
def _bounds(region: Region) -> tuple[float, float, float, float]:
    """A region's box (left, bottom, right, top), widened by the ink around its edge."""
    xs, ys = zip(*region.points, strict=True)
    return min(xs) - EDGE_INK, min(ys) - EDGE_INK, max(xs) + EDGE_INK, max(ys) + EDGE_INK


def _touch(one: Region, other: Region) -> bool:
    left, bottom, right, top = _bounds(one)
    left2, bottom2, right2, top2 = _bounds(other)
    return left <= right2 and left2 <= right and bottom <= top2 and bottom2 <= top


def _placed(figure: Figure, view: View) -> Transform:
    """Body units of one view to display units (through ``transFigure``, as axes are, so
    that a tight save still lines the layers up)."""
    width, height = FIGURE_SIZE_IN
    inches = Affine2D().scale(UNIT_IN).translate(VIEW_X_IN[view], FEET_Y_IN)
    return inches.scale(1 / width, 1 / height) + figure.transFigure


def _fill(region: Region, state: str, place: Transform) -> Polygon:
    """One half filled and hatched by its state, with a thin seam round it."""
    style = STYLES[state]
    patch = Polygon(
        region.points,
        closed=True,
        facecolor=style.fill,
        edgecolor=SEAM,
        lw=0.6,
        hatch=style.hatch,
        transform=place,
    )
    if style.hatch:
        patch.set_hatchcolor(style.ink)
        patch.set_hatch_linewidth(1.1)
    return patch


def _draw_body(figure: Figure, view: View, state: str) -> None:
    """The outline of one view, every half filled and hatched as ``state``."""
    place = _placed(figure, view)
    for ear in ears():  # under the head
        figure.add_artist(
            Polygon(
                ear, closed=True, facecolor=STYLES["fine"].fill, edgecolor=OUTLINE, transform=place
            )
        )
    drawn = _view_regions(view)
    for region in drawn:  # a thick outline first; fills on top leave only the outer edge
        figure.add_artist(
            Polygon(
                region.points, closed=True, fill=False, edgecolor=OUTLINE, lw=2.4, transform=place
            )
        )
    for region in drawn:
        figure.add_artist(_fill(region, state, place))


def _redrawn(view: View, states: dict[str, str]) -> list[Region]:
    """The halves a map draws over its plain backdrop, in drawing order.

    The marked halves, and every half drawn after one of those that it may overlap, so that
    what covers what stays as in a map drawn whole.
    """
    redrawn: list[Region] = []
    for region in _view_regions(view):
        if states[region.key] != "fine" or any(_touch(region, r) for r in redrawn):
            redrawn.append(region)
    return redrawn


def _sides(figure: Figure, view: View) -> None:
    """Name the client's right and left under the feet."""
    near = VIEWER_LEFT_SIDE[view]
    far = "left" if near == "right" else "right"
    for x, side, align in ((-1.2, near, "right"), (1.2, far, "left")):
        figure.text(
            x,
            -0.55,
            f"client's\n{side.upper()}",
            ha=align,
            va="top",
            fontsize=9,
            fontweight="bold",
            color=OUTLINE,
            transform=_placed(figure, view),
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


def _label(figure: Figure, view: View, found: list[Mark]) -> None:
    """Labels in a column either side of one view, each with a line to its site."""
    drawn = {region.key: region for region in _view_regions(view)}
    place = _placed(figure, view)
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
            x = direction * LABEL_X
            figure.add_artist(  # a leader line from the site to just short of the label
                Line2D(
                    [region.centre[0], x - direction * LEADER_GAP],
                    [region.centre[1], y],
                    color=style.ink,
                    lw=1.0,
                    solid_capstyle="butt",
                    transform=place,
                )
            )
            figure.text(
                x,
                y,
                mark.text,
                ha="left" if direction > 0 else "right",
                va="center",
                fontsize=8.5,
                color=style.ink,
                fontweight="bold",
                transform=place,
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


def _backdrop_figure(halt: str | None, dpi: float) -> Figure:
    """What every map of one kind shows: for a plan that goes ahead (``halt`` None) every half
    plain; else every half cross-hatched under "no massage today" and the decision ``halt``."""
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=dpi, layout="none")
    for view in VIEWS:
        _draw_body(figure, view, "fine" if halt is None else "avoid")
        _sides(figure, view)
        place = _placed(figure, view)
        figure.text(
            0, TITLE_Y, TITLES[view], ha="center", va="baseline", fontsize=11, transform=place
        )
        if halt is not None:
            figure.text(
                0,
                8.5,
                "NO MASSAGE\nTODAY",
                ha="center",
                va="center",
                fontsize=20,
                fontweight="bold",
                color="#7A2E00",
                bbox={"facecolor": "white", "edgecolor": "#7A2E00", "lw": 2, "pad": 6},
                transform=place,
            )
    title = "Body map: " + ("where to work today" if halt is None else DECISION_LABELS[halt])
    figure.suptitle(title, fontsize=13, fontweight="bold")
    shown = STYLES.values() if halt is None else [STYLES["avoid"]]
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
    return figure


@lru_cache(maxsize=8)
def _backdrop_pixels(halt: str | None, dpi: float) -> np.ndarray:
    """The backdrop drawn once per process and resolution: RGBA pixels, bottom row first."""
    canvas = FigureCanvasAgg(_backdrop_figure(halt, dpi))
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[::-1].copy()


class Backdrop(Artist):
    """The part of a body map that every map of its kind shares, pasted as ready pixels."""

    zorder = -1  # under every mark and label

    def __init__(self, halt: str | None):
        super().__init__()
        self.halt = halt

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        return self.figure.bbox

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible():
            return
        x, y = self.figure.transFigure.transform((0, 0))  # moved by a tight save
        dpi = self.figure.dpi * renderer.get_image_magnification()  # vector backends: > 1
        gc = renderer.new_gc()
        renderer.draw_image(gc, x, y, _backdrop_pixels(self.halt, dpi))
        gc.restore()
        self.stale = False


def body_map(plan: Plan) -> Chart:
    """Draw a plan's sites on a front and back body outline, with a legend and caption.

    The first map of a kind in a process draws its backdrop (about 0.2 s); later maps take
    about 20 ms to draw and encode.
    """
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=PNG_DPI, layout="none")
    figure.add_artist(Backdrop(None if plan.proceed else plan.decision))
    if plan.proceed:
        states = site_states(plan)
        found = marks(plan)
        for view in VIEWS:
            place = _placed(figure, view)
            for region in _redrawn(view, states):
                figure.add_artist(_fill(region, states[region.key], place))
            _label(figure, view, [m for m in found if home_view(m.site) == view])
    return Chart(figure, _alt(plan), _caption(plan), fits_canvas=True)
