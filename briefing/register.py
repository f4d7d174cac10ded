"""Fill in what needs the whole book: marker links and tips, the register.

Runs as a post-transform, once every document has been read, on each
document as it is written (and on the single assembled tree for LaTeX).
"""
from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from briefing.collector import all_claims
from briefing.evidence import build_evidence, claims_evidence, numbers
from briefing.nodes import claim_marker, claims_backref, claims_bar, claims_register
from briefing.tables import row, table
from briefing.records import STATUSES, Claim, by_document, counts, summary_line
from briefing.references import reference


class ClaimsResolver(SphinxPostTransform):
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        registers = sorted(getattr(self.env, "claims_registers", set()))
        register = registers[0] if registers else None
        has_evidence = bool(getattr(self.env, "claims_evidence_docs", set()))
        claims = all_claims(self.env)
        by_id = {c.id: c for c in reversed(claims)}
        number = numbers(claims)
        for marker in self.document.findall(claim_marker):
            if marker.get("plain"):
                continue
            record = by_id.get(marker["claim_id"])
            marker["number"] = number.get(marker["claim_id"], 0)
            marker["evidence"] = has_evidence
            if register:
                uri = self._uri(register)
                if uri is not None:
                    marker["refuri"] = f"{uri}#claim-row-{marker['claim_id']}"
            if record and self.env._app.builder.format == "html":
                marker["tip_html"] = tip_html(record, self.env, marker["number"])
        for node in list(self.document.findall(claims_register)):
            node.replace_self(build_register(self.env, self._uri))
        for node in list(self.document.findall(claims_evidence)):
            node.replace_self(build_evidence(self.env, claims, self._uri))

    def _uri(self, docname: str) -> str | None:
        try:
            # Transform.app is deprecated in Sphinx 9; Sphinx's own resolvers use env._app.
            return self.env._app.builder.get_relative_uri(self.env.docname, docname)
        except NoUri:
            return None


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


def build_register(env: BuildEnvironment, uri_of) -> list[nodes.Node]:
    """The register: book totals, coverage per chapter, then every claim."""
    claims = all_claims(env)
    chapters = by_document(claims)
    out: list[nodes.Node] = [nodes.paragraph(text=summary_line(claims) + ".", classes=["claims-summary"])]

    table_, body = table([27, 9, 9, 10, 10, 8, 27], ["Chapter", "Verified", "Disputed", "Sourced",
                                                  "Unsourced", "Total", "Verified share"],
                         ["claims-table", "claims-coverage"])
    for docname, chapter_claims in [*chapters.items(), ("", claims)]:
        n = counts(chapter_claims)
        title = chapter_claims[0].chapter if docname else "Whole book"
        share = n["verified"] / len(chapter_claims) if chapter_claims else 0.0
        body += row(title, *(str(n[s]) for s in STATUSES), str(len(chapter_claims)),
                     claims_bar(value=share))
    out.append(nodes.rubric(text="Verification coverage"))
    out.extend(_small_in_print(table_))

    for docname, chapter_claims in chapters.items():
        n = counts(chapter_claims)
        tally = ", ".join(f"{n[s]} {s}" for s in STATUSES if n[s])
        out.append(nodes.rubric(text=f"{chapter_claims[0].chapter} ({tally})"))
        table_, body = table([24, 38, 13, 15, 10], ["Claim", "Statement", "Status", "Sources", "Checked"],
                             ["claims-table", "longtable", "claims-register"])
        for c in chapter_claims:
            uri = uri_of(c.docname)
            back = claims_backref(claim_id=c.id, refuri=f"{uri}#claim-{c.id}" if uri is not None else "")
            status = claim_marker(claim_id=c.id, status=c.status, plain=True)
            body += row(back, c.short_text, status, ", ".join(c.keys) or "none", c.checked or "\u2014",
                         ids=[f"claim-row-{c.id}"])
        out.extend(_small_in_print(table_))
    return out


def _small_in_print(table: nodes.table) -> list[nodes.Node]:
    """The register's tables in a smaller type in print, so long ids fit."""
    return [nodes.raw("", r"\begingroup\small", format="latex"), table,
            nodes.raw("", r"\endgroup", format="latex")]
