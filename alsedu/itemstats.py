"""Figures an assessment designer reads off the question bank (``tools/bank_figures.py``).

Each function takes the loaded :class:`~alsedu.bank.Bank` and returns one figure, so the
figures before and after a rewrite come from the same code:

- how often the key is strictly the longest option, and what a test-wise student scores
  by always picking the longest, or the most hedged / "ask the team" option;
- graded items that repeat a practice item (graded twins);
- the share of cases a question uses;
- technical terms a student meets that the glossary does not explain;
- the reading grade of the model answers (Flesch-Kincaid);
- learning objectives per seed bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from .schema import Choice, Question

if TYPE_CHECKING:
    from .bank import Bank

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
#: Words that make an option sound cautious or defer to the team (the test-wise cue).
HEDGES = (
    "team", "doctor", "nurse", "physiotherapist", "prescriber", "therapist", "clinician",
    "ask", "check", "refer", "report", "before", "first", "care plan", "clearance",
    "gently", "carefully", "may", "might", "until",
)  # fmt: skip
#: Terms the issue names as unexplained: each should be a glossary name or be rewritten away.
TERMS_TO_EXPLAIN = (
    "NICE", "Cochrane", "MDA", "FDA", "OT", "PT", "palliative", "stoma", "decompensated",
    "aseptic meningitis", "carbon-dioxide retention", "sedating", "paresis",
    "thrombophlebitis", "intubation", "osteopenia", "white-cell count", "duplex ultrasound",
    "reflux", "incontinence", "cohort", "median", "kappa", "person-years", "record-linkage",
    "randomised", "confirmatory",
)  # fmt: skip


def words(text: str) -> list[str]:
    """The words of a text (letters, apostrophes and hyphens)."""
    return WORD.findall(text)


def choice_items(bank: Bank) -> list[Question]:
    """Single-answer and case items: the ones a student answers by picking one option."""
    return [q for q in bank.questions.values() if q.kind in {"single", "case"}]


def key_strictly_longest(q: Question) -> bool:
    """Whether the correct option has more words than every other option."""
    key = next(c for c in q.choices if c.correct)
    others = [len(words(c.text)) for c in q.choices if not c.correct]
    return len(words(key.text)) > max(others)


def hedge_score(choice: Choice) -> int:
    """How many cautious or team-deferring cues an option carries."""
    text = choice.text.lower()
    return sum(len(re.findall(rf"\b{re.escape(h)}\b", text)) for h in HEDGES)


def hedged_pick(q: Question) -> Choice:
    """The option a test-wise student picks: most hedged, then longest."""
    return max(q.choices, key=lambda c: (hedge_score(c), len(words(c.text))))


def share(flags: Iterable[bool]) -> float:
    """The share of true values (0 when there are none)."""
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def longest_key_share(bank: Bank) -> float:
    """Share of single and case items whose key is strictly the longest option."""
    return share(key_strictly_longest(q) for q in choice_items(bank))


def longest_pick_score(bank: Bank) -> float:
    """Score of always picking the longest option (ties: the first listed)."""
    items = choice_items(bank)
    return share(max(q.choices, key=lambda c: len(words(c.text))).correct for q in items)


def testwise_score(bank: Bank) -> float:
    """Score of always picking the most hedged option, the longest among equals."""
    return share(hedged_pick(q).correct for q in choice_items(bank))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, on their lower-cased words."""
    return SequenceMatcher(None, words(a.lower()), words(b.lower()), autojunk=False).ratio()


def graded_twins(bank: Bank, threshold: float) -> list[tuple[str, str, float]]:
    """Graded items that repeat a practice item: (graded id, practice id, prompt likeness).

    A twin puts the same client in front of the student: it is about the same case, or its
    prompt is at least ``threshold`` alike to the practice item's.
    """
    twins = []
    for g in bank.graded():
        candidates = [
            (1.0 if g.case and g.case == p.case else similarity(g.prompt, p.prompt), p.id)
            for p in bank.practice()
        ]
        ratio, practice_id = max(candidates, default=(0.0, ""))
        if ratio >= threshold:
            twins.append((g.id, practice_id, round(ratio, 2)))
    return twins


def cases_used(bank: Bank) -> float:
    """Share of bank cases that some question is about."""
    used = {q.case for q in bank.questions.values() if q.case}
    return share(c in used for c in bank.cases)


def student_texts(bank: Bank) -> Iterable[str]:
    """Every text a student reads: teaching items, questions, feedback, case stories."""
    for t in bank.teaching.values():
        yield from (t.title, t.meaning, t.why_touch, *t.do, *(f.text for f in t.facts))
    for q in bank.questions.values():
        yield q.prompt
        yield from (part for c in q.choices for part in (c.text, c.why))
        yield from (part for i in q.items for part in (i.text, i.why))
    for c in bank.cases.values():
        yield c.narrative


def glossary_names(bank: Bank) -> set[str]:
    """Every name a glossary term goes by, lower-cased."""
    return {name.lower() for t in bank.glossary.values() for name in (t.term, *t.also)}


def unexplained_terms(bank: Bank) -> list[str]:
    """Terms of :data:`TERMS_TO_EXPLAIN` that students meet but the glossary does not name."""
    text = "\n".join(student_texts(bank))
    names = glossary_names(bank)
    return [
        term
        for term in TERMS_TO_EXPLAIN
        if term.lower() not in names and re.search(rf"\b{re.escape(term)}\b", text)
    ]


def syllables(word: str) -> int:
    """An English syllable count by vowel groups (good enough for a reading grade)."""
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith("le") else 0)
    return max(1, count)


def reading_grade(text: str) -> tuple[float, float]:
    """Flesch-Kincaid grade level and words per sentence of a text."""
    sentences = max(1, len(re.findall(r"[.!?]+(\s|$)", text.strip())))
    found = words(text)
    if not found:
        return 0.0, 0.0
    per_sentence = len(found) / sentences
    per_word = sum(syllables(w) for w in found) / len(found)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59, per_sentence


def model_answer_grade(bank: Bank) -> tuple[float, float]:
    """Reading grade and words per sentence of all model answers taken together."""
    answers = [q.rubric.model_answer for q in bank.questions.values() if q.rubric]
    return reading_grade(" ".join(answers))


def objectives_per_bullet(bank: Bank) -> tuple[int, int]:
    """The fewest and the most learning objectives any seed bullet has."""
    counts = [len(b.objectives) for b in bank.seed.values()]
    return min(counts), max(counts)
