"""Four chapters and a register; the incremental tests edit a copy."""
project = "Claims incremental"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
# The default theme, with the draft banner drawn by _templates/layout.html.
templates_path = ["_templates"]
