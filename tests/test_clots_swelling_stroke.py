"""Issue 15's corrections to the engine, each with the rule and sources it rests on.

- A clot in the past is not a clot being treated (R04, R04c; brief R04 and 6.1; S34-S36, S73).
- Long-standing swelling of both hands is dependent oedema, like both feet (R31e; S20, S18).
- A sudden change with a new one-sided weakness, or a new face or speech change, is an
  emergency written with contract codes alone (R05c; brief R02; S5, S39).
"""

from __future__ import annotations

import pytest

from alsedu import CaseError, render_plan
from alsedu.settings import teaching_default

from .conftest import finding as f
from .conftest import plan_for

LEG_SIGNS = {"findings": [f("swelling", site="calf", side="left", onset="new", warm=True)]}


# ------------------------------------------------------------------ a past clot (R04, R04c)


@pytest.mark.parametrize(
    "medications",
    [[], [{"name": "apixaban", "days_since_dose": 200}], [{"name": "aspirin"}]],
    ids=["no-medicine", "anticoagulant-stopped", "antiplatelet-only"],
)
def test_a_past_clot_with_no_anticoagulant_in_effect_goes_ahead(medications):
    plan = plan_for(history=["dvt"], medications=medications)
    assert plan.proceed and plan.fired("R04c") and not plan.fired("R04")
    assert {"confirm_clot_resolved", "teach_warning_signs"} <= set(plan.must_do)
    assert "mld" in plan.excluded_techniques
    text = render_plan(plan)
    assert "GO AHEAD" in text and "treated and has cleared" in text


def test_the_session_keeps_its_other_limits():
    plan = plan_for(history=["pulmonary_embolism"], findings=[f("orthopnea")])
    assert plan.proceed and {"prone", "supine_flat"} <= set(plan.excluded_positions)


def test_an_anticoagulant_in_effect_still_reads_as_a_clot_being_treated():
    for dose in ({"name": "rivaroxaban"}, {"name": "warfarin", "days_since_dose": 2}):
        plan = plan_for(history=["dvt"], medications=[dose])
        assert not plan.proceed and plan.fired("R04") and "check_clearance" in plan.must_do


def test_a_clot_recorded_as_current_or_recent_postpones_without_a_medicine_listed():
    window = int(teaching_default("clot_treatment_days"))
    assert not plan_for(history=["dvt"], clot_status="current").proceed
    assert not plan_for(history=["dvt"], clot_days_ago=window).proceed
    assert plan_for(history=["dvt"], clot_days_ago=window + 1).proceed


def test_a_resolved_clot_with_an_anticoagulant_for_another_reason_goes_ahead_gently():
    plan = plan_for(history=["dvt"], clot_status="resolved", medications=[{"name": "apixaban"}])
    assert plan.proceed and plan.fired("R04c") and plan.fired("R25")
    assert plan.max_pressure == teaching_default("pressure_bleeding_risk")


def test_a_past_clot_never_lifts_the_clot_signs_or_the_emergency():
    plan = plan_for(history=["dvt"], **LEG_SIGNS)
    assert not plan.proceed and plan.fired("R03") and plan.refer == "same_day"
    plan = plan_for(history=["dvt"], findings=[f("sudden_breathlessness")])
    assert plan.emergency


def test_a_clot_field_without_a_clot_on_the_history_is_one_line():
    with pytest.raises(CaseError) as error:
        plan_for(clot_status="resolved")
    assert str(error.value).count("\n") == 0
    assert "clot_status describes a clot" in str(error.value) and "dvt" in str(error.value)


def test_a_clot_status_outside_the_allowed_values_names_them():
    with pytest.raises(CaseError, match="clot_status: .*'current' or 'resolved'"):
        plan_for(history=["dvt"], clot_status="old")


# ------------------------------------------------------------------ swollen hands (R31e, R32b)


@pytest.mark.parametrize("site", ["hand", "forearm", "wrist"])
def test_long_standing_swelling_of_both_hands_is_dependent_oedema(site: str):
    plan = plan_for(
        findings=[f("swelling", site=site, side="both", onset="longstanding", pitting=True)],
        requests=[f"{site}:both"],
    )
    assert plan.proceed and plan.fired("R31e") and not plan.fired("R32b")
    assert plan.refer == "routine" and not plan.avoid_sites
    limit = next(s for s in plan.site_limits if s.site == f"{site}:both")
    assert limit.max_pressure == 2 and "heat_pack" in limit.exclude
    assert {"elevate_arms", "skin_check"} <= set(plan.must_do)
    assert "mld" in plan.excluded_techniques  # no lymph drainage without clearance
    assert plan.requests[0].granted


def test_both_hands_like_both_feet_with_clot_ruled_out_too():
    swelling = f("swelling", site="hand", side="both", onset="longstanding")
    plan = plan_for(findings=[swelling], clearances=["clot_ruled_out"])
    assert plan.fired("R31e") and not plan.avoid_sites


