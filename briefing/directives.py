"""The ``claim`` directive and the ``claims-register`` placeholder.

Parsing stores nothing in the environment: the directive returns nodes that
carry the slot, and :mod:`briefing.collector` gathers them once the document
is read (the pattern of ``sphinx.ext.todo``).

The directive re-reads its option lines as typed, to catch MyST's quoting
traps at their line: a value cut at `` #`` (MyST reads a comment), and an
unterminated quote (MyST then drops every option; the others are recovered
line by line, so the slot is not also reported as having no status).
"""
from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.parsers.options import TokenizeError, options_to_items
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from briefing.nodes import claim, claim_marker, claims_register

logger = logging.getLogger(__name__)
OPTION_RE = re.compile(r"^\s*:([\w-]+):(?:\s+(.*))?$")


def _keys(text: str) -> list[str]:
    return [key.strip() for key in text.replace(";", ",").split(",") if key.strip()]


def _as_read(typed: str) -> str:
    """The value MyST reads from an option typed this way, in the plain cases:
    as typed, or inside single quotes (inner quotes doubled) or plain double
    quotes. Anything else is re-read with MyST's own reader."""
    if len(typed) > 1 and typed[0] == typed[-1] == "'":
        return typed[1:-1].replace("''", "'")
    if len(typed) > 1 and typed[0] == typed[-1] == '"' and "\\" not in typed:
        return typed[1:-1]
    return typed


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
        fields = {**self.options, **self._reread_options()}
        return [build_claim(self, self.arguments[0], fields, self.parse_content_to_nodes())]

    def _reread_options(self) -> dict[str, str]:
        """Warn, at its line, about an option MyST cut or could not read; the
        options MyST dropped, recovered from their lines as typed."""
        recovered: dict[str, str] = {}
        for line, name, typed in self._typed_options():
            if self.options.get(name) == _as_read(typed):
                continue  # MyST read the whole value, as typed
            where = (self.env.docname, line)
            try:
                items, state = options_to_items(f"{name}: {typed}")
            except TokenizeError as exc:
                mark = typed[:1] if typed[:1] in "'\"" else ""
                why = (f"the {mark} that opens the value is never closed" if mark and typed.count(mark) == 1
                       else f"{exc.problem}; quote the whole value")
                logger.warning("claim %r: :%s: cannot be read: %s (MyST then drops every option of the claim)",
                               self.arguments[0], name, why, location=where, type="claims", subtype="option_syntax")
                recovered[name] = typed[1:] if typed[:1] in "'\"" else typed
                continue
            if state.has_comments:
                logger.warning("claim %r: MyST cut :%s: at ' #' (it reads a comment) and kept %r; put the whole "
                               "value in quotes", self.arguments[0], name, items[0][1] if items else "",
                               location=where, type="claims", subtype="option_comment")
            recovered.update(items)
        return {} if self.options else recovered

    def _typed_options(self) -> list[tuple[int, str, str]]:
        """``(line, name, value as typed)`` of the option lines in the source."""
        out = []
        for line, text in enumerate(self.block_text.splitlines()[1:], self.lineno + 1):
            match = OPTION_RE.match(text)
            if not match:
                break
            out.append((line, match[1], (match[2] or "").strip()))
        return out


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
    _check_text(node, keys)
    _append_citation_and_marker(directive, node, keys)
    return node


def _check_text(node: claim, keys: list[str]) -> None:
    """Warn about citations and raw HTML in a claim's text."""
    cited: list[str] = []
    for ref in node.findall(addnodes.pending_xref):
        if ref.get("refdomain") == "cite":
            try:
                cited += [target.key for target in parse_citation_targets(ref["reftarget"])]
            except ValueError:
                continue
    twice = [key for key in cited if key in keys]
    if twice:
        logger.warning("claim %r cites %s twice: in its text ({cite}) and in :sources:, which the slot prints; "
                       "remove the {cite} role", node["claim_id"], ", ".join(twice), location=node,
                       type="claims", subtype="cite_in_text")
    elif cited:
        logger.warning("claim %r cites %s in its text ({cite}): name it in :sources: instead, which the slot "
                       "prints", node["claim_id"], ", ".join(cited), location=node, type="claims",
                       subtype="cite_in_text")
    raw = next(node.findall(nodes.raw), None)
    if raw is not None:
        logger.warning("claim %r has raw HTML in its text (%s): the web page runs it as is and the PDF leaves "
                       "it out; write Markdown", node["claim_id"], raw.astext()[:40], location=node,
                       type="claims", subtype="raw_html")


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
