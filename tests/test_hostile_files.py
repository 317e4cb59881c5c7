"""Hostile and careless files: one clear line, at once, never a traceback or a hang.

Each file is tried twice: through the command line as a user runs it (exit 2, the exact
line on stderr, within a few seconds including interpreter start-up) and through
``read_data_file`` in-process (the same line, within a second). Big files are generated in
``tmp_path``; none is committed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from alsedu import Case, CaseError, ContentError, load_case
from alsedu.bank import content_root
from alsedu.files import read_data_file
from alsedu.limits import INPUT_LIMITS, input_limit

CLI_SECONDS = 5.0  # generous: includes interpreter start-up on a slow machine
READ_SECONDS = 1.0


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _deep_block_yaml(levels: int) -> str:
    keys = "".join(f"{'  ' * i}k{i}:\n" for i in range(levels))
    return f"id: x\n{keys}{'  ' * levels}end\n"


HOSTILE: dict[str, tuple[str, Callable[[], str], str]] = {
    "duplicate key, YAML": (
        "case.yaml",
        lambda: "id: x\ntemperature_c: 36.8\ntemperature_c: 39.2\n",
        "case.yaml: line 3: the key 'temperature_c' appears twice",
    ),
    "duplicate key nested, YAML": (
        "case.yaml",
        lambda: "id: x\nfindings:\n  - code: pain\n    site: calf\n    site: knee\n",
        "case.yaml: line 5: the key 'site' appears twice",
    ),
    "duplicate key, JSON": (
        "case.json",
        lambda: '{"id": "x", "temperature_c": 36.8, "temperature_c": 39.2}',
        "case.json: the key 'temperature_c' appears twice",
    ),
    "duplicate key nested, JSON": (
        "case.json",
        lambda: '{"id": "x", "findings": [{"code": "pain", "site": "calf", "site": "knee"}]}',
        "case.json: the key 'site' appears twice",
    ),
    "JSON 100,000 levels deep": (
        "deep.json",
        lambda: "[" * 100_000 + "]" * 100_000,
        "deep.json: nested too deep (limit: max_depth = 32 levels)",
    ),
    "JSON object 100,000 levels deep": (
        "deep.json",
        lambda: '{"id": "x", "a": ' + '{"b": ' * 100_000 + "1" + "}" * 100_001,
        "deep.json: nested too deep (limit: max_depth = 32 levels)",
    ),
    "YAML 100,000 levels deep": (
        "deep.yaml",
        lambda: "[" * 100_000 + "]" * 100_000,
        "deep.yaml: line 1: nested too deep (limit: max_depth = 32 levels)",
    ),
    "YAML 40 block levels deep": (
        "deep.yaml",
        lambda: _deep_block_yaml(40),
        "deep.yaml: line 34: nested too deep (limit: max_depth = 32 levels)",
    ),
    "YAML alias to itself": (
        "loop.yaml",
        lambda: "id: x\nloop: &loop [*loop]\n",
        "loop.yaml: line 2: nested too deep (limit: max_depth = 32 levels)",
    ),
    "20 MB file": (
        "big.yaml",
        lambda: "id: x\ntitle: " + "a" * (20 * 1024 * 1024) + "\n",
        "big.yaml: the file is too big (limit: max_file_bytes = 1,048,576 bytes)",
    ),
    "alias bomb": (
        "bomb.yaml",
        _billion_laughs,
        "bomb.yaml: too many values once aliases are expanded (limit: max_values = 20,000 values)",
    ),
    "many aliases": (
        "aliases.yaml",
        lambda: "id: &x x\ntitle: [" + ", ".join(["*x"] * 101) + "]\n",
        "aliases.yaml: too many aliases (limit: max_aliases = 100 uses)",
    ),
    "a megabyte of one-character values": (
        "dense.yaml",
        lambda: "{" + ",".join(["a"] * 500_000) + "}",
        "dense.yaml: too many values (limit: max_values = 20,000 values)",
    ),
    "JSON with too many values": (
        "dense.json",
        lambda: json.dumps({"id": "x", "history": ["dvt"] * 30_000}),
        "dense.json: too many values (limit: max_values = 20,000 values)",
    ),
}


def _write(tmp_path: Path, name: str, make: Callable[[], str]) -> Path:
    path = tmp_path / name
    path.write_text(make(), encoding="utf-8")
    return path


def _screen(tmp_path: Path, name: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "alsedu", "screen", name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    return result, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make", "message"), HOSTILE.values(), ids=list(HOSTILE))
def test_the_cli_answers_a_hostile_file_with_one_line_at_once(
    tmp_path: Path, name: str, make: Callable[[], str], message: str
):
    _write(tmp_path, name, make)
    result, seconds = _screen(tmp_path, name)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr == f"alsedu screen: {message}\n"
    assert seconds < CLI_SECONDS


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE.values(), ids=list(HOSTILE))
def test_the_reader_refuses_a_hostile_file_within_a_second(
    tmp_path: Path, name: str, make: Callable[[], str], message: str
):
    path = _write(tmp_path, name, make)
    start = time.perf_counter()
    with pytest.raises(CaseError) as info:
        read_data_file(path)
    assert time.perf_counter() - start < READ_SECONDS
    assert [str(p).replace(f"{tmp_path}/", "") for p in info.value.problems] == [message]


def test_a_content_file_goes_through_the_same_reader(tmp_path: Path):
    path = _write(tmp_path, "rules.yaml", lambda: "rules:\n  - id: R1\n    id: R2\n")
    with pytest.raises(ContentError) as info:
        read_data_file(path, ContentError)
    assert str(info.value) == f"{path}: line 3: the key 'id' appears twice"


@pytest.mark.slow
def test_binary_bytes_and_a_folder_still_get_one_clear_line(tmp_path: Path):
    (tmp_path / "photo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result, _ = _screen(tmp_path, "photo.yaml")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (
        "alsedu screen: photo.yaml: cannot read the file: 'utf-8' codec can't decode byte "
        "0x89 in position 0: invalid start byte\n"
    )
    (tmp_path / "cases").mkdir()
    result, _ = _screen(tmp_path, "cases")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == ("alsedu screen: cases: cannot read the file: this is a folder\n")


def test_yaml_never_runs_code(tmp_path: Path):
    path = _write(tmp_path, "evil.yaml", lambda: "id: !!python/object/apply:os.system [echo]\n")
    with pytest.raises(CaseError, match="not valid YAML: could not determine a constructor"):
        read_data_file(path)


# What stays allowed: anchors within limits, merge keys, brackets inside JSON strings.


def test_anchors_and_merge_keys_within_the_limits_still_work(tmp_path: Path):
    text = (
        "base: &base {code: pain, site: calf}\n"
        "findings: [*base, *base]\n"
        "other:\n  <<: *base\n  site: knee\n"
    )
    data = read_data_file(_write(tmp_path, "ok.yaml", lambda: text))
    assert data["findings"] == [{"code": "pain", "site": "calf"}] * 2
    assert data["other"] == {"code": "pain", "site": "knee"}


def test_brackets_and_quotes_inside_json_strings_are_not_nesting(tmp_path: Path):
    title = "[" * 100 + '\\"{' * 100
    path = _write(tmp_path, "ok.json", lambda: '{"id": "x", "title": "' + title + '"}')
    assert read_data_file(path)["title"] == "[" * 100 + '"{' * 100


def test_the_same_key_in_different_mappings_is_fine(tmp_path: Path):
    text = "id: x\nfindings:\n  - code: pain\n    site: calf\n  - code: pain\n    site: knee\n"
    assert len(read_data_file(_write(tmp_path, "ok.yaml", lambda: text))["findings"]) == 2


def test_every_content_file_is_well_within_the_limits():
    files = [p for p in Path(str(content_root())).rglob("*") if p.suffix in {".yaml", ".json"}]
    assert files
    biggest = max(p.stat().st_size for p in files)
    assert biggest * 4 < input_limit("max_file_bytes")
    for path in files:
        read_data_file(path, ContentError)


def test_the_shared_rule_conditions_still_load_through_their_anchors():
    data = read_data_file(content_root() / "rules" / "50-devices-bulbar-oedema.yaml", ContentError)
    assert "*dependent_oedema" not in json.dumps(data)


def test_limits_are_named_with_unit_and_reason():
    assert set(INPUT_LIMITS) == {"max_file_bytes", "max_depth", "max_aliases", "max_values"}
    for name, limit in INPUT_LIMITS.items():
        assert limit.name == name and limit.value > 0 and limit.unit and len(limit.why) > 40
    assert str(INPUT_LIMITS["max_depth"]) == "max_depth = 32 levels"
    with pytest.raises(KeyError, match="allowed: max_file_bytes"):
        input_limit("max_size")


# Did you mean: the closest allowed values come first, then the full list.


def _problems(data: object) -> list[str]:
    with pytest.raises(CaseError) as info:
        Case.from_data(data, file="case.yaml")
    return [str(p) for p in info.value.problems]


def test_a_mistyped_code_names_the_closest_code_before_the_list():
    (line,) = _problems({"id": "x", "findings": [{"code": "fevr"}]})
    assert line.startswith(
        "case.yaml: findings.0.code: unknown value 'fevr'; did you mean 'fever'? "
        "allowed: 'fever', 'acute_illness', "
    )
    assert line.index("did you mean 'fever'?") < line.index("allowed:")
    assert line.endswith("'cold_extremities' or 'stiffness'")


def test_a_mistyped_site_names_the_closest_site():
    (line,) = _problems({"id": "x", "findings": [{"code": "pain", "site": "calff"}]})
    assert line.startswith("case.yaml: findings.0.site: unknown value 'calff'; ")
    assert "did you mean 'calf'? allowed: 'head', " in line


def test_case_is_ignored_when_suggesting():
    (line,) = _problems({"id": "x", "medications": [{"name": "Riluzole"}]})
    assert "unknown value 'Riluzole'; did you mean 'riluzole'? allowed: " in line


def test_a_mistyped_key_names_the_closest_key():
    (line,) = _problems({"id": "x", "temprature_c": 37})
    assert line.startswith(
        "case.yaml: unknown key 'temprature_c'; did you mean 'temperature_c'? "
        "allowed keys: id, title, "
    )


def test_nothing_close_keeps_the_plain_message():
    (line,) = _problems({"id": "x", "findings": [{"code": "bogus"}]})
    assert line.startswith("case.yaml: findings.0.code: Input should be 'fever', ")
    assert line.endswith("(got 'bogus')") and "did you mean" not in line
    (line,) = _problems({"id": "x", "zzz": 1})
    assert line.startswith("case.yaml: unknown key 'zzz'; allowed keys: id, ")


@pytest.mark.slow
def test_the_cli_suggests_the_closest_code(tmp_path: Path):
    _write(tmp_path, "case.yaml", lambda: "id: x\nfindings: [{code: fevr}]\n")
    result, _ = _screen(tmp_path, "case.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "alsedu screen: case.yaml: findings.0.code: unknown value 'fevr'; "
        "did you mean 'fever'? allowed: 'fever', "
    )


def test_thousands_of_bad_values_print_fifty_lines_and_a_count(tmp_path: Path):
    path = tmp_path / "many.yaml"
    path.write_text("id: x\nhistory:\n" + "".join(f"  - bad{i}\n" for i in range(3000)))
    result = subprocess.run(
        [sys.executable, "-m", "alsedu", "screen", str(path)], capture_output=True, text=True
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 51
    assert lines[-1] == "alsedu screen: ... and 2950 more problems like these"


def test_a_pipe_is_refused_at_once_instead_of_read_for_ever(tmp_path: Path):
    """Review defect 13: a FIFO in a questions folder hung check and generate-source."""
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(ContentError, match="not a plain file"):
        read_data_file(tmp_path / "pipe.yaml", ContentError)


def test_a_link_out_of_its_folder_is_not_read_and_nothing_of_it_is_echoed(tmp_path: Path):
    """Review defect 10: a link to the passwd file printed every account line."""
    secret = tmp_path / "secret.txt"
    secret.write_text("AWS_SECRET=abc123\n")
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "zz.yaml").symlink_to(secret)
    with pytest.raises(ContentError) as error:
        read_data_file(folder / "zz.yaml", ContentError)
    assert "outside this folder" in str(error.value) and "abc123" not in str(error.value)
    (folder / "inside.yaml").write_text("questions: []\n")
    (folder / "same.yaml").symlink_to(folder / "inside.yaml")  # a link inside is fine
    assert read_data_file(folder / "same.yaml", ContentError) == {"questions": []}


def test_a_bad_value_is_shown_cut_short(tmp_path: Path):
    path = _write(tmp_path, "long.yaml", lambda: "id: x\nonset: " + "z" * 5000 + "\n")
    with pytest.raises(CaseError) as error:
        load_case(path)
    assert len(str(error.value)) < 400 and "5002 characters" in str(error.value)
