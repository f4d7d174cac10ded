"""Sphinx extensions for the Kosovo briefing book.

Load ``briefing`` in ``conf.py``. It adds the claim slots (``claim``,
``claims-register``, ``claims-legend``, ``claims-data``; config ``claims_release``; warning
type ``claims``), the ``claims`` report builder, and the print layout of the
PDF (:mod:`briefing.printbook`).
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.2.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from briefing import collector, datasets, directives, nodes, output, printbook, register, report

    app.setup_extension("sphinxcontrib.bibtex")
    app.add_config_value("claims_release", False, "", bool)
    nodes.setup(app)
    app.add_directive("claim", directives.ClaimDirective)
    app.add_directive("claims-register", directives.ClaimsRegisterDirective)
    datasets.setup(app)
    collector.setup(app)
    app.add_post_transform(register.ClaimsResolver)
    output.setup(app)
    report.setup(app)
    printbook.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
