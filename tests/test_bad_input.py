"""Bad input: a corpus of broken and hostile inputs, each one small change to
a copy of roots/test-bad-input, each with its expected outcome.

Every case goes through ``briefing.check`` (what ``make check`` runs; here
its ``main``, in the test's process), in the copy, so locations print as
``one.md:12``. A case expects an
exit status and *exactly* its problem lines, each as (``file:line``, message
fragment): a cascade (a second, misleading line) fails the case as surely as
a missing one. No output may hold a traceback or ask for a bug report.

The hostile inputs that must succeed (HTML, LaTeX specials, Cyrillic and
Albanian, claims in a table cell, an admonition, a 5,000-word claim) are
also built together, once, to HTML, LaTeX and (XeLaTeX) a PDF, where each
must show as typed and, in HTML, escaped.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup
from pybtex.exceptions import PybtexError
from pypdf import PdfReader

from briefing import check
from briefing.subtypes import SUBTYPES
from conftest import latexmk, sphinx

ROOTS = Path(__file__).resolve().parent / "roots"
CRASH = ("Traceback", "report this error", "internal error")
Edit = Callable[[Path], None]


# -- edits: small changes to the copy ---------------------------------------------

def replace(file: str, old: str, new: str) -> Edit:
    def edit(src: Path) -> None:
        text = (src / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {file}"
        (src / file).write_text(text.replace(old, new), encoding="utf-8")
    return edit


def append(file: str, text: str) -> Edit:
    def edit(src: Path) -> None:
        with (src / file).open("a", encoding="utf-8") as out:
            out.write(text)
    return edit


def append_bytes(file: str, data: bytes) -> Edit:
    return lambda src: (src / file).write_bytes((src / file).read_bytes() + data)


def write(file: str, data: str | bytes) -> Edit:
    def edit(src: Path) -> None:
        path = src / file
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    return edit


def remove(file: str) -> Edit:
    return lambda src: (src / file).unlink()


def chapter(name: str, text: str) -> Edit:
    """A new chapter, listed in the toctree after chapter two."""
    def edit(src: Path) -> None:
        (src / f"{name}.md").write_text(text, encoding="utf-8")
        index = src / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("two\n", f"two\n{name}\n", 1), encoding="utf-8")
    return edit


def chain(*edits: Edit) -> Edit:
    def edit(src: Path) -> None:
        for one in edits:
            one(src)
    return edit


@dataclass(frozen=True)
class At:
    """``file:LINE`` of the ``nth`` line holding ``text`` (plus ``offset``), found in the edited copy."""
    file: str
    text: str
    nth: int = 1
    offset: int = 0

    def resolve(self, src: Path) -> str:
        lines = (src / self.file).read_bytes().decode("utf-8", errors="replace").splitlines()
        found = [n for n, line in enumerate(lines, 1) if self.text in line]
        assert len(found) >= self.nth, f"{self.text!r} not in {self.file}"
        return f"{self.file}:{found[self.nth - 1] + self.offset}"


@dataclass
class Case:
    name: str
    edit: Edit
    status: int  #: exit status of the check: 0 clean, 1 problems, 2 stopped
    expect: list[tuple[At | str, str]] = field(default_factory=list)  #: exactly these problem lines
    html: Callable[[Path, str], None] | None = None  #: checks on its own HTML build (out, log)
    shows: list[str] = field(default_factory=list)  #: in the HTML text, the .tex and the PDF, as typed
    tex: list[str] = field(default_factory=list)  #: in the .tex, as escaped for LaTeX


def claim(claim_id: str, text: str, status: str = "unsourced", **fields: str) -> str:
    options = "".join(f":{name}: {value}\n" for name, value in {"status": status, **fields}.items())
    return f"```{{claim}} {claim_id}\n{options}{text}\n```\n"


def entry(key: str, kind: str = "official", type_: str = "online", **fields: str) -> str:
    fields = {"author": "{Some Body}", "title": f"About {key}", "year": "2020", "url": f"https://example.org/{key}",
              "urldate": "2026-05-01", "kind": kind, **fields}
    body = "".join(f"  {name:<12} = {{{value}}},\n" for name, value in fields.items())
    return f"\n@{type_}{{{key},\n{body}}}\n"


# -- the hostile inputs that must render as typed ---------------------------------

HOSTILE_BIB = entry(
    "hostile-html", type_="book", author='{<script>alert("author")</script> Ltd}',
    title='<script>alert("title")</script> and <b>bold</b> & "quotes"', publisher="<i>Org</i>",
    note='<img src=x onerror=alert("bibnote")>', url='https://example.org/?q=<script>&x="1"')
HOSTILE_CLAIM = claim("hostile-html", "Scripts are text here: 1 < 2 and 3 > 2 & so on.", "verified",
                      sources="hostile-html", quote="""'<script>alert("quote")</script> & <b>bold</b>'""",
                      locator="""'<i>Annex</i> <a href="javascript:alert(1)">x</a>'""", checked="2026-05-01",
                      note="""'<img src=x onerror=alert("note")>'""")
SPECIALS = r"50% & #1 a_b {c} \path ~x ^y $z"
SPECIALS_BIB = entry(
    "specials", type_="book", author=r"{R\&D 50\% #1 a_b ^2 $3 \textbackslash{} \textasciitilde{}}",
    title=r"Title 50\% & #1 a_b ^2 $3 \textbackslash{} \textasciitilde{} {NATO}",
    publisher=r"Org 50\% & #1 a_b ^2 $3", note=r"Note 50\% & #1 a_b ^2 $3 \textbackslash{}",
    url="https://example.org/a_b%20c#frag~x")
SPECIALS_CLAIM = claim("latex-specials", r"T: costs rose 50% & more for #4 of a_b {set} at C:\temp ~x ^y $z.",
                       "verified", sources="specials", quote=f"'Q: {SPECIALS}'", locator=f"'L: {SPECIALS}'",
                       checked="2026-05-01", note=f"'N: {SPECIALS}'")
SCRIPTS_BIB = entry("cyrillic-albanian", kind="scholarly", type_="book", author="Љубомир Ђорђевић and Arbër Çela",
                    title="Косово и Метохија / Kosova: çështja ë", publisher="Универзитет у Приштини",
                    note="Белешка: shënim ë ç", year="2019")
SCRIPTS_CLAIM = claim("cyrillic-albanian", "Текст: КФОР је ушао 1999. KFOR hyri në Kosovë (ç, ë).", "verified",
                      sources="cyrillic-albanian", quote="'Цитат: Приштина / Prishtinë, Mitrovicë, Çabrat'",
                      locator="'страница 3, faqja ë'", checked="2026-05-01", note="'Белешка: shënim për Çabratin'")
SCRIPTS_DATA = ("\n- id: data-scripts\n  date: '2010-01-01'\n  text: 'Податак: Gjilan, Ferizaj (ë, ç)'\n"
                "  status: unsourced\n")
LONG_TEXT = " ".join(f"word{i}" for i in range(5000))
TABLE = ("# Cells\n\n````{list-table}\n:header-rows: 1\n\n* - Year\n  - Claim\n* - 1999\n  - ```{claim} cell-claim\n"
         "    :status: unsourced\n    A claim in a table cell.\n    ```\n````\n")
ADMONITION = "# Admonition\n\n````{note}\n" + claim("note-claim", "A claim in an admonition.") + "````\n"


def no_markup_from_input(out: Path, log: str) -> None:
    """Every page: the hostile strings are text, never elements or attributes."""
    for page in out.glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], page.name
        assert not soup.select("img[onerror], a[href^='javascript']"), page.name
        assert not [t for t in soup.find_all(["b", "i"]) if t.get_text() in ("bold", "Org", "Annex")], page.name
    data = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    hostile = next(c for c in data["claims"] if c["id"] == "hostile-html")
    assert hostile["quote"] == '<script>alert("quote")</script> & <b>bold</b>'
    assert hostile["note"] == '<img src=x onerror=alert("note")>'


def in_full_and_short(out: Path, log: str) -> None:
    soup = BeautifulSoup((out / "long.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#claim-long-claim").get_text(" ", strip=True).startswith(LONG_TEXT)
    row = BeautifulSoup((out / "register.html").read_text(encoding="utf-8"), "html.parser").find(
        string=re.compile("word0 word1"))
    assert row is not None and len(row) <= 140 and row.rstrip().endswith("...")


def inside(container: str, page: str, claim_id: str) -> Callable[[Path, str], None]:
    """The claim stands inside ``container``, its marker linking to its evidence entry, which links
    back; its register row links to the evidence entry too."""
    def check(out: Path, log: str) -> None:
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        found = soup.select_one(f"{container} div.claim#claim-{claim_id}")
        assert found is not None and found.select_one(f"a.claim-marker[href='evidence.html#claim-evidence-{claim_id}']")
        register = BeautifulSoup((out / "register.html").read_text(encoding="utf-8"), "html.parser")
        assert register.select_one(f"#claim-row-{claim_id} a[href='evidence.html#claim-evidence-{claim_id}']")
        evidence = BeautifulSoup((out / "evidence.html").read_text(encoding="utf-8"), "html.parser")
        assert evidence.select_one(f"#claim-evidence-{claim_id} a[href='{page}#claim-{claim_id}']")
    return check


RENDER = [
    Case("html-in-every-bib-field-quote-and-note", chain(append("refs.bib", HOSTILE_BIB),
         chapter("hostile", "# Hostile\n\n" + HOSTILE_CLAIM)), 0, html=no_markup_from_input,
         shows=['<script>alert("author")</script> Ltd', '<script>alert("title")</script> and <b>bold</b> & "quotes"',
                "<i>Org</i>", '<img src=x onerror=alert("bibnote")>', '<script>alert("quote")</script> & <b>bold</b>',
                "<i>Annex</i>", '<img src=x onerror=alert("note")>',
                "Scripts are text here: 1 < 2 and 3 > 2 & so on."]),
    Case("latex-specials-in-every-field", chain(append("refs.bib", SPECIALS_BIB),
         chapter("specials", "# Specials\n\n" + SPECIALS_CLAIM)), 0,
         shows=["Title 50% & #1 a_b ^2 $3 \\ ~ NATO", "R&D 50% #1 a_b ^2 $3 \\ ~", "Org 50% & #1 a_b ^2 $3",
                "Note 50% & #1 a_b ^2 $3 \\", f"Q: {SPECIALS}", f"L: {SPECIALS}", f"N: {SPECIALS}",
                r"T: costs rose 50% & more for #4 of a_b {set} at C:\temp ~x ^y $z."],
         tex=[r"T: costs rose 50\% \& more for \#4 of a\_b \{set\} at C:\textbackslash{}temp "
              r"\textasciitilde{}x \textasciicircum{}y \$z."]),
    Case("cyrillic-and-albanian-in-every-field", chain(append("refs.bib", SCRIPTS_BIB),
         append("_data/events.yaml", SCRIPTS_DATA),
         chapter("scripts", "# Косово — Kosovë: ë ç\n\n" + SCRIPTS_CLAIM)), 0,
         shows=["Ђорђевић and Çela, 2019", "Косово и Метохија / Kosova: çështja ë", "Универзитет у Приштини",
                "Белешка: shënim ë ç", "Цитат: Приштина / Prishtinë, Mitrovicë, Çabrat", "страница 3, faqja ë",
                "Белешка: shënim për Çabratin", "Текст: КФОР је ушао 1999. KFOR hyri në Kosovë (ç, ë).",
                "Косово — Kosovë: ë ç", "Податак: Gjilan, Ferizaj (ë, ç)"],
         tex=["Текст: КФОР је ушао 1999. KFOR hyri në Kosovë (ç, ë)."]),
    Case("claim-in-a-table-cell", chapter("cells", TABLE), 0, html=inside("td", "cells.html", "cell-claim"),
         shows=["A claim in a table cell."]),
    Case("claim-in-an-admonition", chapter("admonition", ADMONITION), 0,
         html=inside("div.admonition", "admonition.html", "note-claim"), shows=["A claim in an admonition."]),
    Case("claim-of-5000-words", chapter("long", "# Long\n\n" + claim("long-claim", LONG_TEXT)), 0,
         html=in_full_and_short, shows=["word0 word1 word2", "word4998 word4999"]),
]


# -- the broken inputs: located failures --------------------------------------------

def removed_chapter_counts_nowhere(out: Path, log: str) -> None:
    ids = [c["id"] for c in json.loads((out / "claims.json").read_text(encoding="utf-8"))["claims"]]
    assert ids == ["entry-date", "troop-peak"]
    register = (out / "register.html").read_text(encoding="utf-8")
    assert "casualty-count" not in register and "entry-date" in register


def one_warning_for_the_empty_chapter(out: Path, log: str) -> None:
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert len(warnings) == 1 and re.search(r"three\.md:1: WARNING: the document is empty", warnings[0]), log


def slot_field(claim_id: str, name: str, value: str) -> Callable[[Path, str], None]:
    """The claim's field in claims.json is ``value``, as typed."""
    def check(out: Path, log: str) -> None:
        claims = json.loads((out / "claims.json").read_text(encoding="utf-8"))["claims"]
        assert next(c for c in claims if c["id"] == claim_id)[name] == value
    return check


