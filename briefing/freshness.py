"""Incremental and interrupted builds that equal a clean build.

Sphinx rewrites a page when its own source changed; a page here also shows
things that live elsewhere, and an interrupted build leaves output that no
later build looks at again. This module tells Sphinx the rest:

* Claims: the pages made from other documents' claims (register, evidence,
  changes, claim references, the markers' numbers, the banner) are
  rewritten when the book's digest moves (:func:`claims_pages`).
* Citations: a digest per BibTeX key (label, text, url, anchor) is kept in
  the environment; pages citing a key whose digest moved are rewritten (a
  title edited; an entry added, shifting ``2023a`` letters or anchors).
* Navigation: when the toctree, titles, section or figure numbers or labels
  change (a chapter added, removed, renamed), every page is rewritten.
* Removed documents: their pages and ``_sources`` copies are deleted before
  anything is written (so the EPUB does not pack them either).
* Search index: Sphinx keeps index entries only for the pages it rewrites,
  and words whose pages are gone with no page (:mod:`briefing.search`
  puts them right).
* Interrupted builds: ``briefing-<builder>.json`` in the doctrees folder
  (not the output, which the EPUB builder packs whole) marks the last build
  into the output folder finished or not. A build that starts without a
  finished mark deletes the search index and rewrites every page.

A parallel build's workers die with it (:mod:`briefing.workers`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from briefing import search
from briefing.book import book
from briefing.collector import all_claims, special_docs
from briefing.files import write_atomic
from briefing.references import reference
from briefing.refs import ref_docs
from briefing.store import cite_domain, store

logger = logging.getLogger(__name__)

#: The mark of a finished build, in the doctrees folder (``{builder}``: its name).
MARKER = "briefing-{builder}.json"


@dataclass
class State:
    """What the build learnt at its start about the output folder."""

    trusted: bool  #: the last build into this folder finished
    summary: str | None  #: its banner line
    known: set[str] = field(default_factory=set)  #: documents that may have pages there


def _pages(builder: Builder) -> bool:
    """A builder that writes one page per document (html, dirhtml, epub)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


def _index_path(builder: Builder) -> Path | None:
    if isinstance(builder, StandaloneHTMLBuilder) and _pages(builder) and builder.search:
        return Path(builder.outdir) / builder.searchindex_filename
    return None


def _state(app: Sphinx) -> State:
    return getattr(app, "_briefing_freshness", None) or State(trusted=False, summary=None)


def marker_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKER.format(builder=app.builder.name)


