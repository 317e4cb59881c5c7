"""Teaching defaults: named, labelled, and the only source of numbers in the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alsedu import TEACHING_DEFAULTS
from alsedu.settings import teaching_default

RULES = Path(__file__).resolve().parent.parent / "alsedu" / "content" / "rules"


def test_every_default_says_why_and_cites_something():
    for d in TEACHING_DEFAULTS.values():
        assert len(d.why) > 20 and d.sources and d.unit
        assert str(d).endswith("(teaching default)")


def test_rules_name_defaults_instead_of_writing_numbers():
    text = "\n".join(p.read_text() for p in RULES.glob("*.yaml"))
    numeric = re.findall(r"(max_pressure|max_session_minutes):\s*\d", text)
    assert numeric == []
    used = set(
        re.findall(
            r"(?:max_pressure|max_session_minutes|temperature_at_least|placed_within|dose_within|braden_at_most):\s*(\w+)",
            text,
        )
    )  # noqa: E501
    assert used <= set(TEACHING_DEFAULTS)
    assert {"fever_line_c", "base_max_pressure", "minutes_advanced"} <= used


def test_the_fever_line_is_38():
    assert teaching_default("fever_line_c") == 38.0


def test_unknown_default_names_the_allowed_ones():
    with pytest.raises(KeyError, match="allowed: fever_line_c"):
        teaching_default("fever")
