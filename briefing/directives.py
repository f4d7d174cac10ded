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
    A disputed claim carries ``:note:``, saying what the source says instead.
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
    }

    def run(self) -> list[nodes.Node]:
        claim_id = self.arguments[0].strip()
        keys = _keys(self.options.get("sources", ""))
        node = claim(
            claim_id=claim_id,
            status=self.options.get("status", "").strip().lower(),
            keys=keys,
            quote=self.options.get("quote", "").strip(),
            locator=self.options.get("locator", "").strip(),
            checked=str(self.options.get("checked", "")).strip(),
            note=self.options.get("note", "").strip(),
        )
        node["ids"].append(nodes.make_id("claim-" + claim_id))
        self.set_source_info(node)
        node.extend(self.parse_content_to_nodes())
        node["text"] = " ".join(node.astext().split())
        if not node["text"]:
            logger.warning("claim %r has no text", claim_id, location=node, type="claims", subtype="empty")
            return [node]
        self._append_citation_and_marker(node, keys)
        return [node]

    def _append_citation_and_marker(self, node: claim, keys: list[str]) -> None:
        """Cite the known keys through sphinxcontrib-bibtex, then add the marker.

        Unknown keys are left out of the citation: the consistency check warns
        about them once, as ``claims.unknown_key``, at the claim's line.
        """
        target = list(node.findall(nodes.TextElement))
        para = next((t for t in reversed(target) if isinstance(t, nodes.paragraph)), None)
        if para is None:
            para = nodes.paragraph()
            node += para
        domain = self.env.get_domain("cite")
        known = [key for key in keys if key in domain.bibdata.data.entries]
        if known:
            text = ",".join(known)
            role = domain.role("p")
            cited, messages = role("cite:p", f":cite:p:`{text}`", text, self.lineno, self.state.inliner)
            para += nodes.Text(" ")
            para.extend(cited)
            para.extend(messages)
        marker = claim_marker(claim_id=node["claim_id"], status=node["status"])
        self.set_source_info(marker)
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
