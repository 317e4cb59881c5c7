"""Glossary links found in any text a student reads, from the glossary's own names.

A notebook can wrap every link in a definition shown on hover or focus; nothing is linked by
hand. A term is found by its ``term`` or any ``also`` name: short all-capital names (``ALS``,
``NIV``) match as written, other names match in any case and in the plural; where names
overlap the longest wins (``manual lymphatic drainage`` before ``drainage``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .schema import Term


@dataclass(frozen=True)
class TermLink:
    """One place in a text where a glossary term is named."""

    start: int
    end: int
    term_id: str
    text: str


def _is_acronym(name: str) -> bool:
    return name.isupper() and len(name) <= 6


def _pattern(name: str) -> str:
    body = r"\s+".join(re.escape(part) for part in name.split())
    if name.endswith("y") and not _is_acronym(name):
        body = body[:-1] + "(?:y|ies)"
    return rf"(?<![\w-]){body}(?:s|es)?(?![\w-])"


def _singular(word: str) -> list[str]:
    """The forms a found word may have in the glossary: itself, without -s/-es, -ies as -y."""
    forms = [word, word.removesuffix("s"), word.removesuffix("es")]
    if word.endswith("ies"):
        forms.append(word.removesuffix("ies") + "y")
    return forms


@lru_cache(maxsize=8)
def _compiled(names: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    ordered = sorted(names, key=lambda pair: len(pair[0]), reverse=True)
    exact = [_pattern(n) for n, _ in ordered if _is_acronym(n)] or [r"(?!x)x"]
    loose = [_pattern(n) for n, _ in ordered if not _is_acronym(n)] or [r"(?!x)x"]
    return re.compile("|".join(exact)), re.compile("|".join(loose), re.IGNORECASE)


def _names(glossary: Mapping[str, Term]) -> tuple[tuple[str, str], ...]:
    return tuple((name, term.id) for term in glossary.values() for name in (term.term, *term.also))


def find_terms(text: str, glossary: Mapping[str, Term]) -> list[TermLink]:
    """Every glossary term named in ``text``, in order, longest names first where they overlap."""
    names = _names(glossary)
    by_name = {name.lower(): term_id for name, term_id in names}
    exact, loose = _compiled(names)
    found: list[TermLink] = []
    taken: list[tuple[int, int]] = []
    candidates = [*exact.finditer(text), *loose.finditer(text)]
    for m in sorted(candidates, key=lambda m: (-(m.end() - m.start()), m.start())):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        word = " ".join(m.group(0).split()).lower()
        term_id = next((by_name[f] for f in _singular(word) if f in by_name), None)
        if term_id is None:
            continue
        taken.append((m.start(), m.end()))
        found.append(TermLink(m.start(), m.end(), term_id, m.group(0)))
    return sorted(found, key=lambda link: link.start)


def terms_in(texts: Iterable[str], glossary: Mapping[str, Term]) -> list[str]:
    """The ids of the glossary terms named anywhere in ``texts``, in order of first use."""
    return list(
        dict.fromkeys(link.term_id for text in texts for link in find_terms(text, glossary))
    )
