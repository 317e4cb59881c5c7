"""The item-writing lint ``alsedu check`` runs: keys a test-wise student cannot guess.

Every threshold is a named setting with its reason, like the clinical teaching defaults in
``settings.py``. Each problem names the question id, as every content problem does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import TYPE_CHECKING

from .errors import Problem
from .itemstats import (
    cases_used,
    choice_items,
    graded_twins,
    longest_key_share,
    testwise_score,
    words,
)
from .screening import screen

if TYPE_CHECKING:
    from .bank import Bank


@dataclass(frozen=True)
class LintSetting:
    """A threshold of the item-writing lint, with why it has this value."""

    name: str
    value: float
    why: str


LINT_SETTINGS: dict[str, LintSetting] = {
    s.name: s
    for s in (
        LintSetting(
            "key_length_ratio", 1.3,
            "A key with more than this many times the words of the longest other option "
            "gives itself away by length; lengthen a distractor or shorten the key.",
        ),
        LintSetting(
            "max_longest_key_share", 0.30,
            "Across single-answer and case items, the key may be strictly the longest option "
            "at most this often (chance with four options is 0.25).",
        ),
        LintSetting(
            "max_testwise_score", 0.40,
            "Always picking the most hedged, 'ask the team' option (the longest among equals) "
            "may score at most this much.",
        ),
        LintSetting(
            "near_duplicate_prompt", 0.80,
            "Two questions whose prompts are at least this alike (0-1, on their words) are "
            "near-duplicates: one of them tests nothing new.",
        ),
        LintSetting(
            "min_cases_used", 0.80,
            "At least this share of bank cases is the subject of some practice or graded "
            "question; every case that postpones or is an emergency must be among them.",
        ),
        LintSetting(
            "graded_twin_prompt", 0.50,
            "A graded item at least this alike to a practice item, or about the same client, "
            "repeats it: a graded item tests the same bullet on a new client.",
        ),
    )
}  # fmt: skip


#: Words a student should not meet, and what to say instead.
PREFERRED_WORDS: dict[str, str] = {
    "bedbound": "a client who stays in bed",
    "bed-bound": "a client who stays in bed",
    "bedridden": "a client who stays in bed",
}


def lint_setting(name: str) -> float:
    """The value of a named lint setting."""
    return LINT_SETTINGS[name].value


def keys_not_longer(bank: Bank) -> list[Problem]:
    """No key gives itself away by being much longer than every other option."""
    ratio = lint_setting("key_length_ratio")
    problems = []
    for q in choice_items(bank):
        key = next(c for c in q.choices if c.correct)
        longest_other = max(len(words(c.text)) for c in q.choices if not c.correct)
        if len(words(key.text)) > ratio * longest_other:
            problems.append(
                Problem(
                    bank.origin[q.id],
                    f"{q.id}.choices",
                    f"the key ({key.id}) has {len(words(key.text))} words, more than {ratio} "
                    f"times the longest other option ({longest_other}); lengthen a distractor "
                    "or shorten the key",
                )
            )
    return problems


def keys_not_guessable(bank: Bank) -> list[Problem]:
    """Across the bank, neither the longest nor the most hedged option wins too often."""
    problems = []
    longest, limit = longest_key_share(bank), lint_setting("max_longest_key_share")
    if longest > limit:
        problems.append(
            Problem(
                "content/questions",
                "lint",
                f"the key is strictly the longest option in {longest:.0%} of single and case "
                f"items (at most {limit:.0%}); run tools/bank_figures.py",
            )
        )
    testwise, limit = testwise_score(bank), lint_setting("max_testwise_score")
    if testwise > limit:
        problems.append(
            Problem(
                "content/questions",
                "lint",
                f"picking the most hedged option scores {testwise:.0%} (at most {limit:.0%}); "
                "add believable cautious-sounding mistakes and short, plain keys",
            )
        )
    return problems


def no_near_duplicates(bank: Bank) -> list[Problem]:
    """No two questions share a prompt, and no graded item repeats a practice item."""
    limit = lint_setting("near_duplicate_prompt")
    problems = []
    prompts = {q.id: words(q.prompt.lower()) for q in bank.questions.values()}
    for a, b in combinations(bank.questions.values(), 2):
        matcher = SequenceMatcher(None, prompts[a.id], prompts[b.id], autojunk=False)
        if matcher.quick_ratio() >= limit and matcher.ratio() >= limit:
            for one, other in ((a, b), (b, a)):  # each file's editor sees it
                message = f"near-duplicate of {other.id} ({bank.origin[other.id]})"
                problems.append(Problem(bank.origin[one.id], f"{one.id}.prompt", message))
    for graded, practice, ratio in graded_twins(bank, lint_setting("graded_twin_prompt")):
        why = "is about the same client as" if ratio == 1.0 else f"is {ratio:.0%} alike to"
        problems.append(
            Problem(
                bank.origin[graded],
                f"{graded}.prompt",
                f"graded item {why} practice item {practice}; test the bullet on a new client",
            )
        )
    return problems


def cases_questioned(bank: Bank) -> list[Problem]:
    """Most cases are used by a question, and every case a student must never miss is."""
    used = {q.case for q in bank.questions.values() if q.case}
    problems = []
    rules = list(bank.rules.values())
    for case in bank.cases.values():
        if case.id not in used and not screen(case.case, rules).proceed:
            problems.append(
                Problem(
                    bank.origin[case.id],
                    "id",
                    "no question uses this case, and it postpones or is an emergency: a "
                    "student must meet it in practice or in a graded item",
                )
            )
    share_used, limit = cases_used(bank), lint_setting("min_cases_used")
    if share_used < limit:
        problems.append(
            Problem(
                "content/cases",
                "lint",
                f"{share_used:.0%} of cases are used by a question (at least {limit:.0%})",
            )
        )
    return problems


def _texts_by_id(bank: Bank) -> Iterator[tuple[str, str]]:
    """Every text a student reads, with the id of the item, question or case it belongs to."""
    for t in bank.teaching.values():
        for text in (t.title, t.key_message, t.meaning, t.why_touch, *t.do):
            yield t.id, text
    for q in bank.questions.values():
        yield q.id, q.prompt
        for option in (*q.choices, *q.items):
            yield q.id, option.text
            yield q.id, option.why
        if q.rubric:
            yield q.id, q.rubric.model_answer
    for c in bank.cases.values():
        yield c.id, c.narrative


def plain_wording(bank: Bank) -> list[Problem]:
    """Student text says what the course prefers (``a client who stays in bed``)."""
    problems = []
    for owner, text in _texts_by_id(bank):
        for word, instead in PREFERRED_WORDS.items():
            if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
                message = f"say {instead!r}, not {word!r}"
                problems.append(Problem(bank.origin[owner], owner, message))
    return problems


CITATION = re.compile(r"\b(S\d+|R\d\d[a-z]?|(SS|CI|AS|TR|SC)\d)\b")


def no_codes_read_aloud(bank: Bank) -> list[Problem]:
    """Rubric criteria (read aloud by a grader) and hints (read by a student) carry no
    source, rule or seed codes: those belong in ``sources``."""
    problems = []
    for q in bank.questions.values():
        criteria = q.rubric.criteria if q.rubric else []
        texts = [(f"rubric.criteria.{k}", c.text) for k, c in enumerate(criteria)]
        texts += [("hint", q.hint)] if q.hint else []
        for key, text in texts:
            if found := CITATION.search(text):
                message = f"{found.group(0)!r} in plain text: keep codes in the sources"
                problems.append(Problem(bank.origin[q.id], f"{q.id}.{key}", message))
    return problems


#: The lint checks, run by ``alsedu check`` after the content checks.
LINT_CHECKS = (
    keys_not_longer,
    keys_not_guessable,
    no_near_duplicates,
    cases_questioned,
    plain_wording,
    no_codes_read_aloud,
)
