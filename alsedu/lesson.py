"""Teaching text as Markdown for the course notebooks, written from the content bank.

Every function takes bank data and returns a Markdown string (HTML where Markdown has no
form: ``<details>`` for the evidence, ``<abbr>`` for glossary terms). Glossary terms carry
their plain meaning on hover (``<abbr title>``) wherever a student meets them, inside a link
to the module's glossary entry so that a keyboard reaches them too, and each is spelled out
in words at its first use in a module (:class:`TermMarker` remembers which terms a module
has already explained). Source numbers link to the module's reference list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from .bank import Bank
from .schema import Disagreement, Fact, Source, TeachingItem
from .terms import find_terms

SOURCE_REF = re.compile(r"\bS([1-9][0-9]*)\b")


def ref_anchor(source_id: str) -> str:
    """The anchor of a source in a module's reference list (``ref-s52``)."""
    return f"ref-{source_id.lower()}"


def term_anchor(term_id: str) -> str:
    """The anchor of a term in a module's glossary (``term-dvt``)."""
    return f"term-{term_id}"


def cite(source_ids: Iterable[str]) -> str:
    """Source numbers as links to the module's reference list: ``[S52](#ref-s52)``."""
    return ", ".join(f"[{s}](#{ref_anchor(s)})" for s in source_ids)


@dataclass
class TermMarker:
    """Marks glossary terms in a module's text; spells each out at its first use."""

    bank: Bank
    explained: set[str] = field(default_factory=set)
    used: list[str] = field(default_factory=list)

    def mark(self, text: str) -> str:
        """``text`` with every glossary term wrapped in ``<abbr>`` (and spelled out once)."""
        out, last = [], 0
        for link in find_terms(text, self.bank.glossary):
            term = self.bank.glossary[link.term_id]
            meaning = " ".join(term.meaning.split())
            out.append(text[last : link.start])
            title = escape(meaning, quote=True)
            out.append(
                f'<a href="#{term_anchor(link.term_id)}"><abbr title="{title}">{link.text}'
                "</abbr></a>"
            )
            if link.term_id not in self.explained:
                self.explained.add(link.term_id)
                out.append(f" (*{_first_sentence(meaning)}*)")
            if link.term_id not in self.used:
                self.used.append(link.term_id)
            last = link.end
        out.append(text[last:])
        return "".join(out)


def _first_sentence(text: str) -> str:
    """The first sentence of a meaning, to follow a term in brackets (lower-cased start)."""
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    if len(sentence) > 1 and not sentence[1].isupper():
        sentence = sentence[0].lower() + sentence[1:]
    return sentence


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _facts(facts: list[Fact], marker: TermMarker) -> list[str]:
    return [f"- {marker.mark(_one_line(f.text))} ({cite(f.sources)})" for f in facts]


def _disagreement(d: Disagreement, marker: TermMarker) -> list[str]:
    views = [
        f"- {marker.mark(_one_line(v.view))}" + (f" ({cite(v.sources)})" if v.sources else "")
        for v in d.views
    ]
    return [
        "**Where the sources disagree**",
        "",
        *views,
        "",
        f"**The line this course takes:** {marker.mark(_one_line(d.our_line))}",
        "",
        f"**Why:** {marker.mark(_one_line(d.why))}",
    ]


def teaching_item(item: TeachingItem, marker: TermMarker) -> str:
    """One teaching item: key message and what to do first, the evidence folded away."""
    lines = [
        f"### {item.title}",
        "",
        f"> **Key message.** {marker.mark(_one_line(item.key_message))}",
        "",
        "**What to do**",
        "",
        *(f"- {marker.mark(_one_line(step))}" for step in item.do),
        "",
        f"**What it means.** {marker.mark(_one_line(item.meaning))}",
        "",
        f"**Why it matters for touch.** {marker.mark(_one_line(item.why_touch))}",
        "",
        "<details>",
        "<summary>The evidence behind this</summary>",
        "",
        *_facts(item.facts, marker),
    ]
    if item.correction:
        c = item.correction
        lines += [
            "",
            f"**Where the seed text is weak.** The seed says: {_one_line(c.seed_says)} "
            f"The sources say: {marker.mark(_one_line(c.sources_say))} ({cite(c.sources)})",
        ]
    if item.disagreement:
        lines += ["", *_disagreement(item.disagreement, marker)]
    if item.if_client_asks:
        lines += ["", "**If a client asks**", "", *_facts(item.if_client_asks, marker)]
    lines += ["", "</details>"]
    return "\n".join(lines)


def cited_sources(items: Iterable[TeachingItem]) -> list[str]:
    """Every source the items cite, in order of first citation."""
    found: list[str] = []
    for item in items:
        groups = [f.sources for f in (*item.facts, *item.if_client_asks)]
        if item.correction:
            groups.append(item.correction.sources)
        if item.disagreement:
            groups += [v.sources for v in item.disagreement.views]
        found += [s for group in groups for s in group]
    return list(dict.fromkeys(found))


def _source_line(source: Source) -> str:
    url = source.urls[0]
    return (
        f'- <a id="{ref_anchor(source.id)}"></a>**{source.id}** {escape(source.title)}. '
        f"{escape(source.author)}, {escape(source.year)}. <{url}>"
    )


def references(bank: Bank, source_ids: Iterable[str]) -> str:
    """The module's reference list, one anchored line per source, in number order."""
    ordered = sorted(set(source_ids), key=lambda s: int(s[1:]))
    return "\n".join(["## References", "", *(_source_line(bank.sources[s]) for s in ordered)])


def glossary(bank: Bank, term_ids: Iterable[str]) -> str:
    """The glossary of a module's terms, alphabetically, each with its meaning for touch."""
    terms = sorted((bank.glossary[t] for t in set(term_ids)), key=lambda t: t.term.lower())
    lines = ["## Glossary of this module", ""]
    for term in terms:
        also = f" (also: {', '.join(term.also)})" if term.also else ""
        touch = f" *For touch:* {_one_line(term.touch)}" if term.touch else ""
        anchor = f'<a id="{term_anchor(term.id)}"></a>'
        lines.append(f"- {anchor}**{term.term}**{also}: {_one_line(term.meaning)}{touch}")
    return "\n".join(lines)
