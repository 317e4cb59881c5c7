"""The case scenario: a client's story, one "what would you do?" question, then the plan.

The student meets the client as a bank case tells it (the neutral title, the narrative with
glossary terms explained on hover or focus, and the intake facts that interpret nothing),
chooses a decision and a referral, and only then sees the engine's plan, every rule with its
reason and sources, and the body map. The case id and the engine-only findings never appear
before the student has decided.

Pure core: :func:`story_html` and :func:`decision_feedback` (data in, HTML out).
Shell: :class:`CaseScenario`; notebook helper: :func:`scenario`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..codes import REFER_ORDER, site_key
from ..figures.body_map import body_map
from ..labels import (
    CLEARANCE_LABELS,
    CLOT_STATUS_LABELS,
    DEVICE_LABELS,
    HISTORY_LABELS,
    POSITION_LABELS,
    REFER_LABELS,
    TECHNIQUE_LABELS,
    site_label,
)
from ..report import DECISION_SIGNS, plan_html
from ..schema import CaseFile, Term
from ..screening import Plan, RuleHit, load_rules, screen
from .practice import mark_terms

#: The four decisions as a student chooses among them, least to most cautious.
DECISION_CHOICES: dict[str, str] = {
    "proceed": "Go ahead as usual",
    "adapt": "Go ahead with adaptations",
    "postpone": "Postpone today's session",
    "emergency": "Emergency: call for help now",
}
#: Long choice labels wrap instead of being cut off (ipywidgets keeps labels on one line).
STYLE = """<style>
.alsedu-widget .widget-radio-box label, .alsedu-widget .jupyter-widget-radio-box label {
  height: auto; line-height: 1.4; white-space: normal; margin-bottom: 0.4em; }
.alsedu-widget .widget-checkbox, .alsedu-widget .jupyter-widget-checkbox {
  width: auto; height: auto; }
.alsedu-widget .widget-label-basic, .alsedu-widget .jupyter-widget-label-basic {
  white-space: normal; overflow: visible; line-height: 1.4; }
