"""The Anki deck: written twice and read back from the .apkg's SQLite collection."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import warnings
import zipfile
from html import escape
from pathlib import Path
from typing import Any

import genanki
import pytest

from alsedu import InputError, load_bank
from alsedu.deck import BACK, DECK_ID, FRONT, MODEL_ID, build_deck, write_deck
from alsedu.schema import Question
from alsedu.widgets.practice import order_choices

BANK = load_bank()
FIXED = 1_700_000_000.0  # a timestamp, seconds since 1970


def read_apkg(path: Path, tmp: Path) -> dict[str, Any]:
    """The notes (by question id), cards and collection of an .apkg, as Anki would read them."""
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        database = tmp / f"{path.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        notes = {}
        for note_id, guid, mid, flds, tags in connection.execute(
            "SELECT id, guid, mid, flds, tags FROM notes"
        ):
            question, answer, why, sources, qid = flds.split("\x1f")
            notes[qid] = {
                "id": note_id,
                "guid": guid,
                "mid": mid,
                "question": question,
                "answer": answer,
                "why": why,
                "sources": sources,
                "tags": tags.split(),
            }
        cards = connection.execute("SELECT nid, did FROM cards").fetchall()
        models, decks = connection.execute("SELECT models, decks FROM col").fetchone()
    finally:
        connection.close()
    return {
        "notes": notes,
        "cards": cards,
        "models": json.loads(models),
        "decks": json.loads(decks),
    }


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    """The deck exported twice, once now and once at a fixed time, each read back."""
    tmp = tmp_path_factory.mktemp("deck")
    first, second = tmp / "now.apkg", tmp / "fixed.apkg"
    assert write_deck(first) == len(BANK.practice())
    assert write_deck(second, timestamp=FIXED) == len(BANK.practice())
    return read_apkg(first, tmp), read_apkg(second, tmp)


def first(kind: str) -> Question:
    return next(q for q in BANK.practice() if q.kind == kind)


def test_one_note_and_one_card_per_practice_question(exports):
    for export in exports:
        assert sorted(export["notes"]) == sorted(q.id for q in BANK.practice())
        assert len(export["cards"]) == len(BANK.practice())
        assert {nid for nid, _ in export["cards"]} == {n["id"] for n in export["notes"].values()}


def test_reimport_updates_notes_never_duplicates_them(exports):
    now, fixed = exports
    guids = {qid: note["guid"] for qid, note in now["notes"].items()}
    assert guids == {qid: note["guid"] for qid, note in fixed["notes"].items()}
    assert len(set(guids.values())) == len(guids)
    assert guids["q-as1-c01-record"] == genanki.guid_for("alsedu", "q-as1-c01-record")
    for export in exports:
        assert {note["mid"] for note in export["notes"].values()} == {MODEL_ID}
        assert {did for _, did in export["cards"]} == {DECK_ID}
        assert str(MODEL_ID) in export["models"] and str(DECK_ID) in export["decks"]


@pytest.mark.parametrize("kind", ["single", "multiple", "case"])
def test_choice_note_holds_prompt_answer_every_why_and_sources(exports, kind):
    question = first(kind)
    note = exports[1]["notes"][question.id]
    assert escape(question.prompt) in note["question"]
    letters = "ABCDEFGH"
    for n, choice in enumerate(question.choices):  # lettered in bank order
        assert f"{letters[n]}.</span>{escape(choice.text)}" in note["question"]
        verdict = "✓</span> Right." if choice.correct else "✗</span> Not right."
        assert f'{letters[n]}. <span aria-hidden="true">{verdict}' in note["why"]
        assert escape(choice.why) in note["why"]
        assert f"Sources: {', '.join(choice.sources)}" in note["why"]
        assert (escape(choice.text) in note["answer"]) == choice.correct
    right = ", ".join(letters[n] for n, c in enumerate(question.choices) if c.correct)
    title = "Answers" if kind == "multiple" else "Answer"
    assert f"<strong>{title}: {right}</strong>" in note["answer"]
    for source_id in {s for c in question.choices for s in c.sources}:
        source = BANK.sources[source_id]
        assert f"<strong>{source_id}</strong> — {escape(source.title)}." in note["sources"]


def test_case_note_tells_the_clients_story_on_the_front(exports):
    question = first("case")
    case = BANK.cases[question.case or ""]
    front = exports[0]["notes"][question.id]["question"]
    assert f"About the client: {escape(case.title)}" in front
    assert escape(case.narrative) in front
    assert front.index(escape(case.narrative)) < front.index(escape(question.prompt))


def test_ordering_note_shows_steps_as_the_course_does_and_the_right_order(exports):
    question = first("ordering")
    note = exports[0]["notes"][question.id]
    shown = order_choices(question)
    places = [note["question"].index(escape(step.text)) for step in shown]
    assert places == sorted(places), "steps on the card follow the course's shuffled order"
    letter = {step.id: "ABCDEFGH"[n] for n, step in enumerate(shown)}
    order = ", ".join(letter[item.id] for item in question.items)
    assert f"The right order: {order}</strong>" in note["answer"]
    for n, item in enumerate(question.items, 1):
        assert f"Step {n}: {letter[item.id]}.</strong> {escape(item.why)}" in note["why"]


def test_tags_name_section_and_every_seed_bullet(exports):
    for question in BANK.practice():
        tags = exports[0]["notes"][question.id]["tags"]
        assert tags == [
            f"alsedu::section::{question.section}",
            *(f"alsedu::seed::{bullet}" for bullet in question.seed),
        ]


def test_templates_never_show_the_question_id():
    assert "{{Id}}" not in FRONT and "{{Id}}" not in BACK
    assert BACK.startswith("{{FrontSide}}")


def test_same_timestamp_gives_the_same_file(tmp_path):
    one, two = tmp_path / "one.apkg", tmp_path / "two.apkg"
    write_deck(one, timestamp=FIXED)
    write_deck(two, timestamp=FIXED)
    assert one.read_bytes() == two.read_bytes()


def test_written_practice_question_brings_its_model_answer_escaped():
    written = Question.model_validate(
        {
            "id": "q-ci1-w01-test",
            "kind": "written",
            "use": "practice",
            "section": "contraindications",
            "seed": ["CI1"],
            "difficulty": 1,
            "prompt": "Why keep pressure <= level 3 over wasted muscle?",
            "hint": "Think of the tissue.",
            "rubric": {
                "points": 2,
                "model_answer": "Wasted muscle & thin tissue bruise <easily>.",
                "criteria": [{"points": 2, "text": "Names the fragile tissue."}],
            },
            "sources": ["S28"],
        }
    )
    bank = dataclasses.replace(BANK, questions={written.id: written})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns on unescaped HTML
        deck = build_deck(bank).decks[0]
    (note,) = deck.notes
    question, answer, why, sources, qid = note.fields
    assert "Why keep pressure &lt;= level 3" in question
    assert "Wasted muscle &amp; thin tissue bruise &lt;easily&gt;." in answer
    assert "Names the fragile tissue. (2 points)" in why
    assert "<strong>S28</strong>" in sources and qid == written.id


def test_a_path_not_ending_apkg_is_refused_in_one_line(tmp_path):
    with pytest.raises(InputError) as error:
        write_deck(tmp_path / "deck.txt")
    message = str(error.value)
    assert "\n" not in message and "must end in .apkg" in message
    assert not (tmp_path / "deck.txt").exists()


def test_a_missing_folder_is_refused_in_one_line(tmp_path):
    with pytest.raises(InputError) as error:
        write_deck(tmp_path / "nowhere" / "deck.apkg")
    message = str(error.value)
    assert "\n" not in message and f"no such folder: {tmp_path / 'nowhere'}" in message
