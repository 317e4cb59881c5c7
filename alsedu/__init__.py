"""alsedu: a Jupyter course on adapting massage for clients living with ALS.

The public API: screen a client case into a session plan, and load the content bank.
"""

from .bank import Bank, check_content, load_bank
from .case import Case, Finding, load_case
from .errors import AlseduError, CaseError, ContentError, InputError, Problem
from .report import render_plan
from .screening import Plan, RuleHit, SiteLimit, load_rules, load_rules_from, screen
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
    "check_content",
    "load_bank",
    "load_case",
    "load_rules",
    "load_rules_from",
    "render_plan",
    "screen",
]
