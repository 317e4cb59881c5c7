"""Screening rules as data: the model of a rule file, and the loader of a content folder's rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationError

from ..codes import SIDES, SITES, Action, Decision, Position, Refer, Technique, is_site_key
from ..errors import ContentError, Problem, problems_from_validation
from ..files import read_data_file
from ..ids import DefaultName, Reference, RuleId, SeedId
from ..strict import StrictModel
from .conditions import ConditionError, Evaluator, compile_condition, needed_codes

#: Brief rules that no client case can trigger; teaching items may still cite them.
BRIEF_ONLY_RULES: dict[str, str] = {
    "R40": "what massage can promise: answered in conversation with the client, not from a case",
}


def _site_key(value: str) -> str:
    if not is_site_key(value):
        raise ValueError(
            f"{value!r} is not 'site' or 'site:side'; "
            f"sites: {', '.join(SITES)}; sides: {', '.join(SIDES)}"
        )
    return value


SiteKey = Annotated[str, AfterValidator(_site_key)]
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
    #: The matched findings' side carries the weight in side-lying: lie on the other side
    #: only (both sides: no side-lying).
    lie_on_other_side: bool = False
    max_session_minutes: DefaultName | None = None
    must_do: list[Action] = []


class Rule(StrictModel):
    """One screening rule: when it fires, what it does, why, and what it rests on."""

    id: RuleId
    title: Annotated[str, Field(min_length=3)]
    seed: Annotated[list[SeedId], Field(min_length=1)]
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


def _rule_files(folder: Traversable) -> list[Traversable]:
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def load_rules_from(folder: Traversable, label: str = "content/rules") -> tuple[CompiledRule, ...]:
    """Load, validate and compile the rule files of ``folder``; ids must be unique.

    Problems are reported as ``{label}/{file name}``; raise ContentError listing all of them.
    """
    rules: list[CompiledRule] = []
    problems: list[Problem] = []
    for path in _rule_files(folder):
        name = f"{label}/{path.name}"
        try:
            rules += compile_rule_file(read_data_file(path, ContentError), name)
        except ContentError as error:
            problems += [Problem(name, p.key, p.message) for p in error.problems]
    if not rules and not problems:
        problems.append(Problem(label, "", "no rule files (*.yaml) found"))
    seen: dict[str, str] = {}
    for r in rules:
        if r.rule.id in seen:
            message = f"duplicate rule id {r.rule.id!r} (also in {seen[r.rule.id]})"
            problems.append(Problem(r.file, "id", message))
        seen[r.rule.id] = r.file
    if problems:
        raise ContentError(problems)
    return tuple(rules)


@cache
def load_rules() -> tuple[CompiledRule, ...]:
    """The package's own rule set (loaded once and cached)."""
    return load_rules_from(resources.files("alsedu") / "content" / "rules")
