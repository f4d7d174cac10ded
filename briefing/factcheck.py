"""Machine-readable fact checks: schema.org ``ClaimReview`` JSON-LD.

Every disputed and every not-confirmed claim is published in the head of
the HTML page it stands on, as fact-checkers publish theirs, so that search
engines and fact-check aggregators can read the book's verdicts:

* ``claimReviewed``: the claim as the book restates it (the slot's text up
  to its ``Correction:``, ``More precisely:`` or ``Not confirmed:``);
* ``itemReviewed``: a ``Claim`` whose ``appearance`` is the source article
  (``claims_article_title``) when the slot reviews the article, else the
  reports the slot names;
* ``reviewRating``: the verdict in words (:data:`RATINGS`);
* ``author``: the book (``project``, ``author``); ``datePublished``: the
  date the claim was checked; ``url``: its entry in the evidence list
  (absolute when ``html_baseurl`` is set); ``reviewBody``: the slot's text.

Only the HTML site carries it (not the EPUB). ``<`` ``>`` ``&`` are written
as JSON escapes, so no text can close the script element.
"""
from __future__ import annotations

import json
import re
from typing import Any

from sphinx.application import Sphinx

from briefing.book import book
from briefing.records import Claim
from briefing.references import reference

#: The verdict in words, by what the slot's text says.
RATINGS = {"Correction:": "Incorrect", "More precisely:": "Imprecise", "Not confirmed:": "Not confirmed"}
MARKER_RE = re.compile("|".join(map(re.escape, RATINGS)))
REVIEWED = ("disputed", "not-confirmed")


def reviewed_text(text: str) -> str:
    """The claim the slot reviews: its text before the verdict's marker;
    for a text that opens with 'Not confirmed:', the sentence after it."""
    match = MARKER_RE.search(text)
    if match is None:
        return text.strip()
    before = text[:match.start()].strip()
    if before:
        return before
    rest = text[match.end():].strip()
    sentence = re.match(r".+?[.!?](?=\s|$)", rest)
    rest = sentence.group(0) if sentence else rest
    return rest[:1].upper() + rest[1:]


def rating(claim: Claim) -> str:
    match = MARKER_RE.search(claim.text)
    return RATINGS[match.group(0)] if match else "Disputed"


def review(claim: Claim, number: int, url: str, app: Sphinx) -> dict[str, Any]:
    """One ``ClaimReview`` for one claim."""
    claimed = reviewed_text(claim.text)
    title = app.config.claims_article_title
    if title and "article" in claimed.lower():
        appearance: list[dict[str, str]] = [{"@type": "CreativeWork", "headline": title}]
    else:
        appearance = []
        for key in claim.keys:
            ref = reference(app.env, key)
            if ref.label:
                appearance.append({"@type": "CreativeWork", "name": ref.label,
                                   **({"url": ref.url} if ref.url else {})})
    item: dict[str, Any] = {"@type": "Claim"}
    if appearance:
        item["appearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": str(number),
        "url": url,
        "claimReviewed": claimed,
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": rating(claim)},
        "reviewBody": claim.text,
        "author": {"@type": "Organization", "name": app.config.author},
        "publisher": {"@type": "Organization", "name": app.config.project},
        "datePublished": claim.checked,
    }


def script(reviews: list[dict[str, Any]]) -> str:
    text = json.dumps(reviews, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'\n    <script type="application/ld+json">\n{text}\n    </script>'


def page_reviews(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or app.builder.name == "epub" or doctree is None:
        return
    data = book(app.env)
    claims = [c for c in data.claims if c.docname == pagename and c.status in REVIEWED]
    if not claims or data.evidence is None:
        return
    base = app.config.html_baseurl
    target = (base.rstrip("/") + "/" + app.builder.get_target_uri(data.evidence) if base
              else app.builder.get_relative_uri(pagename, data.evidence))
    reviews = [review(c, data.number[c.id], f"{target}#claim-evidence-{c.id}", app) for c in claims]
    context["metatags"] = context.get("metatags", "") + script(reviews)


def setup(app: Sphinx) -> None:
    #: the title of the article the book reviews (``itemReviewed``)
    app.add_config_value("claims_article_title", "", "html", str)
    app.connect("html-page-context", page_reviews)
