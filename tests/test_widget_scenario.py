"""The case scenario: the story first (no ids, no engine-only codes), a question, then the plan."""

from __future__ import annotations

import re
import time
from html import unescape

import ipywidgets as widgets
import pytest

from alsedu import load_bank, screen
from alsedu.labels import DECISION_LABELS, REFER_LABELS
from alsedu.report import DECISION_SIGNS
from alsedu.widgets.scenario import (
    DECISION_CHOICES,
    CaseScenario,
    decision_feedback,
    intake_lines,
    scenario,
    story_html,
)

BANK = load_bank()
ABBR = re.compile(r'<abbr (?=[^>]*tabindex="0")(?=[^>]*title="[^"]+")')


def _visible(html: str) -> str:
    """The text a reader sees: tags (and so the glossary's title attributes) removed."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def jon() -> CaseScenario:
    return scenario("case-jon")


@pytest.mark.parametrize("case_id", list(BANK.cases))
def test_the_story_never_names_the_case_id_or_an_engine_only_code(case_id: str):
    case_file = BANK.cases[case_id]
    html = story_html(case_file, BANK.glossary)
    assert case_file.title in unescape(html)
    assert case_id not in html
    for code in case_file.engine_only:
        assert code not in html
        assert code.replace("_", " ") not in _visible(html).lower()


def test_the_intake_facts_are_in_words():
    lines = dict(intake_lines(BANK.cases["case-anil"]))
    assert lines["ALS began in"] == "a limb"
    assert "mask ventilator (NIV)" in lines["Devices"]
    assert "feeding tube (gastrostomy), placed 180 days ago" in lines["Devices"]
    assert "face down (prone)" in lines["Asks for today"]
    assert "left calf [calf:left]" in dict(intake_lines(BANK.cases["case-jon"]))["Noticed today"]


def test_glossary_terms_are_explained_on_hover_and_focus():
    html = story_html(BANK.cases["case-jon"], BANK.glossary)
    assert ABBR.search(html)
    assert "What the intake form records" in html
    assert "What the intake form records" not in story_html(
        BANK.cases["case-jon"], BANK.glossary, intake=False
    )


def test_the_decision_choices_are_the_plans_four_in_words():
    assert set(DECISION_CHOICES) == set(DECISION_LABELS) == set(DECISION_SIGNS)


def test_nothing_before_the_answer_gives_it_away(jon: CaseScenario):
    before = "".join(child.value for child in jon.children if isinstance(child, widgets.HTML))
    assert "case-jon" not in before and "R03" not in before and "POSTPONE" not in before
    assert jon.result.value == ""


def test_the_plan_button_waits_for_a_decision():
    view = scenario("case-jon")
    assert view.show.disabled
    view.refer.value = "same_day"
    assert view.show.disabled
    view.decision.value = "postpone"
    assert not view.show.disabled


def test_choosing_and_clicking_shows_feedback_the_plan_and_the_body_map():
    view = scenario("case-jon")
    view.decision.value = "adapt"
    view.refer.value = "same_day"
    started = time.perf_counter()
    view.show.click()
    assert time.perf_counter() - started < 0.05  # seconds: a change answers at once
    html = unescape(view.result.value)
    assert "Decision: ✗ differs." in html and "Referral: ✓ matches." in html
    assert "more cautious than your choice" in html
    assert "POSTPONE: no massage today" in html
    r03 = next(hit for hit in view.plan.rules if hit.id == "R03")
    assert f"[R03] {r03.title}" in html
    assert f"sources: {', '.join(r03.sources)}" in html
    assert "Signs that could be a clot stop all massage (R03)" in html  # the feedback's why
    image = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
    assert image and image.group(1).strip()
    assert view.decision.disabled and view.refer.disabled and view.show.disabled


def test_feedback_says_when_the_student_matched():
    plan = screen(BANK.cases["case-jon"].case)
    html = unescape(decision_feedback(plan, "postpone", "same_day"))
    assert "You matched the plan's decision and its referral." in html
    assert "Decision: ✓ matches." in html and "Referral: ✓ matches." in html
    assert 'role="status"' in html


def test_feedback_without_a_referral_and_on_a_plan_that_needs_none():
    plan = screen(BANK.cases["case-jon"].case)
    assert "You did not choose a referral." in unescape(decision_feedback(plan, "postpone", None))
    carmen = screen(BANK.cases["case-carmen"].case)
    html = unescape(decision_feedback(carmen, "adapt", "routine"))
    assert "Your referral is more urgent than the plan's." in html
    assert "Nothing in this case calls for a referral today." in html
    assert REFER_LABELS["none"] in html


def test_a_go_ahead_plan_says_nothing_calls_for_more():
    plan = screen({"id": "t"})
    assert plan.decision == "proceed"
    html = unescape(decision_feedback(plan, "postpone", "none"))
    assert "less cautious than your choice" in html
    assert "nothing calls for more" in html


def test_unknown_answers_name_the_allowed_ones():
    plan = screen(BANK.cases["case-jon"].case)
    with pytest.raises(ValueError, match="allowed: proceed, adapt, postpone, emergency"):
        decision_feedback(plan, "wait", None)
    with pytest.raises(ValueError, match="allowed: none, routine"):
        decision_feedback(plan, "postpone", "urgent")


def test_an_unknown_case_id_suggests_the_close_one():
    with pytest.raises(KeyError, match="did you mean 'case-jon'"):
        scenario("case-jno")


def test_every_control_has_a_description(jon: CaseScenario):
    for control in (jon.decision, jon.refer, jon.show):
        assert control.description.strip()
    assert all(label.strip() for label, _ in jon.decision.options)
    assert all(label.strip() for label, _ in jon.refer.options)
