"""The item-writing lint and the bank-as-examiner checks: each fails on a defect it names."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from alsedu import ContentError, check_content, load_bank
from alsedu.bank import content_root, load_bank_from
from alsedu.lint import LINT_SETTINGS, keys_not_guessable
from alsedu.schema import Question


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(str(content_root()), target)
    return target


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_content(content)
    return [str(p) for p in info.value.problems]


def test_the_shipped_bank_passes_the_lint():
    check_content()


def test_every_lint_threshold_is_a_named_setting_with_a_reason():
    for setting in LINT_SETTINGS.values():
        assert setting.value > 0 and len(setting.why) > 40


def item(n: int, key_longest: bool) -> Question:
    long, short = "Offer a gentle adapted session today with light pressure", "Refuse"
    choices = [
        {"id": "a", "text": long if key_longest else short, "correct": True},
        {"id": "b", "text": short if key_longest else long, "correct": False},
        {"id": "c", "text": "Deep work", "correct": False},
    ]
    for c in choices:
        c.update(why="because", sources=["S52"])
    return Question.model_validate(
        {"id": f"q-x{n}", "kind": "single", "use": "practice", "section": "treatment",
         "seed": ["TR1"], "difficulty": 1, "prompt": f"Client {n}?", "hint": "Think.",
         "choices": choices}
    )  # fmt: skip


def test_a_bank_whose_keys_are_the_longest_is_refused():
    bank = load_bank()
    guessable = {q.id: q for q in (item(n, key_longest=n % 4 != 0) for n in range(20))}
    fair = {q.id: q for q in (item(n, key_longest=n % 5 == 0) for n in range(20))}
    lines = [p.message for p in keys_not_guessable(replace(bank, questions=guessable))]
    assert any("strictly the longest option in 75%" in line for line in lines)
    assert not [p for p in keys_not_guessable(replace(bank, questions=fair))
                if "longest" in p.message]  # fmt: skip


def test_a_postponement_case_no_question_uses_is_named(content_copy: Path):
    questions = content_copy / "questions" / "contraindications.yaml"
    questions.write_text(questions.read_text().replace("case: case-elif", "case: case-carmen"))
    lines = problems_of(content_copy)
    assert any(
        line.startswith("content/cases/case-elif.yaml: id: no question uses this case")
        for line in lines
    )


def test_a_glossary_name_given_to_two_terms_is_refused(content_copy: Path):
    glossary = content_copy / "glossary.yaml"
    text = glossary.read_text().replace("    also: []\n", "    also: [ALS]\n", 1)
    glossary.write_text(text)
    with pytest.raises(ContentError) as info:
        load_bank_from(content_copy)
    assert any("the name 'ALS' is also a name of 'als'" in str(p) for p in info.value.problems)


def test_an_unexplained_term_in_student_text_is_refused(content_copy: Path):
    glossary = content_copy / "glossary.yaml"
    glossary.write_text(re.sub(r"  - id: kappa\n(    .*\n)+\n", "", glossary.read_text()))
    case = content_copy / "cases" / "case-carmen.yaml"
    case.write_text(case.read_text().replace("Carmen is 45", "Carmen (kappa fan) is 45"))
    lines = problems_of(content_copy)
    assert "content/glossary.yaml: terms: 'kappa' is used in student text" in "\n".join(lines)
