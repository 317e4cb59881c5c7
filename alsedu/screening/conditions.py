"""The small condition language of the screening rules.

A rule's ``when`` is one of these YAML forms (a mapping with exactly one key):

``all: [cond, ...]`` / ``any: [cond, ...]`` / ``not: cond``
    Combine conditions.
``finding: {code: ..., <attribute>: value | [values], <number>_at_most: n}``
    Some finding today matches. ``code`` may be a list. A list value means "one of"
    (``null`` in it matches a missing attribute); ``mrc_at_most`` and ``days_ago_at_most``
    compare numbers (a missing number never matches). The matched findings' sites feed
    the rule's ``matched`` site effects.
``alsfrs: {item: <item>, at_most: n}``
    A recorded ALSFRS-R item is at or below ``n``.
``temperature_at_least: <teaching default>``
    The measured temperature reaches the named teaching default.
``device: <code> | {code: <code> | [codes], placed_within: <teaching default>, site: [..]}``
    The client uses the device (placed within the named number of days; at one of the
    listed sites, ``null`` meaning "no site recorded"). A device's site feeds the rule's
    ``matched`` site effects, as a finding's does.
``medication: {name: [..]} | {class: [..]} (+ dose_within: <teaching default>)``
    A listed medicine by name or class (dose within the window; an unknown date counts as
    within). ``class`` may map each class to its own window:
    ``{class: {anticoagulant: <teaching default>, ...}}``.
``history: [codes]`` / ``cleared: <code>`` / ``onset: [..]`` / ``kings_stage: [..]`` /
``requested: [codes]``
    Plain look-ups on the case.
``mitos_at_least: n``
    MiToS stage, as recorded or as derived from the ALSFRS-R items (S24), reaches ``n``.
``mitos_at_most: n`` / ``always: true``
    Recorded MiToS stage at or below ``n`` (a stage derived from a few items could understate
    it); a condition that always holds (the baseline rules).
``braden_at_most: <teaching default>``
    The recorded Braden total is at or below the named teaching default.
``clot_status: current | resolved`` / ``clot_within: <teaching default>``
    What the case records of the clot on its history (additions): its status, or that it was
    diagnosed within the named number of days (an unknown date never matches).

Every leaf explains itself: a match carries the plain-language reasons shown in the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from ..case import Case, Finding
from ..codes import (
    ALSFRS_ITEMS,
    DEVICES,
    FINDING_ATTRIBUTES,
    FINDING_CODES,
    MEDICATION_CLASSES,
    MEDICATIONS,
    POSITIONS,
    TECHNIQUES,
    ClearanceCode,
    ClotStatus,
    HistoryCode,
    KingsStage,
    Onset,
    site_key,
)
from ..ids import check_default_name
from ..settings import teaching_default


@dataclass(frozen=True)
class Match:
    """A condition that holds: the findings it matched and its other reasons in plain words.

    Findings are described only when a plan is written (see :func:`describe_finding`).
    """

    findings: tuple[Finding, ...] = ()
    reasons: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()  # site keys of matched devices

    def __add__(self, other: Match) -> Match:
        return Match(
            self.findings + other.findings, self.reasons + other.reasons, self.sites + other.sites
        )


Evaluator = Callable[[Case], Match | None]


class ConditionError(ValueError):
    """A condition in a rule file that the language does not allow."""

    def __init__(self, where: str, message: str):
        self.where, self.message = where, message
        super().__init__(f"{where}: {message}")


def derived_mitos(case: Case) -> int | None:
    """MiToS stage derived from recorded ALSFRS-R items (Chiò 2015, S24), or None.

    Domains lost: movement (walking ≤1 or dressing/hygiene ≤1), swallowing (≤1),
    communicating (speech ≤1 and handwriting ≤1, per the original table), breathing
    (dyspnea ≤1 or respiratory insufficiency ≤2). Unrecorded items count as not lost.
    """
    a = case.alsfrs_r

    def low(name: str, limit: int) -> bool:
        value = getattr(a, name)
        return value is not None and value <= limit

    if all(getattr(a, name) is None for name in ALSFRS_ITEMS):
        return None
    domains = (
        low("walking", 1) or low("dressing_hygiene", 1),
        low("swallowing", 1),
        low("speech", 1) and low("handwriting", 1),
        low("dyspnea", 1) or low("respiratory_insufficiency", 2),
    )
    return sum(domains)


def mitos_stage(case: Case) -> int | None:
    """The higher of the recorded and the derived MiToS stage (safety first)."""
    values = [v for v in (case.mitos_stage, derived_mitos(case)) if v is not None]
    return max(values) if values else None


def _setting(name: Any, where: str) -> float | int:
    try:
        return teaching_default(check_default_name(name))
    except ValueError as error:
        raise ConditionError(where, str(error)) from None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def describe_finding(f: Finding) -> str:
    """A finding in plain words, e.g. ``finding swelling at calf:left (onset new, warm)``."""
    where = f" at {site_key(f.site, f.side)}" if f.site else (f" ({f.side})" if f.side else "")
    attributes = []
    for name in ("onset", "stage", "mas", "mrc", "severity", "days_ago"):
        value = getattr(f, name)
        if value is not None:
            attributes.append(f"{name} {value}")
    flags = ("warm", "red", "painful", "pitting", "bigger")
    attributes += [name for name in flags if getattr(f, name)]
    detail = f" ({', '.join(attributes)})" if attributes else ""
    return f"finding {f.code}{where}{detail}"


def _finding(spec: Any, where: str) -> Evaluator:
    if not isinstance(spec, Mapping) or "code" not in spec:
        raise ConditionError(where, "'finding' needs a mapping with 'code'")
    codes = _as_list(spec["code"])
    bad = [c for c in codes if c not in FINDING_CODES]
    if bad:
        raise ConditionError(
            where, f"unknown finding code {bad[0]!r}; allowed: {', '.join(FINDING_CODES)}"
        )
    allowed_attrs = set().union(*(FINDING_ATTRIBUTES[c] for c in codes))
    tests: list[Callable[[Finding], bool]] = []
    for key, value in spec.items():
        if key == "code":
            continue
        if key.endswith("_at_most"):
            attr = key.removesuffix("_at_most")
            if attr not in allowed_attrs:
                raise ConditionError(where, f"{key!r} does not fit codes {codes}")
            tests.append(
                lambda f, a=attr, v=value: getattr(f, a) is not None and getattr(f, a) <= v
            )
        elif key in allowed_attrs:
            values = _as_list(value)
            tests.append(lambda f, a=key, vs=values: getattr(f, a) in vs)
        else:
            raise ConditionError(
                where,
                f"finding attribute {key!r} does not fit codes {codes}; "
                f"allowed: {', '.join(sorted(allowed_attrs)) or 'none'}",
            )

    def evaluate(case: Case) -> Match | None:
        grouped = case.findings_by_code
        present = [grouped[code] for code in codes if code in grouped]
        if not present:
            return None
        hits = tuple(f for group in present for f in group if all(test(f) for test in tests))
        return Match(hits) if hits else None

    return evaluate


def _alsfrs(spec: Any, where: str) -> Evaluator:
    if not isinstance(spec, Mapping) or spec.get("item") not in ALSFRS_ITEMS:
        raise ConditionError(where, f"'alsfrs' needs item (one of {', '.join(ALSFRS_ITEMS)})")
    item, limit = spec["item"], spec.get("at_most")
    if not isinstance(limit, int):
        raise ConditionError(where, "'alsfrs' needs at_most: 0-4")

    def evaluate(case: Case) -> Match | None:
        value = getattr(case.alsfrs_r, item)
        if value is None or value > limit:
            return None
        return Match(reasons=(f"ALSFRS-R {item} = {value} (at most {limit})",))

    return evaluate


def _temperature(spec: Any, where: str) -> Evaluator:
    line = _setting(spec, where)

    def evaluate(case: Case) -> Match | None:
        t = case.temperature_c
        if t is None or t < line:
            return None
        return Match(reasons=(f"temperature {t} °C reaches {spec} = {line} °C (teaching default)",))

    return evaluate


def _device(spec: Any, where: str) -> Evaluator:
    spec = spec if isinstance(spec, Mapping) else {"code": spec}
    unknown = set(spec) - {"code", "placed_within", "site"}
    if unknown:
        raise ConditionError(
            where, f"'device' takes code, placed_within, site; got {sorted(unknown)[0]!r}"
        )
    codes = _as_list(spec.get("code"))
    bad = [c for c in codes if c not in DEVICES]
    if bad:
        raise ConditionError(where, f"unknown device {bad[0]!r}; allowed: {', '.join(DEVICES)}")
    window = _setting(spec["placed_within"], where) if "placed_within" in spec else None
    sites = _as_list(spec["site"]) if "site" in spec else None

    def evaluate(case: Case) -> Match | None:
        total = None
        for d in case.devices:
            if d.code not in codes or (sites is not None and d.site not in sites):
                continue
            if window is not None and (
                d.days_since_placement is None or d.days_since_placement > window
            ):
                continue
            where_ = f" at {site_key(d.site, d.side)}" if d.site else ""
            when = "" if window is None else f" placed {d.days_since_placement} days ago"
            found = Match(
                reasons=(f"device {d.code}{where_}{when}",),
                sites=(site_key(d.site, d.side),) if d.site else (),
            )
            total = found if total is None else total + found
        return total

    return evaluate


def _medication(spec: Any, where: str) -> Evaluator:
    if not isinstance(spec, Mapping) or not ({"name", "class"} & set(spec)):
        raise ConditionError(where, "'medication' needs 'name' or 'class'")
    names = set(_as_list(spec.get("name", [])))
    class_spec = spec.get("class", [])
    classes = set(class_spec if isinstance(class_spec, Mapping) else _as_list(class_spec))
    bad = names - set(MEDICATIONS) or classes - set(MEDICATION_CLASSES.values())
    if bad:
        raise ConditionError(where, f"unknown medication name or class {sorted(bad)[0]!r}")
    window = _setting(spec["dose_within"], where) if "dose_within" in spec else None
    class_windows = (
        {c: _setting(name, where) for c, name in class_spec.items()}
        if isinstance(class_spec, Mapping)
        else {}
    )

    def evaluate(case: Case) -> Match | None:
        reasons = []
        for m in case.medications:
            kind = MEDICATION_CLASSES[m.name]
            if m.name not in names and kind not in classes:
                continue
            limit = class_windows.get(kind, window) if m.name not in names else window
            if limit is not None and m.days_since_dose is not None and m.days_since_dose > limit:
                continue
            when = "" if m.days_since_dose is None else f", last dose {m.days_since_dose} days ago"
            reasons.append(f"medication {m.name} ({kind}{when})")
        return Match(reasons=tuple(reasons)) if reasons else None

    return evaluate


def _membership(
    attribute: str, label: str, allowed: tuple[str, ...]
) -> Callable[[Any, str], Evaluator]:
    def build(spec: Any, where: str) -> Evaluator:
        wanted = set(_as_list(spec))
        bad = sorted(str(w) for w in wanted - set(allowed))
        if bad:
            raise ConditionError(
                where, f"unknown {attribute} {bad[0]!r}; allowed: {', '.join(allowed)}"
            )

        def evaluate(case: Case) -> Match | None:
            value = getattr(case, attribute)
            present = set(value) if isinstance(value, list) else {value}
            hit = sorted(present & wanted, key=str)
            return Match(reasons=tuple(f"{label} {h}" for h in hit)) if hit else None

        return evaluate

    return build


def _mitos(spec: Any, where: str) -> Evaluator:
    def evaluate(case: Case) -> Match | None:
        stage = mitos_stage(case)
        if stage is None or stage < spec:
            return None
        return Match(reasons=(f"MiToS stage {stage} (at least {spec})",))

    return evaluate


def _mitos_at_most(spec: Any, where: str) -> Evaluator:
    def evaluate(case: Case) -> Match | None:
        # Only the recorded stage: one derived from a few recorded items could understate it.
        stage = case.mitos_stage
        if stage is None or stage > spec:
            return None
        return Match(reasons=(f"recorded MiToS stage {stage} (at most {spec})",))

    return evaluate


def _always(spec: Any, where: str) -> Evaluator:
    if spec is not True:
        raise ConditionError(where, "'always' takes the value true")
    return lambda case: Match(reasons=("every client living with ALS",))


def _at_most_default(attribute: str, words: str) -> Callable[[Any, str], Evaluator]:
    """A case number at or below a named teaching default; ``words`` reads the match, with
    ``{value}``, ``{name}`` and ``{limit}``. A missing number never matches."""

    def build(spec: Any, where: str) -> Evaluator:
        limit = _setting(spec, where)

        def evaluate(case: Case) -> Match | None:
            value = getattr(case, attribute)
            if value is None or value > limit:
                return None
            return Match(reasons=(words.format(value=value, name=spec, limit=limit),))

        return evaluate

    return build


def _all(spec: Any, where: str) -> Evaluator:
    parts = [compile_condition(s, f"{where}.all.{i}") for i, s in enumerate(_as_list(spec))]

    def evaluate(case: Case) -> Match | None:
        total = Match()
        for part in parts:
            m = part(case)
            if m is None:
                return None
            total += m
        return total

    return evaluate


def _any(spec: Any, where: str) -> Evaluator:
    parts = [compile_condition(s, f"{where}.any.{i}") for i, s in enumerate(_as_list(spec))]

    def evaluate(case: Case) -> Match | None:
        total = None
        for part in parts:
            m = part(case)
            if m is not None:
                total = m if total is None else total + m
        return total

    return evaluate


def _not(spec: Any, where: str) -> Evaluator:
    inner = compile_condition(spec, f"{where}.not")
    return lambda case: Match() if inner(case) is None else None


BUILDERS: dict[str, Callable[[Any, str], Evaluator]] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "finding": _finding,
    "alsfrs": _alsfrs,
    "temperature_at_least": _temperature,
    "device": _device,
    "medication": _medication,
    "history": _membership("history", "history of", get_args(HistoryCode)),
    "cleared": _membership("clearances", "written clearance", get_args(ClearanceCode)),
    "onset": _membership("onset", "onset", get_args(Onset)),
    "kings_stage": _membership("kings_stage", "King's stage", get_args(KingsStage)),
    "requested": _membership("requests", "client asks for", TECHNIQUES + POSITIONS),
    "mitos_at_least": _mitos,
    "mitos_at_most": _mitos_at_most,
    "always": _always,
    "braden_at_most": _at_most_default(
        "braden", "Braden {value} (at most {name} = {limit}, teaching default)"
    ),
    "clot_status": _membership("clot_status", "clot status", get_args(ClotStatus)),
    "clot_within": _at_most_default(
        "clot_days_ago", "clot diagnosed {value} days ago (within {name} = {limit} days)"
    ),
}


def needed_codes(spec: Any) -> frozenset[str] | None:
    """Finding codes of which at least one must be present for the condition to hold.

    None when the condition can hold without any finding. Screening skips a rule at once
    when none of its needed codes is among the case's findings.
    """
    ((kind, body),) = spec.items()
    if kind == "finding":
        return frozenset(_as_list(body["code"]))
    if kind == "all":
        parts = [needed_codes(s) for s in _as_list(body)]
        known = [p for p in parts if p is not None]
        return min(known, key=len) if known else None
    if kind == "any":
        parts = [needed_codes(s) for s in _as_list(body)]
        if parts and all(p is not None for p in parts):
            return frozenset().union(*parts)  # type: ignore[arg-type]
    return None


def compile_condition(spec: Any, where: str = "when") -> Evaluator:
    """Compile one condition mapping into a function of a case; bad forms raise ConditionError."""
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise ConditionError(
            where, f"a condition is a mapping with exactly one key; allowed: {', '.join(BUILDERS)}"
        )
    ((kind, body),) = spec.items()
    if kind not in BUILDERS:
        raise ConditionError(where, f"unknown condition {kind!r}; allowed: {', '.join(BUILDERS)}")
    return BUILDERS[kind](body, where)
