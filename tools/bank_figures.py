"""Print the question bank's item-writing figures (issue 8): run from the repo root.

    python tools/bank_figures.py

Every figure comes from ``alsedu.itemstats``, so the figures before and after a rewrite are
computed the same way. Nothing here fails: it prints.
"""

from __future__ import annotations

from alsedu import load_bank
from alsedu.itemstats import (
    cases_used,
    choice_items,
    graded_twins,
    longest_key_share,
    longest_pick_score,
    model_answer_grade,
    objectives_per_bullet,
    testwise_score,
    unexplained_terms,
)

TWIN_SIMILARITY = 0.5


def main() -> None:
    bank = load_bank()
    grade, per_sentence = model_answer_grade(bank)
    low, high = objectives_per_bullet(bank)
    twins = graded_twins(bank, TWIN_SIMILARITY)
    terms = unexplained_terms(bank)
    print(f"single and case items: {len(choice_items(bank))}")
    print(f"key strictly the longest option: {longest_key_share(bank):.0%}")
    print(f"score picking the longest option: {longest_pick_score(bank):.0%}")
    print(f"test-wise score (most hedged, then longest): {testwise_score(bank):.0%}")
    print(f"graded twins (similarity >= {TWIN_SIMILARITY}): {len(twins)}")
    for graded, practice, ratio in twins:
        print(f"  {graded} ~ {practice} ({ratio})")
    print(f"cases used by a question: {cases_used(bank):.0%} of {len(bank.cases)}")
    print(f"unexplained terms: {len(terms)} ({', '.join(terms)})")
    print(f"model answers: Flesch-Kincaid grade {grade:.1f}, {per_sentence:.0f} words/sentence")
    print(f"objectives per seed bullet: {low} to {high}")


if __name__ == "__main__":
    main()
