"""Golden cases: the 12 archetypes of the bank and held-out-style combinations in tests/golden."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alsedu import load_bank, load_case, screen
from alsedu.checks import plan_mismatches
from alsedu.schema import Expected

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))
BANK_CASES = sorted(load_bank().cases)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_case(path: Path):
    expected = Expected.model_validate(yaml.safe_load(path.read_text())["expected"])
    plan = screen(load_case(path))
    assert plan_mismatches(expected, plan) == []


@pytest.mark.parametrize("case_id", BANK_CASES)
def test_bank_case_gets_its_expected_plan(case_id: str):
    case = load_bank().cases[case_id]
    assert plan_mismatches(case.expected, screen(case.case)) == []


def test_the_twelve_archetypes_are_in_the_bank():
    archetypes = {c.archetype for c in load_bank().cases.values() if c.archetype}
    assert archetypes == {f"C{i:02d}" for i in range(1, 13)}


@pytest.mark.parametrize("case_id", BANK_CASES)
def test_no_plan_refuses_for_als_alone(case_id: str):
    """Every postponement names a rule other than the baseline."""
    plan = screen(load_bank().cases[case_id].case)
    if not plan.proceed:
        assert any(h.decision in {"postpone", "emergency"} for h in plan.rules)
