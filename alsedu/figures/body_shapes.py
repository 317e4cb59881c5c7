"""The body outline of the body map: every contract site as polygons, front and back.

Units are arbitrary (the body is 17 units tall, soles at 0). Each site is drawn as the half
seen on the viewer's left; the other half is its mirror image. Front view: the client faces
you, so the viewer's left is the client's right. Back view: the client's back is to you, so
the viewer's left is the client's left. Every site is drawn as a left and a right half (a
midline site such as the chest splits down the middle), so a side-specific limit shows on
its own half. Nothing is fetched at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import asin, cos, pi, sin
from typing import Literal

View = Literal["front", "back"]
Point = tuple[float, float]

VIEWS: tuple[View, ...] = ("front", "back")
#: The client's side drawn on the viewer's left in each view.
VIEWER_LEFT_SIDE: dict[View, str] = {"front": "right", "back": "left"}
MIDLINE_SITES = frozenset(
    {"head", "face", "neck_front", "neck_back", "chest", "abdomen", "upper_back", "low_back",
     "sacrum"}
)  # fmt: skip
#: Sites drawn on both views whose label goes on the back (the others: the front).
LABELLED_ON_BACK = frozenset({"head", "calf"})

HEAD_CENTRE, HEAD_HALF_WIDTH, HEAD_HALF_HEIGHT = (0.0, 15.95), 0.78, 1.05
HAIRLINE_Y = 16.55


@dataclass(frozen=True)
class Region:
    """One half of one site on one view, as a closed polygon."""

    key: str  # ``site:side``, the side being the client's
    view: View
    points: tuple[Point, ...]

    @property
    def site(self) -> str:
        return self.key.partition(":")[0]

    @property
    def centre(self) -> Point:
        xs, ys = zip(*self.points, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)


def _tube(stations: list[tuple[float, float, float]]) -> list[tuple[Point, Point]]:
    """Edge points (viewer-left, viewer-right) of a limb given (x, y, half-width) stations."""
    edges = []
    for i, (x, y, half) in enumerate(stations):
        before = stations[max(i - 1, 0)]
        after = stations[min(i + 1, len(stations) - 1)]
        dx, dy = after[0] - before[0], after[1] - before[1]
        length = (dx * dx + dy * dy) ** 0.5
        nx, ny = -dy / length, dx / length  # the normal, pointing to the viewer's right
        edges.append(((x - nx * half, y - ny * half), (x + nx * half, y + ny * half)))
    return edges


def _segment(edges: list[tuple[Point, Point]], start: int, stop: int) -> tuple[Point, ...]:
    """The polygon of a limb between two stations (inclusive)."""
    outer = [edges[i][0] for i in range(start, stop + 1)]
    inner = [edges[i][1] for i in range(stop, start - 1, -1)]
    return (*outer, *inner)


def _head_half(top: bool) -> tuple[Point, ...]:
    """The viewer-left half of the head above (crown) or below (face) the hairline."""
    (cx, cy), a, b = HEAD_CENTRE, HEAD_HALF_WIDTH, HEAD_HALF_HEIGHT
    cut = pi - asin((HAIRLINE_Y - cy) / b)
    start, stop = (pi / 2, cut) if top else (cut, 3 * pi / 2)
    steps = 16
    arc = [
        (cx + a * cos(start + (stop - start) * i / steps),
         cy + b * sin(start + (stop - start) * i / steps))
        for i in range(steps + 1)
    ]  # fmt: skip
    return (*arc, (cx, arc[-1][1]), (cx, arc[0][1]))


def _whole_head_half() -> tuple[Point, ...]:
    (cx, cy), a, b = HEAD_CENTRE, HEAD_HALF_WIDTH, HEAD_HALF_HEIGHT
    arc = [
        (cx + a * cos(pi / 2 + pi * i / 24), cy + b * sin(pi / 2 + pi * i / 24)) for i in range(25)
    ]
    return tuple(arc)


# Arm (hanging, slightly out from the body) and leg stations: (x, y, half-width).
ARM = [
    (-1.80, 12.75, 0.37),  # 0 top of the upper arm, under the shoulder cap
    (-1.86, 11.90, 0.33),
    (-1.92, 11.15, 0.29),  # 2 elbow
    (-1.98, 10.55, 0.28),  # 3 forearm
    (-2.04, 9.85, 0.27),
    (-2.10, 9.10, 0.21),
    (-2.13, 8.80, 0.18),  # 6 wrist
    (-2.15, 8.45, 0.18),  # 7 hand
]
LEG = [
    (-0.78, 8.50, 0.71),  # 0 top of the thigh
    (-0.74, 7.40, 0.63),
    (-0.70, 6.30, 0.51),
    (-0.68, 5.60, 0.45),  # 3 knee
    (-0.66, 4.45, 0.42),  # 4 calf
    (-0.645, 3.80, 0.45),
    (-0.635, 2.80, 0.37),
    (-0.625, 1.70, 0.25),
    (-0.62, 1.10, 0.21),  # 8 ankle
    (-0.62, 0.58, 0.22),  # 9 foot / heel
]
_ARM, _LEG = _tube(ARM), _tube(LEG)

HAND = (
    _ARM[7][0], (-2.42, 8.30), (-2.56, 8.05), (-2.60, 7.88), (-2.52, 7.84), (-2.41, 7.95),
    (-2.43, 7.55), (-2.40, 7.20), (-2.28, 6.95), (-2.12, 6.93), (-2.00, 7.10),
    (-1.95, 7.55), (-1.95, 8.00), _ARM[7][1],
)  # fmt: skip
FOOT = (
    _LEG[9][0], _LEG[9][1], (-0.36, 0.30), (-0.34, 0.08), (-0.48, 0.00), (-0.95, 0.00),
    (-1.06, 0.10), (-1.00, 0.32),
)  # fmt: skip
HEEL = (_LEG[9][0], _LEG[9][1], (-0.40, 0.25), (-0.48, 0.06), (-0.62, 0.00), (-0.76, 0.06),
        (-0.84, 0.25))  # fmt: skip
SHOULDER = (
    (-1.10, 14.12), (-1.50, 14.04), (-1.85, 13.90), (-2.06, 13.62), (-2.16, 13.20),
    _ARM[0][0], _ARM[0][1], (-1.38, 12.85), (-1.36, 13.45),
)  # fmt: skip
NECK = ((0.0, 15.2), (-0.36, 15.2), (-0.38, 14.75), (-0.46, 14.38), (0.0, 14.25))
UPPER_TRUNK = (
    (0.0, 14.25), (-0.46, 14.38), (-1.10, 14.12), (-1.36, 13.45), (-1.38, 12.85),
    (-1.33, 12.20), (-1.28, 11.50),
)  # fmt: skip
CHEST = (*UPPER_TRUNK, (0.0, 11.5))
UPPER_BACK = (*UPPER_TRUNK, (-1.22, 11.05), (0.0, 11.05))
PELVIS_LINE = ((-1.15, 9.90), (-0.80, 9.45), (-0.35, 9.22), (0.0, 9.18))
ABDOMEN = ((0.0, 11.5), (-1.28, 11.5), (-1.17, 10.8), (-1.10, 10.3), *PELVIS_LINE)
LOW_BACK = ((0.0, 11.05), (-1.22, 11.05), (-1.17, 10.8), (-1.10, 10.3), (-1.15, 9.90),
            (-0.42, 9.90), (0.0, 9.90))  # fmt: skip
HIP = ((-1.38, 9.45), (-1.48, 8.95), _LEG[0][0], _LEG[0][1], (0.0, 8.55), *PELVIS_LINE[::-1])
SACRUM = ((0.0, 9.90), (-0.42, 9.90), (-0.20, 9.35), (0.0, 8.95))
BUTTOCK = ((-1.15, 9.90), (-1.38, 9.45), (-1.48, 8.95), _LEG[0][0], _LEG[0][1], (0.0, 8.55),
           (0.0, 8.95), (-0.20, 9.35), (-0.42, 9.90))  # fmt: skip
#: Ears: part of the outline, not a site of their own (they belong to the head).
EAR = ((-0.74, 16.20), (-0.88, 16.22), (-0.93, 15.95), (-0.86, 15.65), (-0.72, 15.62))

LIMBS: dict[str, tuple[Point, ...]] = {
    "shoulder": SHOULDER,
    "upper_arm": _segment(_ARM, 0, 2),
    "elbow": _segment(_ARM, 2, 3),
    "forearm": _segment(_ARM, 3, 6),
    "wrist": _segment(_ARM, 6, 7),
    "hand": HAND,
    "thigh": _segment(_LEG, 0, 3),
    "knee": _segment(_LEG, 3, 4),
    "calf": _segment(_LEG, 4, 8),
    "ankle": _segment(_LEG, 8, 9),
}
HALVES: dict[View, dict[str, tuple[Point, ...]]] = {
    "front": {
        "head": _head_half(top=True), "face": _head_half(top=False), "neck_front": NECK,
        "chest": CHEST, "abdomen": ABDOMEN, "hip": HIP, "foot": FOOT, **LIMBS,
    },
    "back": {
        "head": _whole_head_half(), "neck_back": NECK, "upper_back": UPPER_BACK,
        "low_back": LOW_BACK, "sacrum": SACRUM, "buttock": BUTTOCK, "heel": HEEL, **LIMBS,
    },
}  # fmt: skip
#: Drawing order: the neck goes under the head, the trunk under the limbs.
DRAW_ORDER: tuple[str, ...] = (
    "neck_front", "neck_back", "head", "face", "chest", "upper_back", "abdomen", "low_back",
    "hip", "buttock", "sacrum", "thigh", "knee", "calf", "ankle", "foot", "heel", "shoulder",
    "upper_arm", "elbow", "forearm", "wrist", "hand",
)  # fmt: skip


def _mirror(points: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple((-x, y) for x, y in points)


def regions() -> list[Region]:
    """Every drawn half of every site on both views, in drawing order."""
    drawn = []
    for view in VIEWS:
        near = VIEWER_LEFT_SIDE[view]
        far = "left" if near == "right" else "right"
        for site in DRAW_ORDER:
            if site in HALVES[view]:
                half = HALVES[view][site]
                drawn.append(Region(f"{site}:{near}", view, half))
                drawn.append(Region(f"{site}:{far}", view, _mirror(half)))
    return drawn


def ears() -> list[tuple[Point, ...]]:
    """Both ears, drawn under the head on each view."""
    return [EAR, _mirror(EAR)]


def home_view(site: str) -> View:
    """The view whose label names the site: the one it faces, or the front for limbs."""
    if site in HALVES["front"] and site in HALVES["back"]:
        return "back" if site in LABELLED_ON_BACK else "front"
    return "front" if site in HALVES["front"] else "back"
