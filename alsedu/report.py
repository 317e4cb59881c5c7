"""A session plan as a student reads it: decision first, then the details and the reasons.

One structure, :func:`plan_sections`, holds every word of a plan (sections of lines); the
plain-text report (:func:`render_plan`) and the HTML view of the widgets (:func:`plan_html`)
both draw from it, so the wording exists once.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .case import Case
from .codes import is_site_key
from .labels import (
    ACTION_LABELS,
    DECISION_LABELS,
    POSITION_LABELS,
    REFER_LABELS,
    RULE_DECISION_LABELS,
    TECHNIQUE_LABELS,
    site_label,
)
from .screening import Plan, SiteLimit

FOOTNOTE = (
    "Numbers marked as teaching defaults are settings chosen for teaching, not published "
    "thresholds. This plan supports, and never replaces, the client's care team."
)
#: A word for each decision, so no view tells the decision by colour alone.
DECISION_SIGNS: dict[str, str] = {
    "emergency": "STOP",
    "postpone": "WAIT",
    "adapt": "ADAPT",
    "proceed": "GO",
}


#: Sections that are lists: left out of a plan when they have nothing to list.
LISTINGS = frozenset(
    {
        "avoid_sites",
        "site_limits",
        "use",
        "do_not_use",
        "positions",
        "work_in",
        "must_do",
        "requests",
    }
)


@dataclass(frozen=True)
class Entry:
    """One line of a section, with indented detail lines under it (a rule's reasons)."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled part of a plan: ``key`` names it for views and tests, ``title`` for readers."""

    key: str
    title: str
    entries: tuple[Entry, ...] = ()


def _limit_line(limit: SiteLimit) -> str:
    parts = []
    if limit.max_pressure is not None:
        parts.append(f"pressure at most {limit.max_pressure} (teaching default)")
    if limit.exclude:
        parts.append("no " + ", ".join(TECHNIQUE_LABELS[t] for t in limit.exclude))
    return f"{site_label(limit.site)}: {'; '.join(parts)}"


def _entries(texts: list[str]) -> tuple[Entry, ...]:
    return tuple(Entry(t) for t in texts)


def _left_out(plan: Plan, codes: list[str], labels: dict[str, str]) -> list[str]:
    """What is left out, grouped by the rules that leave it out, each group with their titles:
    ``heat packs: A medication patch - ... (R33d)``."""
    titles = {hit.id: hit.title for hit in plan.rules}
    groups: dict[tuple[str, ...], list[str]] = {}
    for code in codes:
        groups.setdefault(tuple(plan.excluded_by.get(code, ())), []).append(labels[code])
    lines = []
    for rule_ids, names in groups.items():
        why = "; ".join(f"{titles[r]} ({r})" for r in rule_ids if r in titles)
        lines.append(f"{', '.join(names)}: {why}" if why else ", ".join(names))
    return lines


def _side_lying(plan: Plan) -> str:
    label = POSITION_LABELS["side_lying"]
    return f"{label}, on the {plan.side_lying_on} side only" if plan.side_lying_on else label


def _work_in(plan: Plan) -> list[str]:
    """The positions left today, and how to reach side-lying when it is the only one."""
    lines = [
        _side_lying(plan) if p == "side_lying" else POSITION_LABELS[p] for p in plan.work_positions
    ]
    on = f" on the {plan.side_lying_on} side" if plan.side_lying_on else ""
    cannot_transfer = "table_transfer" in plan.excluded_positions
    if not plan.work_positions:
        lines.append(
            "No position keeps every limit today: ask the care team how the client can lie or "
            "sit safely, and work only there within these limits, or agree another day."
        )
    elif plan.work_positions == ["side_lying"] and cannot_transfer:
        lines.append(
            f"Side-lying{on} is the only position left today. Trained caregivers turn the "
            "client onto their side in their own bed, with their equipment (slide sheet or "
            "hoist) and pillows; you never lift or take the client's weight. If that cannot be "
            "done safely today, do not work in another position: agree another time with them."
        )
    elif plan.work_positions == ["side_lying"]:
        lines.append(
            f"Side-lying{on} is the only position left today: help the client settle onto "
            "their side with pillows, at their own pace."
        )
    elif cannot_transfer:
        lines.append(
            "Work in the position the client is already in if it is listed here. Any move "
            "into another is made by trained caregivers with the client's own equipment; you "
            "never lift or take the client's weight."
        )
    return lines


def _session(plan: Plan) -> list[Section]:
    pressure = "no cap" if plan.max_pressure is None else f"Walton level {plan.max_pressure}"
    default = " (teaching default)" if plan.max_pressure else ""
    length = (
        f"Session length: at most {plan.max_session_minutes} minutes (teaching default)"
        if plan.max_session_minutes
        else "Session length: no cap; follow the client's cues"
    )
    margin = (
        f" (keep {plan.avoid_margin_cm} cm clear around each, a teaching default)"
        if plan.avoid_margin_cm
        else ""
    )
    labelled = [
        ("avoid_sites", f"Do not massage these sites{margin}:", map(site_label, plan.avoid_sites)),
        ("site_limits", "Stricter limits on some sites:", map(_limit_line, plan.site_limits)),
        ("use", "Use today:", (TECHNIQUE_LABELS[t] for t in plan.indicated_techniques)),
        (
            "do_not_use",
            "Do not use today:",
            _left_out(plan, list(plan.excluded_techniques), TECHNIQUE_LABELS),
        ),
        (
            "positions",
            "Positions to avoid:",
            _left_out(plan, list(plan.excluded_positions), POSITION_LABELS),
        ),
        ("work_in", "Work today in:", _work_in(plan)),
    ]
    return [
        Section(
            "session", "", _entries([f"Highest pressure anywhere: {pressure}{default}", length])
        ),
        *(Section(key, title, _entries(list(lines))) for key, title, lines in labelled),
    ]


def _request_line(code: str, granted: bool, why: str) -> str:
    if is_site_key(code):
        name = site_label(code)
    else:
        name = TECHNIQUE_LABELS.get(code) or POSITION_LABELS.get(code, code)
    return f"{name}: {'yes' if granted else 'no'}. {why}"


def _rules(plan: Plan) -> Section:
    entries = []
    for hit in plan.rules:
        refer = "no referral" if hit.refer == "none" else f"referral: {hit.refer.replace('_', ' ')}"
        entries.append(
            Entry(
                f"[{hit.id}] {hit.title} ({RULE_DECISION_LABELS[hit.decision]}; {refer})",
                (
                    f"because: {'; '.join(hit.because)}",
                    hit.why,
                    f"sources: {', '.join(hit.sources)}",
                ),
            )
        )
    return Section("rules", "Why (every rule that applies, with its sources):", tuple(entries))


def plan_sections(plan: Plan, case: Case | None = None) -> list[Section]:
    """Every part of a plan in reading order; empty sections are left out."""
    title = f" ({case.title})" if case and case.title else ""
    sections = [
        Section("title", f"Session plan for {plan.case_id}{title}"),
        Section("decision", DECISION_LABELS[plan.decision]),
        Section("referral", f"Referral: {REFER_LABELS[plan.refer]}"),
    ]
    if plan.proceed:
        sections += _session(plan)
    sections += [
        Section("must_do", "Must do:", _entries([ACTION_LABELS[a] for a in plan.must_do])),
        Section(
            "requests",
            "The client asked for:",
            _entries([_request_line(r.code, r.granted, r.why) for r in plan.requests]),
        ),
        _rules(plan),
        Section("footnote", FOOTNOTE),
    ]
    return [s for s in sections if s.entries or s.key not in LISTINGS]


def render_plan(plan: Plan, case: Case | None = None) -> str:
    """Render a plan as plain text: decision, referral, sites, limits, techniques, steps, rules."""
    out: list[str] = []
    for section in plan_sections(plan, case):
        if section.key in {"decision", "rules", "footnote"}:
            out.append("")
        if section.key == "rules":
            out.append(section.title)
            for entry in section.entries:
                out.append(f"  {entry.text}")
                out += [f"      {detail}" for detail in entry.details]
            continue
        if section.title:
            out.append(section.title)
        indent = "" if section.key == "session" else "  - "
        out += [f"{indent}{entry.text}" for entry in section.entries]
        if section.key in {"referral", "session"}:
            out.append("")
    return "\n".join(out)


def plan_html(plan: Plan, case: Case | None = None) -> str:
    """Render a plan as accessible HTML: headings, lists, and the decision in words."""
    parts = [f'<div class="alsedu-plan" data-decision="{plan.decision}">']
    for section in plan_sections(plan, case):
        title = escape(section.title)
        if section.key == "title":
            parts.append(f"<h4>{title}</h4>")
        elif section.key == "decision":
            sign = DECISION_SIGNS[plan.decision]
            parts.append(
                f'<p class="alsedu-decision alsedu-{plan.decision}" role="status">'
                f"<strong>{sign}</strong> {title}</p>"
            )
        elif section.key == "footnote":
            parts.append(f"<p><small>{title}</small></p>")
        elif section.key == "rules":
            items = "".join(
                f"<li><strong>{escape(e.text)}</strong><br>"
                + "<br>".join(escape(d) for d in e.details)
                + "</li>"
                for e in section.entries
            )
            parts.append(f"<details><summary>{title}</summary><ul>{items}</ul></details>")
        elif section.entries and not section.title:
            parts.append("".join(f"<p>{escape(e.text)}</p>" for e in section.entries))
        elif section.entries:
            items = "".join(f"<li>{escape(e.text)}</li>" for e in section.entries)
            parts.append(f"<p><strong>{title}</strong></p><ul>{items}</ul>")
        else:
            parts.append(f"<p>{title}</p>")
    parts.append("</div>")
    return "".join(parts)
