"""A quick run of the benchmark's book generator and plain-copy maker
(benchmarks/synth.py): a small synthetic book and its plain copy both build
clean, and the plain copy has the same text and citations without slots."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, sphinx

spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
synth = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synth)

CLAIMS = 24


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("bench")
    book = synth.synthetic_book(tmp / "book", CLAIMS, chapters=3)
    return book, synth.plain_copy(book, tmp / "plain")


def _pages(out: Path) -> list[BeautifulSoup]:
    return [BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(out.glob("ch*.html"))]


def test_synthetic_book_builds(books: tuple[Path, Path]) -> None:
    book, _ = books
    build = sphinx("html", book / "_build", src=book / "book", conf=book)
    build.check()
    pages = _pages(build.out)
    assert len(pages) == 3
    markers = [m for page in pages for m in page.select("span.claim-marker-wrap")]
    assert len(markers) == CLAIMS
    statuses = {m.select_one(".claim-status").get_text() for m in markers}
    assert statuses == {"verified", "disputed", "sourced", "unsourced"}


def test_plain_copy_builds_without_slots(books: tuple[Path, Path]) -> None:
    book, plain = books
    build = sphinx("html", plain / "_build", src=plain / "book", conf=plain)
    build.check()
    pages = _pages(build.out)
    assert not [m for page in pages for m in page.select(".claim, .claim-marker")]
    sourced = sum(":sources:" in text for text in (book / "book").joinpath("ch001.md").read_text().split("```{claim}"))
    cites = re.findall(r"\{cite:p\}`[^`]+`", (plain / "book" / "ch001.md").read_text(encoding="utf-8"))
    prose = (book / "book" / "ch001.md").read_text(encoding="utf-8").count("{cite:p}")
    assert len(cites) == sourced + prose


def test_plain_copy_of_the_real_book() -> None:
    """Every slot of the real book is made plain, and no reference to a claim
    is left (the Summary's, in _parts/, named claims the copy does not have);
    examples in code blocks stay."""
    for path in sorted((ROOT / "book").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        plain = synth.plain_markdown(text, path.parent)
        slots = len(re.findall(r"^```\{claim\}", text, re.M))
        left = len(re.findall(r"^```\{claim\}", plain, re.M))
        examples = len(re.findall(r"^````(?:markdown|md)\n```\{claim\}", text, re.M))
        assert left == examples, path.name
        if slots > examples:
            assert "{cite:p}`" in plain, path.name
        assert synth.CLAIM_REF.findall(plain) == [], path.name
        for options in re.findall(r"^```\{claims-data\}.*\n((?::.*\n)*)", plain, re.M):
            assert re.search(r"^:show: (timeline|chart|map)$", options, re.M), (path.name, options)
