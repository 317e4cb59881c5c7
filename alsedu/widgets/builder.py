"""The plan builder (capstone): the student writes a whole plan, then compares it with the engine's.

Seven parts are compared: the decision, the referral, the sites to avoid, the highest
pressure, the techniques and the positions to leave out, and the must-do steps. Each part
scores 0 to 1 (1: the same; the list parts score the share of items both name, so a
missing item and an item the plan does not ask for count alike) and every difference names
the rules that decide it, or says that nothing in the plan asks for it. When the plan stops
the session (postpone or emergency), the four session parts are not scored: there is no
session to shape.

Pure core: :class:`BuilderAnswer`, :func:`compare`, :func:`summary_line`,
:func:`comparison_html`. Shell: :class:`PlanBuilder`; notebook helper: :func:`plan_builder`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..case import Case
from ..codes import ACTIONS, POSITIONS, REFER_ORDER, SITES, TECHNIQUES, is_site_key
from ..errors import did_you_mean
from ..labels import (
    ACTION_LABELS,
    POSITION_LABELS,
    REFER_LABELS,
    TECHNIQUE_LABELS,
    site_label,
)
from ..report import plan_html, plan_sections
from ..schema import CaseFile
from ..screening import Plan, RuleHit, load_rules, normalise_sites, screen
from ..screening.combine import _resolve_sites
from ..screening.conditions import Match
from ..screening.rules import Effects
from ..settings import teaching_default
from .scenario import (
    BUTTON_LAYOUT,
    DECISION_CHOICES,
    STOPS,
    STYLE,
    caution_sentence,
    choice_controls,
    deciding_rules,
    decision_words,
    referring_rules,
    story_html,
    urgency_sentence,
)

#: The body regions the builder groups its site checkboxes by, head to foot.
SITE_GROUPS: dict[str, tuple[str, ...]] = {
    "Head and neck": ("head", "face", "neck_front", "neck_back"),
    "Shoulders and arms": ("shoulder", "upper_arm", "elbow", "forearm", "wrist", "hand"),
    "Trunk": ("chest", "abdomen", "upper_back", "low_back", "sacrum"),
    "Hips and legs": ("hip", "buttock", "thigh", "knee", "calf", "ankle", "foot", "heel"),
}
#: Sites offered as one checkbox (the whole site); every other site has a left and a right one.
WHOLE_SITES = frozenset(
    {"head", "face", "neck_front", "neck_back", "abdomen", "upper_back", "low_back", "sacrum"}
)
PRESSURE_LEVELS = (1, 2, 3, 4, 5)  # the Walton pressure scale
NO_MASSAGE = 0  # the pressure choice "no massage today" (the answer holds None)
PART_TITLES: dict[str, str] = {
    "decision": "Decision",
    "refer": "Referral",
    "avoid_sites": "Sites to avoid",
    "max_pressure": "Highest pressure",
    "techniques": "Techniques to leave out",
    "positions": "Positions to avoid",
    "must_do": "Must-do steps",
}


def _check(kind: str, values: Iterable[str], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for value in values:
        if value not in allowed:
            hint = did_you_mean(str(value), allowed)
            raise ValueError(f"unknown {kind} {value!r}; {hint}allowed: {', '.join(allowed)}")


@dataclass(frozen=True)
class BuilderAnswer:
    """A student's plan in the engine's codes. ``max_pressure`` None means "no massage today"."""

    decision: str
    refer: str
    avoid_sites: tuple[str, ...] = ()
    max_pressure: int | None = None
    excluded_techniques: tuple[str, ...] = ()
    excluded_positions: tuple[str, ...] = ()
    must_do: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check("decision", [self.decision], DECISION_CHOICES)
        _check("referral", [self.refer], REFER_ORDER)
        bad_sites = [s for s in self.avoid_sites if not is_site_key(s)]
        if bad_sites:
            raise ValueError(
                f"unknown site {bad_sites[0]!r}; allowed: 'site' or 'site:side' with sites "
                f"{', '.join(SITES)} and sides left, right, both"
            )
        if self.max_pressure is not None and self.max_pressure not in PRESSURE_LEVELS:
            raise ValueError(
                f"unknown pressure {self.max_pressure!r}; allowed: 1 to 5, or None (no massage)"
            )
        _check("technique", self.excluded_techniques, TECHNIQUES)
        _check("position", self.excluded_positions, POSITIONS)
        _check("step", self.must_do, ACTIONS)

    @classmethod
    def from_plan(cls, plan: Plan) -> BuilderAnswer:
        """The answer that matches the plan in every part."""
        return cls(
            decision=plan.decision,
            refer=plan.refer,
            avoid_sites=tuple(plan.avoid_sites),
            max_pressure=plan.max_pressure,
            excluded_techniques=tuple(plan.excluded_techniques),
            excluded_positions=tuple(plan.excluded_positions),
            must_do=tuple(plan.must_do),
        )


@dataclass(frozen=True)
class Difference:
    """One way the student's part differs, and the rules that decide it (none: nothing does)."""

    text: str
    rules: tuple[RuleHit, ...] = ()


