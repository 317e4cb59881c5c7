"""The learner's progress store: every practice answer, in one SQLite file on this computer.

Where
    ``$ALSEDU_HOME/progress.sqlite`` when ``ALSEDU_HOME`` is set, else ``progress.sqlite`` in
    the user's data folder as ``platformdirs`` finds it (``~/.local/share/alsedu`` on Linux).
    Nothing is ever sent anywhere.
What
    Table ``answers``: one row per checked answer: question id, the chosen option ids (a JSON
    list), right or wrong, the score (0 to 1), whether the hint was shown first, when (UTC,
    ISO 8601) and where (``module``, ``review`` or ``app``). Table ``meta`` names the
    application (``alsedu-progress``) and the schema version.
Safe writes
    Each answer is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) in SQLite's
    write-ahead log: a kernel killed mid-write loses at most that answer and leaves a readable
    file; two notebooks (two processes) writing at once queue on SQLite's lock for up to
    ``STORE_SETTINGS["busy_timeout_s"]`` and lose nothing.
Never overwritten silently
    A file that is not SQLite, an SQLite file of another program, or a store written by a newer
    alsedu is refused with :class:`StoreError` (file, what is wrong, what to do); it is only
    ever opened read-only. An empty file (left by a kill before the first write) is started
    afresh. A folder, a link or a device where the file should be is refused too. A file that
    cannot be written because of the disk or its permissions is said to be intact, never
    damaged, so the learner never drops a good record.
Damaged rows
    A row that cannot be read as an answer (a time without a zone or in the future, a choice
    that is not JSON, a score that is not a number from 0 to 1) is left out of
    :meth:`ProgressStore.answers` and named in :attr:`ProgressStore.skipped`; the rest count.
Versions
    :data:`MIGRATIONS` lists each schema version's statements. Opening an older store applies
    the missing ones in one transaction, keeping every answer: version 1 held question, choice,
    right or wrong and time; version 2 added score, hint and where.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from .errors import InputError, Problem
from .writing import output_problems, write_output

APPLICATION = "alsedu-progress"
FILE_NAME = "progress.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
Source = Literal["module", "review", "app"]
SOURCES: tuple[str, ...] = ("module", "review", "app")

#: Settings of the store (not clinical numbers): how long a writer waits for another.
STORE_SETTINGS: dict[str, float] = {
    # Two notebooks answering at the same moment queue for the write lock; a write takes
    # milliseconds, so 10 s is only reached when something holds the file (a copy, a backup).
    "busy_timeout_s": 10.0,
}

#: Each schema version's statements, applied in order to reach it from the one before.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE answers (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, "
        "chosen TEXT NOT NULL, correct INTEGER NOT NULL, answered_at TEXT NOT NULL)",
    ),
    2: (
        "ALTER TABLE answers ADD COLUMN score REAL",
        "UPDATE answers SET score = correct",
        "ALTER TABLE answers ADD COLUMN hint_used INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE answers ADD COLUMN source TEXT NOT NULL DEFAULT 'module'",
        "CREATE INDEX answers_by_question ON answers (question_id, answered_at)",
    ),
}
SCHEMA_VERSION = max(MIGRATIONS)


class StoreError(InputError):
    """The progress file cannot be used as it is; it has been left untouched."""


def store_path() -> Path:
    """Where this learner's store lives: ``$ALSEDU_HOME`` or the platform's data folder."""
    home = os.environ.get("ALSEDU_HOME")
    if home:
        return Path(home).expanduser() / FILE_NAME
    from platformdirs import user_data_path

    return user_data_path("alsedu", appauthor=False) / FILE_NAME


@dataclass(frozen=True)
class AnswerRecord:
    """One checked practice answer as stored."""

    question_id: str
    chosen: tuple[str, ...]
    correct: bool
    score: float
    hint_used: bool
    answered_at: datetime
    source: str

    def as_json(self) -> dict[str, object]:
        return {
            "question_id": self.question_id,
            "chosen": list(self.chosen),
            "correct": self.correct,
            "score": self.score,
            "hint_used": self.hint_used,
            "answered_at": self.answered_at.isoformat(),
            "source": self.source,
        }


def _refuse(path: Path, message: str) -> StoreError:
    return StoreError([Problem(str(path), "", message)])


_LEAVE_IT = (
    "it was left untouched: move it aside (or set ALSEDU_HOME to another folder) to start "
    "a new progress file"
)


#: How a store that cannot be written is described: the file itself is intact.
_CANNOT_WRITE = (
    "this progress file cannot be written here ({reason}): the disk may be full or read-only, "
    "or the file may belong to another user. Your answers in it are safe; free some space or "
    "fix the permissions, and do not delete it"
)
_NOT_WRITABLE = ("unable to open", "readonly", "read-only", "disk i/o", "full", "permission")


def storage_problem(path: Path, error: Exception) -> StoreError:
    """A failure to open or write the store, in words: another program holding it, the disk
    or the file's permissions (the file is intact), or damage."""
    reason = str(error).split("\n")[0]
    if "locked" in reason or "busy" in reason:
        message = "another program is using the progress file; close it or wait a moment"
        return _refuse(path, f"{message} (your answers in it are safe)")
    if isinstance(error, OSError) or any(word in reason.lower() for word in _NOT_WRITABLE):
        return _refuse(path, _CANNOT_WRITE.format(reason=reason))
    return _refuse(path, f"this progress file is damaged ({reason}); {_LEAVE_IT}")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _not_a_plain_file(path: Path) -> StoreError | None:
    """A link, a folder or a device where the progress file should be."""
    try:
        if path.is_symlink():
            what = "a link"
        elif path.exists() and not path.is_file():
            what = "a folder" if path.is_dir() else "a device or a pipe"
        else:
            return None
    except OSError as error:
        return _refuse(path, f"this path cannot be used for the progress file: {error.strerror}")
    return _refuse(
        path, f"this is {what}, not a progress file; set ALSEDU_HOME to a folder of your own"
    )


