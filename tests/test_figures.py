"""The course figures: each is a Chart with alt text, and each shows what its data says."""

from __future__ import annotations

from html import escape
from io import BytesIO

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle
from PIL import Image

from alsedu import Case, load_bank, screen
from alsedu.codes import SITES
from alsedu.figures.alsfrs_profile import GROUPS, alsfrs_profile
from alsedu.figures.body_map import (
    REGION_KEYS,
    STYLES,
    _placed,
    _redrawn,
    _touch,
    _view_regions,
    body_map,
    marks,
    site_states,
)
from alsedu.figures.body_shapes import VIEWS, regions
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


def test_chart_fitting_its_canvas_is_drawn_once_and_trimmed():
    """A figure with a 1 in square in the middle of a 3 in by 2 in white canvas, at 50 dpi."""
    figure = Figure(figsize=(3, 2), dpi=72)
    figure.add_artist(Rectangle((1 / 3, 1 / 4), 1 / 3, 1 / 2, color="#0B5C91", lw=0))
    image = Image.open(BytesIO(Chart(figure, "a square", "", fits_canvas=True).png(dpi=50)))
    assert image.mode == "RGB" and image.size == (50 + 2 * 5, 50 + 2 * 5)  # 0.1 in kept round
    assert image.getpixel((30, 30)) == (0x0B, 0x5C, 0x91) and image.getpixel((1, 1)) == (255,) * 3
    assert image.info["dpi"] == pytest.approx((50, 50), abs=0.1)
    assert figure.dpi == 72
    figure.patch.set_alpha(0)  # a see-through canvas keeps its alpha channel
    see_through = Image.open(BytesIO(Chart(figure, "a square", "", fits_canvas=True).png(50)))
    assert see_through.mode == "RGBA" and see_through.getpixel((1, 1))[3] == 0


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


def test_marked_halves_are_hatched_and_labelled(bank):
    """Over the drawn-once backdrop, each map hatches its marked halves and labels its marks."""
    plan = plan_of(bank, "case-ahmed")  # right calf avoided, left calf limited
    states = site_states(plan)
    figure = body_map(plan).figure
    patches = [patch for patch in figure.artists if isinstance(patch, Polygon)]
    marked = [region for region in regions() if states[region.key] != "fine"]
    assert {region.site for region in marked} == {"calf"}
    for region in marked:  # its one patch, found where the region is drawn on its view
        where = _placed(figure, region.view).transform(region.points)
        (patch,) = [
            p
            for p in patches
            if len(p.get_verts()) == len(where) + 1  # closed: first again
            and np.allclose(p.get_verts()[:-1], where)
        ]
        style = STYLES[states[region.key]]
        assert patch.get_hatch() == style.hatch
        assert patch.get_facecolor()[:3] == pytest.approx(to_rgb(style.fill))
    texts = {text.get_text() for text in figure.texts}
    assert {mark.text for mark in marks(plan)} <= texts
    assert "left calf:\npressure\u00a0≤\u00a02" in texts and "right calf:\nno massage" in texts
    image = Image.open(BytesIO(body_map(plan).png(dpi=TEST_DPI)))
    assert image.size[0] <= 11 * TEST_DPI and image.size[1] <= 7.4 * TEST_DPI


@pytest.mark.parametrize("case_id", ["case-anil", "case-ahmed", "case-celia", "case-elena"])
def test_what_covers_what_is_kept_over_the_backdrop(bank, case_id):
    """Every marked half is drawn again, and so is every later half that may overlap one."""
    states = site_states(plan_of(bank, case_id))
    for view in VIEWS:
        redrawn = _redrawn(view, states)
        order = _view_regions(view)
        assert {r for r in order if states[r.key] != "fine"} <= set(redrawn)
        for region in redrawn:
            later = order[order.index(region) + 1 :]
            assert {r for r in later if _touch(r, region)} <= set(redrawn)


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
