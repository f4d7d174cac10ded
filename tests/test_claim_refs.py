"""A summary's figures come from claims made elsewhere: ``claim-ref`` writes
the claim's marker (linking to its evidence entry), ``claims-count`` a count,
and a figure the claim does not hold is a located warning."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from sphinx.testing.util import SphinxTestApp

from bs4 import BeautifulSoup

from conftest import edit, html_page, sphinx, warning_text
from test_claims_warnings import claims_warnings

REFS = pytest.mark.sphinx("html", testroot="claim-refs", freshenv=True)


@REFS
def test_a_reference_is_the_claims_marker_linking_its_evidence(app: SphinxTestApp) -> None:
    app.build()
    assert claims_warnings(app) == []
    page = html_page(app, "summary")
    markers = page.select("a.claim-marker")
    assert [m["href"] for m in markers] == ["evidence.html#claim-evidence-strength-2025",
                                            "evidence.html#claim-evidence-entry-date"]
    assert "claim-marker-verified" in markers[0]["class"] and "claim-marker-disputed" in markers[1]["class"]
    assert [m.get_text(" ", strip=True) for m in markers] == ["\u2713 verified official", "\u26a0 disputed official"]
    # each reference has its own tooltip, not the claim's own (which is on the facts page)
    tips = [m["aria-describedby"] for m in markers]
    assert len(set(tips)) == 2 and all(page.find(id=t) for t in tips)
    assert "claim-tip-strength-2025" not in tips
    assert "1 claim is disputed" in " ".join(page.get_text().split())
    # the summary makes no claim of its own
    assert page.select("div.claim") == []


def copy_and_build(copy_root: Callable[[str], Path], make_app: Callable[..., SphinxTestApp],
                   *edits: tuple[str, str, str]) -> tuple[Path, SphinxTestApp]:
    src = copy_root("claim-refs")
    for name, old, new in edits:
        edit(src / name, old, new)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    return src, app


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("from 29 countries", "from 30 countries",
     ("summary.md", 4, "claims.ref_figure", "claim-ref 'strength-2025': 30 not in the claim's text")),
    ("{claim-ref}`entry-date`", "{claim-ref}`no-such-claim`",
     ("summary.md", 5, "claims.unknown_ref", "claim-ref: no claim 'no-such-claim' in the book")),
    ("{claim-ref}`entry-date`.", "{claim-ref}`entry-date`, and left in 2030.",
     ("summary.md", 5, "claims.ref_figure", "figure 2030 after the last claim reference of its paragraph")),
])
def test_a_figure_the_claim_does_not_hold_is_a_located_warning(copy_root, make_app, old, new, expected) -> None:
    src, app = copy_and_build(copy_root, make_app, ("summary.md", old, new))
    found = claims_warnings(app)
    assert len(found) == 1, warning_text(app)
    (path, line, kind, message), (want_path, want_line, want_kind, want_message) = found[0], expected
    assert (path, line, kind) == (want_path, want_line, want_kind), found
    assert message.startswith(want_message), message


def test_the_reference_follows_the_claim_in_an_incremental_build(copy_root, make_app, tmp_path: Path) -> None:
    src = copy_root("claim-refs")

    def build() -> SphinxTestApp:
        app: Any = make_app("html", srcdir=src, builddir=tmp_path / "build")
        app.build()
        return app

    build()
    # the claim is re-checked and found disputed: only facts.md changes
    edit(src / "facts.md", ":status: verified\n:sources: known\n:quote: more than 4,500 troops from 29 countries\n"
                           ":locator: p. 4\n:checked: 2026-05-01\n",
         ":status: disputed\n:sources: known\n:checked: 2026-05-01\n:note: The source gives fewer.\n")
    edit(src / "facts.md", "In 2025 KFOR counted", "The article says more than 4,500 troops from 29 countries in "
                                                   "2025. **Correction:** in 2025 KFOR counted")
    app = build()
    markers = html_page(app, "summary").select("a.claim-marker")
    assert "claim-marker-disputed" in markers[0]["class"]
    assert "2 claim is disputed" in " ".join(html_page(app, "summary").get_text().split())


def test_a_reference_shows_the_claims_new_evidence_when_only_the_slot_changed(copy_root, tmp_path: Path) -> None:
    src = copy_root("claim-refs")
    out = tmp_path / "html"

    def tip() -> str:
        page = BeautifulSoup((out / "summary.html").read_text(encoding="utf-8"), "html.parser")
        marker = page.select_one('a.claim-marker[href$="strength-2025"]')
        return page.find(id=marker["aria-describedby"]).get_text(" ", strip=True)

    sphinx("html", out, src=src, conf=src).check()
    assert "p. 4" in tip()
    # the quote's locator is corrected: no total, number, label or citation moves
    edit(src / "facts.md", ":locator: p. 4", ":locator: p. 5, table 2")
    again = sphinx("html", out, src=src, conf=src)
    again.check()
    assert "summary" in again.written()
    assert "p. 5, table 2" in tip()
