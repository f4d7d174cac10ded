"""The "What changed in this edition" page.

MyST usage (the page's text says what the listing is; the directive gives
the listing itself, filled once the whole book is read)::

    ```{claims-changes}
    ```

It compares the book with the last issued edition's ledger
(:mod:`briefing.ledger`): claims added, removed, reworded, their status or
grade moved, corrections added or withdrawn, sources replaced. With no
edition issued before, it says that this is the first.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from briefing.book import Book
from briefing.listings import Cell, Para, Part, Rubric, Table

#: The kinds of change, in the order the page lists them, with their headings.
KINDS = {
    "added": "Claims added",
    "removed": "Claims removed",
    "correction added": "Corrections added",
    "correction withdrawn": "Corrections withdrawn",
    "reworded": "Claims reworded",
    "status": "Status changed",
    "grade": "Grade of the evidence changed",
    "sources": "Sources replaced",
}


class claims_changes(nodes.General, nodes.Element):
    """Placeholder for the list of changes."""


class ClaimsChangesDirective(SphinxDirective):
    """Where the list of changes since the last edition goes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = claims_changes()
        self.set_source_info(node)
        return [node]


def build_changes(made: Book, edition: int, edition_date: str) -> list[Part]:
    this = f"Edition {edition}" if edition else "This draft"
    if made.previous is None:
        return [Para(f"{this} is the first edition of the briefing: every claim in it is new. Each later "
                     "edition lists here what changed since the one before: claims added, removed or "
                     "reworded, corrections added or withdrawn, statuses, grades and sources that moved.")]
    if not made.changes:
        return [Para(f"{this} makes no change to the claims of Edition {made.previous}.")]
    counts = {kind: sum(1 for c in made.changes if c.kind == kind) for kind in KINDS}
    tally = "; ".join(f"{n} {KINDS[kind].lower()}" for kind, n in counts.items() if n)
    out: list[Part] = [Para(f"{this} compared with Edition {made.previous}: {tally}.")]
    for kind, heading in KINDS.items():
        rows: list[tuple[list[Cell], str | None]] = [
            ([str(c.number), c.claim_id, c.what], None) for c in made.changes if c.kind == kind]
        if rows:
            out.append(Rubric(heading))
            out.append(Table([8, 27, 65], ["No.", "Claim", "Now" if kind not in ("removed",) else "Was"],
                             ["claims-table", "claims-changes"], rows))
    return out
