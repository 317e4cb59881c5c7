"""The content bank: every content file loaded, validated and cross-checked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .checks import LOAD_CHECKS, MIN_GRADED_PER_BULLET, MIN_PRACTICE_PER_BULLET, check_bank
from .codes import SEED_IDS
from .errors import ContentError, Problem, did_you_mean, problems_from_validation
from .files import read_data_file
from .schema import (
    CaseFile,
    GlossaryFile,
    Module,
    ModuleFile,
    Question,
    QuestionFile,
    SeedBullet,
    SeedFile,
    Source,
    SourceFile,
    TeachingFile,
    TeachingItem,
    Term,
)
from .screening import CompiledRule, load_rules_from

M = TypeVar("M", bound=BaseModel)
#: How many practice questions per seed bullet a module notebook shows.
PRACTICE_PER_BULLET = 2


@dataclass(frozen=True)
class Bank:
    """The whole curriculum as validated data, with lookups by id."""

    seed: dict[str, SeedBullet]
    sources: dict[str, Source]
    glossary: dict[str, Term]
    teaching: dict[str, TeachingItem]
    questions: dict[str, Question]
    cases: dict[str, CaseFile]
    rules: dict[str, CompiledRule]
    modules: dict[str, Module]
    origin: dict[str, str]  # id -> the content file it came from
    graded_from: str | None = None  # the folder graded questions came from, if any

    def case_file(self, case_id: str) -> CaseFile:
        """A bank case by id; an unknown id names the closest ones and every allowed one."""
        if case_id not in self.cases:
            hint = did_you_mean(case_id, self.cases)
            raise KeyError(f"unknown case {case_id!r}; {hint}allowed: {', '.join(self.cases)}")
        return self.cases[case_id]

    def practice(self) -> list[Question]:
        """Practice questions, in bank order (these may appear in notebooks)."""
        return [q for q in self.questions.values() if q.use == "practice"]

    def graded(self) -> list[Question]:
        """Graded questions, in bank order (these appear only in the nbgrader course)."""
        return [q for q in self.questions.values() if q.use == "graded"]

    def module_practice(self, module_id: str) -> list[Question]:
        """The practice questions a module shows: for each of its seed bullets, up to
        ``PRACTICE_PER_BULLET`` answerable in a widget, of different kinds where possible."""
        section = self.modules[module_id].section
        chosen: list[Question] = []
        for bullet in (s for s in self.seed.values() if s.section == section):
            pool = [q for q in self.practice() if q.seed[0] == bullet.id and q.kind != "written"]
            picked: list[Question] = []
            for q in pool:  # one of each kind first, in bank order
                if len(picked) < PRACTICE_PER_BULLET and all(p.kind != q.kind for p in picked):
                    picked.append(q)
            picked += [q for q in pool if q not in picked][: PRACTICE_PER_BULLET - len(picked)]
            chosen += picked
        return chosen

    def coverage(self) -> dict[str, tuple[int, int, int]]:
        """Per seed bullet: (teaching items, practice questions, graded questions)."""
        taught = Counter(s for t in self.teaching.values() for s in t.seed)
        practice = Counter(s for q in self.practice() for s in q.seed)
        graded = Counter(s for q in self.graded() for s in q.seed)
        return {s: (taught[s], practice[s], graded[s]) for s in SEED_IDS}

    def covered(self) -> list[str]:
        """Seed bullets taught, practised and (where graded questions are loaded) graded."""
        need_graded = MIN_GRADED_PER_BULLET if self.graded_from else 0
        return [
            s
            for s, (t, p, g) in self.coverage().items()
            if t and p >= MIN_PRACTICE_PER_BULLET and g >= need_graded
        ]

    def summary(self) -> str:
        """The one-line figure ``alsedu check`` ends with."""
        return (
            f"{len(self.teaching)} teaching items, {len(self.practice())} practice and "
            f"{len(self.graded())} graded questions"
            f"{f' (from {self.graded_from})' if self.graded_from else ' (no graded folder)'}, "
            f"{len(self.cases)} cases, "
            f"{len(self.glossary)} glossary terms, {len(self.sources)} sources, "
            f"{len(self.rules)} rules; seed bullets covered: {len(self.covered())}/{len(SEED_IDS)}"
        )


def content_root() -> Traversable:
    """The packaged content folder."""
    return resources.files("alsedu") / "content"


def graded_root() -> Path | None:
    """The course's graded questions beside the package in a clone (``course/questions``).

    A wheel or a student's install holds no graded question: there this is None. A school
    keeps its own private folder and names it (``--questions DIR``).
    """
    folder = Path(__file__).resolve().parent.parent / "course" / "questions"
    return folder if folder.is_dir() else None


def _yaml_files(folder: Traversable) -> Iterator[Traversable]:
    if folder.is_dir():
        yield from sorted(
            (f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name
        )


def _parse(model: type[M], path: Traversable, name: str, problems: list[Problem]) -> M | None:
    try:
        data = read_data_file(path, ContentError)
        return model.model_validate(data)
    except ContentError as error:
        problems.extend(error.problems)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, name))
    return None


def _collect(
    root: Traversable, graded: Path | None, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Read every file; return objects by kind (keyed by id) and where each id came from."""
    found: dict[str, Any] = {
        k: {} for k in ("seed", "sources", "glossary", "teaching", "questions", "cases", "modules")
    }
    origin: dict[str, str] = {}

    def add(kind: str, obj: Any, file: str, key: str) -> None:
        if obj.id in origin and kind not in {"seed", "sources", "modules"}:
            problems.append(
                Problem(file, f"{key}.id", f"duplicate id {obj.id!r} (also in {origin[obj.id]})")
            )
        elif obj.id in found[kind]:
            problems.append(Problem(file, f"{key}.id", f"duplicate id {obj.id!r}"))
        found[kind][obj.id] = obj
        origin.setdefault(obj.id, file)

    singles = (
        ("seed", SeedFile, "bullets"),
        ("sources", SourceFile, "sources"),
        ("glossary", GlossaryFile, "terms"),
        ("modules", ModuleFile, "modules"),
    )
    for kind, model, attr in singles:
        name = f"content/{kind}.yaml"
        parsed = _parse(model, root / f"{kind}.yaml", name, problems)
        for i, obj in enumerate(getattr(parsed, attr, [])):
            add(kind, obj, name, f"{attr}.{i}")
    for kind, model, attr in (
        ("teaching", TeachingFile, "items"),
        ("questions", QuestionFile, "questions"),
    ):
        for path in _yaml_files(root / kind):
            name = f"content/{kind}/{path.name}"
            parsed = _parse(model, path, name, problems)
            for i, obj in enumerate(getattr(parsed, attr, [])):
                add(kind, obj, name, f"{attr}.{i}")
    for path in _yaml_files(graded) if graded else ():
        name = f"{_label(graded)}/{path.name}"
        parsed = _parse(QuestionFile, path, name, problems)
        for i, question in enumerate(parsed.questions if parsed else []):
            add("questions", question, name, f"questions.{i}")
    for path in _yaml_files(root / "cases"):
        name = f"content/cases/{path.name}"
        case = _parse(CaseFile, path, name, problems)
        if case is not None:
            if path.name != f"{case.id}.yaml":
                problems.append(Problem(name, "id", f"file name should be {case.id}.yaml"))
            add("cases", case, name, "")
    return found, origin


