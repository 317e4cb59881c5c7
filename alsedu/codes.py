"""The vocabulary of the screening contract (`shared/spec/screening-contract.md`).

Every code a case or a plan may hold is listed here, in the contract's order, so that
error messages can name the allowed values and plans list codes in a stable order.
Version 1.0 of the contract and its 1.1 additions (``screening-contract-1.1.md``) are
both here; 1.1 codes are marked ``# 1.1``. Our own additions are marked ``# addition``
and documented in ``docs/screening-additions.md``.
"""

from __future__ import annotations

from typing import Literal, get_args

SEED_IDS: tuple[str, ...] = (
    *(f"SS{i}" for i in range(1, 8)),
    *(f"CI{i}" for i in range(1, 7)),
    *(f"AS{i}" for i in range(1, 6)),
    *(f"TR{i}" for i in range(1, 7)),
    *(f"SC{i}" for i in range(1, 7)),
)

SECTIONS: dict[str, str] = {
    "signs-symptoms": "SS",
    "contraindications": "CI",
    "assessment": "AS",
    "treatment": "TR",
    "self-care": "SC",
}

Onset = Literal["limb", "bulbar", "trunk"]
KingsStage = Literal["1", "2A", "2B", "3", "4A", "4B"]

AlsfrsItem = Literal[
    "speech",
    "salivation",
    "swallowing",
    "handwriting",
    "cutting_food",
    "dressing_hygiene",
    "turning_in_bed",
    "walking",
    "climbing_stairs",
    "dyspnea",
    "orthopnea",
    "respiratory_insufficiency",
]

Site = Literal[
    "head", "face", "neck_front", "neck_back", "shoulder", "upper_arm", "elbow",
    "forearm", "wrist", "hand", "chest", "abdomen", "upper_back", "low_back", "sacrum",
    "hip", "buttock", "thigh", "knee", "calf", "ankle", "foot", "heel",
]  # fmt: skip
Side = Literal["left", "right", "both"]


FindingCode = Literal[
    # whole-session
    "fever", "acute_illness", "sudden_neuro_change",
    # emergencies
    "chest_pain", "sudden_breathlessness", "coughing_blood", "fainting",
    "breathless_at_rest", "acute_confusion",
    # respiratory warning signs
    "orthopnea", "morning_headache", "daytime_sleepiness", "weak_cough",
    "recurrent_chest_infections",
    # skin, swelling and sites
    "swelling", "pressure_injury", "non_blanching_redness", "open_wound",
    "skin_infection", "bruising", "recent_surgery",
    # muscles and joints
    "weakness", "atrophy", "fasciculations", "cramps", "contracture", "pain", "spasticity",
    # whole person
    "osteoporosis", "neck_weakness", "shoulder_pain", "speech_impaired", "drooling",
    "dysphagia", "pseudobulbar_affect", "cognitive_change", "fatigue", "falls",
    "heart_failure", "lightheaded",
    # additions: neurological warning signs (R02, R27), bleeding and liver signs (R25, R28),
    # feeding-tube trouble (R29), numb skin (R33), stroke-like signs (R05),
    # tenderness along the deep veins without swelling yet (R03)
    "severe_headache", "neck_stiffness", "vision_change", "bleeding", "jaundice",
    "sore_throat", "tube_problem", "numbness", "stroke_signs", "deep_vein_tenderness",
    # 1.1: sudden change (R02), bulbar (R30), pressure-injury risk (R13), TR3, SS3 / SC4
    "hallucinations", "choking", "weight_loss", "cold_extremities", "stiffness",
]  # fmt: skip

#: When a swelling (1.0), a weakness or a speech change (additions) began; 1.1: unknown is
#: read as new.
SwellingOnset = Literal["new", "longstanding", "unknown"]
PressureInjuryStage = Literal["1", "2", "3", "4", "unstageable", "deep_tissue"]
MasGrade = Literal["0", "1", "1+", "2", "3", "4"]
OsteoporosisSeverity = Literal["mild", "significant"]

