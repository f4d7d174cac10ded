"""Collect claim records per document, and check them once all are read.

The environment holds ``env.claims``: ``{docname: [Claim, ...]}`` and
``env.claims_registers``: the documents that hold a register, and
``env.claims_evidence_docs``: those that hold the evidence list. A re-read
document's records are dropped first (``clear_doc``); parallel reads merge
only the documents they were given.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from briefing.evidence import claims_evidence
from briefing.nodes import claim, claims_register
from briefing.records import Claim, is_date, problems, summary_line

logger = logging.getLogger(__name__)


def all_claims(env: BuildEnvironment) -> list[Claim]:
    """Every claim of the book, in reading order (root toctree order)."""
    per_doc = getattr(env, "claims", {})
    return [c for doc in doc_order(env) for c in per_doc.get(doc, [])]


def doc_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order the root toctree gives them, then the rest."""
    seen: dict[str, None] = {}

    def walk(doc: str) -> None:
        if doc in seen or doc not in env.all_docs:
            return
        seen[doc] = None
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return list(seen) + sorted(d for d in env.all_docs if d not in seen)


class ClaimsCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _store(env).pop(docname, None)
        _registers(env).discard(docname)
        _evidence_docs(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        theirs = getattr(other, "claims", {})
        for docname in docnames:
            if docname in theirs:
                _store(env)[docname] = theirs[docname]
            if docname in getattr(other, "claims_registers", set()):
                _registers(env).add(docname)
            if docname in getattr(other, "claims_evidence_docs", set()):
                _evidence_docs(env).add(docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        title = env.titles[docname].astext() if docname in env.titles else docname
        records = [_record(node, docname, title) for node in doctree.findall(claim)]
        if records:
            _store(env)[docname] = records
        if any(doctree.findall(claims_register)):
            _registers(env).add(docname)
        if any(doctree.findall(claims_evidence)):
            _evidence_docs(env).add(docname)


def _record(node: claim, docname: str, chapter: str) -> Claim:
    return Claim(
        id=node["claim_id"], docname=docname, source=node.source or "", line=node.line or 0,
        text=node["text"], status=node["status"], keys=tuple(node["keys"]),
        quote=node["quote"], locator=node["locator"], checked=node["checked"],
        note=node["note"], chapter=chapter, recheck=node.get("recheck", ""),
    )


def _store(env: BuildEnvironment) -> dict[str, list[Claim]]:
    if not hasattr(env, "claims"):
        env.claims = {}
    return env.claims


def _registers(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "claims_registers"):
        env.claims_registers = set()
    return env.claims_registers


def _evidence_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "claims_evidence_docs"):
        env.claims_evidence_docs = set()
    return env.claims_evidence_docs


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every bad slot, with its file and line (``-W`` fails on them)."""
    claims = all_claims(env)
    known = env.get_domain("cite").bibdata.data.entries
    ids = Counter(c.id for c in claims)
    first: dict[str, Claim] = {}
    as_of = app.config.claims_information_date
    for c in claims:
        for subtype, message in _all_problems(c, known, ids, first):
            logger.warning(message, location=f"{c.source}:{c.line}", type="claims", subtype=subtype)
        first.setdefault(c.id, c)
        if as_of and is_date(c.checked) and c.checked > as_of:
            logger.warning("claim %r: checked %s, after the book's date of information (%s)", c.id,
                           c.checked, as_of, location=f"{c.source}:{c.line}", type="claims", subtype="bad_date")
        if app.config.claims_release and c.is_open:
            logger.warning("claim %r is not settled (%s)", c.id, c.open_reason,
                           location=f"{c.source}:{c.line}", type="claims", subtype="unverified")


def _all_problems(c: Claim, known, ids: Counter, first: dict[str, Claim]) -> Iterator[tuple[str, str]]:
    yield from problems(c)
    for key in c.keys:
        if key not in known:
            yield "unknown_key", f"claim {c.id!r}: unknown BibTeX key {key!r} (not in the .bib files)"
    if ids[c.id] > 1 and c.id in first:
        other = first[c.id]
        yield "duplicate_id", f"duplicate claim id {c.id!r} (first used at {other.source}:{other.line})"


def updated_docs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Re-write the register and evidence pages (and, when the totals move, every page's
    banner) after any document was re-read or removed."""
    line = summary_line(all_claims(env))
    if getattr(env, "claims_summary", None) != line:
        env.claims_summary = line
        return sorted(env.all_docs)
    return sorted(_registers(env) | _evidence_docs(env))


def setup(app: Sphinx) -> None:
    app.add_env_collector(ClaimsCollector)
    app.connect("env-check-consistency", check)
    app.connect("env-get-updated", updated_docs)
