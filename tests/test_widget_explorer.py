"""The case explorer: the pure core on plain dicts, and the widget shell driven headless."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from typing import Any, get_args

import ipywidgets as widgets
import pytest

from alsedu import load_bank
from alsedu.codes import (
    ALSFRS_ITEMS,
    DEVICES,
    FINDING_CODES,
    MEDICATIONS,
    ClearanceCode,
    HistoryCode,
    KingsStage,
    MasGrade,
    PressureInjuryStage,
    SwellingOnset,
)
from alsedu.widgets.explorer import (
    ALSFRS_LABELS,
    CLEARANCE_LABELS,
    DEVICE_LABELS,
    FINDING_LABELS,
    HISTORY_LABELS,
    KINGS_LABELS,
    MAS_LABELS,
    PRESSURE_STAGE_LABELS,
    SWELLING_ONSET_LABELS,
    CaseExplorer,
    add_finding,
    explorer,
    medication_label,
    remove_finding,
    set_field,
    state_from_case,
    view,
)

GO_AHEAD = "GO AHEAD"
CALF_CLOT = {"code": "swelling", "site": "calf", "side": "left", "warm": True}
UPDATE_MS = 50  # issue 9: a widget answers a change in under 50 ms in-process


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture
def marcus(bank) -> CaseExplorer:
    return CaseExplorer(bank, "case-marcus")


def _decision(html: str) -> str:
    """The decision line of a plan's HTML."""
    start = html.index('class="alsedu-decision')
    return html[start : html.index("</p>", start)]


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# ---------------------------------------------------------------- the pure core


def test_bank_case_goes_ahead_and_a_warm_calf_swelling_postpones(bank):
    state = state_from_case(bank.cases["case-marcus"])
    before = view(state)
    assert before.error is None and GO_AHEAD in _decision(before.plan_html)
    swollen = add_finding(state, CALF_CLOT)
    after = view(swollen, before)
    assert "POSTPONE" in _decision(after.plan_html)
    assert "Referral: same day" in after.plan_html and "[R03]" in after.plan_html
    back = view(remove_finding(swollen, len(swollen["findings"]) - 1), after)
    assert back.plan_html == before.plan_html


def test_state_changes_return_copies(bank):
    state = state_from_case(bank.cases["case-marcus"])
    count = len(state["findings"])
    add_finding(state, CALF_CLOT)
    set_field(state, "alsfrs_r.walking", 1)
    assert len(state["findings"]) == count and state["alsfrs_r"]["walking"] == 4
    assert "temperature_c" not in set_field(state, "temperature_c", None)
    assert add_finding({}, {"code": "fever", "site": None}) == {"findings": [{"code": "fever"}]}


def test_blank_client_gets_the_baseline_plan():
    shown = view(state_from_case(None))
    assert shown.error is None
    assert "GO AHEAD: a full, gentle session suits today" in shown.plan_html


def test_a_fever_postpones_and_a_bad_value_keeps_the_last_plan():
    state = set_field(state_from_case(None), "temperature_c", 39)
    fever = view(state)
    assert "POSTPONE" in _decision(fever.plan_html)
    bad = view(set_field(state, "temperature_c", 60), fever)
    assert bad.error == "Temperature (°C): Input should be less than or equal to 45 (got 60)"
    assert bad.plan_html == fever.plan_html and not bad.updated
    assert bad.body_map_html == fever.body_map_html


def test_an_attribute_out_of_range_names_the_finding_in_words():
    state = add_finding(state_from_case(None), {"code": "weakness", "site": "hand", "mrc": 7})
    shown = view(state)
    assert shown.error == (
        "finding 1 (weakness, hand), strength (MRC 0 to 5): "
        "Input should be less than or equal to 5 (got 7)"
    )
    assert shown.plan_html == "" and "\n" not in shown.error


def test_every_code_has_a_plain_label():
    assert set(FINDING_LABELS) == set(FINDING_CODES)
    assert set(DEVICE_LABELS) == set(DEVICES)
    assert set(HISTORY_LABELS) == set(get_args(HistoryCode))
    assert set(CLEARANCE_LABELS) == set(get_args(ClearanceCode))
    assert set(ALSFRS_LABELS) == set(ALSFRS_ITEMS)
    assert set(KINGS_LABELS) == set(get_args(KingsStage))
    assert set(MAS_LABELS) == set(get_args(MasGrade))
    assert set(PRESSURE_STAGE_LABELS) == set(get_args(PressureInjuryStage))
    assert set(SWELLING_ONSET_LABELS) == set(get_args(SwellingOnset))
    assert all("_" not in medication_label(name) for name in MEDICATIONS)


# ---------------------------------------------------------------- the widget shell


def _add_calf_swelling(explorer: CaseExplorer) -> None:
    form = explorer.findings_form
    form.code.value = "swelling"
    form.attributes["site"].value = "calf"
    form.attributes["side"].value = "left"
    form.attributes["warm"].value = "yes"
    form.add.click()


def test_adding_and_removing_a_swelling_through_the_controls(marcus):
    assert GO_AHEAD in _decision(marcus.output.value)
    _add_calf_swelling(marcus)
    assert "POSTPONE" in _decision(marcus.output.value)
    assert "same day" in marcus.output.value and "[R03]" in marcus.output.value
    assert "NO MASSAGE" in marcus.map.value or "<img" in marcus.map.value
    remove = {b.description: b for b in marcus.findings_list.buttons}
    assert "Remove swelling, left calf" in remove
    remove["Remove swelling, left calf"].click()
    assert GO_AHEAD in _decision(marcus.output.value)
    assert len(marcus.findings_list.buttons) == len(marcus.state["findings"]) == 6


