"""Sphinx extensions for the Kosovo briefing book.

Load ``briefing`` in ``conf.py``. It adds the claim slots (``claim``,
``claims-register``, ``claims-legend``, ``claims-data``, ``claims-evidence``, ``claims-changes``, the roles ``claim-ref`` and ``claims-count``; config
``claims_release``, ``claims_edition``, ``claims_edition_date``, ``claims_editions_dir``,
``claims_information_date``, ``claims_currency_margin``, ``claims_article_title``, ``claims_index_terms``, ``claims_index_skip``; warning
type ``claims``), the ``claims`` report builder, and the print layout of the
PDF (:mod:`briefing.printbook`).
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.4.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from briefing import (book, bookindex, changes, citation, collector, datasets, directives, editorial, epubzip, evidence,
                          factcheck, freshness, nodes, output, printbook, references, refs, register, report, search, site, workers)

    app.setup_extension("sphinxcontrib.bibtex")
    references.setup(app)
    editorial.setup(app)
    book.setup(app)
    # The date up to which facts were checked (YYYY-MM-DD); no slot's
    # ``checked`` may be later.
    app.add_config_value("claims_information_date", "", "env", str)
    nodes.setup(app)
    citation.setup(app)
    app.add_directive("claim", directives.ClaimDirective)
    app.add_directive("claims-register", directives.ClaimsRegisterDirective)
    app.add_directive("claims-evidence", evidence.ClaimsEvidenceDirective)
    app.add_node(evidence.claims_evidence, html=(nodes.skip, None), latex=(nodes.skip, None),
                 text=(nodes.skip, None))
    app.add_directive("claims-changes", changes.ClaimsChangesDirective)
    app.add_node(changes.claims_changes, html=(nodes.skip, None), latex=(nodes.skip, None),
                 text=(nodes.skip, None))
    datasets.setup(app)
    collector.setup(app)
    refs.setup(app)
    # before the print shaping and the search stems (doctree-resolved too)
    app.connect("doctree-resolved", register.resolve, priority=100)
    output.setup(app)
    report.setup(app)
    printbook.setup(app)
    site.setup(app)
    search.setup(app)
    bookindex.setup(app)
    factcheck.setup(app)
    freshness.setup(app)
    workers.setup(app)
    epubzip.setup(app)
    return {
        "version": __version__,
        "env_version": 5,  # the state moved into one store (briefing/store.py)
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
