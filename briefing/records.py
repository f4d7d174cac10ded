"""The claim record and the rules a slot must follow.

A :class:`Claim` is what the collector stores per document; it pickles
cleanly (parallel reads send it between processes) and is what the register,
the report and ``claims.json`` are made from.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from difflib import get_close_matches
from typing import Iterable, NamedTuple

#: Every status, in the order reports list them. A status says whether the
#: claim was checked against a passage of a source (verified, disputed), or
#: searched for and found in no reputable source (not-confirmed); the last
#: two are open: sources named but not yet checked, or none yet.
STATUSES = ("verified", "disputed", "not-confirmed", "sourced", "unsourced")
#: Statuses that were checked: the slot records what was read and when.
CHECKED = ("verified", "disputed", "not-confirmed")
#: Short tag (print) and symbol (screen) per status.
TAGS = {"verified": "V", "disputed": "D", "not-confirmed": "NC", "sourced": "S", "unsourced": "U"}
SYMBOLS = {"verified": "\u2713", "disputed": "\u26a0", "not-confirmed": "\u2205", "sourced": "\u25d0",
           "unsourced": "?"}
LABELS = {"verified": "verified", "disputed": "disputed", "not-confirmed": "not confirmed", "sourced": "sourced",
          "unsourced": "unsourced"}
DESCRIPTIONS = {
    "verified": "checked: a passage of the source, quoted, says what the claim says",
    "disputed": "checked: a named source contradicts or narrows the article; the text says what it says instead",
    "not-confirmed": "checked: no reputable source confirms what the article says; printed as such, never as a fact",
    "sourced": "open: sources named, not yet checked",
    "unsourced": "open: no source found yet",
}
#: The grade of the evidence: the kind of a checked claim's best source
#: (the ``kind`` of its .bib entries), best first.
GRADES = ("official", "scholarly", "news", "other")
#: Grades that can settle a claim: ``other`` (blogs, wikis, AI-written
#: digests, third-party copies) never does.
SETTLING_GRADES = ("official", "scholarly", "news")
GRADE_TAGS = {"official": "O", "scholarly": "A", "news": "N", "other": "X"}
GRADE_LABELS = {"official": "official source", "scholarly": "scholarly source", "news": "news report",
                "other": "other source"}
GRADE_DESCRIPTIONS = {
    "official": "the best source is the institution's own text (UN, NATO, KFOR, EU, OSCE, a government)",
    "scholarly": "the best source is peer-reviewed or academic work",
    "news": "the best source is a news agency or a newspaper of record",
    "other": "only blogs, wikis, digests or copies bear it: this never settles a claim",
}

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Claim(NamedTuple):
    """One claim slot, as collected from a chapter."""

    id: str
    docname: str
    source: str  #: path of the file the claim is written in
    line: int
    text: str  #: the claim's text, as plain text
    status: str
    keys: tuple[str, ...]
    quote: str = ""
    locator: str = ""
    checked: str = ""
    note: str = ""
    chapter: str = ""  #: title of the document the claim stands in
    recheck: str = ""  #: outcome of a second, independent read
    date: str = ""  #: the date of the event it reports (data files' ``date``), YYYY[-MM[-DD]]
    #: the grade of its evidence (:data:`GRADES`), given by :mod:`briefing.book`
    #: from its sources' kinds; empty for a claim no checked source bears
    grade: str = ""

    @property
    def is_open(self) -> bool:
        """Not settled (the release gate refuses the book while any claim is)."""
        return bool(self.open_reason)

    @property
    def open_reason(self) -> str:
        """Why a claim is open, as the release gate and the report say it;
        empty for a settled claim: verified or disputed on a source graded
        official, scholarly or news (disputed with its note), or not
        confirmed after a search (with its date)."""
        if self.status in ("verified", "disputed"):
            if self.status == "disputed" and not self.note:
                return "disputed without a note"
            if self.grade not in SETTLING_GRADES:
                return f"{self.status} on 'other' sources only" if self.grade else f"{self.status} without a source"
            return ""
        if self.status == "not-confirmed":
            return "" if self.checked else "not confirmed, without the date of the search"
        if self.status in STATUSES:
            return self.status
        return f"status {self.status!r} unknown" if self.status else "no status"

    @property
    def shown_grade(self) -> str:
        """The grade a reader is shown: only for a claim a checked source bears."""
        return self.grade if self.status in ("verified", "disputed") else ""

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 140 else self.text[:137].rstrip() + "..."


def problems(claim: Claim) -> list[tuple[str, str]]:
    """What is wrong with one slot, as (subtype, message) pairs."""
    found: list[tuple[str, str]] = []
    if not ID_RE.fullmatch(claim.id):
        found.append(("bad_id", f"claim id {claim.id!r} must be lower-case letters, digits and single hyphens"))
    if claim.status not in STATUSES:
        close = get_close_matches(claim.status, STATUSES, n=1, cutoff=0.7)
        hint = f"did you mean {close[0]!r}? " if close else ""
        found.append(("bad_status", f"claim {claim.id!r}: unknown status {claim.status!r} "
                                    f"({hint}use one of {', '.join(STATUSES)})"))
    if claim.checked and not is_date(claim.checked):
        found.append(("bad_date", f"claim {claim.id!r}: checked date {claim.checked!r} is not a real date as YYYY-MM-DD"))
    if claim.status == "verified":
        missing = [name for name in ("quote", "locator", "checked") if not getattr(claim, name)]
        if missing:
            found.append(("incomplete", f"claim {claim.id!r} is verified but has no {' / '.join(missing)}"))
    if claim.status == "not-confirmed":
        missing = [name for name in ("checked", "note") if not getattr(claim, name)]
        if missing:
            found.append(("incomplete", f"claim {claim.id!r} is not-confirmed but has no {' / '.join(missing)} "
                                        "(the date of the search, and what reputable sources say)"))
    if claim.status in ("verified", "disputed", "sourced") and not claim.keys:
        found.append(("no_sources", f"claim {claim.id!r} is {claim.status} but names no sources"))
    if claim.status == "unsourced" and claim.keys:
        found.append(("bad_status", f"claim {claim.id!r} is unsourced but names sources (use 'sourced')"))
    if claim.status == "disputed" and not claim.note:
        found.append(("no_note", f"claim {claim.id!r} is disputed but has no note saying what the source says"))
    return found


def text_digest(text: str) -> str:
    """A short digest of a claim's text, as the editions' ledgers keep it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def is_date(text: str) -> bool:
    if not DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def partial_date_problem(value: str) -> str | None:
    """Why an event date is not a real date as YYYY, YYYY-MM or YYYY-MM-DD
    (None when it is one)."""
    padded = value + "-01" * (2 - value.count("-"))
    if len(value) in (4, 7, 10) and is_date(padded):
        return None
    return f"date {value!r} is not a real date as YYYY, YYYY-MM or YYYY-MM-DD"


