"""Self-study speed against issue 11's needs; prints ratios to the goals, never fails.

A learner with a year of study behind them (``ANSWERS`` answers over every practice question
the modules serve, spread over 365 days) in a temporary ``ALSEDU_HOME``:

- a practice Check, saved to the store, answers in under 50 ms (the widgets' goal);
- the review opens (reads the store, replays FSRS, shows the first due question) in 0.5 s;
- the dashboard refreshes (report, table and figure) in 1 s;
- ``mastery_report`` over the whole history: 0.25 s.

Run with ``make bench`` (or ``python benchmarks/bench_study.py``).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

ANSWERS = 5_000
ROUNDS = 7


def median_s(action: Callable[[int], object], rounds: int = ROUNDS) -> float:
    """Median time of ``action(i)`` over ``rounds`` calls after one warm-up, in seconds."""
    action(-1)
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, seconds: float, goal: float) -> None:
    print(
        f"{name}: {seconds * 1000:.1f} ms median (goal < {goal * 1000:.0f} ms; "
        f"ratio {goal / seconds:.2f})"
    )


def main() -> None:
    os.environ["ALSEDU_HOME"] = tempfile.mkdtemp(prefix="alsedu-bench-")
    from alsedu import load_bank
    from alsedu.review import mastery_report, studied
    from alsedu.store import ProgressStore
    from alsedu.widgets import Recorder, ReviewSession, dashboard, practice

    bank = load_bank()
    store = ProgressStore()
    questions = studied(bank)
    rng = random.Random(11)
    start = datetime.now(UTC) - timedelta(days=365)
    written = time.perf_counter()
    for n in range(ANSWERS):
        right = rng.random() < 0.75
        store.record(
            rng.choice(questions).id, ["a"], right, float(right), rng.random() < 0.1,
            at=start + timedelta(minutes=n * 365 * 24 * 60 / ANSWERS),
        )  # fmt: skip
    seconds = time.perf_counter() - written
    print(f"store: {ANSWERS} answers written one transaction each in {seconds:.1f} s "
          f"({ANSWERS / seconds:.0f} answers/s)")  # fmt: skip

    singles = [q for q in bank.practice() if q.kind in {"single", "case"}][: ROUNDS + 1]
    recorder = Recorder()
    shells = [practice(q.id, on_answer=recorder) for q in singles]

    def check(i: int) -> None:
        shell = shells[i]
        shell.choice.value = shell.choice.options[0][1]
        shell.check_button.click()

    report("practice: Check -> feedback and saved", median_s(check), 0.050)
    report("review: open with the due list", median_s(lambda _i: ReviewSession(bank=bank)), 0.5)
    board = dashboard(bank=bank)
    report("dashboard: Refresh", median_s(lambda _i: board.refresh_button.click()), 1.0)
    history = store.answers()
    report(
        f"mastery_report over {len(history)} answers",
        median_s(lambda _i: mastery_report(history, bank)),
        0.25,
    )


if __name__ == "__main__":
    main()
