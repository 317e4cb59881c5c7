"""The case explorer (issue 9 §2): change a client case through form controls, watch the plan.

Core, testable without widgets: the explorer's state is a plain dict in the screening
contract's case format. :func:`state_from_case` starts one from a bank case or a blank
client; :func:`set_field`, :func:`add_finding`, :func:`remove_finding`, :func:`add_item` and
:func:`remove_item` return changed copies; :func:`view` screens a state into an
:class:`ExplorerView` (the plan in the one plan wording, the body map, or the engine's
one-line messages while the last valid plan stays on show); :func:`panel_html` lays a view out.

Shell: :class:`CaseExplorer` puts ipywidgets controls over that core. Every control that
changes the case re-screens it; the forms for a new finding, device, medicine or request
change the case when their "Add" button is clicked. Controls show codes in plain words.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import ipywidgets as widgets

from ..bank import Bank, load_bank
from ..case import Case
from ..codes import (
    ALSFRS_ITEMS,
    DEVICE_ATTRIBUTES,
    FINDING_ATTRIBUTES,
    MEDICATION_CLASSES,
    MEDICATIONS,
    POSITIONS,
    SITES,
    TECHNIQUES,
)
from ..errors import CaseError, Problem
from ..labels import (
    CLEARANCE_LABELS,
    CLOT_STATUS_LABELS,
    DEVICE_LABELS,
    HISTORY_LABELS,
    POSITION_LABELS,
    SITE_NAMES,
    TECHNIQUE_LABELS,
)
from ..report import plan_html
from ..schema import CaseFile
from ..screening import Plan, screen

BLANK_ID = "blank-client"
BLANK_TITLE = "A blank client"
#: A Dropdown's "nothing recorded" choice (ipywidgets reads a ``None`` value as no selection).
UNSET = ""
#: The list keys of a case whose items the explorer adds and removes one by one.
LIST_KEYS = ("findings", "devices", "medications", "requests")

FINDING_LABELS: dict[str, str] = {
    "fever": "fever, or feeling feverish",
    "acute_illness": "acute illness (infection, flu, stomach bug)",
    "sudden_neuro_change": "sudden change in movement, speech or senses",
    "chest_pain": "chest pain",
    "sudden_breathlessness": "sudden breathlessness",
    "coughing_blood": "coughing up blood",
    "fainting": "fainting",
    "breathless_at_rest": "breathless at rest",
    "acute_confusion": "new confusion",
    "orthopnea": "breathless lying flat",
    "morning_headache": "headaches on waking",
    "daytime_sleepiness": "sleepy during the day",
    "weak_cough": "weak cough",
    "recurrent_chest_infections": "repeated chest infections",
    "swelling": "swelling",
    "pressure_injury": "pressure injury (pressure sore)",
    "non_blanching_redness": "redness that stays when pressed lightly",
    "open_wound": "open wound",
    "skin_infection": "skin infection",
    "bruising": "bruising",
    "recent_surgery": "recent surgery or procedure",
    "weakness": "weakness",
    "atrophy": "muscle wasting",
    "fasciculations": "muscle twitching (fasciculations)",
    "cramps": "cramps",
    "contracture": "contracture (a joint that no longer straightens)",
    "pain": "pain",
    "spasticity": "stiff, tight muscle tone (spasticity)",
    "osteoporosis": "osteoporosis (thin, fragile bones)",
    "neck_weakness": "neck weakness (the head drops forward)",
    "shoulder_pain": "shoulder pain",
    "speech_impaired": "speech difficulty",
    "drooling": "drooling",
    "dysphagia": "swallowing difficulty",
    "pseudobulbar_affect": "sudden laughing or crying out of proportion",
    "cognitive_change": "changes in thinking or behaviour",
    "fatigue": "fatigue",
    "falls": "falls",
    "heart_failure": "heart failure",
    "lightheaded": "light-headed or dizzy",
    "severe_headache": "sudden severe headache",
    "neck_stiffness": "stiff neck",
    "vision_change": "sudden change in vision",
    "bleeding": "unusual bleeding",
    "jaundice": "yellow skin or eyes (jaundice)",
    "sore_throat": "sore throat",
    "tube_problem": "feeding-tube problem (leaking, sore, bleeding or loose)",
    "numbness": "numb skin",
    "stroke_signs": "stroke signs (face droop, arm drop, slurred speech)",
    "deep_vein_tenderness": "tenderness along a deep vein",
    "hallucinations": "hallucinations",
    "choking": "choking episodes",
    "weight_loss": "weight loss",
    "cold_extremities": "cold hands or feet",
    "stiffness": "stiffness",
}
MEDICATION_CLASS_LABELS: dict[str, str] = {
    "disease_modifying": "ALS medicine",
    "intrathecal": "ALS medicine given into the spine",
    "antispasticity": "eases stiff muscles",
    "sedating": "can cause drowsiness",
    "cramp": "for cramps",
    "anticoagulant": "blood thinner",
    "antiplatelet": "blood thinner (antiplatelet)",
    "saliva_control": "dries saliva",
    "other": "for sudden laughing or crying",
}
#: Names that stand for a whole class of medicines when the exact medicine is not known.
MEDICATION_NAMES: dict[str, str] = {
    "anticoagulant": "anticoagulant, name not known",
    "antiplatelet": "antiplatelet, name not known",
    "opioid": "opioid painkiller",
    "dextromethorphan_quinidine": "dextromethorphan with quinidine",
}
ALSFRS_LABELS: dict[str, str] = {
    "speech": "Speech",
    "salivation": "Saliva",
    "swallowing": "Swallowing",
    "handwriting": "Handwriting",
    "cutting_food": "Cutting food",
    "dressing_hygiene": "Dressing and washing",
    "turning_in_bed": "Turning in bed",
    "walking": "Walking",
    "climbing_stairs": "Climbing stairs",
    "dyspnea": "Breathlessness",
    "orthopnea": "Breathing lying flat",
    "respiratory_insufficiency": "Breathing support",
}
ONSET_LABELS: dict[str, str] = {
    "limb": "in a limb",
    "bulbar": "in speech and swallowing",
    "trunk": "in the trunk",
}
KINGS_LABELS: dict[str, str] = {
    "1": "1 (first region affected)",
    "2A": "2A (diagnosed)",
    "2B": "2B (second region affected)",
    "3": "3 (third region affected)",
    "4A": "4A (needs a feeding tube)",
    "4B": "4B (needs breathing support)",
}
MITOS_LABELS: dict[int, str] = {
    0: "0 (independent in all four areas)",
    **{n: f"{n} (independence lost in {n} of four areas)" for n in range(1, 5)},
}
SWELLING_ONSET_LABELS: dict[str, str] = {
    "new": "new",
    "longstanding": "longstanding",
    "unknown": "not known",
}
PRESSURE_STAGE_LABELS: dict[str, str] = {
    **{s: f"stage {s}" for s in ("1", "2", "3", "4")},
    "unstageable": "unstageable",
    "deep_tissue": "deep tissue injury",
}
MAS_LABELS: dict[str, str] = {
    "0": "0 (no extra tone)",
    "1": "1 (a slight catch at the end of the movement)",
    "1+": "1+ (a catch, then slight resistance)",
    "2": "2 (more tone, still moves easily)",
    "3": "3 (strong tone, hard to move)",
    "4": "4 (rigid)",
}
SEVERITY_LABELS: dict[str, str] = {"mild": "mild", "significant": "significant"}
SIDE_LABELS: dict[str, str] = {"left": "left", "right": "right", "both": "both sides"}
#: How the finding form and the error messages name each attribute and case key.
FIELD_LABELS: dict[str, str] = {
    "site": "site",
    "side": "side",
    "onset": "began",
    "warm": "warm to touch",
    "red": "red",
    "painful": "painful",
    "pitting": "keeps a dent when pressed",
    "bigger": "bigger than last time",
    "stage": "stage",
    "days_ago": "days since surgery",
    "mrc": "strength (MRC 0 to 5)",
    "mas": "tone (modified Ashworth)",
    "severity": "severity",
    "days_since_placement": "days since placed",
    "days_since_dose": "days since last dose",
    "temperature_c": "Temperature (°C)",
    "kings_stage": "King's stage",
    "mitos_stage": "MiToS stage",
    "braden": "Braden score",
    "age": "age",
    "alsfrs_r": "ALSFRS-R",
    **ALSFRS_LABELS,
}
ITEM_NOUNS: dict[str, str] = {
    "findings": "finding",
    "devices": "device",
    "medications": "medicine",
    "requests": "request",
}
BOOLEAN_ATTRIBUTES = ("warm", "red", "painful", "pitting", "bigger")
CHOICE_ATTRIBUTES: dict[str, dict[str, str]] = {
    "onset": SWELLING_ONSET_LABELS,
    "stage": PRESSURE_STAGE_LABELS,
    "mas": MAS_LABELS,
    "severity": SEVERITY_LABELS,
}
NUMBER_ATTRIBUTES: dict[str, str] = {"days_ago": "not known", "mrc": "not graded"}
#: The order attributes are shown in, in a form and in a finding's line.
ATTRIBUTE_ORDER = ("site", "side", *CHOICE_ATTRIBUTES, *BOOLEAN_ATTRIBUTES, *NUMBER_ATTRIBUTES)


# ---------------------------------------------------------------- words for the state


def medication_label(name: str) -> str:
    """A medicine's name and what its class means for touch: ``warfarin (blood thinner)``."""
    kind = MEDICATION_CLASS_LABELS[MEDICATION_CLASSES[name]]
    return f"{MEDICATION_NAMES.get(name, name)} ({kind})"


