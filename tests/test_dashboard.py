"""The mastery dashboard and its figure, driven headless on stores in a temporary folder."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from matplotlib.text import Text
from PIL import Image

from alsedu.bank import load_bank
from alsedu.figures.mastery import day_label, mastery_chart, percent
from alsedu.review import mastery_report
from alsedu.schema import Question
from alsedu.store import AnswerRecord, ProgressStore
from alsedu.widgets.dashboard import Dashboard, dashboard_html

BANK = load_bank()
NOW = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artefacts" / "figures"


def words(html: str) -> str:
    """What a reader hears: the text without tags, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def count_line(html: str) -> str:
    (line,) = re.findall(r'<p class="alsedu-dashboard-count">(.*?)</p>', html)
    return words(line)


def section_rows(html: str) -> dict[str, tuple[str, str]]:
    """Each section row of the table: title -> (mastery in words, the bar in words)."""
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', html)
    return {words(title): (words(mastery), words(bar)) for title, mastery, bar in rows}


def weakest_items(html: str) -> list[str]:
    (listed,) = re.findall(r"<ol>(.*?)</ol>", html)
    return re.findall(r"<li>(.*?)</li>", listed)


def right_answer(question: Question) -> list[str]:
    if question.kind == "ordering":
        return [item.id for item in question.items]
    return [choice.id for choice in question.choices if choice.correct]


def questions_of(bullet: str) -> list[Question]:
    """The questions a module asks about one seed bullet."""
    module = next(m for m in BANK.modules.values() if m.section == BANK.seed[bullet].section)
    return [q for q in BANK.module_practice(module.id) if q.seed[0] == bullet]


FIRST = next(iter(BANK.seed))  # SS1: the first of the weakest while nothing is answered


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite")


def make(store: ProgressStore | None) -> Dashboard:
    return Dashboard(store, BANK, now=lambda: NOW)


def test_an_empty_store_shows_no_answers_and_zero_mastery(store):
    board = make(store)
    html = board.view.value
    assert "alsedu-dashboard" in board._dom_classes
    assert count_line(html) == "Practice answers recorded: 0"
    rows = section_rows(html)
    assert list(rows) == [s.title for s in board.report.sections]
    for section in board.report.sections:
        assert rows[section.title] == (f"0% (mastered 0 of {section.questions})", "not yet")
    assert "No questions are due for review now" in words(html)
    assert "You have not checked any practice answers yet" in words(html)
    assert "Read from your progress file at" in words(board.status.value)


def test_refresh_shows_answers_given_since_and_the_bullet_they_raise(store):
    board = make(store)
    bullet = FIRST
    assert f"({bullet})" in weakest_items(board.view.value)[0]
    asked = questions_of(bullet)
    for question in asked:
        store.record(question.id, right_answer(question), True, 1.0, at=NOW - timedelta(hours=1))
    assert count_line(board.view.value) == "Practice answers recorded: 0"  # not yet refreshed

    board.refresh_button.click()
    html = board.view.value
    assert count_line(html) == f"Practice answers recorded: {len(asked)}"
    raised = next(b for b in board.report.bullets if b.id == bullet)
    assert raised.mastery > 0.9 and raised.answered == len(asked)
    section = BANK.seed[bullet].section
    title = next(s.title for s in board.report.sections if s.id == section)
    mastery, _bar = section_rows(html)[title]
    assert mastery.startswith(tuple(f"{n}%" for n in range(1, 101)))
    assert f"mastered {len(asked)} of" in mastery
    shown = weakest_items(html)
    assert len(shown) == len(board.report.weakest()) and all(f"({bullet})" not in i for i in shown)


def test_a_section_answered_right_throughout_reaches_the_bar(store):
    module = next(iter(BANK.modules.values()))
    for question in BANK.module_practice(module.id):
        store.record(question.id, right_answer(question), True, 1.0, at=NOW - timedelta(hours=1))
    html = make(store).view.value
    title = next(s.title for s in mastery_report([], BANK, NOW).sections if s.id == module.section)
    rows = section_rows(html)
    assert rows[title][1] == "✓ reached" and rows[title][0].startswith(("99%", "100%"))
    assert [bar for t, (_m, bar) in rows.items() if t != title] == ["not yet"] * 4
    alt = unescape(re.search(r'<img [^>]*alt="([^"]*)"', html).group(1))
    assert re.search(rf"{title} \d+% \(mastered (\d+) of \1, reached the bar\)", alt)


