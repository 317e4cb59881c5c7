"""Benchmarks: `alsedu screen` start-up, in-process screening throughput, bank load time.

Prints figures and their ratio to the goals (ratio >= 1 meets the goal); it never fails on a
slow machine. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "alsedu" / "content" / "cases").glob("*.yaml"))
GOAL_COLD_START_S = 0.5  # issue 7: under half a second
GOAL_CASES_PER_S = 5000
GOAL_BANK_LOAD_S = 0.5


def cold_start(runs: int = 5) -> float:
    """Median wall time of `alsedu screen CASE --json` in a new process."""
    cli = Path(sys.executable).parent / "alsedu"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(cli), "screen", str(CASES[0]), "--json"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(seconds: float = 2.0) -> float:
    """Cases screened per second in one process, cycling through the bank's cases."""
    from alsedu import load_case, screen

    cases = [load_case(p) for p in CASES]
    screen(cases[0])
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in cases:
            screen(case)
        done += len(cases)
    return done / (time.perf_counter() - start)


def bank_load() -> float:
    """Seconds to load and cross-check the whole content bank in a new process."""
    code = (
        "import time; t = time.perf_counter(); from alsedu.bank import load_bank; "
        "load_bank(); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout)


def report(name: str, value: float, unit: str, ratio: float, goal: str) -> None:
    """Print one figure with its goal and the ratio to it (>= 1 meets the goal)."""
    print(f"{name}: {value:,.3f} {unit} (goal {goal}; ratio {ratio:.2f})")


def main() -> None:
    start = cold_start()
    rate = throughput()
    load = bank_load()
    report(
        "alsedu screen cold start",
        start,
        "s",
        GOAL_COLD_START_S / start,
        f"< {GOAL_COLD_START_S} s",
    )
    report(
        "screen() throughput", rate, "cases/s", rate / GOAL_CASES_PER_S, f">= {GOAL_CASES_PER_S}"
    )
    report("bank load incl. imports", load, "s", GOAL_BANK_LOAD_S / load, f"< {GOAL_BANK_LOAD_S} s")


if __name__ == "__main__":
    main()
