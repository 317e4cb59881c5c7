"""Screening: a client case in, a session plan out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .case import Case
from .plan import Fired, Plan, combine
from .rules import load_rules


def screen(case: Case | Mapping[str, Any]) -> Plan:
    """Screen one client case and return the combined session plan.

    ``case`` is a :class:`Case` or a mapping in the contract's format (validated here;
    a bad mapping raises :class:`~alsedu.errors.CaseError`).
    """
    if not isinstance(case, Case):
        case = Case.from_data(case)
    fired = []
    present = case.findings_by_code.keys()
    for rule in load_rules():
        if rule.needs is not None and rule.needs.isdisjoint(present):
            continue
        match = rule.condition(case)
        if match is not None:
            fired.append(Fired(rule, match))
    return combine(case, fired)
