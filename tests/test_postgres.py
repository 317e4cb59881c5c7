"""The gradebook on PostgreSQL through nbgrader's db_url, as well as on the SQLite default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .postgres import postgres_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def test_nbgrader_keeps_a_gradebook_in_postgresql(postgres_url: str):
    from nbgrader.api import Gradebook

    with Gradebook(postgres_url) as gradebook:
        gradebook.add_student("ada", first_name="Ada", last_name="Lovelace, Countess")
        gradebook.add_assignment("quiz-treatment")
    with Gradebook(postgres_url) as gradebook:
        assert gradebook.find_student("ada").last_name == "Lovelace, Countess"
        assert [a.name for a in gradebook.assignments] == ["quiz-treatment"]
