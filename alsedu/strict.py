"""The base model every case and content file is read through: frozen, strict, no unknown keys."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from .errors import did_you_mean


class StrictModel(BaseModel):
    """Frozen, strictly typed; an unknown key is an error that lists the allowed keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _only_known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = list(cls.model_fields)
            unknown = [key for key in data if key not in cls.model_fields]
            if unknown:
                key = unknown[0]
                hint = did_you_mean(key, allowed) if isinstance(key, str) else ""
                raise PydanticCustomError(
                    "unknown_key",
                    "unknown key {key}; {hint}allowed keys: {allowed}",
                    {"key": repr(key), "hint": hint, "allowed": ", ".join(allowed)},
                )
        return data


def codes_as_text(value: Any) -> Any:
    """Read a bare YAML number as the code it stands for (``3`` → ``"3"``); bools stay bad."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value
