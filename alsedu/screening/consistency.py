"""Contradictions inside one session plan: what a student would read as two instructions.

A plan contradicts itself when

- a rule's text names a position to work in that the plan leaves out (the rule that leaves a
  position out may name it: it says *not* to use it);
- a recommended rule works sites that the plan avoids (it would have the student stroke a
  swelling that another rule says to keep off);
- the plan goes ahead with no position left to work in and does not say so.

``alsedu check`` runs :func:`plan_contradictions` on every bank case; the tests run it on every
golden case too.
"""

from __future__ import annotations

import re

from .combine import _covered, normalise_sites
from .plan import Plan

#: How a rule's text names each position (lower case; whole words).
POSITION_PHRASES: dict[str, tuple[str, ...]] = {
    "prone": ("face down", "face-down", "prone", "on their front"),
    "supine_flat": ("flat on the back", "lie flat", "laid flat", "lay the client flat"),
    "semi_reclined": (
        "propped up", "semi-reclined", "recliner", "reclined", "half-sitting",
        "head and trunk raised",
    ),
    "side_lying": ("side-lying", "on their side", "on the side"),
    "seated": ("seated", "sitting up", "sit up", "in a chair", "in the chair"),
    "wheelchair": ("in the wheelchair", "in a wheelchair", "in the chair", "in their chair"),
    "table_transfer": ("onto the table", "onto a table", "on the table", "massage table"),
}  # fmt: skip
_PATTERNS = {
    position: re.compile(r"\b(" + "|".join(map(re.escape, phrases)) + r")\b")
    for position, phrases in POSITION_PHRASES.items()
}


def plan_contradictions(plan: Plan) -> list[str]:
    """Every contradiction in the plan, each as one sentence naming the rules involved."""
    if not plan.proceed:
        return []
    problems = []
    for hit in plan.rules:
        text = f"{hit.title}. {hit.why}".lower()
        for position in plan.excluded_positions:
            by = plan.excluded_by.get(position, [])
            found = _PATTERNS[position].search(text)
            if found and hit.id not in by:
                problems.append(
                    f"{hit.id} names {found.group(0)!r} ({position}), which the plan leaves "
                    f"out ({', '.join(by)})"
                )
    avoided = set(normalise_sites(plan.avoid_sites))
    for hit in plan.rules:
        worked = [s for s in hit.sites if _covered(s, avoided)]
        if hit.decision == "indicated" and hit.sites and len(worked) == len(hit.sites):
            problems.append(
                f"{hit.id} recommends work on {', '.join(worked)}, which the plan avoids"
            )
    if not plan.work_positions:
        problems.append("the plan goes ahead with no position left to work in")
    return problems