def test_the_finding_form_shows_only_the_attributes_a_code_takes(marcus):
    form = marcus.findings_form

    def shown() -> set[str]:
        return {k for k, c in form.attributes.items() if _box(c).layout.display != "none"}

    form.code.value = "swelling"
    assert shown() == {"site", "side", "onset", "warm", "red", "painful", "pitting", "bigger"}
    for code, attributes in {
        "pressure_injury": {"site", "side", "stage"},
        "weakness": {"site", "side", "mrc", "onset"},
        "speech_impaired": {"onset"},
        "spasticity": {"site", "side", "mas"},
        "osteoporosis": {"severity"},
        "recent_surgery": {"site", "side", "days_ago"},
        "fever": set(),
    }.items():
        form.code.value = code
        assert shown() == attributes, code


def _box(control: Any) -> widgets.Widget:
    return getattr(control, "box", control)


def test_a_temperature_of_39_postpones_and_60_shows_one_line(marcus):
    assert not marcus.temperature.unknown.value and not marcus.temperature.number.disabled
    marcus.temperature.number.value = 39
    assert "POSTPONE" in _decision(marcus.output.value)
    fever_plan = marcus.output.value
    marcus.temperature.number.value = 60
    shown = marcus.output.value
    assert "PLAN NOT UPDATED" in shown and "NOT UPDATED: the last plan" in shown
    assert "<li>Temperature (°C): Input should be less than or equal to 45 (got 60.0)</li>" in shown
    assert "Traceback" not in shown and "alsedu" not in shown.replace("alsedu-", "")
    assert _decision(fever_plan) in shown and "NOT UPDATED" in marcus.map.value
    marcus.temperature.unknown.value = True
    assert GO_AHEAD in _decision(marcus.output.value) and "NOT UPDATED" not in marcus.output.value


def test_an_mrc_out_of_range_through_the_form(marcus):
    form = marcus.findings_form
    form.code.value = "weakness"
    form.attributes["site"].value = "thigh"
    form.attributes["mrc"].unknown.value = False
    form.attributes["mrc"].number.value = 7
    form.add.click()
    assert "finding 7 (weakness, thigh), strength (MRC 0 to 5)" in marcus.output.value
    marcus.findings_list.buttons[-1].click()
    assert "NOT UPDATED" not in marcus.output.value


def test_a_port_on_the_right_chest_avoids_that_site(bank):
    blank = CaseExplorer(bank)
    form = blank.devices_form
    form.code.value = "port"
    form.attributes["site"].value = "chest"
    form.attributes["side"].value = "right"
    form.add.click()
    assert blank.state["devices"] == [{"code": "port", "site": "chest", "side": "right"}]
    assert "<li>right chest [chest:right]</li>" in blank.output.value
    assert "right chest" in blank.map.value  # the map's text alternative names it


def test_choosing_a_blank_client_gives_the_baseline_plan(marcus):
    _add_calf_swelling(marcus)
    marcus.start.value = ""
    assert marcus.state == {"id": "blank-client", "title": "A blank client"}
    assert "GO AHEAD: a full, gentle session" in marcus.output.value
    assert marcus.temperature.unknown.value and marcus.temperature.number.disabled
    assert marcus.alsfrs["walking"].value == ""
    assert len(marcus.findings_list.buttons) == 0


def test_other_lists_and_scores_feed_the_case(bank):
    shell = CaseExplorer(bank)
    shell.medications_form.code.value = "warfarin"
    shell.medications_form.add.click()
    shell.requests_form.code.value = "calf"
    shell.requests_form.attributes["side"].value = "left"
    shell.requests_form.add.click()
    shell.history["fragility_fracture"].value = True
    shell.alsfrs["walking"].value = 1
    shell.kings.value = "4B"
    assert shell.state["medications"] == [{"name": "warfarin"}]
    assert shell.state["requests"] == ["calf:left"]
    assert shell.state["history"] == ["fragility_fracture"]
    assert shell.state["alsfrs_r"] == {"walking": 1} and shell.state["kings_stage"] == "4B"
    assert "left calf [calf:left]: yes" in shell.output.value


def test_the_case_menu_names_no_ids_and_every_control_has_a_name(marcus):
    assert all("case-" not in label for label in marcus.start._options_labels)
    for widget in _walk(marcus):
        if isinstance(widget, widgets.Button | widgets.Dropdown | widgets.Checkbox):
            assert widget.description.strip(), widget
        if isinstance(widget, widgets.IntText | widgets.FloatText):
            assert widget.description.strip(), widget


def test_notebook_helper_starts_from_a_case():
    assert explorer("case-marcus").start.value == "case-marcus"


def test_one_update_is_fast(marcus):
    """Setting a value re-screens and re-renders plan and map; a new map costs more."""
    values = [39.0, 36.5, 39.5, 37.0, 38.5]
    marcus.temperature.number.value = 39.0  # draws the postponed map once
    timings = []
    for value in values:
        start = time.perf_counter()
        marcus.temperature.number.value = value
        timings.append((time.perf_counter() - start) * 1000)
        assert marcus.output.value and marcus.map.value.startswith("<figure")
    assert statistics.median(timings) < UPDATE_MS, timings
