"""The course's ipywidgets: each a pure-function core under a thin widget shell.

- :mod:`.practice`: a practice question of any kind, with per-option feedback and hints.
- :mod:`.scenario`: a client's story, the student's decision, then the engine's plan.
- :mod:`.explorer`: a case built with form controls, re-screened on every change.
- :mod:`.builder`: the capstone plan builder, scored part by part against the engine.
"""

from .builder import BuilderAnswer, PlanBuilder, compare, plan_builder
from .explorer import CaseExplorer, explorer
from .practice import PracticeQuestion, PracticeSet, check, practice, practice_set
from .scenario import CaseScenario, scenario

__all__ = [
    "BuilderAnswer",
    "CaseExplorer",
    "CaseScenario",
    "PlanBuilder",
    "PracticeQuestion",
    "PracticeSet",
    "check",
    "compare",
    "explorer",
    "plan_builder",
    "practice",
    "practice_set",
    "scenario",
]
