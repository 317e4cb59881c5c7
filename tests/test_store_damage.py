"""A progress store that is odd, damaged or on a bad disk gets one line, and a damaged row is
left out and named while the rest count (issue 16, review defects 14, 15, 16, 18, 19, 25)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alsedu import load_bank
from alsedu.cli import main
from alsedu.review import studied
from alsedu.store import FILE_NAME, ProgressStore
from alsedu.widgets.dashboard import Dashboard
from alsedu.widgets.review import ReviewSession

BANK = load_bank()
QUESTION = studied(BANK, "assessment")[0].id


@pytest.fixture
def home(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def _store_with(home: Path, sql: str, *values) -> Path:
    store = ProgressStore(home / FILE_NAME)
    store.record(QUESTION, ["a"], True, 1.0)
    with sqlite3.connect(store.path) as db:
        db.execute(sql, values)
    return store.path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.mkdir(), "this is a folder, not a progress file"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "this is a link"),
        (lambda p: p.symlink_to(p), "this is a link"),
        (lambda p: p.symlink_to("/dev/null"), "this is a link"),
    ],
    ids=["folder", "dangling-link", "self-link", "device-link"],
)
def test_something_else_where_the_store_should_be_is_one_line(home, capsys, make, says):
    make(home / FILE_NAME)
    assert main(["progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("version", "says"),
    [("two", "schema version 'two'"), (None, "schema version none")],
    ids=["not-a-number", "missing"],
)
def test_a_store_with_a_bad_schema_version_is_one_line(home, capsys, version, says):
    path = _store_with(home, "DELETE FROM meta WHERE key = 'schema_version'")
    if version is not None:
        with sqlite3.connect(path) as db:
            db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (version,))
    assert main(["progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err and says in err


def test_a_folder_where_no_store_can_be_made_is_one_line(home, monkeypatch, capsys):
    """Review defect 14: a read-only home with no store yet gave a traceback."""
    real = sqlite3.connect

    def read_only_disk(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", read_only_disk)
    assert main(["progress"]) == 2
    monkeypatch.setattr(sqlite3, "connect", real)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be written here" in err and "safe" in err


def test_a_store_that_cannot_be_written_is_called_intact_not_damaged(tmp_path):
    """Review defect 18: a full or read-only disk was called 'damaged' and the learner told
    to start a new file."""
    path = tmp_path / FILE_NAME
    error = sqlite3.OperationalError("attempt to write a readonly database")
    from alsedu.store import storage_problem

    message = str(storage_problem(path, error))
    assert "cannot be written here" in message and "safe" in message
    assert "damaged" not in message and "start a new" not in message


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("answered_at", "2026-11-01T10:00:00", "has no time zone"),
        ("answered_at", "yesterday", "Invalid isoformat"),
        ("chosen", "not json", "is not a list"),
        ("score", None, "not a number from 0 to 1"),
        ("score", 5.0, "not a number from 0 to 1"),
        ("answered_at", "9999-12-31T00:00:00+00:00", "answered in the future"),
        ("answered_at", (datetime.now(UTC) + timedelta(days=400)).isoformat(), "in the future"),
    ],
    ids=["naive", "garbage-time", "not-json", "null-score", "score-5", "year-9999", "next-year"],
)
def test_a_damaged_row_is_left_out_and_named_and_the_rest_count(home, capsys, column, value, says):
    _store_with(
        home,
        "INSERT INTO answers (question_id, chosen, correct, score, hint_used, answered_at, "
        "source) VALUES (?, ?, 1, ?, 0, ?, 'module')",
        QUESTION,
        value if column == "chosen" else '["a"]',
        value if column == "score" else 1.0,
        value if column == "answered_at" else datetime.now(UTC).isoformat(),
    )
    assert main(["progress"]) == 0
    captured = capsys.readouterr()
    assert "Practice answers recorded: 1" in captured.out and "500%" not in captured.out
    assert "1 stored answers could not be read" in captured.err and says in captured.err
    assert main(["progress", "--json"]) == 0
    board = Dashboard(ProgressStore(home / FILE_NAME), BANK)
    assert "could not be read and are left out" in board.status.value
    review = ReviewSession(home / FILE_NAME, BANK)
    assert "Traceback" not in review.heading.value


def test_a_corrupted_store_is_refused_in_one_line_and_its_readable_answers_exported(
    home, tmp_path, capsys
):
    """Review defect 19: 37 lines of quick_check, and --export refused the file too."""
    store = ProgressStore(home / FILE_NAME)
    for n in range(400):
        store.record(QUESTION, [str(n)], True, 1.0)
    with sqlite3.connect(store.path) as db:
        db.execute("CREATE INDEX extra ON answers (chosen)")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'extra'").fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    data = bytearray(store.path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xff" * size  # the index, not the answers
    store.path.write_bytes(bytes(data))
    assert main(["progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err and "--export can still save" in err
    out = tmp_path / "saved.json"
    assert main(["progress", "--export", str(out)]) == 0
    assert "answers that could be read" in capsys.readouterr().out
    assert out.exists()


def test_reset_that_cannot_clear_says_the_backup_was_made(home, monkeypatch, capsys):
    """Review defect 16: the backup was made, then a traceback."""
    ProgressStore(home / FILE_NAME).record(QUESTION, ["a"], True, 1.0)
    real = ProgressStore._write

    def locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ProgressStore, "_write", locked)
    assert main(["progress", "--reset", "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was made, but the answers were not cleared" in err
    monkeypatch.setattr(ProgressStore, "_write", real)
    assert ProgressStore(home / FILE_NAME).count() == 1
    assert list(home.glob("progress-backup-*.sqlite"))
