"""The content bank: clean as shipped, 30/30 coverage, and every defect fails loudly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from alsedu import ContentError, check_content, load_bank
from alsedu.bank import content_root, load_bank_from
from alsedu.codes import SEED_IDS

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((Path(__file__).parent / "bad").glob("*/*.yaml"))


def test_the_shipped_bank_is_clean_and_covers_every_seed_bullet():
    bank = load_bank()
    assert bank.covered() == list(SEED_IDS)
    assert bank.summary().endswith("seed bullets covered: 30/30")


def test_every_bullet_is_taught_practised_three_times_and_graded():
    for seed, (taught, practice, graded) in load_bank().coverage().items():
        assert taught >= 1 and practice >= 3 and graded >= 1, seed


def test_bank_has_the_promised_breadth():
    bank = load_bank()
    kinds = {q.kind for q in bank.questions.values()}
    assert kinds == {"single", "multiple", "case", "ordering", "written"}
    assert {t.kind for t in bank.teaching.values()} == {"core", "omission", "disagreement"}
    assert {f"S{i}" for i in range(1, 70)} <= set(bank.sources)  # the brief's, then ours
    assert set(bank.seed) == set(SEED_IDS)


def test_every_seed_bullet_with_a_correction_in_the_brief_has_one():
    corrected = {s for t in load_bank().teaching.values() if t.correction for s in t.seed}
    assert {"SS1", "AS2", "CI6", "TR3", "TR4", "SC2", "SC4"} <= corrected


def test_graded_questions_never_share_an_id_or_prompt_with_practice():
    bank = load_bank()
    practice_prompts = {q.prompt for q in bank.practice()}
    assert not [q.id for q in bank.graded() if q.prompt in practice_prompts]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(str(content_root()), target)
    return target


@pytest.mark.parametrize("fixture", BAD, ids=[f"{p.parent.name}/{p.stem}" for p in BAD])
def test_defective_content_fails_with_file_key_and_reason(
    content_copy: Path, fixture: Path, tmp_path: Path
):
    """Each file in tests/bad/<folder>/ breaks one rule; graded/ ones go to a graded folder."""
    expect = fixture.read_text().splitlines()[0].removeprefix("# expect: ")
    graded = tmp_path / "graded"
    shutil.copytree(ROOT / "course" / "questions", graded)
    folder = graded if fixture.parent.name == "graded" else content_copy / fixture.parent.name
    shutil.copy(fixture, folder / fixture.name)
    with pytest.raises(ContentError) as info:
        check_content(content_copy, graded)
    lines = [str(p) for p in info.value.problems]
    ours = [line for line in lines if f"{folder.name}/{fixture.name}" in line]
    assert any(expect in line for line in ours), lines


def test_a_draft_folder_is_screened_with_its_own_rules(content_copy: Path):
    """A rule changed in a draft decides the draft's cases, not the package's rules."""
    rule_file = content_copy / "rules" / "10-whole-session.yaml"
    text = rule_file.read_text()
    rule_file.write_text(text.replace("temperature_at_least: fever_line_c", "always: true", 1))
    with pytest.raises(ContentError) as info:
        check_content(content_copy)
    lines = [str(p) for p in info.value.problems]
    assert "content/cases/case-carmen.yaml: expected.proceed: " in "\n".join(lines)


def test_loading_the_bank_screens_no_case(content_copy: Path, monkeypatch: pytest.MonkeyPatch):
    import alsedu.checks

    def no_screening(*args: object, **kwargs: object) -> None:
        raise AssertionError("loading screened a case")

    monkeypatch.setattr(alsedu.checks, "screen", no_screening)
    bank = load_bank_from(content_copy)
    assert len(bank.cases) == len(load_bank().cases)


def test_missing_questions_show_as_coverage_gaps(content_copy: Path):
    shutil.rmtree(content_copy / "questions")
    with pytest.raises(ContentError) as info:
        load_bank_from(content_copy)
    gaps = [p for p in info.value.problems if "seed bullet not covered" in p.message]
    assert len(gaps) == 30 and "0 practice questions (need 3)" in gaps[0].message


def test_case_bank_spreads_over_sections_onsets_and_stages():
    cases = [c.case for c in load_bank().cases.values()]
    sections = {c.section for c in load_bank().cases.values()}
    assert len(load_bank().cases) >= 32
    assert sections == {
        "signs-symptoms",
        "contraindications",
        "assessment",
        "treatment",
        "self-care",
    }
    assert {c.onset for c in cases} >= {"limb", "bulbar", "trunk"}
    assert {c.kings_stage for c in cases} >= {"1", "2A", "2B", "3", "4A", "4B"}
    assert {c.mitos_stage for c in cases} >= {0, 1, 2, 3, 4}


def test_case_bank_exercises_every_rule_family():
    from alsedu import screen

    fired = {hit.id for case in load_bank().cases.values() for hit in screen(case.case).rules}
    families = {
        "whole-session": {"R01", "R02", "R03", "R04", "R05", "R06", "R08", "R09", "R10"},
        "skin": {"R11", "R12", "R13", "R14", "R15"},
        "muscles and joints": {"R16", "R17", "R18", "R19", "R20", "R21", "R22", "R23", "R24"},
        "medication": {"R25", "R26", "R27", "R28"},
        "devices, bulbar, oedema": {"R29", "R30", "R31", "R32", "R33"},
        "communication and session": {"R34", "R35", "R36", "R37", "R38", "R39"},
    }
    missing = {name: ids - fired for name, ids in families.items() if ids - fired}
    assert missing == {}


def test_practice_and_guard_cases_include_plans_that_go_ahead():
    from alsedu import screen

    plans = [screen(c.case) for c in load_bank().cases.values()]
    assert sum(p.proceed for p in plans) >= 20 and sum(not p.proceed for p in plans) >= 8


MEDICATION_ADVICE = re.compile(
    r"\b(skip|stop taking|stop (his|her|their) \w+|miss|double|increase|reduce|lower|change)\b"
    r"[^.]{0,40}\b(dose|doses|tablet|medicine|medication|riluzole|baclofen|tizanidine|apixaban|"
    r"warfarin|edaravone|tofersen)\b",
    re.I,
)


def test_no_correct_answer_or_instruction_advises_on_medication():
    bank = load_bank()
    texts = [line for t in bank.teaching.values() for line in t.do]
    texts += [c.text for q in bank.questions.values() for c in q.choices if c.correct]
    advice = [
        t
        for t in texts
        if MEDICATION_ADVICE.search(t) and not re.search(r"\b(never|not|no)\b", t, re.I)
    ]
    assert advice == []


def test_graded_questions_stay_out_of_student_notebooks():
    root = Path(__file__).resolve().parent.parent / "notebooks"
    text = "\n".join(p.read_text() for p in root.glob("*.ipynb"))
    leaked = [q.id for q in load_bank().graded() if q.id in text or q.prompt[:60] in text]
    assert leaked == []


def test_a_case_intake_holds_back_engine_only_findings():
    case = load_bank().cases["case-elif"]
    assert {"stroke_signs", "sudden_neuro_change"} <= set(case.engine_only)
    shown = {f["code"] for f in case.intake().get("findings", [])}
    assert not shown & set(case.engine_only)
    assert "age" in case.intake()


def test_every_seed_bullet_has_two_or_three_objectives(content_copy: Path):
    assert all(2 <= len(b.objectives) <= 3 for b in load_bank().seed.values())
    seed = content_copy / "seed.yaml"
    text = seed.read_text()
    start = text.index("    objectives:")
    end = text.index("  - id: SS2")
    seed.write_text(text[:start] + text[end:])
    with pytest.raises(ContentError) as info:
        load_bank_from(content_copy)
    assert str(info.value.problems[0]).startswith("content/seed.yaml: bullets.0.objectives: ")


def test_a_graded_question_in_the_package_is_refused(content_copy: Path):
    graded = (ROOT / "course" / "questions" / "treatment.yaml").read_text()
    (content_copy / "questions" / "leaked.yaml").write_text(graded)
    with pytest.raises(ContentError) as info:
        load_bank_from(content_copy)
    assert any(
        "content/questions/leaked.yaml" in str(p)
        and "a graded question belongs in the course's graded folder" in str(p)
        for p in info.value.problems
    )


def test_without_a_graded_folder_the_bank_still_covers_every_bullet():
    bank = load_bank_from(content_root())
    assert not bank.graded() and bank.graded_from is None
    assert bank.covered() == list(SEED_IDS)
    assert "(no graded folder)" in bank.summary()
