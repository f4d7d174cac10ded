"""Every claim settled (verified, or disputed with a note): no draft marks."""
project = "Claims settled"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "sphinx_book_theme"  # would show a draft banner (theme_announcement)
latex_engine = "xelatex"
latex_documents = [("index", "settled.tex", "Claims settled", "Tests", "manual")]
