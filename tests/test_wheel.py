"""The wheel a student installs holds no graded question, no answer to one, and no rubric."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from alsedu import load_bank

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("alsedu-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert any(n.startswith("alsedu/content/questions/") for n in names)
        assert not any(n.startswith("course/") for n in names)
        # the study app's Voilà template ships with the package (alsedu study needs it)
        assert {"conf.json", "index.html.j2", "page.html"} <= {
            n.rsplit("/", 1)[1] for n in names if n.startswith("alsedu/voila/templates/alsedu/")
        }
        return "\n".join(
            archive.read(n).decode("utf-8", "replace")
            for n in names
            if n.endswith((".yaml", ".py", ".md"))
        )


def test_no_graded_question_is_in_the_wheel(wheel_text: str):
    graded = load_bank().graded()
    assert len(graded) >= 30
    leaked = [q.id for q in graded if q.id in wheel_text or q.prompt[:50] in wheel_text]
    assert not leaked


def test_no_model_answer_or_rubric_is_in_the_wheel(wheel_text: str):
    for q in load_bank().graded():
        if q.rubric:
            assert q.rubric.model_answer[:50] not in wheel_text
            assert all(c.text[:40] not in wheel_text for c in q.rubric.criteria)
