"""The PDF record of study: what it says, and what it refuses to write."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from alsedu.certificate import SectionScore, write_certificate
from alsedu.errors import InputError

WHEN = datetime.date(2025, 3, 3)
BAR = 0.8
SECTIONS = (
    SectionScore("Signs and symptoms", 0.91, 14, 13),
    SectionScore("Contraindications", 0.86, 12, 10),
    SectionScore("Assessment", 0.8, 10, 8),
    SectionScore("Treatment", 0.834, 16, 14),
    SectionScore("Self-care", 1.0, 9, 9),
)


def write(path: Path, name: str = "Zoë O'Brien", sections=SECTIONS, force: bool = False) -> Path:
    return write_certificate(path, name, sections, BAR, WHEN, answered=1412, force=force)


def page_text(path: Path) -> tuple[int, str]:
    """The number of pages and the first page's words, one space between each."""
    reader = PdfReader(path)
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("name", ["Nguyễn Thị Ánh", "Zoë O'Brien", "Łukasz", "X" * 80])
def test_the_record_names_the_learner_and_every_section_on_one_page(tmp_path, name):
    path = write(tmp_path / "record.pdf", name)
    pages, text = page_text(path)
    assert pages == 1
    assert "Record of study" in text
    assert "Adapting massage for clients living with ALS" in text
    assert name in text.replace(" ", "") or name in text
    assert "3 March 2025" in text
    for row in (
        "Signs and symptoms 91% 13 of 14",
        "Contraindications 86% 10 of 12",
        "Assessment 80% 8 of 10",
        "Treatment 83% 14 of 16",
        "Self-care 100% 9 of 9",
    ):
        assert row in text
    assert "The mastery bar is 80% in every section" in text
    assert "Practice answers given: 1,412" in text
    assert "A record of self-study, not a licence, qualification or certification to " in text
    assert "nothing was sent anywhere" in text


def test_the_same_record_gives_the_same_bytes_and_replaces_an_older_one_when_asked(tmp_path):
    path = tmp_path / "record.pdf"
    path.write_text("an older record")
    with pytest.raises(InputError, match="exists already: add --force"):
        write(path)
    assert path.read_text() == "an older record"
    first = write(path, force=True).read_bytes()
    assert first.startswith(b"%PDF")
    assert write(path, force=True).read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.pdf"]
    info = PdfReader(path).metadata
    assert info.title == "Record of study: Zoë O'Brien"
    assert info.creation_date.date() == WHEN


def test_a_section_below_the_bar_is_named_and_nothing_is_written(tmp_path):
    low = (*SECTIONS[:2], SectionScore("Assessment", 0.62, 10, 6), *SECTIONS[3:4],
           SectionScore("Self-care", 0.799, 9, 7))  # fmt: skip
    path = tmp_path / "record.pdf"
    with pytest.raises(InputError) as caught:
        write(path, sections=low)
    assert str(caught.value).splitlines() == [
        "Assessment is at 62%, the bar is 80%: keep reviewing",
        "Self-care is at 79%, the bar is 80%: keep reviewing",  # rounded down, never up
    ]
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "the name is blank"),
        ("   ", "the name is blank"),
        ("A" * 81, "81 characters long: at most 80"),
        ("Zoë\nO'Brien", "control characters"),
        ("王小明", "cannot print 王, 小, 明"),
        ("دانا", "Latin, Greek or Cyrillic"),
    ],
)
def test_a_name_that_cannot_be_printed_well_is_refused(tmp_path, name, says):
    path = tmp_path / "record.pdf"
    with pytest.raises(InputError, match=says) as caught:
        write(path, name)
    assert len(str(caught.value).splitlines()) == 1
    assert not path.exists()


@pytest.mark.parametrize(
    ("file", "says"),
    [("record.txt", "must end in .pdf"), ("no-folder/record.pdf", "no such folder")],
)
def test_a_path_that_is_not_a_pdf_in_an_existing_folder_is_refused(tmp_path, file, says):
    with pytest.raises(InputError, match=says):
        write(tmp_path / file)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["\u200b\u200b", "\u00ad" * 80, "Jane \u202eeoD", "- . -"],
    ids=["zero-width", "soft-hyphens", "right-to-left-override", "no-letter"],
)
def test_a_name_nobody_could_read_is_refused(tmp_path, name):
    """Review defect 23: invisible names and a reversed one were printed as given."""
    with pytest.raises(InputError, match="invisible or direction-changing|no letter"):
        write(tmp_path / "record.pdf", name=name)
    assert list(tmp_path.iterdir()) == []
