"""Combining fired rules: postponement ends the plan, sites unite, the strictest limit wins."""

from __future__ import annotations

from alsedu.screening import normalise_sites

from .conftest import finding as f
from .conftest import plan_for


def test_postponement_ends_the_plan():
    plan = plan_for(temperature_c=38.5, findings=[f("open_wound", site="hand")], requests=["prom"])
    assert not plan.proceed and plan.decision == "postpone"
    assert plan.max_pressure is None and plan.max_session_minutes is None
    assert plan.avoid_sites == [] and plan.indicated_techniques == [] and plan.site_limits == []
    assert plan.avoid_margin_cm is None
    assert "record_and_report" in plan.must_do
    assert [r.granted for r in plan.requests] == [False]


def test_postponed_plan_lists_only_rules_that_end_it_or_refer():
    plan = plan_for(
        temperature_c=38.5, findings=[f("spasticity", site="knee", side="left", mas="3")]
    )
    assert {h.id for h in plan.rules} == {"R01", "R18"}


def test_emergency_is_the_strongest_referral():
    plan = plan_for(findings=[f("fainting"), f("fever")])
    assert plan.emergency and plan.refer == "emergency" and plan.decision == "emergency"


def test_avoided_sites_unite_and_site_limits_on_them_drop():
    plan = plan_for(
        findings=[
            f("open_wound", site="hand", side="left"),
            f("atrophy", site="hand", side="left"),
            f("skin_infection", site="foot", side="right"),
        ]  # fmt: skip
    )
    assert plan.avoid_sites == ["hand:left", "foot:right"]
    assert all(limit.site != "hand:left" for limit in plan.site_limits)


def test_lowest_pressure_cap_and_shortest_session_win():
    plan = plan_for(
        medications=[{"name": "baclofen"}, {"name": "warfarin"}],
        findings=[f("fatigue")],
        alsfrs_r={"respiratory_insufficiency": 1},
    )
    assert plan.max_pressure == 2 and plan.max_session_minutes == 20


def test_indicated_never_contains_an_excluded_technique():
    plan = plan_for(
        findings=[f("cramps", site="calf", side="left")], medications=[{"name": "heparin"}]
    )
    assert not set(plan.indicated_techniques) & set(plan.excluded_techniques)


def test_lists_come_in_the_contract_order():
    plan = plan_for(findings=[f("neck_weakness"), f("falls")], alsfrs_r={"orthopnea": 1})
    assert plan.excluded_positions == ["prone", "supine_flat", "table_transfer"]


def test_site_normalisation():
    assert normalise_sites(["calf:left", "calf:right"]) == ["calf:both"]
    assert normalise_sites(["hand:left", "hand"]) == ["hand"]
    assert normalise_sites(["foot:both", "foot:left", "head"]) == ["head", "foot:both"]


def test_granted_requests_are_answered_but_not_recommended():
    plan = plan_for(requests=["tools_cupping", "prone"])
    assert "tools_cupping" not in plan.indicated_techniques
    assert [(r.code, r.granted) for r in plan.requests] == [
        ("tools_cupping", True),
        ("prone", True),
    ]


def test_declined_request_names_the_rule():
    plan = plan_for(requests=["deep_tissue"])
    assert not plan.requests[0].granted
    assert plan.requests[0].why == (
        "Declined: Forceful techniques are left out for every client with ALS (R00b)."
    )


def test_adapt_versus_proceed_summary():
    assert plan_for().decision == "proceed" and plan_for().avoid_margin_cm is None
    assert plan_for(findings=[f("neck_weakness")]).decision == "adapt"


def test_plan_json_has_every_contract_key():
    keys = set(plan_for().model_dump())
    contract = {
        "case_id", "proceed", "emergency", "refer", "avoid_sites", "max_pressure",
        "site_limits", "excluded_techniques", "indicated_techniques", "excluded_positions",
        "max_session_minutes", "must_do", "rules",
    }  # fmt: skip
    assert contract <= keys
    rule_keys = set(plan_for().model_dump()["rules"][0])
    assert {"id", "title", "decision", "why", "sources"} <= rule_keys


def test_request_limited_at_some_sites_is_granted_with_the_exception():
    plan = plan_for(requests=["heat_pack"], findings=[f("numbness", site="foot", side="both")])
    (answer,) = plan.requests
    assert answer.granted
    assert answer.why == "Yes, but not at foot:both (No heat on numb skin, R33c)."


def test_requests_in_an_emergency_say_so():
    plan = plan_for(requests=["prom"], findings=[f("chest_pain")])
    assert plan.requests[0].why == "No massage: this is an emergency."
