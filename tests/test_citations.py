"""Author-year citations that resolve: the label the text prints is the label
the bibliography starts with, letters for works that share author and year,
the slot's order kept, one label per source in every output."""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import claims_json, edit, html_page, latexmk

CITATIONS = pytest.mark.sphinx("html", testroot="citations", freshenv=True)
LABELS = {
    "nato-role-a": "NATO, 2023b",  # "NATO's role in Kosovo" sorts after "KFOR: key facts"
    "nato-role-b": "NATO, 2023a",
    "kfor-facts-1": "NATO Kosovo Force (KFOR), n.d.-a",
    "kfor-facts-2": "NATO Kosovo Force (KFOR), n.d.-b",
    "un-resolution": "Author and Builder, 1999",
}


def bibliography(app: SphinxTestApp) -> list[str]:
    """The labels at the start of each bibliography entry, in order."""
    return [s.get_text().strip("[]") for s in html_page(app, "references").select("div.citation span.label")]


def linked_labels(one: BeautifulSoup, references: BeautifulSoup) -> list[tuple[str, str]]:
    """(label in the text, label of the bibliography entry it links to) of every citation."""
    pairs = []
    for link in one.select("span.claim-citation a"):
        target = references.find(id=link["href"].split("#")[1])
        entry = target if "citation" in target.get("class", []) else target.find_parent(class_="citation")
        pairs.append((link.get_text(), entry.select_one("span.label").get_text().strip("[]")))
    return pairs


def add_entry(bib: Path, entry: str) -> None:
    """Append an entry to a copy's .bib file."""
    bib.write_text(bib.read_text(encoding="utf-8") + entry, encoding="utf-8")


def cited(app: SphinxTestApp, claim_id: str) -> str:
    div = html_page(app, "one").select_one(f"div#claim-{claim_id}")
    return div.select_one("span.claim-citation").get_text()


@CITATIONS
def test_text_and_bibliography_print_the_same_author_year_labels(app: SphinxTestApp) -> None:
    app.build()
    assert bibliography(app) == [
        "Author and Builder, 1999", "NATO, 2023a", "NATO, 2023b",
        "NATO Kosovo Force (KFOR), n.d.-a", "NATO Kosovo Force (KFOR), n.d.-b",
    ]
    # the slot's order, not the bibliography's
    assert cited(app, "mandate") == "(NATO, 2023a; Author and Builder, 1999; NATO, 2023b)"
    assert cited(app, "facts") == "(NATO Kosovo Force (KFOR), n.d.-b; NATO Kosovo Force (KFOR), n.d.-a)"
    # every label in the text links to the entry that starts with it
    for text, entry in linked_labels(html_page(app, "one"), html_page(app, "references")):
        assert entry == text


@CITATIONS
def test_one_label_per_source_in_tooltips_evidence_and_json(app: SphinxTestApp) -> None:
    app.build()
    data = claims_json(app)["claims"]
    assert [(s["key"], s["label"]) for s in data[0]["sources"]] == [
        (k, LABELS[k]) for k in ("nato-role-b", "un-resolution", "nato-role-a")]
    tip = html_page(app, "one").select_one("div#claim-mandate .claim-tip")
    assert [b.get_text() for b in tip.select(".claim-tip-source b")] == [
        LABELS[k] for k in ("nato-role-b", "un-resolution", "nato-role-a")]
    term = html_page(app, "evidence").select_one("dt#claim-evidence-mandate")
    text = term.find_next_sibling("dd").get_text(" ", strip=True)
    assert "Sources: NATO, 2023a; Author and Builder, 1999; NATO, 2023b" in text
    # a [key] in a locator is printed as the source's label
    assert "Where: first paragraph of [NATO, 2023b]" in text


@pytest.mark.sphinx("html", testroot="citations", freshenv=True)
def test_a_label_does_not_change_when_an_unrelated_entry_is_added(app: SphinxTestApp, copy_root) -> None:
    app.build()
    before = bibliography(app)
    src = copy_root("citations")
    add_entry(src / "refs.bib", """
@online{eu-page,
  author  = {{Council of the European Union}},
  title   = {{Aaa first by title}},
  year    = {2023},
  url     = {https://example.org/eu},
  urldate = {2026-11-01},
}
""")
    (src / "one.md").write_text((src / "one.md").read_text(encoding="utf-8").replace(
        ":sources: kfor-facts-2, kfor-facts-1", ":sources: kfor-facts-2, kfor-facts-1, eu-page"), encoding="utf-8")
    other = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        other.build()
        after = bibliography(other)
    finally:
        other.cleanup()
    assert after == [before[0], "Council of the European Union, 2023", *before[1:]]


