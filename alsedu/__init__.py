"""alsedu: a Jupyter course on adapting massage for clients living with ALS.

The public API: screen a client case into a session plan, and load the content bank.
"""

from .bank import Bank, load_bank
from .case import Case, Finding, load_case
from .errors import AlseduError, CaseError, ContentError, InputError, Problem
from .plan import Plan, RuleHit, SiteLimit
from .report import render_plan
from .rules import load_rules
from .screening import screen
from .settings import TEACHING_DEFAULTS, TeachingDefault

__all__ = [
    "TEACHING_DEFAULTS",
    "AlseduError",
    "Bank",
    "Case",
    "CaseError",
    "ContentError",
    "Finding",
    "InputError",
    "Plan",
    "Problem",
    "RuleHit",
    "SiteLimit",
    "TeachingDefault",
    "load_bank",
    "load_case",
    "load_rules",
    "render_plan",
    "screen",
]
