"""HTML output of claims: anchors, status markers and their tooltips, the
register and legend, the draft banner, and ``claims.json``."""
from __future__ import annotations

import pytest
from sphinx.search import js_index
from sphinx.testing.util import SphinxTestApp

from briefing.nodes import claim, claim_marker
from briefing.records import DESCRIPTIONS, GRADES, text_digest
from conftest import claim_line, claims_json, html_page

BASIC = pytest.mark.sphinx("html", testroot="claims-basic", freshenv=True)
SETTLED = pytest.mark.sphinx("html", testroot="claims-settled", freshenv=True)

SUMMARY = "Draft: 2 of 5 claims verified, 1 disputed, 2 still open"
# (id, document, status) of every claim in claims-basic, in reading order.
CLAIMS = [
    ("entry-date", "one", "verified"),
    ("troop-peak", "one", "sourced"),
    ("casualty-count", "two", "disputed"),
    ("future-role", "two", "unsourced"),
    ("escaping", "two", "verified"),
]
SYMBOLS = {"verified": "\u2713", "disputed": "\u26a0", "sourced": "\u25d0", "unsourced": "?"}
UN_REPORT = "Ann Author. Kosovo in Numbers. United Nations, 2001."
# The options of the "escaping" claim in two.md, as written there.
QUOTE = '<script>alert("q")</script> & 50% #1 a_b {c} C:\\path'
LOCATOR = "<b>Annex</b> & #2 {x} \\y"
NOTE = "<script>n()</script> R&D 5% #3 n_1 {d} \\e"
TEXT = "Costs rose 50% & more for item #1 of a_b {set} at C:\\temp."


def claim_div(app: SphinxTestApp, claim_id: str, doc: str):
    div = html_page(app, doc).select_one(f"div#claim-{claim_id}")
    assert div is not None, f"no div#claim-{claim_id} in {doc}.html"
    return div


@BASIC
def test_each_claim_is_an_anchored_div_with_its_status(app: SphinxTestApp) -> None:
    app.build()
    found = [
        (div["id"], doc, div["class"])
        for doc in ("one", "two")
        for div in html_page(app, doc).select("div.claim")
    ]
    assert found == [(f"claim-{cid}", doc, ["claim", f"claim-{status}"]) for cid, doc, status in CLAIMS]


@BASIC
def test_marker_shows_status_and_links_to_its_register_row(app: SphinxTestApp) -> None:
    app.build()
    register = html_page(app, "register")
    for cid, doc, status in CLAIMS:
        marker = claim_div(app, cid, doc).select_one("p > span.claim-marker-wrap > a.claim-marker")
        assert marker is not None, cid
        assert marker["href"] == f"register.html#claim-row-{cid}"
        assert f"claim-marker-{status}" in marker["class"]
        assert marker.select_one(".claim-symbol").get_text() == SYMBOLS[status]
        assert marker.select_one(".claim-status").get_text() == status
        assert register.select_one(f"tr#claim-row-{cid}") is not None, cid


@BASIC
def test_known_sources_are_cited_before_the_marker(app: SphinxTestApp) -> None:
    app.build()
    para = claim_div(app, "troop-peak", "one").select_one("p")
    cite = para.select_one("span.claim-citation")
    # author-year labels, in the order the slot lists the keys (not the bibliography's)
    assert cite.get_text() == "(NATO, 2024; Author, 2001)"
    assert [a.get_text() for a in cite.select("a")] == ["NATO, 2024", "Author, 2001"]
    assert all(a["href"].startswith("references.html#") for a in cite.select("a"))
    children = [c for c in para.children if getattr(c, "name", None)]
    assert children.index(cite) < children.index(para.select_one("span.claim-marker-wrap"))
    assert claim_div(app, "future-role", "two").select("span.claim-citation") == []


@BASIC
def test_tooltip_gives_sources_quote_locator_date_and_note(app: SphinxTestApp) -> None:
    app.build()
    div = claim_div(app, "entry-date", "one")
    marker = div.select_one("a.claim-marker")
    tip = div.select_one("span.claim-marker-wrap > span.claim-tip[role=tooltip]")
    assert marker["aria-describedby"] == tip["id"] == "claim-tip-entry-date"
    assert tip.select_one("strong").get_text() == "verified"
    assert "(evidence no. 1)" in tip.get_text()
    source = tip.select_one(".claim-tip-source")
    assert "NATO" in source.get_text() and "2024" in source.get_text()
    assert source.select_one("a")["href"] == "https://example.org/kfor/mission"
    assert tip.select_one("q.claim-tip-quote").get_text() == "NATO has led KFOR since 12 June 1999"
    assert tip.select_one(".claim-tip-locator").get_text() == "At: Mission page, first paragraph"
    assert tip.select_one(".claim-tip-checked").get_text() == "Checked 2024-05-01"

    sources = claim_div(app, "troop-peak", "one").select(".claim-tip-source")
    assert len(sources) == 2 and sources[1].get_text() == f"Author, 2001 {UN_REPORT}"
    assert sources[1].select_one("b").get_text() == "Author, 2001"  # the label the text prints

    disputed = claim_div(app, "casualty-count", "two").select_one(".claim-tip")
    assert disputed.select_one(".claim-tip-note").get_text() == "Note: The report gives a lower figure."
    assert disputed.select("q") == []

    unsourced = claim_div(app, "future-role", "two").select_one(".claim-tip")
    assert unsourced.get_text() == "unsourced (evidence no. 4)"


