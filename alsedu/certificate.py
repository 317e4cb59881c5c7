"""A one-page PDF record of study: ``alsedu progress --certificate NAME``.

Written once every seed section reaches the mastery bar (``STUDY_SETTINGS["mastery_bar"]``
in :mod:`alsedu.review`, passed in as ``bar``). One A4 page: the title "Record of study",
the course, the learner's name and the date, a table of the sections (mastery as a whole
percentage, rounded down so a score never shows at the bar before it reaches it, and items
mastered of items), the bar and what mastery means, the number of practice answers, the
sentence that this is not a licence to practise, and a footer saying nothing was sent.

Refused, with one line per problem and no file written: a blank name, a name longer than
:data:`MAX_NAME_CHARS`, with control characters or with letters the embedded font cannot
print (see below); any section below the bar; no sections; a path not ending in ``.pdf``
or whose folder does not exist.

An existing file at ``path`` is replaced: the record is the learner's own output, and
asking for it again (say after more study) should give the newest one. The new file is
written beside it first and moved into place, so a failed write never leaves half a PDF.

Text is set in DejaVu Sans, embedded from matplotlib's bundled fonts, because the PDF core
fonts hold Latin-1 only. DejaVu Sans covers Latin (Vietnamese and Polish included), Greek
and Cyrillic; it lacks Chinese, Japanese, Korean and Indic letters, and fpdf2 cannot lay out
right-to-left scripts, so a name with such letters is refused rather than printed with
gaps. The name is normalised to composed Unicode (NFC) first. The PDF's creation date is
``when`` at midnight UTC, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode
from fpdf.fonts import FontFace

from .errors import InputError, Problem
from .review import percent
from .writing import output_problems, write_output

COURSE = "Adapting massage for clients living with ALS"
#: The longest name printed: one to two lines at the name's size, and a guard against a
#: paragraph pasted by mistake.
MAX_NAME_CHARS = 80
#: Format characters some scripts need inside a name (zero-width non-joiner and joiner).
JOINERS = frozenset({"\u200c", "\u200d"})
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MASTERY_MEANS = (
    "the share of a section's practice items answered right at the latest first try of a day, "
    "weighted by how likely you are to still recall them (FSRS, the Free Spaced "
    "Repetition Scheduler)"
)
NOT_A_LICENCE = "A record of self-study, not a licence, qualification or certification to practise."
FOOTER = "Made on this computer by alsedu; nothing was sent anywhere."
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
INK = (30, 30, 30)
MUTED = (85, 85, 85)  # 7:1 contrast on white: the footer stays readable
RULE = (170, 170, 170)
HEADER_FILL = (236, 236, 236)
NAME_PT, NAME_MIN_PT = 24, 16  # a long name shrinks to fit one line, then wraps


@dataclass(frozen=True)
class SectionScore:
    """One seed section's line on the record: mastery 0-1, items mastered of items."""

    title: str
    mastery: float
    items: int
    mastered: int

    def __post_init__(self) -> None:
        if not 0 <= self.mastery <= 1 or not 0 <= self.mastered <= self.items:
            raise ValueError(f"impossible section score: {self!r}")


