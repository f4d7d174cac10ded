"""Front matter, one numbered chapter, back matter (register, bibliography)."""
project = "Claims print"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
latex_engine = "xelatex"
latex_documents = [("index", "print.tex", "Claims print", "Tests", "manual")]
