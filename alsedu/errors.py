"""Error types: every problem names the file, the key path, the bad value and what is allowed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value in one file."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


class AlseduError(Exception):
    """Base class of every error alsedu raises on purpose."""


class InputError(AlseduError):
    """Bad input or content: one or more problems, each printable on one line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CaseError(InputError):
    """A client case that does not follow the screening contract."""


class ContentError(InputError):
    """A content file of the curriculum that does not follow its schema or references."""


def _key_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def did_you_mean(word: str, allowed: Iterable[str]) -> str:
    """Name the allowed values closest to a mistyped one: ``"did you mean 'fever'? "``.

    Case is ignored; an empty string when nothing is close, so the hint can lead a message.
    """
    return _did_you_mean(word, tuple(allowed))


@lru_cache(maxsize=1024)  # a file may repeat one typo thousands of times
def _did_you_mean(word: str, allowed: tuple[str, ...]) -> str:
    from difflib import get_close_matches  # only on an error: keeps start-up quick

    by_lower = {value.lower(): value for value in allowed}
    close = [by_lower[v] for v in get_close_matches(word.lower(), by_lower, n=3, cutoff=0.6)]
    if not close or word in close:
        return ""
    names = [repr(value) for value in close]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"did you mean {listed}? "


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    message = str(error["msg"])
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error" and isinstance(error.get("input"), str):
        expected = str(error.get("ctx", {}).get("expected", ""))
        hint = did_you_mean(error["input"], _QUOTED.findall(expected))
        if hint:
            return f"unknown value {error['input']!r}; {hint}allowed: {expected}"
    if kind in {"unknown_key", "finding_attribute", "value_error"} or "input" not in error:
        return message.removeprefix("Value error, ")
    return f"{message} (got {_shown(error['input'])})"


#: The most of a bad value an error line shows: enough to find it, never a whole file.
SHOWN_CHARS = 60


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}... ({len(text)} characters)"


def problems_from_validation(error: ValidationError, file: str, prefix: str = "") -> list[Problem]:
    """Turn a pydantic error into one Problem per failing value."""
    problems = []
    for item in error.errors(include_url=False):
        key = _key_path(item["loc"])
        if prefix:
            key = f"{prefix}.{key}" if key else prefix
        problems.append(Problem(file, key, _describe(item)))
    return problems
