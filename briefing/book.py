"""The book of one build: every claim in reading order, graded and numbered.

Made once per build, at ``env-updated`` (every build emits it, after the
last document is read, parallel reads merged, also when nothing changed),
and kept on the environment: :func:`book` is the one accessor every later
reader uses (markers, register, evidence list, ``claims.json``, the report,
the print status line, the release gate). Nothing else computes reading
order, numbers, grades or the summary line.

* **Grades**: a claim's grade is the best ``kind`` among its sources
  (:data:`briefing.records.GRADES`), read from the formatted .bib entries.
* **Numbers**: a claim keeps the number it had in the last issued edition
  (its ledger in ``claims_editions_dir``); claims added since get numbers
  after the highest issued one, in reading order. With no edition issued,
  numbers follow reading order from 1. So a claim added in chapter 4
  renumbers nothing else, and a number once printed keeps meaning the
  same claim.
* **Release gate**: with ``claims_release``, every open claim is a warning
  (``claims.unverified``) in every build, a no-change rebuild included (the
  consistency check runs only when a document changed).
"""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from briefing import ledger
from briefing.files import conf_line
from briefing.records import Claim, grade_of, is_date, summary_line
from briefing.references import reference, sources
from briefing.store import store

logger = logging.getLogger(__name__)


class Book(NamedTuple):
    """What a build knows about the whole book (see the module docstring)."""

    claims: list[Claim]  #: in reading order, each with its grade
    by_id: dict[str, Claim]
    number: dict[str, int]  #: each claim id's evidence number
    register: str | None  #: the document holding the register
    evidence: str | None  #: the document holding the evidence list
    summary: str  #: the status line (banner, title page, register)
    draft: bool  #: some claim is still open
    digest: str  #: of all the above and the sources as formatted
    tips: dict[str, str]  #: tooltip HTML per claim id, filled as markers ask
    latest_event: str = ""  #: the newest event a claim reports (its ``date``)
    last_checked: str = ""  #: the latest ``checked`` date of any claim
    previous: int | None = None  #: the edition before this one, if any was issued
    changes: tuple[ledger.Change, ...] = ()  #: what moved since ``previous``

    @property
    def has_evidence(self) -> bool:
        return self.evidence is not None


def book(env: BuildEnvironment) -> Book:
    """The book of this build, made at ``env-updated``. Asked before that
    (the consistency check), it is made from the records read so far and
    not kept: numbers and the gate wait for the whole book."""
    made = store(env).book
    return made if made is not None else make(env, {})


def doc_order(env: BuildEnvironment) -> list[str]:
    """The book's documents in the order the root toctree gives them, then
    the ``orphan`` pages, by name."""
    seen: dict[str, None] = {}

    def walk(doc: str) -> None:
        if doc in seen or doc not in env.all_docs:
            return
        seen[doc] = None
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return list(seen) + sorted(d for d in env.all_docs if d not in seen and "orphan" in env.metadata.get(d, {}))


def make(env: BuildEnvironment, issued: dict[str, int],
         previous: tuple[int, dict] | None = None) -> Book:
    """The book from the collected records; ``issued``: the numbers of the
    issued editions' ledgers; ``previous``: the last edition and its ledger."""
    formatted = sources(env)
    kept = store(env)
    per_doc = kept.records
    claims = [c._replace(grade=grade_of([formatted[k].kind for k in c.keys if k in formatted]))
              for doc in doc_order(env) for c in per_doc.get(doc, [])]
    number = numbers(claims, issued)
    registers, evidence = sorted(kept.registers), sorted(kept.evidence_docs)
    keys = sorted({key for c in claims for key in c.keys})
    # chapter numbers are not part of it: Sphinx assigns them after env-updated
    # (freshness.claims_pages adds them to what it compares)
    state: tuple = (claims, registers, evidence, [(key, formatted.get(key)) for key in keys],
                    sorted(number.items()))
    moved: tuple[ledger.Change, ...] = ()
    if previous is not None:
        moved = tuple(ledger.changes(previous[1], ledger.records(claims, number,
                                                                lambda k: reference(env, k).label or k)))
    latest = max((c.date for c in claims if c.date and period_end(c.date)),
                 key=lambda value: period_end(value) or date.min, default="")
    checked = max((c.checked for c in claims if is_date(c.checked)), default="")
    state += (latest, checked, previous[0] if previous else None, moved)
    return Book(claims, {c.id: c for c in reversed(claims)}, number, registers[0] if registers else None,
                evidence[0] if evidence else None, summary_line(claims), any(c.is_open for c in claims),
                hashlib.sha256(repr(state).encode("utf-8")).hexdigest(), {}, latest, checked,
                previous[0] if previous else None, moved)


def numbers(claims: list[Claim], issued: dict[str, int]) -> dict[str, int]:
    """Each claim id's number: the issued one, else the next free one after
    the highest issued, in reading order."""
    out: dict[str, int] = {}
    ids = dict.fromkeys(c.id for c in claims)
    for claim_id in ids:
        if claim_id in issued:
            out[claim_id] = issued[claim_id]
    following = max(issued.values(), default=0)
    for claim_id in ids:
        if claim_id not in out:
            following += 1
            out[claim_id] = following
    return out


def made_at_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    try:
        issued, previous = ledger.issued_numbers(app), ledger.previous(app)
    except ledger.LedgerError as exc:
        logger.warning("%s", exc, type="claims", subtype="ledger")
        issued, previous = {}, None
    store(env).book = made = make(env, issued, previous)
    _check_currency(app, made)
    if app.config.claims_release:
        for c in made.claims:
            if c.is_open:
                logger.warning("claim %r is not settled (%s)", c.id, c.open_reason,
                               location=f"{c.source}:{c.line}", type="claims", subtype="unverified")


def period_end(value: str) -> date | None:
    """The last day of a date given as YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            first = date(int(parts[0]), int(parts[1]), 1)
            return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check_currency(app: Sphinx, made: Book) -> None:
    """The stated date of information may not run ahead of the newest event
    the book reports by more than ``claims_currency_margin`` days: a reader
    would take the book for more current than it is."""
    stated, newest = app.config.claims_information_date, period_end(made.latest_event)
    if not (is_date(stated) and newest):
        return
    gap = (date.fromisoformat(stated) - newest).days
    if gap > app.config.claims_currency_margin:
        logger.warning("the date of information (%s) runs %d days ahead of the newest event the book reports "
                       "(%s); add what happened since, or state an earlier date (the margin is "
                       "claims_currency_margin = %d days)", stated, gap, made.latest_event,
                       app.config.claims_currency_margin, location=conf_line(app.confdir, "date_of_information",
                                                                             "claims_information_date"),
                       type="claims", subtype="currency")


def forget(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A new build starts: the last build's book (pickled with the
    environment) is not this one's."""
    store(env).book = None


def setup(app: Sphinx) -> None:
    # what a build must check: changing it re-reads the book (todo's pattern)
    app.add_config_value("claims_release", False, "env", bool)
    app.add_config_value("claims_edition", 0, "env", int)
    app.add_config_value("claims_edition_date", "", "env", str)
    app.add_config_value("claims_editions_dir", "editions", "env", str)
    app.add_config_value("claims_currency_margin", 183, "env", int)
    app.connect("env-before-read-docs", forget, priority=100)
    # before the handlers that read the book (priority 500) and after the
    # formatted sources are known
    app.connect("env-updated", made_at_env_updated, priority=400)
