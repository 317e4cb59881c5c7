"""Notebooks are generated from the bank: rebuilding changes nothing, ids are stable, no outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat

from alsedu.notebooks import NOTEBOOKS, build_notebooks

ROOT = Path(__file__).resolve().parent.parent


def test_rebuilding_the_notebooks_changes_nothing(tmp_path: Path):
    for path in build_notebooks(tmp_path):
        committed = ROOT / "notebooks" / path.name
        stale = f"run `alsedu build`: {path.name} is stale"
        assert committed.read_bytes() == path.read_bytes(), stale


def test_notebooks_are_valid_with_unique_ids_and_no_outputs():
    for name in NOTEBOOKS:
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        nbformat.validate(nb)
        ids = [cell.id for cell in nb.cells]
        assert len(ids) == len(set(ids)) and all(i.startswith(name[3:10]) or "-" in i for i in ids)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code)
        assert nb.metadata.kernelspec.name == "python3"
