"""Glossary links found from the glossary's own names, in any text a student reads."""

from __future__ import annotations

from alsedu import load_bank
from alsedu.terms import find_terms, terms_in

GLOSSARY = load_bank().glossary


def linked(text: str) -> list[tuple[str, str]]:
    return [(link.text, link.term_id) for link in find_terms(text, GLOSSARY)]


def test_the_longest_name_wins_and_acronyms_match_as_written():
    found = linked("Manual lymphatic drainage (MLD) is not the same as mld in lower case.")
    assert found[0] == ("Manual lymphatic drainage", "mld")
    assert ("MLD", "mld") in found and ("mld", "mld") not in found


def test_plurals_and_any_case_match_for_words():
    assert linked("Pressure injuries") == [("Pressure injuries", "pressure-injury")]
    assert linked("two Contractures") == [("Contractures", "contracture")]


def test_links_carry_their_place_in_the_text():
    text = "Ask the PT before any stretch."
    (link,) = [link for link in find_terms(text, GLOSSARY) if link.term_id == "physiotherapist"]
    assert text[link.start : link.end] == "PT"


def test_every_question_a_student_meets_can_show_its_terms():
    bank = load_bank()
    with_terms = [q for q in bank.questions.values() if terms_in([q.prompt], bank.glossary)]
    assert len(with_terms) > len(bank.questions) / 2
