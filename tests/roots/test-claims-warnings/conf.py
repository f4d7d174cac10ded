"""One bad slot per warning subtype; bad.md says which line is which."""
project = "Claims warnings"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
