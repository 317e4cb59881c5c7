"""The schema of the content bank (see ``docs/content-format.md``): one model per file kind."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .case import Case
from .codes import ACTIONS, POSITIONS, SECTIONS, TECHNIQUES, FindingCode, Refer
from .ids import RuleId, SeedId, SourceId
from .strict import StrictModel

Section = Literal[tuple(SECTIONS)]  # type: ignore[valid-type]
ContentId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Text = Annotated[str, Field(min_length=2)]
Sources = Annotated[list[SourceId], Field(min_length=1)]
SeedIds = Annotated[list[SeedId], Field(min_length=1)]


class SeedBullet(StrictModel):
    """One bullet of the seed document: a short title in our own words, and its objectives.

    Each objective completes the sentence "After this you can ..." (``recognise ...``).
    """

    id: SeedId
    section: Section
    title: Annotated[str, Field(min_length=3, max_length=80)]
    objectives: Annotated[list[Text], Field(min_length=2, max_length=3)]


class SeedFile(StrictModel):
    bullets: list[SeedBullet]


class Source(StrictModel):
    """A numbered reference of the clinical brief."""

    id: SourceId
    title: Text
    author: Text
    year: Text
    urls: Annotated[list[str], Field(min_length=1)]
    read: Literal["full", "opening", "abstract", "secondary", "fragments", "meta"]
    note: str | None = None


class SourceFile(StrictModel):
    sources: list[Source]


class Term(StrictModel):
    """A glossary term in plain language."""

    id: ContentId
    term: Text
    also: list[str] = []
    meaning: Text
    touch: str | None = None
    sources: Sources
    see: list[ContentId] = []


class GlossaryFile(StrictModel):
    terms: list[Term]


class Fact(StrictModel):
    """A fact or figure with the sources that support it."""

    text: Text
    sources: Sources


class Correction(StrictModel):
    """Where the seed is weak or wrong (brief 6.3): what it says, what the sources say."""

    seed_says: Text
    sources_say: Text
    sources: Sources


class View(StrictModel):
    """One side of a disagreement (a view the brief reports without a number may cite none)."""

    view: Text
    sources: list[SourceId] = []


class Disagreement(StrictModel):
    """Two or more views from the sources and the line this curriculum takes."""

    views: Annotated[list[View], Field(min_length=2)]
    our_line: Text
    why: Text


class TeachingItem(StrictModel):
    """One teaching item: its key message, meaning, why it matters for touch, what to do, and
    the evidence (facts; research figures that change nothing a student does go under
    ``if_client_asks``)."""

    id: ContentId
    section: Section
    seed: SeedIds
    kind: Literal["core", "omission", "disagreement"]
    title: Text
    key_message: Text
    meaning: Text
    why_touch: Text
    do: Annotated[list[Text], Field(min_length=1)]
    facts: Annotated[list[Fact], Field(min_length=1)]
    correction: Correction | None = None
    disagreement: Disagreement | None = None
    if_client_asks: list[Fact] = []
    rules: list[RuleId] = []

    @model_validator(mode="after")
    def _disagreement_block_fits_kind(self) -> TeachingItem:
        if (self.kind == "disagreement") != (self.disagreement is not None):
            raise ValueError(
                "a 'disagreement' block is required for kind disagreement and only there"
            )
        return self


class TeachingFile(StrictModel):
    items: list[TeachingItem]


class Choice(StrictModel):
    """One option of a choice question, with why it is right or wrong."""

    id: Annotated[str, Field(pattern=r"^[a-h]$")]
    text: Text
    correct: bool
    why: Text
    sources: Sources


class OrderItem(StrictModel):
    """One step of an ordering question, listed in the correct place."""

    id: Annotated[str, Field(pattern=r"^[a-h]$")]
    text: Text
    why: Text
    sources: Sources


class Criterion(StrictModel):
    points: Annotated[int, Field(ge=1)]
    text: Text


class Rubric(StrictModel):
    """How a written answer is marked by hand."""

    points: Annotated[int, Field(ge=1, le=10)]
    model_answer: Text
    criteria: Annotated[list[Criterion], Field(min_length=1)]

    @model_validator(mode="after")
    def _criteria_add_up(self) -> Rubric:
        total = sum(c.points for c in self.criteria)
        if total != self.points:
            raise ValueError(f"criteria add up to {total} points, rubric says {self.points}")
        return self


class Question(StrictModel):
    """A practice or graded question about one or more seed bullets."""

    id: Annotated[str, Field(pattern=r"^q-[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
    kind: Literal["single", "multiple", "case", "ordering", "written"]
    use: Literal["practice", "graded"]
    section: Section
    seed: SeedIds
    difficulty: Annotated[int, Field(ge=1, le=3)]
    prompt: Text
    #: For practice questions: points to the teaching item or rule, never gives the answer.
    hint: Text | None = None
    case: ContentId | None = None
    choices: list[Choice] = []
    items: list[OrderItem] = []
    rubric: Rubric | None = None
    sources: list[SourceId] = []

    @model_validator(mode="after")
    def _parts_fit_kind(self) -> Question:
        kind, correct = self.kind, sum(c.correct for c in self.choices)
        has = {
            "choices": bool(self.choices),
            "items": bool(self.items),
            "rubric": bool(self.rubric),
        }
        needs = {"single": "choices", "multiple": "choices", "case": "choices",
                 "ordering": "items", "written": "rubric"}[kind]  # fmt: skip
        extra = [part for part, present in has.items() if present and part != needs]
        if not has[needs]:
            raise ValueError(f"a {kind} question needs '{needs}'")
        if extra:
            raise ValueError(f"a {kind} question takes no '{extra[0]}'")
        if (kind == "case") != (self.case is not None):
            raise ValueError("'case' names a case id for kind case, and only there")
        if kind in {"single", "case"} and correct != 1:
            raise ValueError(f"a {kind} question needs exactly one correct choice, has {correct}")
        if kind == "multiple" and not 0 < correct < len(self.choices):
            raise ValueError("a multiple question needs at least one correct and one wrong choice")
        ids = [c.id for c in self.choices] or [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"option ids repeat: {ids}")
        if kind in {"single", "multiple", "case"} and not 3 <= len(self.choices) <= 6:
            raise ValueError(f"a choice question needs 3 to 6 choices, has {len(self.choices)}")
        if (self.use == "practice") != (self.hint is not None):
            raise ValueError("a practice question needs a 'hint', and only a practice question")
        return self

    @property
    def answer(self) -> str | list[str]:
        """The key: one choice id, the set of correct ids (sorted), the correct order, or ''."""
        if self.kind in {"single", "case"}:
            return next(c.id for c in self.choices if c.correct)
        if self.kind == "multiple":
            return sorted(c.id for c in self.choices if c.correct)
        if self.kind == "ordering":
            return [i.id for i in self.items]
        return ""


class QuestionFile(StrictModel):
    questions: list[Question]


class ExpectedLimit(StrictModel):
    site: Text
    max_pressure: int | None = None
    exclude: list[Literal[TECHNIQUES]] = []  # type: ignore[valid-type]


class Expected(StrictModel):
    """What the engine must decide for a bank case: exact keys, or ``*_include`` subsets."""

    proceed: bool | None = None
    emergency: bool | None = None
    refer: Refer | None = None
    avoid_sites: list[str] | None = None
    max_pressure: int | None = None
    max_session_minutes: int | None = None
    excluded_positions: list[Literal[POSITIONS]] | None = None  # type: ignore[valid-type]
    work_positions: list[Literal[POSITIONS]] | None = None  # type: ignore[valid-type]
    side_lying_on: Literal["left", "right"] | None = None
    avoid_sites_include: list[str] = []
    excluded_techniques_include: list[Literal[TECHNIQUES]] = []  # type: ignore[valid-type]
    excluded_techniques_exclude: list[Literal[TECHNIQUES]] = []  # type: ignore[valid-type]
    indicated_techniques_include: list[Literal[TECHNIQUES]] = []  # type: ignore[valid-type]
    excluded_positions_include: list[Literal[POSITIONS]] = []  # type: ignore[valid-type]
    must_do_include: list[Literal[ACTIONS]] = []  # type: ignore[valid-type]
    site_limits_include: list[ExpectedLimit] = []
    rules_include: list[RuleId] = []
    rules_exclude: list[RuleId] = []


class CaseFile(StrictModel):
    """A bank case: what the student reads, the contract case, and the plan it must get."""

    id: Annotated[str, Field(pattern=r"^case-[a-z0-9]+(-[a-z0-9]+)*$", max_length=48)]
    archetype: Annotated[str, Field(pattern=r"^C\d\d$")] | None = None
    section: Section
    seed: SeedIds
    title: Text
    narrative: Text
    case: Case
    expected: Expected
    #: Finding codes that interpret the story (``stroke_signs``): views hold them back
    #: until the student has decided.
    engine_only: list[FindingCode] = []

    def intake(self) -> dict[str, Any]:
        """The case data a student may see before deciding: no engine-only findings."""
        data = self.case.model_dump(mode="json", exclude_defaults=True, exclude={"id", "title"})
        shown = [f for f in data.get("findings", []) if f["code"] not in self.engine_only]
        if shown:
            data["findings"] = shown
        else:
            data.pop("findings", None)
        return data

    @model_validator(mode="after")
    def _ids_agree(self) -> CaseFile:
        if self.case.id != self.id:
            raise ValueError(f"case.id {self.case.id!r} differs from the file's id {self.id!r}")
        return self


class FigureSpec(StrictModel):
    """A figure a module shows: its kind, and the case it draws when it needs one."""

    kind: Literal["body_map", "pressure_scale", "disease_course", "alsfrs_profile"]
    case: ContentId | None = None

    @model_validator(mode="after")
    def _case_when_needed(self) -> FigureSpec:
        if (self.kind == "disease_course") != (self.case is None):
            raise ValueError("a disease_course figure takes no case; every other kind needs one")
        return self


class Module(StrictModel):
    """One section module of the course (``modules.yaml``): its notebook and what it shows."""

    id: Section
    file: Annotated[str, Field(pattern=r"^0[1-5]-[a-z-]+\.ipynb$")]
    title: Text
    section: Section
    intro: Text
    scenarios: Annotated[list[ContentId], Field(min_length=2)]
    figures: Annotated[list[FigureSpec], Field(min_length=1)]


class ModuleFile(StrictModel):
    modules: list[Module]
