"""Reading and marking the answers students type in the graded nbgrader course.

The graded notebooks (``source/``, built by :mod:`alsedu.assignments`) stay thin: each test
cell calls this module. A test cell's visible part checks that an answer can be read and
says in plain words what is wrong when it cannot; its hidden part (removed from what
students receive, put back by the autograder) passes the key to a scoring function and
ends with the points earned, which nbgrader reads as partial credit. The installed package
holds no key.

Choice answers (``answer_3``) are letters: ``"b"``, ``"a, c"``, ``"A C"``, ``["a", "c"]``
or ``("c", "a", "d", "b")`` for an order. Scoring:

* one letter (``single``, and ``case`` questions with choices): all points or none;
* choose-all (``multiple``): (right letters chosen - wrong letters chosen) / right letters,
  never below zero, times the points;
* ordering: the share of letters in their right place, times the points.

Plan answers (capstone) are five fields, in words or the engine's codes:
``go_ahead`` (yes / no), ``referral`` (none, routine, soon, same day, emergency, or the
course's words such as "within days"), ``avoid_sites`` ("left calf, abdomen" or
``["calf:left"]``), ``highest_pressure`` (Walton level 1-5 or "no massage") and
``leave_out`` (techniques). Each marked part earns an equal share of the points: yes/no,
referral and pressure all or nothing; sites and techniques the share of items both the
student and the plan name out of all items either names (a missing item and an extra one
count alike, as in the practice plan builder). When the plan stops the session the hidden
test passes only go ahead, referral and pressure: the other parts are not marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from .codes import REFER_ORDER, SITES, TECHNIQUES, is_site_key, site_key
from .labels import REFER_LABELS, SITE_NAMES, TECHNIQUE_LABELS, site_label
from .screening import normalise_sites

ChoiceKind = Literal["single", "multiple", "case", "ordering"]
#: The fields of a plan answer, in the order the notebook asks for them.
PLAN_PARTS: dict[str, str] = {
    "go_ahead": "go ahead today",
    "referral": "referral",
    "avoid_sites": "sites to avoid",
    "highest_pressure": "highest pressure",
    "leave_out": "techniques to leave out",
}
PRESSURE_LEVELS = range(1, 6)  # the Walton pressure scale
NO_MASSAGE = "no massage"
#: Decimal places of a score: nbgrader shows it, so keep it readable.
SCORE_DIGITS = 2

_YES = frozenset({"yes", "y", "true", "go ahead", "go", "proceed", "ok"})
_NO = frozenset({"no", "n", "false", "postpone", "stop", "wait", "not today", "no massage"})
_NONE = frozenset({"none", "nothing", "no", "nil", "no sites", "no techniques"})
_REFERRAL_WORDS: dict[str, str] = {
    "no referral": "none", "no referral needed": "none", "not needed": "none", "no": "none",
    "next contact": "routine", "routine referral": "routine",
    "within days": "soon", "within a few days": "soon", "in a few days": "soon",
    "today": "same_day", "same day referral": "same_day",
    "call emergency services": "emergency", "emergency services": "emergency",
    "ambulance": "emergency", "999": "emergency", "911": "emergency", "112": "emergency",
}  # fmt: skip
#: Other words students use for a technique (the labels and codes are always understood).
_TECHNIQUE_WORDS: dict[str, str] = {
    "deep tissue massage": "deep_tissue", "lymph drainage": "mld",
    "lymphatic drainage": "mld", "hacking": "percussion", "tapping": "percussion",
    "cupping": "tools_cupping", "tools": "tools_cupping", "hot pack": "heat_pack",
    "heat": "heat_pack", "circulation massage": "circulatory_massage",
    "passive movement": "prom", "passive stretching": "supported_stretch",
    "swedish": "swedish_gentle", "stretching hard": "aggressive_stretch",
}  # fmt: skip
#: Other words students use for a site.
_SITE_WORDS: dict[str, str] = {
    "belly": "abdomen", "tummy": "abdomen", "stomach": "abdomen", "lower back": "low_back",
    "shin": "calf", "lower leg": "calf", "bottom": "buttock", "tailbone": "sacrum",
    "throat": "neck_front", "front of neck": "neck_front", "back of neck": "neck_back",
    "calves": "calf", "feet": "foot",
}  # fmt: skip
_SIDES = ("left", "right", "both")
_FILLER = frozenset({"the", "of", "a", "an", "and", "on", "any", "all", "massage", "work"})
_SEPARATORS = re.compile(r"[,;\n]+")
_AND = re.compile(r"\s+(?:and|or|&|\+)\s+")


class AnswerFormatError(AssertionError):
    """An answer that cannot be read; the message says in plain words what to type."""


def short_errors() -> None:
    """Show errors in this notebook as one line, their kind and message, with no code.

    Every test cell calls this first. A traceback quotes the lines around the failing one,
    and at grading time the lines after a test cell's visible check are its hidden tests,
    with the key: feedback would show them. The message is also all a student needs.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.InteractiveTB.set_mode(mode="Minimal")


