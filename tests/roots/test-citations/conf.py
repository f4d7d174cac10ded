"""Author-year citations: works sharing author and year, undated works,
several sources in one slot, an evidence list."""
project = "Citations"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
claims_information_date = "2026-11-29"
latex_engine = "xelatex"
latex_documents = [("index", "citations.tex", "Citations", "Tests", "manual")]
