"""The real book as a printed document: metadata and outline, citations that
resolve in the bibliography, the evidence list, the date of information."""
from __future__ import annotations

import json
import re
import runpy
from datetime import date
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import page_texts
from test_book import pdf_text
from test_chapters import ARTICLE_TO_CHAPTER

ROOT = Path(__file__).resolve().parent.parent
CONF = runpy.run_path(str(ROOT / "conf.py"))
INFORMATION_DATE = f"{CONF['date_of_information'].day} {CONF['date_of_information']:%B %Y}"


def heading(text: str, title: str, start: int = 0) -> int:
    """Where a display heading starts (pypdf may drop its spaces)."""
    match = re.compile(r"\s*".join(map(re.escape, title.split()))).search(text, start)
    assert match, title
    return match.start()


def tex(book_pdf: Path) -> str:
    return book_pdf.with_suffix(".tex").read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-")


def test_pdf_metadata_and_outline(book_pdf):
    reader = PdfReader(book_pdf)
    info = reader.metadata
    assert info.title == "Allied Peacekeeping in Kosovo"
    assert info.author == "The Kosovo Briefing Team"
    assert "KFOR" in info.subject and "Kosovo" in (info.get("/Keywords") or "")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    outline = [item.title.replace("\u2019", "'") for item in reader.outline if not isinstance(item, list)]
    titles = [title for _, _, title in ARTICLE_TO_CHAPTER]
    assert [t for t in outline if t in titles] == titles
    assert outline[:2] == ["Summary", "About this briefing"]
    assert "Editors' guide" not in outline
    assert {"Chronology", "Claims register", "Evidence", "Bibliography"} <= set(outline)


def test_every_citation_resolves_to_one_bibliography_entry(book_pdf):
    source = tex(book_pdf)
    items = re.findall(r"\\bibitem\[([^\]]+)\]\{([^}]+)\}", source)
    labels = Counter(label for label, _ in items)
    assert not [label for label, n in labels.items() if n > 1]
    by_id = {target: label for label, target in items}
    cited = re.findall(r"\\hyperlink\{cite\.([^}]+)\}\{([^}]+)\}", source)
    assert len(cited) > 100
    assert [(t, label) for t, label in cited if by_id.get(t) != label] == []
    assert not re.search(r"\\bibitem\[\d+\]", source)  # no numeric labels
    # on paper: every label once at the head of a bibliography entry
    text = pdf_text(book_pdf)
    bibliography = re.sub(r"\s+", " ", text[heading(text, "BIBLIOGRAPHY", heading(text, "EVIDENCE", heading(text, "CONCLUSION"))):])
    for label in labels:
        assert bibliography.count(f"[{label}]") == 1, label


def test_evidence_list_in_print_holds_every_slot(book_pdf, book_html):
    claims = json.loads((book_html.out / "claims.json").read_text(encoding="utf-8"))["claims"]
    text = pdf_text(book_pdf)
    evidence = re.sub(r"\s+", "", text[heading(text, "EVIDENCE", heading(text, "CLAIMS REGISTER", heading(text, "CONCLUSION"))):])
    missing = [c["id"] for c in claims if c["id"].replace("-", "") not in evidence.replace("-", "")]
    assert not missing
    source = tex(book_pdf)
    # each print marker carries its number and links to its evidence entry
    markers = re.findall(r"\\hyperref\[claimev:([\w-]+)\]\{\\claimsmarker\{[A-Z]+(?:\u00b7[A-Z])?\\,(\d+)\}\}", source)
    assert {cid for cid, _ in markers} == {c["id"] for c in claims}
    assert sorted({int(n) for _, n in markers}) == list(range(1, len(claims) + 1))