def place_label(site: str | None, side: str | None) -> str:
    """A site and side in words: ``left calf``, ``chest, both sides``, ``left side``."""
    if not site:
        return f"{side} side" if side in {"left", "right"} else SIDE_LABELS.get(side or "", "")
    name = SITE_NAMES.get(site, site.replace("_", " "))
    return {None: name, "both": f"{name}, both sides"}.get(side, f"{side} {name}")


def request_label(code: str) -> str:
    """A request in words: a technique, a position, or a body site."""
    if code in TECHNIQUE_LABELS:
        return TECHNIQUE_LABELS[code]
    if code in POSITION_LABELS:
        return f"position: {POSITION_LABELS[code]}"
    site, _, side = code.partition(":")
    return f"massage on the {place_label(site, side or None)}"


def _attribute_text(key: str, value: Any) -> str:
    if key in BOOLEAN_ATTRIBUTES:
        return f"{FIELD_LABELS[key]}: {'yes' if value else 'no'}"
    if key in CHOICE_ATTRIBUTES:
        return f"{FIELD_LABELS[key]}: {CHOICE_ATTRIBUTES[key].get(str(value), value)}"
    return f"{FIELD_LABELS.get(key, key)}: {value}"


def item_label(key: str, item: Any) -> str:
    """One item of a case list in words (a finding with its place and attributes, ...)."""
    if key == "requests":
        return request_label(str(item))
    if key == "medications":
        name = str(item.get("name", ""))
        label = medication_label(name) if name in MEDICATION_CLASSES else name
        days = item.get("days_since_dose")
        return label if days is None else f"{label}; {_attribute_text('days_since_dose', days)}"
    code = str(item.get("code", ""))
    names = FINDING_LABELS if key == "findings" else DEVICE_LABELS
    place = place_label(item.get("site"), item.get("side"))
    name = f"{names.get(code, code)}, {place}" if place else names.get(code, code)
    details = [
        _attribute_text(k, item[k])
        for k in (*ATTRIBUTE_ORDER, "days_since_placement")
        if k not in {"site", "side"} and item.get(k) is not None
    ]
    return "; ".join([name, *details])


