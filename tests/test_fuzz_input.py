"""Mutated cases never crash: every input gives a plan or a CaseError with readable lines."""

from __future__ import annotations

import copy
import random
from typing import Any

from alsedu import Case, CaseError, load_bank, screen

JUNK: list[Any] = [None, True, 0, -1, 99, 3.7, "", "x", "2A", "left", [], [1], {}, {"code": "x"}]
# Legal values of the contract's 1.1 vocabulary, added to cases so mutations meet them too.
NEW_VALUES: list[Any] = ["4-", "4+", "unknown", "calf:left", "upper_back", "clot_ruled_out"]
NEW_ITEMS: dict[str, list[Any]] = {
    "findings": [
        {"code": "swelling", "side": "left", "onset": "unknown", "pitting": True, "bigger": True},
        {"code": "hallucinations"}, {"code": "weight_loss"}, {"code": "choking"},
        {"code": "stiffness", "site": "neck_back"}, {"code": "weakness", "mrc": "4+"},
    ],
    "devices": [
        {"code": "port", "site": "chest", "side": "left"}, {"code": "medication_patch"},
        {"code": "cervical_collar"}, {"code": "cough_assist"}, {"code": "urinary_catheter"},
    ],
    "medications": [{"name": "anticoagulant", "days_since_dose": 8}, {"name": "fentanyl"}],
    "requests": ["calf:left", "upper_back", "heat_pack"],
    "clearances": ["clot_ruled_out"],
}  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def test_two_thousand_mutated_cases_give_a_plan_or_a_clear_error():
    rng = random.Random(20261124)
    cases = [c.case.model_dump(exclude_defaults=True) for c in load_bank().cases.values()]
    outcomes = {"plan": 0, "error": 0}
    for _ in range(2000):
        data = copy.deepcopy(rng.choice(cases))
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(_paths(data))
            _set(data, path, copy.deepcopy(rng.choice(JUNK + NEW_VALUES)))
        key = rng.choice(list(NEW_ITEMS))
        if isinstance(data.setdefault(key, []), list):
            data[key].append(copy.deepcopy(rng.choice(NEW_ITEMS[key])))
        if rng.random() < 0.2:
            data[rng.choice(["extra", "Findings", "temp"])] = copy.deepcopy(rng.choice(JUNK))
        try:
            case = Case.from_data(data, file="fuzz.yaml")
        except CaseError as error:
            assert error.problems and all(str(p).startswith("fuzz.yaml: ") for p in error.problems)
            outcomes["error"] += 1
            continue
        plan = screen(case)
        assert plan.case_id == case.id
        outcomes["plan"] += 1
    assert outcomes["plan"] > 30 and outcomes["error"] > 1500
