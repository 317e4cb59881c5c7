"""Benchmark: drawing a body map for a new plan in a running course (issue 9: under 50 ms).

Times ``body_map(plan).html()`` (build and encode, as a widget does on a change) over the
bank's case plans, after one warm-up map, and prints the median and its ratio to the goal
(ratio >= 1 meets the goal); it never fails on a slow machine.
Run with `python benchmarks/bench_figures.py`.
"""

from __future__ import annotations

import statistics
import time

GOAL_MS = 50.0  # issue 9: every widget answers a change in under 50 ms in-process
PLANS = 20  # distinct bank plans timed


def body_map_ms() -> tuple[float, int]:
    """Median milliseconds of ``body_map(plan).html()`` over distinct bank plans."""
    from alsedu import load_bank, screen
    from alsedu.figures.body_map import body_map

    bank = load_bank()
    plans = [screen(bank.cases[case_id].case) for case_id in sorted(bank.cases)][: PLANS + 1]
    body_map(plans[0]).html()  # warm-up: imports, fonts, anything drawn once per process
    times = []
    for plan in plans[1:]:
        start = time.perf_counter()
        body_map(plan).html()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(times)


def main() -> None:
    median, count = body_map_ms()
    print(
        f"body_map(plan).html(): {median:,.1f} ms median over {count} plans "
        f"(goal < {GOAL_MS:.0f} ms; ratio {GOAL_MS / median:.2f})"
    )


if __name__ == "__main__":
    main()