def _label(graded: Path) -> str:
    """How problems name the graded folder: ``course/questions`` for the course's own."""
    return "course/questions" if graded == graded_root() else str(graded)


def load_bank_from(root: Traversable, graded: Path | None = None) -> Bank:
    """Load a content folder (its rules too), and a folder of graded questions if given, and
    run the load checks; never screens a case. Raise ContentError listing every problem.
    """
    if graded is not None and not graded.is_dir():
        raise ContentError([Problem(str(graded), "", "no such folder of graded questions")])
    if graded is not None and not any(_yaml_files(graded)):
        others = sorted(p.name for p in graded.iterdir() if p.suffix.lower() in {".yml", ".json"})
        hint = f"; rename {others[0]} and the others to end in .yaml" if others else ""
        raise ContentError(
            [Problem(str(graded), "", f"no question files (*.yaml) in this folder{hint}")]
        )
    if not root.is_dir() or not root.joinpath("seed.yaml").is_file():
        message = "not a content folder: it needs seed.yaml, sources.yaml and the other files"
        raise ContentError([Problem(str(root), "", message)])
    problems: list[Problem] = []
    try:
        rules = {r.rule.id: r for r in load_rules_from(root / "rules")}
    except ContentError as error:
        problems += error.problems
        rules = {}
    found, origin = _collect(root, graded, problems)
    bank = Bank(rules=rules, origin=origin, graded_from=graded and _label(graded), **found)
    problems += [p for check in LOAD_CHECKS for p in check(bank)]
    if problems:
        raise ContentError(problems)
    return bank


def check_content(root: Traversable | None = None, graded: Path | None = None) -> Bank:
    """Load a content folder (default: the package's) with graded questions (default: the
    course's, where present) and run every check, as ``alsedu check`` does."""
    if root is None and graded is None:
        bank = load_bank()
    else:
        bank = load_bank_from(root or content_root(), graded or graded_root())
    problems = check_bank(bank)
    if problems:
        raise ContentError(problems)
    return bank


@cache
def load_bank() -> Bank:
    """The package's content bank with the course's graded questions where present (cached)."""
    return load_bank_from(content_root(), graded_root())