def short_label(key: str, item: Any) -> str:
    """An item's name for its Remove button: the code in words and its place."""
    if key == "requests":
        return request_label(str(item))
    if key == "medications":
        return MEDICATION_NAMES.get(item.get("name", ""), str(item.get("name", "")))
    names = FINDING_LABELS if key == "findings" else DEVICE_LABELS
    name = names.get(item.get("code", ""), str(item.get("code", ""))).split(" (")[0]
    place = place_label(item.get("site"), item.get("side"))
    return f"{name}, {place}" if place else name


def problem_line(problem: Problem, state: Mapping[str, Any]) -> str:
    """The engine's message about one value, placed in words (``finding 7 (weakness), ...``)."""
    where: list[str] = []
    parts = problem.key.split(".") if problem.key else []
    for i, part in enumerate(parts):
        if part in ITEM_NOUNS and i + 1 < len(parts) and parts[i + 1].isdigit():
            index = int(parts[i + 1])
            items = state.get(part, [])
            name = f"{ITEM_NOUNS[part]} {index + 1}"
            if index < len(items):
                name += f" ({short_label(part, items[index])})"
            where.append(name)
        elif not part.isdigit():
            where.append(FIELD_LABELS.get(part, part.replace("_", " ")))
    return f"{', '.join(where)}: {problem.message}" if where else problem.message


