"""LaTeX output of every claims node, the draft mark, the print layout
(unnumbered front and back matter, no empty bibliography chapter), and one
tiny book compiled to PDF with XeLaTeX."""
from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from conftest import latexmk

BASIC = pytest.mark.sphinx("latex", testroot="claims-basic", freshenv=True)
PRINT = pytest.mark.sphinx("latex", testroot="claims-print", freshenv=True)
SETTLED = pytest.mark.sphinx("latex", testroot="claims-settled", freshenv=True)

# (id, letter) of every claim in claims-basic, in reading order.
CLAIMS = [("entry-date", "V·O"), ("troop-peak", "S"), ("casualty-count", "D·N"), ("future-role", "U"), ("escaping", "V·N")]
TAG = r"([A-Z]+(?:\u00b7[A-Z])?)"  # status letter, then the grade's (V·O: verified on an official source)
TEXT = r"Costs rose 50\% \& more for item \#1 of a\_b \{set\} at C:\textbackslash{}temp."
UNNUMBERED = r"\edef\briefingsecnumdepth{\the\value{secnumdepth}}\setcounter{secnumdepth}{-1}"
NUMBERED = r"\setcounter{secnumdepth}{\briefingsecnumdepth}"
DRAFT_HOOK = r"\AddToHook{shipout/foreground}"


def build_tex(app: SphinxTestApp, name: str) -> str:
    app.build()
    return (app.outdir / name).read_text(encoding="utf-8")


