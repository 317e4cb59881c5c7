"""The practice bank as an Anki deck (``alsedu deck --out FILE.apkg``), to study on a phone.

One note per practice question, one card per note. The note's fields:

``Question``
    For a case question the client's story first (the case title and narrative, never its
    codes), then the prompt and what kind of answer it asks for. Choices (``single``,
    ``multiple``, ``case``) are listed as A, B, C ... in bank order; ordering steps in the
    fixed shuffled order the course shows (:func:`~alsedu.widgets.practice.order_choices`),
    lettered the same way.
``Answer``
    The right choice(s) by letter and text, or the right order of steps.
``Explanations``
    Every option with ✓ Right or ✗ Not right in words (every step in its right place), why,
    and its sources ("Sources: S28, S26").
``Sources``
    Each source the question cites, in number order, as the course's reference lists give
    them: "S28 — title. author, year".
``Id``
    The question id; no template shows it (it is there to find a note in Anki's browser).

The front shows ``Question``; the back shows the front, a rule, then the answer, the
explanations and the sources. Every field is escaped HTML. Right and wrong are told in words
with ✓ or ✗, never by colour.

A ``written`` practice question is exported too: its prompt, its rubric's model answer as the
answer, and the criteria a full answer covers as the explanations (the bank holds none today;
the schema allows them).

Re-importing updates, never duplicates: the note type and deck ids are fixed (the CRC-32 of
fixed names, see :data:`MODEL_ID` and :data:`DECK_ID`) and each note's GUID is
``genanki.guid_for("alsedu", question.id)``. Tags: ``alsedu::section::<section>`` and one
``alsedu::seed::<bullet>`` per seed bullet the question covers.

Anki updates a note on import only when the file's note is newer than the one it holds, so
notes carry the time of export by default. Given a ``timestamp``, :func:`write_deck` writes
the same bytes every time (genanki's own ``write_to_file`` dates the zip entry by the clock,
so the file is packed here).
"""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Sequence
from html import escape
from pathlib import Path

import genanki

from .bank import Bank, load_bank
from .errors import InputError
from .schema import Choice, OrderItem, Question
from .widgets.practice import order_choices
from .writing import output_problems, write_output

MODEL_NAME = "alsedu practice question"
DECK_NAME = "alsedu: massage for clients living with ALS"
#: Ids Anki knows the note type and the deck by: the CRC-32 of the fixed names above, moved
#: into 2**30..2**31 as genanki advises. Renaming either name makes Anki see a new deck.
MODEL_ID = (1 << 30) + zlib.crc32(MODEL_NAME.encode()) % (1 << 30)
DECK_ID = (1 << 30) + zlib.crc32(DECK_NAME.encode()) % (1 << 30)
GUID_NAMESPACE = "alsedu"
FIELDS = ("Question", "Answer", "Explanations", "Sources", "Id")
LETTERS = "ABCDEFGH"
#: Dates the zip entry; the zip format starts in 1980, so earlier timestamps use its start.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

ASK = {
    "single": "Choose one answer.",
    "case": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "ordering": "Put the steps in order: say their letters from first to last.",
    "written": "Answer in a few sentences, then compare with the model answer.",
}

