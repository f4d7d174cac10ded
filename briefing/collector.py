"""Collect claim records per document, and check them once all are read.

The records live in the extension's store (:mod:`briefing.store`):
``records``: ``{docname: [Claim, ...]}``, and the documents that hold a
register, the evidence list and the list of changes. A re-read document's
records are dropped first (``clear_doc``); parallel reads merge only the
documents they were given.
"""
from __future__ import annotations

from collections import Counter
from typing import AbstractSet, Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from briefing.book import book
from briefing.changes import claims_changes
from briefing.evidence import claims_evidence
from briefing.nodes import claim, claims_register
from briefing.files import undecodable
from briefing.records import Claim, is_date, problems
from briefing.store import cite_domain, store

logger = logging.getLogger(__name__)


def all_claims(env: BuildEnvironment) -> list[Claim]:
    """Every claim of the book, in reading order, graded: the book's own
    list (:func:`briefing.book.book`).

    A document in no toctree (and not marked ``orphan``) is not part of the
    book: its claims count nowhere (warning ``claims.not_included``)."""
    return book(env).claims


def records(env: BuildEnvironment) -> dict[str, list[Claim]]:
    """The records as collected, per document (not graded, not ordered)."""
    return store(env).records


def special_docs(env: BuildEnvironment) -> tuple[set[str], set[str], set[str]]:
    """The documents that hold the register, the evidence list, the list of changes."""
    kept = store(env)
    return kept.registers, kept.evidence_docs, kept.changes_docs


class ClaimsCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        store(env).clear_doc(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str], other: BuildEnvironment) -> None:
        store(env).merge(store(other), set(docnames))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        title = env.titles[docname].astext() if docname in env.titles else docname
        records = [_record(node, docname, title) for node in doctree.findall(claim)]
        kept = store(env)
        if records:
            kept.records[docname] = records
        for node_class, docs in ((claims_register, kept.registers), (claims_evidence, kept.evidence_docs),
                                 (claims_changes, kept.changes_docs)):
            if any(doctree.findall(node_class)):
                docs.add(docname)


def _record(node: claim, docname: str, chapter: str) -> Claim:
    return Claim(
        id=node["claim_id"], docname=docname, source=node.source or "", line=node.line or 0,
        text=node["text"], status=node["status"], keys=tuple(node["keys"]),
        quote=node["quote"], locator=node["locator"], checked=node["checked"],
        note=node["note"], chapter=chapter, recheck=node.get("recheck", ""), date=node.get("date", ""),
    )


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every bad slot, with its file and line (``-W`` fails on them)."""
    claims = all_claims(env)  # made from the records read so far: the book is kept at env-updated
    known = cite_domain(env).bibdata.data.entries
    ids = Counter(c.id for c in claims)
    first: dict[str, Claim] = {}
    # sources are checked up to the edition's date of issue (else the date of information)
    as_of = app.config.claims_edition_date or app.config.claims_information_date
    bound = "the edition's date of issue" if app.config.claims_edition_date else "the book's date of information"
    for c in claims:
        for subtype, message in _all_problems(c, known, ids, first):
            logger.warning(message, location=f"{c.source}:{c.line}", type="claims", subtype=subtype)
        first.setdefault(c.id, c)
        if as_of and is_date(c.checked) and c.checked > as_of:
            logger.warning("claim %r: checked %s, after %s (%s)", c.id, c.checked, bound, as_of,
                           location=f"{c.source}:{c.line}", type="claims", subtype="bad_date")


def check_documents(app: Sphinx, env: BuildEnvironment) -> None:
    """One located line for a document in no toctree and for one without a
    title (Sphinx's own warnings, suppressed in :func:`setup`, give no line,
    and repeat "no title" at the toctree on every page that shows it)."""
    included = set().union(*env.included.values())
    per_doc = records(env)
    for doc in sorted(env.all_docs):
        if doc == env.config.root_doc or doc in included or "orphan" in env.metadata.get(doc, {}):
            continue
        if doc not in env.files_to_rebuild:
            n = len(per_doc.get(doc, []))
            lost = (f": its {n} claim{'s count' if n != 1 else ' counts'} nowhere (register, banner, claims.json)"
                    if n else "")
            logger.warning("the document is in no toctree%s; add it to a toctree in %s, or delete it", lost,
                           env.doc2path(env.config.root_doc).name, location=(doc, 1), type="claims",
                           subtype="not_included")
        elif doc in env.tocs and not env.tocs[doc].children:
            empty = not env.doc2path(doc).read_text(encoding="utf-8", errors="replace").strip()
            logger.warning("the document %s: give it a title ('# Title' on its first line), or its toctree "
                           "entry has no link", "is empty" if empty else "has no title", location=(doc, 1),
                           type="claims", subtype="no_title")


def _all_problems(c: Claim, known, ids: Counter, first: dict[str, Claim]) -> Iterator[tuple[str, str]]:
    yield from problems(c)
    for key in c.keys:
        if key not in known:
            yield "unknown_key", f"claim {c.id!r}: unknown BibTeX key {key!r} (not in the .bib files)"
    if ids[c.id] > 1 and c.id in first:
        other = first[c.id]
        yield "duplicate_id", f"duplicate claim id {c.id!r} (first used at {other.source}:{other.line})"


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A document that is not UTF-8 is one located line and is not read
    (Sphinx would stop with a crash report); the others are built."""
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            bad = undecodable(path.read_bytes())
        except OSError:
            continue
        if bad:
            logger.warning(bad[1], location=f"{path}:{bad[0]}", type="claims", subtype="encoding")
            docnames.remove(docname)
            env.found_docs.discard(docname)  # not a page of this build (its toctree entry says so)


def _located_document_warnings(app: Sphinx, config) -> None:
    config.suppress_warnings = [*config.suppress_warnings, "toc.not_included", "toc.no_title"]


def setup(app: Sphinx) -> None:
    app.add_env_collector(ClaimsCollector)
    app.connect("config-inited", _located_document_warnings)
    app.connect("env-check-consistency", check)
    app.connect("env-check-consistency", check_documents)
    app.connect("env-before-read-docs", skip_undecodable)
