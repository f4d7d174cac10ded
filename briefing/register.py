"""Fill in what needs the whole book: marker links and tips, the register.

Runs as a post-transform, once every document has been read, on each
document as it is written (and on the single assembled tree for LaTeX).
"""
from __future__ import annotations

import hashlib
from html import escape
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from briefing.citation import claim_citation, resolve as resolve_citation
from briefing.collector import all_claims
from briefing.evidence import build_evidence, claims_evidence, numbers
from briefing.listings import Backref, Bar, Para, Part, Rubric, Status, Table, as_html, as_nodes, search_words
from briefing.nodes import claim_marker, claims_listing, claims_register
from briefing.records import STATUSES, Claim, by_document, counts, summary_line
from briefing.references import reference, sources


class Book(NamedTuple):
    """What every page's markers need from the whole book, made once per build."""

    claims: list[Claim]
    by_id: dict[str, Claim]
    number: dict[str, int]
    register: str | None  #: the document holding the register
    has_evidence: bool
    summary: str  #: the banner line
    draft: bool  #: some claim is still open
    tips: dict[str, str]  #: tooltip HTML per claim id, filled as markers ask


def fingerprint(env: BuildEnvironment, claims: list[Claim]) -> str:
    """A digest of all that the register, the evidence list, the markers and
    ``claims.json`` are made from: every claim in reading order, the number
    of each claim's chapter, the register and evidence pages, and each cited
    source as formatted."""
    cited = sources(env)
    keys = sorted({key for c in claims for key in c.keys})
    docs = sorted({c.docname for c in claims})
    state = (claims, sorted(getattr(env, "claims_registers", ())), sorted(getattr(env, "claims_evidence_docs", ())),
             [(key, cited.get(key)) for key in keys],
             [(doc, env.toc_secnumbers.get(doc, {}).get("")) for doc in docs])
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


_last: tuple[int, str, Book] | None = None


def book(env: BuildEnvironment) -> Book:
    """The book's claims and their numbers, computed once per build: the
    collector stores ``env.claims_digest`` (:func:`fingerprint`) once every
    document is read, and the same digest means the same book."""
    global _last
    digest = getattr(env, "claims_digest", None)
    if digest is not None and _last is not None and _last[:2] == (id(env), digest):
        return _last[2]
    claims = all_claims(env)
    registers = sorted(getattr(env, "claims_registers", set()))
    made = Book(claims, {c.id: c for c in reversed(claims)}, numbers(claims), registers[0] if registers else None,
                bool(getattr(env, "claims_evidence_docs", set())), summary_line(claims),
                any(c.is_open for c in claims), {})
    if digest is not None:
        _last = (id(env), digest, made)
    return made


class ClaimsResolver(SphinxPostTransform):
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        data = book(self.env)
        html = self.env._app.builder.format == "html"
        register_uri = self._uri(data.register) if data.register else None
        for marker in self.document.findall(claim_marker):
            if marker.get("plain"):
                continue
            claim_id = marker["claim_id"]
            record = data.by_id.get(claim_id)
            marker["number"] = data.number.get(claim_id, 0)
            marker["evidence"] = data.has_evidence
            if register_uri is not None:
                marker["refuri"] = f"{register_uri}#claim-row-{claim_id}"
            if record and html:
                tip = data.tips.get(claim_id)
                if tip is None:
                    tip = data.tips[claim_id] = tip_html(record, self.env, marker["number"])
                marker["tip_html"] = tip
        for node in self.document.findall(claim_citation):
            resolve_citation(node, self.env, self.env._app.builder, self.env.docname)
        uris: dict[str, str | None] = {}

        def uri_of(docname: str) -> str | None:
            if docname not in uris:
                uris[docname] = self._uri(docname)
            return uris[docname]

        write = _html if html else as_nodes
        in_print = self.env._app.builder.format == "latex" and data.has_evidence
        for node in list(self.document.findall(claims_register)):
            node.replace_self(write(build_register(self.env, uri_of, data.claims, in_print)))
        for node in list(self.document.findall(claims_evidence)):
            node.replace_self(write(build_evidence(self.env, data.claims, uri_of)))

    def _uri(self, docname: str) -> str | None:
        try:
            # Transform.app is deprecated in Sphinx 9; Sphinx's own resolvers use env._app.
            return self.env._app.builder.get_relative_uri(self.env.docname, docname)
        except NoUri:
            return None


def _html(parts: list[Part]) -> list[nodes.Node]:
    return [claims_listing("", search_words(parts), html=as_html(parts))]


def tip_html(c: Claim, env: BuildEnvironment, number: int = 0) -> str:
    """The tooltip: status, sources, quote with its locator, check date, note."""
    parts = [f"<strong>{escape(c.status)}</strong>" + (f" (evidence no. {number})" if number else "")]
    for key in c.keys:
        source = reference(env, key)
        link = f' <a href="{escape(source.url, quote=True)}">link</a>' if source.url else ""
        parts.append(f'<span class="claim-tip-source"><b>{escape(source.label)}</b> {escape(source.text)}{link}</span>')
    if c.quote:
        parts.append(f'<q class="claim-tip-quote">{escape(c.quote)}</q>')
    if c.locator:
        parts.append(f'<span class="claim-tip-locator">At: {escape(c.locator)}</span>')
    if c.checked:
        parts.append(f'<span class="claim-tip-checked">Checked {escape(c.checked)}</span>')
    if c.note:
        parts.append(f'<span class="claim-tip-note">Note: {escape(c.note)}</span>')
    return "".join(parts)


def build_register(env: BuildEnvironment, uri_of, claims: list[Claim], evidence_in_print: bool = False
                   ) -> list[Part]:
    """The register: book totals, coverage per chapter, then every claim.

    With ``evidence_in_print`` (a LaTeX build of a book with an evidence
    list), the per-claim tables are left out: in print, each claim's entry in
    the evidence list already gives its id, page, status and sources, and the
    markers point there."""
    chapters = by_document(claims)
    out: list[Part] = [Para(summary_line(claims) + ".", ("claims-summary",)), Rubric("Verification coverage")]
    coverage = Table([27, 9, 9, 10, 10, 8, 27], ["Chapter", "Verified", "Disputed", "Sourced", "Unsourced", "Total",
                                                 "Verified share"], ["claims-table", "claims-coverage"], [])
    for docname, chapter_claims in [*chapters.items(), ("", claims)]:
        n = counts(chapter_claims)
        title = chapter_claims[0].chapter if docname else "Whole book"
        share = n["verified"] / len(chapter_claims) if chapter_claims else 0.0
        coverage.rows.append(([title, *(str(n[s]) for s in STATUSES), str(len(chapter_claims)), Bar(share)], None))
    out.append(coverage)
    if evidence_in_print:
        return out
    for docname, chapter_claims in chapters.items():
        n = counts(chapter_claims)
        tally = ", ".join(f"{n[s]} {s}" for s in STATUSES if n[s])
        out.append(Rubric(f"{chapter_claims[0].chapter} ({tally})"))
        uri = uri_of(docname)
        out.append(Table([24, 38, 13, 15, 10], ["Claim", "Statement", "Status", "Sources", "Checked"],
                         ["claims-table", "longtable", "claims-register"],
                         [([Backref(c.id, uri), c.short_text, Status(c.status), ", ".join(c.keys) or "none",
                            c.checked or "\u2014"], f"claim-row-{c.id}") for c in chapter_claims]))
    return out