def read_marker(app: Sphinx) -> dict[str, Any]:
    """The last build's mark, if it was for this output folder."""
    try:
        data = json.loads(marker_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("outdir") == str(app.outdir) else {}


def _write_marker(app: Sphinx, **data: Any) -> None:
    text = json.dumps({"outdir": str(app.outdir), **data}, indent=1, ensure_ascii=False) + "\n"
    write_atomic(marker_path(app), text)


def start(app: Sphinx) -> None:
    """Read the last build's mark, then mark this build unfinished."""
    if not _pages(app.builder):  # the others write every file on every build
        return
    previous = read_marker(app)
    index = _index_path(app.builder)
    trusted = previous.get("complete") is True and (index is None or index.exists())
    known = set(previous.get("docs", [])) | set(app.env.all_docs)
    app._briefing_freshness = State(trusted, previous.get("summary"), known)  # type: ignore[attr-defined]
    if not trusted and index is not None:
        index.unlink(missing_ok=True)
    if previous and not trusted:
        logger.info("the last build into %s did not finish: every page will be rewritten", app.outdir)
    _write_marker(app, complete=False, docs=sorted(known))


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _render(formatted: Any) -> list[str]:
    return [] if formatted is None else [formatted.label, formatted.text.render_as("html")]


def citation_digests(env: BuildEnvironment) -> dict[str, str]:
    """Per BibTeX key, what a citing page shows of it; per bibliography
    page (``doc:NAME``), its entries."""
    domain = cite_domain(env)
    per_key: dict[str, list[Any]] = {}
    per_doc: dict[str, list[Any]] = {}
    for cit in domain.citations:
        shown = [cit.key, cit.citation_id, cit.bibliography_key.docname,
                 _render(cit.formatted_entry), _render(cit.tooltip_entry)]
        per_key.setdefault(cit.key, []).append(shown)
        per_doc.setdefault(cit.bibliography_key.docname, []).append(shown)
    keys = set(domain.bibdata.data.entries) | set(per_key)
    digests = {key: _digest([sorted(per_key.get(key, [])), list(reference(env, key))]) for key in keys}
    digests.update({f"doc:{doc}": _digest(sorted(shown)) for doc, shown in per_doc.items()})
    return digests


def citing_docs(env: BuildEnvironment, keys: set[str]) -> set[str]:
    """Documents that cite any of ``keys`` (``{cite}`` roles and claim slots)."""
    docs = {ref.docname for ref in cite_domain(env).citation_refs
            if any(target.key in keys for target in ref.targets)}
    docs |= {c.docname for c in all_claims(env) if keys.intersection(c.keys)}
    # the register's tips and the evidence list print the sources too
    docs |= store(env).registers | store(env).evidence_docs
    return docs


def navigation_digest(env: BuildEnvironment) -> str:
    """What every page shows of the others: toctree, titles, numbers, labels."""
    std = env.get_domain("std")
    return _digest({
        "toctree": sorted(env.toctree_includes.items()),
        "titles": sorted((doc, title.astext()) for doc, title in env.titles.items()),
        # numbers only: the ids they hang on can be generated ("id31") and move with any edit
        "secnumbers": sorted((doc, sorted(nums.values())) for doc, nums in env.toc_secnumbers.items()),
        "fignumbers": sorted((doc, sorted((kind, sorted(ids.values())) for kind, ids in figs.items()))
                             for doc, figs in env.toc_fignumbers.items()),
        "labels": sorted(std.data.get("labels", {}).items()),
        "objects": sorted(map(list, std.data.get("objects", {}).items())),
    })


def claims_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages made from other documents' claims, when those claims changed
    (the book's digest, :mod:`briefing.book`): the register and evidence pages,
    the pages whose markers' evidence numbers or grades moved, and, when the
    book's totals move, every page (its banner). A build that changed no claim
    returns none, so a no-change rebuild writes no page."""
    made = book(env)
    # the chapters' numbers, as Sphinx's toctree collector assigned them at
    # this event (the book is made at env-updated, before they are known)
    numbering = [(doc, env.toc_secnumbers.get(doc, {}).get("")) for doc in sorted({c.docname for c in made.claims})]
    digest = hashlib.sha256(repr((made.digest, numbering)).encode("utf-8")).hexdigest()
    kept = store(env)
    if kept.digest == digest:
        return []
    kept.digest = digest
    per_doc: dict[str, list[tuple[int, str]]] = {}
    for c in made.claims:
        per_doc.setdefault(c.docname, []).append((made.number[c.id], c.grade))
    moved = {doc for doc, nums in per_doc.items() if kept.numbers.get(doc) != nums}
    kept.numbers = per_doc
    if kept.summary != made.summary:
        kept.summary = made.summary
        return sorted(env.all_docs)
    registers, evidence, changes = special_docs(env)
    return sorted(registers | evidence | changes | moved | ref_docs(env))


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages to rewrite although their source did not change."""
    if not _pages(app.builder):
        return []
    state = _state(app)
    everything = sorted(env.all_docs)
    kept = store(env)
    nav, old_nav = navigation_digest(env), kept.navigation
    cites, old_cites = citation_digests(env), kept.citations
    kept.navigation, kept.citations = nav, cites
    why = ("the output folder holds no finished build" if not state.trusted else
           "the contents, titles or labels changed" if nav != old_nav else
           "the sources were not recorded" if old_cites is None else
           "the banner changed" if state.summary not in (None, book(env).summary) else "")
    if why:
        logger.verbose("rewriting every page: %s", why)
        return everything
    old_cites = old_cites or {}
    changed = {key for key in cites.keys() | old_cites.keys() if cites.get(key) != old_cites.get(key)}
    docs = {key[4:] for key in changed if key.startswith("doc:")}
    if changed - {f"doc:{doc}" for doc in docs}:
        docs |= citing_docs(env, changed)
    return sorted(docs & set(env.all_docs))


def prepare_output(app: Sphinx, builder: Builder) -> None:
    """``write-started``: delete the pages of removed documents, and give the
    search index back the index entries of the pages not rewritten."""
    if not _pages(builder):
        return
    env = app.env
    outdir = Path(builder.outdir)
    for doc in sorted(_state(app).known - set(env.all_docs)):
        _remove_page(app, builder, outdir, doc)
    index = _index_path(builder)
    if index is not None:
        search.restore_index_entries(index, env)


def _remove_page(app: Sphinx, builder: Builder, outdir: Path, doc: str) -> None:
    suffix = app.config.html_sourcelink_suffix
    assert isinstance(builder, StandaloneHTMLBuilder)  # _pages(builder)
    paths = [builder.get_output_path(doc)]
    paths += [outdir / "_sources" / (doc + s + ("" if s == suffix else suffix)) for s in app.config.source_suffix]
    for path in paths:
        if path.is_file():
            path.unlink()
            logger.info("removed %s (its document is gone)", path.relative_to(outdir))


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: tidy the search index, then mark the output finished."""
    if exception is not None or not _pages(app.builder):
        return
    outdir = Path(app.outdir)
    index = _index_path(app.builder)
    if index is not None:
        search.drop_empty_terms(index)
        index.with_name(index.name + ".tmp").unlink(missing_ok=True)
    # temporary files of a briefing.output.write_atomic killed mid-write
    marker = marker_path(app)
    for leftover in [*marker.parent.glob(f".{marker.name}.*"), *outdir.glob(".claims.json.*")]:
        leftover.unlink(missing_ok=True)
    _write_marker(app, complete=True, docs=sorted(app.env.all_docs), summary=book(app.env).summary)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start)
    app.connect("env-get-updated", claims_pages, priority=600)  # after the toctree collector numbers chapters
    app.connect("env-get-updated", outdated_pages)
    app.connect("write-started", prepare_output)
    app.connect("build-finished", finish, priority=900)  # after claims.json is written
