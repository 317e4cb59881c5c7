"""Input limits: how big, how deep and how alias-heavy a case or content file may be.

Every YAML or JSON file goes through one reader (``files.read_data_file``). A careless or
hostile file (20 MB of text, JSON nested 100,000 levels deep, a "billion laughs" of YAML
aliases) must get one clear line within a second, not a traceback or a hang. The limits
live here, each with a name, a unit and the reason for its value, like the teaching
defaults in ``settings.py``. Each is far above what a real file needs: a case is a few KB
and a few hundred values; content files reach about 90 KB, 3,600 values and 14
levels deep.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputLimit:
    """A ceiling on one measure of an input file, with why it has this value."""

    name: str
    value: int
    unit: str
    why: str

    def __str__(self) -> str:
        return f"{self.name} = {self.value:,} {self.unit}"


INPUT_LIMITS: dict[str, InputLimit] = {
    limit.name: limit
    for limit in (
        InputLimit(
            "max_file_bytes", 1_048_576, "bytes",
            "1 MiB. A case is a few KB; the biggest content file "
            "(questions/signs-symptoms.yaml) is about 90 KB, an eleventh of this. Only this "
            "many bytes are ever read, so a huge file or an endless stream is refused at once.",
        ),
        InputLimit(
            "max_depth", 32, "levels",
            "Mappings and lists nested inside each other. A case file is at most 5 levels deep and "
            "the deepest rule file 14; JSON or YAML nested thousands of levels deep would "
            "otherwise exhaust the parser's recursion.",
        ),
        InputLimit(
            "max_aliases", 100, "uses",
            "YAML aliases (`*name`) a file may use. Content files use a few to share a "
            "condition (rules/50-devices-bulbar-oedema.yaml uses 2); a case needs none.",
        ),
        InputLimit(
            "max_values", 20_000, "values",
            "Scalars, lists and mappings, keys included, once aliases are expanded. The "
            "biggest content file holds about 3,600 and a case a few hundred; a 'billion "
            "laughs' of aliases to aliases passes this in a few hundred bytes of text.",
        ),
    )
}  # fmt: skip


def input_limit(name: str) -> int:
    """Return the value of the named input limit (KeyError names the allowed ones)."""
    try:
        return INPUT_LIMITS[name].value
    except KeyError:
        allowed = ", ".join(INPUT_LIMITS)
        raise KeyError(f"unknown input limit {name!r}; allowed: {allowed}") from None