# ---------------------------------------------------------------- the state


def state_from_case(case_file: CaseFile | None) -> dict[str, Any]:
    """A bank case's data in the contract's format, or a blank client when ``None``."""
    if case_file is None:
        return {"id": BLANK_ID, "title": BLANK_TITLE}
    return case_file.case.model_dump(mode="json", exclude_defaults=True)


def set_field(state: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """Set one key (``alsfrs_r.walking`` reaches into a map); ``None`` or ``[]`` removes it."""
    new = copy.deepcopy(dict(state))
    *path, last = key.split(".")
    target = new
    for part in path:
        target = target.setdefault(part, {})
    if value is None or value == []:
        target.pop(last, None)
    else:
        target[last] = value
    return new


def add_item(state: Mapping[str, Any], key: str, item: Any) -> dict[str, Any]:
    """Append an item to a case list; a mapping item loses its unrecorded (``None``) values."""
    if isinstance(item, Mapping):
        item = {k: v for k, v in item.items() if v is not None}
    return set_field(state, key, [*state.get(key, []), item])


def remove_item(state: Mapping[str, Any], key: str, index: int) -> dict[str, Any]:
    """Remove the item at ``index`` of a case list."""
    items = list(state.get(key, []))
    del items[index]
    return set_field(state, key, items)


def add_finding(state: Mapping[str, Any], finding: Mapping[str, Any]) -> dict[str, Any]:
    """Add a finding (``{"code": "swelling", "site": "calf", ...}``) to the state."""
    return add_item(state, "findings", finding)


def remove_finding(state: Mapping[str, Any], index: int) -> dict[str, Any]:
    """Remove the finding at ``index``."""
    return remove_item(state, "findings", index)


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class ExplorerView:
    """What the explorer shows for a state: the plan and its body map, or why they are stale."""

    plan_html: str  # the plan in the one plan wording ('' before any case could be screened)
    plan: Plan | None = None  # the plan shown (the last valid one while ``error`` is set)
    error: str | None = None  # the engine's messages, one line each; None when screened

    @property
    def updated(self) -> bool:
        """Whether the plan shown is the plan of the current state."""
        return self.error is None

    @property
    def body_map_html(self) -> str:
        """The body map of the plan shown (drawn once per distinct map, see `map_key`)."""
        return _body_map_html(map_key(self.plan)) if self.plan else ""


def map_key(plan: Plan) -> str:
    """The plan a map is drawn from, as JSON: without its rules' wording and the requests.

    Typed values change the reasons (``temperature 39.5 °C``) far more often than the sites
    and limits a map shows; the map is drawn from this reduced plan, so one key, one map.
    """
    return plan.model_copy(update={"case_id": "", "rules": [], "requests": []}).model_dump_json()


@lru_cache(maxsize=64)
def _body_map_html(key: str) -> str:
    """Draw a (reduced) plan's body map, cached: plans that mark the same sites share one."""
    from ..figures.body_map import body_map  # matplotlib loads with the first map only

    return body_map(Plan.model_validate_json(key)).html()


def view(state: Mapping[str, Any], previous: ExplorerView | None = None) -> ExplorerView:
    """Screen the state; on invalid values keep ``previous``'s plan and say what is wrong."""
    try:
        case = Case.from_data(dict(state))
    except CaseError as error:
        message = "\n".join(problem_line(p, state) for p in error.problems)
        if previous is None:
            return ExplorerView("", None, message)
        return ExplorerView(previous.plan_html, previous.plan, message)
    plan = screen(case)
    return ExplorerView(plan_html(plan, case), plan)


STALE = "NOT UPDATED: the last plan that could be worked out, without this change."


def panel_html(shown: ExplorerView) -> str:
    """The plan panel: what cannot be screened (if anything), then the plan."""
    if shown.updated:
        return f'<div class="alsedu-explorer">{shown.plan_html}</div>'
    lines = "".join(f"<li>{escape(line)}</li>" for line in shown.error.splitlines())
    kept = "<p>Correct or remove it to update the plan.</p>" if shown.plan_html else ""
    return (
        '<div class="alsedu-explorer">'
        '<div class="alsedu-explorer-error" role="alert" '
        'style="border:3px solid #b00020;padding:0.4em 0.8em;margin-bottom:0.8em">'
        "<p><strong>PLAN NOT UPDATED.</strong> This change cannot be screened:</p>"
        f"<ul>{lines}</ul>{kept}</div>"
        f"{_stale(shown.plan_html)}</div>"
    )


def map_html(shown: ExplorerView) -> str:
    """The body map panel, marked as not updated while the plan is stale."""
    return shown.body_map_html if shown.updated else _stale(shown.body_map_html)


def _stale(html: str) -> str:
    if not html:
        return ""
    return (
        '<div class="alsedu-explorer-stale" role="region" aria-label="Not updated" '
        'style="border:2px dashed #555;padding:0.4em;opacity:0.65">'
        f"<p><strong>{escape(STALE)}</strong></p>{html}</div>"
    )


# ---------------------------------------------------------------- the shell

WIDE = {"description_width": "170px"}
ROW = {"width": "100%"}  # a fresh Layout per control: one shared would hide them all


def _choices(labels: Mapping[Any, str], unset: str | None) -> list[tuple[str, Any]]:
    """Dropdown options in words; ``unset`` names the "nothing recorded" choice first."""
    options = [(label, code) for code, label in labels.items()]
    return [(unset, UNSET), *options] if unset is not None else options


def _dropdown(description: str, labels: Mapping[Any, str], unset: str | None) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=_choices(labels, unset), description=description, style=WIDE, layout=ROW
    )


