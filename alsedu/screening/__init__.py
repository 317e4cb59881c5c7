"""The screening engine behind one door: a client case in, a session plan out.

``screen(case, rules=None)`` screens with the package's rules, or with the rule set of
another content folder (``load_rules_from``), such as a draft that ``alsedu check`` reads.
The condition language lives in :mod:`.conditions`, the rule files in :mod:`.rules`,
and combining in :mod:`.combine`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..case import Case
from .combine import Fired, combine, normalise_sites
from .plan import Plan, RequestAnswer, RuleHit, SiteLimit
from .rules import BRIEF_ONLY_RULES, CompiledRule, load_rules, load_rules_from

__all__ = [
    "BRIEF_ONLY_RULES",
    "CompiledRule",
    "Plan",
    "RequestAnswer",
    "RuleHit",
    "SiteLimit",
    "load_rules",
    "load_rules_from",
    "normalise_sites",
    "screen",
]


def screen(case: Case | Mapping[str, Any], rules: Iterable[CompiledRule] | None = None) -> Plan:
    """Screen one client case and return the combined session plan.

    ``case`` is a :class:`Case` or a mapping in the contract's format (validated here;
    a bad mapping raises :class:`~alsedu.errors.CaseError`). ``rules`` defaults to the
    package's rule set.
    """
    if not isinstance(case, Case):
        case = Case.from_data(case)
    fired = []
    present = case.findings_by_code.keys()
    for rule in load_rules() if rules is None else rules:
        if rule.needs is not None and rule.needs.isdisjoint(present):
            continue
        match = rule.condition(case)
        if match is not None:
            fired.append(Fired(rule, match))
    return combine(case, fired)