@dataclass(frozen=True)
class PartScore:
    """One part of the plan compared: ``score`` 0 to 1, or None when the part is not scored."""

    name: str
    score: float | None
    said: str
    plan_says: str
    differences: tuple[Difference, ...] = ()
    note: str = ""

    @property
    def title(self) -> str:
        return PART_TITLES[self.name]

    @property
    def matches(self) -> bool:
        return self.score == 1

    @property
    def rules(self) -> tuple[RuleHit, ...]:
        """Every rule named in the differences, once each, in order."""
        found = {hit.id: hit for d in self.differences for hit in d.rules}
        return tuple(found.values())


@dataclass(frozen=True)
class _Fired:
    """A rule of the plan with its effects and the sites they reach for this case."""

    hit: RuleHit
    effects: Effects
    avoids: tuple[str, ...]
    limits: tuple[tuple[str, tuple[str, ...]], ...]  # (site, techniques left out there)


def _fired(plan: Plan, case: Case) -> list[_Fired]:
    """Re-read each of the plan's rules to know which sites its effects reach in this case."""
    compiled = {r.rule.id: r for r in load_rules()}
    fired = []
    for hit in plan.rules:
        rule = compiled[hit.id]
        match = rule.condition(case) or Match()
        effects = rule.rule.effects
        limits = tuple(
            (site, tuple(limit.exclude))
            for limit in effects.site_limits
            for site in _resolve_sites(limit.sites, match)
        )
        fired.append(
            _Fired(hit, effects, tuple(_resolve_sites(effects.avoid_sites, match)), limits)
        )
    return fired


def _halves(key: str) -> set[tuple[str, str]]:
    """The body halves a site key covers: a whole site or ``both`` is its left and right."""
    site, _, side = key.partition(":")
    return {(site, s) for s in (("left", "right") if side in {"", "both"} else (side,))}


def _covering(halves: set[tuple[str, str]], keys: Iterable[str]) -> list[str]:
    """The keys that name some of ``halves``, shown as a whole key when they cover all of it."""
    shown = []
    for key in keys:
        part = _halves(key) & halves
        if part == _halves(key):
            shown.append(key)
        elif part:
            shown += normalise_sites(f"{site}:{side}" for site, side in part)
    return shown


def _share(said: set[Any], plan: set[Any]) -> float:
    union = said | plan
    return len(said & plan) / len(union) if union else 1.0


def _listed(words: list[str]) -> str:
    return "; ".join(words) if words else "none"


def _decision_part(plan: Plan, answer: BuilderAnswer) -> PartScore:
    same = answer.decision == plan.decision
    differences = (
        ()
        if same
        else (Difference(caution_sentence(plan, answer.decision), tuple(deciding_rules(plan))),)
    )
    return PartScore(
        "decision",
        float(same),
        decision_words(answer.decision),
        decision_words(plan.decision),
        differences,
    )


def _refer_part(plan: Plan, answer: BuilderAnswer) -> PartScore:
    same = answer.refer == plan.refer
    differences = (
        ()
        if same
        else (Difference(urgency_sentence(plan, answer.refer), tuple(referring_rules(plan))),)
    )
    return PartScore(
        "refer", float(same), REFER_LABELS[answer.refer], REFER_LABELS[plan.refer], differences
    )


