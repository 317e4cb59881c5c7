"""Shared fixtures: case builders and paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alsedu import Plan, screen

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def plan_for(**case: Any) -> Plan:
    """Screen a minimal case built from keyword arguments (id filled in)."""
    return screen({"id": "t", **case})


def finding(code: str, **attrs: Any) -> dict[str, Any]:
    """A finding mapping in the contract's format."""
    return {"code": code, **attrs}


@pytest.fixture
def root() -> Path:
    return ROOT
