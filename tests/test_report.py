"""One plan structure behind the text report and the HTML view: the same words in both."""

from __future__ import annotations

from html import unescape

import pytest

from alsedu import load_bank, screen
from alsedu.report import DECISION_SIGNS, plan_html, plan_sections, render_plan

CASES = ["case-jon", "case-anil", "case-elif", "case-carmen"]


@pytest.mark.parametrize("case_id", CASES)
def test_text_and_html_carry_every_line_of_the_sections(case_id: str):
    case = load_bank().cases[case_id].case
    plan = screen(case)
    text, html = render_plan(plan, case), unescape(plan_html(plan, case))
    for section in plan_sections(plan, case):
        assert section.title in text and section.title in html
        for entry in section.entries:
            assert entry.text in text and entry.text in html
            for detail in entry.details:
                assert detail in text and detail in html


def test_the_decision_is_told_in_words_not_colour_alone():
    plan = screen(load_bank().cases["case-jon"].case)
    html = plan_html(plan)
    assert f"<strong>{DECISION_SIGNS['postpone']}</strong> POSTPONE: no massage today" in html
    assert 'role="status"' in html


def test_html_escapes_what_it_shows():
    plan = screen({"id": "<script>x</script>"})
    assert "<script>" not in plan_html(plan) and "&lt;script&gt;" in plan_html(plan)


def test_empty_lists_are_left_out():
    keys = [s.key for s in plan_sections(screen({"id": "x"}))]
    assert "avoid_sites" not in keys and "requests" not in keys and "rules" in keys