def _words(text: str) -> str:
    """Lower case, punctuation to spaces, British spelling of -ise: how answers are compared."""
    text = text.lower().replace("mobiliz", "mobilis")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _stem(word: str) -> str:
    for suffix in ("ing", "s"):  # "stretching" is "stretch", "knees" is "knee"
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _bag(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(text).split() if w not in _FILLER)


def _typed(value: object) -> str:
    """How a value the student typed is named back to them."""
    if isinstance(value, bool):
        return f"{value} (true or false)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    return repr(value)


def _pieces(value: object, what: str) -> list[str]:
    """A list answer as its text pieces: a list, tuple or set of texts, or one text."""
    if isinstance(value, str):
        return [p.strip() for p in _SEPARATORS.split(value) if p.strip()]
    if isinstance(value, list | tuple | set | frozenset):
        if not all(isinstance(v, str) for v in value):
            raise AnswerFormatError(f"type the {what} as text between quotes; you typed {value!r}")
        texts = sorted(value) if isinstance(value, set | frozenset) else value
        return [p.strip() for v in texts for p in _SEPARATORS.split(v) if p.strip()]
    raise AnswerFormatError(f"type the {what} as text between quotes; you typed {_typed(value)}")


# --- choice answers -------------------------------------------------------------------------


def _how(kind: str, letters: str) -> str:
    span = f"{letters[0]} to {letters[-1]}"
    return {
        "single": 'the letter of your choice between quotes, for example "a"',
        "case": 'the letter of your choice between quotes, for example "a"',
        "multiple": 'the letters of all your choices between quotes, for example "a, c"',
        "ordering": f"each of the letters {span} once, in your order, between quotes, "
        'separated by commas (like "b, a, ...")',
    }[kind]


def parse_letters(answer: object, letters: str) -> list[str]:
    """The letters of a choice answer in the order typed, in lower case.

    Accepts upper or lower case, commas, semicolons or spaces, and a list or tuple.
    Raises AnswerFormatError naming what cannot be read.
    """
    if answer is None:
        raise AnswerFormatError("there is no answer yet")
    if isinstance(answer, str):
        tokens = re.split(r"[\s,;/]+", answer.strip().lower())
    elif isinstance(answer, list | tuple):
        if not all(isinstance(a, str) for a in answer):
            raise AnswerFormatError(f"type letters between quotes; you typed {answer!r}")
        tokens = [t for a in answer for t in re.split(r"[\s,;/]+", a.strip().lower())]
    else:
        raise AnswerFormatError(f"type letters between quotes; you typed {_typed(answer)}")
    found: list[str] = []
    for token in (t.strip("().:-*'\"") for t in tokens):
        if token in {"", "and", "or"}:
            continue
        if not set(token) <= set("abcdefgh"):
            raise AnswerFormatError(f"{token!r} is not a letter; type only the letters")
        for letter in token:  # "ac" reads as a and c
            if letter not in letters:
                span = f"{letters[0]} to {letters[-1]}"
                raise AnswerFormatError(f"there is no option {letter}: the options are {span}")
            found.append(letter)
    if not found:
        raise AnswerFormatError("the answer holds no letter")
    return found