def title_as_written(out: Path, log: str) -> None:
    text = BeautifulSoup((out / "references.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "march 2004 unrest in kosovo" in text


ONE, TWO, BIB, DATA, CONF = "one.md", "two.md", "refs.bib", "_data/events.yaml", "conf.py"
ENTRY_DATE, TROOP_PEAK = At(ONE, "{claim} entry-date"), At(ONE, "{claim} troop-peak")
CASUALTY, FUTURE = At(TWO, "{claim} casualty-count"), At(TWO, "{claim} future-role")
PASTED = entry("pasted", kind="news", title="march 2004 unrest in kosovo", author="Some Body").replace(
    "  urldate      = {2026-05-01},\n", "")

CASES = [
    # references.bib
    Case("bib-unclosed-brace", replace(BIB, "{KFOR Mission},", "{KFOR Mission,"), 2,
         [(At(BIB, "{KFOR Mission,"), "in entry 'nato-mission': the brace opened on this line is never closed")]),
    Case("bib-missing-comma", replace(BIB, "{2024},", "{2024}"), 2,
         [(At(BIB, "{2024}"), "in entry 'nato-mission': a comma is missing at the end of this line")]),
    Case("bib-entry-not-closed", replace(BIB, "{official},\n}\n", "{official},\n"), 2,
         [(At(BIB, "{official}"), "entry 'nato-mission' is not closed: a '}' is missing after this line")]),
    Case("bib-value-without-braces", replace(BIB, "{KFOR Mission},", "KFOR Mission,"), 2,
         [(At(BIB, "KFOR Mission,"), "'KFOR' is not a defined string: put the value in braces")]),
    Case("bib-unknown-entry-type", replace(BIB, "@book{un-report", "@foo{un-report"), 2,
         [(At(BIB, "@foo{un-report"), "un-report: entry type @foo is not one the bibliography can print")]),
    Case("bib-not-utf8", append_bytes(BIB, "\n@misc{latin,\n  title = {café},\n}\n".encode("latin-1")), 2,
         [(At(BIB, "title = {caf"), "not UTF-8 text (byte 0xe9); save the file as UTF-8")]),
    Case("bib-duplicate-key", append(BIB, entry("nato-mission")), 2,
         [(At(BIB, "@online{nato-mission", nth=2), "repeated key 'nato-mission' (first defined at line 1)")]),
    Case("bib-file-missing", remove(BIB), 2,
         [(At(CONF, "bibtex_bibfiles"), "refs.bib: the bibliography file named in bibtex_bibfiles does not exist")]),
    Case("bib-file-empty", write(BIB, ""), 2, [(f"{BIB}:1", "the bibliography file holds no entries")]),
    Case("bib-percent-cuts-a-brace", replace(BIB, "{Ann Author}", "{{Ann 50% Author}}"), 2,
         [(At(BIB, "Ann 50%"), "un-report: author: unbalanced braces (an unescaped % cuts off the rest")]),
    Case("bib-percent-cuts-a-title", replace(BIB, "{Kosovo in Numbers}", "{Kosovo in Numbers, 50% Down}"), 1,
         [(At(BIB, "50% Down"), "un-report: title: an unescaped % starts a comment in BibTeX")]),
    Case("bib-literal-brace", replace(BIB, "{Kosovo in Numbers}", r"{Kosovo \{in\} Numbers}"), 1,
         [(At(BIB, "Kosovo \\{in"), "un-report: title: pybtex prints \\{ and \\} as a backslash, not a brace")]),
    Case("bib-pasted-entry-lower-case-title-no-urldate", chain(append(BIB, PASTED),
         append(ONE, "\n" + claim("pasted-claim", "Unrest in March 2004.", "sourced", sources="pasted"))), 1,
         [(At(BIB, "example.org/pasted"), "pasted: url without urldate")], html=title_as_written),
    Case("bib-entry-no-claim-cites", append(BIB, entry("uncited")), 1,
         [(At(BIB, "@online{uncited"), "uncited: no claim cites this entry")]),
    Case("bib-hostile-kind-and-impossible-urldate",
         chain(replace(BIB, "{official}", "{<script>x</script>}"), replace(BIB, "{2026-05-01},\n  kind    = {<",
                                                                          "{2026-02-30},\n  kind    = {<")), 1,
         [(At(BIB, "{2026-02-30}"), "nato-mission: urldate '2026-02-30' is not a real date"),
          (At(BIB, "<script>x"), "nato-mission: kind must be one of official, scholarly, news, other")]),
    # chapters and the toctree
    Case("chapter-in-no-toctree", write("three.md", "# Three\n\n" + claim("stray", "A stray claim.")), 1,
         [("three.md:1", "the document is in no toctree: its 1 claim counts nowhere")]),
    Case("chapter-removed-from-toctree", replace("index.md", "two\n", ""), 1,
         [("two.md:1", "the document is in no toctree: its 4 claims count nowhere (register, banner, claims.json)"),
          (At(BIB, "@book{un-report"), "un-report: no claim cites this entry")], html=removed_chapter_counts_nowhere),
    Case("chapter-empty", chapter("three", ""), 1, [("three.md:1", "the document is empty: give it a title")],
         html=one_warning_for_the_empty_chapter),
    Case("chapter-without-title", chapter("three", "Just a line.\n"), 1,
         [("three.md:1", "the document has no title: give it a title")]),
    # data files
    Case("data-entry-without-date", replace(DATA, "  date: '2008-12-09'\n", ""), 1,
         [(At(DATA, "- id: handover"), "entry 'handover' has no date")]),
    Case("data-impossible-date", replace(DATA, "1999-06-10", "1999-02-30"), 1,
         [(At(DATA, "- id: resolution"), "entry 'resolution': date '1999-02-30' is not a real date")]),
    Case("data-malformed-yaml", append(DATA, "- id: [unclosed\n"), 1,
         [(At(DATA, "[unclosed", offset=1), "expected ',' or ']', but got '<stream end>' (while parsing a flow "
                                            "sequence at line 14)")]),
    Case("data-not-a-list", write(DATA, "id: x\ntext: y\n"), 1,
         [(f"{DATA}:1", "the file must hold a list of entries")]),
    Case("chapter-not-utf8", chain(chapter("three", "# Three\n\nPlain.\n"),
                                   write("three.md", "# Three\n\nCaf\u00e9 in Pristina.\n".encode("latin-1"))), 1,
         [("three.md:3", "not UTF-8 text (byte 0xe9); save the file as UTF-8"),
          (At("index.md", "```{toctree}"), "toctree contains reference to nonexisting document 'three'")]),
    Case("data-not-utf8", append_bytes(DATA, "\n- id: latin\n  date: '2009'\n  text: 'caf\u00e9'\n".encode("latin-1")), 1,
         [(f"{DATA}:17", "cannot read claims data _data/events.yaml: not UTF-8 text (byte 0xe9); save the file "
                         "as UTF-8")]),
    Case("data-empty-file", write(DATA, "# every entry was deleted\n"), 1,
         [(f"{DATA}:1", "claims data _data/events.yaml holds no entries: there is nothing to show")]),
    Case("data-field-given-twice", replace(DATA, "  locator: 'p. 3'\n", "  locator: 'p. 3'\n  locator: 'p. 4'\n"), 1,
         [(At(DATA, "locator: 'p. 4'"), "field 'locator' given twice in this entry (first at line 7); only the last "
                                        "value is used")]),
    Case("data-dates-out-of-order", replace(DATA, "2008-12-09", "1998-12-09"), 1,
         [(At(DATA, "- id: handover"), "entry 'handover': date 1998-12-09 comes before the date above it "
                                       "(1999-06-10, line 1); list the entries in date order")]),
    # a fence or a field twice
    Case("claim-fence-left-open", replace(ONE, "KFOR entered Kosovo on 12 June 1999.\n```\n",
                                          "KFOR entered Kosovo on 12 June 1999.\n"), 1,
         [(ENTRY_DATE, "claim 'entry-date': its fence is not closed ('```{claim} troop-peak' starts inside it, "
                       "line 11); end the claim with a line of ```")]),
    Case("slot-field-given-twice", replace(ONE, ":locator: Mission page, first paragraph\n",
                                           ":locator: Mission page, first paragraph\n:locator: Annex 2\n"), 1,
         [(At(ONE, ":locator: Annex 2"), "claim 'entry-date': :locator: given twice; only the last value is used")]),
    # a slot's lines are read as typed (MyST's quoting traps do not apply)
    Case("option-unquoted-hash", replace(ONE, "Mission page, first", "Mission page #2, first"), 0,
         html=slot_field("entry-date", "locator", "Mission page #2, first paragraph")),
    Case("option-colon-and-quotes", replace(ONE, "Mission page, first", "Mission page: 'first'"), 0,
         html=slot_field("entry-date", "locator", "Mission page: 'first' paragraph")),
    Case("option-unterminated-quote", replace(ONE, ":quote: NATO", ":quote: 'NATO"), 1,
         [(At(ONE, ":quote:"), "claim 'entry-date': :quote: the ' that opens the value is never closed; the "
                               "value is kept as typed")]),
    Case("option-misspelt-field", replace(ONE, ":locator: Mission", ":locater: Mission"), 1,
         [(At(ONE, ":locater:"), "claim 'entry-date': unknown field :locater: (a slot has :status:, :sources:"),
          (ENTRY_DATE, "claim 'entry-date' is verified but has no locator")]),
    Case("cite-role-inside-a-claim-with-sources", replace(ONE, "12 June 1999.", "12 June 1999 {cite:p}`nato-mission`."),
         1, [(ENTRY_DATE, "claim 'entry-date' cites nato-mission twice: in its text ({cite}) and in :sources:")]),
    Case("raw-html-in-claim-text",
         replace(ONE, "Troop numbers peaked", "Troop numbers <script>alert(1)</script> peaked"), 1,
         [(TROOP_PEAK, "claim 'troop-peak' has raw HTML in its text (<script>)")]),
    # slots
    Case("unknown-key-in-slot", replace(ONE, ":sources: news-report", ":sources: news-report, no-such-key"), 1,
         [(TROOP_PEAK, "claim 'troop-peak': unknown BibTeX key 'no-such-key' (not in the .bib files)")]),
    Case("duplicate-claim-id-across-chapters", replace(TWO, "{claim} future-role", "{claim} entry-date"), 1,
         [(At(TWO, "{claim} entry-date"), "duplicate claim id 'entry-date' (first used at one.md:3)")]),
    Case("unknown-status", replace(ONE, ":status: sourced", ":status: verifed"), 1,
         [(TROOP_PEAK, "claim 'troop-peak': unknown status 'verifed' (did you mean 'verified'?")]),
    Case("verified-without-quote-locator-date", chain(*(replace(ONE, line, "") for line in (
         ":quote: NATO has led KFOR since 12 June 1999\n", ":locator: Mission page, first paragraph\n",
         ":checked: 2026-05-01\n"))), 1,
         [(ENTRY_DATE, "claim 'entry-date' is verified but has no quote / locator / checked")]),
    Case("impossible-checked-date", replace(ONE, ":checked: 2026-05-01", ":checked: 2026-02-30"), 1,
         [(ENTRY_DATE, "claim 'entry-date': checked date '2026-02-30' is not a real date as YYYY-MM-DD")]),
    Case("checked-after-the-date-of-information", replace(ONE, ":checked: 2026-05-01", ":checked: 2026-12-01"), 1,
         [(ENTRY_DATE, "claim 'entry-date': checked 2026-12-01, after the book's date of information (2026-11-29)")]),
    # once an edition has a date of issue, sources are checked up to it (the date of information may be earlier)
    Case("checked-after-the-edition-date", chain(replace(ONE, ":checked: 2026-05-01", ":checked: 2026-05-03"),
                                                 append(CONF, 'claims_edition_date = "2026-05-02"\n')), 1,
         [(ENTRY_DATE, "claim 'entry-date': checked 2026-05-03, after the edition's date of issue (2026-05-02)")]),
    Case("disputed-without-note", replace(TWO, ":note: The report gives a lower figure.\n", ""), 1,
         [(CASUALTY, "claim 'casualty-count' is disputed but has no note saying what the source says")]),
    Case("disputed-without-correction-wording", replace(TWO, "**Correction:** the", "the"), 1,
         [(CASUALTY, "claim 'casualty-count' is disputed: its text must say 'Correction:'")]),
    Case("empty-claim", replace(TWO, "KFOR will stay beyond 2030.\n", ""), 1,
         [(FUTURE, "claim 'future-role' has no text")]),
    Case("bad-claim-id", replace(TWO, "{claim} future-role", "{claim} Future_Role!"), 1,
         [(At(TWO, "Future_Role!"), "claim id 'Future_Role!' must be lower-case letters, digits and single hyphens")]),
    Case("cyrillic-claim-id", replace(TWO, "{claim} future-role", "{claim} будућност"), 1,
         [(At(TWO, "будућност"), "claim id 'будућност' must be lower-case letters, digits and single hyphens")]),
    # conf.py
    Case("date-of-information-runs-ahead-of-the-content", append(CONF, "claims_currency_margin = 365\n"), 1,
         [(At(CONF, "claims_information_date"), "the date of information (2026-11-29) runs 6564 days ahead of the "
                                                "newest event the book reports (2008-12-09)")]),
    Case("slot-event-date-not-real", replace(ONE, ":checked: 2026-05-01", ":checked: 2026-05-01\n:date: 2026-13"), 1,
         [(At(ONE, ":date: 2026-13"), "claim 'entry-date': :date: date '2026-13' is not a real date as YYYY, YYYY-MM "
                                      "or YYYY-MM-DD")]),
    # a chapter slot's event date counts towards the book's currency as a data file's does
    Case("a-dated-chapter-slot-is-the-newest-event", chain(
         replace(ONE, ":checked: 2026-05-01", ":checked: 2026-05-01\n:date: 2026-04"),
         append(CONF, "claims_currency_margin = 200\n")), 1,
         [(At(CONF, "claims_information_date"), "the date of information (2026-11-29) runs 213 days ahead of the "
                                                "newest event the book reports (2026-04)")]),
    Case("conf-syntax-error", append(CONF, "extensions += (\n"), 2,
         [(At(CONF, "extensions += ("), "syntax error: '(' was never closed")]),
    Case("conf-runtime-error", append(CONF, "html_theme = undefined_name\n"), 2,
         [(At(CONF, "undefined_name"), "NameError: name 'undefined_name' is not defined")]),
    *RENDER,
]


# -- running ---------------------------------------------------------------------

def copy_of_root(tmp: Path, *edits: Edit) -> Path:
    src = Path(shutil.copytree(ROOTS / "test-bad-input", tmp / "book"))
    for edit in edits:
        edit(src)
    return src


@pytest.fixture
def run_check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[[Path], tuple[int, str]]:
    """What ``make check`` prints, run in the copy: ``briefing.check``'s
    ``main``, in this process (``test_editor_loop`` runs the command itself)."""
    def run(src: Path) -> tuple[int, str]:
        monkeypatch.chdir(src)
        monkeypatch.setenv("NO_COLOR", "1")
        capsys.readouterr()
        status = check.main(["--source", ".", "--confdir", ".", "--outdir", str(src.parent / "check")])
        printed = capsys.readouterr()
        return status, printed.out + printed.err
    return run


def assert_no_crash(output: str) -> None:
    for word in CRASH:
        assert word not in output, output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_gives_located_lines_or_renders(case: Case, tmp_path: Path, run_check) -> None:
    src = copy_of_root(tmp_path, case.edit)
    status, output = run_check(src)
    assert_no_crash(output)
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("check: ")]
    # every subtype is one the registry (and so the editors' guide) knows
    assert set(re.findall(r"\[claims\.([a-z_]+)\]", output)) <= set(SUBTYPES), output
    expected = [(where.resolve(src) if isinstance(where, At) else where, text) for where, text in case.expect]
    assert len(lines) == len(expected), output
    for where, text in expected:
        assert any(line.startswith(f"{where}: ") and text in line for line in lines), (where, text, output)
    assert status == case.status, output
    if case.html and case not in RENDER:
        build = sphinx("html", tmp_path / "html", src=src, conf=src)
        assert_no_crash(build.log)
        case.html(build.out, build.log)


def test_the_untouched_root_is_clean(tmp_path: Path, run_check) -> None:
    status, output = run_check(copy_of_root(tmp_path))
    assert (status, output.strip()) == (0, "check: no problems")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every hostile input that must succeed, in one book: HTML, LaTeX and PDF."""
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex/latexmk missing: run the tests with `make test`, which installs them")
    tmp = tmp_path_factory.mktemp("hostile")
    src = copy_of_root(tmp, *(case.edit for case in RENDER))
    html, latex = sphinx("html", tmp / "html", src=src, conf=src), sphinx("latex", tmp / "latex", src=src, conf=src)
    for build in (html, latex):
        assert_no_crash(build.log)
        build.check()
    proc = latexmk(latex.out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    pdf = " ".join(page.extract_text() or "" for page in PdfReader(latex.out / "bad.pdf").pages)
    pages = " ".join(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ")
                     for p in html.out.glob("*.html"))
    return {"html": html, "tex": (latex.out / "bad.tex").read_text(encoding="utf-8"), "pdf": pdf, "pages": pages}


def squeeze(text: str) -> str:
    """Text without spaces (PDF extraction drops some) and with straight quotes."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))


@pytest.mark.parametrize("case", RENDER, ids=lambda c: c.name)
def test_hostile_input_shows_as_typed_in_html_latex_and_pdf(case: Case, hostile: dict) -> None:
    if case.html:
        case.html(hostile["html"].out, hostile["html"].log)
    for text in case.shows:
        assert squeeze(text) in squeeze(hostile["pages"]), f"HTML lacks {text!r}"
        assert squeeze(text) in squeeze(hostile["pdf"]), f"PDF lacks {text!r}"
    for text in case.tex:
        assert text in hostile["tex"]


def test_a_broken_bib_stops_the_makefiles_build_in_one_line(tmp_path: Path) -> None:
    """What `make html` runs (python -m briefing.run): the located line, exit
    2, and no crash report (the build stops with a Sphinx error, not SystemExit)."""
    import subprocess
    import sys

    from conftest import ENV, ROOT

    src = copy_of_root(tmp_path, replace(BIB, "{2024},", "{2024}"))
    result = subprocess.run([sys.executable, "-m", "briefing.run", "-q", "-b", "html", str(src), str(tmp_path / "html")],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "a comma is missing at the end of this line" in lines[0], result.stderr
    assert re.match(r"\S*refs\.bib:\d+: ERROR: ", lines[0]), lines[0]
    assert_no_crash(result.stdout + result.stderr)


def test_the_quick_latex_check_agrees_with_pybtex() -> None:
    """The .bib check skips decoding a field it can tell is sound (no
    backslash, no %, braces balanced); on every other field pybtex decides.
    For fields without a backslash or %, the two agree, string by string."""
    import random

    from pybtex.richtext import Text

    from briefing.bibcheck import _plainly_decodable

    rng = random.Random(2)
    letters = "ab c,.:;'\"~-$&#_^<>()[]éč–’{}{}{}"
    disagree = []
    for _ in range(5000):
        value = "".join(rng.choice(letters) for _ in range(rng.randint(0, 16)))
        try:
            Text.from_latex(value)
            decodes = True
        except PybtexError:
            decodes = False
        if _plainly_decodable(value) != decodes:
            disagree.append(value)
    assert disagree == []
    assert not _plainly_decodable("100% sure") and not _plainly_decodable(r"\'e")
