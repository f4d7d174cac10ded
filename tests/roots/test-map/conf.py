extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build", "_data"]