def _sorted_labels(labels: Mapping[str, str]) -> dict[str, str]:
    return dict(sorted(labels.items(), key=lambda pair: pair[1].lower()))


SITE_LABELS: dict[str, str] = {s: place_label(s, None) for s in SITES}


class OptionalNumber:
    """A number that may be left unrecorded: the number box and a "not recorded" checkbox.

    While the checkbox is ticked the box is greyed out and ``value`` is ``None``.
    """

    def __init__(self, description: str, unknown: str, floating: bool = False):
        kind = widgets.FloatText if floating else widgets.IntText
        self.number = kind(description=description, style=WIDE, layout={"width": "290px"})
        self.unknown = widgets.Checkbox(
            value=True, description=unknown, indent=False, tooltip=f"{description}: {unknown}"
        )
        self.unknown.layout.width = "auto"
        self.box = widgets.HBox([self.number, self.unknown])
        self._callbacks: list[Callable[[], None]] = []
        self.number.observe(self._typed, "value")
        self.unknown.observe(self._ticked, "value")
        self.number.disabled = True

    @property
    def value(self) -> int | float | None:
        return None if self.unknown.value else self.number.value

    @value.setter
    def value(self, value: float | None) -> None:
        if value is not None:
            self.number.value = value
        self.unknown.value = value is None

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def _typed(self, _: Any) -> None:
        if not self.unknown.value:
            self._changed()

    def _ticked(self, _: Any) -> None:
        self.number.disabled = self.unknown.value
        self._changed()

    def _changed(self) -> None:
        for callback in self._callbacks:
            callback()


def _value(control: Any) -> Any:
    """A control's value for the case: ``None`` for "not recorded", ``yes``/``no`` as booleans."""
    value = control.value
    if value == UNSET:
        return None
    return {"yes": True, "no": False}.get(value, value) if isinstance(value, str) else value


