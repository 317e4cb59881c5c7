"""One definition per id type: seed ids, source ids, rule ids and teaching-default names.

The content schema, the rule files and the condition language all validate ids through
these types, so an id means the same thing (and fails with the same message) everywhere.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .codes import SEED_IDS
from .settings import TEACHING_DEFAULTS

SOURCE_PATTERN = r"^S[1-9][0-9]*$"
RULE_PATTERN = r"^R\d\d[a-z]?$"

SeedId = Literal[SEED_IDS]  # type: ignore[valid-type]
SourceId = Annotated[str, Field(pattern=SOURCE_PATTERN)]
RuleId = Annotated[str, Field(pattern=RULE_PATTERN)]


def is_source_id(value: str) -> bool:
    """Whether ``value`` has the shape of a source id (``S1``, ``S52``, ...)."""
    return re.match(SOURCE_PATTERN, value) is not None


def check_default_name(name: object) -> str:
    """Return ``name`` if it names a teaching default; else ValueError listing the allowed ones."""
    if not isinstance(name, str) or name not in TEACHING_DEFAULTS:
        allowed = ", ".join(TEACHING_DEFAULTS)
        raise ValueError(f"unknown teaching default {name!r}; allowed: {allowed}")
    return name


def _reference(value: str) -> str:
    if value not in SEED_IDS and not is_source_id(value):
        raise ValueError(f"{value!r} is neither a seed id (SS1…SC6) nor a source id (S1, S2, …)")
    return value


DefaultName = Annotated[str, AfterValidator(check_default_name)]
#: A citation in a rule: a seed bullet id or a source id.
Reference = Annotated[str, AfterValidator(_reference)]
