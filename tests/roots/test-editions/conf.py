"""A settled book with a What changed page: tests/test_editions.py issues
editions of a copy of it."""
project = "Editions"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
claims_edition = 1
claims_edition_date = "2026-12-02"
