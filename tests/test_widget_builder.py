"""The plan builder: every part scored against the engine's plan, every difference explained."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from html import unescape

import ipywidgets as widgets
import pytest

from alsedu import load_bank, screen
from alsedu.codes import SITES
from alsedu.labels import site_label
from alsedu.widgets.builder import (
    SITE_GROUPS,
    BuilderAnswer,
    PartScore,
    PlanBuilder,
    compare,
    comparison_html,
    plan_builder,
    summary_line,
)
from alsedu.widgets.scenario import CaseScenario

BANK = load_bank()


def _setup(case_id: str) -> tuple:
    case = BANK.cases[case_id].case
    plan = screen(case)
    return case, plan, BuilderAnswer.from_plan(plan)


def _part(parts: list[PartScore], name: str) -> PartScore:
    return next(p for p in parts if p.name == name)


def _rule_ids(part: PartScore) -> set[str]:
    return {hit.id for hit in part.rules}


@pytest.mark.parametrize("case_id", list(BANK.cases))
def test_a_perfect_answer_scores_every_part(case_id: str):
    case, plan, perfect = _setup(case_id)
    parts = compare(plan, perfect, case)
    assert [p.name for p in parts] == [
        "decision", "refer", "avoid_sites", "max_pressure", "techniques", "positions", "must_do",
    ]  # fmt: skip
    assert all(p.score in {1.0, None} and not p.differences for p in parts)
    scored = sum(p.score is not None for p in parts)
    assert summary_line(parts).startswith(f"{scored} of {scored} ")


def test_the_bank_case_is_found_when_no_case_is_given():
    _, plan, perfect = _setup("case-elena")
    assert all(p.matches for p in compare(plan, perfect))


@pytest.mark.parametrize(
    ("case_id", "site", "rule"),
    [("case-elena", "heel:right", "R12"), ("case-elena", "sacrum", "R11"),
     ("case-anil", "neck_front", "R30"), ("case-anil", "abdomen", "R29")],
)  # fmt: skip
def test_a_missed_avoided_site_names_the_rule_that_avoids_it(case_id: str, site: str, rule: str):
    case, plan, perfect = _setup(case_id)
    answer = dataclasses.replace(
        perfect, avoid_sites=tuple(s for s in plan.avoid_sites if s != site)
    )
    part = _part(compare(plan, answer, case), "avoid_sites")
    assert 0 < part.score < 1
    (difference,) = part.differences
    assert difference.text == f"The plan avoids the {site_label(site)}; you did not."
    assert rule in {hit.id for hit in difference.rules}
    assert f"({rule})" in unescape(comparison_html([part]))


def test_only_the_missing_side_of_a_site_is_reported():
    case, plan, perfect = _setup("case-celia")
    assert "calf:both" in plan.avoid_sites
    answer = dataclasses.replace(perfect, avoid_sites=("chest:right", "calf:left"))
    (difference,) = _part(compare(plan, answer, case), "avoid_sites").differences
    assert "[calf:right]" in difference.text and "R25b" in {h.id for h in difference.rules}


def test_too_high_a_pressure_names_the_rule_that_caps_it():
    case, plan, perfect = _setup("case-elena")
    part = _part(compare(plan, dataclasses.replace(perfect, max_pressure=4), case), "max_pressure")
    assert part.score == 0 and part.said == "Walton level 4" and part.plan_says == "Walton level 3"
    assert "R23" in _rule_ids(part)


def test_a_technique_left_in_names_the_rule_that_excludes_it():
    case, plan, perfect = _setup("case-anil")
    kept = tuple(t for t in plan.excluded_techniques if t != "abdominal_massage")
    part = _part(
        compare(plan, dataclasses.replace(perfect, excluded_techniques=kept), case), "techniques"
    )
    (difference,) = part.differences
    assert "abdominal massage" in difference.text and "R29" in _rule_ids(part)


def test_a_position_and_a_step_left_out_name_their_rules():
    case, plan, perfect = _setup("case-elena")
    answer = dataclasses.replace(
        perfect,
        excluded_positions=tuple(p for p in plan.excluded_positions if p != "table_transfer"),
        must_do=tuple(a for a in plan.must_do if a != "caregiver_present"),
    )
    parts = compare(plan, answer, case)
    assert "R38" in _rule_ids(_part(parts, "positions"))
    assert "R38" in _rule_ids(_part(parts, "must_do"))


def test_over_restricting_is_a_difference_too():
    case, plan, perfect = _setup("case-elena")
    answer = dataclasses.replace(
        perfect,
        avoid_sites=(*plan.avoid_sites, "calf:left"),
        max_pressure=2,
        excluded_techniques=(*plan.excluded_techniques, "mld", "swedish_gentle"),
        excluded_positions=(*plan.excluded_positions, "side_lying"),
        must_do=(*plan.must_do, "elevate_legs"),
    )
    parts = compare(plan, answer, case)
    assert summary_line(parts) == "2 of 7 parts match."
    (site,) = _part(parts, "avoid_sites").differences
    assert "nothing in this plan restricts it" in site.text and site.rules == ()
    (pressure,) = _part(parts, "max_pressure").differences
    assert "nothing in this plan caps it that low everywhere" in pressure.text
    swedish, mld = _part(parts, "techniques").differences
    assert "nothing in this plan rules it out" in mld.text and mld.rules == ()
    assert "the plan recommends it today" in swedish.text
    assert {h.id for h in swedish.rules} == {"R00"}
    (side,) = _part(parts, "positions").differences
    assert "nothing in this plan asks for that" in side.text
    (legs,) = _part(parts, "must_do").differences
    assert "nothing in this plan asks for that" in legs.text


def test_avoiding_a_site_the_plan_only_limits_names_the_limit_and_its_rule():
    case, plan, perfect = _setup("case-ahmed")
    answer = dataclasses.replace(perfect, avoid_sites=(*plan.avoid_sites, "calf:left"))
    (difference,) = _part(compare(plan, answer, case), "avoid_sites").differences
    assert "within a stricter limit" in difference.text and "pressure at most 2" in difference.text
    assert difference.rules


def test_a_postponed_plan_does_not_score_the_session_parts():
    case, plan, perfect = _setup("case-jon")
    answer = dataclasses.replace(
        perfect,
        decision="adapt",
        avoid_sites=("calf:left",),
        max_pressure=2,
        excluded_techniques=("mld",),
    )
    parts = compare(plan, answer, case)
    for name in ("avoid_sites", "max_pressure", "techniques", "positions"):
        part = _part(parts, name)
        assert part.score is None and "postpones today's session" in part.note
    decision = _part(parts, "decision")
    assert decision.score == 0 and {h.id for h in decision.rules} == {"R03"}
    assert summary_line(parts) == (
        "2 of 3 scored parts match; 4 session parts are not scored because there is no "
        "session today."
    )
    html = comparison_html(parts)
    assert (
        "– Not scored: sites to avoid, highest pressure, techniques to leave out, positions" in html
    )
    assert html.count("(R03)") == 2  # named where it decides, explained once at the end


def test_a_stopped_plan_explains_the_step_it_always_adds():
    case, plan, perfect = _setup("case-gwen")  # no rule of this plan lists the step itself
    kept = tuple(a for a in plan.must_do if a != "record_and_report")
    answer = dataclasses.replace(perfect, must_do=kept)
    (difference,) = _part(compare(plan, answer, case), "must_do").differences
    assert "record what you found" in difference.text and difference.rules == ()
    assert difference.text.endswith("Every plan that stops the session asks for it.")


def test_an_emergency_plan_says_so():
    case, plan, perfect = _setup("case-elif")
    assert plan.decision == "emergency"
    assert "emergency" in _part(compare(plan, perfect, case), "positions").note


def test_postponing_a_session_the_plan_adapts_scores_the_missing_session():
    case, plan, _ = _setup("case-elena")
    answer = BuilderAnswer(decision="postpone", refer="same_day")
    parts = compare(plan, answer, case)
    assert "less cautious than your choice" in _part(parts, "decision").differences[0].text
    pressure = _part(parts, "max_pressure")
    assert pressure.score == 0 and pressure.said == "no massage today"
    assert _part(parts, "avoid_sites").score == 0


def test_answers_with_unknown_codes_name_the_allowed_ones():
    with pytest.raises(ValueError, match="did you mean 'prone'"):
        BuilderAnswer(decision="adapt", refer="none", excluded_positions=("prone_",))
    with pytest.raises(ValueError, match="allowed: 'site' or 'site:side'"):
        BuilderAnswer(decision="adapt", refer="none", avoid_sites=("toe",))
    with pytest.raises(ValueError, match="allowed: 1 to 5"):
        BuilderAnswer(decision="adapt", refer="none", max_pressure=6)


def test_the_site_groups_cover_every_site_once():
    grouped = [site for sites in SITE_GROUPS.values() for site in sites]
    assert sorted(grouped) == sorted(SITES)


def _controls(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    for child in getattr(widget, "children", ()):
        yield child
        yield from _controls(child)


def test_every_control_has_a_description():
    view = plan_builder("case-elena")
    controls = [w for w in _controls(view) if isinstance(w, widgets.ValueWidget | widgets.Button)]
    inputs = [w for w in controls if not isinstance(w, widgets.HTML)]
    assert len(inputs) > 70
    assert all(w.description.strip() for w in inputs)


def test_compare_waits_for_a_decision_a_referral_and_a_pressure():
    view = plan_builder("case-elena")
    assert view.compare_button.disabled and "choose a decision" in view.status.value
    view.decision.value = "adapt"
    view.refer.value = "same_day"
    assert view.compare_button.disabled and "the highest pressure" in view.status.value
    view.pressure.value = 3
    assert not view.compare_button.disabled


def test_postponing_in_the_builder_sets_no_massage_and_locks_the_session():
    view = plan_builder("case-jon")
    view.sites["calf:left"].value = True
    view.decision.value = "postpone"
    view.refer.value = "same_day"
    assert view.pressure.value == 0 and view.pressure.disabled
    assert view.sites["calf:left"].disabled and not view.must_do["record_and_report"].disabled
    answer = view.answer()
    assert answer.max_pressure is None and answer.avoid_sites == ()
    view.decision.value = "adapt"
    assert view.pressure.value is None and not view.pressure.disabled


def test_the_builder_compares_what_the_student_ticked():
    view = plan_builder("case-elena")
    plan = view.plan
    view.decision.value = plan.decision
    view.refer.value = plan.refer
    view.pressure.value = plan.max_pressure
    view.sites["sacrum"].value = True
    view.sites["heel:right"].value = True
    for groups, codes in (
        (view.techniques, plan.excluded_techniques),
        (view.positions, plan.excluded_positions),
        (view.must_do, plan.must_do),
    ):
        for code in codes:
            groups[code].value = True
    started = time.perf_counter()
    view.compare_button.click()
    assert time.perf_counter() - started < 0.05  # seconds: a change answers at once
    html = unescape(view.result.value)
    assert "7 of 7 parts match." in html
    assert "The engine's whole plan" in html and "GO AHEAD, ADAPTED" in html
    view.sites["heel:right"].value = False
    view.compare_button.click()
    html = unescape(view.result.value)
    assert "6 of 7 parts match." in html
    assert "Sites to avoid: ✗ partly matches" in html and "(R12)" in html
    assert "The rules behind the differences" in html


def test_an_unknown_case_id_suggests_the_close_one():
    with pytest.raises(KeyError, match="did you mean 'case-elena'"):
        plan_builder("case-elina")


@pytest.mark.parametrize("shell", [PlanBuilder, CaseScenario])
def test_the_shells_shadow_nothing_of_ipywidgets(shell: type):
    """A method named like a Widget internal (``_compare``) breaks the shell in a live kernel."""
    own = {name for name, value in vars(shell).items() if callable(value)} - {"__init__"}
    assert own
    assert not own & set(dir(widgets.VBox))
