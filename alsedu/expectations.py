"""Compare a bank case's expected plan with what the screening engine decides."""

from __future__ import annotations

from .plan import Plan
from .schema import CaseFile, Expected
from .screening import screen

EXACT = ("proceed", "emergency", "refer", "max_pressure", "max_session_minutes")
SETS = ("avoid_sites", "excluded_positions")
SUBSETS = {
    "avoid_sites_include": "avoid_sites",
    "excluded_techniques_include": "excluded_techniques",
    "indicated_techniques_include": "indicated_techniques",
    "excluded_positions_include": "excluded_positions",
    "must_do_include": "must_do",
}


def plan_mismatches(expected: Expected, plan: Plan) -> list[tuple[str, str]]:
    """Every way the plan differs from what is expected, as (key path, message)."""
    given = expected.model_fields_set
    out: list[tuple[str, str]] = []
    for key in EXACT:
        if key in given and getattr(expected, key) != getattr(plan, key):
            out.append(
                (
                    f"expected.{key}",
                    f"engine says {getattr(plan, key)!r}, case expects {getattr(expected, key)!r}",
                )
            )
    for key in SETS:
        if key in given and set(getattr(expected, key)) != set(getattr(plan, key)):
            out.append(
                (
                    f"expected.{key}",
                    f"engine says {getattr(plan, key)}, case expects {getattr(expected, key)}",
                )
            )
    for key, plan_key in SUBSETS.items():
        missing = set(getattr(expected, key)) - set(getattr(plan, plan_key))
        if missing:
            out.append(
                (f"expected.{key}", f"missing from the plan's {plan_key}: {sorted(missing)}")
            )
    unwanted = set(expected.excluded_techniques_exclude) & set(plan.excluded_techniques)
    if unwanted:
        out.append(
            ("expected.excluded_techniques_exclude", f"the plan excludes {sorted(unwanted)}")
        )
    fired = {hit.id for hit in plan.rules}
    if missing := set(expected.rules_include) - fired:
        out.append(("expected.rules_include", f"rules did not fire: {sorted(missing)}"))
    if extra := set(expected.rules_exclude) & fired:
        out.append(("expected.rules_exclude", f"rules fired but should not: {sorted(extra)}"))
    limits = {limit.site: limit for limit in plan.site_limits}
    for i, want in enumerate(expected.site_limits_include):
        got = limits.get(want.site)
        key = f"expected.site_limits_include.{i}"
        if got is None:
            out.append((key, f"no site limit on {want.site!r}; plan has {sorted(limits)}"))
            continue
        if want.max_pressure is not None and got.max_pressure != want.max_pressure:
            out.append(
                (key, f"{want.site}: max_pressure {got.max_pressure}, expected {want.max_pressure}")
            )
        if lacking := set(want.exclude) - set(got.exclude):
            out.append((key, f"{want.site}: does not exclude {sorted(lacking)}"))
    return out


def check_expected(case: CaseFile) -> list[tuple[str, str]]:
    """Screen a bank case and list every mismatch with its expected plan."""
    return plan_mismatches(case.expected, screen(case.case))
