"""Fill in what needs the whole book: marker links and tips, the register.

Runs at ``doctree-resolved`` (after every post-transform, Sphinx's
reference resolution included; the event gives the app, so the builder is
asked through public API), once every document has been read, on each
document as it is written (and on the single assembled tree for LaTeX).
"""
from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri

from briefing.citation import claim_citation, resolve as resolve_citation
from briefing.book import book
from briefing.changes import build_changes, claims_changes
from briefing.evidence import build_evidence, claims_evidence
from briefing.listings import Backref, Bar, Para, Part, Rubric, Status, Table, as_html, as_nodes, search_words
from briefing.nodes import claim_marker, claims_listing, claims_register
from briefing.refs import fill_counts
from briefing.records import GRADE_LABELS, LABELS, Claim, by_document, counts, grade_counts
from briefing.references import reference


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill in the markers, the register, the changes and the evidence list."""
    ClaimsResolver(app, doctree, docname).run()


class ClaimsResolver:
    def __init__(self, app: Sphinx, document: nodes.document, docname: str) -> None:
        self.app, self.env, self.config = app, app.env, app.config
        self.document, self.docname = document, docname

    def run(self) -> None:
        data = book(self.env)
        html = self.app.builder.format == "html"
        register_uri = self._uri(data.register) if data.register else None
        # a marker leads to the claim's evidence entry (one tap on a phone), else to its register row
        evidence_uri = self._uri(data.evidence) if data.evidence and html else None
        fill_counts(self.document, self.env)
        refs = 0
        for marker in list(self.document.findall(claim_marker)):
            if marker.get("plain"):
                continue
            claim_id = marker["claim_id"]
            record = data.by_id.get(claim_id)
            if marker.get("ref"):  # a reference to a claim made elsewhere (briefing.refs)
                if record is None:
                    marker.replace_self(nodes.Text(f"[claim {claim_id}?]"))
                    continue
                refs += 1
                marker["status"] = record.status
                marker["tip_id"] = f"claim-tip-{claim_id}-ref-{refs}"
            marker["number"] = data.number.get(claim_id, 0)
            marker["evidence"] = data.has_evidence
            marker["grade"] = record.shown_grade if record else ""
            if evidence_uri is not None:
                marker["refuri"] = f"{evidence_uri}#claim-evidence-{claim_id}"
            elif register_uri is not None:
                marker["refuri"] = f"{register_uri}#claim-row-{claim_id}"
            if record and html:
                tip = data.tips.get(claim_id)
                if tip is None:
                    tip = data.tips[claim_id] = tip_html(record, self.env, marker["number"])
                marker["tip_html"] = tip
        for node in self.document.findall(claim_citation):
            resolve_citation(node, self.env, self.app.builder, self.docname)
        uris: dict[str, str | None] = {}

        def uri_of(docname: str) -> str | None:
            if docname not in uris:
                uris[docname] = self._uri(docname)
            return uris[docname]

        write = _html if html else as_nodes
        in_print = self.app.builder.format == "latex" and data.has_evidence
        for node in list(self.document.findall(claims_register)):
            node.replace_self(write(build_register(self.env, uri_of, data.claims, in_print, data.summary,
                                                   self._uri(data.evidence) if data.evidence else None)))
        for node in list(self.document.findall(claims_changes)):
            node.replace_self(write(build_changes(data, self.config.claims_edition, self.config.claims_edition_date)))
        for node in list(self.document.findall(claims_evidence)):
            node.replace_self(write(build_evidence(self.env, data.claims, uri_of, data.number)))

    def _uri(self, docname: str) -> str | None:
        try:
            return self.app.builder.get_relative_uri(self.docname, docname)
        except NoUri:
            return None


def _html(parts: list[Part]) -> list[nodes.Node]:
    return [claims_listing("", search_words(parts), html=as_html(parts))]


def tip_html(c: Claim, env: BuildEnvironment, number: int = 0) -> str:
    """The tooltip: status, sources, quote with its locator, check date, note."""
    grade = f", {GRADE_LABELS[c.shown_grade]}" if c.shown_grade in GRADE_LABELS else ""
    parts = [f'<span class="claim-tip-status"><strong>{escape(LABELS.get(c.status, c.status))}</strong>'
             f'{escape(grade)}' + (f" (evidence no. {number})" if number else "") + "</span>"]
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


def build_register(env: BuildEnvironment, uri_of, claims: list[Claim], evidence_in_print: bool = False,
                   summary: str = "", evidence_uri: str | None = None) -> list[Part]:
    """The register: book totals, coverage per chapter, then every claim.

    With ``evidence_in_print`` (a LaTeX build of a book with an evidence
    list), the per-claim tables are left out: in print, each claim's entry in
    the evidence list already gives its id, page, status and sources, and the
    markers point there. A row's id links to its evidence entry when the book
    has an evidence list (``evidence_uri``), else to the claim."""
    chapters = by_document(claims)
    out: list[Part] = [Para(summary + ".", ("claims-summary",)), Rubric("Verification coverage")]
    coverage = Table([27, 9, 9, 10, 8, 8, 29],
                     ["Chapter", "Verified", "Disputed", "Not confirmed", "Open", "Total", "Settled share"],
                     ["claims-table", "claims-coverage"], [])
    for docname, chapter_claims in [*chapters.items(), ("", claims)]:
        n, g = counts(chapter_claims), grade_counts(chapter_claims)
        title = chapter_claims[0].chapter if docname else "Whole book"
        still_open = sum(1 for c in chapter_claims if c.is_open)
        share = 1 - still_open / len(chapter_claims) if chapter_claims else 0.0
        coverage.rows.append(([title, str(n["verified"]), str(n["disputed"]), str(n["not-confirmed"]),
                               str(still_open), str(len(chapter_claims)), Bar(share)], None))
    out.append(coverage)
    g = grade_counts(claims)
    out.append(Para("Grade of the evidence of the checked claims (the kind of each claim's best source): "
                    + ", ".join(f"{g[grade]} {GRADE_LABELS[grade]}{'s' if g[grade] != 1 else ''}" for grade in g)
                    + ".", ("claims-coverage-note",)))
    if evidence_in_print:
        return out
    for docname, chapter_claims in chapters.items():
        n = counts(chapter_claims)
        tally = ", ".join(f"{n[s]} {LABELS[s]}" for s in LABELS if n[s])
        out.append(Rubric(f"{chapter_claims[0].chapter} ({tally})"))
        uri = uri_of(docname)
        out.append(Table([22, 36, 14, 18, 10], ["Claim", "Statement", "Status", "Sources", "Checked"],
                         ["claims-table", "longtable", "claims-register"],
                         [([Backref(c.id, uri, "register", evidence_uri), c.short_text,
                            Status(c.status, c.shown_grade), _labels(env, c) or "none", c.checked or "\u2014"],
                           f"claim-row-{c.id}")
                          for c in chapter_claims]))
    return out


def _labels(env: BuildEnvironment, c: Claim) -> str:
    """The claim's sources as the reader sees them cited (not their keys)."""
    return "; ".join(reference(env, key).label or key for key in c.keys)