def by_document(claims: list[Claim]) -> dict[str, list[Claim]]:
    """The claims grouped by the document they stand in, in reading order."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.docname, []).append(claim)
    return groups


def _tally(values: Iterable[str], names: tuple[str, ...]) -> dict[str, int]:
    """How many of ``values`` are each of ``names`` (every name present)."""
    out = dict.fromkeys(names, 0)
    for value in values:
        if value in out:
            out[value] += 1
    return out


def counts(claims: list[Claim]) -> dict[str, int]:
    """Number of claims per status (every status present, zero or more)."""
    return _tally((c.status for c in claims), STATUSES)


def grade_counts(claims: list[Claim]) -> dict[str, int]:
    """Number of checked claims per grade of evidence."""
    return _tally((c.shown_grade for c in claims), GRADES)


def grade_of(kinds: list[str]) -> str:
    """The best of a claim's sources' kinds ('' when none is a known kind)."""
    return next((grade for grade in GRADES if grade in kinds), "")


def summary_line(claims: list[Claim]) -> str:
    """'Draft: 23 of 87 claims verified, 5 disputed, 59 still open' or, once
    none is open, 'All 87 claims settled: 70 verified, 5 disputed, 12 not
    confirmed; evidence: 60 official, 15 news'."""
    c = counts(claims)
    total = len(claims)
    still_open = sum(1 for claim in claims if claim.is_open)
    nc = f", {c['not-confirmed']} not confirmed" if c["not-confirmed"] else ""
    if still_open:
        return (f"Draft: {c['verified']} of {total} claims verified, "
                f"{c['disputed']} disputed{nc}, {still_open} still open")
    g = grade_counts(claims)
    evidence = ", ".join(f"{g[grade]} {grade}" for grade in GRADES if g[grade])
    return (f"All {total} claims settled: {c['verified']} verified, {c['disputed']} disputed{nc}"
            + (f"; evidence: {evidence}" if evidence else ""))