def _read_choice(answer: object, kind: str, letters: str) -> list[str]:
    found = parse_letters(answer, letters)
    if kind in {"single", "case"} and len(set(found)) > 1:
        raise AnswerFormatError(f"choose one letter only; you typed {', '.join(found)}")
    if kind == "ordering":
        twice = sorted({x for x in found if found.count(x) > 1})
        missing = [x for x in letters if x not in found]
        if twice:
            raise AnswerFormatError(f"put each letter in once; {', '.join(twice)} is there twice")
        if missing:
            raise AnswerFormatError(
                f"put every letter in your order; missing: {', '.join(missing)}"
            )
        return found
    return list(dict.fromkeys(found))


def check_format(
    answer: object, kind: ChoiceKind, letters: str, question: int | None = None
) -> None:
    """The visible check of a choice answer: raise AnswerFormatError, in plain words, unless
    the answer can be read; print how it was read. Says nothing about right or wrong."""
    which = f"Question {question}" if question is not None else "This question"
    if answer is None:
        raise AnswerFormatError(
            f"{which} has no answer yet. In place of None, type {_how(kind, letters)}; "
            "then run the answer cell and this cell again."
        )
    try:
        found = _read_choice(answer, kind, letters)
    except AnswerFormatError as error:
        raise AnswerFormatError(f"{which}: {error}. Type {_how(kind, letters)}.") from None
    print(f"{which}: your answer reads as {', '.join(found)}. It is marked after you hand in.")


def score_choice(answer: object, key: str, kind: ChoiceKind, points: float) -> float:
    """The points a choice answer earns against ``key`` (an unreadable answer earns 0)."""
    want = parse_letters(key, "abcdefgh")
    letters = "".join(sorted(want)) if kind == "ordering" else "abcdefgh"
    try:
        got = _read_choice(answer, kind, letters)
    except AnswerFormatError:
        return 0.0
    if kind == "multiple":
        right = len(set(got) & set(want)) - len(set(got) - set(want))
        share = max(right, 0) / len(want)
    elif kind == "ordering":
        share = sum(g == w for g, w in zip(got, want, strict=True)) / len(want)
    else:
        share = float(got == want)
    return round(share * points, SCORE_DIGITS)


# --- plan answers ---------------------------------------------------------------------------


