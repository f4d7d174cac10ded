"""Incremental builds: after editing chapters and rebuilding into the same
output, the register, counts, banner and claims.json equal a clean build's."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ANSI, claims_json, edit, html_page

VERIFIED = ":status: verified\n:sources: known\n:quote: As quoted.\n:locator: p. 2\n:checked: 2024-06-01\n"
NEW_CLAIM = """
```{claim} vote
:status: disputed
:sources: known
:note: The source counts the votes differently.
The vote was unanimous.
```
"""


@pytest.fixture
def book(copy_root: Callable[[str], Path], make_app: Callable[..., SphinxTestApp],
         tmp_path: Path) -> tuple[Path, Callable[..., SphinxTestApp]]:
    """A copy of claims-incremental, and a way to build it into one output."""
    src = copy_root("claims-incremental")

    def build(builddir: Path = tmp_path / "build", **kwargs: Any) -> SphinxTestApp:
        app = make_app("html", srcdir=src, builddir=builddir, **kwargs)
        app.build()
        return app

    return src, build


def snapshot(app: SphinxTestApp) -> dict[str, Any]:
    """What must not depend on how the output was built."""
    register = html_page(app, "register")
    rows = [
        (tr.get("id"), [td.get_text(" ", strip=True) for td in tr.select("td")],
         [a["href"] for a in tr.select("a.claims-backref")])
        for tr in register.select("table.claims-coverage tbody tr, table.claims-register tbody tr")
    ]
    banners = {}
    markers = {}
    for doc in sorted(app.env.all_docs):
        page = html_page(app, doc)
        banner = page.select_one(".bd-header-announcement")
        banners[doc] = banner.get_text(strip=True) if banner else None
        markers[doc] = [(a.get("href"), a.parent.select_one(".claim-tip").get_text())
                        for a in page.select("span.claim-marker-wrap > .claim-marker")]
    return {
        "summary": register.select_one("p.claims-summary").get_text(),
        "rubrics": [r.get_text() for r in register.select("p.rubric")],
        "rows": rows,
        "banners": banners,
        "markers": markers,
        "json": claims_json(app),
    }


def reread(app: SphinxTestApp) -> str:
    """Sphinx's 'N added, N changed, N removed' line for this build."""
    status = ANSI.sub("", app.status.getvalue())
    match = re.search(r"\d+ added, \d+ changed, \d+ removed", status)
    assert match, status
    return match.group()


def written(app: SphinxTestApp) -> list[str]:
    """The pages this build wrote ('writing output... [ 50%] two')."""
    # one item a line, or (colour terminals) items ended by a carriage return
    text = ANSI.sub("", app.status.getvalue()).replace("\r", "\n")
    return re.findall(r"^writing output\.\.\. \[ *\d+%\] (\S+)$", text, re.M)


def test_edited_chapters_rebuild_like_a_clean_build(book, tmp_path: Path) -> None:
    src, build = book
    before = snapshot(build())
    assert before["json"]["summary"] == "Draft: 2 of 5 claims verified, 0 disputed, 3 still open"

    edit(src / "one.md", ":status: sourced\n:sources: known\n", VERIFIED)  # troops: sourced -> verified
    edit(src / "two.md", "The mandate has no end date.\n```\n", "The mandate has no end date.\n```\n" + NEW_CLAIM)
    (src / "three.md").unlink()
    edit(src / "index.md", "three\n", "")

    incremental = build()
    assert reread(incremental) == "0 added, 3 changed, 1 removed"
    clean = build(tmp_path / "clean", freshenv=True)
    after = snapshot(incremental)
    assert after == snapshot(clean)
    assert after != before
    assert after["summary"] == "Draft: 3 of 5 claims verified, 1 disputed, 1 still open."
    assert [c["id"] for c in after["json"]["claims"]] == ["entry", "troops", "mandate", "vote", "handover"]
    assert set(after["banners"].values()) == {"Draft: 3 of 5 claims verified, 1 disputed, 1 still open"}
    assert "three" not in after["banners"]


def test_text_edit_refreshes_the_register(book, tmp_path: Path) -> None:
    """The totals do not move, so only the register page must be rewritten."""
    src, build = book
    build()
    edit(src / "two.md", "The mandate has no end date.", "The mandate ends in 2030.")

    incremental = build()
    assert reread(incremental) == "0 added, 1 changed, 0 removed"
    # the register is rewritten; a chapter that did not change is not
    assert "register" in written(incremental) and "four" not in written(incremental)
    after = snapshot(incremental)
    assert after == snapshot(build(tmp_path / "clean", freshenv=True))
    statements = [cells[1] for row_id, cells, _ in after["rows"] if row_id == "claim-row-mandate"]
    assert statements == ["The mandate ends in 2030."]


def test_settling_the_last_open_claims_removes_the_banner_everywhere(book, tmp_path: Path) -> None:
    """four.md, index.md and register.md are not re-read, yet lose their banner."""
    src, build = book
    assert set(snapshot(build())["banners"].values()) == {"Draft: 2 of 5 claims verified, 0 disputed, 3 still open"}
    edit(src / "one.md", ":status: sourced\n:sources: known\n", VERIFIED)
    edit(src / "two.md", ":status: unsourced\n", VERIFIED)
    edit(src / "three.md", ":status: sourced\n:sources: known\n", VERIFIED)

    incremental = build()
    assert reread(incremental) == "0 added, 3 changed, 0 removed"
    assert "four" in written(incremental)  # not re-read, but its banner must go
    after = snapshot(incremental)
    assert after == snapshot(build(tmp_path / "clean", freshenv=True))
    assert after["banners"] == dict.fromkeys(["four", "index", "one", "register", "three", "two"])
    assert after["summary"] == "All 5 claims settled: 5 verified, 0 disputed; evidence: 5 official."


def test_chapter_without_claims_leaves_the_register(book, tmp_path: Path) -> None:
    src, build = book
    build()
    text = (src / "three.md").read_text(encoding="utf-8")
    edit(src / "three.md", text[text.index("```{claim}"):], "No claims here any more.\n")

    incremental = build()
    assert reread(incremental) == "0 added, 1 changed, 0 removed"
    after = snapshot(incremental)
    assert after == snapshot(build(tmp_path / "clean", freshenv=True))
    assert "budget" not in [c["id"] for c in after["json"]["claims"]]
    assert after["rubrics"] == ["Verification coverage", "Chapter one (1 verified, 1 sourced)",
                                "Chapter two (1 unsourced)", "Chapter four (1 verified)"]
