"""Bad case input: each class of mistake gets one clear line naming the key and allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from alsedu import Case, CaseError, load_case


def problems(data: object) -> list[str]:
    with pytest.raises(CaseError) as info:
        Case.from_data(data, file="case.yaml")
    return [str(p) for p in info.value.problems]


def test_unknown_finding_code_lists_the_allowed_codes():
    (line,) = problems({"id": "x", "findings": [{"code": "fevr"}]})
    assert line.startswith("case.yaml: findings.0.code:")
    assert "'fevr'" in line and "'fever'" in line and "'swelling'" in line


def test_unknown_site_lists_the_sites():
    (line,) = problems({"id": "x", "findings": [{"code": "pain", "site": "knees"}]})
    assert "findings.0.site" in line and "'knee'" in line and "'knees'" in line


def test_out_of_range_score_names_the_limit():
    (line,) = problems({"id": "x", "alsfrs_r": {"speech": 7}})
    assert line == "case.yaml: alsfrs_r.speech: Input should be less than or equal to 4 (got 7)"


def test_out_of_range_mitos_and_temperature():
    lines = problems({"id": "x", "mitos_stage": 5, "temperature_c": 50})
    assert [line.split(":")[1].strip() for line in lines] == ["mitos_stage", "temperature_c"]


def test_wrong_type_is_named():
    (line,) = problems({"id": "x", "age": "forty"})
    assert line == "case.yaml: age: Input should be a valid integer (got 'forty')"


def test_a_boolean_is_not_a_stage():
    (line,) = problems({"id": "x", "kings_stage": True})
    assert "kings_stage" in line and "'2A'" in line


def test_a_bare_number_stage_is_read_as_its_code():
    assert Case.from_data({"id": "x", "kings_stage": 3}).kings_stage == "3"
    assert (
        Case.from_data({"id": "x", "findings": [{"code": "spasticity", "mas": 2}]}).findings[0].mas
        == "2"
    )


def test_missing_required_id():
    assert problems({"title": "no id"}) == ["case.yaml: id: required key is missing"]


def test_unknown_key_lists_the_allowed_keys():
    (line,) = problems({"id": "x", "temprature": 37})
    assert "unknown key 'temprature'" in line and "temperature_c" in line


def test_attribute_a_finding_does_not_take():
    (line,) = problems({"id": "x", "findings": [{"code": "fever", "site": "calf"}]})
    assert (
        line
        == "case.yaml: findings.0: finding 'fever' does not take 'site'; allowed: no attributes"
    )


def test_unknown_medication_lists_the_known_names():
    (line,) = problems({"id": "x", "medications": [{"name": "Riluzole"}]})
    assert "medications.0.name" in line and "'riluzole'" in line


def test_unknown_device_history_clearance_and_request():
    lines = problems(
        {
            "id": "x",
            "devices": [{"code": "peg"}],
            "history": ["stroke"],
            "clearances": ["ok"],
            "requests": ["reiki"],
        }  # fmt: skip
    )
    keys = [line.split(": ")[1] for line in lines]
    assert keys == ["devices.0.code", "history.0", "clearances.0", "requests.0"]
    assert "'gastrostomy'" in lines[0] and "'prone'" in lines[3]


def test_every_problem_is_reported_at_once():
    assert len(problems({"id": "x", "age": -1, "onset": "arm", "alsfrs_r": {"walking": 9}})) == 3


def test_not_a_mapping():
    assert problems(["id", "x"]) == ["case.yaml: expected a mapping of case keys, got list"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.yaml", "", "empty.yaml: the file is empty"),
        ("blank.json", "  \n", "blank.json: the file is empty"),
        ("broken.yaml", "id: [x\n", "broken.yaml: line 2: not valid YAML"),
        ("broken.json", '{"id": ', "broken.json: line 1: not valid JSON"),
        ("null.yaml", "~\n", "null.yaml: the file is empty"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, text: str, message: str):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(CaseError) as info:
        load_case(path)
    assert str(info.value).replace(f"{tmp_path}/", "").startswith(message)


def test_missing_file(tmp_path: Path):
    with pytest.raises(CaseError, match="no such file"):
        load_case(tmp_path / "nope.yaml")


def test_a_bank_file_is_read_through_its_case_block(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text("narrative: x\ncase:\n  id: c\n  findings: [{code: bogus}]\n")
    with pytest.raises(CaseError, match=r"case\.findings\.0\.code"):
        load_case(path)
