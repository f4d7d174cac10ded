"""The briefing's content rules: every chapter slotted, every source used,
statuses honest, figures drawn from the same data as their tables."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from briefing.editorial import NOT_FOUND
from test_chapters import ARTICLE_TO_CHAPTER

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "book" / "_data"


@pytest.fixture(scope="module")
def claims(book_html) -> list[dict]:
    book_html.check()
    return json.loads((book_html.out / "claims.json").read_text(encoding="utf-8"))["claims"]


def test_every_chapter_has_a_slot(claims):
    documents = {c["document"] for c in claims}
    missing = [slug for _, slug, _ in ARTICLE_TO_CHAPTER if slug not in documents]
    assert not missing


def test_every_bib_entry_is_real_shaped_and_cited(claims):
    bib = parse_file(str(ROOT / "references.bib"))
    cited = {s["key"] for c in claims for s in c["sources"]}
    assert set(bib.entries) - cited == set()
    for key, entry in bib.entries.items():
        fields = {f.lower() for f in entry.fields}
        assert {"title", "year", "url", "urldate"} <= fields, key
        assert entry.persons.get("author"), f"{key} has no author"
        assert re.match(r"https?://", entry.fields["url"]), key
        assert "example" not in entry.fields["url"], key


def test_statuses_are_honest(claims):
    for c in claims:
        if c["status"] == "verified":
            assert c["quote"] and c["locator"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", c["checked"]), c["id"]
            assert c["sources"], c["id"]
        if c["status"] == "disputed":
            assert c["note"] and c["sources"], c["id"]
        if c["status"] == "unsourced":
            assert not c["sources"], c["id"]
        if c["status"] == "not-confirmed":
            assert "Not confirmed:" in c["text"] and c["note"] and c["checked"], c["id"]
    # nothing is open: the edition can be issued
    assert [c["id"] for c in claims if c["status"] in ("sourced", "unsourced")] == []


def test_corrections_are_in_the_text_of_chapter_claims(claims):
    """A disputed chapter claim states the correction in its text, in one of
    the two forms the About page explains, so the print reader sees it."""
    disputed = [c for c in claims if c["status"] == "disputed" and c["file"].endswith(".md")]
    assert disputed
    assert [c["id"] for c in disputed if not re.search(r"Correction:|More precisely:", c["text"])] == []
    # "Not confirmed:" is for claims no source settles, never for a disputed one
    assert [c["id"] for c in claims if "Not confirmed:" in c["text"] and c["status"] in ("verified", "disputed")] == []


def test_a_disputed_note_says_what_a_source_says(claims):
    """Not finding a source is never a reason to dispute: such a note flags."""
    assert NOT_FOUND.search("No official source describes joint command centres.")
    assert not NOT_FOUND.search("The UN press release gives 14 votes to none.")
    assert [c["id"] for c in claims if c["status"] == "disputed" and NOT_FOUND.search(c["note"])] == []


def test_disputed_claims_were_read_twice(claims):
    """Every correction carries the outcome of a second, independent read."""
    assert [c["id"] for c in claims if c["status"] == "disputed" and not c["recheck"]] == []


def test_every_grade_is_its_best_sources_kind(claims):
    """A checked claim's grade is the kind of its best source (bib field
    ``kind``), and an 'other' source (blog, wiki, digest, copy) settles none."""
    bib = parse_file(str(ROOT / "references.bib"))
    kinds = {key: entry.fields.get("kind", "") for key, entry in bib.entries.items()}
    assert {k for k, v in kinds.items() if v not in ("official", "scholarly", "news", "other")} == set()
    order = ("official", "scholarly", "news", "other")
    for c in claims:
        if c["status"] in ("verified", "disputed"):
            best = next(k for k in order if k in {kinds[s["key"]] for s in c["sources"]})
            assert c["grade"] == best, c["id"]
            assert best != "other", c["id"]
        else:
            assert c["grade"] == "", c["id"]


def _entries(name: str) -> list[dict]:
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_chronology_table_and_timeline_come_from_one_file(book_html):
    entries = _entries("chronology.yaml")
    soup = BeautifulSoup((book_html.out / "chronology.html").read_text(encoding="utf-8"), "html.parser")
    svg_labels = [t.get_text() for t in soup.select("figure.claims-timeline svg text")]
    for entry in entries:
        assert any(entry["label"] in label for label in svg_labels), entry["id"]
    rows = soup.select("table.claims-data tbody tr")
    assert [row.select_one(".claim")["id"] for row in rows] == [f"claim-{e['id']}" for e in entries]
    # dates in the table and on the timeline are the same strings
    table_dates = [row.select("td")[0].get_text(strip=True) for row in rows]
    assert all(any(label.startswith(date) for label in svg_labels) for date in table_dates)


def test_strength_chart_and_table_come_from_one_file(book_html):
    entries = _entries("strength.yaml")
    soup = BeautifulSoup((book_html.out / "06-contributors.html").read_text(encoding="utf-8"), "html.parser")
    chart_values = [t.get_text() for t in soup.select("figure.claims-chart svg text[font-weight=bold]")]
    assert chart_values == [f"{int(e['troops']):,}" for e in entries]
    table_values = [row.select("td")[1].get_text(strip=True) for row in soup.select("table.claims-data tbody tr")]
    assert table_values == chart_values
    # a figure that rests on news reports only looks different from an official one
    bib = parse_file(str(ROOT / "references.bib"))
    news_only = [not {bib.entries[k].fields["kind"] for k in e["sources"]} & {"official", "scholarly"} for e in entries]
    # the points' marks, in date order (the key's two marks follow them): open where news alone bears it
    marks = soup.select("figure.claims-chart svg [data-shape]")
    open_marks = ["claims-open" in (mark.get("class") or []) for mark in marks]
    assert any(news_only) and open_marks[:len(entries)] == news_only


def test_no_sentences_copied_from_the_article():
    tool = ROOT.parent / "shared" / "tools" / "overlap.py"
    if not tool.exists():
        pytest.skip("../shared/tools/overlap.py is not beside this clone")
    proc = subprocess.run([sys.executable, str(tool), str(ROOT / "book")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
