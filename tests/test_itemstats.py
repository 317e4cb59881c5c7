"""The bank figures of tools/bank_figures.py: each measures what its name says."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from alsedu import load_bank
from alsedu.itemstats import (
    graded_twins,
    hedged_pick,
    key_strictly_longest,
    reading_grade,
    unexplained_terms,
)
from alsedu.schema import Question, Term

from .conftest import ROOT


def question(*options: tuple[str, bool]) -> Question:
    choices = [
        {"id": "abcd"[i], "text": text, "correct": ok, "why": "because", "sources": ["S52"]}
        for i, (text, ok) in enumerate(options)
    ]
    return Question.model_validate(
        {"id": "q-x", "kind": "single", "use": "practice", "section": "treatment",
         "seed": ["TR1"], "difficulty": 1, "prompt": "Which?", "hint": "Think.",
         "choices": choices}
    )  # fmt: skip


def test_a_key_longer_than_every_other_option_is_flagged():
    long_key = question(("Offer a gentle adapted session today", True), ("Refuse", False),
                        ("Deep work", False))  # fmt: skip
    tied = question(("Adapt the session", True), ("Refuse the session", False), ("No", False))
    assert key_strictly_longest(long_key) and not key_strictly_longest(tied)


def test_the_test_wise_student_picks_the_most_hedged_option():
    q = question(("Go ahead gently", True), ("Ask the care team first, then check", False),
                 ("Stop", False))  # fmt: skip
    assert hedged_pick(q).id == "b"


def test_reading_grade_rises_with_long_words_and_sentences():
    plain = "Keep the head up. Use light strokes. Ask how it feels."
    dense = (
        "Considering the considerable physiological vulnerability accompanying progressive "
        "neuromuscular deterioration, therapeutic intervention necessitates individualised "
        "modification of established methodological conventions."
    )
    assert reading_grade(plain)[0] < 4 < 14 < reading_grade(dense)[0]


def test_a_graded_item_about_a_practice_item_s_client_is_a_twin():
    bank = load_bank()
    practice = next(q for q in bank.practice() if q.case)
    copy = practice.model_copy(update={"id": "q-graded-copy", "use": "graded"})
    fresh = practice.model_copy(
        update={"id": "q-graded-fresh", "use": "graded", "case": None, "kind": "single",
                "prompt": "Someone entirely new walks in with a sore wrist. What now?"}
    )  # fmt: skip
    twins = graded_twins(replace(bank, questions={q.id: q for q in [practice, copy, fresh]}), 0.5)
    assert twins == [("q-graded-copy", practice.id, 1.0)]


def test_a_term_the_glossary_names_is_no_longer_unexplained():
    bank = load_bank()
    case = next(iter(bank.cases.values()))
    story = case.model_copy(update={"narrative": "Her kappa and median worry her."})
    told = replace(bank, cases={case.id: story})
    named = Term.model_validate(
        {"id": "stats", "term": "statistics", "also": ["kappa", "median"],
         "meaning": "numbers", "sources": ["S1"]}
    )  # fmt: skip
    without = set(unexplained_terms(replace(told, glossary={})))
    assert {"kappa", "median"} <= without
    with_term = set(unexplained_terms(replace(told, glossary={"stats": named})))
    assert with_term == without - {"kappa", "median"}


def test_the_figures_script_prints_every_figure():
    out = subprocess.run(
        [sys.executable, "tools/bank_figures.py"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    for label in ("key strictly the longest", "test-wise score", "graded twins",
                  "cases used", "unexplained terms", "Flesch-Kincaid", "objectives"):  # fmt: skip
        assert label in out