class ItemForm:
    """A form for one new item of a case list: a code, the attributes it takes, "Add"."""

    def __init__(
        self,
        code: widgets.Dropdown,
        attributes: dict[str, Any],
        takes: Callable[[str], Iterable[str]],
        add: str,
    ):
        self.code = code
        self.attributes = attributes
        self._takes = takes
        self.add = widgets.Button(description=add, button_style="primary")
        children = [code, *(_box(control) for control in attributes.values()), self.add]
        self.box = widgets.VBox(children)
        code.observe(lambda _: self._show(), "value")
        self._show()

    def _show(self) -> None:
        taken = set(self._takes(self.code.value))
        for key, control in self.attributes.items():
            _box(control).layout.display = None if key in taken else "none"

    def item(self, key: str = "code") -> dict[str, Any]:
        """The item the form describes now: its code and the attributes it takes."""
        item = {key: self.code.value}
        taken = set(self._takes(self.code.value))
        item |= {k: _value(c) for k, c in self.attributes.items() if k in taken}
        return {k: v for k, v in item.items() if v is not None}


def _box(control: Any) -> widgets.Widget:
    return control.box if isinstance(control, OptionalNumber) else control


class ItemList:
    """The current items of one case list, each with a Remove button named after it."""

    def __init__(self, key: str, empty: str, remove: Callable[[int], None]):
        self.key = key
        self._empty = empty
        self._remove = remove
        self.box = widgets.VBox()
        self.buttons: list[widgets.Button] = []
        self._shown: list[Any] | None = None

    def show(self, items: list[Any]) -> None:
        """List the items (rebuilt only when they changed)."""
        if items == self._shown:
            return
        self._shown = copy.deepcopy(items)
        rows: list[widgets.Widget] = []
        self.buttons = []
        for index, item in enumerate(items):
            button = widgets.Button(
                description=f"Remove {short_label(self.key, item)}",
                tooltip=f"Remove {item_label(self.key, item)}",
                layout={"width": "auto"},
            )
            button.on_click(lambda _, i=index: self._remove(i))
            self.buttons.append(button)
            text = widgets.HTML(f"{index + 1}. {escape(item_label(self.key, item))}")
            rows.append(widgets.VBox([text, button], layout={"margin": "0 0 6px 0"}))
        self.box.children = rows or [widgets.HTML(f"<em>{escape(self._empty)}</em>")]


def _ticked(boxes: Mapping[str, widgets.Checkbox]) -> list[str]:
    return [code for code, box in boxes.items() if box.value]


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<strong>{escape(text)}</strong>")