def test_the_weakest_bullets_link_to_the_module_that_teaches_them(store):
    items = weakest_items(make(store).view.value)
    files = {m.section: m.file for m in BANK.modules.values()}
    assert items
    for item in items:
        bullet = re.search(r"\((\w+)\):", item).group(1)
        assert BANK.seed[bullet].title in words(item)
        (href,) = re.findall(r'<a href="([^"]+)">', item)
        assert href == files[BANK.seed[bullet].section]  # relative: lab and study app alike


def test_questions_due_now_are_counted_with_their_module(store):
    question = next(q for q in questions_of(FIRST) if q.kind != "ordering")
    wrong = next(c.id for c in question.choices if not c.correct)
    store.record(question.id, [wrong], False, 0.0, at=NOW - timedelta(days=3))
    html = make(store).view.value
    module = next(m for m in BANK.modules.values() if m.section == question.section)
    assert "1 question is due for review now: 1 in " + module.title in words(html)
    assert f'<a href="{module.file}">' in html


def test_a_file_that_is_not_sqlite_is_refused_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("ALSEDU_HOME", str(tmp_path))
    bad = tmp_path / "progress.sqlite"
    bad.write_bytes(b"my shopping list\n")
    board = make(None)
    text = words(board.view.value)
    assert "Your progress file cannot be used" in text and "not an alsedu progress file" in text
    assert str(bad) in text and 'role="alert"' in board.view.value
    assert "Traceback" not in text and "Practice answers recorded" not in text
    assert board.report is None and bad.read_bytes() == b"my shopping list\n"

    bad.rename(tmp_path / "shopping.txt")  # the learner moves it aside, then refreshes
    board.refresh_button.click()
    assert count_line(board.view.value) == "Practice answers recorded: 0"


def test_a_store_replaced_after_opening_is_explained_not_raised(store):
    board = make(store)
    store.path.write_bytes(b"x" * 4096)
    board.refresh_button.click()
    text = words(board.view.value)
    assert "could not be read just now" in text and board.report is None


def partial_report():
    answers = []
    module = next(iter(BANK.modules))
    for n, question in enumerate(BANK.module_practice(module)):
        right = n % 3 != 2
        chosen = right_answer(question) if right else []
        when = NOW - timedelta(hours=1 + 22 * (n % 5))
        answers.append(
            AnswerRecord(question.id, tuple(chosen), right, float(right), False, when, "module")
        )
    return mastery_report(answers, BANK, NOW)


def figure_texts(chart) -> list[str]:
    return [t.get_text() for t in chart.figure.findobj(Text) if t.get_text()]


def test_the_figure_speaks_its_numbers_for_no_answers():
    report = mastery_report([], BANK, NOW)
    chart = mastery_chart(report)
    for section in report.sections:
        assert f"{section.title} 0% (mastered 0 of {section.questions})" in chart.alt
    assert "nothing scheduled yet" in chart.alt and "nothing scheduled yet" in figure_texts(chart)
    image = Image.open(BytesIO(chart.png()))
    assert 850 <= image.width <= 920  # notebook width
    assert 'alt="' in dashboard_html(report, BANK)


def test_the_figure_speaks_its_numbers_for_some_answers():
    report = partial_report()
    chart = mastery_chart(report)
    for section in report.sections:
        assert f"{section.title} {percent(section.mastery)}%" in chart.alt
    assert any(s.mastery > 0 for s in report.sections)
    for bullet in report.weakest():
        assert f"{bullet.id} {bullet.title} {percent(bullet.mastery)}%" in chart.alt
    for day, count in report.forecast:
        assert f"{day_label(day)} {count}" in chart.alt
    texts = figure_texts(chart)
    assert "nothing scheduled yet" not in texts and sum(c for _d, c in report.forecast)
    assert [str(c) for _d, c in report.forecast] == [t for t in texts if t.isdigit()][-7:]
    assert "today\n" + day_label(report.forecast[0][0]) in texts
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "mastery.png").write_bytes(chart.png())


def test_percentages_round_down_so_80_means_the_bar_is_reached():
    assert [percent(m) for m in (0, 0.29, 0.7999, 0.8, 1)] == [0, 29, 79, 80, 100]