def test_cleared_lymph_drainage_is_offered_for_both_arms():
    swelling = f("swelling", site="forearm", side="both", onset="longstanding")
    plan = plan_for(findings=[swelling], clearances=["mld_cleared"])
    assert "mld" in plan.indicated_techniques


@pytest.mark.parametrize("side", ["left", None])
def test_one_arm_or_an_unrecorded_side_is_avoided_and_reported(side):
    swelling = f("swelling", site="forearm", onset="longstanding")
    if side:
        swelling["side"] = side
    plan = plan_for(findings=[swelling], requests=[f"forearm:{side}" if side else "forearm"])
    assert plan.fired("R32b") and plan.refer == "soon" and not plan.fired("R31e")
    assert not plan.requests[0].granted


@pytest.mark.parametrize("flag", ["warm", "red", "painful", "bigger"])
def test_a_changed_swelling_of_both_hands_is_a_new_suspicion(flag: str):
    swelling = f("swelling", site="hand", side="both", onset="longstanding", **{flag: True})
    plan = plan_for(findings=[swelling])
    assert not plan.fired("R31e") and plan.refer in {"same_day", "emergency"}


def test_swollen_hands_with_breathlessness_lying_flat_are_left_alone():
    swelling = f("swelling", site="hand", side="both", onset="longstanding")
    plan = plan_for(findings=[swelling, f("orthopnea")])
    assert not plan.fired("R31e") and plan.fired("R32c") and plan.refer == "same_day"


# ------------------------------------------------------------------ a possible stroke (R05c)


@pytest.mark.parametrize(
    "change",
    [
        f("weakness", site="upper_arm", side="left", onset="new"),
        f("weakness", site="face", onset="new"),
        f("speech_impaired", onset="new"),
        f("weakness", site="hand", side="right", onset="unknown"),
    ],
    ids=["one-arm", "face", "speech", "onset-unknown"],
)
def test_a_sudden_change_with_a_new_stroke_like_sign_is_an_emergency(change):
    plan = plan_for(findings=[f("sudden_neuro_change"), change], medications=[{"name": "apixaban"}])
    assert plan.emergency and plan.refer == "emergency" and plan.fired("R05c")
    assert "call_emergency_services" in plan.must_do
    text = render_plan(plan)
    assert text.splitlines()[2].startswith("EMERGENCY") and "same day" not in text.split("Why")[0]


def test_a_sudden_change_beside_a_long_standing_weakness_stays_a_same_day_postponement():
    for weakness in (
        f("weakness", site="upper_arm", side="left", onset="longstanding"),
        f("weakness", site="upper_arm", side="left"),  # no onset: long-standing
    ):
        plan = plan_for(findings=[f("sudden_neuro_change"), weakness])
        assert not plan.proceed and not plan.emergency and plan.refer == "same_day"


def test_a_new_weakness_alone_is_not_an_emergency():
    plan = plan_for(findings=[f("weakness", site="hand", side="left", onset="new", mrc=3)])
    assert plan.proceed and not plan.fired("R05c")


def test_a_ventilator_user_with_stroke_like_signs_keeps_the_machine_on_hand():
    plan = plan_for(
        findings=[f("sudden_neuro_change"), f("speech_impaired", onset="new")],
        devices=[{"code": "niv"}],
    )
    assert plan.emergency and "niv_within_reach" in plan.must_do


def test_the_stroke_signs_code_still_works():
    assert plan_for(findings=[f("stroke_signs")]).emergency


# ------------------------------------------------------------ from the clinical second reading


def test_a_clearance_letter_never_makes_a_past_clot_stricter():
    plan = plan_for(history=["dvt"], clot_status="resolved", clearances=["clot_treated_cleared"])
    assert plan.fired("R04c") and not plan.fired("R04b") and plan.max_pressure == 4


def test_confirming_a_past_clot_comes_before_the_session():
    text = render_plan(plan_for(history=["dvt"]))
    assert "before you start, confirm" in text and "if nobody can, no session" in text


@pytest.mark.parametrize("sudden", ["hallucinations", "neck_stiffness", "severe_headache"])
def test_every_sudden_change_with_a_new_arm_weakness_is_an_emergency(sudden: str):
    weakness = f("weakness", site="forearm", onset="new")  # no side recorded
    plan = plan_for(findings=[f(sudden), weakness])
    assert plan.emergency and plan.fired("R05c")


def test_swollen_arms_beside_a_port_wait_for_the_team():
    swelling = f("swelling", site="hand", side="both", onset="longstanding")
    plan = plan_for(findings=[swelling], devices=[{"code": "port", "site": "chest"}])
    assert not plan.fired("R31e") and plan.fired("R32b") and "hand:both" in plan.avoid_sites
