"""The condition language: one test per construct, and errors for forms it does not allow."""

from __future__ import annotations

import pytest

from alsedu import Case
from alsedu.screening.conditions import (
    ConditionError,
    compile_condition,
    derived_mitos,
    mitos_stage,
)


def case(**data: object) -> Case:
    return Case.from_data({"id": "c", **data})


def holds(condition: dict, **data: object) -> bool:
    return compile_condition(condition)(case(**data)) is not None


SWOLLEN = {"findings": [{"code": "swelling", "site": "calf", "side": "left", "onset": "new"}]}


def test_finding_by_code_and_attribute():
    assert holds({"finding": {"code": "swelling", "side": ["left", "right"]}}, **SWOLLEN)
    assert not holds({"finding": {"code": "swelling", "side": "both"}}, **SWOLLEN)


def test_null_in_a_list_matches_a_missing_attribute():
    data = {"findings": [{"code": "swelling"}]}
    assert holds({"finding": {"code": "swelling", "onset": ["new", None]}}, **data)
    assert not holds({"finding": {"code": "swelling", "onset": "new"}}, **data)


def test_at_most_comparison_never_matches_a_missing_number():
    weak = {"findings": [{"code": "weakness", "mrc": 2}, {"code": "weakness"}]}
    match = compile_condition({"finding": {"code": "weakness", "mrc_at_most": 2}})(case(**weak))
    assert match is not None and len(match.findings) == 1


def test_alsfrs_item_at_most():
    assert holds({"alsfrs": {"item": "orthopnea", "at_most": 2}}, alsfrs_r={"orthopnea": 2})
    assert not holds({"alsfrs": {"item": "orthopnea", "at_most": 2}}, alsfrs_r={"orthopnea": 3})
    assert not holds({"alsfrs": {"item": "orthopnea", "at_most": 2}})


def test_temperature_uses_the_named_teaching_default():
    assert holds({"temperature_at_least": "fever_line_c"}, temperature_c=38.0)
    assert not holds({"temperature_at_least": "fever_line_c"}, temperature_c=37.9)


def test_device_placed_within_a_window():
    cond = {"device": {"code": "gastrostomy", "placed_within": "new_stoma_days"}}
    assert holds(cond, devices=[{"code": "gastrostomy", "days_since_placement": 3}])
    assert not holds(cond, devices=[{"code": "gastrostomy", "days_since_placement": 60}])
    assert not holds(cond, devices=[{"code": "gastrostomy"}])


def test_medication_by_class_and_dose_window():
    assert holds({"medication": {"class": "anticoagulant"}}, medications=[{"name": "apixaban"}])
    window = {"medication": {"name": "tofersen", "dose_within": "tofersen_window_days"}}
    assert holds(window, medications=[{"name": "tofersen"}]), "an unknown date counts as recent"
    assert not holds(window, medications=[{"name": "tofersen", "days_since_dose": 20}])


def test_membership_conditions():
    assert holds({"history": ["dvt", "pulmonary_embolism"]}, history=["pulmonary_embolism"])
    assert holds({"cleared": "heart_cleared"}, clearances=["heart_cleared"])
    assert holds({"onset": "bulbar"}, onset="bulbar")
    assert holds({"kings_stage": ["4A", "4B"]}, kings_stage="4B")
    assert holds({"requested": ["heat_pack"]}, requests=["heat_pack"])
    assert not holds({"onset": "bulbar"})


def test_all_any_not():
    fever = {"temperature_at_least": "fever_line_c"}
    bulbar = {"onset": "bulbar"}
    assert holds({"all": [fever, bulbar]}, temperature_c=39, onset="bulbar")
    assert not holds({"all": [fever, bulbar]}, temperature_c=39)
    assert holds({"any": [fever, bulbar]}, onset="bulbar")
    assert holds({"not": fever}, temperature_c=36.5)


def test_any_collects_the_findings_of_every_branch_that_holds():
    data = {
        "findings": [{"code": "open_wound", "site": "hand"}, {"code": "bruising", "site": "foot"}]
    }
    cond = {"any": [{"finding": {"code": "open_wound"}}, {"finding": {"code": "bruising"}}]}
    assert len(compile_condition(cond)(case(**data)).findings) == 2


def test_mitos_is_derived_from_alsfrs_with_the_original_and_rule():
    only_speech = case(alsfrs_r={"speech": 1, "handwriting": 3})
    assert derived_mitos(only_speech) == 0, "communicating needs speech AND handwriting lost (S24)"
    four = case(
        alsfrs_r={"walking": 0, "swallowing": 1, "speech": 0, "handwriting": 1, "dyspnea": 1}
    )
    assert derived_mitos(four) == 4
    assert derived_mitos(case()) is None
    assert mitos_stage(case(mitos_stage=1, alsfrs_r={"walking": 1, "swallowing": 0})) == 2


def test_mitos_and_braden_thresholds():
    assert holds({"mitos_at_least": 3}, mitos_stage=3)
    assert holds({"mitos_at_most": 0}, mitos_stage=0)
    assert holds({"braden_at_most": "braden_high_risk"}, braden=12)
    assert not holds({"braden_at_most": "braden_high_risk"}, braden=13)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"fever": True}, "unknown condition 'fever'"),
        ({"any": [], "all": []}, "exactly one key"),
        ({"finding": {"code": "fevr"}}, "unknown finding code 'fevr'"),
        ({"finding": {"code": "fever", "site": "calf"}}, "does not fit codes"),
        ({"alsfrs": {"item": "smell", "at_most": 1}}, "'alsfrs' needs item"),
        ({"temperature_at_least": "fever"}, "unknown teaching default 'fever'"),
        ({"history": ["stroke"]}, "unknown history 'stroke'"),
        ({"medication": {"class": "vitamins"}}, "unknown medication name or class 'vitamins'"),
        ({"always": False}, "'always' takes the value true"),
    ],
)
def test_forms_the_language_rejects(condition: dict, message: str):
    with pytest.raises(ConditionError, match=message):
        compile_condition(condition)


def test_needed_codes():
    from alsedu.screening.conditions import needed_codes

    assert needed_codes({"finding": {"code": ["fever", "acute_illness"]}}) == {
        "fever",
        "acute_illness",
    }
    assert needed_codes({"any": [{"finding": {"code": "fever"}}, {"onset": "bulbar"}]}) is None
    both = {
        "all": [{"finding": {"code": "orthopnea"}}, {"finding": {"code": ["swelling", "pain"]}}]
    }
    assert needed_codes(both) == {"orthopnea"}
    assert needed_codes({"not": {"finding": {"code": "fever"}}}) is None


def test_the_prefilter_never_skips_a_rule_that_would_fire():
    """Every rule that holds for a bank or golden case has one of its needed codes present."""
    from pathlib import Path

    from alsedu import load_bank, load_case, load_rules

    golden = Path(__file__).parent / "golden"
    cases = [c.case for c in load_bank().cases.values()] + [
        load_case(p) for p in golden.glob("*.yaml")
    ]
    checked = 0
    for c in cases:
        for rule in load_rules():
            if rule.needs is not None and rule.condition(c) is not None:
                assert not rule.needs.isdisjoint(c.findings_by_code), (rule.rule.id, c.id)
                checked += 1
    assert checked > 100
