"""Widget latency and notebook run times against issue 9's goals; prints ratios, never fails.

- every widget answers a change in under 50 ms in-process: the explorer re-screening after a
  temperature change (plan and body map), a new finding added through its form, a practice
  question's Check, a scenario's "Show the plan" and the plan builder's Compare;
- every notebook runs all its cells in under 10 s, kernel start included (nbclient).

Run with ``make bench`` (or ``python benchmarks/bench_widgets.py [--no-notebooks]``).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from alsedu import load_bank
from alsedu.notebooks import NOTEBOOKS
from alsedu.widgets import explorer, plan_builder, practice, scenario

ROOT = Path(__file__).resolve().parent.parent
GOAL_CHANGE_MS = 50.0
GOAL_NOTEBOOK_S = 10.0
ROUNDS = 15


def median_ms(action: Callable[[int], None], rounds: int = ROUNDS) -> float:
    """Median time of ``action(i)`` over ``rounds`` calls after one warm-up, in ms."""
    action(-1)
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, ms: float) -> None:
    ratio = GOAL_CHANGE_MS / ms
    print(f"{name}: {ms:.1f} ms median (goal < {GOAL_CHANGE_MS:.0f} ms; ratio {ratio:.2f})")


def widgets() -> None:
    bank = load_bank()
    box = explorer("case-marcus")
    temperatures = [38.5 + 0.1 * i for i in range(ROUNDS + 1)]

    def fever(i: int) -> None:
        box.temperature.number.value = temperatures[i]

    report("explorer: temperature change -> plan and body map", median_ms(fever))

    def swelling(i: int) -> None:
        form = box.findings_form
        form.code.value = "swelling"
        form.attributes["site"].value = ["calf", "thigh", "ankle", "foot"][i % 4]
        form.attributes["side"].value = "left"
        form.add.click()

    report("explorer: add a finding -> plan and body map", median_ms(swelling))

    questions = [q for q in bank.practice() if q.kind in {"single", "case"}][: ROUNDS + 1]
    shells = [practice(q.id) for q in questions]

    def check(i: int) -> None:
        shell = shells[i]
        shell.choice.value = shell.choice.options[0][1]
        shell.check_button.click()

    report("practice question: Check -> feedback", median_ms(check))

    cases = list(bank.cases)[: ROUNDS + 1]
    scenarios = [scenario(c) for c in cases]

    def reveal(i: int) -> None:
        shell = scenarios[i]
        shell.decision.value = "postpone"
        shell.refer.value = "same_day"
        shell.show.click()

    report("case scenario: Show the plan -> feedback and plan", median_ms(reveal))

    builders = [plan_builder(c) for c in cases]

    def compare(i: int) -> None:
        shell = builders[i]
        shell.decision.value = "adapt"
        shell.refer.value = "none"
        shell.pressure.value = 3
        shell.compare_button.click()

    report("plan builder: Compare -> scored parts", median_ms(compare))


def notebooks() -> None:
    for name in NOTEBOOKS:
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
        ).execute()
        seconds = time.perf_counter() - start
        print(
            f"notebook {name}: {seconds:.1f} s to run all cells, kernel start included "
            f"(goal < {GOAL_NOTEBOOK_S:.0f} s; ratio {GOAL_NOTEBOOK_S / seconds:.2f})"
        )


if __name__ == "__main__":
    widgets()
    if "--no-notebooks" not in sys.argv:
        notebooks()
