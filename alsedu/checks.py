"""The content bank's invariants, one function per invariant, each returning its problems.

``load_bank_from`` runs the cheap ones (references, coverage) on every load, and never
screens a case; ``check_bank`` runs those that screen (each case's expected plan against
the engine with the bank's own rules) and the item-writing lint (``lint.py``). ``alsedu
check`` runs both, through ``check_content``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .codes import INTERPRETIVE_FINDINGS, SECTIONS
from .errors import Problem
from .ids import is_source_id
from .itemstats import unexplained_terms
from .lint import LINT_CHECKS
from .schema import Expected
from .screening import BRIEF_ONLY_RULES, Plan, screen
from .screening.consistency import plan_contradictions

if TYPE_CHECKING:
    from .bank import Bank

MIN_PRACTICE_PER_BULLET = 3
MIN_MODULE_PRACTICE = 8
MIN_GRADED_PER_BULLET = 1


def _unknown(value: str, pool: dict[str, Any], what: str, file: str, key: str) -> list[Problem]:
    if value in pool:
        return []
    sample = ", ".join(list(pool)[:8])
    return [Problem(file, key, f"unknown {what} {value!r} (known: {sample}, ...)")]


def _cited_sources(bank: Bank) -> list[tuple[str, str, str]]:
    """Every source id cited anywhere, as (source id, file, key path)."""
    out: list[tuple[str, str, str]] = []

    def add(ids: list[str], file: str, key: str) -> None:
        out.extend((s, file, f"{key}.{j}") for j, s in enumerate(ids))

    for term in bank.glossary.values():
        add(term.sources, bank.origin[term.id], f"{term.id}.sources")
    for item in bank.teaching.values():
        f = bank.origin[item.id]
        for k, fact in enumerate(item.facts):
            add(fact.sources, f, f"{item.id}.facts.{k}.sources")
        for k, note in enumerate(item.if_client_asks):
            add(note.sources, f, f"{item.id}.if_client_asks.{k}.sources")
        if item.correction:
            add(item.correction.sources, f, f"{item.id}.correction.sources")
        if item.disagreement:
            for k, view in enumerate(item.disagreement.views):
                add(view.sources, f, f"{item.id}.disagreement.views.{k}.sources")
    for q in bank.questions.values():
        f = bank.origin[q.id]
        add(q.sources, f, f"{q.id}.sources")
        for part, options in (("choices", q.choices), ("items", q.items)):
            for k, option in enumerate(options):
                add(option.sources, f, f"{q.id}.{part}.{k}.sources")
    for compiled in bank.rules.values():
        rule = compiled.rule
        for j, s in enumerate(rule.sources):
            if is_source_id(s):
                out.append((s, compiled.file, f"{rule.id}.sources.{j}"))
    return out


def cited_sources_exist(bank: Bank) -> list[Problem]:
    """Every source a glossary term, teaching item, question or rule cites is in sources.yaml."""
    return [
        p for s, f, k in _cited_sources(bank) for p in _unknown(s, bank.sources, "source", f, k)
    ]


def glossary_links_exist(bank: Bank) -> list[Problem]:
    """Every glossary term a term's ``see`` list points to exists.

    Texts link terms by their glossary names (``alsedu.terms``), so no other list is kept.
    """
    problems = []
    for term in bank.glossary.values():
        for j, other in enumerate(term.see):
            key = f"{term.id}.see.{j}"
            problems += _unknown(other, bank.glossary, "glossary term", bank.origin[term.id], key)
    return problems


def cited_rules_exist(bank: Bank) -> list[Problem]:
    """Every rule a teaching item names is in the rule set (or is a brief-only rule)."""
    pool = {**bank.rules, **BRIEF_ONLY_RULES}
    return [
        p
        for item in bank.teaching.values()
        for j, rule_id in enumerate(item.rules)
        for p in _unknown(rule_id, pool, "rule", bank.origin[item.id], f"{item.id}.rules.{j}")
    ]


def questions_in_their_folder(bank: Bank) -> list[Problem]:
    """Practice questions live in the package; graded ones only in the course's own folder,
    so the package a student installs never holds a graded item."""
    problems = []
    for q in bank.questions.values():
        in_package = bank.origin[q.id].startswith("content/")
        if in_package == (q.use == "graded"):
            where = "the course's graded folder" if q.use == "graded" else "content/questions"
            problems.append(Problem(bank.origin[q.id], f"{q.id}.use", f"a {q.use} question "
                                    f"belongs in {where}"))  # fmt: skip
    return problems


def question_cases_exist(bank: Bank) -> list[Problem]:
    """Every case a question is about is in the case bank."""
    return [
        p
        for q in bank.questions.values()
        if q.case
        for p in _unknown(q.case, bank.cases, "case", bank.origin[q.id], f"{q.id}.case")
    ]


#: Words a story uses when it tells each request (any one of them will do).
REQUEST_WORDS: dict[str, tuple[str, ...]] = {
    "prone": ("face down", "face-down", "on her front", "on his front"),
    "supine_flat": ("flat",),
    "semi_reclined": ("propped", "half sits", "half sit", "reclin", "raised"),
    "side_lying": ("side",),
    "seated": ("sitting", "seat", "sit up", "chair"),
    "wheelchair": ("chair",),
    "table_transfer": ("table",),
    "mld": ("lymph", "squeeze the water", "drain"),
    "heat_pack": ("hot", "heat", "warm pack"),
    "percussion": ("tapping", "drumming", "knock", "tapotement"),
    "deep_tissue": ("deep",),
    "abdominal_massage": ("belly", "stomach", "abdom", "tummy"),
    "circulatory_massage": ("circulation",),
    "swedish_gentle": ("swedish", "relaxation"),
}


def engine_only_marked(bank: Bank) -> list[Problem]:
    """Each case marks its interpretive findings engine-only, and marks nothing else."""
    problems = []
    for case in bank.cases.values():
        present = {f.code for f in case.case.findings}
        unmarked = sorted((present & INTERPRETIVE_FINDINGS) - set(case.engine_only))
        if unmarked:
            problems.append(
                Problem(
                    bank.origin[case.id],
                    "engine_only",
                    f"interpretive findings not marked engine-only: {', '.join(unmarked)} "
                    "(a student must not see them before deciding)",
                )
            )
        for j, code in enumerate(case.engine_only):
            if code not in present:
                message = f"{code!r} is not among the case's findings"
                problems.append(Problem(bank.origin[case.id], f"engine_only.{j}", message))
    return problems


def requests_told_in_story(bank: Bank) -> list[Problem]:
    """Every request in a case's data is also told in its story, where a student reads it."""
    problems = []
    for case in bank.cases.values():
        story = case.narrative.lower()
        for j, code in enumerate(case.case.requests):
            cues = REQUEST_WORDS.get(code, tuple(code.replace("_", " ").split(":")))
            if not any(cue in story for cue in cues):
                problems.append(
                    Problem(
                        bank.origin[case.id],
                        f"case.requests.{j}",
                        f"the client asks for {code!r} but the story never says so "
                        f"(expected one of: {', '.join(cues)})",
                    )
                )
    return problems