.alsedu-widget abbr[title] { text-decoration: underline dotted; cursor: help; }
</style>"""
#: Decisions that end the session: no massage today.
STOPS = frozenset({"postpone", "emergency"})

# How a case's onset reads after "ALS began in".
_ONSET_WORDS = {"limb": "a limb", "bulbar": "speech and swallowing", "trunk": "the trunk"}
_FINDING_FLAGS = ("warm", "red", "painful", "pitting", "bigger")


def decision_options() -> list[tuple[str, str]]:
    """The decision choices in words, each with the sign word the plan uses."""
    return [(decision_words(code), code) for code in DECISION_CHOICES]


def refer_options() -> list[tuple[str, str]]:
    """The referral choices in words, least to most urgent."""
    return [(REFER_LABELS[code], code) for code in REFER_ORDER]


def _words(code: str) -> str:
    return code.replace("_", " ")


def _finding_words(finding: Mapping[str, Any]) -> str:
    details = []
    if "site" in finding:
        details.append(site_label(site_key(finding["site"], finding.get("side"))))
    elif "side" in finding:
        details.append(f"{finding['side']} side")
    if "onset" in finding:
        details.append("onset unknown" if finding["onset"] == "unknown" else finding["onset"])
    details += [flag for flag in _FINDING_FLAGS if finding.get(flag)]
    if "stage" in finding:
        details.append(f"stage {finding['stage']}")
    if "mrc" in finding:
        details.append(f"strength {finding['mrc']} of 5 (MRC)")
    if "mas" in finding:
        details.append(f"stiffness grade {finding['mas']} (MAS)")
    if "severity" in finding:
        details.append(finding["severity"])
    if "days_ago" in finding:
        details.append(f"{finding['days_ago']} days ago")
    return _words(finding["code"]) + (f" ({', '.join(details)})" if details else "")


def _device_words(device: Mapping[str, Any]) -> str:
    details = []
    if "site" in device:
        details.append(site_label(site_key(device["site"], device.get("side"))))
    if "days_since_placement" in device:
        details.append(f"placed {device['days_since_placement']} days ago")
    return ", ".join([DEVICE_LABELS[device["code"]], *details])


def _medication_words(medication: Mapping[str, Any]) -> str:
    name = medication["name"].replace("_", "-")
    days = medication.get("days_since_dose")
    return name if days is None else f"{name} (last dose {days} days ago)"


def _clot_words(data: Mapping[str, Any]) -> str:
    """What the case records of its clot: ``treated and cleared, found 400 days ago``."""
    words = [CLOT_STATUS_LABELS[data["clot_status"]]] if "clot_status" in data else []
    if "clot_days_ago" in data:
        words.append(f"found {data['clot_days_ago']} days ago")
    return ", ".join(words)


def _request_words(code: str) -> str:
    return TECHNIQUE_LABELS.get(code) or POSITION_LABELS.get(code) or site_label(code)


def intake_lines(case_file: CaseFile) -> list[tuple[str, str]]:
    """The intake facts a student may see before deciding, as (label, words) pairs.

    Built from :meth:`CaseFile.intake`, so engine-only findings and the case id never appear.
    """
    data = case_file.intake()
    lines: list[tuple[str, str]] = []
    if "age" in data:
        lines.append(("Age", str(data["age"])))
    if "onset" in data:
        lines.append(("ALS began in", _ONSET_WORDS[data["onset"]]))
    if "kings_stage" in data:
        lines.append(("King's staging", f"stage {data['kings_stage']}"))
    if "mitos_stage" in data:
        lines.append(("MiToS staging", f"stage {data['mitos_stage']}"))
    if data.get("alsfrs_r"):
        scores = ", ".join(f"{_words(item)} {n}" for item, n in data["alsfrs_r"].items())
        lines.append(("ALSFRS-R items (0 = function lost, 4 = normal)", scores))
    if "temperature_c" in data:
        lines.append(("Temperature", f"{data['temperature_c']} °C"))
    if "braden" in data:
        lines.append(("Braden scale", f"{data['braden']} (6 to 23; lower means higher risk)"))
    listed = [
        ("Noticed today", "findings", _finding_words),
        ("Devices", "devices", _device_words),
        ("Medicines", "medications", _medication_words),
        ("In the past", "history", HISTORY_LABELS.__getitem__),
        ("Care-team clearances", "clearances", CLEARANCE_LABELS.__getitem__),
        ("Asks for today", "requests", _request_words),
    ]
    for label, key, words in listed:
        if data.get(key):
            lines.append((label, "; ".join(words(value) for value in data[key])))
        if key == "history" and (clot := _clot_words(data)):
            lines.append(("The clot", clot))
    return lines


def story_html(case_file: CaseFile, glossary: Mapping[str, Term], intake: bool = True) -> str:
    """The client's story as a student meets it: title, narrative, and (optionally) intake facts.

    Glossary terms become ``<abbr>`` elements with their plain meaning; nothing names the case
    id or an engine-only finding.
    """
    parts = [
        '<section class="alsedu-story" aria-label="The client\'s story">',
        f"<h3>{escape(case_file.title)}</h3>",
        f"<p>{mark_terms(' '.join(case_file.narrative.split()), glossary)}</p>",
    ]
    if intake:
        items = "".join(
            f"<li><strong>{mark_terms(label, glossary)}:</strong> {mark_terms(text, glossary)}</li>"
            for label, text in intake_lines(case_file)
        )
        parts.append(f"<h4>What the intake form records</h4><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def deciding_rules(plan: Plan) -> list[RuleHit]:
    """The rules behind the plan's decision (none when only the baseline rules apply).

    A stopped plan: the rules that postpone or call an emergency. An adapted plan: every rule
    beyond the baseline that avoids a site, leaves out a position or adapts the session.
    """
    if plan.decision in STOPS:
        return [hit for hit in plan.rules if hit.decision in STOPS]
    rules = {r.rule.id: r for r in load_rules()}
    deciding = []
    for hit in plan.rules:
        compiled = rules.get(hit.id)
        if compiled is None or compiled.baseline:
            continue
        effects = compiled.rule.effects
        if (
            hit.decision in {"avoid_site", "modify"}
            or effects.avoid_sites
            or (effects.exclude_positions)
        ):
            deciding.append(hit)
    return deciding


def referring_rules(plan: Plan) -> list[RuleHit]:
    """The rules that ask for the plan's referral (none when no referral is needed)."""
    return [hit for hit in plan.rules if plan.refer != "none" and hit.refer == plan.refer]


def decision_words(code: str) -> str:
    """A decision as the student chooses it, with the plan's sign word: ``... (WAIT)``."""
    return f"{DECISION_CHOICES[code]} ({DECISION_SIGNS[code]})"


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def caution_sentence(plan: Plan, chosen: str) -> str:
    """Whether the plan's decision is more or less cautious than a different chosen one."""
    order = list(DECISION_CHOICES)
    more = order.index(plan.decision) > order.index(chosen)
    text = f"The plan is {'more' if more else 'less'} cautious than your choice."
    if not deciding_rules(plan):
        text += " Only the rules every client with ALS gets apply; nothing calls for more."
    return text


def decision_sentence(plan: Plan, chosen: str) -> str:
    """How the student's decision compares with the plan's, in words (plain text)."""
    if chosen == plan.decision:
        return f"You chose what the plan says: {_lowered(decision_words(chosen))}."
    return (
        f"You chose: {_lowered(decision_words(chosen))}. The plan says: "
        f"{_lowered(decision_words(plan.decision))}. {caution_sentence(plan, chosen)}"
    )


def urgency_sentence(plan: Plan, chosen: str | None) -> str:
    """Whether a different chosen referral is more or less urgent than the plan's."""
    if chosen is None:
        text = "You did not choose a referral."
    else:
        more = REFER_ORDER.index(chosen) > REFER_ORDER.index(plan.refer)
        text = f"Your referral is {'more' if more else 'less'} urgent than the plan's."
    if plan.refer == "none":
        text += " Nothing in this case calls for a referral today."
    return text