def _limit_lines(plan: Plan) -> dict[str, str]:
    """Each site limit of the plan in the plan's own words, by site key."""
    section = next((s for s in plan_sections(plan) if s.key == "site_limits"), None)
    entries = section.entries if section else ()
    return {limit.site: entry.text for limit, entry in zip(plan.site_limits, entries, strict=True)}


def _sites_part(plan: Plan, answer: BuilderAnswer, fired: list[_Fired]) -> PartScore:
    said_keys = normalise_sites(answer.avoid_sites)
    said = set().union(*map(_halves, said_keys))
    planned = set().union(*map(_halves, plan.avoid_sites))
    differences = []
    for key in _covering(planned - said, plan.avoid_sites):
        rules = tuple(f.hit for f in fired if any(_halves(key) & _halves(a) for a in f.avoids))
        differences.append(
            Difference(f"The plan avoids the {site_label(key)}; you did not.", rules)
        )
    limit_lines = _limit_lines(plan)
    for key in _covering(said - planned, said_keys):
        limits = [text for site, text in limit_lines.items() if _halves(site) & _halves(key)]
        if limits:
            rules = tuple(
                f.hit for f in fired if any(_halves(key) & _halves(s) for s, _ in f.limits)
            )
            text = (
                f"You avoid the {site_label(key)}; the plan does not avoid it but works there "
                f"within a stricter limit: {'; '.join(limits)}."
            )
        else:
            rules = ()
            text = (
                f"You avoid the {site_label(key)}; nothing in this plan restricts it, so it can "
                "be worked within the plan's general limits."
            )
        differences.append(Difference(text, rules))
    return PartScore(
        "avoid_sites",
        _share(said, planned),
        _listed([site_label(k) for k in said_keys]),
        _listed([site_label(k) for k in plan.avoid_sites]),
        tuple(differences),
    )


def _pressure_words(level: int | None, stopped: bool) -> str:
    """A pressure answer in words; None is "no massage today", or "no cap" on a session."""
    if level is None:
        return "no massage today" if stopped else "no cap"
    return f"Walton level {level}"


def _pressure_part(plan: Plan, answer: BuilderAnswer, fired: list[_Fired]) -> PartScore:
    """The highest pressure anywhere (scored only when the plan goes ahead)."""
    cap, said = plan.max_pressure, answer.max_pressure
    capping = tuple(
        f.hit
        for f in fired
        if f.effects.max_pressure and teaching_default(f.effects.max_pressure) == cap
    )
    stricter = any(limit.max_pressure is not None for limit in plan.site_limits)
    difference = None
    if said is None:
        upto = f" with pressure up to level {cap}" if cap is not None else ""
        text = f"You planned no massage; the plan goes ahead{upto}."
        difference = Difference(text, tuple(deciding_rules(plan)))
    elif cap is None:
        difference = Difference(f"You cap pressure at level {said}; nothing in this plan does.")
    elif said > cap:
        text = f"You would go up to level {said}; the plan caps pressure everywhere at {cap}."
        difference = Difference(text, capping)
    elif said < cap:
        text = (
            f"You cap pressure at level {said} everywhere; nothing in this plan caps it that "
            f"low everywhere. The cap that applies everywhere is level {cap}"
            + (" (the plan lists stricter limits at some sites)." if stricter else ".")
        )
        difference = Difference(text, capping)
    return PartScore(
        "max_pressure",
        float(difference is None),
        _pressure_words(said, True),
        _pressure_words(cap, plan.decision in STOPS),
        () if difference is None else (difference,),
    )


Producers = Callable[[str], tuple[RuleHit, ...]]


def _producers(fired: list[_Fired], effect: str) -> Producers:
    """The plan's rules whose effects list a code under ``effect`` (a missing item's why)."""

    def produce(code: str) -> tuple[RuleHit, ...]:
        return tuple(f.hit for f in fired if code in getattr(f.effects, effect))

    return produce


