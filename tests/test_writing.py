"""Nothing a person wrote is lost to a file the project writes (issue 16, review defects 2, 4,
5, 11 and 26): exports, the deck and the record go through :mod:`alsedu.writing`."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from alsedu.cli import main
from alsedu.store import FILE_NAME, ProgressStore
from alsedu.writing import write_output


@pytest.fixture
def home(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path / "home"))
    store = ProgressStore(tmp_path / "home" / FILE_NAME)
    for n in range(3):
        store.record(f"q-{n}", ["a"], True, 1.0)
    return tmp_path / "home"


def _full_disk(monkeypatch) -> None:
    """Every flush to disk fails as on a full disk, after the bytes went to the cache."""

    def fail(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fail)


def test_the_export_never_writes_over_the_progress_store_or_its_backup(home, capsys):
    """Review defect 2: ``--export`` onto the store replaced it with JSON."""
    store = home / FILE_NAME
    backup = home / "progress-backup-20260101-000000.sqlite"
    backup.write_bytes(store.read_bytes())
    os.link(store, home / "same-file.json")  # the store under an export's name
    before = store.read_bytes()
    for out in (store, backup, home / "same-file.json"):
        assert main(["progress", "--export", str(out), "--force"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.rsplit(": ", 1)[-1] for line in err] == [
        "the file name must end in .json, like my-answers.json",
        "the file name must end in .json, like my-answers.json",
        "this is your progress store; it is never written over",
    ]
    assert store.read_bytes() == before and ProgressStore(store).count() == 3


def test_an_older_export_is_replaced_only_with_force(home, tmp_path, capsys):
    out = tmp_path / "answers.json"
    out.write_text("my notes\n")
    assert main(["progress", "--export", str(out)]) == 2
    assert "exists already: add --force" in capsys.readouterr().err
    assert out.read_text() == "my notes\n"
    assert main(["progress", "--export", str(out), "--force"]) == 0
    assert len(json.loads(out.read_text())["answers"]) == 3


def test_a_full_disk_leaves_the_older_export_whole(home, tmp_path, monkeypatch, capsys):
    out = tmp_path / "answers.json"
    assert main(["progress", "--export", str(out)]) == 0
    good = out.read_bytes()
    _full_disk(monkeypatch)
    assert main(["progress", "--export", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device; nothing was changed" in err and err.count("\n") == 1
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json", "home"]


def test_a_full_disk_leaves_no_empty_deck_and_keeps_the_older_one(tmp_path, monkeypatch, capsys):
    deck = tmp_path / "study.apkg"
    assert main(["deck", "--out", str(deck)]) == 0
    good = deck.read_bytes()
    assert main(["deck", "--out", str(deck)]) == 2 and "add --force" in capsys.readouterr().err
    _full_disk(monkeypatch)
    assert main(["deck", "--out", str(deck), "--force"]) == 2
    assert deck.read_bytes() == good and [p.name for p in tmp_path.iterdir()] == ["study.apkg"]


def test_a_deck_is_not_written_through_a_link(tmp_path, capsys):
    target = tmp_path / "precious.apkg"
    target.write_bytes(b"someone else's deck")
    (tmp_path / "link.apkg").symlink_to(target)
    assert main(["deck", "--out", str(tmp_path / "link.apkg"), "--force"]) == 2
    assert "this is a link" in capsys.readouterr().err
    assert target.read_bytes() == b"someone else's deck"


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_only_a_plain_file_is_ever_replaced(tmp_path, kind):
    path = tmp_path / "out.json"
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    with pytest.raises(Exception, match="not a plain file"):
        write_output(path, "{}", "my-answers.json", force=True)
    assert path.is_dir() if kind == "folder" else path.is_fifo()


def test_a_name_too_long_is_one_line(tmp_path):
    with pytest.raises(Exception) as error:
        write_output(tmp_path / ("x" * 300 + ".json"), "{}", "my-answers.json")
    assert "File name too long" in str(error.value) and "\n" not in str(error.value)


def test_a_bare_suffix_asks_for_a_name(tmp_path):
    with pytest.raises(Exception, match=r"give the file a name before \.pdf, like record\.pdf"):
        write_output(tmp_path / ".pdf", b"%PDF", "record.pdf")


def test_force_goes_with_a_file_to_write(home, capsys):
    assert main(["progress", "--force"]) == 2
    assert "--force: goes with --export or --certificate" in capsys.readouterr().err


def test_a_written_file_gets_the_permissions_of_the_one_it_replaces(tmp_path):
    new = tmp_path / "new.json"
    write_output(new, "{}", "my-answers.json")
    mask = os.umask(0)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask  # not the temporary file's 0600
    new.chmod(0o640)
    write_output(new, "{}", "my-answers.json", force=True)
    assert new.stat().st_mode & 0o777 == 0o640
