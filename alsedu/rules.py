"""Screening rules as data: the model of a rule file and the loader of the package's rule set."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationError

from .case import read_data_file
from .codes import SEED_IDS, SIDES, SITES, Action, Decision, Position, Refer, Technique
from .conditions import ConditionError, Evaluator, compile_condition, needed_codes
from .errors import ContentError, Problem, problems_from_validation
from .settings import TEACHING_DEFAULTS
from .strict import StrictModel

#: Brief rules that no client case can trigger; teaching items may still cite them.
BRIEF_ONLY_RULES: dict[str, str] = {
    "R40": "what massage can promise: answered in conversation with the client, not from a case",
}

SITE_KEY = re.compile(rf"^({'|'.join(SITES)})(:({'|'.join(SIDES)}))?$")
SOURCE_ID = re.compile(r"^S([1-9]|[1-6][0-9])$")


def _teaching_default(name: str) -> str:
    if name not in TEACHING_DEFAULTS:
        raise ValueError(
            f"unknown teaching default {name!r}; allowed: {', '.join(TEACHING_DEFAULTS)}"
        )
    return name


def _site_key(value: str) -> str:
    if not SITE_KEY.match(value):
        raise ValueError(
            f"{value!r} is not 'site' or 'site:side'; "
            f"sites: {', '.join(SITES)}; sides: {', '.join(SIDES)}"
        )
    return value


def _reference(value: str) -> str:
    if value not in SEED_IDS and not SOURCE_ID.match(value):
        raise ValueError(f"{value!r} is neither a seed id (SS1…SC6) nor a source id (S1…S69)")
    return value


DefaultName = Annotated[str, AfterValidator(_teaching_default)]
SiteKey = Annotated[str, AfterValidator(_site_key)]
Reference = Annotated[str, AfterValidator(_reference)]
Sites = Literal["matched"] | list[SiteKey]


class SiteLimitEffect(StrictModel):
    """A stricter limit on some sites: the matched findings' sites or a fixed list."""

    sites: Sites
    max_pressure: DefaultName | None = None
    exclude: list[Technique] = []


class Effects(StrictModel):
    """What a rule does to the plan when its condition holds."""

    decision: Decision
    refer: Refer = "none"
    avoid_sites: Sites = []
    site_limits: list[SiteLimitEffect] = []
    max_pressure: DefaultName | None = None
    exclude_techniques: list[Technique] = []
    indicate_techniques: list[Technique] = []
    exclude_positions: list[Position] = []
    max_session_minutes: DefaultName | None = None
    must_do: list[Action] = []


class Rule(StrictModel):
    """One screening rule: when it fires, what it does, why, and what it rests on."""

    id: Annotated[str, Field(pattern=r"^R\d\d[a-z]?$")]
    title: Annotated[str, Field(min_length=3)]
    seed: Annotated[list[Literal[SEED_IDS]], Field(min_length=1)]  # type: ignore[valid-type]
    sources: Annotated[list[Reference], Field(min_length=1)]
    why: Annotated[str, Field(min_length=10)]
    when: dict[str, Any]
    effects: Effects


class RuleFile(StrictModel):
    """A file of rules under ``content/rules/``."""

    rules: list[Rule]


@dataclass(frozen=True, eq=False)
class CompiledRule:
    """A validated rule with its condition compiled and its citation prepared."""

    rule: Rule
    condition: Evaluator
    file: str
    needs: frozenset[str] | None = None

    @cached_property
    def baseline(self) -> bool:
        """Whether the rule applies to every client (``when: {always: true}``)."""
        return self.rule.when == {"always": True}

    @cached_property
    def why(self) -> str:
        """The reason on one line."""
        return " ".join(self.rule.why.split())

    @cached_property
    def citations(self) -> list[str]:
        """Seed ids, then source numbers, without repeats."""
        return list(dict.fromkeys([*self.rule.seed, *self.rule.sources]))


def compile_rule_file(data: Any, file: str) -> list[CompiledRule]:
    """Validate one rule file and compile its conditions; raise ContentError listing problems."""
    if not isinstance(data, dict):
        raise ContentError([Problem(file, "", "expected a mapping with key 'rules'")])
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as error:
        raise ContentError(problems_from_validation(error, file)) from None
    compiled, problems = [], []
    for i, rule in enumerate(parsed.rules):
        try:
            condition = compile_condition(rule.when)
            compiled.append(CompiledRule(rule, condition, file, needed_codes(rule.when)))
        except ConditionError as error:
            problems.append(Problem(file, f"rules.{i}.{error.where}", error.message))
    if problems:
        raise ContentError(problems)
    return compiled


def rule_files() -> list[Any]:
    """The packaged rule files, in name order."""
    folder = resources.files("alsedu") / "content" / "rules"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def load_rules() -> tuple[CompiledRule, ...]:
    """Load, validate and compile the package's rule set (cached); ids must be unique."""
    rules: list[CompiledRule] = []
    problems: list[Problem] = []
    for path in rule_files():
        name = f"content/rules/{path.name}"
        try:
            rules += compile_rule_file(read_data_file(path, ContentError), name)
        except ContentError as error:
            problems += [Problem(name, p.key, p.message) for p in error.problems]
    seen: dict[str, str] = {}
    for r in rules:
        if r.rule.id in seen:
            problems.append(
                Problem(
                    r.file, "id", f"duplicate rule id {r.rule.id!r} (also in {seen[r.rule.id]})"
                )
            )
        seen[r.rule.id] = r.file
    if problems:
        raise ContentError(problems)
    return tuple(rules)
