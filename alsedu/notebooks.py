"""Build the course notebooks from the content bank with nbformat (stable cell ids, no outputs).

Run ``alsedu build`` after changing content; a test checks that building changes nothing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _page(name: str) -> str:
    path = resources.files("alsedu") / "content" / "pages" / f"{name}.md"
    return path.read_text(encoding="utf-8")


def _notebook(cells: list[NotebookNode]) -> NotebookNode:
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nb = new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(nb)
    return nb


def welcome() -> NotebookNode:
    """The welcome notebook: what the course is, and one case screened into a plan."""
    return _notebook(
        [
            new_markdown_cell(_page("welcome"), id="welcome-intro"),
            new_code_cell(
                "from alsedu import load_bank, render_plan, screen", id="welcome-imports"
            ),
            new_code_cell("bank = load_bank()\nprint(bank.summary())", id="welcome-bank"),
            new_markdown_cell(_page("welcome-screening"), id="welcome-screening"),
            new_code_cell(
                'case = bank.cases["case-jon"]\nprint(case.narrative)',
                id="welcome-case",
            ),
            new_code_cell("print(render_plan(screen(case.case), case.case))", id="welcome-plan"),
        ]
    )


NOTEBOOKS = {"00-welcome.ipynb": welcome}


def build_notebooks(folder: Path) -> list[Path]:
    """Write every course notebook into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in NOTEBOOKS.items():
        path = folder / name
        path.write_text(nbformat.writes(build()) + "\n", encoding="utf-8")
        written.append(path)
    return written
