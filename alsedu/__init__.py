"""alsedu: a Jupyter course on adapting massage for clients living with ALS.

The public API: screen a client case into a session plan, load the content bank, and keep a
learner's progress. The self-study parts whose libraries take time to import (FSRS, genanki,
fpdf2) are imported on first use, so ``alsedu screen`` starts as fast as before.
"""

from importlib import import_module
from typing import Any

from .bank import Bank, check_content, load_bank
from .case import Case, Finding, load_case
from .errors import AlseduError, CaseError, ContentError, InputError, Problem
from .report import render_plan
from .screening import Plan, RuleHit, SiteLimit, load_rules, load_rules_from, screen
from .settings import TEACHING_DEFAULTS, TeachingDefault
from .store import AnswerRecord, ProgressStore, StoreError, store_path

#: Exported names imported on first use, by module.
_LAZY = {
    "STUDY_SETTINGS": ".review",
    "MasteryReport": ".review",
    "mastery_report": ".review",
    "due_items": ".review",
    "write_deck": ".deck",
    "write_certificate": ".certificate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'alsedu' has no attribute {name!r}")


__all__ = [
    "STUDY_SETTINGS",
    "TEACHING_DEFAULTS",
    "AlseduError",
    "AnswerRecord",
    "Bank",
    "Case",
    "CaseError",
    "ContentError",
    "Finding",
    "InputError",
    "MasteryReport",
    "Plan",
    "Problem",
    "ProgressStore",
    "RuleHit",
    "SiteLimit",
    "StoreError",
    "TeachingDefault",
    "check_content",
    "due_items",
    "load_bank",
    "load_case",
    "load_rules",
    "load_rules_from",
    "mastery_report",
    "render_plan",
    "screen",
    "store_path",
    "write_certificate",
    "write_deck",
]
