"""The client case: the input half of the screening contract."""

from __future__ import annotations

from difflib import get_close_matches
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .codes import (
    DEVICE_ATTRIBUTES,
    FINDING_ATTRIBUTES,
    POSITIONS,
    SIDES,
    SITES,
    TECHNIQUES,
    AlsfrsItem,
    ClearanceCode,
    ClotStatus,
    DeviceCode,
    FindingCode,
    HistoryCode,
    KingsStage,
    MasGrade,
    MedicationName,
    Onset,
    OsteoporosisSeverity,
    PressureInjuryStage,
    Side,
    Site,
    SwellingOnset,
    is_site_key,
)
from .errors import CaseError, Problem, problems_from_validation
from .files import read_data_file
from .strict import StrictModel, codes_as_text

Score = Annotated[int, Field(ge=0, le=4)]
#: History codes that name a clot (what ``clot_status`` and ``clot_days_ago`` describe).
CLOT_HISTORY = frozenset({"dvt", "pulmonary_embolism"})
MRC_FOUR = ("4-", "4+")


class Alsfrs(StrictModel):
    """Recorded ALSFRS-R items, each 0 (no function) to 4 (normal); any subset (S21)."""

    speech: Score | None = None
    salivation: Score | None = None
    swallowing: Score | None = None
    handwriting: Score | None = None
    cutting_food: Score | None = None
    dressing_hygiene: Score | None = None
    turning_in_bed: Score | None = None
    walking: Score | None = None
    climbing_stairs: Score | None = None
    dyspnea: Score | None = None
    orthopnea: Score | None = None
    respiratory_insufficiency: Score | None = None

    def item(self, name: AlsfrsItem) -> int | None:
        """Return one item's score, or None when it was not recorded."""
        return getattr(self, name)


def _attributes_fit_code(data: Any, kind: str, attributes: dict[str, frozenset[str]]) -> Any:
    """Refuse an attribute the object's code does not take, naming the ones it does."""
    if isinstance(data, dict) and isinstance(data.get("code"), str) and data["code"] in attributes:
        allowed = attributes[data["code"]]
        extra = [k for k in data if k != "code" and k not in allowed]
        if extra:
            raise PydanticCustomError(
                "finding_attribute",
                "{kind} {code} does not take {key}; allowed: {allowed}",
                {
                    "kind": kind,
                    "code": repr(data["code"]),
                    "key": repr(extra[0]),
                    "allowed": ", ".join(sorted(allowed)) or "no attributes",
                },
            )
    return data


def _mrc_grade(value: Any) -> Any:
    """MRC grades are 0-5; ``"4-"`` and ``"4+"`` (contract 1.1) are read as 4."""
    if isinstance(value, str):
        if value in MRC_FOUR:
            return 4
        raise ValueError(f"unknown MRC grade {value!r}; allowed: 0, 1, 2, 3, 4, 5, '4-', '4+'")
    return value


def _request(value: Any) -> str:
    """A request is a technique, a position, or a body site (``site`` or ``site:side``)."""
    if value in TECHNIQUES or value in POSITIONS or is_site_key(value):
        return value
    close = get_close_matches(str(value), [*TECHNIQUES, *POSITIONS, *SITES], n=3)
    hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""

    def quoted(codes: tuple[str, ...]) -> str:
        return ", ".join(map(repr, codes))

    raise ValueError(
        f"unknown request {value!r}; {hint}allowed: a technique ({quoted(TECHNIQUES)}), "
        f"a position ({quoted(POSITIONS)}) or a site as 'site' or 'site:side' "
        f"({quoted(SITES)}; sides {quoted(SIDES)})"
    )


Request = Annotated[str, AfterValidator(_request)]


class Finding(StrictModel):
    """Something the intake or observation found today, with the attributes its code allows."""

    code: FindingCode
    site: Site | None = None
    side: Side | None = None
    onset: SwellingOnset | None = None
    warm: bool | None = None
    red: bool | None = None
    painful: bool | None = None
    pitting: bool | None = None
    bigger: bool | None = None  # addition: grown since it was last assessed
    stage: Annotated[PressureInjuryStage | None, BeforeValidator(codes_as_text)] = None
    days_ago: Annotated[int, Field(ge=0)] | None = None
    mrc: Annotated[int, BeforeValidator(_mrc_grade), Field(ge=0, le=5)] | None = None
    mas: Annotated[MasGrade | None, BeforeValidator(codes_as_text)] = None
    severity: OsteoporosisSeverity | None = None

    @model_validator(mode="before")
    @classmethod
    def _fits_code(cls, data: Any) -> Any:
        return _attributes_fit_code(data, "finding", FINDING_ATTRIBUTES)


class Device(StrictModel):
    """A device the client uses: how long ago it was placed, and where (a port, a patch)."""

    code: DeviceCode
    site: Site | None = None
    side: Side | None = None
    days_since_placement: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _fits_code(cls, data: Any) -> Any:
        return _attributes_fit_code(data, "device", DEVICE_ATTRIBUTES)


class Medication(StrictModel):
    """A medicine on the client's list (lower-case generic name), with the last dose if known."""

    name: MedicationName
    days_since_dose: Annotated[int, Field(ge=0)] | None = None


class Case(StrictModel):
    """A client case in the screening contract's format (YAML or JSON, the same keys)."""

    id: Annotated[str, Field(min_length=1)]
    title: str | None = None
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    onset: Onset | None = None
    kings_stage: Annotated[KingsStage | None, BeforeValidator(codes_as_text)] = None
    mitos_stage: Annotated[int, Field(ge=0, le=4)] | None = None
    alsfrs_r: Alsfrs = Alsfrs()
    temperature_c: Annotated[float, Field(ge=30, le=45)] | None = None
    braden: Annotated[int, Field(ge=6, le=23)] | None = None  # addition (S29)
    findings: list[Finding] = []
    devices: list[Device] = []
    medications: list[Medication] = []
    history: list[HistoryCode] = []
    clot_status: ClotStatus | None = None  # addition (R04): a clot still treated, or resolved
    clot_days_ago: Annotated[int, Field(ge=0)] | None = None  # addition (R04)
    clearances: list[ClearanceCode] = []
    requests: list[Request] = []

    @model_validator(mode="after")
    def _clot_fields_need_a_clot(self) -> Case:
        if CLOT_HISTORY.isdisjoint(self.history):
            for key in ("clot_status", "clot_days_ago"):
                if getattr(self, key) is not None:
                    raise ValueError(
                        f"{key} describes a clot, but history names none; "
                        f"add dvt or pulmonary_embolism to history, or leave {key} out"
                    )
        return self

    @cached_property
    def findings_by_code(self) -> dict[str, tuple[Finding, ...]]:
        """Today's findings grouped by code (computed once; the case is frozen)."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.code, []).append(finding)
        return {code: tuple(found) for code, found in grouped.items()}

    @classmethod
    def from_data(cls, data: Any, file: str = "", prefix: str = "") -> Case:
        """Validate parsed YAML/JSON; raise CaseError with one problem per bad value."""
        if not isinstance(data, dict):
            kind = "empty" if data is None else type(data).__name__
            raise CaseError([Problem(file, prefix, f"expected a mapping of case keys, got {kind}")])
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise CaseError(problems_from_validation(error, file, prefix)) from None


def load_case(path: str | Path) -> Case:
    """Read a case file (YAML or JSON). A case-bank file's ``case:`` block is read too."""
    data = read_data_file(path)
    prefix = ""
    if isinstance(data, dict) and isinstance(data.get("case"), dict):
        data, prefix = data["case"], "case"
    return Case.from_data(data, file=str(path), prefix=prefix)