def glossary_names_unique(bank: Bank) -> list[Problem]:
    """No two glossary terms share a name, so every link in a text points to one term."""
    owner: dict[str, str] = {}
    problems = []
    for term in bank.glossary.values():
        for name in (term.term, *term.also):
            other = owner.setdefault(name.lower(), term.id)
            if other != term.id:
                message = f"the name {name!r} is also a name of {other!r}"
                problems.append(Problem(bank.origin[term.id], f"{term.id}.also", message))
    return problems


def terms_explained(bank: Bank) -> list[Problem]:
    """Technical terms the review found unexplained are glossary names or gone from the text."""
    return [
        Problem("content/glossary.yaml", "terms", f"{term!r} is used in student text but no "
                "glossary term is named so; add it (in `term` or `also`) or reword the text")
        for term in unexplained_terms(bank)
    ]  # fmt: skip


def modules_complete(bank: Bank) -> list[Problem]:
    """One module per section, its cases exist, and its practice covers every bullet."""
    file = "content/modules.yaml"
    problems = []
    for section in sorted(set(SECTIONS) - set(bank.modules)):
        problems.append(Problem(file, "modules", f"no module for section {section!r}"))
    for module in bank.modules.values():
        if module.section != module.id:
            message = f"module {module.id!r} teaches section {module.section!r}; use one id"
            problems.append(Problem(file, f"{module.id}.section", message))
        cases = [*module.scenarios, *(f.case for f in module.figures if f.case)]
        unknown = [
            p
            for case_id in cases
            for p in _unknown(case_id, bank.cases, "case", file, f"{module.id}.scenarios")
        ]
        problems += unknown
        if unknown:
            continue
        practice = bank.module_practice(module.id)
        bullets = {s.id for s in bank.seed.values() if s.section == module.section}
        missing = sorted(bullets - {s for q in practice for s in q.seed})
        if len(practice) < MIN_MODULE_PRACTICE or missing:
            problems.append(
                Problem(
                    file,
                    f"{module.id}",
                    f"{len(practice)} practice questions (need {MIN_MODULE_PRACTICE}), "
                    f"bullets without one: {', '.join(missing) or 'none'}",
                )
            )
    return problems


