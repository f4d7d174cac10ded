"""References to claims made elsewhere: the Summary's figures come from slots.

``{claim-ref}`some-id``` writes the marker of claim ``some-id`` (its status,
grade and evidence number, linking to its evidence entry) without making a
new claim; ``{claims-count}`disputed``` writes how many claims have that
status. A summary built from them moves with the evidence: every figure in
the text before a reference (back to the previous reference or the start of
the paragraph) must be in the referenced claim's text, and a figure after
the last reference of a paragraph must have one (links' text aside; warnings
``claims.unknown_ref`` and ``claims.ref_figure``, located). MyST usage::

    more than 4,500 troops from 33 countries {claim-ref}`strength-2025-10`
"""
from __future__ import annotations

import re
from typing import AbstractSet, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from briefing.book import book
from briefing.nodes import claim_marker
from briefing.store import store
from briefing.records import STATUSES, counts

logger = logging.getLogger(__name__)

#: A figure: digits, with thousands separators or a decimal point inside.
FIGURE_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


class claims_count(nodes.Inline, nodes.TextElement):
    """How many claims have ``status``; filled in once the book is known."""


class Ref(NamedTuple):
    claim_id: str
    line: int
    before: str  #: the text it vouches for


def claim_ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    node = claim_marker(rawtext, claim_id=text.strip(), status="", ref=True)
    node.source, node.line = inliner.document.current_source, lineno
    return [node], []


def claims_count_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    status = text.strip()
    if status not in STATUSES:
        message = inliner.reporter.warning(f"claims-count: unknown status {status!r} (use one of "
                                           f"{', '.join(STATUSES)})", line=lineno)
        return [nodes.Text(rawtext)], [message]
    return [claims_count(rawtext, "", status=status)], []


def figures(text: str) -> list[str]:
    return FIGURE_RE.findall(text)


def _block_refs(block: nodes.Element) -> tuple[list[tuple[nodes.Element, str, int]], str]:
    """Each reference of a paragraph with the text before it and its line
    within the paragraph, and the text after the last one."""
    out: list[tuple[nodes.Element, str, int]] = []
    text: list[str] = []
    lines = 0
    for node in block.findall(lambda n: isinstance(n, (nodes.Text, claim_marker))):
        if isinstance(node, claim_marker):
            if node.get("ref"):
                out.append((node, "".join(text), lines))
                text = []
        elif not any(isinstance(a, (claim_marker, addnodes.pending_xref)) for a in _parents(node, block)):
            text.append(node.astext())
            lines += node.astext().count("\n")
    return out, "".join(text)


def _parents(node: nodes.Node, stop: nodes.Node):
    while node.parent is not None and node is not stop:
        node = node.parent
        yield node


class ClaimRefsCollector(EnvironmentCollector):
    """Per document: its references (the store's ``refs``, :mod:`briefing.store`)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        stored(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str], other: BuildEnvironment) -> None:
        theirs = stored(other)
        for docname in docnames:
            if docname in theirs:
                stored(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found: list[Ref] = []
        for block in doctree.findall(nodes.paragraph):
            refs, after = _block_refs(block)
            first = block.line or (refs[0][0].line if refs else 0) or 0
            for node, before, offset in refs:
                found.append(Ref(node["claim_id"], first + offset, before))
            if refs and figures(after):
                logger.warning("figure %s after the last claim reference of its paragraph: end the sentence "
                               "with {claim-ref} for the claim it comes from", ", ".join(figures(after)),
                               location=(app.env.docname, found[-1].line), type="claims", subtype="ref_figure")
        if found:
            stored(app.env)[app.env.docname] = found


def stored(env: BuildEnvironment) -> dict[str, list[Ref]]:
    return store(env).refs


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Each reference names a claim, and its figures are the claim's."""
    by_id = book(env).by_id
    for docname, refs in sorted(stored(env).items()):
        for ref in refs:
            where = (docname, ref.line)
            record = by_id.get(ref.claim_id)
            if record is None:
                logger.warning("claim-ref: no claim %r in the book", ref.claim_id, location=where, type="claims",
                               subtype="unknown_ref")
                continue
            missing = [f for f in figures(ref.before) if f not in figures(record.text)]
            if missing:
                logger.warning("claim-ref %r: %s not in the claim's text (%s:%d); say what the claim says",
                               ref.claim_id, ", ".join(missing), record.source, record.line, location=where,
                               type="claims", subtype="ref_figure")


def fill_counts(document: nodes.document, env: BuildEnvironment) -> None:
    """Replace each ``claims_count`` by its number (in the resolver)."""
    tally = counts(book(env).claims)
    for node in list(document.findall(claims_count)):
        node.replace_self(nodes.Text(str(tally[node["status"]])))


def ref_docs(env: BuildEnvironment) -> set[str]:
    """The documents whose references must be rewritten when claims change."""
    return set(stored(env))


def setup(app: Sphinx) -> None:
    app.add_role("claim-ref", claim_ref_role)
    app.add_role("claims-count", claims_count_role)
    app.add_node(claims_count)
    app.add_env_collector(ClaimRefsCollector)
    app.connect("env-check-consistency", check)
