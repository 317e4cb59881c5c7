"""The course's ipywidgets: each a pure-function core under a thin widget shell.

- :mod:`.practice`: a practice question of any kind, with per-option feedback and hints.
- :mod:`.scenario`: a client's story, the student's decision, then the engine's plan.
- :mod:`.explorer`: a case built with form controls, re-screened on every change.
- :mod:`.builder`: the capstone plan builder, scored part by part against the engine.
- :mod:`.review`: saving practice answers to the progress store, and the review of what is due.
- :mod:`.dashboard`: mastery per section and bullet, the weakest bullets, the week ahead.
"""

from .builder import BuilderAnswer, PlanBuilder, compare, plan_builder
from .dashboard import Dashboard, dashboard
from .explorer import CaseExplorer, explorer
from .practice import Answer, PracticeQuestion, PracticeSet, check, practice, practice_set
from .review import Recorder, ReviewSession, review
from .scenario import CaseScenario, scenario

__all__ = [
    "Answer",
    "BuilderAnswer",
    "CaseExplorer",
    "CaseScenario",
    "Dashboard",
    "PlanBuilder",
    "PracticeQuestion",
    "PracticeSet",
    "Recorder",
    "ReviewSession",
    "check",
    "compare",
    "dashboard",
    "explorer",
    "plan_builder",
    "practice",
    "practice_set",
    "review",
    "scenario",
]
