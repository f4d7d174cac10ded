"""Disputed and not-confirmed claims published as ClaimReview JSON-LD."""
project = "Fact checks"
author = "Test Team"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
claims_article_title = "An Article Under Review"
