"""The EPUB: a valid package (EPUBCheck) holding every chapter, the claim
markers, the register, the evidence list and the bibliography."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_chapters import ARTICLE_TO_CHAPTER

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
OPF = "{http://www.idpf.org/2007/opf}"


def _xhtml(data: bytes) -> BeautifulSoup:
    """An XHTML page, for CSS selectors (its XML declaration dropped)."""
    return BeautifulSoup(data.decode("utf-8").split("?>", 1)[-1], "html.parser")


def test_epub_passes_epubcheck(book_epub):
    if not EPUBCHECK.exists() or not shutil.which("java"):
        pytest.fail("EPUBCheck is not installed: run the tests with `make test`, which installs it")
    proc = subprocess.run(["java", "-jar", str(EPUBCHECK), str(book_epub)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "No errors or warnings detected" in proc.stdout + proc.stderr


def test_epub_holds_every_chapter_with_markers(book_epub):
    with zipfile.ZipFile(book_epub) as epub:
        opf = ElementTree.fromstring(epub.read("content.opf"))
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(f"{OPF}manifest/{OPF}item")}
        spine = [hrefs[ref.get("idref")] for ref in opf.iterfind(f"{OPF}spine/{OPF}itemref")]
        pages = {name: _xhtml(epub.read(name)) for name in spine}
    for _, slug, title in ARTICLE_TO_CHAPTER:
        page = pages[f"{slug}.xhtml"]
        assert title in page.select_one("h1").get_text().replace("\u2019", "'"), slug
        assert page.select(".claim-marker"), slug
    for name in ("register.xhtml", "evidence.xhtml", "references.xhtml"):
        assert name in spine
    assert pages["register.xhtml"].select("tr[id^=claim-row-]")
    assert pages["references.xhtml"].select("div.citation")
    assert not any(p.select("svg") for p in pages.values())  # figures are SVG images, not inline


def test_the_summary_is_the_first_page_and_the_editors_guide_is_not_packed(book_epub):
    with zipfile.ZipFile(book_epub) as epub:
        opf = ElementTree.fromstring(epub.read("content.opf"))
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(f"{OPF}manifest/{OPF}item")}
        spine = [hrefs[ref.get("idref")] for ref in opf.iterfind(f"{OPF}spine/{OPF}itemref")]
        first = _xhtml(epub.read(spine[0]))
        names = epub.namelist()
    text = " ".join(first.get_text(" ").split())
    assert "Bottom line." in text and "Key facts" in text and "Where the article is wrong or loose" in text
    # a marker in it leads to the claim's evidence entry, one tap away
    assert first.select('a.claim-marker[href*="evidence.xhtml#claim-evidence-"]')
    assert not any(name.endswith(("editors.xhtml", "summary.xhtml")) for name in names)
