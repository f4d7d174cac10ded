"""The evidence list: every slot's sources, quote, locator, check date and
note, numbered in reading order, so the printed book shows what the HTML
tooltips show.

Each claim gets a number (its place in the book's reading order); the print
marker carries it (``V 37``) and links to entry 37 here. MyST usage::

    ```{claims-evidence}
    ```
"""
from __future__ import annotations

import re
from typing import Callable

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from briefing.listings import Entry, Part, Rubric
from briefing.records import GRADE_LABELS, Claim, by_document
from briefing.references import reference


KEY_RE = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]")


class claims_evidence(nodes.General, nodes.Element):
    """Placeholder for the evidence list."""


class ClaimsEvidenceDirective(SphinxDirective):
    """Where the evidence list goes (see the module docstring)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = claims_evidence()
        self.set_source_info(node)
        return [node]


def build_evidence(env: BuildEnvironment, claims: list[Claim],
                   uri_of: Callable[[str], str | None], number: dict[str, int]) -> list[Part]:
    """One rubric per chapter, then one entry per claim, in reading order,
    each with its number (:mod:`briefing.book`)."""
    out: list[Part] = []
    for docname, chapter_claims in by_document(claims).items():
        uri = uri_of(docname)
        out.append(Rubric(_chapter_title(env, docname, chapter_claims[0].chapter)))
        out.append([Entry(number[c.id], c.id, c.status, uri, _fields(env, c), c.shown_grade) for c in chapter_claims])
    return out


def _chapter_title(env: BuildEnvironment, docname: str, title: str) -> str:
    secnum = env.toc_secnumbers.get(docname, {}).get("")
    return f"{'.'.join(map(str, secnum))}. {title}" if secnum else title


def _fields(env: BuildEnvironment, c: Claim) -> list[tuple[str, str]]:
    sources = [reference(env, key).label or f"{key} (not in the .bib files)" for key in c.keys]
    fields = [("Claim", c.text), ("Sources", "; ".join(sources) or "none")]
    if c.shown_grade:
        fields.append(("Grade", GRADE_LABELS[c.shown_grade] if c.shown_grade in GRADE_LABELS else c.shown_grade))
    if c.quote:
        fields.append(("Quote", f"\u201c{c.quote}\u201d"))
    return fields + [(name, _labels(env, value)) for name, value in
                     (("Where", c.locator), ("Checked", c.checked), ("Note", c.note)) if value]


def _labels(env: BuildEnvironment, text: str) -> str:
    """``[key]`` in a locator or note, as the source's printed label."""
    return KEY_RE.sub(lambda m: f"[{reference(env, m[1]).label or m[1]}]", text)