#: Attributes each finding code accepts beyond ``code``.
FINDING_ATTRIBUTES: dict[str, frozenset[str]] = {
    **{
        code: frozenset()
        for code in (
            "fever",
            "acute_illness",
            "sudden_neuro_change",
            "chest_pain",
            "sudden_breathlessness",
            "coughing_blood",
            "fainting",
            "breathless_at_rest",
            "acute_confusion",
            "orthopnea",
            "morning_headache",
            "daytime_sleepiness",
            "weak_cough",
            "recurrent_chest_infections",
            "neck_weakness",
            "drooling",
            "dysphagia",
            "pseudobulbar_affect",
            "cognitive_change",
            "fatigue",
            "falls",
            "heart_failure",
            "lightheaded",
            "severe_headache",
            "neck_stiffness",
            "vision_change",
            "bleeding",
            "jaundice",
            "sore_throat",
            "tube_problem",
            "stroke_signs",
            "hallucinations",
            "choking",
            "weight_loss",
        )
    },  # fmt: skip
    "swelling": frozenset({"site", "side", "onset", "warm", "red", "painful", "pitting", "bigger"}),
    "pressure_injury": frozenset({"site", "side", "stage"}),
    **{
        code: frozenset({"site", "side"})
        for code in (
            "non_blanching_redness",
            "open_wound",
            "skin_infection",
            "bruising",
            "atrophy",
            "fasciculations",
            "cramps",
            "contracture",
            "pain",
            "numbness",
            "deep_vein_tenderness",
            "cold_extremities",
            "stiffness",
        )
    },  # fmt: skip
    "recent_surgery": frozenset({"site", "side", "days_ago"}),
    # addition: `onset` tells a weakness or speech change that is new from a long-standing one
    "weakness": frozenset({"site", "side", "mrc", "onset"}),
    "speech_impaired": frozenset({"onset"}),
    "spasticity": frozenset({"site", "side", "mas"}),
    "osteoporosis": frozenset({"severity"}),
    "shoulder_pain": frozenset({"side"}),
}

#: Findings that name a judgement rather than what is seen or said: a student-facing view
#: holds them back until the student has decided (a bank case lists them as ``engine_only``).
INTERPRETIVE_FINDINGS: frozenset[str] = frozenset(
    {
        "stroke_signs", "deep_vein_tenderness", "jaundice", "sudden_neuro_change",
        "acute_confusion", "acute_illness", "pseudobulbar_affect", "cognitive_change",
        "skin_infection", "tube_problem", "heart_failure", "non_blanching_redness",
        "pressure_injury",
    }
)  # fmt: skip

#: Findings that name no site but belong to one (``shoulder_pain`` takes only a side).
IMPLIED_SITES: dict[str, str] = {"shoulder_pain": "shoulder"}

DeviceCode = Literal[
    "niv", "tracheostomy", "gastrostomy", "wheelchair", "hoist",
    # 1.1
    "port", "cervical_collar", "urinary_catheter", "cough_assist", "medication_patch",
]  # fmt: skip

#: Attributes each device code accepts beyond ``code`` (1.1: a port or a patch has a site).
DEVICE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "port": frozenset({"site", "side", "days_since_placement"}),
    "medication_patch": frozenset({"site", "side"}),
    **{
        code: frozenset({"days_since_placement"})
        for code in (
            "niv", "tracheostomy", "gastrostomy", "wheelchair", "hoist",
            "cervical_collar", "urinary_catheter", "cough_assist",
        )
    },
}  # fmt: skip

