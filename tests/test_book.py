"""The real book builds clean to HTML and to a print-ready PDF."""
from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import page_texts
from test_chapters import ARTICLE_TO_CHAPTER

ROOT = Path(__file__).resolve().parent.parent
# Names the subject needs, in Albanian, Serbian Latin and Serbian Cyrillic.
NAMES = ["Prishtinë", "Priština", "Mitrovicë", "Mitrovica", "Косово", "UÇK", "Zvečan", "Leposavić", "Đakovica", "Južna", "Dragaš"]


def plain(text: str) -> str:
    """Undo typographic quotes, so titles compare with what the tests write."""
    return text.replace("\u2019", "'")


def pdf_text(pdf: Path) -> str:
    return plain("\n".join(page_texts(pdf)))


def test_html_builds_without_warnings(book_html):
    book_html.check()
    index = book_html.out / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    nav = [plain(a.get_text(" ", strip=True)) for a in soup.select("nav.bd-docs-nav a.reference")]
    titles = [title for _, _, title in ARTICLE_TO_CHAPTER]
    found = [next(i for i, text in enumerate(nav) if text.endswith(t)) for t in titles]
    assert found == sorted(found), nav
    # numbered as in the PDF: "3. Deployment and mandate"
    assert any(re.fullmatch(r"3\.\s*Deployment and mandate", text) for text in nav), nav


def test_every_disputed_and_not_confirmed_claim_is_published_as_a_claim_review(book_html):
    data = json.loads((book_html.out / "claims.json").read_text(encoding="utf-8"))
    expected = {c["id"]: c for c in data["claims"] if c["status"] in ("disputed", "not-confirmed")}
    found = {}
    for page in book_html.out.glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.select('head script[type="application/ld+json"]'):
            for review in json.loads(script.string):
                found[review["url"].split("#claim-evidence-")[1]] = (page.stem, review)
    assert set(found) == set(expected)
    for claim_id, (page, review) in found.items():
        assert page == expected[claim_id]["document"]
        assert review["@type"] == "ClaimReview" and review["datePublished"] == expected[claim_id]["checked"]
        assert review["reviewBody"] == expected[claim_id]["text"]


def test_pdf_is_a4_with_chapters_in_order(book_pdf):
    reader = PdfReader(book_pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(book_pdf)
    body = text[text.index("About this briefing", text.index("CONTENTS") + 1) :]
    # skip the table of contents: find each chapter title after its heading line
    positions = []
    start = 0
    for _, _, title in ARTICLE_TO_CHAPTER:
        # pypdf may drop the spaces of a display heading: match words, not spacing
        words = r"\s*".join(re.escape(word) for word in title.upper().split())
        match = re.search(r"CHAPTER\s+\w+\s+" + words, body[start:])
        assert match, f"chapter heading {title!r} not found in the PDF body"
        positions.append(start + match.start())
        start = positions[-1] + 1
    assert positions == sorted(positions)
    assert "BIBLIOGRAPHY" in text[text.rindex("CONCLUSION") :]


def test_pdf_embeds_all_fonts(book_pdf):
    reader = PdfReader(book_pdf)
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            target = descendant[0].get_object() if descendant else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font.get("/BaseFont"))] = embedded
    assert fonts, "no fonts found"
    assert all(fonts.values()), {name for name, ok in fonts.items() if not ok}


def test_pdf_has_the_names_as_text(book_pdf):
    text = pdf_text(book_pdf)
    missing = [name for name in NAMES if name not in text]
    assert not missing, missing


def test_letter_paper_by_variable(tmp_path):
    from conftest import sphinx
    build = sphinx("latex", tmp_path, "-D", "latex_elements.papersize=letterpaper")
    build.check()
    tex = (tmp_path / "kosovo-briefing.tex").read_text(encoding="utf-8")
    assert "letterpaper" in tex.split("\\begin{document}")[0]


def test_book_builds_as_plain_text(tmp_path):
    """Sphinx's text builder too: a bibliography label wider than its line
    (an organisation's name) used to stop it with a ValueError."""
    from conftest import sphinx
    build = sphinx("text", tmp_path)
    build.check()
    bibliography = (tmp_path / "references.txt").read_text(encoding="utf-8")
    label = "[PA-X Peace Agreements Database, University of Edinburgh (PeaceRep), n.d.]"
    assert re.search(re.escape(label) + r" PA-X Peace Agreements Database", bibliography)
    chapter = (tmp_path / "00-about.txt").read_text(encoding="utf-8")
    # a slot's citation and marker (status and grade)
    assert re.search(r"\(NATO Kosovo Force \(KFOR\), n\.d\.-[a-z]\) \[V/O\]", " ".join(chapter.split()))


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert re.search(r"^make test\b", ci, flags=re.M)


def test_the_sites_landing_page_is_the_summary(book_html):
    soup = BeautifulSoup((book_html.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main, article") or soup
    text = " ".join(main.get_text(" ").split())
    assert "Bottom line." in text and "Key facts" in text
    # every figure of the summary sits in a sentence that names its claim (make check enforces
    # it: claims.ref_figure); here, each list item of the key facts has at least one marker
    items = soup.select("div.key-facts li")
    assert len(items) >= 6 and all(item.select("a.claim-marker") for item in items)


def test_the_commanders_table_gives_name_nation_and_date(book_html):
    soup = BeautifulSoup((book_html.out / "04-objectives-structure.html").read_text(encoding="utf-8"), "html.parser")
    table = next(t for t in soup.select("table") if "Commanders of KFOR" in t.get_text())
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Date", "Commander", "Nation", "Claim"]
    first = [td.get_text(" ", strip=True) for td in table.select("tbody tr")[0].select("td")]
    assert first[:3] == ["Jun 1999", "Lt Gen Sir Mike Jackson", "United Kingdom"]


def test_the_sites_index_lists_places_units_missions_and_people(book_html):
    soup = BeautifulSoup((book_html.out / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    entries = {" ".join(a.get_text(" ").split()) for a in soup.select("table.indextable li")}
    text = " ".join(soup.get_text(" ").split())
    for entry in ("Mitrovica (place)", "Kurti, Albin (person)", "EULEX (mission)", "Camp Bondsteel (place)"):
        assert entry in text, entry
    assert len(entries) > 40


def test_the_site_shows_the_summary_once_as_its_landing_page(book_html):
    """The print-only Summary page (index.md's ``{only} latex`` toctree) is
    not in the site's navigation: the landing page carries the Summary."""
    landing = BeautifulSoup((book_html.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Key facts" in landing.get_text(" ", strip=True)
    for page in ("index.html", "01-origins.html", "13-conclusion.html"):
        soup = BeautifulSoup((book_html.out / page).read_text(encoding="utf-8"), "html.parser")
        nav = soup.select_one("nav.bd-docs-nav")
        assert nav is not None, page
        assert [a["href"] for a in nav.select("a[href]") if a["href"].startswith("summary.html")] == [], page
        assert not [a for a in soup.select("a.left-prev, a.right-next") if a["href"].startswith("summary.html")], page
