"""The session plan: the output half of the screening contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..codes import Action, Decision, Position, Refer, Technique

LyingSide = Literal["left", "right"]

Summary = Literal["emergency", "postpone", "adapt", "proceed"]


class SiteLimit(BaseModel):
    """A stricter limit on one site (``site`` or ``site:side``)."""

    model_config = ConfigDict(frozen=True)

    site: str
    max_pressure: int | None = None
    exclude: list[Technique] = []


class RuleHit(BaseModel):
    """A rule that fired, with its reason, sources and what triggered it."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    decision: Decision
    refer: Refer
    why: str
    sources: list[str]
    because: list[str]
    sites: list[str] = []  # addition: the sites this rule's site limits name


class RequestAnswer(BaseModel):
    """The answer to something the client asked for today."""

    model_config = ConfigDict(frozen=True)

    code: str
    granted: bool
    why: str


class Plan(BaseModel):
    """A session plan in the contract's keys, plus additions (``docs/screening-additions.md``):
    ``decision``, ``requests``, ``excluded_by`` (the rules that leave out each technique and
    position), ``work_positions`` (the positions left to work in) and ``side_lying_on``
    (side-lying on this side only)."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    decision: Summary
    proceed: bool
    emergency: bool
    refer: Refer
    avoid_sites: list[str]
    avoid_margin_cm: int | None
    max_pressure: int | None
    site_limits: list[SiteLimit]
    excluded_techniques: list[Technique]
    indicated_techniques: list[Technique]
    excluded_positions: list[Position]
    excluded_by: dict[str, list[str]]
    work_positions: list[Position]
    side_lying_on: LyingSide | None
    max_session_minutes: int | None
    must_do: list[Action]
    requests: list[RequestAnswer]
    rules: list[RuleHit]

    def fired(self, rule_id: str) -> bool:
        """Whether the rule with this id fired for the case."""
        return any(hit.id == rule_id for hit in self.rules)
