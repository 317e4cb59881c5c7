"""Build the course notebooks from the content bank with nbformat (stable cell ids, no outputs).

Seven notebooks: a welcome, one module per seed section (``modules.yaml``) and a capstone.
Markdown cells carry the teaching text; each code cell is one call into :mod:`alsedu.course`
and starts with its source collapsed, so the page reads as a lesson. Run ``alsedu build``
after changing content; a test checks that building changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .bank import Bank, load_bank
from .lesson import TermMarker, cited_sources, glossary, references, teaching_item
from .schema import Module
from .settings import TEACHING_DEFAULTS
from .writing import prepare_folder, write_output

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}
HIDDEN = {"jupyter": {"source_hidden": True}}
SETUP = "from alsedu import course\n\ncourse.setup()"
#: Capstone clients in rising difficulty: early limb onset, bulbar with communication
#: limits, advanced with a ventilator and feeding tube, and a red flag that must postpone.
CAPSTONE = ("case-marcus", "case-marisol", "case-anil", "case-jonas")


def _page(name: str) -> str:
    path = resources.files("alsedu") / "content" / "pages" / f"{name}.md"
    return path.read_text(encoding="utf-8").strip()


def _code(source: str, cell_id: str) -> NotebookNode:
    return new_code_cell(source, id=cell_id, metadata=HIDDEN)


def _notebook(cells: list[NotebookNode]) -> NotebookNode:
    metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nb = new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(nb)
    return nb


def _module_map(bank: Bank) -> str:
    rows = ["| Notebook | Seed bullets | After it you can, for example |", "| --- | --- | --- |"]
    for module in bank.modules.values():
        bullets = [b for b in bank.seed.values() if b.section == module.section]
        ids = f"{bullets[0].id}-{bullets[-1].id}"
        rows.append(f"| `{module.file}` ({module.title}) | {ids} | {bullets[0].objectives[0]} |")
    rows.append("| `06-capstone.ipynb` (Capstone) | all 30 | plan whole sessions on your own |")
    return "\n".join(rows)


def _defaults_table() -> str:
    rows = ["| Setting | Value | Why this value |", "| --- | --- | --- |"]
    for d in TEACHING_DEFAULTS.values():
        rows.append(f"| `{d.name}` | {d.value} {d.unit} | {d.why} |")
    return "\n".join(rows)


def welcome() -> NotebookNode:
    """The welcome: how the course works, the module map, scope of practice, a live explorer,
    then the learner's dashboard and review."""
    bank = load_bank()
    return _notebook(
        [
            new_markdown_cell(_page("welcome"), id="welcome-intro"),
            new_markdown_cell("## The modules\n\n" + _module_map(bank), id="welcome-modules"),
            new_markdown_cell(_page("welcome-scope"), id="welcome-scope"),
            new_markdown_cell(
                _page("welcome-defaults") + "\n\n" + _defaults_table(), id="welcome-defaults"
            ),
            new_markdown_cell(_page("welcome-explorer"), id="welcome-explorer-intro"),
            _code(SETUP, "welcome-setup"),
            _code("course.explorer()", "welcome-explorer"),
            new_markdown_cell(_page("welcome-progress"), id="welcome-progress"),
            _code("course.dashboard()", "welcome-dashboard"),
            _code("course.review()", "welcome-review"),
            new_markdown_cell(_page("welcome-next"), id="welcome-next"),
        ]
    )


def _objectives(bank: Bank, module: Module) -> str:
    lines = ["## What you will be able to do", ""]
    for bullet in (b for b in bank.seed.values() if b.section == module.section):
        lines.append(f"**{bullet.title}** ({bullet.id}). After this you can:")
        lines.append("")
        lines += [f"- {objective}" for objective in bullet.objectives]
        lines.append("")
    return "\n".join(lines).rstrip()