def _codes_part(
    name: str,
    lists: tuple[Iterable[str], Iterable[str]],
    labels: dict[str, str],
    verb: str,
    produces: Producers,
    extra: Callable[[str], Difference],
    unproduced: str = "",
) -> PartScore:
    """Compare the student's and the plan's lists of codes.

    A code only the plan lists names the rules that produce it (``unproduced`` is said where
    none does); a code only the student lists is explained by ``extra``.
    """
    said, planned = set(lists[0]), set(lists[1])
    order = list(labels)
    differences = []
    for code in sorted(planned - said, key=order.index):
        rules = produces(code)
        note = "" if rules or not unproduced else f" {unproduced}"
        differences.append(Difference(f"The plan {verb} {labels[code]}; you did not.{note}", rules))
    differences += [extra(code) for code in sorted(said - planned, key=order.index)]
    return PartScore(
        name,
        _share(said, planned),
        _listed([labels[c] for c in order if c in said]),
        _listed([labels[c] for c in order if c in planned]),
        tuple(differences),
    )


def _extra_technique(plan: Plan, fired: list[_Fired]) -> Callable[[str], Difference]:
    def reason(code: str) -> Difference:
        label = TECHNIQUE_LABELS[code]
        at_sites = tuple(f.hit for f in fired if any(code in ex for _, ex in f.limits))
        if at_sites:
            sites = [site_label(lim.site) for lim in plan.site_limits if code in lim.exclude]
            where = f" ({_listed(sites)})" if sites else ""
            text = f"You leave out {label} everywhere; the plan leaves it out only at some sites"
            return Difference(f"{text}{where}.", at_sites)
        if code in plan.indicated_techniques:
            recommending = tuple(f.hit for f in fired if code in f.effects.indicate_techniques)
            text = f"You leave out {label}; nothing rules it out, and the plan recommends it today."
            return Difference(text, recommending)
        return Difference(f"You leave out {label}; nothing in this plan rules it out.")

    return reason


def _extra_code(labels: dict[str, str], what: str) -> Callable[[str], Difference]:
    def reason(code: str) -> Difference:
        return Difference(f"You {what} {labels[code]}; nothing in this plan asks for that.")

    return reason


def compare(plan: Plan, answer: BuilderAnswer, case: Case | None = None) -> list[PartScore]:
    """Score each part of the student's plan against the engine's, explaining every difference.

    ``case`` is the screened case (default: the bank case ``plan.case_id``); it tells which
    sites a rule's effects reach. Session parts are not scored when the plan stops the session.
    """
    if case is None:
        case = load_bank().cases[plan.case_id].case
    fired = _fired(plan, case)
    parts = [_decision_part(plan, answer), _refer_part(plan, answer)]
    session = [
        _sites_part(plan, answer, fired),
        _pressure_part(plan, answer, fired),
        _codes_part(
            "techniques",
            (answer.excluded_techniques, plan.excluded_techniques),
            TECHNIQUE_LABELS,
            "leaves out",
            _producers(fired, "exclude_techniques"),
            _extra_technique(plan, fired),
        ),
        _codes_part(
            "positions",
            (answer.excluded_positions, plan.excluded_positions),
            POSITION_LABELS,
            "avoids",
            _producers(fired, "exclude_positions"),
            _extra_code(POSITION_LABELS, "avoid"),
        ),
    ]
    stopped = plan.decision in STOPS
    if stopped:
        why = (
            "The plan calls an emergency, so there is no session to shape."
            if plan.emergency
            else "The plan postpones today's session, so there is no session to shape."
        )
        session = [PartScore(p.name, None, p.said, "no session today", note=why) for p in session]
    must = _codes_part(
        "must_do",
        (answer.must_do, plan.must_do),
        ACTION_LABELS,
        "asks you to",
        _producers(fired, "must_do"),
        _extra_code(ACTION_LABELS, "plan to"),
        # combine adds this step to every plan that stops the session
        unproduced="Every plan that stops the session asks for it." if stopped else "",
    )
    return [*parts, *session, must]


def summary_line(parts: list[PartScore]) -> str:
    """The score in words: ``4 of 7 parts match`` (and which parts are not scored)."""
    scored = [p for p in parts if p.score is not None]
    matched = sum(p.matches for p in scored)
    line = f"{matched} of {len(scored)} {'parts' if len(parts) == len(scored) else 'scored parts'}"
    line += " match" if matched != 1 else " matches"
    skipped = len(parts) - len(scored)
    if skipped:
        line += f"; {skipped} session parts are not scored because there is no session today"
    return line + "."


