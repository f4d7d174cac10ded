"""The ``claim`` directive and the ``claims-register`` placeholder.

Parsing stores nothing in the environment: the directive returns nodes that
carry the slot, and :mod:`briefing.collector` gathers them once the document
is read (the pattern of ``sphinx.ext.todo``).
"""
from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from briefing.nodes import claim, claim_marker, claims_register

logger = logging.getLogger(__name__)


def _keys(text: str) -> list[str]:
    return [key.strip() for key in text.replace(";", ",").split(",") if key.strip()]


class ClaimDirective(SphinxDirective):
    """A factual claim with its "verify with reputable sources" slot.

    MyST usage (the options are the slot; the body is the claim's text)::

        ```{claim} kfor-entry-date
        :status: verified
        :sources: kfor-mission
        :quote: NATO has been leading a peace support operation in Kosovo since 12 June 1999
        :locator: Mission page, first paragraph
        :checked: 2026-11-24
        KFOR entered Kosovo on 12 June 1999.
        ```

    ``:status:`` is one of verified, disputed, sourced, unsourced;
    ``:sources:`` lists BibTeX keys from references.bib, separated by commas.
    A disputed claim carries ``:note:``, saying what the source says instead,
    and ``:recheck:``, the outcome of a second, independent read of its sources.
    """

    required_arguments = 1
    has_content = True
    final_argument_whitespace = False
    option_spec = {
        "status": directives.unchanged_required,
        "sources": directives.unchanged,
        "quote": directives.unchanged,
        "locator": directives.unchanged,
        "checked": directives.unchanged,
        "note": directives.unchanged,
        "recheck": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        return [build_claim(self, self.arguments[0], self.options, self.parse_content_to_nodes())]


def build_claim(
    directive: SphinxDirective,
    claim_id: str,
    fields: dict[str, str],
    body: list[nodes.Node],
    source: str | None = None,
    line: int | None = None,
) -> claim:
    """The claim node for a slot: its text (``body``), citation and marker.

    Used by the ``claim`` directive and for the rows of data files
    (``claims-data``), where ``source``/``line`` point into the data file.
    """
    claim_id = str(claim_id).strip()
    keys = _keys(str(fields.get("sources", "")))
    node = claim(
        claim_id=claim_id,
        status=str(fields.get("status", "")).strip().lower(),
        keys=keys,
        quote=str(fields.get("quote", "")).strip(),
        locator=str(fields.get("locator", "")).strip(),
        checked=str(fields.get("checked", "")).strip(),
        note=str(fields.get("note", "")).strip(),
        recheck=str(fields.get("recheck", "")).strip(),
    )
    node["ids"].append(nodes.make_id("claim-" + claim_id))
    directive.set_source_info(node)
    if source is not None:
        node.source, node.line = source, line
    node.extend(body)
    node["text"] = " ".join(node.astext().split())
    if not node["text"]:
        logger.warning("claim %r has no text", claim_id, location=node, type="claims", subtype="empty")
        return node
    _append_citation_and_marker(directive, node, keys)
    return node


def _append_citation_and_marker(directive: SphinxDirective, node: claim, keys: list[str]) -> None:
    """Cite the known keys through sphinxcontrib-bibtex, then add the marker.

    Unknown keys are left out of the citation: the consistency check warns
    about them once, as ``claims.unknown_key``, at the claim's line.
    """
    para = next((t for t in reversed(list(node.findall(nodes.paragraph)))), None)
    if para is None:
        para = nodes.paragraph()
        node += para
    domain = directive.env.get_domain("cite")
    known = [key for key in keys if key in domain.bibdata.data.entries]
    if known:
        # One label citation per key, so the slot's order is kept (a single
        # {cite:p} lists its keys in bibliography order).
        role = domain.role("label")
        citation = nodes.inline(classes=["claim-citation"])
        citation += nodes.Text("(")
        for i, key in enumerate(known):
            if i:
                citation += nodes.Text("; ")
            cited, messages = role("cite:label", f":cite:label:`{key}`", key, directive.lineno,
                                   directive.state.inliner)
            citation.extend(cited)
            citation.extend(messages)
        citation += nodes.Text(")")
        para += nodes.Text(" ")
        para += citation
    marker = claim_marker(claim_id=node["claim_id"], status=node["status"])
    marker.source, marker.line = node.source, node.line
    para += marker


class ClaimsRegisterDirective(SphinxDirective):
    """Where the claims register goes: every claim of the book, by chapter.

    MyST usage::

        ```{claims-register}
        ```
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = claims_register()
        self.set_source_info(node)
        return [node]