@BASIC
def test_claim_is_a_label_before_its_text(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    for cid, _ in CLAIMS:
        assert out.count(rf"\label{{claim:{cid}}}") == 1, cid
    assert re.search(r"\\phantomsection\\label\{claim:entry-date\}%?\s*(\\sphinxAtStartPar\s*)?KFOR entered Kosovo", out)


@BASIC
def test_marker_is_a_lettered_box_linking_to_the_register_row(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    markers = re.findall(r"\\hyperref\[claimrow:([\w-]+)\]\{\\claimsmarker\{" + TAG + r"\}\}", out)
    assert markers == CLAIMS
    assert r"\newcommand{\claimsmarker}" in out


@BASIC
def test_register_rows_carry_label_link_back_and_page(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    rows = re.findall(
        r"\\phantomsection\\label\{claimrow:([\w-]+)\}\\hyperref\[claim:([\w-]+)\]\{\\sphinxcode\{.*?\}\}"
        r"\\newline\{\}\\emph\{p\.\\,\\pageref\{claim:([\w-]+)\}\}",
        out,
    )
    assert rows == [(cid, cid, cid) for cid, _ in CLAIMS]
    # every link has its target, in both directions
    assert set(re.findall(r"\\hyperref\[claimrow:([\w-]+)\]", out)) == set(re.findall(r"\\label\{claimrow:([\w-]+)\}", out))
    assert set(re.findall(r"\\hyperref\[claim:([\w-]+)\]", out)) == set(re.findall(r"\\label\{claim:([\w-]+)\}", out))
    # the status column is the plain marker and its word
    assert re.findall(r"\\claimsmarker\{" + TAG + r"\}\\,([\w ,]+)", out)[9:] == [
        ("V·O", "verified, official"), ("S", "sourced"), ("D·N", "disputed, news"), ("U", "unsourced"),
        ("V·N", "verified, news")]


@BASIC
def test_coverage_bars_and_summary(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    assert re.findall(r"\\claimsbar\{([\d.]+)\}\{(\d+)\\%\}", out) == [("0.500", "50"), ("0.667", "67"), ("0.600", "60")]
    assert r"\newcommand{\claimsbar}" in out
    assert "Draft: 2 of 5 claims verified, 1 disputed, 2 still open." in out


@BASIC
def test_legend_lists_the_four_markers_before_the_register(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    legend = out[out.index(r"\chapter{Register}"):out.index("Verification coverage")]
    assert re.findall(r"\\sphinxlineitem\{\\claimsmarker\{" + TAG + r"\}\\,([\w ,]+)\}", legend) == [
        ("V", "verified"), ("D", "disputed"), ("NC", "not confirmed"), ("S", "sourced"), ("U", "unsourced"),
        ("V·O", "verified, official"), ("V·A", "verified, scholarly"), ("V·N", "verified, news"),
        ("V·X", "verified, other")]


@BASIC
def test_special_characters_are_escaped(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    assert out.count(TEXT) == 2  # the claim, and its register row
    assert "C:\\temp" not in out.replace(r"\textbackslash{}", "")
    # quote, locator and note are for the screen's tooltip only
    assert "<script>" not in out and "Annex" not in out


@BASIC
def test_draft_mark_and_status_while_claims_are_open(app: SphinxTestApp) -> None:
    out = build_tex(app, "basic.tex")
    preamble = out[: out.index(r"\begin{document}")]
    assert r"\newcommand{\claimsstatus}{Draft: 2 of 5 claims verified, 1 disputed, 2 still open}" in preamble
    assert DRAFT_HOOK in preamble


@SETTLED
def test_no_draft_mark_once_settled(app: SphinxTestApp) -> None:
    out = build_tex(app, "settled.tex")
    assert r"\newcommand{\claimsstatus}{All 2 claims settled: 1 verified, 1 disputed; evidence: 2 official}" in out
    assert DRAFT_HOOK not in out
    # no register in this book: the markers are boxes without a link
    assert r"\hyperref[claimrow:" not in out
    assert re.findall(r"\\claimsmarker\{" + TAG + r"\}", out) == ["V·O", "D·O"]


@PRINT
def test_front_and_back_matter_are_unnumbered_chapters(app: SphinxTestApp) -> None:
    out = build_tex(app, "print.tex")
    body = out[out.index(r"\begin{document}"):]
    sequence = re.findall(
        r"\\edef\\briefingsecnumdepth\{\\the\\value\{secnumdepth\}\}\\setcounter\{secnumdepth\}\{-1\}"
        r"|\\setcounter\{secnumdepth\}\{\\briefingsecnumdepth\}|\\chapter\{[^}]*\}",
        body,
    )
    assert sequence == [UNNUMBERED, r"\chapter{About this book}", NUMBERED, r"\chapter{The chapter}",
                        UNNUMBERED, r"\chapter{Register}"]


@PRINT
def test_empty_bibliography_page_is_dropped(app: SphinxTestApp) -> None:
    out = build_tex(app, "print.tex")
    assert r"\chapter{References}" not in out
    assert r"\label{\detokenize{references::doc}}" not in out
    assert out.count(r"\begin{sphinxthebibliography}") == 1
    assert "A Known Source" in out


@pytest.mark.slow
@PRINT
def test_tiny_book_compiles_to_pdf_with_the_register(app: SphinxTestApp) -> None:
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex/latexmk missing: run the tests with `make test`, which installs them")
    app.build()
    proc = latexmk(app.outdir)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    pages = [page.extract_text() or "" for page in PdfReader(app.outdir / "print.pdf").pages]
    text = " ".join(" ".join(pages).split())
    assert re.search(r"CHAPTER ONE THE CHAPTER", text)
    assert "ABOUT THIS BOOK" in text and not re.search(r"CHAPTER \w+ ABOUT THIS BOOK", text)
    assert not re.search(r"CHAPTER \w+ REGISTER", text)
    register = text[text.index("Verification coverage"):]
    assert "The chapter (1 verified, 1 sourced)" in register
    # rows with the page their claim stands on, resolved (not "??")
    assert re.search(r"print-fact p\. \d+ It happened in 1999\.", register)
    assert re.search(r"print-open p\. \d+ Costs rose 50% & more for item #1 of a_b \{set\} at C:\\temp\.", register)
    assert "DRAFT Draft: 1 of 2 claims verified, 0 disputed, 1 still open" in pages[-1]