FRONT = '<div class="alsedu">{{Question}}</div>'
BACK = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="alsedu">\n'
    '<div class="alsedu-answer">{{Answer}}</div>\n'
    '<h3 class="alsedu-head">Why</h3>\n{{Explanations}}\n'
    '<h3 class="alsedu-head">Sources</h3>\n{{Sources}}\n'
    "</div>"
)
CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px; line-height: 1.55; text-align: left; color: black; background: white; }
.card.nightMode, .card.night_mode { color: #eee; background: #222; }
.alsedu { max-width: 40em; margin: 0 auto; padding: 0 0.5em; }
.alsedu p { margin: 0 0 0.7em; }
.alsedu-case { border-left: 4px solid #888; padding-left: 0.9em; margin: 0 0 1em; }
.alsedu-ask { font-style: italic; }
.alsedu ul, .alsedu ol { padding-left: 1.6em; margin: 0 0 0.8em; }
.alsedu li { margin-bottom: 0.6em; }
.alsedu ul.alsedu-options, .alsedu ul.alsedu-why { list-style: none; padding-left: 0; }
.alsedu-options li, .alsedu-why li { padding-left: 2em; text-indent: -2em; }
.alsedu-letter { display: inline-block; min-width: 2em; text-indent: 0; font-weight: bold; }
.alsedu-head { font-size: 1em; margin: 1.2em 0 0.4em; }
.alsedu-src { font-size: 0.85em; opacity: 0.8; }
hr#answer { margin: 1.2em 0; }
"""


def _model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question then answer", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def _options(question: Question) -> list[Choice | OrderItem]:
    """The options as the card letters them: choices in bank order, steps as the course."""
    if question.kind == "ordering":
        return order_choices(question)
    return list(question.choices)


def _letters(question: Question) -> dict[str, str]:
    return {option.id: LETTERS[n] for n, option in enumerate(_options(question))}


def _sources_line(sources: Sequence[str]) -> str:
    return f'<br><span class="alsedu-src">Sources: {escape(", ".join(sources))}</span>'


def _lettered(letter: str, text: str) -> str:
    return f'<li><span class="alsedu-letter">{letter}.</span>{escape(text)}</li>'


def question_html(question: Question, bank: Bank) -> str:
    """The front: the client's story (case questions), the prompt, the ask, the options."""
    parts = []
    if question.case is not None:
        case = bank.cases[question.case]
        parts.append(
            '<div class="alsedu-case" role="region" aria-label="About the client">'
            f"<p><strong>About the client: {escape(case.title)}</strong></p>"
            f"<p>{escape(case.narrative)}</p></div>"
        )
    parts += [
        f'<p class="alsedu-prompt">{escape(question.prompt)}</p>',
        f'<p class="alsedu-ask">{ASK[question.kind]}</p>',
    ]
    if question.kind != "written":
        letters = _letters(question)
        items = "".join(_lettered(letters[o.id], o.text) for o in _options(question))
        parts.append(f'<ul class="alsedu-options">{items}</ul>')
    return "".join(parts)


def answer_html(question: Question) -> str:
    """The right choice(s) by letter and text, the right order of steps, or a model answer."""
    if question.kind == "written":
        assert question.rubric is not None  # a written question has a rubric (schema)
        return (
            f"<p><strong>A model answer:</strong></p><p>{escape(question.rubric.model_answer)}</p>"
        )
    letters = _letters(question)
    right: list[Choice] | list[OrderItem] = list(question.items)
    title = "The right order"
    if question.kind != "ordering":
        right = [c for c in question.choices if c.correct]
        title = "Answer" if len(right) == 1 else "Answers"
    named = ", ".join(letters[o.id] for o in right)
    items = "".join(_lettered(letters[o.id], o.text) for o in right)
    return f'<p><strong>{title}: {named}</strong></p><ul class="alsedu-options">{items}</ul>'


def explanations_html(question: Question) -> str:
    """Why each option is right or not (each step belongs where it does), with sources."""
    if question.kind == "written":
        assert question.rubric is not None
        items = "".join(
            f"<li>{escape(c.text)} ({c.points} point{'s' if c.points > 1 else ''})</li>"
            for c in question.rubric.criteria
        )
        return f"<p>A full answer covers:</p><ul>{items}</ul>"
    letters = _letters(question)
    if question.kind == "ordering":
        items = "".join(
            f"<li><strong>Step {n}: {letters[i.id]}.</strong> {escape(i.why)}"
            f"{_sources_line(i.sources)}</li>"
            for n, i in enumerate(question.items, 1)
        )
        return f'<ul class="alsedu-why">{items}</ul>'
    lines = []
    for choice in question.choices:
        mark, word = ("✓", "Right") if choice.correct else ("✗", "Not right")
        lines.append(
            f'<li><strong>{letters[choice.id]}. <span aria-hidden="true">{mark}</span> '
            f"{word}.</strong> {escape(choice.why)}{_sources_line(choice.sources)}</li>"
        )
    return f'<ul class="alsedu-why">{"".join(lines)}</ul>'


def cited(question: Question) -> list[str]:
    """Every source the question and its options cite, in number order."""
    found = [*question.sources]
    found += [s for option in (*question.choices, *question.items) for s in option.sources]
    return sorted(set(found), key=lambda s: int(s[1:]))


def sources_html(question: Question, bank: Bank) -> str:
    """The sources the question cites, as the course lists them: "S28 — title. author, year"."""
    lines = []
    for source_id in cited(question):
        source = bank.sources[source_id]
        lines.append(
            f"<li><strong>{source_id}</strong> — {escape(source.title)}. "
            f"{escape(source.author)}, {escape(source.year)}.</li>"
        )
    return f'<ul class="alsedu-sources">{"".join(lines)}</ul>'


def tags(question: Question) -> list[str]:
    """``alsedu::section::<section>`` and ``alsedu::seed::<bullet>`` per seed bullet."""
    return [
        f"alsedu::section::{question.section}",
        *(f"alsedu::seed::{bullet}" for bullet in question.seed),
    ]


def note_for(question: Question, bank: Bank, model: genanki.Model) -> genanki.Note:
    """One practice question as a note; its GUID follows the question id alone."""
    fields = [
        question_html(question, bank),
        answer_html(question),
        explanations_html(question),
        sources_html(question, bank),
        question.id,
    ]
    return genanki.Note(
        model=model,
        fields=fields,
        tags=tags(question),
        guid=genanki.guid_for(GUID_NAMESPACE, question.id),
    )


def build_deck(bank: Bank | None = None) -> genanki.Package:
    """The practice bank as one deck of notes, in bank order, packaged for writing."""
    bank = bank or load_bank()
    model = _model()
    deck = genanki.Deck(
        DECK_ID,
        DECK_NAME,
        description=(
            "Practice questions from the alsedu course. Each card shows the question; its back "
            "shows the answer, why each option is right or not, and the sources."
        ),
    )
    deck.add_model(model)
    for question in bank.practice():
        deck.add_note(note_for(question, bank, model))
    return genanki.Package(deck)


def _zip_time(timestamp: float) -> tuple[int, int, int, int, int, int]:
    when = time.gmtime(timestamp)[:6]
    return max(when, ZIP_EPOCH)  # type: ignore[return-value]


def write_deck(
    path: Path, bank: Bank | None = None, timestamp: float | None = None, force: bool = False
) -> int:
    """Write the deck to ``path`` (``.apkg``, in an existing folder); return how many notes.

    Notes are dated ``timestamp`` (seconds since 1970; default now): the same timestamp gives
    the same file, byte for byte. An older file is replaced only with ``force``, and the
    deck is written whole or not at all (:mod:`alsedu.writing`).
    """
    path = Path(path)
    problems = output_problems(path, "study.apkg", force=force)
    if problems:
        raise InputError(problems)
    package = build_deck(bank)
    when = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), when, itertools.count(int(when * 1000)))
            connection.commit()
        finally:
            connection.close()
        collection = database.read_bytes()

        def archive(target: Path) -> None:
            with zipfile.ZipFile(target, "w") as zipped:
                for name, data in (("collection.anki2", collection), ("media", b"{}")):
                    entry = zipfile.ZipInfo(name, _zip_time(when))
                    zipped.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)

        write_output(path, archive, "study.apkg", force=force)
    return sum(len(deck.notes) for deck in package.decks)
