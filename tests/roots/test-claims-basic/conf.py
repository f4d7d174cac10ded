"""Two chapters with claims of every status, a register and a legend."""
project = "Claims basic"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "sphinx_book_theme"  # shows the draft banner (theme_announcement)
latex_engine = "xelatex"
latex_documents = [("index", "basic.tex", "Claims basic", "Tests", "manual")]