def test_printed_register_is_the_coverage_table_only(book_pdf, book_html):
    """On paper each slot is printed once, in the evidence list: the register
    keeps its coverage table, not a second row per claim (the site keeps them)."""
    text = pdf_text(book_pdf)
    start = heading(text, "CLAIMS REGISTER", heading(text, "CONCLUSION"))
    register = text[start:heading(text, "EVIDENCE", start)]
    assert "Verificationcoverage" in re.sub(r"\s+", "", register) and "Whole book" in register
    claims = json.loads((book_html.out / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert [c["id"] for c in claims if c["id"] in register] == []
    assert r"\label{claimrow:" not in tex(book_pdf)
    site = BeautifulSoup((book_html.out / "register.html").read_text(encoding="utf-8"), "html.parser")
    assert len(site.select("tr[id^=claim-row-]")) == len(claims)


def test_date_of_information_on_title_and_about_pages(book_pdf, book_html):
    first = page_texts(book_pdf)[0]
    assert f"Information as of {INFORMATION_DATE}" in first
    about = BeautifulSoup((book_html.out / "00-about.html").read_text(encoding="utf-8"), "html.parser")
    assert f"Date of information: {INFORMATION_DATE}" in about.get_text(" ", strip=True)
    claims = json.loads((book_html.out / "claims.json").read_text(encoding="utf-8"))["claims"]
    # sources are checked up to the edition's date of issue, which the title page gives too
    assert [c["id"] for c in claims if c["checked"] > CONF["claims_edition_date"]] == []
    issued = date.fromisoformat(CONF["claims_edition_date"])
    assert f"sources checked to {issued.day} {issued:%b %Y}" in " ".join(first.split())


def test_list_of_figures_after_the_contents(book_pdf):
    text = pdf_text(book_pdf)
    figures = heading(text, "LIST OF FIGURES")
    assert heading(text, "CONTENTS") < figures < heading(text, "About this briefing", figures)
    assert "Kosovo and its neighbours" in text[figures:heading(text, "About this briefing", figures)]


#: In-house working notes that must never reach a reader's page.
WORKING_NOTES = re.compile(r"stored (corpus|cop(y|ies)|page|excerpt|version|sources)|second reader|"
                           r"\(h\d+\)", re.I)


def link_destinations(reader: PdfReader) -> list[tuple[int, str]]:
    """(page, destination name) of every internal link of the PDF."""
    found = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get_object().get("/S") == "/GoTo":
                dest = action.get_object().get("/D")
            if dest is not None:
                found.append((number, str(dest)))
    return found


def test_every_internal_link_of_the_pdf_leads_somewhere(book_pdf):
    reader = PdfReader(book_pdf)
    links = link_destinations(reader)
    assert len(links) > 1000  # markers, cross-references, contents, citations
    names = set(reader.named_destinations)
    dead = [(page, dest) for page, dest in links if dest not in names]
    assert dead == [], dead[:10]


def test_the_readers_pdf_has_no_editors_guide_and_no_working_notes(book_pdf):
    text = pdf_text(book_pdf)
    assert "Editors’ guide" not in text and "Editors' guide" not in text
    assert "Adding a source" not in text  # a heading of the guide
    notes = sorted({m.group(0) for m in WORKING_NOTES.finditer(text)})
    assert notes == [], notes


def test_cross_references_in_print_give_the_page(book_pdf):
    text = pdf_text(book_pdf)
    # "(see chapter 3, p. 10)": the chapter's number, then its page, after a comma
    refs = re.findall(r"chapter (\d+), p\. (\d+)", text)
    assert len(refs) > 30, refs
    reader = PdfReader(book_pdf)
    # the page as printed on it (the front matter is numbered apart)
    pages = {item.title.replace("\u2019", "'"): reader.page_labels[reader.get_destination_page_number(item)]
             for item in reader.outline if not isinstance(item, list)}
    starts = {n: pages[title.replace("\u2019", "'")] for n, (_, _, title) in enumerate(ARTICLE_TO_CHAPTER, 1)}
    for chapter, page in refs:
        assert starts[int(chapter)] == page, (chapter, page, starts)
    assert not re.search(r"\((page|p\.) \d+\)", text)  # never Sphinx's "(page 10)"


def test_the_summary_comes_first_after_the_title_page(book_pdf):
    reader, texts = PdfReader(book_pdf), page_texts(book_pdf)
    second = " ".join(texts[1].split())
    assert second.startswith("SUMMARY") or second.startswith("Summary"), second[:80]
    assert "Bottom line." in second and "Key facts" in second
    summary = second + " ".join(texts[2].split())
    assert re.search(r"What\s*has\s*changed\s*since\s*2024", summary), summary
    # then the contents; the body starts at page 1
    contents = next(n for n, page in enumerate(texts) if "CONTENTS" in page.upper()[:200])
    assert 2 < contents < 6
    assert reader.page_labels[1] == "i"
    assert sum(1 for label in reader.page_labels[:contents + 3] if label == "1") == 1


def test_every_continued_table_names_a_caption_the_reader_saw(book_pdf):
    text = pdf_text(book_pdf)
    captions = re.findall(r"Table (\d+):", text)
    continued = re.findall(r"Table (\d+) [–-] continued", text)
    assert continued and set(continued) <= set(captions), (captions, continued)


def test_one_label_per_organisation_and_no_year_twice(book_pdf):
    source = tex(book_pdf)
    authors = {re.sub(r", (n\.d\.|\d{4})(-?[a-z])?$", "", label)
               for label, _ in re.findall(r"\\bibitem\[([^\]]+)\]\{([^}]+)\}", source)}
    # "KFOR" beside "NATO Kosovo Force (KFOR)", or "X (Y)" beside "X": one body under two labels
    aliases = [(a, b) for a in authors for b in authors
               if a != b and (b.endswith(f"({a})") or re.sub(r" \([^)]*\)$", "", b) == a)]
    assert aliases == [], aliases
    text = re.sub(r"\s+", " ", pdf_text(book_pdf))
    bibliography = text[heading(text, "BIBLIOGRAPHY", heading(text, "EVIDENCE", heading(text, "CONCLUSION"))):]
    twice = re.findall(r"[^.]{0,60}\b((?:19|20)\d\d)\. \1\.", bibliography)
    assert twice == [], twice


def test_the_book_ends_with_how_to_cite_and_an_index(book_pdf):
    last = " ".join(" ".join(p.split()) for p in page_texts(book_pdf)[-4:])
    assert "INDEX" in last.upper()
    for entry in ("Mitrovica (place)", "Kurti, Albin (person)", "UNMIK (mission)",
                  "Multinational Specialized Unit (unit)"):
        assert entry in last, entry
    text = pdf_text(book_pdf)
    cite = text[heading(text, "ABOUT THIS EDITION", heading(text, "EVIDENCE", heading(text, "CONCLUSION"))):]
    squeezed = re.sub(r"\s+", "", cite)
    assert "Howtocite" in squeezed[:200] and "CCBY4.0" in squeezed and "Disclaimer" in squeezed
    assert CONF["edition_line"] in " ".join(cite.split())[:800]