def referral_sentence(plan: Plan, chosen: str | None) -> str:
    """How the student's referral compares with the plan's, in words (plain text)."""
    plan_words = REFER_LABELS[plan.refer]
    if chosen == plan.refer:
        return f"You chose what the plan says: {plan_words}."
    said = "" if chosen is None else f"You chose: {REFER_LABELS[chosen]}. "
    return f"{said}The plan says: {plan_words}. {urgency_sentence(plan, chosen)}"


def _because(rules: list[RuleHit]) -> str:
    return f" Why: {'; '.join(f'{hit.title} ({hit.id})' for hit in rules)}." if rules else ""


def decision_feedback(plan: Plan, chosen_decision: str, chosen_refer: str | None) -> str:
    """Feedback in words on the student's decision and referral against the plan's (HTML).

    A difference names the rules behind the plan's choice; the plan below gives their reasons
    and sources.
    """
    if chosen_decision not in DECISION_CHOICES:
        raise ValueError(
            f"unknown decision {chosen_decision!r}; allowed: {', '.join(DECISION_CHOICES)}"
        )
    if chosen_refer is not None and chosen_refer not in REFER_ORDER:
        raise ValueError(
            f"unknown referral {chosen_refer!r}; allowed: {', '.join(REFER_ORDER)} or None"
        )
    decided, referred = chosen_decision == plan.decision, chosen_refer == plan.refer
    lines = [
        (
            "Decision",
            decided,
            decision_sentence(plan, chosen_decision)
            + ("" if decided else _because(deciding_rules(plan))),
        ),
        (
            "Referral",
            referred,
            referral_sentence(plan, chosen_refer)
            + ("" if referred else _because(referring_rules(plan))),
        ),
    ]
    items = "".join(
        f"<li><strong>{name}: {'✓ matches' if same else '✗ differs'}.</strong> {escape(text)}</li>"
        for name, same, text in lines
    )
    if decided and referred:
        summary = "You matched the plan's decision and its referral."
    elif decided or referred:
        got, missed = ("decision", "referral") if decided else ("referral", "decision")
        summary = f"You matched the plan's {got}, not its {missed}."
    else:
        summary = "You matched neither the plan's decision nor its referral."
    return (
        '<div class="alsedu-feedback" role="status">'
        f"<h4>Your answer and the plan</h4><p><strong>{summary}</strong></p><ul>{items}</ul></div>"
    )


BUTTON_LAYOUT = {"width": "fit-content"}  # a button as wide as its words, not the cell


def choice_controls() -> tuple[widgets.RadioButtons, widgets.RadioButtons]:
    """The decision and referral questions, nothing chosen yet, labels at full width."""
    shared = {"value": None, "style": {"description_width": "initial"}, "layout": {"width": "auto"}}
    decision = widgets.RadioButtons(
        options=decision_options(), description="Today's decision:", **shared
    )
    refer = widgets.RadioButtons(options=refer_options(), description="Referral:", **shared)
    return decision, refer


class CaseScenario(widgets.VBox):
    """A bank case as a story, one question answered first, then the plan and the body map."""

    def __init__(self, case_file: CaseFile, bank: Bank):
        self.case_file = case_file
        self.plan = screen(case_file.case)
        chart = body_map(self.plan)
        # Rendered once here, so that the click itself answers at once.
        self._revealed = plan_html(self.plan, case_file.case) + chart.html()
        self.story = widgets.HTML(story_html(case_file, bank.glossary))
        self.question = widgets.HTML(
            "<h4>What would you do?</h4><p>Decide before you see the plan: choose today's "
            "decision and a referral, then show the plan.</p>"
        )
        self.decision, self.refer = choice_controls()
        self.show = widgets.Button(
            description="Show the plan",
            disabled=True,
            tooltip="Choose a decision first",
            layout=BUTTON_LAYOUT,
        )
        self.result = widgets.HTML("")
        self.decision.observe(self._on_decision, names="value")
        self.show.on_click(self._reveal)
        super().__init__(
            [
                widgets.HTML(STYLE),
                self.story,
                self.question,
                self.decision,
                self.refer,
                self.show,
                self.result,
            ]
        )
        self.add_class("alsedu-widget")

    def _on_decision(self, change: dict[str, Any]) -> None:
        self.show.disabled = change["new"] is None
        self.show.tooltip = "Show the engine's plan" if change["new"] else "Choose a decision first"

    def _reveal(self, _button: widgets.Button) -> None:
        feedback = decision_feedback(self.plan, self.decision.value, self.refer.value)
        self.result.value = feedback + self._revealed
        for control in (self.decision, self.refer, self.show):
            control.disabled = True


def scenario(case_id: str) -> CaseScenario:
    """The scenario of one bank case, for a notebook cell: ``scenario("case-jon")``."""
    bank = load_bank()
    return CaseScenario(bank.case_file(case_id), bank)