class CaseExplorer(widgets.VBox):
    """Start from a bank case or a blank client, change it, and watch its plan update."""

    def __init__(self, bank: Bank, case_id: str | None = None):
        super().__init__()
        self.bank = bank
        self._loading = False
        self.shown: ExplorerView | None = None
        self.state: dict[str, Any] = {}
        titles = sorted((cf.title, cid) for cid, cf in bank.cases.items())
        self.start = widgets.Dropdown(
            options=[(BLANK_TITLE, UNSET), *titles],
            description="Start from",
            style=WIDE,
            layout={"width": "480px"},
        )
        self.story = widgets.HTML()
        how = widgets.HTML(
            "<p>Change anything in the sections below: the plan beside them, and the body map "
            "under them, are worked out again at once.</p>"
        )
        self.output = widgets.HTML(layout={"flex": "1 1 420px", "min_width": "320px"})
        self.map = widgets.HTML(layout={"width": "100%"})
        controls = widgets.Accordion(
            children=[
                self._client_controls(),
                self._list_controls("findings", self._finding_form(), "No findings yet."),
                self._list_controls("devices", self._device_form(), "No devices."),
                self._list_controls("medications", self._medicine_form(), "No medicines."),
                self._history_controls(),
                self._alsfrs_controls(),
                self._list_controls("requests", self._request_form(), "No requests."),
            ],
            titles=(
                "About the client",
                "Findings today",
                "Devices",
                "Medicines",
                "History and written clearances",
                "ALSFRS-R scores",
                "What the client asks for",
            ),
            selected_index=1,
            layout={"flex": "1 1 440px", "min_width": "360px"},
        )
        self.children = [
            self.start,
            self.story,
            how,
            widgets.HBox([controls, self.output], layout={"flex_flow": "row wrap"}),
            self.map,
        ]
        self.start.observe(lambda _: self.load(self.start.value or None), "value")
        self.load(case_id)

    # ----------------------------------------------------------- building the controls

    def _client_controls(self) -> widgets.VBox:
        self.onset = _dropdown("ALS began", ONSET_LABELS, "not recorded")
        self.kings = _dropdown("King's stage", KINGS_LABELS, "not recorded")
        self.mitos = _dropdown("MiToS stage", MITOS_LABELS, "not recorded")
        self.temperature = OptionalNumber("Temperature (°C)", "not taken", floating=True)
        self.braden = OptionalNumber("Braden score (6-23)", "not scored")
        self._scalars = {
            "onset": self.onset,
            "kings_stage": self.kings,
            "mitos_stage": self.mitos,
            "temperature_c": self.temperature,
            "braden": self.braden,
        }
        for key, control in self._scalars.items():
            self._watch(control, lambda key=key, control=control: self._set(key, _value(control)))
        return widgets.VBox(
            [self.onset, self.kings, self.mitos, self.temperature.box, self.braden.box]
        )

    def _history_controls(self) -> widgets.VBox:
        self.history = {c: self._tick(HISTORY_LABELS[c]) for c in HISTORY_LABELS}
        self.clot_status = _dropdown("The clot is", CLOT_STATUS_LABELS, "not recorded")
        self.clot_days = OptionalNumber("Days since the clot was found", "not known")
        clot = {"clot_status": self.clot_status, "clot_days_ago": self.clot_days}
        for key, control in clot.items():
            self._watch(control, lambda key=key, control=control: self._set(key, _value(control)))
        self._scalars.update(clot)
        self.clearances = {c: self._tick(CLEARANCE_LABELS[c]) for c in CLEARANCE_LABELS}
        for key, boxes in (("history", self.history), ("clearances", self.clearances)):
            for box in boxes.values():
                self._watch(box, lambda key=key, boxes=boxes: self._set(key, _ticked(boxes)))
        return widgets.VBox(
            [
                _heading("History"),
                *self.history.values(),
                self.clot_status,
                self.clot_days.box,
                _heading("Written clearance on file"),
                *self.clearances.values(),
            ]
        )

    @staticmethod
    def _tick(description: str) -> widgets.Checkbox:
        return widgets.Checkbox(description=description, indent=False, layout=ROW)

    def _alsfrs_controls(self) -> widgets.VBox:
        scores = {4: "4 (normal)", 3: "3", 2: "2", 1: "1", 0: "0 (most affected)"}
        self.alsfrs = {
            item: _dropdown(ALSFRS_LABELS[item], scores, "not recorded") for item in ALSFRS_ITEMS
        }
        for item, control in self.alsfrs.items():
            self._watch(
                control,
                lambda item=item, control=control: self._set(f"alsfrs_r.{item}", _value(control)),
            )
        note = widgets.HTML("<small>Each item from 4 (normal) to 0 (most affected).</small>")
        return widgets.VBox([note, *self.alsfrs.values()])

    def _finding_form(self) -> ItemForm:
        booleans = {"yes": "yes", "no": "no"}
        attributes: dict[str, Any] = {
            "site": _dropdown("Site", SITE_LABELS, "no particular site"),
            "side": _dropdown("Side", SIDE_LABELS, "no side"),
            **{
                key: _dropdown(FIELD_LABELS[key].capitalize(), labels, "not recorded")
                for key, labels in CHOICE_ATTRIBUTES.items()
            },
            **{
                key: _dropdown(FIELD_LABELS[key].capitalize(), booleans, "not checked")
                for key in BOOLEAN_ATTRIBUTES
            },
            **{
                key: OptionalNumber(FIELD_LABELS[key].capitalize(), unknown)
                for key, unknown in NUMBER_ATTRIBUTES.items()
            },
        }
        code = _dropdown("Finding", _sorted_labels(FINDING_LABELS), None)
        code.value = "swelling"
        return ItemForm(code, attributes, FINDING_ATTRIBUTES.__getitem__, "Add finding")

    def _device_form(self) -> ItemForm:
        attributes: dict[str, Any] = {
            "site": _dropdown("Site", SITE_LABELS, "site not recorded"),
            "side": _dropdown("Side", SIDE_LABELS, "no side"),
            "days_since_placement": OptionalNumber("Days since placed", "not known"),
        }
        code = _dropdown("Device", _sorted_labels(DEVICE_LABELS), None)
        return ItemForm(code, attributes, DEVICE_ATTRIBUTES.__getitem__, "Add device")

    def _medicine_form(self) -> ItemForm:
        labels = _sorted_labels({name: medication_label(name) for name in MEDICATIONS})
        attributes: dict[str, Any] = {
            "days_since_dose": OptionalNumber("Days since last dose", "not known")
        }
        code = _dropdown("Medicine", labels, None)
        return ItemForm(code, attributes, lambda _: attributes, "Add medicine")

    def _request_form(self) -> ItemForm:
        labels = {
            **_sorted_labels({t: TECHNIQUE_LABELS[t] for t in TECHNIQUES}),
            **{p: f"position: {POSITION_LABELS[p]}" for p in POSITIONS},
            **{s: f"massage on the {SITE_LABELS[s]}" for s in SITES},
        }
        attributes: dict[str, Any] = {"side": _dropdown("Side", SIDE_LABELS, "no side")}
        code = _dropdown("Asks for", labels, None)
        return ItemForm(code, attributes, lambda c: ["side"] if c in SITES else [], "Add request")

    def _list_controls(self, key: str, form: ItemForm, empty: str) -> widgets.VBox:
        items = ItemList(
            key, empty, lambda index: self._change(remove_item(self.state, key, index))
        )
        form.add.on_click(lambda _: self._change(add_item(self.state, key, self._new(key, form))))
        setattr(self, f"{key}_form", form)
        setattr(self, f"{key}_list", items)
        noun = ITEM_NOUNS[key]
        parts = [_heading(f"Current {noun}s"), items.box, _heading(f"Add a {noun}"), form.box]
        return widgets.VBox(parts)

    @staticmethod
    def _new(key: str, form: ItemForm) -> Any:
        if key == "medications":
            return form.item("name")
        if key == "requests":
            item = form.item()
            side = item.get("side")
            return f"{item['code']}:{side}" if side else item["code"]
        return form.item()

    # ----------------------------------------------------------- state and rendering

    def _watch(self, control: Any, changed: Callable[[], None]) -> None:
        def react(*_: Any) -> None:
            if not self._loading:
                changed()

        if isinstance(control, OptionalNumber):
            control.on_change(react)
        else:
            control.observe(react, "value")

    def _set(self, key: str, value: Any) -> None:
        if self._loading:
            return
        self._change(set_field(self.state, key, value))

    def _change(self, state: dict[str, Any]) -> None:
        """Adopt a new state: refresh the lists and re-screen."""
        self.state = state
        for key in LIST_KEYS:
            getattr(self, f"{key}_list").show(state.get(key, []))
        self.shown = view(state, self.shown)
        self.output.value = panel_html(self.shown)  # the words first, then the slower map
        self.map.value = map_html(self.shown)

    def load(self, case_id: str | None) -> None:
        """Start again from a bank case (by id) or, with ``None``, from a blank client."""
        case_file = self.bank.cases[case_id] if case_id else None
        state = state_from_case(case_file)
        self._loading = True
        try:
            self.start.value = case_id or UNSET
            self.story.value = (
                f"<p>{escape(case_file.narrative)}</p>"
                if case_file
                else "<p>A client with nothing recorded yet: add what you find.</p>"
            )
            for key, control in self._scalars.items():
                self._show_value(control, state.get(key))
            for item, control in self.alsfrs.items():
                self._show_value(control, state.get("alsfrs_r", {}).get(item))
            for key, boxes in (("history", self.history), ("clearances", self.clearances)):
                for code, box in boxes.items():
                    box.value = code in state.get(key, [])
        finally:
            self._loading = False
        self.shown = None
        self._change(state)

    @staticmethod
    def _show_value(control: Any, value: Any) -> None:
        if isinstance(control, OptionalNumber):
            control.value = value
        else:
            control.value = UNSET if value is None else value


def explorer(case_id: str | None = None) -> CaseExplorer:
    """The case explorer in a notebook, starting from a bank case or a blank client."""
    return CaseExplorer(load_bank(), case_id)
