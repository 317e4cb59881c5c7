"""Conformance with the contract's version 1.1 additions, and what each new code decides.

The additions are read from tests/reference/screening-contract-1.1.md (a copy of shared/spec,
kept in step by the first test below), so a code added there and missing here fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from alsedu import Case, screen
from alsedu.codes import DEVICES, FINDING_ATTRIBUTES, MEDICATION_CLASSES

from .conftest import finding as f
from .conftest import plan_for

ADDITIONS = (Path(__file__).parent / "reference" / "screening-contract-1.1.md").read_text()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "screening-contract-1.1.md"
SAMPLE = {"site": "calf", "side": "left", "days_since_placement": 3}


def rows() -> list[tuple[str, list[str], list[str]]]:
    """Each case-table row as (kind word, codes, attributes)."""
    out = []
    for line in ADDITIONS.split("Case:", 1)[1].split("Plan:", 1)[0].splitlines():
        if not line.startswith("| ") or line.startswith(("| addition", "| ---")):
            continue
        what, meaning = line.split("|")[1:3]
        kind = what.split()[0]
        out.append((kind, re.findall(r"`([^`]+)`", what), re.findall(r"`([a-z_]+)`", meaning)))
    return out


def test_reference_copy_matches_shared_when_present():
    if SHARED.exists():
        assert SHARED.read_text() == ADDITIONS


def test_every_row_of_the_additions_is_read():
    kinds = [kind for kind, _, _ in rows()]
    assert kinds.count("findings") == 2 and kinds.count("device") == 5
    assert {"swelling", "weakness", "medications", "medication", "clearance"} <= set(kinds)
    assert len(kinds) == 16


@pytest.mark.parametrize(("kind", "codes", "attributes"), rows(), ids=[r[0] for r in rows()])
def test_every_listed_code_is_accepted(kind: str, codes: list[str], attributes: list[str]):
    data: dict[str, Any] = {"id": "x"}
    if kind == "findings":
        data["findings"] = [{"code": c, **{a: SAMPLE[a] for a in attributes}} for c in codes]
        assert all(set(attributes) == set(FINDING_ATTRIBUTES[c]) for c in codes)
    elif kind == "swelling":
        assert codes == ["onset: unknown"]
        data["findings"] = [f("swelling", site="calf", side="left", onset="unknown")]
    elif kind == "weakness":
        data["findings"] = [f("weakness", site="hand", mrc=grade.strip('"')) for grade in codes[1:]]
    elif kind == "device":
        (code,) = codes
        assert code in DEVICES
        data["devices"] = [{"code": code, **{a: SAMPLE[a] for a in attributes if a in SAMPLE}}]
    elif kind in {"medications", "medication"}:
        data["medications"] = [{"name": c} for c in codes]
    elif kind == "clearance":
        data["clearances"] = codes
    else:
        assert kind == "`requests`"
        data["requests"] = ["calf", "calf:left", "neck_back"]
    case = Case.from_data(data)
    assert screen(case).case_id == "x"


def test_mrc_four_minus_and_plus_are_read_as_four():
    case = Case.from_data(
        {"id": "x", "findings": [f("weakness", mrc="4-"), f("weakness", mrc="4+")]}
    )
    assert [finding.mrc for finding in case.findings] == [4, 4]


def test_class_names_and_new_drugs_belong_to_their_class():
    assert (
        MEDICATION_CLASSES["anticoagulant"] == MEDICATION_CLASSES["tinzaparin"] == "anticoagulant"
    )
    assert MEDICATION_CLASSES["antiplatelet"] == MEDICATION_CLASSES["prasugrel"] == "antiplatelet"
    for name in ("pregabalin", "clonazepam", "oxycodone", "fentanyl", "codeine", "tramadol"):
        assert MEDICATION_CLASSES[name] == "sedating"


# --- what each new code decides, as the brief's rule for it says -------------------------


def test_a_port_site_is_avoided_and_its_line_left_alone():
    plan = plan_for(devices=[{"code": "port", "site": "chest", "side": "left"}])
    assert plan.proceed and plan.avoid_sites == ["chest:left"] and plan.fired("R15d")
    assert "protect_lines" in plan.must_do


def test_a_collar_counts_as_head_drop():
    plan = plan_for(devices=[{"code": "cervical_collar"}])
    assert plan.fired("R24") and "prone" in plan.excluded_positions
    assert "head_supported" in plan.must_do


def test_new_hallucinations_are_a_sudden_change():
    plan = plan_for(findings=[f("hallucinations")])
    assert not plan.proceed and plan.refer == "same_day" and plan.fired("R02")


def test_choking_brings_the_bulbar_positions():
    plan = plan_for(findings=[f("choking")])
    assert plan.fired("R30")
    assert {"prone", "supine_flat"} <= set(plan.excluded_positions)
    assert "neck_front" in plan.avoid_sites


def test_weight_loss_in_a_client_who_cannot_turn_is_high_pressure_injury_risk():
    plan = plan_for(findings=[f("weight_loss")], alsfrs_r={"turning_in_bed": 2})
    assert plan.fired("R13") and "skin_check" in plan.must_do
    assert not plan_for(findings=[f("weight_loss")], alsfrs_r={"turning_in_bed": 4}).fired("R13")


def test_nothing_is_massaged_or_heated_over_a_medication_patch():
    plan = plan_for(
        devices=[{"code": "medication_patch", "site": "upper_back", "side": "right"}],
        requests=["heat_pack", "upper_back:right", "upper_back:left"],
    )
    assert plan.avoid_sites == ["upper_back:right"]
    answers = {r.code: r for r in plan.requests}
    assert not answers["upper_back:right"].granted and "R33d" in answers["upper_back:right"].why
    assert answers["upper_back:left"].granted
    assert "S70" in next(h for h in plan.rules if h.id == "R33d").sources


def test_a_patch_in_an_unknown_place_means_no_heat_today():
    plan = plan_for(devices=[{"code": "medication_patch"}], requests=["heat_pack"])
    assert "heat_pack" in plan.excluded_techniques and not plan.requests[0].granted


@pytest.mark.parametrize("device", ["urinary_catheter", "cough_assist"])
def test_devices_managed_at_home_are_no_reason_to_postpone(device: str):
    plan = plan_for(devices=[{"code": device}])
    assert plan.proceed and plan.refer == "none"


def test_an_unknown_onset_swelling_is_read_as_new():
    unknown = plan_for(findings=[f("swelling", site="calf", side="left", onset="unknown")])
    new = plan_for(findings=[f("swelling", site="calf", side="left", onset="new")])
    assert not unknown.proceed and unknown.refer == new.refer == "same_day"
    both = plan_for(findings=[f("swelling", site="ankle", side="both", onset="unknown")])
    assert both.fired("R32") and not both.fired("R31")


def test_clot_ruled_out_lifts_R03_for_an_unchanged_swelling():
    swelling = f("swelling", site="calf", side="left", onset="longstanding", pitting=True)
    assert not plan_for(findings=[swelling]).proceed
    cleared = plan_for(findings=[swelling], clearances=["clot_ruled_out"])
    assert cleared.proceed and not cleared.fired("R03") and cleared.fired("R03c")


@pytest.mark.parametrize(
    "change",
    [{"onset": "new"}, {"warm": True}, {"red": True}, {"painful": True}, {"bigger": True}],
    ids=["new", "warm", "red", "painful", "bigger"],
)
def test_clot_ruled_out_never_lifts_a_changed_swelling(change: dict[str, Any]):
    swelling = {"code": "swelling", "site": "calf", "side": "left", "onset": "longstanding"}
    plan = plan_for(findings=[{**swelling, **change}], clearances=["clot_ruled_out"])
    assert not plan.proceed and plan.refer == "same_day" and plan.fired("R03")


def test_a_site_request_is_granted_granted_with_limits_or_declined():
    plan = plan_for(
        findings=[
            f("open_wound", site="knee", side="left"),
            f("weakness", site="forearm", side="right", mrc=2),
        ],
        requests=["knee:left", "forearm:right", "upper_back", "knee"],
    )
    answers = {r.code: r for r in plan.requests}
    assert not answers["knee:left"].granted and "R11" in answers["knee:left"].why
    assert answers["forearm:right"].granted
    assert "pressure at most 2" in answers["forearm:right"].why
    assert answers["upper_back"].granted and answers["upper_back"].why.startswith("Fine")
    assert answers["knee"].granted and "not at knee:left" in answers["knee"].why


def test_a_site_request_in_a_postponed_plan_is_declined():
    plan = plan_for(temperature_c=39.0, requests=["calf"])
    assert not plan.requests[0].granted and "postponed" in plan.requests[0].why


# --- found by the clinical second reading of the 1.1 rules -----------------------------


@pytest.mark.parametrize(
    "extra",
    [{"findings": [f("choking")]}, {"devices": [{"code": "cough_assist"}]}],
    ids=["choking", "cough_assist"],
)
def test_fever_with_a_weak_swallow_or_cough_is_reported_the_same_day(extra: dict[str, Any]):
    findings = [f("fever"), *extra.get("findings", [])]
    plan = plan_for(findings=findings, devices=extra.get("devices", []))
    assert not plan.proceed and plan.refer == "same_day" and plan.fired("R01b")


def test_no_heat_pack_anywhere_with_a_patch_on():
    plan = plan_for(
        devices=[{"code": "medication_patch", "site": "upper_back", "side": "left"}],
        requests=["heat_pack"],
    )
    assert "heat_pack" in plan.excluded_techniques and not plan.requests[0].granted


def test_a_one_sided_leg_swelling_with_pitting_unrecorded_postpones():
    plan = plan_for(findings=[f("swelling", site="ankle", side="left", onset="longstanding")])
    assert not plan.proceed and plan.fired("R03")


def test_a_clot_letter_lifts_an_unchanged_swelling_of_one_arm():
    swelling = f("swelling", site="forearm", side="left", onset="longstanding")
    assert "forearm:left" in plan_for(findings=[swelling]).avoid_sites
    plan = plan_for(findings=[swelling], clearances=["clot_ruled_out"])
    assert plan.proceed and not plan.fired("R32b") and plan.fired("R03c")
    assert "forearm:left" not in plan.avoid_sites


def test_weight_loss_in_a_chair_bound_wheelchair_user_is_high_risk():
    assert plan_for(findings=[f("weight_loss")], devices=[{"code": "wheelchair"}]).fired("R13")
    walker = plan_for(
        findings=[f("weight_loss")], devices=[{"code": "wheelchair"}], alsfrs_r={"walking": 4}
    )
    assert not walker.fired("R13")


def test_stiff_areas_get_moderate_pressure_at_most():
    plan = plan_for(findings=[f("stiffness", site="knee", side="right")])
    assert any(s.site == "knee:right" and s.max_pressure == 3 for s in plan.site_limits)


def test_a_growing_swelling_of_the_belly_is_reported_not_taken_for_a_clot():
    plan = plan_for(findings=[f("swelling", site="abdomen", onset="longstanding", bigger=True)])
    assert plan.proceed and not plan.fired("R03") and plan.fired("R32")
    assert plan.refer == "same_day" and "abdomen" in plan.avoid_sites
