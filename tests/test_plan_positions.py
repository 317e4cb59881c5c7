"""Plans that say how (R11-R13, R33d, R38; S30, S31, S57, S11, S70), and a check that finds a
plan contradicting itself (``alsedu check``, :mod:`alsedu.screening.consistency`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from alsedu import load_bank, load_case, render_plan, screen
from alsedu.bank import check_content, content_root
from alsedu.errors import ContentError
from alsedu.screening.consistency import plan_contradictions

from .conftest import finding as f
from .conftest import plan_for

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))
#: A wheelchair user who does not walk, with a buttock sore and breathlessness lying flat:
#: the skin and breathing rules leave side-lying as the only position.
SIDE_ONLY = {
    "devices": [{"code": "wheelchair"}],
    "findings": [
        f("pressure_injury", site="buttock", side="left", stage="2"),
        f("orthopnea"),
    ],
}


def _section(text: str, title: str) -> str:
    """The lines of one section of a plan's text, from its title to the next title."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return "\n".join(lines[start:end])


def test_side_lying_only_says_how_and_never_says_the_chair():
    plan = plan_for(**SIDE_ONLY)
    assert plan.work_positions == ["side_lying"] and plan.side_lying_on == "right"
    text = render_plan(plan)
    work = _section(text, "Work today in:")
    assert "on the right side only" in work and "Trained caregivers" in work
    assert "bed" in work and "never lift" in work
    assert "in the chair" not in text and "massaged in the chair" not in text
    assert plan_contradictions(plan) == []


def test_a_sore_on_one_side_names_the_side_to_lie_on():
    plan = plan_for(findings=[f("non_blanching_redness", site="hip", side="right")])
    assert plan.side_lying_on == "left" and "side_lying" in plan.work_positions
    assert "side-lying with pillows, on the left side only" in render_plan(plan)


def test_damage_on_both_sides_leaves_side_lying_out():
    plan = plan_for(
        findings=[
            f("pressure_injury", site="hip", side="left", stage="1"),
            f("non_blanching_redness", site="ankle", side="right"),
        ]
    )
    assert "side_lying" in plan.excluded_positions and plan.side_lying_on is None
    assert plan.excluded_by["side_lying"] == ["R11e"]


def test_a_midline_sore_leaves_both_sides():
    plan = plan_for(findings=[f("pressure_injury", site="sacrum", stage="2")])
    assert plan.side_lying_on is None and "side_lying" in plan.work_positions


def test_a_sore_with_no_side_recorded_leaves_side_lying_out_until_it_is_known():
    plan = plan_for(findings=[f("pressure_injury", site="hip", stage="2")])
    assert "side_lying" in plan.excluded_positions and plan.excluded_by["side_lying"] == ["R11e"]


def test_a_bedbound_client_is_moved_by_caregivers_never_face_down():
    """Brief C05 (Elena): side-lying set up by caregivers, the sacrum and heel left alone."""
    plan = screen(load_bank().cases["case-elena"].case)
    assert plan.work_positions == ["side_lying", "seated"] and "prone" in plan.excluded_positions
    work = _section(render_plan(plan), "Work today in:")
    assert "trained caregivers" in work and "never lift" in work


def test_a_patch_says_why_there_is_no_heat_anywhere():
    plan = plan_for(devices=[{"code": "medication_patch", "site": "upper_arm", "side": "left"}])
    line = next(
        line for line in _section(render_plan(plan), "Do not use today:").splitlines()
        if "heat packs" in line
    )  # fmt: skip
    assert "medication patch" in line and "release its medicine too fast" in line
    assert "(R33d)" in line


def test_every_left_out_technique_and_position_names_its_rules():
    plan = plan_for(**SIDE_ONLY)
    for code in [*plan.excluded_techniques, *plan.excluded_positions]:
        assert plan.excluded_by[code], code
    positions = _section(render_plan(plan), "Positions to avoid:")
    assert "seated, in the wheelchair: A sore on the buttock" in positions


def test_a_wheelchair_position_only_for_a_client_who_has_one():
    assert "wheelchair" not in plan_for().work_positions
    assert "wheelchair" in plan_for(devices=[{"code": "wheelchair"}]).work_positions


# ------------------------------------------------------------------ the contradiction check


@pytest.mark.parametrize("case_id", sorted(load_bank().cases))
def test_no_bank_plan_contradicts_itself(case_id: str):
    assert plan_contradictions(screen(load_bank().cases[case_id].case)) == []


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_no_golden_plan_contradicts_itself(path: Path):
    assert plan_contradictions(screen(load_case(path))) == []


def _draft(tmp_path: Path) -> Path:
    draft = tmp_path / "content"
    shutil.copytree(content_root(), draft)  # type: ignore[arg-type]
    return draft


def test_alsedu_check_finds_a_rule_that_names_a_left_out_position(tmp_path: Path):
    draft = _draft(tmp_path)
    file = draft / "rules" / "60-communication-and-session.yaml"
    data = yaml.safe_load(file.read_text())
    r38 = next(r for r in data["rules"] if r["id"] == "R38")
    r38["why"] = "Work in the bed, a recliner or the wheelchair (brakes on). Never lift."
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as error:
        check_content(draft)
    found = [p for p in error.value.problems if p.key == "plan"]
    assert any(
        p.file.endswith("case-elena.yaml") and "R38 names 'recliner'" in p.message for p in found
    ), found


def test_alsedu_check_finds_a_recommended_site_that_is_avoided(tmp_path: Path):
    draft = _draft(tmp_path)
    case = draft / "cases" / "case-peter.yaml"
    data = yaml.safe_load(case.read_text())
    swelling = next(x for x in data["case"]["findings"] if x["code"] == "swelling")
    data["case"]["findings"].append(
        {"code": "open_wound", "site": swelling["site"], "side": swelling.get("side", "both")}
    )
    case.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as error:
        check_content(draft)
    assert any("R31 recommends work on" in p.message for p in error.value.problems)