#: Medication names the contract lists, plus common names of the same classes (additions).
MEDICATION_CLASSES: dict[str, str] = {
    "riluzole": "disease_modifying",
    "edaravone": "disease_modifying",
    "tofersen": "intrathecal",
    "relyvrio": "disease_modifying",  # addition
    "baclofen": "antispasticity",
    "tizanidine": "antispasticity",
    "dantrolene": "antispasticity",
    "gabapentin": "sedating",
    "quinine": "cramp",
    "warfarin": "anticoagulant",
    "apixaban": "anticoagulant",
    "rivaroxaban": "anticoagulant",
    "dabigatran": "anticoagulant",
    "edoxaban": "anticoagulant",
    "heparin": "anticoagulant",
    "enoxaparin": "anticoagulant",  # addition
    "dalteparin": "anticoagulant",  # addition
    "aspirin": "antiplatelet",
    "clopidogrel": "antiplatelet",
    "ticagrelor": "antiplatelet",  # addition
    "opioid": "sedating",
    "morphine": "sedating",  # addition
    "benzodiazepine": "sedating",
    "diazepam": "sedating",  # addition
    "lorazepam": "sedating",  # addition
    "amitriptyline": "sedating",  # addition
    "glycopyrronium": "saliva_control",  # addition
    "dextromethorphan_quinidine": "other",  # addition: pseudobulbar affect
    "mexiletine": "cramp",  # addition
    # 1.1
    "prasugrel": "antiplatelet",
    "dipyridamole": "antiplatelet",
    "tinzaparin": "anticoagulant",
    "fondaparinux": "anticoagulant",
    "anticoagulant": "anticoagulant",
    "antiplatelet": "antiplatelet",
    "pregabalin": "sedating",
    "clonazepam": "sedating",
    "oxycodone": "sedating",
    "fentanyl": "sedating",
    "codeine": "sedating",
    "tramadol": "sedating",
    "hyoscine": "saliva_control",
}
MedicationName = Literal[
    "riluzole", "edaravone", "tofersen", "relyvrio", "baclofen", "tizanidine", "dantrolene",
    "gabapentin", "quinine", "warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban",
    "heparin", "enoxaparin", "dalteparin", "aspirin", "clopidogrel", "ticagrelor", "opioid",
    "morphine", "benzodiazepine", "diazepam", "lorazepam", "amitriptyline", "glycopyrronium",
    "dextromethorphan_quinidine", "mexiletine",
    # 1.1
    "prasugrel", "dipyridamole", "tinzaparin", "fondaparinux", "anticoagulant", "antiplatelet",
    "pregabalin", "clonazepam", "oxycodone", "fentanyl", "codeine", "tramadol", "hyoscine",
]  # fmt: skip

HistoryCode = Literal["dvt", "pulmonary_embolism", "fragility_fracture", "heart_failure"]
#: addition: whether a clot on the history is still being treated or has resolved (R04).
ClotStatus = Literal["current", "resolved"]
ClearanceCode = Literal[
    "clot_treated_cleared", "heart_cleared", "mld_cleared",
    "clot_ruled_out",  # 1.1
]  # fmt: skip

Technique = Literal[
    "swedish_gentle", "compression", "gliding", "vibration", "prom", "supported_stretch",
    "mld", "positioning_support", "stationary_hold", "heat_pack", "deep_tissue",
    "deep_friction", "percussion", "aggressive_stretch", "joint_mobilisation",
    "abdominal_massage", "circulatory_massage", "tools_cupping",
]  # fmt: skip
Position = Literal[
    "prone", "supine_flat", "semi_reclined", "side_lying", "seated", "wheelchair",
    "table_transfer",
]  # fmt: skip

#: The contract's action codes and our additions, in the order a plan lists them: what comes
#: first in the room (an emergency call, what to confirm before starting) comes first.
Action = Literal[
    "call_emergency_services",  # addition
    "check_clearance", "confirm_clot_resolved",  # the second is an addition
    "agree_signals", "skin_check", "caregiver_present", "support_limbs", "head_supported",
    "niv_within_reach", "sit_up_slowly", "elevate_legs", "elevate_arms",  # addition
    "record_and_report",
    # additions
    "teach_warning_signs", "offload_pressure_areas", "protect_lines",
]  # fmt: skip

Refer = Literal["none", "routine", "soon", "same_day", "emergency"]
Decision = Literal["emergency", "postpone", "avoid_site", "modify", "indicated"]

REFER_ORDER: tuple[str, ...] = get_args(Refer)
DECISION_ORDER: tuple[str, ...] = get_args(Decision)
SITES: tuple[str, ...] = get_args(Site)
SIDES: tuple[str, ...] = get_args(Side)
TECHNIQUES: tuple[str, ...] = get_args(Technique)
POSITIONS: tuple[str, ...] = get_args(Position)
ACTIONS: tuple[str, ...] = get_args(Action)
FINDING_CODES: tuple[str, ...] = get_args(FindingCode)
ALSFRS_ITEMS: tuple[str, ...] = get_args(AlsfrsItem)
MEDICATIONS: tuple[str, ...] = get_args(MedicationName)
DEVICES: tuple[str, ...] = get_args(DeviceCode)


def is_site_key(value: object) -> bool:
    """Whether ``value`` is in the contract's site notation: ``site`` or ``site:side``."""
    if not isinstance(value, str):
        return False
    site, colon, side = value.partition(":")
    return site in SITES and (not colon or side in SIDES)


def site_key(site: str, side: str | None) -> str:
    """Return the contract's site notation: ``site`` or ``site:side``."""
    return f"{site}:{side}" if side else site
