"""The book's index of places, units, missions and people.

``claims_index_terms`` in conf.py lists the index's entries by kind; each
entry is its heading, then other spellings it may appear under, separated by
``|`` (``"Mitrovica|Mitrovicë"``). Wherever a paragraph names one, an index
entry (Sphinx's own ``index`` node, as the ``index`` directive makes) is put
before the paragraph, once per section, so the PDF's index gives the pages
and the site's index the sections. The heading carries its kind in the index
("Mitrovica (place)"), so that a reader sees what each name is; people
are indexed by family name ("Kurti, Albin (person)").

Documents in ``claims_index_skip`` get no entries (a page that some formats
leave out, whose entries would point nowhere there). The entries are added
by a transform that runs before Sphinx's domains
collect a document's index entries.
"""
from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

#: The kinds of entry, and how the index names them.
KINDS = {"places": "place", "units": "unit", "missions": "mission", "people": "person", "texts": "text"}


def _patterns(terms: dict[str, list[str]]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for kind, entries in terms.items():
        for entry in entries:
            spellings = [s.strip() for s in entry.split("|") if s.strip()]
            name = spellings[0]
            if kind == "people" and " " in name:  # "Kurti, Albin"
                given, family = name.rsplit(" ", 1)
                name = f"{family}, {given}"
            heading = f"{name} ({KINDS.get(kind, kind)})"
            alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
            out.append((heading, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")))
    return out


class IndexTerms(SphinxTransform):
    """Put an index entry before each section's first paragraph naming a term."""

    default_priority = 840  # before SphinxDomains (850), which collects index entries

    def apply(self, **kwargs: Any) -> None:
        patterns = _patterns(self.config.claims_index_terms)
        if not patterns or self.env.docname in self.config.claims_index_skip:
            return
        done: set[tuple[int, str]] = set()
        for para in list(self.document.findall(nodes.paragraph)):
            if para.parent is None or any(isinstance(a, (nodes.title, addnodes.glossary)) for a in _ancestors(para)):
                continue
            section = next((a for a in _ancestors(para) if isinstance(a, nodes.section)), self.document)
            text = para.astext()
            entries = []
            for heading, pattern in patterns:
                if (id(section), heading) not in done and pattern.search(text):
                    done.add((id(section), heading))
                    entries.append(heading)
            if not entries:
                continue
            target_id = f"index-{self.env.new_serialno('index')}"
            index = addnodes.index(entries=[("single", h, target_id, "", None) for h in entries], inline=False)
            target = nodes.target("", "", ids=[target_id])
            self.document.note_explicit_target(target)
            position = para.parent.index(para)
            para.parent.insert(position, [index, target])


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup(app: Sphinx) -> None:
    app.add_config_value("claims_index_terms", {}, "env", dict)
    #: documents left out of the index (a page some formats do not carry)
    app.add_config_value("claims_index_skip", [], "env", list)
    app.add_transform(IndexTerms)
