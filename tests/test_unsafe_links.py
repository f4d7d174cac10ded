"""Unsafe links: a url in the .bib (or a link in a chapter) whose scheme is
not http or https is reported at its line and never becomes a link, in any
output: the HTML pages, the EPUB, the PDF's link annotations, claims.json,
the ClaimReview JSON-LD."""
from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, latexmk, sphinx

ROOTS = Path(__file__).resolve().parent / "roots"
HOSTILE = {
    "js-plain": "javascript:alert(1)",
    "js-mixed-case": "JaVaScRiPt:alert(document.cookie)",
    "js-with-tab": "java\tscript:alert(2)",
    "data-url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file-url": "file:///etc/passwd",
    "no-host": "https:alert(3)",
}
#: Schemes a rendered link may have (relative links and anchors have none).
ALLOWED = ("http", "https", "mailto")


def hostile_entries() -> str:
    return "".join(
        f"\n@online{{{key},\n  author  = {{{{Hostile}}}},\n  title   = {{{{Hostile {key}}}}},\n"
        f"  year    = {{2024}},\n  url     = {{{url}}},\n  urldate = {{2026-05-01}},\n  kind    = {{news}},\n}}\n"
        for key, url in HOSTILE.items())


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = Path(shutil.copytree(ROOTS / "test-bad-input", tmp_path_factory.mktemp("unsafe") / "book"))
    with (src / "refs.bib").open("a", encoding="utf-8") as out:
        out.write(hostile_entries())
    (src / "links.md").write_text(
        "# Links\n\nA [chapter link](javascript:alert(4)) and a [data link](data:text/html,x).\n\n"
        "```{claim} hostile-sources\n:status: sourced\n:sources: " + ", ".join(HOSTILE) + "\n"
        "A claim citing every hostile entry.\n```\n\n"
        "```{claim} hostile-review\n:status: not-confirmed\n:sources: " + ", ".join(HOSTILE) + "\n"
        ":checked: 2024-05-01\n:note: Only hostile reports say so.\n"
        "**Not confirmed:** reports say a thing happened.\n```\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("two\n", "two\nlinks\n", 1), encoding="utf-8")
    return src


def scheme(href: str) -> str | None:
    match = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", re.sub(r"[\x00-\x20]", "", href))
    return match[1].lower() if match else None


def bad_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            value = tag.get(attr)
            if value and scheme(value) not in (None, *ALLOWED):
                found.append(f"<{tag.name} {attr}={value!r}>")
    return found


def test_the_check_names_each_unsafe_url_at_its_line(hostile_book: Path, tmp_path: Path) -> None:
    src = Path(shutil.copytree(hostile_book, tmp_path / "book"))
    build = sphinx("dummy", tmp_path / "out", src=src, conf=src)
    text = (src / "refs.bib").read_text(encoding="utf-8").splitlines()
    for key, url in HOSTILE.items():
        line = next(n for n, t in enumerate(text, 1) if t.strip().startswith("url") and url in t)
        assert re.search(rf"refs\.bib:{line}: WARNING: {key}: url .* is not a web address \(http or https\); "
                         r"it is left out of the book \[claims\.bib\]", build.log), build.log
    assert build.returncode != 0, "a strict build must stop on an unsafe url"


def test_no_output_links_an_unsafe_url(hostile_book: Path, tmp_path: Path) -> None:
    html = sphinx("html", tmp_path / "html", src=hostile_book, conf=hostile_book, strict=False)
    assert "Traceback" not in html.log, html.log
    pages = list(html.out.glob("*.html"))
    assert pages
    for page in pages:
        assert bad_links(page.read_text(encoding="utf-8")) == [], page.name
    # markdown-it refuses such links in a chapter: they stay as text
    assert "[chapter link](javascript:alert(4))" in (html.out / "links.html").read_text(encoding="utf-8")
    data = json.loads((html.out / "claims.json").read_text(encoding="utf-8"))
    urls = [source["url"] for c in data["claims"] for source in c["sources"]]
    assert {scheme(u) for u in urls if u} <= set(ALLOWED), urls
    assert {c["id"] for c in data["claims"]} >= {"hostile-sources", "hostile-review"}
    # the ClaimReview JSON-LD names the reports it reviews, without their unsafe urls
    soup = BeautifulSoup((html.out / "links.html").read_text(encoding="utf-8"), "html.parser")
    reviews = [r for s in soup.select('script[type="application/ld+json"]') for r in json.loads(s.string)]
    appearance = [work for r in reviews for work in r["itemReviewed"]["appearance"]]
    assert len(appearance) == len(HOSTILE) and not any("url" in work for work in appearance), reviews

    epub = sphinx("epub", tmp_path / "epub", "-d", str(tmp_path / "doctrees-epub"), src=hostile_book,
                  conf=hostile_book, strict=False)
    with zipfile.ZipFile(next(epub.out.glob("*.epub"))) as package:
        for name in package.namelist():
            if name.endswith((".xhtml", ".html")):
                assert bad_links(package.read(name).decode("utf-8")) == [], name


def test_no_pdf_link_annotation_has_an_unsafe_scheme(hostile_book: Path, tmp_path: Path) -> None:
    if not shutil.which("xelatex"):
        pytest.fail("xelatex missing: run the tests with `make test`, which installs it")
    latex = sphinx("latex", tmp_path / "latex", src=hostile_book, conf=hostile_book, strict=False)
    proc = latexmk(latex.out)
    assert proc.returncode == 0, proc.stdout[-3000:]
    uris = []
    for page in PdfReader(latex.out / "bad.pdf").pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get_object().get("/URI"):
                uris.append(str(action.get_object()["/URI"]))
    assert uris, "the PDF links the safe urls"
    assert {scheme(u) for u in uris} <= set(ALLOWED), uris
    tex = (latex.out / "bad.tex").read_text(encoding="utf-8").lower()
    assert not re.search(r"\\(href|url)\{(javascript|data|file)", tex)


def test_the_real_book_links_only_web_addresses() -> None:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    urls = re.findall(r"^\s*url\s*=\s*\{([^}]*)\}", text, re.M)
    assert urls and all(scheme(u) in ("http", "https") for u in urls)
