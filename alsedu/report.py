"""A session plan as text a student can follow: decision first, then the details and reasons."""

from __future__ import annotations

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


def _section(title: str, lines: list[str]) -> list[str]:
    return [title, *(f"  - {line}" for line in lines)] if lines else []


def _limit_line(limit: SiteLimit) -> str:
    parts = []
    if limit.max_pressure is not None:
        parts.append(f"pressure at most {limit.max_pressure} (teaching default)")
    if limit.exclude:
        parts.append("no " + ", ".join(TECHNIQUE_LABELS[t] for t in limit.exclude))
    return f"{site_label(limit.site)}: {'; '.join(parts)}"


def _session_lines(plan: Plan) -> list[str]:
    pressure = "no cap" if plan.max_pressure is None else f"Walton level {plan.max_pressure}"
    minutes = (
        "no cap" if plan.max_session_minutes is None else f"{plan.max_session_minutes} minutes"
    )
    margin = (
        f" (keep {plan.avoid_margin_cm} cm clear around each, a teaching default)"
        if plan.avoid_margin_cm
        else ""
    )
    out = [
        f"Highest pressure anywhere: {pressure}"
        + (" (teaching default)" if plan.max_pressure else ""),
        f"Session length: at most {minutes} (teaching default)"
        if plan.max_session_minutes
        else "Session length: no cap; follow the client's cues",
        "",
    ]
    out += _section(
        f"Do not massage these sites{margin}:", [site_label(s) for s in plan.avoid_sites]
    )
    out += _section(
        "Stricter limits on some sites:", [_limit_line(lim) for lim in plan.site_limits]
    )
    out += _section("Use today:", [TECHNIQUE_LABELS[t] for t in plan.indicated_techniques])
    out += _section("Do not use today:", [TECHNIQUE_LABELS[t] for t in plan.excluded_techniques])
    out += _section("Positions to avoid:", [POSITION_LABELS[p] for p in plan.excluded_positions])
    return out


def _rule_lines(plan: Plan) -> list[str]:
    out = ["", "Why (every rule that applies, with its sources):"]
    for hit in plan.rules:
        refer = "no referral" if hit.refer == "none" else f"referral: {hit.refer.replace('_', ' ')}"
        out.append(f"  [{hit.id}] {hit.title} ({RULE_DECISION_LABELS[hit.decision]}; {refer})")
        out.append(f"      because: {'; '.join(hit.because)}")
        out.append(f"      {hit.why}")
        out.append(f"      sources: {', '.join(hit.sources)}")
    return out


def render_plan(plan: Plan, case: Case | None = None) -> str:
    """Render a plan as plain text: decision, referral, sites, limits, techniques, steps, rules."""
    title = f" ({case.title})" if case and case.title else ""
    out = [f"Session plan for {plan.case_id}{title}", "", DECISION_LABELS[plan.decision]]
    out += [f"Referral: {REFER_LABELS[plan.refer]}", ""]
    if plan.proceed:
        out += _session_lines(plan)
    out += _section("Must do:", [ACTION_LABELS[a] for a in plan.must_do])
    answers = [
        f"{site_label(r.code) if is_site_key(r.code) else r.code}: "
        f"{'yes' if r.granted else 'no'}. {r.why}"
        for r in plan.requests
    ]
    out += _section("The client asked for:", answers)
    out += _rule_lines(plan)
    out += ["", FOOTNOTE]
    return "\n".join(out)
