"""Error types: every problem names the file, the key path, the bad value and what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    message = str(error["msg"])
    if kind == "missing":
        return "required key is missing"
    if kind in {"unknown_key", "finding_attribute", "value_error"} or "input" not in error:
        return message.removeprefix("Value error, ")
    return f"{message} (got {error['input']!r})"


def problems_from_validation(error: ValidationError, file: str, prefix: str = "") -> list[Problem]:
    """Turn a pydantic error into one Problem per failing value."""
    problems = []
    for item in error.errors(include_url=False):
        key = _key_path(item["loc"])
        if prefix:
            key = f"{prefix}.{key}" if key else prefix
        problems.append(Problem(file, key, _describe(item)))
    return problems
