"""A summary whose figures come from claims made elsewhere (claim-ref)."""
project = "Claim references"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]
bibtex_bibfiles = ["refs.bib"]
latex_engine = "xelatex"
latex_documents = [("index", "refs.tex", "Claim references", "Tests", "manual")]
