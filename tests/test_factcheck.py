"""Disputed and not-confirmed claims are published as schema.org ClaimReview
JSON-LD in the head of their page, and agree with claims.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import claims_json, html_page

FACTCHECK = pytest.mark.sphinx("html", testroot="factcheck", freshenv=True)
RATING = {"wrong-count": "Incorrect", "loose-scope": "Imprecise", "article-unconfirmed": "Not confirmed",
          "report-unconfirmed": "Not confirmed"}


def reviews(app: SphinxTestApp, doc: str) -> list[dict]:
    """Every JSON-LD object in the page's head, parsed as JSON."""
    scripts = html_page(app, doc).select('head script[type="application/ld+json"]')
    return [item for s in scripts for item in json.loads(s.string)]


@FACTCHECK
def test_each_disputed_and_not_confirmed_claim_is_a_claim_review(app: SphinxTestApp) -> None:
    app.build()
    data = {c["id"]: c for c in claims_json(app)["claims"]}
    found = reviews(app, "one")
    assert [r["url"].rsplit("#claim-evidence-", 1)[1] for r in found] == list(RATING)
    for r in found:
        claim = data[r["url"].rsplit("#claim-evidence-", 1)[1]]
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["url"] == f"evidence.html#claim-evidence-{claim['id']}"
        assert r["identifier"] == str(claim["number"])
        assert r["reviewRating"] == {"@type": "Rating", "alternateName": RATING[claim["id"]]}
        assert r["reviewBody"] == claim["text"]
        assert r["datePublished"] == claim["checked"]
        assert r["author"] == {"@type": "Organization", "name": "Test Team"}
        assert r["publisher"] == {"@type": "Organization", "name": "Fact checks"}
        assert claim["text"].startswith(r["claimReviewed"]) or r["claimReviewed"][1:] in claim["text"]
    wrong, loose, article, report = found
    assert wrong["claimReviewed"] == "The article says more than 40 nations took part."
    assert loose["claimReviewed"] == "The article says the force ran the courts."
    assert article["claimReviewed"] == "The article says language barriers were overcome."
    for r in (wrong, loose, article):
        assert r["itemReviewed"] == {"@type": "Claim", "appearance": [
            {"@type": "CreativeWork", "headline": "An Article Under Review"}]}
    # a report the book could not confirm: the item reviewed is the report it names
    assert report["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "name": "Daily Paper, 2025", "url": "https://example.org/patrols"}]


@FACTCHECK
def test_no_review_where_nothing_is_disputed_and_no_text_escapes_the_script(app: SphinxTestApp) -> None:
    app.build()
    assert reviews(app, "two") == []
    assert reviews(app, "index") == []
    head = (Path(app.outdir) / "one.html").read_text(encoding="utf-8").split("</head>")[0]
    # the slot's "</script><script>" stays inside the JSON string
    assert "<script>alert(1)" not in head
    assert "patrols doubled \\u003c/script\\u003e" in head
    assert "patrols doubled </script><script>alert(1)</script> & more" in reviews(app, "one")[-1]["reviewBody"]


@pytest.mark.sphinx("html", testroot="factcheck", freshenv=True,
                    confoverrides={"html_baseurl": "https://briefing.example/kosovo/"})
def test_with_a_base_url_the_evidence_url_is_absolute(app: SphinxTestApp) -> None:
    app.build()
    urls = [r["url"] for r in reviews(app, "one")]
    assert urls[0] == "https://briefing.example/kosovo/evidence.html#claim-evidence-wrong-count"


@pytest.mark.sphinx("epub", testroot="factcheck", freshenv=True)
def test_the_epub_carries_no_json_ld(app: SphinxTestApp) -> None:
    app.build()
    assert "application/ld+json" not in (Path(app.outdir) / "one.xhtml").read_text(encoding="utf-8")
