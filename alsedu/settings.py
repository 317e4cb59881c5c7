"""Teaching defaults: every number the screening rules use that no source fixes.

The brief (section 6.2) is explicit that the fever line, the Walton pressure caps, the
session lengths and the time windows are proposals, not published thresholds. They live
here, each with a name, a unit and the reason it was chosen, so that a school can review
them in one place and rules refer to them by name (``content/rules/*.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TeachingDefault:
    """A number chosen for teaching, with why it was chosen and what it leans on."""

    name: str
    value: float | int
    unit: str
    why: str
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.name} = {self.value} {self.unit} (teaching default)"


TEACHING_DEFAULTS: dict[str, TeachingDefault] = {
    d.name: d
    for d in (
        TeachingDefault(
            "fever_line_c", 38.0, "°C",
            "A conventional fever line; no source in the brief fixes one. A client who feels "
            "feverish below it is still screened by the `fever` finding.",
            ("CI5", "S52"),
        ),
        TeachingDefault(
            "base_max_pressure", 4, "Walton level",
            "Deep pressure (level 4) only over unaffected, well-muscled areas with feedback; "
            "level 5 is never planned for a client with ALS.",
            ("CI1", "S55"),
        ),
        TeachingDefault(
            "pressure_affected_muscle", 3, "Walton level",
            "Cap over weak, wasted, twitching or spastic muscle.", ("CI1", "S12", "S55"),
        ),
        TeachingDefault(
            "pressure_very_weak_muscle", 2, "Walton level",
            "Cap over a limb that cannot lift against gravity (MRC 2 or less).",
            ("CI1", "S28", "S16"),
        ),
        TeachingDefault(
            "pressure_bleeding_risk", 2, "Walton level",
            "Cap anywhere when blood thinners or easy bruising raise bleeding risk.",
            ("AS5", "S54", "S55"),
        ),
        TeachingDefault(
            "pressure_bone_fragility", 3, "Walton level",
            "Cap anywhere with osteoporosis or a past fragility fracture.", ("CI6", "S52", "S53"),
        ),
        TeachingDefault(
            "pressure_spine_ribs_fragile", 2, "Walton level",
            "Cap over ribs and spine with significant osteoporosis or a past fracture.",
            ("CI6", "S47", "S53"),
        ),
        TeachingDefault(
            "pressure_sedated", 3, "Walton level",
            "Cap anywhere when drugs may blunt pain feedback.", ("AS5", "S41", "S67"),
        ),
        TeachingDefault(
            "pressure_oedema", 2, "Walton level",
            "Cap over longstanding dependent swelling: light strokes toward the heart.",
            ("TR4", "S17", "S20"),
        ),
        TeachingDefault(
            "pressure_chest_breathing", 2, "Walton level",
            "Cap over chest and belly when breathing is weak.", ("CI4", "S5", "S6"),
        ),
        TeachingDefault(
            "pressure_painful_site", 2, "Walton level",
            "Cap over a reported pain site: tender tissue gets light pressure (the brief "
            "suggests 1-2 where muscle is tender).",
            ("AS2", "S13"),
        ),
        TeachingDefault(
            "avoid_margin_cm", 10, "cm",
            "Margin kept clear around an avoided wound, sore, bruise or red patch: about a "
            "hand's width.",
            ("CI3", "S52"),
        ),
        TeachingDefault(
            "minutes_advanced", 30, "minutes",
            "Session cap for advanced stage, marked fatigue, breathing warnings or "
            "changed cognition (the brief suggests 15-30).",
            ("TR6", "S56", "S12"),
        ),
        TeachingDefault(
            "minutes_very_advanced", 20, "minutes",
            "Session cap for a client who depends on a ventilator day and night.",
            ("TR6", "S56"),
        ),
        TeachingDefault(
            "new_stoma_days", 14, "days",
            "A gastrostomy placed this recently is treated as a fresh surgical site.",
            ("CI3", "S44"),
        ),
        TeachingDefault(
            "tofersen_window_days", 7, "days",
            "After a spinal tofersen dose the lumbar site is avoided for this long; no "
            "source gives a window, so the care team is asked.",
            ("CI3", "S39"),
        ),
        TeachingDefault(
            "anticoagulant_effect_days", 7, "days",
            "No source gives a massage window. After this many days since the last dose of an "
            "anticoagulant, the bleeding-risk rule (R25) no longer applies. Surgeons stop "
            "warfarin 5 days ahead (S72, read as an abstract): a stopping interval used as a "
            "stand-in for how long the effect lasts. The newer tablets usually wear off "
            "sooner, but later with weak kidneys; 7 adds a margin. Unknown dates count as "
            "recent.",
            ("AS5", "S72"),
        ),
        TeachingDefault(
            "clot_treatment_days", 90, "days",
            "A clot diagnosed this recently is read as still being treated, whatever the "
            "medicine list says: treatment of a deep vein or lung clot lasts at least three "
            "months (S73). Past it, a clot with no anticoagulant in effect is a past clot (R04c).",
            ("CI6", "S73"),
        ),
        TeachingDefault(
            "antiplatelet_effect_days", 10, "days",
            "No source gives a massage window. After this many days since the last dose of an "
            "antiplatelet, R25 no longer applies. Surgeons stop aspirin 7-10 days ahead (S72, "
            "read as an abstract; a stopping interval used as a stand-in for how long the "
            "effect lasts); 10 is the top of that range. Unknown dates count as recent.",
            ("AS5", "S72"),
        ),
        TeachingDefault(
            "braden_high_risk", 12, "points",
            "Braden total at or below which pressure-injury risk is treated as high; "
            "published bands differ.",
            ("SC2", "S29"),
        ),
    )
}  # fmt: skip


def teaching_default(name: str) -> float | int:
    """Return the value of the named teaching default (KeyError names the allowed ones)."""
    try:
        return TEACHING_DEFAULTS[name].value
    except KeyError:
        allowed = ", ".join(TEACHING_DEFAULTS)
        raise KeyError(f"unknown teaching default {name!r}; allowed: {allowed}") from None
