"""The study app's pages come from the bank: one per module, no code, stable, all linked."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import nbformat
import pytest

from alsedu import load_bank
from alsedu.errors import InputError
from alsedu.notebooks import SETUP
from alsedu.study import DASHBOARD, REVIEW, WELCOME, serve, study_pages
from alsedu.study import write_study_pages as write

LINK = re.compile(r"\]\(([^)#]+)\)")


def _links(nb: nbformat.NotebookNode) -> set[str]:
    return {m for c in nb.cells if c.cell_type == "markdown" for m in LINK.findall(c.source)}


def _is_one_course_call(source: str) -> bool:
    (statement,) = ast.parse(source).body
    call = statement.value if isinstance(statement, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "course"
    )


def test_every_module_has_its_page_named_as_its_notebook():
    pages = study_pages()
    modules = [m.file for m in load_bank().modules.values()]
    assert list(pages) == [WELCOME, *modules, REVIEW, DASHBOARD]


def test_every_code_cell_is_one_course_call_after_the_setup():
    for name, nb in study_pages().items():
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        if name == WELCOME:
            assert code == []
            continue
        assert code[0] == SETUP, name
        assert all(_is_one_course_call(source) for source in code[1:]), name


def test_a_module_page_shows_its_scenarios_practice_and_review():
    bank = load_bank()
    module = bank.modules["contraindications"]
    code = [c.source for c in study_pages()[module.file].cells if c.cell_type == "code"]
    assert code[1:] == [
        *(f'course.scenario("{c}")' for c in module.scenarios),
        'course.practice("contraindications", source="app")',
        'course.review("contraindications")',
    ]


def test_pages_are_valid_with_unique_ids_titles_and_no_outputs():
    ids = []
    for nb in study_pages().values():
        nbformat.validate(nb)
        ids += [cell.id for cell in nb.cells]
        assert nb.metadata.title.endswith("· alsedu study")
        assert all(not c.outputs for c in nb.cells if c.cell_type == "code")
    assert len(ids) == len(set(ids))


def test_rebuilding_the_pages_is_byte_identical(tmp_path: Path):
    first = [p.read_bytes() for p in write(tmp_path / "a")]
    again = [p.read_bytes() for p in write(tmp_path / "b")]
    assert first == again


def test_the_welcome_links_every_page_and_each_module_leads_on():
    pages = study_pages()
    assert _links(pages[WELCOME]) == set(pages) - {WELCOME}
    files = [m.file for m in load_bank().modules.values()]
    for here, after in zip(files, [*files[1:], REVIEW], strict=True):
        assert {after, DASHBOARD, WELCOME} <= _links(pages[here]), here


def test_every_glossary_term_a_page_links_is_on_that_page():
    for name, nb in study_pages().items():
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for anchor in re.findall(r'href="#(term-[a-z0-9-]+)"', text):
            assert f'id="{anchor}"' in text, (name, anchor)


def test_serve_refuses_a_folder_holding_other_files(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="notes.txt"):
        serve(folder=tmp_path)


def test_serve_refuses_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} is in use"):
            serve(port=port)
