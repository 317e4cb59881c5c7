"""How the rules that fired combine into one session plan.

Combining follows the contract: any emergency or postponement ends the plan; otherwise
avoided sites are united and every limit takes its most restrictive value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..case import Case
from ..codes import (
    ACTIONS,
    DECISION_ORDER,
    IMPLIED_SITES,
    POSITIONS,
    REFER_ORDER,
    SITES,
    TECHNIQUES,
    is_site_key,
    site_key,
)
from ..settings import teaching_default
from .conditions import Match, describe_finding
from .plan import LyingSide, Plan, RequestAnswer, RuleHit, SiteLimit
from .rules import CompiledRule, Sites


@dataclass(frozen=True)
class Fired:
    """A compiled rule together with the match that made it fire."""

    rule: CompiledRule
    match: Match


def _ordered(values: Iterable[str], order: tuple[str, ...]) -> list[str]:
    unique = set(values)
    return [v for v in order if v in unique]


def _site_order(key: str) -> tuple[int, str]:
    site, _, side = key.partition(":")
    return SITES.index(site), side


def normalise_sites(keys: Iterable[str]) -> list[str]:
    """Unite site keys: a whole site covers its sides; left and right together become both."""
    by_site: dict[str, set[str]] = {}
    for key in keys:
        site, _, side = key.partition(":")
        by_site.setdefault(site, set()).add(side)
    result = []
    for site, sides in by_site.items():
        if "" in sides:
            result.append(site)
        elif "both" in sides or {"left", "right"} <= sides:
            result.append(f"{site}:both")
        else:
            result += [f"{site}:{side}" for side in sides]
    return sorted(result, key=_site_order)


def _resolve_sites(spec: Sites, match: Match) -> list[str]:
    if spec == "matched":
        keys = list(match.sites)
        for f in match.findings:
            site = f.site or IMPLIED_SITES.get(f.code)
            if site:
                keys.append(site_key(site, f.side))
        return keys
    return list(spec)


def _covered(key: str, avoided: set[str]) -> bool:
    site, _, side = key.partition(":")
    return site in avoided or f"{site}:both" in avoided or key in avoided


def _merge_site_limits(
    fired: list[Fired], avoided: set[str], max_pressure: int | None, excluded: set[str]
) -> list[SiteLimit]:
    """Merge site limits; drop those already covered by an avoided site or a global limit."""
    pressure: dict[str, int] = {}
    exclude: dict[str, set[str]] = {}
    for f in fired:
        for limit in f.rule.rule.effects.site_limits:
            for key in _resolve_sites(limit.sites, f.match):
                exclude.setdefault(key, set()).update(limit.exclude)
                if limit.max_pressure:
                    cap = int(teaching_default(limit.max_pressure))
                    pressure[key] = min(cap, pressure.get(key, cap))
    limits = []
    for key in sorted(exclude, key=_site_order):
        exclude[key] -= excluded
        if _covered(key, avoided):
            continue
        cap = pressure.get(key)
        if cap is not None and max_pressure is not None and cap >= max_pressure:
            cap = None
        if cap is None and not exclude[key]:
            continue
        limits.append(
            SiteLimit(site=key, max_pressure=cap, exclude=_ordered(exclude[key], TECHNIQUES))
        )
    return limits


def _hit(f: Fired) -> RuleHit:
    rule = f.rule.rule
    return RuleHit(
        id=rule.id,
        title=rule.title,
        decision=rule.effects.decision,
        refer=rule.effects.refer,
        why=f.rule.why,
        sources=f.rule.citations,
        because=list(dict.fromkeys([*map(describe_finding, f.match.findings), *f.match.reasons])),
        sites=normalise_sites(
            key
            for limit in rule.effects.site_limits
            for key in _resolve_sites(limit.sites, f.match)
        )
        if rule.effects.site_limits
        else [],
    )


def _sides(side: str) -> set[str]:
    return {"left", "right"} if side in {"", "both"} else {side}


def _overlap(a: str, b: str) -> set[str]:
    """The sides two site keys share (empty when they do not meet)."""
    site_a, _, side_a = a.partition(":")
    site_b, _, side_b = b.partition(":")
    return _sides(side_a) & _sides(side_b) if site_a == site_b else set()


def _cite(f: Fired) -> str:
    return f"{f.rule.rule.title} ({f.rule.rule.id})"


def _answer_site(key: str, fired: list[Fired], limits: list[SiteLimit]) -> RequestAnswer:
    """A body site the client asks to have worked: declined, limited, or fine."""
    wanted = _sides(key.partition(":")[2])
    covered: set[str] = set()
    declined, partly = [], []
    for f in fired:
        for avoided in _resolve_sites(f.rule.rule.effects.avoid_sites, f.match):
            shared = _overlap(key, avoided)
            if shared:
                covered |= shared
                (declined if shared == wanted else partly).append((avoided, f))
    if covered == wanted:
        rules = "; ".join(dict.fromkeys(_cite(f) for _, f in declined + partly))
        return RequestAnswer(code=key, granted=False, why=f"Declined: {rules}.")
    notes = [
        f"not at {', '.join(normalise_sites([avoided]))} ({_cite(f)})" for avoided, f in partly
    ]
    for limit in limits:
        if _overlap(key, limit.site):
            parts = []
            if limit.max_pressure is not None:
                parts.append(f"pressure at most {limit.max_pressure}")
            if limit.exclude:
                parts.append(f"no {', '.join(limit.exclude)}")
            rules = dict.fromkeys(
                f.rule.rule.id
                for f in fired
                for effect in f.rule.rule.effects.site_limits
                if any(_overlap(limit.site, s) for s in _resolve_sites(effect.sites, f.match))
            )
            notes.append(f"at {limit.site}: {'; '.join(parts)} ({', '.join(rules)})")
    if notes:
        return RequestAnswer(code=key, granted=True, why=f"With limits: {'; '.join(notes)}.")
    return RequestAnswer(code=key, granted=True, why="Fine today, within the limits of this plan.")


def _answer_requests(
    case: Case, fired: list[Fired], limits: list[SiteLimit]
) -> list[RequestAnswer]:
    answers = []
    for code in dict.fromkeys(case.requests):
        if is_site_key(code):
            answers.append(_answer_site(code, fired, limits))
            continue
        by = [
            f"{f.rule.rule.title} ({f.rule.rule.id})"
            for f in fired
            if code in f.rule.rule.effects.exclude_techniques
            or code in f.rule.rule.effects.exclude_positions
        ]
        not_at = [
            f"{', '.join(normalise_sites(sites))} ({f.rule.rule.title}, {f.rule.rule.id})"
            for f in fired
            for limit in f.rule.rule.effects.site_limits
            if code in limit.exclude and (sites := _resolve_sites(limit.sites, f.match))
        ]
        if by:
            why = f"Declined: {'; '.join(by)}."
        elif not_at:
            why = f"Yes, but not at {'; '.join(not_at)}."
        else:
            why = "Fine today, within the limits of this plan."
        answers.append(RequestAnswer(code=code, granted=not by, why=why))
    return answers


def _loaded_sides(fired: list[Fired]) -> set[str]:
    """The sides side-lying must not rest on: those of skin damage a rule keeps weight off."""
    return {
        side
        for f in fired
        if f.rule.rule.effects.lie_on_other_side
        for finding in f.match.findings
        for side in _sides(finding.side or "")
    }


def _excluded_by(fired: list[Fired], loaded: set[str]) -> dict[str, list[str]]:
    """Each excluded technique and position, with the ids of the rules that leave it out."""
    by: dict[str, list[str]] = {}
    for f in fired:
        effects = f.rule.rule.effects
        codes = [*effects.exclude_techniques, *effects.exclude_positions]
        if effects.lie_on_other_side and loaded == {"left", "right"}:
            codes.append("side_lying")
        for code in codes:
            by.setdefault(code, [])
            if f.rule.rule.id not in by[code]:
                by[code].append(f.rule.rule.id)
    order = (*TECHNIQUES, *POSITIONS)
    return {code: by[code] for code in order if code in by}


#: Positions a session is worked in (getting onto a table is a transfer, not a position).
WORKING_POSITIONS = tuple(p for p in POSITIONS if p != "table_transfer")


def _work_positions(case: Case, excluded: set[str]) -> list[str]:
    """The positions left to work in: a wheelchair only for a client who has one."""
    has_chair = any(d.code == "wheelchair" for d in case.devices)
    return [p for p in WORKING_POSITIONS if p not in excluded and (p != "wheelchair" or has_chair)]


def combine(case: Case, fired: list[Fired]) -> Plan:
    """Combine the rules that fired into one plan; the most restrictive value wins."""
    effects = [f.rule.rule.effects for f in fired]
    emergency = any(e.decision == "emergency" for e in effects)
    stop = emergency or any(e.decision == "postpone" for e in effects)
    refer = max((e.refer for e in effects), key=REFER_ORDER.index, default="none")
    hits = [_hit(f) for f in fired]
    hits.sort(key=lambda h: DECISION_ORDER.index(h.decision))

    if stop:
        ending = [f for f in fired if f.rule.rule.effects.decision in {"emergency", "postpone"}]
        must = {a for f in ending for a in f.rule.rule.effects.must_do} | {"record_and_report"}
        return Plan(
            case_id=case.id,
            decision="emergency" if emergency else "postpone",
            proceed=False,
            emergency=emergency,
            refer=refer,
            avoid_sites=[],
            avoid_margin_cm=None,
            max_pressure=None,
            site_limits=[],
            excluded_techniques=[],
            indicated_techniques=[],
            excluded_positions=[],
            excluded_by={},
            work_positions=[],
            side_lying_on=None,
            max_session_minutes=None,
            must_do=_ordered(must, ACTIONS),
            requests=[
                RequestAnswer(
                    code=c,
                    granted=False,
                    why="No massage: this is an emergency."
                    if emergency
                    else "No massage today: the session is postponed.",
                )
                for c in dict.fromkeys(case.requests)
            ],
            rules=[h for h in hits if h.decision in {"emergency", "postpone"} or h.refer != "none"],
        )

    avoided = set(
        normalise_sites(
            s for f in fired for s in _resolve_sites(f.rule.rule.effects.avoid_sites, f.match)
        )
    )
    caps = [int(teaching_default(e.max_pressure)) for e in effects if e.max_pressure]
    max_pressure = min(caps) if caps else None
    minutes = [
        int(teaching_default(e.max_session_minutes)) for e in effects if e.max_session_minutes
    ]
    excluded_t = {t for e in effects for t in e.exclude_techniques}
    excluded_p = {p for e in effects for p in e.exclude_positions}
    loaded = _loaded_sides(fired)
    if loaded == {"left", "right"}:
        excluded_p.add("side_lying")
    side_lying_on: LyingSide | None = None
    if len(loaded) == 1 and "side_lying" not in excluded_p:
        side_lying_on = "left" if loaded == {"right"} else "right"
    indicated = {t for e in effects for t in e.indicate_techniques} - excluded_t
    site_limits = _merge_site_limits(fired, avoided, max_pressure, excluded_t)
    requests = _answer_requests(case, fired, site_limits)
    restrictive = (
        avoided
        or excluded_p
        or site_limits
        or any(
            f.rule.rule.effects.decision in {"avoid_site", "modify"}
            for f in fired
            if not f.rule.baseline
        )
    )
    return Plan(
        case_id=case.id,
        decision="adapt" if restrictive else "proceed",
        proceed=True,
        emergency=False,
        refer=refer,
        avoid_sites=normalise_sites(avoided),
        avoid_margin_cm=int(teaching_default("avoid_margin_cm")) if avoided else None,
        max_pressure=max_pressure,
        site_limits=site_limits,
        excluded_techniques=_ordered(excluded_t, TECHNIQUES),
        indicated_techniques=_ordered(indicated, TECHNIQUES),
        excluded_positions=_ordered(excluded_p, POSITIONS),
        excluded_by=_excluded_by(fired, loaded),
        work_positions=_work_positions(case, excluded_p),
        side_lying_on=side_lying_on,
        max_session_minutes=min(minutes) if minutes else None,
        must_do=_ordered({a for e in effects for a in e.must_do}, ACTIONS),
        requests=requests,
        rules=hits,
    )
