"""The command line as a user runs it: exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "alsedu" / "content" / "cases"
ALSEDU = Path(sys.executable).parent / "alsedu"

pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ALSEDU), *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_screen_prints_a_readable_plan_decision_first():
    result = run("screen", str(CASES / "case-jon.yaml"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == "POSTPONE: no massage today"
    assert "same day" in lines[3]
    assert "[R03]" in result.stdout and "sources: CI6, S52" in result.stdout


def test_screen_adapted_plan_lists_sites_limits_positions_and_steps():
    out = run("screen", str(CASES / "case-anil.yaml")).stdout
    for text in (
        "GO AHEAD, ADAPTED",
        "Do not massage these sites (keep 10 cm clear around each, a teaching default):",
        "  - abdomen\n",
        "  - front of the neck [neck_front]",
        "Walton level 3 (teaching default)",
        "Session length: at most 20 minutes (teaching default)",
        "Positions to avoid:",
        "face down (prone)",
        "Must do:",
        "keep the breathing machine on hand",
        "getting onto a massage table: no. Declined: Cannot transfer alone",
        "(avoid a site; no referral)",
    ):
        assert text in out


def test_screen_json_has_the_contract_keys(tmp_path: Path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"id": "j1", "temperature_c": 38.4}))
    result = run("screen", str(case), "--json")
    plan = json.loads(result.stdout)
    assert result.returncode == 0
    assert plan["case_id"] == "j1" and plan["proceed"] is False and plan["refer"] == "soon"
    assert plan["max_pressure"] is None and plan["rules"][0]["id"] == "R01"


def test_python_dash_m_works_too():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "alsedu",
            "screen",
            str(CASES / "case-marcus.yaml"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["proceed"] is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: x\nfindings: [{code: fevr}]\n",
            "findings.0.code: unknown value 'fevr'; did you mean 'fever'? allowed: 'fever',",
        ),
        ("id: x\nfindings: [{code: bogus}]\n", "findings.0.code: Input should be 'fever'"),
        ("id: x\nage: 300\n", "age: Input should be less than or equal to 120 (got 300)"),
        ("title: no id\n", "id: required key is missing"),
        ("", "the file is empty"),
        ("id: [x\n", "not valid YAML"),
    ],
)
def test_bad_input_gives_one_line_per_problem_and_exit_2(tmp_path: Path, text: str, message: str):
    case = tmp_path / "bad.yaml"
    case.write_text(text)
    result = run("screen", str(case))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("alsedu screen: ")


def test_missing_file_exit_2(tmp_path: Path):
    result = run("screen", str(tmp_path / "none.yaml"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("screen").returncode == 2


def test_check_is_clean_and_ends_with_the_summary():
    result = run("check")
    assert result.returncode == 0
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("alsedu check: clean.") and last.endswith("seed bullets covered: 30/30")


def test_check_reports_each_problem_with_file_key_and_exit_1(tmp_path: Path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "alsedu" / "content", content)
    case = content / "cases" / "case-grace.yaml"
    case.write_text(case.read_text().replace("temperature_c: 38.4", "temperature_c: hot"))
    result = run("check", "--content", str(content))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "content/cases/case-grace.yaml: case.temperature_c: "
        "Input should be a valid number (got 'hot')"
    )
    # the broken case can no longer be referred to: the question that uses it says so too
    assert any("unknown case 'case-grace'" in line for line in lines[1:])
    assert f"{len(lines)} problem(s) found" in result.stderr


def test_check_a_clean_draft_copy(tmp_path: Path):
    import shutil

    shutil.copytree(ROOT / "alsedu" / "content", tmp_path / "content")
    result = run("check", "--content", str(tmp_path / "content"))
    assert result.returncode == 0 and "seed bullets covered: 30/30" in result.stdout


def test_check_a_draft_with_a_broken_rule_names_file_and_key(tmp_path: Path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "alsedu" / "content", content)
    rules = content / "rules" / "40-medications.yaml"
    rules.write_text(rules.read_text().replace("decision: modify", "decision: bogus", 1))
    result = run("check", "--content", str(content))
    assert result.returncode == 1
    assert result.stdout.startswith(
        "content/rules/40-medications.yaml: rules.0.effects.decision: Input should be"
    )
    assert "(got 'bogus')" in result.stdout.splitlines()[0]
