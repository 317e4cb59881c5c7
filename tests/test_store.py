"""The progress store: answers kept safely, refused files left untouched, old files migrated."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alsedu.errors import InputError
from alsedu.store import (
    APPLICATION,
    FILE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    ProgressStore,
    StoreError,
    store_path,
)

AT = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_answer_is_stored_and_read_back(tmp_path: Path):
    store = ProgressStore(tmp_path / FILE_NAME)
    store.record("q-a", ["b", "c"], False, 0.5, hint_used=True, source="app", at=AT)
    (answer,) = ProgressStore(tmp_path / FILE_NAME).answers()
    assert (answer.question_id, answer.chosen, answer.correct, answer.score) == (
        "q-a", ("b", "c"), False, 0.5,
    )  # fmt: skip
    assert answer.hint_used and answer.source == "app" and answer.answered_at == AT


def test_the_store_lives_in_alsedu_home_or_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path / "mine"))
    assert store_path() == tmp_path / "mine" / FILE_NAME
    monkeypatch.delenv("ALSEDU_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store_path() == tmp_path / "data" / "alsedu" / FILE_NAME


def test_an_unknown_source_is_refused_with_the_allowed_ones(tmp_path):
    with pytest.raises(InputError, match="allowed: module, review, app"):
        ProgressStore(tmp_path / FILE_NAME).record("q-a", ["a"], True, 1.0, source="phone")


WRITER = """
import sys
from alsedu.store import ProgressStore
store = ProgressStore(sys.argv[1])
for n in range(int(sys.argv[2])):
    store.record(f"q-{sys.argv[3]}-{n}", ["a"], n % 2 == 0, 1.0)
    print(n, flush=True)
"""


def test_two_writers_at_once_lose_no_answer(tmp_path: Path):
    path = tmp_path / FILE_NAME
    ProgressStore(path)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), "150", name],
                         stdout=subprocess.DEVNULL)
        for name in ("left", "right")
    ]  # fmt: skip
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    answers = ProgressStore(path).answers()
    assert len(answers) == 300
    assert {a.question_id for a in answers} == {
        f"q-{side}-{n}" for side in ("left", "right") for n in range(150)
    }


def test_a_killed_writer_leaves_every_finished_answer_and_a_readable_file(tmp_path: Path):
    path = tmp_path / FILE_NAME
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "100000", "k"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    finished = 0
    deadline = time.monotonic() + 60
    while finished < 200 and time.monotonic() < deadline:
        finished = int(writer.stdout.readline()) + 1
    os.kill(writer.pid, signal.SIGKILL)  # mid-way through the next answers
    writer.wait()
    assert finished >= 200
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = ProgressStore(path).count()
    assert stored >= finished  # answers reported written are all there
    ProgressStore(path).record("q-after", ["a"], True, 1.0)  # and the store still takes more
    assert ProgressStore(path).count() == stored + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"my shopping list\nbread\n" * 20, "not an alsedu progress file"),
        (b"SQLite format 3\x00" + b"\x07" * 2000, "damaged"),
    ],
    ids=["text", "damaged-sqlite"],
)
def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path, content, message):
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    before = (digest(path), path.stat().st_mtime_ns)
    with pytest.raises(StoreError, match=message) as refused:
        ProgressStore(path)
    assert str(path) in str(refused.value) and "left untouched" in str(refused.value)
    assert (digest(path), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / FILE_NAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="belongs to another program"):
        ProgressStore(path)
    assert digest(path) == before


def test_a_store_from_a_newer_alsedu_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / FILE_NAME
    ProgressStore(path).record("q-a", ["a"], True, 1.0)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                   (str(SCHEMA_VERSION + 1),))  # fmt: skip
    db.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer alsedu"):
        ProgressStore(path)
    assert digest(path) == before


def test_an_empty_file_left_by_a_kill_before_the_first_write_is_started_afresh(tmp_path):
    path = tmp_path / FILE_NAME
    path.touch()
    ProgressStore(path).record("q-a", ["a"], True, 1.0)
    assert ProgressStore(path).count() == 1


def test_a_version_1_store_migrates_forward_keeping_its_answers(tmp_path: Path):
    path = tmp_path / FILE_NAME
    with sqlite3.connect(path) as db:
        for statement in MIGRATIONS[1]:
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('application', ?), ('schema_version', '1')",
                   (APPLICATION,))  # fmt: skip
        db.execute("INSERT INTO answers (question_id, chosen, correct, answered_at) "
                   "VALUES ('q-old', '[\"a\"]', 1, ?)", (AT.isoformat(),))  # fmt: skip
    db.close()
    (old,) = ProgressStore(path).answers()
    assert (old.question_id, old.correct, old.score, old.hint_used, old.source) == (
        "q-old", True, 1.0, False, "module",
    )  # fmt: skip
    with sqlite3.connect(path) as db:
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    db.close()
    assert version == (str(SCHEMA_VERSION),)


def test_export_writes_every_answer_as_json(tmp_path: Path):
    store = ProgressStore(tmp_path / FILE_NAME)
    store.record("q-a", ["a"], True, 1.0, at=AT)
    store.record("q-b", ["c"], False, 0.0, at=AT)
    out = tmp_path / "mine.json"
    assert store.export(out) == 2
    document = json.loads(out.read_text())
    assert document["application"] == APPLICATION
    assert [a["question_id"] for a in document["answers"]] == ["q-a", "q-b"]
    with pytest.raises(StoreError, match="no such folder"):
        store.export(tmp_path / "missing" / "x.json")


def test_reset_keeps_a_full_backup_then_clears(tmp_path: Path):
    store = ProgressStore(tmp_path / FILE_NAME)
    store.record("q-a", ["a"], True, 1.0, at=AT)
    backup = store.reset(now=AT)
    assert backup.name == "progress-backup-20261101-200000.sqlite"
    assert store.count() == 0
    assert [a.question_id for a in ProgressStore(backup).answers()] == ["q-a"]
    with pytest.raises(StoreError, match="exists already"):
        store.reset(now=AT)
