"""Commands typed carelessly get one line and an exit code, never a traceback (issue 16,
review defects 17, 20, 21 and 22)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alsedu.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _one_line(capsys, code: int, expected_code: int, says: str) -> None:
    err = capsys.readouterr().err
    assert code == expected_code and err.count("\n") == 1 and says in err, err
    assert "Traceback" not in err


def test_build_into_a_file_or_an_impossible_folder(tmp_path, capsys):
    (tmp_path / "file").write_text("mine\n")
    _one_line(capsys, main(["build", "--out", str(tmp_path / "file")]), 2, "this is a file")
    assert (tmp_path / "file").read_text() == "mine\n"
    impossible = tmp_path / "file" / "inside"
    _one_line(capsys, main(["build", "--out", str(impossible)]), 2, "cannot make this folder")


def test_generate_source_into_a_file(tmp_path, capsys):
    (tmp_path / "source").write_text("mine\n")
    code = main(["course", "generate-source", "--out", str(tmp_path / "source")])
    _one_line(capsys, code, 2, "this is a file")


@pytest.mark.parametrize("files", [[], ["assessment.yml"]], ids=["empty", "yml"])
def test_a_questions_folder_with_no_yaml_file_says_so_once(tmp_path, capsys, files):
    for name in files:
        (tmp_path / name).write_text((ROOT / "course/questions/assessment.yaml").read_text())
    code = main(["course", "generate-source", "--questions", str(tmp_path), "--out",
                 str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no question files (*.yaml)" in err
    assert "broken package content" not in err  # the school's folder, not the package
    assert ("rename assessment.yml" in err) == bool(files)
    assert main(["check", "--questions", str(tmp_path)]) == 1


@pytest.mark.parametrize("where", ["missing", "a-file"])
def test_check_of_something_that_is_no_content_folder_is_one_line(tmp_path, capsys, where):
    target = tmp_path / where
    if where == "a-file":
        target.write_text("x\n")
    assert main(["check", "--content", str(target)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "not a content folder" in out


@pytest.mark.slow
def test_progress_into_a_closed_pipe_ends_quietly(tmp_path):
    env = {**os.environ, "ALSEDU_HOME": str(tmp_path)}
    result = subprocess.run(
        f"{sys.executable} -m alsedu progress | head -1", shell=True, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.startswith("Your progress") and "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


@pytest.mark.slow
def test_ctrl_c_twice_stops_the_study_app_without_a_traceback(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "study.log"
    env = {**os.environ, "ALSEDU_HOME": str(tmp_path / "home")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "alsedu", "study", "--port", str(port)], env=env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "Ctrl-C stops it" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)
        while "Stopping the study app" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # the impatient second Ctrl-C
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log.read_text()
    assert code == 0 and "Traceback" not in text and "has stopped" in text, text
