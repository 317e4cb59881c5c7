"""King's stages along a line, with what typically changes for the massage session at each.

The stage meanings follow the original King's numbering (S22; teaching item
``dis-kings-staging-wording``). What changes for the session is the course's own short
wording of its teaching items, cited per line; the caption is taken from the bank's
glossary (``kings-staging``) and teaching items, so the figure and the course say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..bank import Bank
from .chart import Chart


@dataclass(frozen=True)
class Stage:
    """One King's stage: its code, what it means, and what typically changes for the session."""

    code: str
    means: str
    changes: tuple[tuple[str, str], ...]  # (aspect, what changes)


STAGES: tuple[Stage, ...] = (
    # ss-weakness-spreads, ci-pressure-on-weak-muscle, as-agree-signals-before-touch
    Stage("1", "first symptoms, in one region (speech and swallowing, arms or legs)", (
        ("session", "usually a full, gentle session within the day's limits"),
        ("pressure", "Walton 3 or lower on weak or wasted muscle, up to 4 on strong areas"),
        ("communication", "agree and test yes / no / stop signals before you touch"),
    )),
    # ss-weakness-spreads, sc-pass-observations-on (rule R39: teach what to report)
    Stage("2A", "diagnosis made", (
        ("session", "still usually a full session; check what has changed at every visit"),
        ("communication", "teach what to report between visits: a swollen leg, breathless "
                          "lying down, red skin that stays red"),
    )),
    # ss-weakness-spreads, as-strength-grade-sets-support, ss-swallowing-and-saliva
    Stage("2B", "a second region affected", (
        ("positions", "support weak limbs fully; skip the face-down cradle if swallowing is weak"),
        ("pressure", "lighter over each newly weak area"),
    )),
    # ss-reduced-mobility-come-to-client, tr-never-lift, ss-speech-agree-signals, aac glossary
    Stage("3", "all three regions affected", (
        ("positions", "work where the client is (chair, recliner or bed); never lift"),
        ("communication", "keep the letter board or eye-gaze aid in reach; check in often"),
        ("devices", "wheelchair or hoist: brakes on; transfers are for trained caregivers"),
    )),
    # tr-short-sessions-late-stage, om-gastrostomy, tr-work-around-devices
    Stage("4A", "needs a feeding tube (gastrostomy)", (
        ("session", "shorter, comfort-focused: 30 minutes at most (teaching default)"),
        ("devices", "keep hands, oil and pulling away from the tube; no deep belly work"),
        ("positions", "no face-down lying; head kept raised after a feed"),
    )),
    # tr-position-for-breathing, om-breathing-position, tr-work-around-devices,
    # tr-short-sessions-late-stage
    Stage("4B", "needs breathing support (NIV)", (
        ("positions", "head and trunk raised or side-lying; never flat or face down"),
        ("devices", "the breathing machine stays in reach and working; never cover its vent"),
        ("session", "short: 30 minutes, or 20 if ventilated day and night (teaching defaults)"),
    )),
)  # fmt: skip
#: The bank's teaching items these lines are drawn from (checked when the figure is built).
CITED: tuple[str, ...] = (
    "ss-weakness-spreads", "ci-pressure-on-weak-muscle", "as-agree-signals-before-touch",
    "sc-pass-observations-on", "as-strength-grade-sets-support", "ss-swallowing-and-saliva",
    "ss-reduced-mobility-come-to-client", "tr-never-lift", "ss-speech-agree-signals",
    "tr-short-sessions-late-stage", "om-gastrostomy", "tr-work-around-devices",
    "tr-position-for-breathing", "om-breathing-position", "dis-kings-staging-wording",
)  # fmt: skip
ADVANCED = ("4A", "4B")
LINE_X, TEXT_X = 0.55, 1.05
ROW = 1.0  # vertical units per stage
LINE_STEP = 0.2  # vertical units per text line


def disease_course(bank: Bank) -> Chart:
    """King's stages 1 to 4B top to bottom, each with what typically changes for the session."""
    missing = [item for item in CITED if item not in bank.teaching]
    if missing:
        raise KeyError(f"disease course cites teaching items the bank lacks: {', '.join(missing)}")
    figure = Figure(figsize=(10, 8.6), dpi=100)
    ax = figure.add_axes((0.01, 0.01, 0.98, 0.93))
    rows = len(STAGES)
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.25, rows * ROW + 0.1)
    ax.axis("off")
    ys = [rows * ROW - 0.35 - i * ROW for i in range(rows)]
    first_advanced = next(i for i, s in enumerate(STAGES) if s.code in ADVANCED)
    band_top = ys[first_advanced] + 0.3
    ax.add_patch(
        Rectangle(
            (0.05, -0.2),
            9.9,
            band_top + 0.2,
            facecolor="#FDF2E9",
            edgecolor="#CA6F1E",
            lw=1,
            ls="--",
        )
    )
    ax.text(
        9.9,
        band_top - 0.06,
        "advanced: King's stage 4",
        ha="right",
        va="top",
        fontsize=9.5,
        fontstyle="italic",
        color="#873600",
    )
    ax.annotate(
        "",
        xy=(LINE_X, -0.15),
        xytext=(LINE_X, ys[0] + 0.25),
        arrowprops={"arrowstyle": "-|>", "color": "#566573", "lw": 2},
        zorder=1,
    )
    ax.text(
        LINE_X - 0.3,
        (ys[0] + ys[first_advanced]) / 2,
        "the illness progresses",
        rotation=90,
        ha="center",
        va="center",
        fontsize=9,
        color="#566573",
    )
    for stage, y in zip(STAGES, ys, strict=True):
        ax.plot(
            [LINE_X],
            [y],
            marker="o",
            markersize=34,
            markerfacecolor="white",
            markeredgecolor="#1B4F72",
            markeredgewidth=2,
            zorder=3,
        )
        ax.text(
            LINE_X,
            y,
            stage.code,
            ha="center",
            va="center",
            fontsize=12,
            fontweight="bold",
            color="#1B4F72",
            zorder=4,
        )
        ax.text(
            TEXT_X,
            y + 0.12,
            f"Stage {stage.code}: {stage.means}",
            ha="left",
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#1B2631",
        )
        for j, (aspect, change) in enumerate(stage.changes):
            line_y = y - 0.1 - j * LINE_STEP
            ax.text(
                TEXT_X + 0.15,
                line_y,
                f"{aspect}:",
                ha="left",
                va="center",
                fontsize=9.5,
                fontweight="bold",
                color="#34495E",
            )
            ax.text(
                TEXT_X + 1.45, line_y, change, ha="left", va="center", fontsize=9.5, color="#1B2631"
            )
    figure.suptitle(
        "King's stages: what typically changes for the session", fontsize=13, fontweight="bold"
    )
    return Chart(figure, _alt(), _caption(bank))


def _alt() -> str:
    parts = [
        f"Stage {s.code}, {s.means}: " + "; ".join(f"{a}: {c}" for a, c in s.changes) + "."
        for s in STAGES
    ]
    return "King's stages from 1 to 4B, top to bottom, with what typically changes. " + " ".join(
        parts
    )


def _caption(bank: Bank) -> str:
    term = bank.glossary["kings-staging"]
    reading = bank.teaching["dis-kings-staging-wording"]
    late = bank.teaching["tr-short-sessions-late-stage"]
    return (
        f"{term.meaning} {reading.key_message} {late.key_message} Typical changes only: what "
        "the client tells you and what you find on the day decide each session."
    )