def parse_yes_no(value: object) -> bool:
    """Whether the massage goes ahead: yes / no (or True / False, "go ahead", "postpone")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        said = _words(value)
        if said in _YES:
            return True
        if said in _NO:
            return False
    raise AnswerFormatError(f'type "yes" or "no"; you typed {_typed(value)}')


def parse_referral(value: object) -> str:
    """A referral as the engine's code: none, routine, soon, same_day or emergency.

    Understands the codes, the course's words ("within days", "same-day", "next contact")
    and the labels the plans print (``soon: the client should ...``).
    """
    if isinstance(value, str):
        said = _words(value)
        head = _words(value.split(":", 1)[0]) if ":" in value else said
        for text in (said, head):
            code = text.replace(" ", "_")
            if code in REFER_ORDER:
                return code
            if text in _REFERRAL_WORDS:
                return _REFERRAL_WORDS[text]
        for code, label in REFER_LABELS.items():
            if said == _words(label):
                return code
    allowed = "none, routine, soon (within days), same day, emergency"
    raise AnswerFormatError(f"type one of: {allowed}; you typed {_typed(value)}")


def _match(text: str, names: Mapping[str, str], what: str) -> str:
    """The one code whose names hold every word of ``text`` (exact names win)."""
    said = _bag(text)
    exact = {code for name, code in names.items() if _bag(name) == said}
    if len(exact) == 1:
        return exact.pop()
    found = sorted({code for name, code in names.items() if said and said <= _bag(name)})
    if len(found) == 1:
        return found[0]
    if found:
        options = " or ".join(dict.fromkeys(_label(what, c) for c in found))
        raise AnswerFormatError(f"{text!r} could mean {options}: say which")
    raise AnswerFormatError(f"{text!r} is not one of the {what} listed at the top")


def _label(what: str, code: str) -> str:
    return TECHNIQUE_LABELS[code] if what == "techniques" else site_label(code).split(" [")[0]


def _technique_names() -> dict[str, str]:
    names = {code.replace("_", " "): code for code in TECHNIQUES}
    for code, label in TECHNIQUE_LABELS.items():
        names[label] = code
        names[re.sub(r"\s*\(.*?\)", "", label)] = code
        names.update({inner: code for inner in re.findall(r"\((.*?)\)", label)})
    return {**names, **_TECHNIQUE_WORDS}


def _site_names() -> dict[str, str]:
    names = {site.replace("_", " "): site for site in SITES}
    names.update({SITE_NAMES[s]: s for s in SITE_NAMES})
    return {**names, **_SITE_WORDS}


def _each(value: object, what: str, read: Callable[[str], str]) -> list[str]:
    """Split a list answer and read each piece; a piece that fails is tried split at "and"."""
    if isinstance(value, list | tuple) and not value:
        return []
    pieces = _pieces(value, what)
    if not pieces:
        raise AnswerFormatError(f'the {what} are empty: type "none" if there are none')
    if len(pieces) == 1 and _words(pieces[0]) in _NONE:
        return []
    if what == "sites":  # "calf, both sides" (as the intake writes it) is one site
        pieces = _join_sides(pieces)
    codes = []
    for piece in pieces:
        try:
            codes.append(read(piece))
        except AnswerFormatError:
            parts = _AND.split(piece)
            if len(parts) == 1:
                raise
            codes += [read(p) for p in parts]
    return list(dict.fromkeys(codes))


def _join_sides(pieces: list[str]) -> list[str]:
    joined: list[str] = []
    for piece in pieces:
        if joined and set(_words(piece).split()) <= {*_SIDES, "side", "sides"}:
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def _read_site(piece: str) -> str:
    key = piece.strip().lower().replace(" ", "")
    if is_site_key(key):
        return key
    words = _words(piece).split()
    sides = {w for w in words if w in _SIDES}
    rest = [w for w in words if w not in _SIDES and w not in {"side", "sides", "each"}]
    site = _match(" ".join(rest), _site_names(), "sites")
    if {"left", "right"} <= sides or "both" in sides:
        side: str | None = "both"
    elif sides:
        side = sides.pop()
    else:  # "heels", "calves": both sides
        side = "both" if any(w in {"calves", "feet"} or w.endswith("s") for w in rest) else None
    return site_key(site, side)


def parse_sites(value: object) -> list[str]:
    """Sites as the engine's keys (``calf:left``), from words ("left calf", "both heels",
    "abdomen") or keys; "none" or an empty list for no site."""
    return normalise_sites(_each(value, "sites", _read_site))


def parse_pressure(value: object) -> int | None:
    """The highest pressure: a Walton level 1-5, or None for "no massage" (also 0)."""
    if isinstance(value, bool):
        pass
    elif isinstance(value, int | float) and value == int(value):
        if int(value) == 0:
            return None
        if int(value) in PRESSURE_LEVELS:
            return int(value)
    elif isinstance(value, str):
        said = _words(value)
        if said in {NO_MASSAGE, "no massage today", "none", "0"}:
            return None
        numbers = re.findall(r"\d+", said)
        rest = set(re.sub(r"\d+", " ", said).split()) - {"level", "walton", "pressure"}
        if len(numbers) == 1 and not rest and int(numbers[0]) in PRESSURE_LEVELS:
            return int(numbers[0])
    raise AnswerFormatError(
        f'type a Walton level from 1 to 5, or "no massage"; you typed {_typed(value)}'
    )


def parse_techniques(value: object) -> list[str]:
    """Techniques as the engine's codes, from the course's words or codes; "none" for none."""
    return _each(value, "techniques", lambda p: _match(p, _technique_names(), "techniques"))


_PARSERS = {
    "go_ahead": parse_yes_no,
    "referral": parse_referral,
    "avoid_sites": parse_sites,
    "highest_pressure": parse_pressure,
    "leave_out": parse_techniques,
}


def _plan_words(part: str, value: object) -> str:
    if part == "go_ahead":
        return "yes" if value else "no"
    if part == "referral":
        return REFER_LABELS[str(value)].split(":")[0]
    if part == "highest_pressure":
        return NO_MASSAGE if value is None else f"Walton level {value}"
    if part == "avoid_sites":
        return "; ".join(site_label(s) for s in value) or "none"  # type: ignore[attr-defined]
    return "; ".join(TECHNIQUE_LABELS[t] for t in value) or "none"  # type: ignore[attr-defined]


def read_plan(answers: Mapping[str, object], client: int | None = None) -> dict[str, object]:
    """Every part of a plan answer read into the engine's values; AnswerFormatError lists
    each part that is missing or cannot be read (by its name in the notebook: ``referral_2``)."""
    problems, read = [], {}
    for part, title in PLAN_PARTS.items():
        value, name = answers.get(part), part if client is None else f"{part}_{client}"
        if value is None:
            problems.append(f"{title} ({name}) has no answer yet")
            continue
        try:
            read[part] = _PARSERS[part](value)
        except AnswerFormatError as error:
            problems.append(f"{title} ({name}): {error}")
    if problems:
        raise AnswerFormatError("\n".join(f"- {p}" for p in problems))
    return read


def check_plan(answers: Mapping[str, object], client: int | None = None) -> None:
    """The visible check of a plan answer: every part answered and readable; print how it
    was read. Says nothing about right or wrong."""
    which = f"Client {client}" if client is not None else "This client"
    try:
        read = read_plan(answers, client)
    except AnswerFormatError as error:
        raise AnswerFormatError(
            f"{which}: some answers cannot be read yet.\n{error}\nReplace each None with your "
            "answer, in the words listed at the top, then run the answer cell and this cell again."
        ) from None
    lines = "\n".join(f"- {PLAN_PARTS[p]}: {_plan_words(p, v)}" for p, v in read.items())
    print(f"{which}: your plan reads as\n{lines}\nIt is marked after you hand in.")


def _share(said: set[str], plan: set[str]) -> float:
    union = said | plan
    return len(said & plan) / len(union) if union else 1.0


def _halves(keys: Iterable[str]) -> set[str]:
    """The body halves site keys cover: a whole site or ``both`` is its left and its right."""
    halves = set()
    for key in keys:
        site, _, side = key.partition(":")
        halves |= {f"{site}:{s}" for s in (("left", "right") if side in {"", "both"} else (side,))}
    return halves


def _part_score(part: str, said: object, want: object) -> float:
    if part == "avoid_sites":
        return _share(_halves(said), _halves(want))  # type: ignore[arg-type]
    if part == "leave_out":
        return _share(set(said), set(want))  # type: ignore[call-overload]
    return float(said == want)


def score_plan_parts(
    answers: Mapping[str, object], expected: Mapping[str, object], points: float
) -> float:
    """The points a plan answer earns: each part in ``expected`` an equal share (see the
    module docstring); a part that cannot be read earns nothing. Prints each part's points."""
    unknown = set(expected) - set(PLAN_PARTS)
    if unknown or not expected:
        raise ValueError(f"unknown plan parts {sorted(unknown)}; allowed: {', '.join(PLAN_PARTS)}")
    share = points / len(expected)
    earned = {}
    for part in (p for p in PLAN_PARTS if p in expected):
        want = _PARSERS[part](expected[part])
        try:
            said = _PARSERS[part](answers.get(part))
        except AnswerFormatError:
            earned[part] = 0.0
            continue
        earned[part] = _part_score(part, said, want) * share
    lines = ", ".join(
        f"{PLAN_PARTS[p]} {round(v, SCORE_DIGITS):g}/{share:.3g}" for p, v in earned.items()
    )
    print(f"Points by part: {lines}.")
    return round(min(sum(earned.values()), points), SCORE_DIGITS)


__all__ = [
    "PLAN_PARTS",
    "AnswerFormatError",
    "check_format",
    "check_plan",
    "parse_letters",
    "parse_pressure",
    "parse_referral",
    "parse_sites",
    "parse_techniques",
    "parse_yes_no",
    "read_plan",
    "score_choice",
    "score_plan_parts",
    "short_errors",
]