def verdict(part: PartScore) -> str:
    """A part's result in words, led by a sign a screen reader also reads."""
    if part.score is None:
        return "– not scored"
    if part.matches:
        return "✓ matches"
    return "✗ partly matches" if part.score > 0 else "✗ differs"


def _rule_names(rules: Iterable[RuleHit]) -> str:
    return "; ".join(f"{hit.title} ({hit.id})" for hit in rules)


def _difference_item(difference: Difference) -> str:
    by = difference.rules and f" <em>Decided by: {escape(_rule_names(difference.rules))}.</em>"
    return f"<li>{escape(difference.text)}{by or ''}</li>"


def _rule_item(hit: RuleHit) -> str:
    return (
        f"<li><strong>{escape(hit.title)} ({escape(hit.id)})</strong>: {escape(hit.why)} "
        f"<small>Sources: {escape(', '.join(hit.sources))}</small></li>"
    )


def part_html(part: PartScore) -> str:
    """One scored part: its verdict in words, both answers, and each difference."""
    body = [
        f'<h5 style="font-size:1.05em">{escape(part.title)}: {verdict(part)}</h5>',
        f"<p><strong>You said:</strong> {escape(part.said)}<br>"
        f"<strong>The plan says:</strong> {escape(part.plan_says)}</p>",
    ]
    if part.differences:
        body.append(f"<ul>{''.join(_difference_item(d) for d in part.differences)}</ul>")
    return f'<section class="alsedu-part" data-part="{part.name}">{"".join(body)}</section>'


def comparison_html(parts: list[PartScore]) -> str:
    """The whole comparison: the score in words, every scored part, the parts not scored, and
    the rules behind the differences with their reasons and sources, each once."""
    scored = [p for p in parts if p.score is not None]
    skipped = [p for p in parts if p.score is None]
    html = [
        '<div class="alsedu-compare">',
        '<h4 style="font-size:1.2em">Your plan and the engine\'s</h4>',
        f'<p role="status"><strong>{escape(summary_line(parts))}</strong></p>',
        *map(part_html, scored),
    ]
    if skipped:
        names = ", ".join(p.title.lower() for p in skipped)
        html.append(
            f'<section class="alsedu-part" data-part="not-scored">'
            f'<h5 style="font-size:1.05em">– Not scored: {escape(names)}</h5>'
            f"<p><em>{escape(skipped[0].note)}</em></p></section>"
        )
    rules = {hit.id: hit for part in scored for hit in part.rules}
    if rules:
        items = "".join(_rule_item(hit) for hit in rules.values())
        html.append(
            f'<h5 style="font-size:1.05em">The rules behind the differences</h5><ul>{items}</ul>'
        )
    html.append("</div>")
    return "".join(html)


def _site_keys(site: str) -> tuple[str, ...]:
    return (site,) if site in WHOLE_SITES else (f"{site}:left", f"{site}:right")


def _boxes(labels: dict[str, str]) -> dict[str, widgets.Checkbox]:
    return {
        code: widgets.Checkbox(
            value=False, description=label, indent=False, layout=widgets.Layout(width="auto")
        )
        for code, label in labels.items()
    }


def _grid(boxes: Iterable[widgets.Checkbox], columns: int = 2) -> widgets.GridBox:
    return widgets.GridBox(
        list(boxes),
        layout=widgets.Layout(grid_template_columns=f"repeat({columns}, minmax(0, 1fr))"),
    )


