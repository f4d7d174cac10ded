"""What the extension keeps on the environment: one typed object.

Every piece of the book's state that lives between events or between
builds is a field of :class:`Store`, reached through :func:`store`; no
other module sets an attribute on the environment (sphinx-needs keeps its
needs the same way, behind ``SphinxNeedsData``). It is pickled with the
environment, except what is only good for one process (:data:`TRANSIENT`).

* Per document, filled while reading and dropped when a document is
  re-read (the collectors' ``clear_doc``; parallel reads merge only the
  documents they were given): ``records`` (:mod:`briefing.collector`),
  ``registers``, ``evidence_docs``, ``changes_docs``, ``refs``
  (:mod:`briefing.refs`).
* The book of this build (:mod:`briefing.book`), made at ``env-updated``.
* What the last build saw, to decide what to rewrite: ``digest``,
  ``numbers``, ``summary`` (:func:`briefing.freshness.claims_pages`),
  ``navigation``, ``citations`` (:mod:`briefing.freshness`).
* The formatted .bib (:mod:`briefing.references`): ``sources`` (by the .bib
  files' stamp) and ``formatted`` (pybtex's output, by style stamp).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.domain import BibtexDomain

if TYPE_CHECKING:
    from briefing.book import Book
    from briefing.records import Claim
    from briefing.refs import Ref

ATTRIBUTE = "briefing_store"
#: fields that hold objects of this process (the parsed .bib), not pickled
TRANSIENT = ("parsed", "strict")


@dataclass
class Store:
    records: dict[str, list[Claim]] = field(default_factory=dict)
    registers: set[str] = field(default_factory=set)
    evidence_docs: set[str] = field(default_factory=set)
    changes_docs: set[str] = field(default_factory=set)
    refs: dict[str, list[Ref]] = field(default_factory=dict)
    book: Book | None = None
    digest: str | None = None
    numbers: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    summary: str | None = None
    navigation: str | None = None
    citations: dict[str, str] | None = None
    sources: tuple | None = None
    formatted: tuple | None = None
    parsed: tuple[Any, dict] | None = None  #: (the .bib data object, its sources) for this process
    #: the strict parse of each .bib file in this build, by (path, time, size) (:mod:`briefing.editorial`)
    strict: dict[tuple[str, int, int], tuple[Any, list]] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if name not in TRANSIENT}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.release()

    def release(self) -> None:
        """The build is over: what only this process's build could use goes
        (each :data:`TRANSIENT` field back to its empty value)."""
        empty = Store()
        for name in TRANSIENT:
            setattr(self, name, getattr(empty, name))

    def clear_doc(self, docname: str) -> None:
        """A document is re-read (or removed): its claim records go."""
        self.records.pop(docname, None)
        for docs in (self.registers, self.evidence_docs, self.changes_docs):
            docs.discard(docname)

    def merge(self, other: Store, docnames: set[str] | frozenset[str]) -> None:
        """A parallel reader's claim records, for the documents it was given only."""
        for docname in docnames:
            if docname in other.records:
                self.records[docname] = other.records[docname]
            for mine_docs, their_docs in ((self.registers, other.registers), (self.evidence_docs, other.evidence_docs),
                                          (self.changes_docs, other.changes_docs)):
                if docname in their_docs:
                    mine_docs.add(docname)


def store(env: BuildEnvironment) -> Store:
    """The extension's state in ``env`` (made empty the first time)."""
    found = getattr(env, ATTRIBUTE, None)
    if found is None:
        found = Store()
        setattr(env, ATTRIBUTE, found)
    return found


def cite_domain(env: BuildEnvironment) -> BibtexDomain:
    """sphinxcontrib-bibtex's domain (its .bib data, citations and references), typed."""
    domain = env.get_domain("cite")
    assert isinstance(domain, BibtexDomain)
    return domain
