"""``alsedu progress``, ``alsedu deck``: what a learner types, and what they read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from alsedu import load_bank
from alsedu.cli import main
from alsedu.review import studied
from alsedu.store import FILE_NAME, ProgressStore

BANK = load_bank()


@pytest.fixture
def home(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def answer_all(home: Path, right: bool = True, skip_section: str | None = None) -> int:
    store = ProgressStore(home / FILE_NAME)
    questions = [q for q in studied(BANK) if q.section != skip_section]
    for question in questions:
        store.record(question.id, ["a"], right, float(right))
    return len(questions)


def test_progress_prints_mastery_per_section_and_what_is_due(home, capsys):
    ProgressStore(home / FILE_NAME).record(studied(BANK, "assessment")[0].id, ["x"], True, 1.0)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Practice answers recorded: 1" in out
    assert "Assessment" in out and "answered 1" in out
    assert "Due for review now: 0" in out and "Coming week:" in out
    assert str(home / FILE_NAME) in out


def test_progress_json_has_the_same_figures(home, capsys):
    answered = answer_all(home, skip_section="treatment")
    assert main(["progress", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["answers"] == answered and report["mastery_bar"] == 0.8
    sections = {s["id"]: s for s in report["sections"]}
    assert sections["treatment"]["mastery"] == 0 and sections["assessment"]["mastery"] > 0.9
    assert len(report["bullets"]) == 30 and len(report["forecast"]) == 7
    assert report["complete"] is False


def test_the_certificate_is_refused_until_every_section_reaches_the_bar(home, tmp_path, capsys):
    answer_all(home, skip_section="self-care")
    out = tmp_path / "record.pdf"
    assert main(["progress", "--certificate", "Ana Souza", "--out", str(out)]) == 2
    assert "Self care is at 0%, the bar is 80%" in capsys.readouterr().err
    assert not out.exists()


def test_the_certificate_is_written_when_every_section_reaches_the_bar(home, tmp_path, capsys):
    answer_all(home)
    out = tmp_path / "record.pdf"
    assert main(["progress", "--certificate", "Zoë Ó Briain", "--out", str(out)]) == 0
    assert "not a licence" in capsys.readouterr().out
    (page,) = PdfReader(out).pages
    text = page.extract_text()
    assert "Zoë Ó Briain" in text and "Self care" in text and "not a licence" in text


def test_export_writes_the_learners_answers(home, tmp_path, capsys):
    answer_all(home)
    out = tmp_path / "mine.json"
    assert main(["progress", "--export", str(out)]) == 0
    assert len(json.loads(out.read_text())["answers"]) == len(studied(BANK))


def test_reset_asks_first_and_keeps_a_backup(home, monkeypatch, capsys):
    answered = answer_all(home)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["progress", "--reset"]) == 1
    assert "Nothing was changed" in capsys.readouterr().out
    assert ProgressStore(home / FILE_NAME).count() == answered
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no one there to answer: no reset
    assert main(["progress", "--reset"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(["progress", "--reset"]) == 0
    out = capsys.readouterr().out
    assert f"Cleared {answered} answers" in out
    assert ProgressStore(home / FILE_NAME).count() == 0
    (backup,) = home.glob("progress-backup-*.sqlite")
    assert ProgressStore(backup).count() == answered


def test_a_foreign_store_gets_one_line_and_exit_2(home, capsys):
    home.mkdir()
    (home / FILE_NAME).write_text("hello")
    assert main(["progress"]) == 2
    err = capsys.readouterr().err
    assert "not an alsedu progress file" in err and "Traceback" not in err
    assert (home / FILE_NAME).read_text() == "hello"


def test_a_blank_certificate_name_is_refused_as_such(home, tmp_path, capsys):
    answer_all(home)
    out = tmp_path / "record.pdf"
    assert main(["progress", "--certificate", "  ", "--out", str(out)]) == 2
    assert "name" in capsys.readouterr().err and not out.exists()


def test_a_study_port_out_of_range_is_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["study", "--port", "99999"])
    assert exit_.value.code == 2
    assert "'99999' is not a port; allowed: 1 to 65535" in capsys.readouterr().err


def test_flags_that_go_together(home, capsys):
    assert main(["progress", "--out", "x.pdf"]) == 2
    assert "--out: goes with --certificate" in capsys.readouterr().err


def test_deck_writes_every_practice_question(tmp_path, capsys):
    out = tmp_path / "alsedu.apkg"
    assert main(["deck", "--out", str(out)]) == 0
    assert f"{len(BANK.practice())} notes" in capsys.readouterr().out and out.stat().st_size > 0
    assert main(["deck", "--out", str(tmp_path / "deck.zip")]) == 2
