"""A small, clean book that tests/test_bad_input.py copies and breaks, one
small change per case (the corpus of broken and hostile inputs)."""
project = "Bad input"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
claims_editorial_rules = True
claims_information_date = "2026-11-29"
exclude_patterns = ["_build", "_data"]
latex_engine = "xelatex"
latex_documents = [("index", "bad.tex", "Bad input", "Tests", "manual")]
claims_currency_margin = 20000  # a small book of old facts (its data file ends in 2008)
