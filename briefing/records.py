"""The claim record and the rules a slot must follow.

A :class:`Claim` is what the collector stores per document; it pickles
cleanly (parallel reads send it between processes) and is what the register,
the report and ``claims.json`` are made from.
"""
from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import NamedTuple

#: Every status, in the order reports list them.
STATUSES = ("verified", "disputed", "sourced", "unsourced")
#: Short tag (print) and symbol (screen) per status.
TAGS = {"verified": "V", "disputed": "D", "sourced": "S", "unsourced": "U"}
SYMBOLS = {"verified": "\u2713", "disputed": "\u26a0", "sourced": "\u25d0", "unsourced": "?"}
DESCRIPTIONS = {
    "verified": "a reputable source read and quoted supports it",
    "disputed": "a source contradicts or narrows it; the note says what the source says",
    "sourced": "sources attached, support not yet confirmed",
    "unsourced": "no source found yet",
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
    recheck: str = ""  #: outcome of a second, independent read (disputed claims)

    @property
    def is_open(self) -> bool:
        """Not settled: anything but verified, or disputed with its note
        (an unknown status counts as open, so the release gate catches it)."""
        return self.status not in ("verified", "disputed") or (self.status == "disputed" and not self.note)

    @property
    def open_reason(self) -> str:
        """Why an open claim is open, as the release gate and the report say it."""
        if self.status == "disputed":
            return "disputed without a note"
        if self.status in STATUSES:
            return self.status
        return f"status {self.status!r} unknown" if self.status else "no status"

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
    if claim.status in ("verified", "disputed", "sourced") and not claim.keys:
        found.append(("no_sources", f"claim {claim.id!r} is {claim.status} but names no sources"))
    if claim.status == "unsourced" and claim.keys:
        found.append(("bad_status", f"claim {claim.id!r} is unsourced but names sources (use 'sourced')"))
    if claim.status == "disputed" and not claim.note:
        found.append(("no_note", f"claim {claim.id!r} is disputed but has no note saying what the source says"))
    return found


def is_date(text: str) -> bool:
    if not DATE_RE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def by_document(claims: list[Claim]) -> dict[str, list[Claim]]:
    """The claims grouped by the document they stand in, in reading order."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.docname, []).append(claim)
    return groups


def counts(claims: list[Claim]) -> dict[str, int]:
    """Number of claims per status (every status present, zero or more)."""
    out = dict.fromkeys(STATUSES, 0)
    for claim in claims:
        if claim.status in out:
            out[claim.status] += 1
    return out


def summary_line(claims: list[Claim]) -> str:
    """'Draft: 23 of 87 claims verified, 5 disputed, 59 open' (or the release line)."""
    c = counts(claims)
    total = len(claims)
    still_open = sum(1 for claim in claims if claim.is_open)
    if still_open:
        return (f"Draft: {c['verified']} of {total} claims verified, "
                f"{c['disputed']} disputed, {still_open} still open")
    return f"All {total} claims settled: {c['verified']} verified, {c['disputed']} disputed"