def plain_date(when: datetime.date) -> str:
    """A date in words that reads the same everywhere: ``3 March 2025``."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def write_certificate(
    path: Path,
    name: str,
    sections: Sequence[SectionScore],
    bar: float,
    when: datetime.date,
    answered: int,
    force: bool = False,
) -> Path:
    """Write the record of study to ``path`` and return the path; an older file is replaced
    only with ``force``, and the file is written whole or not at all (:mod:`alsedu.writing`).

    Raises :class:`InputError` with every problem found, one line each, before writing.
    """
    if not 0 < bar <= 1 or answered < 0:
        raise ValueError(f"bar must be in (0, 1] and answered at least 0: {bar!r}, {answered!r}")
    path = Path(path)
    name = unicodedata.normalize("NFC", name).strip()
    problems = _name_problems(name) + _section_problems(sections, bar)
    problems += output_problems(path, "record.pdf", force=force)
    if problems:
        raise InputError(problems)
    pdf = _new_pdf(when)
    if missing := _unprintable(pdf, name):
        message = (
            f"this record cannot print {', '.join(missing)} in the name yet: "
            "write the name in Latin, Greek or Cyrillic letters"
        )
        raise InputError([Problem("", "", message)])
    _lay_out(pdf, name, sections, bar, when, answered)
    write_output(path, bytes(pdf.output()), "record.pdf", force=force)
    return path


def _name_problems(name: str) -> list[Problem]:
    if not name:
        return [Problem("", "", "the name is blank: give the name to print on the record")]
    messages = []
    if len(name) > MAX_NAME_CHARS:
        messages.append(
            f"the name is {len(name)} characters long: at most {MAX_NAME_CHARS} fit on the record"
        )
    if any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in name):
        messages.append("the name has control characters (such as a line break): one line only")
    hidden = [ch for ch in name if unicodedata.category(ch) == "Cf" and ch not in JOINERS]
    if hidden:
        messages.append(
            f"the name has an invisible or direction-changing character (U+{ord(hidden[0]):04X}):"
            " type the name again without it"
        )
    elif not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        messages.append("the name has no letter to print: give the name to print on the record")
    return [Problem("", "", message) for message in messages]


def _section_problems(sections: Sequence[SectionScore], bar: float) -> list[Problem]:
    if not sections:
        return [Problem("", "", "there are no sections to record")]
    return [
        Problem(
            "", "", f"{s.title} is at {percent(s.mastery)}%, the bar is {_bar(bar)}: keep reviewing"
        )
        for s in sections
        if s.mastery < bar
    ]


def _bar(bar: float) -> str:
    return f"{bar * 100:g}%"


def _new_pdf(when: datetime.date) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, fonts / file)
    midnight = datetime.datetime.combine(when, datetime.time(), datetime.UTC)
    pdf.set_creation_date(midnight)
    return pdf


def _unprintable(pdf: FPDF, name: str) -> list[str]:
    """Letters of ``name`` the font lacks, or written right to left, in order, once each."""
    covered = [font.cmap for font in pdf.fonts.values()]
    return list(
        dict.fromkeys(
            ch
            for ch in name
            if any(ord(ch) not in cmap for cmap in covered)
            or unicodedata.bidirectional(ch) in {"R", "AL"}
        )
    )


def _lay_out(
    pdf: FPDF,
    name: str,
    sections: Sequence[SectionScore],
    bar: float,
    when: datetime.date,
    answered: int,
) -> None:
    date = plain_date(when)
    pdf.set_title(f"Record of study: {name}")
    pdf.set_subject(f"{COURSE} (alsedu), {date}")
    pdf.set_author(name)
    pdf.set_creator("alsedu")
    pdf.set_lang("en")
    pdf.set_margins(25, 30, 25)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_text_color(*INK)
    width = pdf.epw

    pdf.set_font(FONT, "B", 28)
    pdf.cell(width, 14, "Record of study", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 13)
    pdf.cell(width, 8, f"{COURSE} (alsedu)", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    _rule(pdf, 6)

    pdf.set_font(FONT, "", 12)
    pdf.cell(width, 7, "This records that", align=Align.C, new_x="LMARGIN", new_y="NEXT")
    size = NAME_PT
    pdf.set_font(FONT, "B", size)
    while size > NAME_MIN_PT and pdf.get_string_width(name) > width:
        size -= 1
        pdf.set_font(FONT, "B", size)
    pdf.ln(2)
    pdf.multi_cell(width, size * 0.5, name, align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(
        width, 6.5,
        f"studied the course \u201c{COURSE}\u201d on their own with alsedu "
        f"and, on {date}, had reached the mastery bar in every section.",
        align=Align.C, new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.ln(8)

    pdf.set_font(FONT, "B", 13)
    pdf.cell(width, 8, "Mastery by section", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 11)
    pdf.set_draw_color(*RULE)
    with pdf.table(
        col_widths=(90, 30, 40),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        line_height=9,
        headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=HEADER_FILL),
        cell_fill_mode=TableCellFillMode.NONE,
        padding=(0, 2),
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row(("Section", "Mastery", "Items mastered"))
        for s in sections:
            table.row((s.title, f"{percent(s.mastery)}%", f"{s.mastered} of {s.items}"))
    pdf.ln(6)

    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(
        width, 6,
        f"The mastery bar is {_bar(bar)} in every section. Mastery is {MASTERY_MEANS}.",
        align=Align.L, new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.ln(2)
    pdf.multi_cell(
        width,
        6,
        f"Practice answers given: {answered:,}.",
        align=Align.L,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)

    pdf.set_font(FONT, "B", 12)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.multi_cell(
        width, 7, NOT_A_LICENCE, border=1, align=Align.C, padding=4,
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip

    pdf.set_y(-25)
    _rule(pdf, 3)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, FOOTER, align=Align.C)


def _rule(pdf: FPDF, space: float) -> None:
    """A thin grey line across the text width, with ``space`` mm above and below."""
    pdf.ln(space)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(space)
