"""Every warning subtype the extension gives (``[claims.SUBTYPE]``), with
what the editor does about it. The editors' guide's table lists exactly
these (a test compares), and ``suppress_warnings = ["claims.SUBTYPE"]``
silences one."""
from __future__ import annotations

from sphinx.errors import SphinxError


class BookStopped(SphinxError):
    """The build cannot go on, and every reason was already logged as a
    located line: ``python -m briefing.run`` (the Makefile's sphinx-build)
    and ``make check`` then add no crash report, and exit 2."""

    category = "The book cannot be built"

SUBTYPES: dict[str, str] = {
    # the .bib file
    "bib_syntax": "references.bib cannot be read: a brace, a comma or a byte that is not UTF-8",
    "bib_duplicate": "a key is defined twice in references.bib",
    "bib_type": "an entry type the book does not use",
    "bib_empty": "references.bib holds no entries",
    "bib_missing": "the .bib file named in conf.py does not exist",
    "bib": "an entry breaks a rule (author, title, year, url with urldate, kind, no bare %)",
    "uncited": "no claim cites this entry",
    # slots
    "unknown_key": "a claim names a key references.bib does not define",
    "bad_status": "a slot's status is not one of the five",
    "bad_id": "a claim identifier is not lower-case letters, digits and hyphens",
    "bad_date": "a date is not a real date, or is later than the edition's date of issue",
    "duplicate_id": "a claim identifier is used twice",
    "incomplete": "a slot lacks what its status needs (quote, locator, date checked, note)",
    "no_sources": "a slot that needs sources names none",
    "no_note": "a disputed slot has no note",
    "empty": "a claim has no text",
    "wording": "a disputed or not-confirmed claim's text lacks its marker",
    "not_found": "a disputed note says a source was not found",
    "no_recheck": "a disputed slot has no second reader's outcome",
    "weak_source": "a settled claim rests on 'other' sources only",
    "option_syntax": "a field's value opens a quote it never closes",
    "option_unknown": "a field name the slot does not know",
    "option_twice": "a field given twice in one slot",
    "unclosed": "a claim's fence is never closed",
    "cite_in_text": "a claim cites in its text what :sources: already names",
    "raw_html": "raw HTML in a claim's text",
    # the book
    "unverified": "(release) a claim is still open",
    "currency": "the date of information runs ahead of the newest event covered",
    "ledger": "an edition's ledger cannot be read",
    "not_included": "a document is in no toctree",
    "no_title": "a document has no title",
    "encoding": "a chapter is not UTF-8 text",
    "data": "a data file or one of its entries cannot be used",
    "ref_figure": "a Summary figure is not in the claim it names, or names none",
    "unknown_ref": "a claim-ref names no claim",
}
