"""The course figures: each is a Chart with alt text, and each shows what its data says."""

from __future__ import annotations

from html import escape

import pytest
from matplotlib.figure import Figure

from alsedu import Case, load_bank, screen
from alsedu.codes import SITES
from alsedu.figures.alsfrs_profile import GROUPS, alsfrs_profile
from alsedu.figures.body_map import REGION_KEYS, body_map, marks, site_states
from alsedu.figures.body_shapes import regions
from alsedu.figures.chart import Chart
from alsedu.figures.disease_course import CITED, disease_course
from alsedu.figures.pressure_scale import LEVELS, pressure_scale

TEST_DPI = 30  # enough to prove a PNG is made; keeps the file fast


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def plan_of(bank, case_id):
    return screen(bank.cases[case_id].case)


def assert_accessible(chart: Chart) -> None:
    assert isinstance(chart, Chart)
    assert chart.alt.strip() and chart.caption.strip()
    html = chart.html(dpi=TEST_DPI)
    assert html.startswith("<figure") and "<figcaption>" in html
    assert '<img src="data:image/png;base64,' in html
    assert f'alt="{escape(chart.alt)}"' in html
    assert html.count("<img") == 1


def test_chart_escapes_alt_and_caption():
    figure = Figure(figsize=(1, 1), dpi=TEST_DPI)
    odd = Chart(figure, 'a "quoted" <alt> & more', "caption <b>not bold</b>")
    html = odd.html(dpi=TEST_DPI)
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt; &amp; more"' in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert odd.png(dpi=TEST_DPI).startswith(b"\x89PNG")
    assert odd._repr_html_().count("<img") == 1


def test_every_contract_site_is_drawn_on_both_sides():
    drawn = {region.key for region in regions()}
    assert drawn == set(REGION_KEYS)
    assert {key.partition(":")[0] for key in drawn} == set(SITES)
    front = {r.site for r in regions() if r.view == "front"}
    back = {r.site for r in regions() if r.view == "back"}
    assert {"face", "chest", "abdomen", "neck_front"} <= front - back
    assert {"neck_back", "upper_back", "low_back", "sacrum", "buttock", "heel"} <= back - front


def test_sides_mirror_between_views():
    """Front: the client's right is on the viewer's left; back: the other way round."""
    for region in regions():
        if region.site == "hand":
            x = region.centre[0]
            on_viewer_left = x < 0
            client_right = region.key.endswith(":right")
            assert on_viewer_left == (client_right if region.view == "front" else not client_right)


def test_postponed_plan_marks_every_site(bank):
    plan = plan_of(bank, "case-jon")
    assert not plan.proceed
    assert set(site_states(plan).values()) == {"avoid"}
    chart = body_map(plan)
    assert_accessible(chart)
    assert "no massage today" in chart.alt.lower()
    assert marks(plan) == []


def test_avoided_site_on_one_side(bank):
    plan = plan_of(bank, "case-celia")
    assert "chest:right" in plan.avoid_sites
    states = site_states(plan)
    assert states["chest:right"] == "avoid"
    assert states["chest:left"] == "fine"
    assert states["calf:left"] == states["calf:right"] == "avoid"  # "calf:both"
    avoided = {key for key, state in states.items() if state == "avoid"}
    assert avoided == {"chest:right", "calf:left", "calf:right"}
    chart = body_map(plan)
    assert_accessible(chart)
    assert "right chest" in chart.alt


def test_site_limits_and_avoid_together(bank):
    plan = plan_of(bank, "case-ahmed")  # right calf avoided, both calves capped at 2
    states = site_states(plan)
    assert states["calf:right"] == "avoid"
    assert states["calf:left"] == "limit"
    labels = {m.name: m for m in marks(plan)}
    assert labels["left calf"].says == "pressure\u00a0≤\u00a02"
    assert labels["right calf"].says == "no massage"
    assert "left calf (pressure at most 2)" in body_map(plan).alt


def test_midline_and_technique_limits(bank):
    plan = plan_of(bank, "case-anil")
    states = site_states(plan)
    assert states["neck_front:left"] == states["neck_front:right"] == "avoid"
    assert states["chest:left"] == "limit" and states["face:right"] == "limit"
    assert states["thigh:left"] == "fine"
    said = {m.name: m.says for m in marks(plan)}
    assert said["face"] == "no heat packs"
    chart = body_map(plan)
    assert_accessible(chart)
    assert "Walton level 3" in chart.caption and "20 minutes" in chart.caption


def test_blank_client_is_all_fine():
    plan = screen({"id": "blank"})
    assert set(site_states(plan).values()) == {"fine"}
    assert_accessible(body_map(plan))


def test_pressure_scale_marks_levels_above_the_cap(bank):
    plan = plan_of(bank, "case-anil")
    chart = pressure_scale(plan)
    assert_accessible(chart)
    assert "cap is level 3" in chart.alt and "4, 5 not today" in chart.alt
    texts = [t.get_text() for ax in chart.figure.axes for t in ax.texts]
    assert texts.count("NOT TODAY") == 2
    assert [t.get_text() for t in pressure_scale(cap=2).figure.axes[0].texts].count(
        "NOT TODAY"
    ) == 3
    assert "NOT TODAY" not in [t.get_text() for t in pressure_scale().figure.axes[0].texts]
    postponed = pressure_scale(plan_of(bank, "case-jon"))
    assert [t.get_text() for t in postponed.figure.axes[0].texts].count("NOT TODAY") == len(LEVELS)
    with pytest.raises(ValueError, match="allowed: 1, 2, 3, 4, 5"):
        pressure_scale(cap=6)


def test_disease_course_uses_the_bank(bank):
    assert set(CITED) <= set(bank.teaching)
    chart = disease_course(bank)
    assert_accessible(chart)
    for stage in ("1", "2A", "2B", "3", "4A", "4B"):
        assert f"Stage {stage}" in chart.alt
    assert bank.glossary["kings-staging"].meaning in chart.caption


def test_alsfrs_profile_tells_unrecorded_from_zero(bank):
    case = bank.cases["case-anil"].case  # handwriting 0, salivation not recorded
    assert case.alsfrs_r.handwriting == 0 and case.alsfrs_r.salivation is None
    chart = alsfrs_profile(case)
    assert_accessible(chart)
    assert "handwriting 0 of 4" in chart.alt
    assert "not recorded: saliva control" in chart.alt
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert texts.count("not recorded") == 5
    assert texts.count("0 of 4") == 2
    assert sum(len(items) for items in GROUPS.values()) == 12
    blank = alsfrs_profile(Case(id="blank"))
    assert [t.get_text() for t in blank.figure.axes[0].texts].count("not recorded") == 12
