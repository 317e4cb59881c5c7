"""What the course notebooks call: one function per interactive cell, by bank id.

A notebook cell is one call (``course.scenario("case-jon")``), so every piece of logic
stays in the package where tests reach it. Each function returns something a notebook
displays: a widget or a :class:`~alsedu.figures.chart.Chart`.
"""

from __future__ import annotations

import warnings
from typing import Any

from .bank import load_bank
from .figures.chart import Chart
from .screening import screen


def setup() -> None:
    """Quiet library warnings a student cannot act on (they would look like errors)."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)


def scenario(case_id: str) -> Any:
    """An interactive case scenario: the story, your decision, then the engine's plan."""
    from .widgets.scenario import scenario as build

    return build(case_id)


def explorer(case_id: str | None = None) -> Any:
    """The case explorer, starting from a bank case or a blank client."""
    from .widgets.explorer import explorer as build

    return build(case_id)


def plan_builder(case_id: str) -> Any:
    """The capstone plan builder for one bank case."""
    from .widgets.builder import plan_builder as build

    return build(case_id)


def practice(module_id: str, source: str = "module") -> Any:
    """The module's practice questions, one after another, with feedback on each; every
    checked answer is saved to the learner's progress store (``source``: module or app)."""
    import ipywidgets as widgets

    from .widgets.practice import practice_set
    from .widgets.review import Recorder

    recorder = Recorder(source=source)
    ids = [q.id for q in load_bank().module_practice(module_id)]
    questions = practice_set(ids, on_answer=recorder)
    return widgets.VBox([questions, recorder.status])


def review(module_id: str | None = None) -> Any:
    """The questions due for review now: all of them, or one module's."""
    from .widgets.review import review as build

    return build(module_id)


def dashboard() -> Any:
    """Where you stand: mastery per section and bullet, what to work on, the week ahead."""
    from .widgets.dashboard import dashboard as build

    return build()


def figure(kind: str, case_id: str | None = None) -> Chart:
    """A figure by kind (as in ``modules.yaml``), drawn for a bank case where it needs one."""
    bank = load_bank()
    if kind == "disease_course":
        from .figures.disease_course import disease_course

        return disease_course(bank)
    if case_id is None:
        raise ValueError(f"figure {kind!r} needs a case id")
    case = bank.cases[case_id].case
    if kind == "body_map":
        from .figures.body_map import body_map

        return body_map(screen(case))
    if kind == "pressure_scale":
        from .figures.pressure_scale import pressure_scale

        return pressure_scale(screen(case))
    if kind == "alsfrs_profile":
        from .figures.alsfrs_profile import alsfrs_profile

        return alsfrs_profile(case)
    raise ValueError(
        f"unknown figure {kind!r}; allowed: body_map, pressure_scale, disease_course, "
        "alsfrs_profile"
    )