def seed_bullets_covered(bank: Bank) -> list[Problem]:
    """Every seed bullet is taught, practised three times and, where graded questions are
    loaded, graded at least once."""
    problems = []
    for seed, (taught, practice, graded) in bank.coverage().items():
        gaps = []
        if not taught:
            gaps.append("no teaching item")
        if practice < MIN_PRACTICE_PER_BULLET:
            gaps.append(f"{practice} practice questions (need {MIN_PRACTICE_PER_BULLET})")
        if bank.graded_from and graded < MIN_GRADED_PER_BULLET:
            gaps.append(f"{graded} graded questions (need {MIN_GRADED_PER_BULLET})")
        if gaps:
            problems.append(Problem("content", seed, "seed bullet not covered: " + "; ".join(gaps)))
    return problems


EXACT = ("proceed", "emergency", "refer", "max_pressure", "max_session_minutes", "side_lying_on")
SETS = ("avoid_sites", "excluded_positions", "work_positions")
SUBSETS = {
    "avoid_sites_include": "avoid_sites",
    "excluded_techniques_include": "excluded_techniques",
    "indicated_techniques_include": "indicated_techniques",
    "excluded_positions_include": "excluded_positions",
    "must_do_include": "must_do",
}


def plan_mismatches(expected: Expected, plan: Plan) -> list[tuple[str, str]]:
    """Every way the plan differs from what is expected, as (key path, message)."""
    given = expected.model_fields_set
    out: list[tuple[str, str]] = []
    for key in EXACT:
        if key in given and getattr(expected, key) != getattr(plan, key):
            out.append(
                (
                    f"expected.{key}",
                    f"engine says {getattr(plan, key)!r}, case expects {getattr(expected, key)!r}",
                )
            )
    for key in SETS:
        if key in given and set(getattr(expected, key)) != set(getattr(plan, key)):
            out.append(
                (
                    f"expected.{key}",
                    f"engine says {getattr(plan, key)}, case expects {getattr(expected, key)}",
                )
            )
    for key, plan_key in SUBSETS.items():
        missing = set(getattr(expected, key)) - set(getattr(plan, plan_key))
        if missing:
            out.append(
                (f"expected.{key}", f"missing from the plan's {plan_key}: {sorted(missing)}")
            )
    unwanted = set(expected.excluded_techniques_exclude) & set(plan.excluded_techniques)
    if unwanted:
        out.append(
            ("expected.excluded_techniques_exclude", f"the plan excludes {sorted(unwanted)}")
        )
    fired = {hit.id for hit in plan.rules}
    if missing := set(expected.rules_include) - fired:
        out.append(("expected.rules_include", f"rules did not fire: {sorted(missing)}"))
    if extra := set(expected.rules_exclude) & fired:
        out.append(("expected.rules_exclude", f"rules fired but should not: {sorted(extra)}"))
    limits = {limit.site: limit for limit in plan.site_limits}
    for i, want in enumerate(expected.site_limits_include):
        got = limits.get(want.site)
        key = f"expected.site_limits_include.{i}"
        if got is None:
            out.append((key, f"no site limit on {want.site!r}; plan has {sorted(limits)}"))
            continue
        if want.max_pressure is not None and got.max_pressure != want.max_pressure:
            out.append(
                (key, f"{want.site}: max_pressure {got.max_pressure}, expected {want.max_pressure}")
            )
        if lacking := set(want.exclude) - set(got.exclude):
            out.append((key, f"{want.site}: does not exclude {sorted(lacking)}"))
    return out


def expected_plans_hold(bank: Bank) -> list[Problem]:
    """Each case's expected plan is what the engine decides with the bank's own rules."""
    rules = list(bank.rules.values())
    return [
        Problem(bank.origin[case.id], key, message)
        for case in bank.cases.values()
        for key, message in plan_mismatches(case.expected, screen(case.case, rules))
    ]


def plans_consistent(bank: Bank) -> list[Problem]:
    """No case's plan tells the student two things at once (a position both left out and
    named as a place to work, a site both avoided and worked)."""
    rules = list(bank.rules.values())
    return [
        Problem(bank.origin[case.id], "plan", f"the plan contradicts itself: {contradiction}")
        for case in bank.cases.values()
        for contradiction in plan_contradictions(screen(case.case, rules))
    ]


#: Checks run on every load: cheap, and no screening.
LOAD_CHECKS: tuple[Callable[[Bank], list[Problem]], ...] = (
    cited_sources_exist,
    glossary_links_exist,
    cited_rules_exist,
    question_cases_exist,
    questions_in_their_folder,
    seed_bullets_covered,
    engine_only_marked,
    requests_told_in_story,
    glossary_names_unique,
    modules_complete,
)
#: Checks that only ``alsedu check`` (and the tests) run.
SLOW_CHECKS: tuple[Callable[[Bank], list[Problem]], ...] = (
    expected_plans_hold,
    plans_consistent,
    terms_explained,
    *LINT_CHECKS,
)


def check_bank(bank: Bank) -> list[Problem]:
    """Run the checks a load does not run on a loaded bank; return all problems found."""
    return [p for check in SLOW_CHECKS for p in check(bank)]