def _version_of(path: Path) -> int:
    """The schema version of an existing store, read without writing; refuse what is not ours."""
    try:
        with path.open("rb") as head:
            start = head.read(len(SQLITE_HEADER))
    except OSError as error:
        raise storage_problem(path, error) from None
    if start != SQLITE_HEADER:
        raise _refuse(path, f"this is not an alsedu progress file (not SQLite); {_LEAVE_IT}")
    try:
        with closing(_read_only(path)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "meta" not in tables:
                raise _refuse(path, f"this SQLite file belongs to another program; {_LEAVE_IT}")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            (check,) = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise storage_problem(path, error) from None
    if meta.get("application") != APPLICATION:
        raise _refuse(path, f"this SQLite file belongs to another program; {_LEAVE_IT}")
    if check != "ok":
        first, *more = str(check).splitlines()
        also = f" and {len(more)} more problems" if more else ""
        message = (
            f"this progress file is damaged ({first}{also}); {_LEAVE_IT}. "
            "alsedu progress --export can still save the answers that can be read"
        )
        raise _refuse(path, message)
    version_text = str(meta.get("schema_version", ""))
    if not version_text.isdigit():
        shown = repr(version_text[:20]) if version_text else "none"
        raise _refuse(path, f"this progress file is damaged (schema version {shown}); {_LEAVE_IT}")
    version = int(version_text)
    if version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"this progress file was written by a newer alsedu (schema {version}, this one "
            f"reads up to {SCHEMA_VERSION}); update alsedu to use it; it was left untouched",
        )
    return version


def _answer(q: object, chosen: object, ok: object, score: object, hint: object, at: object,
            source: object) -> AnswerRecord:  # fmt: skip
    """One stored row as an answer; ValueError says what in it cannot be read."""
    try:
        picked = json.loads(str(chosen))
    except json.JSONDecodeError:
        raise ValueError(f"the choice {str(chosen)[:20]!r} is not a list") from None
    if not isinstance(picked, list):
        raise ValueError("the choice is not a list")
    if not isinstance(score, int | float) or not 0 <= score <= 1:  # NaN fails both
        raise ValueError(f"the score {score!r} is not a number from 0 to 1")
    when = datetime.fromisoformat(str(at))
    if when.tzinfo is None:
        raise ValueError(f"the time {str(at)[:32]!r} has no time zone")
    return AnswerRecord(
        str(q), tuple(map(str, picked)), bool(ok), float(score), bool(hint), when, str(source)
    )


def _readable(rows: list[tuple], latest: datetime) -> tuple[list[AnswerRecord], list[str]]:
    """The rows ``(id, question, chosen, correct, score, hint, at, source)`` that read as
    answers, and each other row named with why it was left out (damaged, or after
    ``latest``)."""
    answers, skipped = [], []
    for row_id, *fields in rows:
        try:
            record = _answer(*fields)
        except (ValueError, TypeError, OverflowError) as error:
            skipped.append(f"row {row_id}: {error}")
            continue
        if record.answered_at > latest:
            skipped.append(f"row {row_id}: answered in the future ({fields[5]})")
            continue
        answers.append(record)
    return answers, skipped


