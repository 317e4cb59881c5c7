"""Reading YAML and JSON data files: the one reader behind case files and content files."""

from __future__ import annotations

import json
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from .errors import CaseError, InputError, Problem

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


def read_data_file(path: str | Path | Traversable, error: type[InputError] = CaseError) -> Any:
    """Parse a YAML or JSON file; missing, unreadable, malformed or empty files raise ``error``."""
    if isinstance(path, str):
        path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([Problem(name, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([Problem(name, "", f"cannot read the file: {exc}")]) from None
    if not text.strip():
        raise error([Problem(name, "", "the file is empty")])
    try:
        is_json = path.name.endswith(".json")
        data = json.loads(text) if is_json else yaml.load(text, Loader=SAFE_LOADER)
    except json.JSONDecodeError as exc:
        raise error([Problem(name, f"line {exc.lineno}", f"not valid JSON: {exc.msg}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise error([Problem(name, where, f"not valid YAML: {reason}")]) from None
    if data is None:
        raise error([Problem(name, "", "the file is empty (it holds no data)")])
    return data
