"""The ``claim`` directive and the ``claims-register`` placeholder.

Parsing stores nothing in the environment: the directive returns nodes that
carry the slot, and :mod:`briefing.collector` gathers them once the document
is read (the pattern of ``sphinx.ext.todo``).

The slot's ``:name: value`` lines are read here, not by MyST (the directive
declares no options, so MyST hands them over as typed): a value is what the
editor typed, ``#`` and colons included; single quotes around it (inner
quotes doubled) or double quotes (YAML escapes) are taken off. This is also
the cheaper path: MyST's option reader was a third of a claim's cost.
"""
from __future__ import annotations

import re

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from briefing.citation import note_cited
from briefing.datafile import FAST_LOADER
from briefing.nodes import claim, claim_marker, claims_register
from briefing.records import partial_date_problem
from briefing.store import cite_domain

logger = logging.getLogger(__name__)
OPTION_RE = re.compile(r"^\s*:([\w-]+):(?:\s+(.*))?$")
#: A slot's fields; ``date`` is the date of the event the claim reports
#: (YYYY, YYYY-MM or YYYY-MM-DD): the newest one is the book's stated currency.
#: What cannot stand inside a claim's text: a heading, or another directive's fence.
UNCLOSED_RE = re.compile(r"^(#{1,6} |`{3,}\{)")
SLOT_FIELDS = ("status", "sources", "quote", "locator", "checked", "note", "recheck", "date")


def source_keys(text: str) -> list[str]:
    """The keys of a ``:sources:`` value (commas or semicolons between them)."""
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
    option_spec = None  # the slot's lines are read by read_slot, as typed

    content: StringList  # as docutils sets them (its Directive leaves them untyped)
    content_offset: int

    def run(self) -> list[nodes.Node]:
        fields, count = read_slot(self.content, self.lineno + 1, self.arguments[0], self.env.docname)
        self.content, self.content_offset = self.content[count:], self.content_offset + count
        self._unclosed(count)
        return [build_claim(self, self.arguments[0], fields, self.parse_content_to_nodes())]

    def _unclosed(self, count: int) -> None:
        """A fence left open swallows what follows, to the end of the file: a
        heading or another slot inside a claim's text says so."""
        for n, text in enumerate(self.content):
            if UNCLOSED_RE.match(text):
                logger.warning("claim %r: its fence is not closed (%r starts inside it, line %d); end the claim "
                               "with a line of ```", self.arguments[0], text.strip()[:40],
                               self.lineno + 1 + count + n, location=self.get_location(), type="claims",
                               subtype="unclosed")
                return


def read_slot(lines, first_line: int, claim_id: str, docname: str) -> tuple[dict[str, str], int]:
    """The slot's fields from the ``:name: value`` lines that open a claim,
    and how many lines they take; a problem is a warning at its line."""
    fields: dict[str, str] = {}
    count = 0
    for count, text in enumerate(lines):
        match = OPTION_RE.match(text)
        if not match:
            break
        name, where = match[1], (docname, first_line + count)
        value, problem = read_value((match[2] or "").strip())
        if problem:
            logger.warning("claim %r: :%s: %s", claim_id, name, problem, location=where, type="claims",
                           subtype="option_syntax")
        if name in fields:
            logger.warning("claim %r: :%s: given twice; only the last value is used", claim_id, name,
                           location=where, type="claims", subtype="option_twice")
        if name not in SLOT_FIELDS:
            logger.warning("claim %r: unknown field :%s: (a slot has %s)", claim_id, name,
                           ", ".join(f":{f}:" for f in SLOT_FIELDS), location=where, type="claims",
                           subtype="option_unknown")
            continue
        if name == "date" and partial_date_problem(str(value).strip()):
            logger.warning("claim %r: :date: %s", claim_id, partial_date_problem(str(value).strip()),
                           location=where, type="claims", subtype="bad_date")
        fields[name] = value
    else:
        count = len(lines)
    return fields, count


def read_value(typed: str) -> tuple[str, str | None]:
    """An option's value as typed, less the quotes around it; and what is
    wrong with it, if anything."""
    mark = typed[:1]
    if mark not in ("'", '"'):
        return typed, None
    if len(typed) < 2 or typed[-1] != mark:
        return typed, f"the {mark} that opens the value is never closed; the value is kept as typed"
    if mark == "'":
        return typed[1:-1].replace("''", "'"), None
    try:
        return yaml.load(typed, Loader=FAST_LOADER), None
    except yaml.YAMLError:
        return typed[1:-1], "the double-quoted value has a bad escape (use single quotes); kept as typed"


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
    keys = source_keys(str(fields.get("sources", "")))
    node = claim(
        claim_id=claim_id,
        status=str(fields.get("status", "")).strip().lower(),
        keys=keys,
        quote=str(fields.get("quote", "")).strip(),
        locator=str(fields.get("locator", "")).strip(),
        checked=str(fields.get("checked", "")).strip(),
        note=str(fields.get("note", "")).strip(),
        recheck=str(fields.get("recheck", "")).strip(),
        date=str(fields.get("date", "")).strip(),  # data files: the date of the event
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
    """Cite the known keys, then add the marker.

    The citation (:mod:`briefing.citation`) gives each source's label from
    the bibliography, in the slot's order. Unknown keys are left out: the
    consistency check warns about them once, as ``claims.unknown_key``, at
    the claim's line.
    """
    para = next((t for t in reversed(list(node.findall(nodes.paragraph)))), None)
    if para is None:
        para = nodes.paragraph()
        node += para
    domain = cite_domain(directive.env)
    known = [key for key in keys if key in domain.bibdata.data.entries]
    if known:
        para += nodes.Text(" ")
        para += note_cited(directive.env, known, node["ids"][0], node.line or 0)
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
