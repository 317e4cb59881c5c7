"""One test per rule: a minimal case fires it with its effect, and a near miss does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from alsedu import Plan, load_rules

from .conftest import finding as f
from .conftest import plan_for

Check = Callable[[Plan], bool]

# rule id -> (minimal case, what the plan must show)
FIRES: dict[str, tuple[dict[str, Any], Check]] = {
    "R00b": (
        {"requests": ["joint_mobilisation"]},
        lambda p: "joint_mobilisation" in p.excluded_techniques and not p.requests[0].granted,
    ),
    "R00": (
        {},
        lambda p: p.proceed and p.max_pressure == 4 and "deep_tissue" in p.excluded_techniques,
    ),
    "R01": ({"temperature_c": 38.0}, lambda p: not p.proceed and p.refer == "soon"),
    "R01b": (
        {"findings": [f("fever")], "devices": [{"code": "niv"}]},
        lambda p: not p.proceed and p.refer == "same_day",
    ),
    "R02": (
        {"findings": [f("sudden_neuro_change")]},
        lambda p: not p.proceed and p.refer == "same_day",
    ),
    "R03": (
        {"findings": [f("swelling", site="calf", side="left", onset="new")]},
        lambda p: not p.proceed and not p.emergency and p.refer == "same_day",
    ),
    "R04": (
        {"history": ["dvt"], "medications": [{"name": "apixaban"}]},
        lambda p: not p.proceed and p.refer == "routine" and "check_clearance" in p.must_do,
    ),
    "R04c": (
        {"history": ["dvt"]},
        lambda p: (
            p.proceed
            and {"confirm_clot_resolved", "teach_warning_signs"} <= set(p.must_do)
            and "mld" in p.excluded_techniques
        ),
    ),
    "R04b": (
        {
            "history": ["dvt"],
            "clearances": ["clot_treated_cleared"],
            "medications": [{"name": "apixaban"}],
        },
        lambda p: p.proceed and p.max_pressure == 2 and "mld" in p.excluded_techniques,
    ),
    "R05": (
        {"findings": [f("chest_pain")]},
        lambda p: (
            p.emergency
            and not p.proceed
            and p.refer == "emergency"
            and "call_emergency_services" in p.must_do
        ),
    ),
    "R06": (
        {"findings": [f("morning_headache")]},
        lambda p: (
            p.proceed
            and p.refer == "soon"
            and p.max_session_minutes == 30
            and {"prone", "supine_flat"} <= set(p.excluded_positions)
        ),
    ),
    "R06b": (
        {"alsfrs_r": {"dyspnea": 2}},
        lambda p: "supine_flat" in p.excluded_positions and p.refer == "none",
    ),
    "R07": (
        {"alsfrs_r": {"orthopnea": 2}},
        lambda p: {"prone", "supine_flat"} <= set(p.excluded_positions),
    ),
    "R08": ({"devices": [{"code": "niv"}]}, lambda p: "niv_within_reach" in p.must_do),
    "R08b": (
        {"alsfrs_r": {"respiratory_insufficiency": 1}},
        lambda p: p.max_session_minutes == 20 and "caregiver_present" in p.must_do,
    ),
    "R09": (
        {"devices": [{"code": "tracheostomy"}]},
        lambda p: "neck_front" in p.avoid_sites and "caregiver_present" in p.must_do,
    ),
    "R10": (
        {"history": ["heart_failure"]},
        lambda p: (
            p.proceed
            and {"circulatory_massage", "mld"} <= set(p.excluded_techniques)
            and p.refer == "routine"
        ),
    ),
    "R10b": (
        {"findings": [f("swelling", site="ankle", side="both", onset="new"), f("orthopnea")]},
        lambda p: not p.proceed and p.refer == "same_day",
    ),
    "R11": (
        {"findings": [f("pressure_injury", site="sacrum", stage="3")]},
        lambda p: p.proceed and "sacrum" in p.avoid_sites and p.avoid_margin_cm == 10,
    ),
    "R11b": (
        {"findings": [f("pressure_injury", site="sacrum", stage="2")]},
        lambda p: {"supine_flat", "semi_reclined"} <= set(p.excluded_positions),
    ),
    "R12": (
        {"findings": [f("non_blanching_redness", site="heel", side="right")]},
        lambda p: p.proceed and "heel:right" in p.avoid_sites and p.refer == "same_day",
    ),
    "R13": ({"braden": 12}, lambda p: "skin_check" in p.must_do),
    "R14": (
        {"findings": [f("skin_infection", site="forearm", side="left")]},
        lambda p: p.proceed and "forearm:left" in p.avoid_sites and p.refer == "soon",
    ),
    "R15": (
        {"findings": [f("recent_surgery", site="knee", side="right", days_ago=5)]},
        lambda p: "knee:right" in p.avoid_sites,
    ),
    "R15b": (
        {"findings": [f("recent_surgery", site="abdomen", days_ago=5)]},
        lambda p: "prone" in p.excluded_positions and "abdominal_massage" in p.excluded_techniques,
    ),
    "R15c": (
        {"devices": [{"code": "gastrostomy", "days_since_placement": 14}]},
        lambda p: "abdomen" in p.avoid_sites and "check_clearance" in p.must_do,
    ),
    "R16": (
        {"findings": [f("atrophy", site="hand", side="left")]},
        lambda p: any(s.site == "hand:left" and s.max_pressure == 3 for s in p.site_limits),
    ),
    "R16b": ({"findings": [f("weakness", mrc=4)]}, lambda p: p.max_pressure == 3),
    "R17": (
        {"findings": [f("spasticity", site="ankle", side="both", mas="1+")]},
        lambda p: "prom" in p.indicated_techniques and "support_limbs" in p.must_do,
    ),
    "R18": (
        {"findings": [f("spasticity", site="knee", side="left", mas="3")]},
        lambda p: (
            p.refer == "routine"
            and any(
                s.site == "knee:left" and "supported_stretch" in s.exclude for s in p.site_limits
            )
        ),
    ),
    "R19": (
        {"findings": [f("contracture", site="elbow", side="right")]},
        lambda p: any(s.site == "elbow:right" and "prom" in s.exclude for s in p.site_limits),
    ),
    "R20": (
        {"findings": [f("weakness", site="upper_arm", side="left", mrc=2)]},
        lambda p: any(s.site == "upper_arm:left" and s.max_pressure == 2 for s in p.site_limits),
    ),
    "R21": (
        {"findings": [f("shoulder_pain", side="right")]},
        lambda p: (
            p.refer == "routine"
            and any(
                s.site == "shoulder:right" and "supported_stretch" in s.exclude
                for s in p.site_limits
            )
        ),
    ),
    "R22": (
        {"findings": [f("cramps", site="calf", side="left")]},
        lambda p: "stationary_hold" in p.indicated_techniques,
    ),
    "R23": (
        {"findings": [f("osteoporosis", severity="mild")]},
        lambda p: p.max_pressure == 3 and "joint_mobilisation" in p.excluded_techniques,
    ),
    "R23b": (
        {"history": ["fragility_fracture"]},
        lambda p: any(s.site == "upper_back" and s.max_pressure == 2 for s in p.site_limits),
    ),
    "R24": (
        {"findings": [f("neck_weakness")]},
        lambda p: "prone" in p.excluded_positions and "head_supported" in p.must_do,
    ),
    "R25": (
        {"medications": [{"name": "warfarin"}]},
        lambda p: p.max_pressure == 2 and "tools_cupping" in p.excluded_techniques,
    ),
    "R25b": (
        {"findings": [f("bruising", site="thigh", side="left")]},
        lambda p: "thigh:left" in p.avoid_sites,
    ),
    "R25c": ({"findings": [f("bleeding")]}, lambda p: p.proceed and p.refer == "same_day"),
    "R26": (
        {"medications": [{"name": "baclofen"}]},
        lambda p: p.max_pressure == 3 and "sit_up_slowly" in p.must_do,
    ),
    "R26b": ({"findings": [f("lightheaded")]}, lambda p: "sit_up_slowly" in p.must_do),
    "R27": (
        {"medications": [{"name": "tofersen", "days_since_dose": 2}]},
        lambda p: "low_back" in p.avoid_sites,
    ),
    "R28": (
        {"medications": [{"name": "riluzole"}], "findings": [f("sore_throat")]},
        lambda p: not p.proceed and p.refer == "same_day",
    ),
    "R29": (
        {"devices": [{"code": "gastrostomy", "days_since_placement": 200}]},
        lambda p: p.proceed and "abdomen" in p.avoid_sites and "prone" in p.excluded_positions,
    ),
    "R29b": ({"findings": [f("tube_problem")]}, lambda p: not p.proceed and p.refer == "same_day"),
    "R30": (
        {"findings": [f("drooling")]},
        lambda p: "neck_front" in p.avoid_sites and "prone" in p.excluded_positions,
    ),
    "R31": (
        {"findings": [f("swelling", site="ankle", side="both", onset="longstanding")]},
        lambda p: (
            p.proceed
            and "elevate_legs" in p.must_do
            and any(s.site == "ankle:both" and s.max_pressure == 2 for s in p.site_limits)
        ),
    ),
    "R31e": (
        {"findings": [f("swelling", site="hand", side="both", onset="longstanding")]},
        lambda p: (
            p.proceed
            and "elevate_arms" in p.must_do
            and any(s.site == "hand:both" and s.max_pressure == 2 for s in p.site_limits)
            and not p.avoid_sites
        ),
    ),
    "R31b": (
        {"findings": [f("swelling", site="ankle", side="both", onset="longstanding")]},
        lambda p: "mld" in p.excluded_techniques and "check_clearance" not in p.must_do,
    ),
    "R31c": (
        {
            "findings": [f("swelling", site="ankle", side="both", onset="longstanding")],
            "clearances": ["mld_cleared"],
        },
        lambda p: "mld" in p.indicated_techniques,
    ),
    "R32": (
        {"findings": [f("swelling", site="foot", side="both", onset="new")]},
        lambda p: p.proceed and "foot:both" in p.avoid_sites and p.refer == "same_day",
    ),
    "R32b": (
        {"findings": [f("swelling", site="hand", side="left", onset="longstanding")]},
        lambda p: p.proceed and "hand:left" in p.avoid_sites and p.refer == "soon",
    ),
    "R33": (
        {"requests": ["heat_pack"]},
        lambda p: "heat_pack" in p.indicated_techniques and "skin_check" in p.must_do,
    ),
    "R33b": (
        {"requests": ["heat_pack"], "findings": [f("daytime_sleepiness")]},
        lambda p: "heat_pack" in p.excluded_techniques and not p.requests[0].granted,
    ),
    "R33c": (
        {"requests": ["heat_pack"], "findings": [f("numbness", site="foot", side="left")]},
        lambda p: (
            "heat_pack" in p.indicated_techniques
            and any(s.site == "foot:left" and "heat_pack" in s.exclude for s in p.site_limits)
        ),
    ),
    "R34": ({"alsfrs_r": {"speech": 2}}, lambda p: "agree_signals" in p.must_do),
    "R35": ({"findings": [f("pseudobulbar_affect")]}, lambda p: "agree_signals" in p.must_do),
    "R36": (
        {"findings": [f("cognitive_change")]},
        lambda p: p.max_session_minutes == 30 and "caregiver_present" in p.must_do,
    ),
    "R37": ({"kings_stage": "4A"}, lambda p: p.max_session_minutes == 30),
    "R38": (
        {"devices": [{"code": "hoist"}]},
        lambda p: "table_transfer" in p.excluded_positions and "caregiver_present" in p.must_do,
    ),
    "R38b": ({"findings": [f("falls")]}, lambda p: "table_transfer" in p.excluded_positions),
    "R39": ({"kings_stage": "1"}, lambda p: p.proceed and "teach_warning_signs" in p.must_do),
    "R05c": (
        {
            "findings": [
                f("sudden_neuro_change"),
                f("weakness", site="hand", side="left", onset="new"),
            ]
        },
        lambda p: p.emergency and p.refer == "emergency" and "call_emergency_services" in p.must_do,
    ),
    "R05b": (
        {"findings": [f("sudden_breathlessness")], "devices": [{"code": "niv"}]},
        lambda p: p.emergency and {"niv_within_reach", "call_emergency_services"} <= set(p.must_do),
    ),
    "R07b": ({"onset": "trunk"}, lambda p: {"prone", "supine_flat"} <= set(p.excluded_positions)),
    "R11c": (
        {"findings": [f("pressure_injury", site="sacrum", stage="4")]},
        lambda p: p.refer == "same_day" and "offload_pressure_areas" in p.must_do,
    ),
    "R11e": (
        {"findings": [f("non_blanching_redness", site="hip", side="left")]},
        lambda p: p.side_lying_on == "right" and "side_lying" not in p.excluded_positions,
    ),
    "R11d": (
        {"findings": [f("pressure_injury", site="buttock", side="left", stage="2")]},
        lambda p: {"seated", "wheelchair"} <= set(p.excluded_positions),
    ),
    "R18b": (
        {"findings": [f("spasticity", mas="3")]},
        lambda p: "supported_stretch" in p.excluded_techniques and p.refer == "routine",
    ),
    "R19b": ({"findings": [f("contracture")]}, lambda p: "prom" in p.excluded_techniques),
    "R20b": ({"findings": [f("weakness", mrc=1)]}, lambda p: p.max_pressure == 2),
    "R25d": (
        {"findings": [f("bruising", site="calf")], "medications": [{"name": "aspirin"}]},
        lambda p: p.refer == "soon" and "calf" in p.avoid_sites,
    ),
    "R27b": (
        {
            "medications": [{"name": "tofersen", "days_since_dose": 1}],
            "findings": [f("numbness", site="thigh")],
        },
        lambda p: not p.proceed and p.refer == "same_day",
    ),
    "R32c": (
        {
            "findings": [
                f("swelling", site="ankle", side="both", onset="longstanding"),
                f("orthopnea"),
            ]
        },
        lambda p: (
            p.proceed
            and "ankle:both" in p.avoid_sites
            and p.refer == "same_day"
            and "elevate_legs" not in p.must_do
        ),
    ),
    "R32d": (
        {
            "findings": [f("swelling", site="ankle", side="both", onset="longstanding")],
            "history": ["heart_failure"],
        },
        lambda p: (
            "ankle:both" in p.avoid_sites
            and "circulatory_massage" in p.excluded_techniques
            and not p.fired("R31")
        ),
    ),
    "R38c": (
        {"devices": [{"code": "wheelchair"}]},
        lambda p: p.proceed and p.excluded_positions == ["prone", "table_transfer"],
    ),
    "R03c": (
        {
            "findings": [f("swelling", site="calf", side="left", onset="longstanding")],
            "clearances": ["clot_ruled_out"],
        },
        lambda p: (
            p.proceed
            and any(s.site == "calf:left" and s.max_pressure == 2 for s in p.site_limits)
            and "teach_warning_signs" in p.must_do
            and not p.fired("R32b")
        ),
    ),
    "R15d": (
        {"devices": [{"code": "port", "site": "chest", "side": "right"}]},
        lambda p: p.proceed and p.avoid_sites == ["chest:right"] and "protect_lines" in p.must_do,
    ),
    "R15e": (
        {"devices": [{"code": "port"}]},
        lambda p: p.avoid_sites == ["upper_arm:both", "chest"] and "protect_lines" in p.must_do,
    ),
    "R15f": (
        {"devices": [{"code": "urinary_catheter"}]},
        lambda p: p.proceed and p.refer == "none" and "protect_lines" in p.must_do,
    ),
    "R22b": (
        {"findings": [f("stiffness", site="shoulder", side="left")]},
        lambda p: p.proceed and "prom" in p.indicated_techniques and "support_limbs" in p.must_do,
    ),
    "R22c": (
        {"findings": [f("cold_extremities", site="foot", side="both")]},
        lambda p: p.proceed and p.decision == "proceed" and "gliding" in p.indicated_techniques,
    ),
    "R33d": (
        {"devices": [{"code": "medication_patch", "site": "upper_arm", "side": "left"}]},
        lambda p: p.proceed and p.avoid_sites == ["upper_arm:left"],
    ),
    "R33e": (
        {"devices": [{"code": "medication_patch"}], "requests": ["heat_pack"]},
        lambda p: "heat_pack" in p.excluded_techniques and not p.requests[0].granted,
    ),
    "R08c": (
        {"devices": [{"code": "cough_assist"}]},
        lambda p: p.proceed and p.refer == "none" and "supine_flat" in p.excluded_positions,
    ),
    "R41": (
        {"findings": [f("pain", site="neck_back")]},
        lambda p: any(s.site == "neck_back" and s.max_pressure == 2 for s in p.site_limits),
    ),
    "R41b": (
        {"findings": [f("pain", site="calf", side="left")]},
        lambda p: p.proceed and "calf:left" in p.avoid_sites and p.refer == "same_day",
    ),
    "R31d": (
        {"requests": ["mld"]},
        lambda p: "check_clearance" in p.must_do and not p.requests[0].granted,
    ),
}

# (rule id, a case that looks close but must NOT fire it); a rule may have several
NEAR_MISSES: list[tuple[str, dict[str, Any]]] = [
    ("R01", {"temperature_c": 37.9}),
    ("R01b", {"temperature_c": 38.5}),
    ("R03", {"findings": [f("swelling", site="ankle", side="both", onset="longstanding")]}),
    ("R04", {"history": ["fragility_fracture"]}),
    ("R04", {"history": ["dvt"]}),
    ("R04", {"history": ["dvt"], "medications": [{"name": "warfarin", "days_since_dose": 30}]}),
    ("R04c", {"history": ["dvt"], "clot_status": "current"}),
    ("R04b", {"history": ["dvt"], "clearances": ["clot_treated_cleared"]}),
    ("R04c", {"history": ["pulmonary_embolism"], "clot_days_ago": 30}),
    ("R05c", {"findings": [f("sudden_neuro_change"), f("weakness", site="hand", side="left")]}),
    ("R05c", {"findings": [f("weakness", site="hand", side="left", onset="new")]}),
    ("R11e", {"findings": [f("non_blanching_redness", site="sacrum")]}),
    ("R31e", {"findings": [f("swelling", site="hand", side="left", onset="longstanding")]}),
    ("R05", {"alsfrs_r": {"dyspnea": 1}}),
    ("R06", {"alsfrs_r": {"orthopnea": 3}}),
    ("R07", {"alsfrs_r": {"orthopnea": 3}}),
    ("R08", {"alsfrs_r": {"respiratory_insufficiency": 4}}),
    ("R10", {"history": ["heart_failure"], "clearances": ["heart_cleared"]}),
    ("R10b", {"history": ["heart_failure"], "clearances": ["heart_cleared"]}),
    ("R11", {"findings": [f("pressure_injury", site="sacrum", stage="1")]}),
    ("R12", {"findings": [f("pressure_injury", site="sacrum", stage="3")]}),
    ("R13", {"braden": 13, "alsfrs_r": {"turning_in_bed": 2}}),
    ("R15c", {"devices": [{"code": "gastrostomy", "days_since_placement": 15}]}),
    ("R16b", {"findings": [f("weakness", site="hand", side="left", mrc=4)]}),
    ("R17", {"findings": [f("spasticity", site="knee", side="left", mas="3")]}),
    ("R18", {"findings": [f("spasticity", site="knee", side="left", mas="2")]}),
    ("R20", {"findings": [f("weakness", site="hand", side="left", mrc=3)]}),
    ("R23", {"alsfrs_r": {"walking": 2}}),
    ("R23b", {"findings": [f("osteoporosis", severity="mild")]}),
    ("R25", {"medications": [{"name": "edaravone"}]}),
    ("R25", {"medications": [{"name": "warfarin", "days_since_dose": 180}]}),
    ("R25", {"medications": [{"name": "aspirin", "days_since_dose": 11}]}),
    ("R38c", {"devices": [{"code": "wheelchair"}], "alsfrs_r": {"walking": 3}}),
    ("R03c", {"findings": [f("swelling", site="calf", side="left", onset="longstanding")]}),
    ("R15d", {"devices": [{"code": "port"}]}),
    ("R33d", {"devices": [{"code": "medication_patch"}]}),
    ("R26", {"medications": [{"name": "riluzole"}, {"name": "quinine"}]}),
    ("R27", {"medications": [{"name": "tofersen", "days_since_dose": 30}]}),
    ("R28", {"medications": [{"name": "riluzole"}]}),
    ("R29", {"alsfrs_r": {"swallowing": 2}}),
    ("R30", {"alsfrs_r": {"salivation": 3, "swallowing": 4}, "onset": "limb"}),
    (
        "R31",
        {"findings": [f("swelling", site="ankle", side="both", onset="longstanding", warm=True)]},
    ),
    ("R32", {"findings": [f("swelling", site="ankle", side="both", onset="longstanding")]}),
    ("R33", {}),
    ("R34", {"alsfrs_r": {"speech": 3}, "onset": "limb"}),
    ("R37", {"kings_stage": "3", "mitos_stage": 2}),
    ("R38", {"alsfrs_r": {"walking": 2}, "devices": [{"code": "wheelchair"}]}),
    ("R39", {"kings_stage": "2A", "alsfrs_r": {"walking": 1}}),
    ("R39", {"kings_stage": "3", "mitos_stage": 1}),
    ("R03", {"findings": [f("swelling", site="abdomen", onset="new")]}),
    ("R11c", {"findings": [f("pressure_injury", site="sacrum", stage="1")]}),
    ("R11c", {"findings": [f("open_wound", site="calf", side="left")]}),
    ("R03", {"findings": [f("pain", site="calf", side="left")]}),
    ("R41b", {"findings": [f("pain", site="calf", side="both")]}),
    ("R31d", {"requests": ["mld"], "clearances": ["mld_cleared"]}),
    ("R18b", {"findings": [f("spasticity", site="knee", side="left", mas="3")]}),
    ("R21", {"findings": [f("pain", site="shoulder", side="left")]}),
    ("R25d", {"findings": [f("bruising", site="calf")]}),
    ("R27b", {"findings": [f("numbness", site="foot")]}),
    (
        "R31c",
        {
            "findings": [f("swelling", site="hand", side="left", onset="longstanding")],
            "clearances": ["mld_cleared"],
        },
    ),
    ("R32c", {"findings": [f("swelling", site="ankle", side="both", onset="longstanding")]}),
]


def test_every_rule_has_a_firing_case():
    assert set(FIRES) == {r.rule.id for r in load_rules()}


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_rule_fires_with_its_effect(rule_id: str):
    case, check = FIRES[rule_id]
    plan = plan_for(**case)
    assert plan.fired(rule_id), f"{rule_id} did not fire for {case}"
    assert check(plan), f"{rule_id} fired but the plan lacks its effect: {plan.model_dump()}"


@pytest.mark.parametrize(("rule_id", "case"), NEAR_MISSES, ids=[r for r, _ in NEAR_MISSES])
def test_near_miss_does_not_fire(rule_id: str, case: dict[str, Any]):
    assert rule_id in FIRES, f"no such rule {rule_id}"
    assert not plan_for(**case).fired(rule_id)


def test_every_fired_rule_explains_itself_with_seed_and_sources():
    for case, _ in FIRES.values():
        plan = plan_for(**case)
        for hit in plan.rules:
            assert len(hit.why) > 20 and hit.because, hit.id
            assert any(s.startswith("S") and s[1:].isdigit() for s in hit.sources), hit.id
            assert any(not s[1:].isdigit() for s in hit.sources), f"{hit.id} names no seed bullet"