class PlanBuilder(widgets.VBox):
    """The capstone: read a bank case, build the whole plan, compare it with the engine's."""

    def __init__(self, case_file: CaseFile, bank: Bank):
        self.case_file = case_file
        self.plan = screen(case_file.case)
        self.decision, self.refer = choice_controls()
        self.pressure = widgets.Dropdown(
            options=[
                *((f"Walton level {n}", n) for n in PRESSURE_LEVELS),
                ("no massage today", NO_MASSAGE),
            ],
            value=None,
            description="Highest pressure anywhere:",
            style={"description_width": "initial"},
        )
        self.sites = _boxes({key: site_label(key) for site in SITES for key in _site_keys(site)})
        self.techniques = _boxes(TECHNIQUE_LABELS)
        self.positions = _boxes(POSITION_LABELS)
        self.must_do = _boxes(ACTION_LABELS)
        self.compare_button = widgets.Button(
            description="Compare with the plan",
            disabled=True,
            tooltip="Choose a decision, a referral and a pressure first",
            layout=BUTTON_LAYOUT,
        )
        self.status = widgets.HTML("", layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML("")
        for control in (self.decision, self.refer, self.pressure):
            control.observe(self._on_change, names="value")
        self.compare_button.on_click(self._on_compare)

        def heading(text: str, level: int = 4) -> widgets.HTML:
            return widgets.HTML(f"<h{level}>{escape(text)}</h{level}>")

        site_groups = []
        for region, sites in SITE_GROUPS.items():
            keys = [key for site in sites for key in _site_keys(site)]
            site_groups += [heading(region, 5), _grid(self.sites[k] for k in keys)]
        children = [
            widgets.HTML(STYLE),
            widgets.HTML(story_html(case_file, bank.glossary)),
            heading("Build today's plan"),
            self.decision,
            self.refer,
            self.pressure,
            heading("Sites to avoid (tick each site the session must not touch)"),
            *site_groups,
            heading("Techniques to leave out today"),
            _grid(self.techniques.values()),
            heading("Positions to avoid"),
            _grid(self.positions.values()),
            heading("Must-do steps"),
            _grid(self.must_do.values(), 1),
            self.status,
            self.compare_button,
            self.result,
        ]
        super().__init__(children)
        self.add_class("alsedu-widget")
        self._on_change()

    def _session_controls(self) -> list[widgets.Checkbox]:
        return [*self.sites.values(), *self.techniques.values(), *self.positions.values()]

    def _missing(self) -> list[str]:
        missing = []
        if self.decision.value is None:
            missing.append("a decision")
        if self.refer.value is None:
            missing.append("a referral")
        if self.pressure.value is None:
            missing.append("the highest pressure")
        return missing

    def _on_change(self, change: dict[str, Any] | None = None) -> None:
        stopped = self.decision.value in STOPS
        if change is not None and change["owner"] is self.decision:
            if stopped:
                self.pressure.value = NO_MASSAGE
            elif self.pressure.value == NO_MASSAGE:
                self.pressure.value = None
        self.pressure.disabled = stopped
        for box in self._session_controls():
            box.disabled = stopped
        missing = self._missing()
        self.compare_button.disabled = bool(missing)
        self.compare_button.tooltip = (
            f"Choose {' and '.join(missing)} first" if missing else "Compare with the plan"
        )
        self.status.value = (
            f"<p>To compare, choose {' and '.join(missing)}.</p>"
            if missing
            else (
                "<p>No session today: sites, techniques and positions are not asked for.</p>"
                if stopped
                else ""
            )
        )

    def answer(self) -> BuilderAnswer:
        """The plan the controls hold now (no session parts when the student stops the session)."""
        if self._missing():
            raise ValueError(f"choose {' and '.join(self._missing())} first")
        stopped = self.decision.value in STOPS

        def ticked(boxes: dict[str, widgets.Checkbox]) -> tuple[str, ...]:
            return () if stopped else tuple(code for code, box in boxes.items() if box.value)

        return BuilderAnswer(
            decision=self.decision.value,
            refer=self.refer.value,
            avoid_sites=ticked(self.sites),
            max_pressure=None
            if stopped or self.pressure.value == NO_MASSAGE
            else self.pressure.value,
            excluded_techniques=ticked(self.techniques),
            excluded_positions=ticked(self.positions),
            must_do=tuple(code for code, box in self.must_do.items() if box.value),
        )

    def _on_compare(self, _button: widgets.Button) -> None:
        parts = compare(self.plan, self.answer(), self.case_file.case)
        self.result.value = (
            comparison_html(parts)
            + "<details><summary>The engine's whole plan</summary>"
            + plan_html(self.plan, self.case_file.case)
            + "</details>"
        )


def plan_builder(case_id: str) -> PlanBuilder:
    """The plan builder for one bank case, for a notebook cell: ``plan_builder("case-anil")``."""
    bank = load_bank()
    return PlanBuilder(bank.case_file(case_id), bank)