class ProgressStore:
    """The answers of one learner, in one file (see the module docstring).

    Every call opens its own short connection, so two kernels, a notebook and the command
    line can share the file; opening checks the file and brings its schema up to date.
    """

    def __init__(self, path: Path | None = None):
        self.path = store_path() if path is None else Path(path)
        #: Rows :meth:`answers` left out, each named with why (damaged or from the future).
        self.skipped: list[str] = []
        if refusal := _not_a_plain_file(self.path):
            raise refusal
        try:
            self._open()
        except (sqlite3.Error, OSError) as error:
            raise storage_problem(self.path, error) from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=STORE_SETTINGS["busy_timeout_s"])
        db.isolation_level = None  # transactions are explicit: BEGIN IMMEDIATE ... COMMIT
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _open(self) -> None:
        exists = self.path.exists() and self.path.stat().st_size > 0
        if exists and _version_of(self.path) == SCHEMA_VERSION:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _refuse(self.path, f"cannot create the progress folder: {error}") from error
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
        with self._write() as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            version = 0
            if "meta" in tables:  # another process may have set it up meanwhile
                meta = dict(db.execute("SELECT key, value FROM meta"))
                version = int(meta.get("schema_version", "0"))
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('application', ?), ('schema_version', ?)",
                (APPLICATION, str(SCHEMA_VERSION)),
            )

    def record(
        self,
        question_id: str,
        chosen: Sequence[str],
        correct: bool,
        score: float,
        hint_used: bool = False,
        source: str = "module",
        at: datetime | None = None,
    ) -> AnswerRecord:
        """Store one checked answer (one transaction) and return it as stored."""
        if source not in SOURCES:
            raise InputError(
                [Problem("", "source", f"unknown {source!r}; allowed: {', '.join(SOURCES)}")]
            )
        when = (at or datetime.now(UTC)).astimezone(UTC)
        row = AnswerRecord(
            question_id, tuple(chosen), bool(correct), float(score), bool(hint_used), when, source
        )
        with self._write() as db:
            db.execute(
                "INSERT INTO answers (question_id, chosen, correct, score, hint_used, "
                "answered_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    row.question_id,
                    json.dumps(list(row.chosen)),
                    int(row.correct),
                    row.score,
                    int(row.hint_used),
                    row.answered_at.isoformat(),
                    row.source,
                ),
            )
        return row

    def answers(self, now: datetime | None = None) -> list[AnswerRecord]:
        """Every stored answer that can be read, oldest first; :attr:`skipped` names the rest
        (a damaged row, or one stamped more than a day after ``now``: a clock set wrong)."""
        latest = (now or datetime.now(UTC)) + timedelta(days=1)
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, question_id, chosen, correct, score, hint_used, answered_at, source "
                "FROM answers ORDER BY answered_at, id"
            ).fetchall()
        answers, self.skipped = _readable(rows, latest)
        return answers

    def count(self) -> int:
        """How many answers are stored."""
        with self._connect() as db:
            return db.execute("SELECT count(*) FROM answers").fetchone()[0]

    def kept_files(self) -> dict[Path, str]:
        """The store, its journal and its backups: files no export may be written over."""
        kept = {
            self.path.with_name(self.path.name + tail): "your progress store"
            for tail in ("", "-wal", "-shm", "-journal")
        }
        for backup in self.path.parent.glob("progress-backup-*.sqlite"):
            kept[backup] = "a backup of your progress store"
        return kept

    @classmethod
    def export_readable(cls, path: Path, out: Path, force: bool = False) -> int:
        """Export the rows of a store that is refused as damaged but can still be read
        (opened read-only, never written); return how many answers were saved."""
        store = cls.__new__(cls)
        store.path, store.skipped = Path(path), []
        problems = output_problems(
            Path(out), "my-answers.json", force=force, keep=store.kept_files()
        )
        if problems:
            raise StoreError(problems)
        try:
            with closing(_read_only(store.path)) as db:
                rows = db.execute(
                    "SELECT id, question_id, chosen, correct, score, hint_used, answered_at, "
                    "source FROM answers ORDER BY id"
                ).fetchall()
        except sqlite3.Error as error:
            raise _refuse(store.path, f"no answers can be read from it ({error})") from None
        answers, store.skipped = _readable(rows, datetime.now(UTC) + timedelta(days=1))
        return store._write_export(Path(out), answers, force)

    def export(self, out: Path, force: bool = False) -> int:
        """Write every answer to ``out`` as JSON (the learner's own copy); return the count.

        Never over the store or its backups, nor over an older file without ``force``; the
        file is written whole or not at all (:mod:`alsedu.writing`).
        """
        out = Path(out)
        problems = output_problems(out, "my-answers.json", force=force, keep=self.kept_files())
        if problems:
            raise StoreError(problems)
        return self._write_export(out, self.answers(), force)

    def _write_export(self, out: Path, answers: list[AnswerRecord], force: bool) -> int:
        document = {
            "application": APPLICATION,
            "schema_version": SCHEMA_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "answers": [a.as_json() for a in answers],
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        write_output(out, text, "my-answers.json", force=force, keep=self.kept_files())
        return len(answers)

    def reset(self, now: datetime | None = None) -> Path:
        """Copy the store to a dated backup beside it, then clear every answer; return the
        backup's path. The backup is a complete store: copy it back to undo."""
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"progress-backup-{stamp}.sqlite")
        if backup.exists():
            raise _refuse(backup, "a backup with this name exists already; try again in a second")
        try:
            with self._connect() as db, closing(sqlite3.connect(backup)) as copy:
                db.backup(copy)
        except (sqlite3.Error, OSError) as error:
            backup.unlink(missing_ok=True)
            raise storage_problem(self.path, error) from None
        try:
            with self._write() as db:
                db.execute("DELETE FROM answers")
        except (sqlite3.Error, OSError) as error:
            message = (
                f"the backup {backup.name} was made, but the answers were not cleared "
                f"({str(error).splitlines()[0]}); nothing is lost: try again when the file "
                "is free and writable"
            )
            raise _refuse(self.path, message) from None
        return backup