@BASIC
def test_quote_locator_and_note_are_escaped(app: SphinxTestApp) -> None:
    app.build()
    div = claim_div(app, "escaping", "two")
    tip = div.select_one(".claim-tip")
    assert tip.select("script") == []
    assert [b.get_text() for b in tip.select("b")] == ["Author, 2001"]  # only the source label is bold
    assert tip.select_one(".claim-tip-quote").get_text() == QUOTE
    assert tip.select_one(".claim-tip-locator").get_text() == f"At: {LOCATOR}"
    assert tip.select_one(".claim-tip-note").get_text() == f"Note: {NOTE}"
    assert div.select_one("p").get_text().startswith(TEXT)
    raw = (app.outdir / "two.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<script>n()" not in raw and "<b>Annex" not in raw
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt; &amp; 50%" in raw


@BASIC
def test_register_summary_and_coverage(app: SphinxTestApp) -> None:
    app.build()
    page = html_page(app, "register")
    assert page.select_one("p.claims-summary").get_text() == SUMMARY + "."
    table = page.select_one("table.claims-coverage")
    head = [th.get_text(strip=True) for th in table.select("thead th")]
    assert head == ["Chapter", "Verified", "Disputed", "Not confirmed", "Open", "Total", "Settled share"]
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["Chapter one", "1", "0", "0", "1", "2", "50%"],
        ["Chapter two", "1", "1", "0", "1", "3", "67%"],
        ["Whole book", "2", "1", "0", "2", "5", "60%"],
    ]
    assert page.select_one("p.claims-coverage-note").get_text() == (
        "Grade of the evidence of the checked claims (the kind of each claim's best source): 1 official source, "
        "0 scholarly sources, 2 news reports, 0 other sources.")
    bars = table.select("span.claims-bar")
    assert [bar["aria-label"] for bar in bars] == ["50% settled", "67% settled", "60% settled"]
    assert [bar.select_one(".claims-bar-fill")["style"] for bar in bars] == [
        "width: 50%", "width: 67%", "width: 60%"]


@BASIC
def test_register_lists_every_claim_by_chapter_and_links_back(app: SphinxTestApp) -> None:
    app.build()
    page = html_page(app, "register")
    assert [r.get_text() for r in page.select("p.rubric")] == [
        "Verification coverage",
        "Chapter one (1 verified, 1 sourced)",
        "Chapter two (1 verified, 1 disputed, 1 unsourced)",
    ]
    tables = page.select("table.claims-register")
    assert [[tr["id"] for tr in t.select("tbody tr")] for t in tables] == [
        ["claim-row-entry-date", "claim-row-troop-peak"],
        ["claim-row-casualty-count", "claim-row-future-role", "claim-row-escaping"],
    ]
    rows = {tr["id"]: tr.select("td") for tr in page.select("table.claims-register tbody tr")}
    cells = [td.get_text(" ", strip=True) for td in rows["claim-row-troop-peak"]]
    assert cells == ["troop-peak", "Troop numbers peaked near 50,000 in 1999.",
                     f"{SYMBOLS['sourced']} sourced", "NATO, 2024; Author, 2001", "\u2014"]
    cells = [td.get_text(" ", strip=True) for td in rows["claim-row-future-role"]]
    assert cells[3:] == ["none", "\u2014"]
    assert rows["claim-row-escaping"][1].get_text(strip=True) == TEXT
    assert rows["claim-row-entry-date"][4].get_text(strip=True) == "2024-05-01"
    for cid, doc, status in CLAIMS:
        back = rows[f"claim-row-{cid}"][0].select_one("a.claims-backref")
        assert back["href"] == f"{doc}.html#claim-{cid}"
        assert html_page(app, doc).select_one(f"#claim-{cid}") is not None
        plain = rows[f"claim-row-{cid}"][2].select_one("span.claim-marker")
        assert f"claim-marker-{status}" in plain["class"]