def section_module(module_id: str) -> NotebookNode:
    """A section module: objectives, teaching, scenarios, a figure, practice, review,
    summary."""
    bank = load_bank()
    module = bank.modules[module_id]
    items = [t for t in bank.teaching.values() if t.section == module.section]
    marker = TermMarker(bank)
    prefix = module.file[:2]
    cells = [
        new_markdown_cell(
            f"# {module.title}\n\n{marker.mark(' '.join(module.intro.split()))}\n\n"
            "Choose **Run > Run All Cells** first: the case scenarios, figures and practice "
            "questions below then answer your clicks.",
            id=f"m{prefix}-intro",
        ),
        new_markdown_cell(_objectives(bank, module), id=f"m{prefix}-objectives"),
        _code(SETUP, f"m{prefix}-setup"),
        new_markdown_cell("## What to know and do", id=f"m{prefix}-teaching"),
        *(new_markdown_cell(teaching_item(t, marker), id=f"m{prefix}-{t.id}") for t in items),
        new_markdown_cell(
            "## Meet the clients\n\nRead each client's story, decide what you would do, then "
            "compare your decision with the plan and the reasons behind it.",
            id=f"m{prefix}-scenarios",
        ),
        *(_code(f'course.scenario("{c}")', f"m{prefix}-scenario-{c}") for c in module.scenarios),
        new_markdown_cell(
            "## In pictures\n\nEach figure has a written description under it.",
            id=f"m{prefix}-figures",
        ),
        *(
            _code(
                f'course.figure("{f.kind}"' + (f', "{f.case}")' if f.case else ")"),
                f"m{prefix}-figure-{i + 1}",
            )
            for i, f in enumerate(module.figures)
        ),
        new_markdown_cell(
            "## Practise\n\nAnswer, then choose **Check**. A hint is there if you want one; "
            "the feedback explains every option, with its sources.",
            id=f"m{prefix}-practice-intro",
        ),
        _code(f'course.practice("{module.id}")', f"m{prefix}-practice"),
        new_markdown_cell(
            "## Review\n\nQuestions from this module that are due again come back here: the "
            "ones you missed the next day, the ones you knew after a longer gap. Your answers "
            "stay on this computer.",
            id=f"m{prefix}-review-intro",
        ),
        _code(f'course.review("{module.id}")', f"m{prefix}-review"),
        new_markdown_cell(
            "## Must-knows\n\n" + "\n".join(f"- {' '.join(t.key_message.split())}" for t in items),
            id=f"m{prefix}-summary",
        ),
        new_markdown_cell(glossary(bank, marker.used), id=f"m{prefix}-glossary"),
        new_markdown_cell(references(bank, cited_sources(items)), id=f"m{prefix}-references"),
    ]
    return _notebook(cells)


def capstone() -> NotebookNode:
    """Four whole clients of rising difficulty, each planned with the plan builder."""
    bank = load_bank()
    marker = TermMarker(bank)
    cells = [
        new_markdown_cell(_page("capstone"), id="capstone-intro"),
        _code(SETUP, "capstone-setup"),
    ]
    for n, case_id in enumerate(CAPSTONE, start=1):
        case = bank.cases[case_id]
        name = case.title.split(",")[0]
        cells += [
            new_markdown_cell(
                f"## Client {n}: {case.title}\n\n{marker.mark(' '.join(case.narrative.split()))}"
                "\n\nBuild the whole plan below, then choose **Compare**.",
                id=f"capstone-{n}-story",
            ),
            _code(f'course.plan_builder("{case_id}")', f"capstone-{n}-builder"),
            new_markdown_cell(
                f"**Reflect.** Double-click this cell and write a few sentences: what did you "
                f"miss or add for {name}, and what would you say to {name} and the caregiver "
                "before you start? Nothing here is graded.\n\n*Your notes:*",
                id=f"capstone-{n}-reflect",
            ),
        ]
    cells.append(new_markdown_cell(_page("capstone-end"), id="capstone-end"))
    return _notebook(cells)


def _modules() -> dict[str, Callable[[], NotebookNode]]:
    return {
        module.file: (lambda m=module.id: section_module(m))
        for module in load_bank().modules.values()
    }


NOTEBOOKS: dict[str, Callable[[], NotebookNode]] = {
    "00-welcome.ipynb": welcome,
    **_modules(),
    "06-capstone.ipynb": capstone,
}


def build_notebooks(folder: Path) -> list[Path]:
    """Write every course notebook into ``folder``, each whole (:mod:`alsedu.writing`);
    return the paths written."""
    prepare_folder(folder)
    written = []
    for name, build in NOTEBOOKS.items():
        path = folder / name
        write_output(path, nbformat.writes(build()) + "\n", "module.ipynb", force=True)
        written.append(path)
    return written


__all__ = ["NOTEBOOKS", "build_notebooks", "capstone", "section_module", "welcome"]
