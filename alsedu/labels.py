"""Plain-language labels for the contract's codes, as a student reads them."""

from __future__ import annotations

#: The seed document's five sections, as the course names them.
SECTION_LABELS: dict[str, str] = {
    "signs-symptoms": "Signs and symptoms",
    "contraindications": "Contraindications",
    "assessment": "Assessment",
    "treatment": "Treatment",
    "self-care": "Self care",
}
TECHNIQUE_LABELS: dict[str, str] = {
    "swedish_gentle": "gentle Swedish massage",
    "compression": "broad compression",
    "gliding": "slow gliding strokes",
    "vibration": "gentle vibration",
    "prom": "passive range of motion (PROM)",
    "supported_stretch": "supported stretching",
    "mld": "manual lymphatic drainage (MLD)",
    "positioning_support": "positioning with supports",
    "stationary_hold": "still, stationary holds",
    "heat_pack": "heat packs",
    "deep_tissue": "deep-tissue work",
    "deep_friction": "deep friction",
    "percussion": "percussion (tapotement)",
    "aggressive_stretch": "forceful stretching",
    "joint_mobilisation": "joint mobilisation",
    "abdominal_massage": "abdominal massage",
    "circulatory_massage": "circulatory (fluid-moving) massage",
    "tools_cupping": "tools and cupping",
}
POSITION_LABELS: dict[str, str] = {
    "prone": "face down (prone)",
    "supine_flat": "lying flat on the back",
    "semi_reclined": "semi-reclined (head and trunk raised)",
    "side_lying": "side-lying with pillows",
    "seated": "seated",
    "wheelchair": "in the wheelchair",
    "table_transfer": "getting onto a massage table",
}
ACTION_LABELS: dict[str, str] = {
    "agree_signals": "agree and test yes / no / stop signals before touching",
    "skin_check": "check the skin (with consent) at the start and the end",
    "caregiver_present": "have the caregiver present (trained in the client's equipment, if any)",
    "support_limbs": "support every limb fully; hold near the joints",
    "head_supported": "keep the head supported in every position",
    "niv_within_reach": "keep the breathing machine on hand and usable",
    "sit_up_slowly": "sit the client up in stages and check for dizziness",
    "elevate_legs": "raise the legs",
    "check_clearance": (
        "check with the care team: written clearance on file and current, "
        "or their word that a site has healed"
    ),
    "record_and_report": "record what you found and report it to the care team",
    "teach_warning_signs": "teach what to report between visits",
    "offload_pressure_areas": "help take pressure off at-risk skin; finish on supports",
    "call_emergency_services": "call emergency services now",
    "protect_lines": "keep tubes, lines and their dressings free: never press, pull or kink them",
    "confirm_clot_resolved": (
        "before you start, confirm with the client or the care team that the past clot was "
        "treated and has cleared; if nobody can, no session until the doctor's written "
        "clearance (as for a clot being treated)"
    ),
    "elevate_arms": "rest the swollen arms on pillows, hands a little higher than the elbows",
}
REFER_LABELS: dict[str, str] = {
    "none": "no referral needed",
    "routine": "routine: mention it to the care team at the next contact",
    "soon": "soon: the client should contact their doctor or ALS team within days",
    "same_day": "same day: the client's doctor, nurse or ALS team should hear about it today",
    "emergency": "emergency: call emergency services now",
}
DEVICE_LABELS: dict[str, str] = {
    "niv": "mask ventilator (NIV)",
    "tracheostomy": "tracheostomy (breathing tube in the neck)",
    "gastrostomy": "feeding tube (gastrostomy)",
    "wheelchair": "wheelchair",
    "hoist": "hoist (lifting aid)",
    "port": "port, central line or drip site",
    "cervical_collar": "neck collar",
    "urinary_catheter": "urinary catheter",
    "cough_assist": "cough-assist machine",
    "medication_patch": "medicine skin patch",
}
HISTORY_LABELS: dict[str, str] = {
    "dvt": "a past deep vein clot (DVT)",
    "pulmonary_embolism": "a past lung clot (pulmonary embolism)",
    "fragility_fracture": "a past broken bone from a minor fall",
    "heart_failure": "heart failure",
}
CLOT_STATUS_LABELS: dict[str, str] = {
    "current": "still being treated",
    "resolved": "treated and cleared",
}
CLEARANCE_LABELS: dict[str, str] = {
    "clot_treated_cleared": "written clearance after a treated clot",
    "heart_cleared": "written clearance from the heart doctor",
    "mld_cleared": "written clearance for lymph drainage (MLD)",
    "clot_ruled_out": "a clinician has ruled out a clot in the swollen limb (written)",
}
DECISION_LABELS: dict[str, str] = {
    "emergency": "EMERGENCY: stop and call emergency services",
    "postpone": "POSTPONE: no massage today",
    "adapt": "GO AHEAD, ADAPTED: massage today within the limits below",
    "proceed": "GO AHEAD: a full, gentle session suits today",
}

RULE_DECISION_LABELS: dict[str, str] = {
    "emergency": "emergency",
    "postpone": "postpone",
    "avoid_site": "avoid a site",
    "modify": "adapt",
    "indicated": "recommended",
}
SITE_NAMES: dict[str, str] = {
    "neck_front": "front of the neck",
    "neck_back": "back of the neck",
    "upper_arm": "upper arm",
    "upper_back": "upper back",
    "low_back": "low back",
}


def site_label(key: str) -> str:
    """A site key in words with the code after it: ``heel:right`` → ``right heel [heel:right]``."""
    site, _, side = key.partition(":")
    name = SITE_NAMES.get(site, site)
    words = {"": name, "both": f"{name}, both sides"}.get(side, f"{side} {name}")
    return words if words == key else f"{words} [{key}]"