@BASIC
def test_search_index_has_the_registers_words_not_its_markup(app: SphinxTestApp) -> None:
    app.build()
    index = js_index.loads((app.outdir / "searchindex.js").read_text(encoding="utf-8"))

    def pages(word: str) -> set[str]:
        docs = index["terms"].get(word, [])
        return {index["docnames"][d] for d in ([docs] if isinstance(docs, int) else docs)}

    assert "register" in pages("peak")  # the id troop-peak, in its row
    assert "register" in pages("coverag")  # the rubric "Verification coverage", stemmed
    # "Costs rose 50% & more": the text's "&", not its markup "&amp;"
    assert "register" not in pages("amp") and "register" not in pages("td")


@BASIC
def test_legend_explains_the_four_statuses(app: SphinxTestApp) -> None:
    app.build()
    legend = html_page(app, "register").select_one("dl.claims-legend")
    terms = [dt.select_one("span.claim-marker .claim-status").get_text() for dt in legend.select("dt")]
    assert terms == ["verified", "disputed", "not confirmed", "sourced", "unsourced"]
    assert legend.select("a") == []  # a key to the markers, not links
    assert legend.select("dd")[0].get_text(strip=True) == DESCRIPTIONS["verified"]
    grades = html_page(app, "register").select_one("dl.claims-legend-grades")
    assert [dt.select_one(".claim-grade").get_text() for dt in grades.select("dt")] == list(GRADES)


@BASIC
def test_draft_banner_on_every_page_while_claims_are_open(app: SphinxTestApp) -> None:
    app.build()
    for page in [*sorted(app.env.all_docs), "genindex", "search"]:
        banner = html_page(app, page).select_one(".bd-header-announcement")
        assert banner is not None, page
        assert banner.get_text(strip=True) == SUMMARY, page


@SETTLED
def test_no_banner_once_every_claim_is_settled(app: SphinxTestApp) -> None:
    app.build()
    for page in [*sorted(app.env.all_docs), "genindex", "search"]:
        assert html_page(app, page).select_one(".bd-header-announcement") is None, page
    assert claims_json(app)["summary"] == "All 2 claims settled: 1 verified, 1 disputed; evidence: 2 official"


@SETTLED
def test_without_a_register_the_marker_is_a_focusable_span(app: SphinxTestApp) -> None:
    app.build()
    marker = html_page(app, "one").select_one("#claim-checked-fact span.claim-marker-wrap > .claim-marker")
    assert marker.name == "span" and marker["tabindex"] == "0" and not marker.has_attr("href")
    assert marker["aria-describedby"] == "claim-tip-checked-fact"


@BASIC
def test_doctree_keeps_the_slot(app: SphinxTestApp) -> None:
    app.build()
    nodes = list(app.env.get_doctree("one").findall(claim))
    assert [n["claim_id"] for n in nodes] == ["entry-date", "troop-peak"]
    first = nodes[0]
    assert (first["status"], first["keys"], first["checked"]) == ("verified", ["nato-mission"], "2024-05-01")
    assert first["text"] == "KFOR entered Kosovo on 12 June 1999."
    assert first.line == claim_line(app.srcdir / "one.md", "entry-date")
    markers = list(first.findall(claim_marker))
    assert [(m["claim_id"], m["status"]) for m in markers] == [("entry-date", "verified")]


@BASIC
def test_claims_json_fields_and_reading_order(app: SphinxTestApp) -> None:
    app.build()
    data = claims_json(app)
    assert data["summary"] == SUMMARY
    assert data["counts"] == {"verified": 2, "disputed": 1, "not-confirmed": 0, "sourced": 1, "unsourced": 1}
    assert [(c["id"], c["document"], c["status"]) for c in data["claims"]] == CLAIMS
    first = data["claims"][0]
    assert first == {
        "id": "entry-date",
        "number": 1,
        "document": "one",
        "file": "one.md",
        "line": claim_line(app.srcdir / "one.md", "entry-date"),
        "chapter": "Chapter one",
        "text": "KFOR entered Kosovo on 12 June 1999.",
        "digest": text_digest("KFOR entered Kosovo on 12 June 1999."),
        "status": "verified",
        "grade": "official",
        "date": "",
        "sources": [{"key": "nato-mission", "label": "NATO, 2024", "text": first["sources"][0]["text"],
                     "url": "https://example.org/kfor/mission", "kind": "official"}],
        "quote": "NATO has led KFOR since 12 June 1999",
        "locator": "Mission page, first paragraph",
        "checked": "2024-05-01",
        "note": "",
        "recheck": "",
    }
    assert "NATO" in first["sources"][0]["text"]
    troops = data["claims"][1]["sources"]
    assert [(s["key"], s["label"], s["text"], s["url"]) for s in troops][1] == (
        "un-report", "Author, 2001", UN_REPORT, "")


@BASIC
def test_claims_json_keeps_text_as_written(app: SphinxTestApp) -> None:
    app.build()
    escaping = claims_json(app)["claims"][-1]
    assert escaping["id"] == "escaping"
    assert (escaping["quote"], escaping["locator"], escaping["note"], escaping["text"]) == (QUOTE, LOCATOR, NOTE, TEXT)
