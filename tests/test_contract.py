"""Conformance with the screening contract: every code it lists is accepted, every plan key emitted.

The contract is read from tests/reference/screening-contract.md (a copy of shared/spec, kept in
step by the first test below).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alsedu import Case, screen
from alsedu.codes import (
    ACTIONS,
    ALSFRS_ITEMS,
    FINDING_ATTRIBUTES,
    MEDICATIONS,
    POSITIONS,
    SITES,
    TECHNIQUES,
)

CONTRACT = (Path(__file__).parent / "reference" / "screening-contract.md").read_text()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "screening-contract.md"


def codes_after(label: str) -> list[str]:
    """Backticked codes in the paragraph that starts with ``label``."""
    paragraph = CONTRACT.split(label, 1)[1].split("\n\n", 1)[0].split("Sides:", 1)[0]
    return re.findall(r"`([a-z_0-9]+)`", paragraph)


def table_row(key: str) -> str:
    return next(line for line in CONTRACT.splitlines() if line.startswith(f"| `{key}`"))


def test_reference_copy_matches_shared_when_present():
    if SHARED.exists():
        assert SHARED.read_text() == CONTRACT


@pytest.mark.parametrize(
    ("label", "ours"),
    [
        ("Technique codes:", TECHNIQUES),
        ("Position codes:", POSITIONS),
        ("Action codes:", ACTIONS),
        ("Sites:", SITES),
        ("ALSFRS-R item keys:", ALSFRS_ITEMS),
    ],
)
def test_code_lists_are_all_ours(label: str, ours: tuple[str, ...]):
    listed = codes_after(label)
    assert listed and set(listed) <= set(ours)


def test_every_listed_finding_code_and_attribute_is_accepted():
    table = CONTRACT.split("A finding is", 1)[1].split("Sites:", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 10
    for row in rows:
        code_cell, attr_cell = row.split("|")[1:3]
        codes = re.findall(r"`([a-z_]+)`", re.sub(r"\(`side`\)", "", code_cell))
        for code in codes:
            assert code in FINDING_ATTRIBUTES, code
            for attr in re.findall(r"`([a-z_]+)`", attr_cell):
                if attr not in {"new", "longstanding", "mild", "significant"}:
                    assert attr in FINDING_ATTRIBUTES[code] | {"side"}, (code, attr)


@pytest.mark.parametrize(
    ("key", "field"),
    [("devices", "code"), ("medications", "name"), ("history", None), ("clearances", None)],
)
def test_every_listed_device_medication_history_and_clearance_is_accepted(
    key: str, field: str | None
):
    listed = re.findall(r"`([a-z_0-9]+)`", table_row(key).split("|")[3])
    assert listed
    values = [{field: c} for c in listed] if field else listed
    case = Case.from_data({"id": "x", key: values})
    assert len(getattr(case, key)) == len(listed)
    if key == "medications":
        assert set(listed) <= set(MEDICATIONS)


def test_every_plan_key_is_emitted():
    table = CONTRACT.split("## Plan", 1)[1].split("Technique codes:", 1)[0]
    keys = re.findall(r"^\| `([a-z_]+)`", table, flags=re.M)
    assert len(keys) == 13
    assert set(keys) <= set(screen({"id": "x"}).model_dump())


def test_every_plan_code_has_a_label_a_student_reads():
    from alsedu.labels import ACTION_LABELS, POSITION_LABELS, TECHNIQUE_LABELS

    assert set(ACTION_LABELS) == set(ACTIONS)
    assert set(POSITION_LABELS) == set(POSITIONS)
    assert set(TECHNIQUE_LABELS) == set(TECHNIQUES)