def test_a_rebuild_in_the_same_process_links_to_the_new_entries(copy_root) -> None:
    """A second build by the same Sphinx application: a source cited for the
    first time joins the bibliography (first, by its label), which moves the
    other entries' anchors; every citation shows it and links to the entry
    that carries its label."""
    src = copy_root("citations")
    sources = ":sources: nato-role-b, un-resolution, nato-role-a"
    edit(src / "one.md", sources, ":sources: nato-role-b, nato-role-a")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        assert cited(app, "mandate") == "(NATO, 2023a; NATO, 2023b)"
        edit(src / "one.md", ":sources: nato-role-b, nato-role-a", sources)
        app.build()
        assert cited(app, "mandate") == "(NATO, 2023a; Author and Builder, 1999; NATO, 2023b)"
        pairs = linked_labels(html_page(app, "one"), html_page(app, "references"))
        assert len(pairs) == 5
        for text, entry in pairs:
            assert entry == text
    finally:
        app.cleanup()


@pytest.mark.sphinx("latex", testroot="citations", freshenv=True)
def test_pdf_bibliography_and_evidence(app: SphinxTestApp) -> None:
    app.build()
    tex = (app.outdir / "citations.tex").read_text(encoding="utf-8")
    items = [i.replace(r"\sphinxhyphen{}", "-") for i in re.findall(r"\\bibitem\[([^\]]*)\]", tex)]
    assert items == [
        "Author and Builder, 1999", "NATO, 2023a", "NATO, 2023b",
        "NATO Kosovo Force (KFOR), n.d.-a", "NATO Kosovo Force (KFOR), n.d.-b",
    ]
    # print markers carry the claim's number and link to its evidence entry
    assert re.findall(r"\\hyperref\[claimev:([\w-]+)\]\{\\claimsmarker\{([A-Z]+(?:\u00b7[A-Z])?)\\,(\d+)\}\}", tex) == [
        ("mandate", "V·O", "1"), ("facts", "D·O", "2"), ("open-question", "U", "3")]
    assert set(re.findall(r"\\label\{claimev:([\w-]+)\}", tex)) == {"mandate", "facts", "open-question"}
    if not shutil.which("xelatex"):
        pytest.fail("xelatex missing: run the tests with `make test`, which installs it")
    assert latexmk(Path(app.outdir)).returncode == 0


def test_an_uncited_work_of_the_same_author_and_year_moves_no_letter_apart(copy_root, tmp_path: Path) -> None:
    """An uncited entry sharing author and year with two cited ones: the
    letters are fixed before any label is formatted (from every entry of the
    .bib files), so the text and the bibliography agree, in a fresh build and
    in the rebuild after a chapter changes."""
    from conftest import sphinx

    src = copy_root("citations")
    add_entry(src / "refs.bib", """
@online{nato-uncited,
  author  = {{NATO}},
  title   = {{Aaa, a page no claim cites}},
  year    = {2023},
  url     = {https://example.org/nato/aaa},
  urldate = {2026-11-01},
  kind    = {official},
}
""")
    out = tmp_path / "html"

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")

    def labels() -> tuple[list[str], list[tuple[str, str]]]:
        entries = page("references")
        return ([s.get_text().strip("[]") for s in entries.select("div.citation span.label")],
                linked_labels(page("one"), entries))

    sphinx("html", out, src=src, conf=src, strict=False)
    first, pairs = labels()
    assert first == ["Author and Builder, 1999", "NATO, 2023b", "NATO, 2023c",
                     "NATO Kosovo Force (KFOR), n.d.-a", "NATO Kosovo Force (KFOR), n.d.-b"]
    assert pairs and all(text == entry for text, entry in pairs), pairs
    edit(src / "one.md", "# ", "# ")
    sphinx("html", out, src=src, conf=src, strict=False)
    assert labels() == (first, pairs)


def test_a_source_added_after_the_slot_names_it_is_cited_on_the_next_build(copy_root, tmp_path: Path) -> None:
    """A slot names a key the .bib does not have yet (a warning); once the
    entry is added, the next build cites it in the slot and lists it in the
    bibliography, as a clean build does."""
    from conftest import sphinx

    src = copy_root("citations")
    edit(src / "one.md", ":sources: nato-role-b, un-resolution, nato-role-a",
         ":sources: nato-role-b, un-resolution, nato-role-a, later-key")
    out = tmp_path / "html"
    first = sphinx("html", out, src=src, conf=src, strict=False)
    assert "unknown BibTeX key 'later-key'" in first.log
    add_entry(src / "refs.bib", """
@online{later-key,
  author  = {{Allied Joint Force Command Naples}},
  title   = {{A page added later}},
  year    = {2024},
  url     = {https://example.org/jfc/later},
  urldate = {2026-11-01},
  kind    = {official},
}
""")
    later = time.time() + 2
    os.utime(src / "refs.bib", (later, later))
    second = sphinx("html", out, src=src, conf=src, strict=False)
    assert "later-key" not in second.log, second.log
    one = BeautifulSoup((out / "one.html").read_text(encoding="utf-8"), "html.parser")
    citation = one.select_one("div#claim-mandate span.claim-citation").get_text()
    assert citation == "(NATO, 2023a; Author and Builder, 1999; NATO, 2023b; Allied Joint Force Command Naples, 2024)"
    references = BeautifulSoup((out / "references.html").read_text(encoding="utf-8"), "html.parser")
    assert "Allied Joint Force Command Naples, 2024" in [s.get_text().strip("[]") for s in
                                                         references.select("div.citation span.label")]
