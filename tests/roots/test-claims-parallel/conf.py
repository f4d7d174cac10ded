"""Nine chapters, enough for Sphinx to read in parallel (more than five)."""
project = "Claims parallel"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
