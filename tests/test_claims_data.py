"""Claims kept in a YAML data file: table rows are claims, figures are drawn
from the same entries, and a bad file is a located warning, not a traceback."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ANSI


@pytest.fixture
def built(make_app, copy_root):
    app = make_app("html", srcdir=copy_root("claims-data"), freshenv=True)
    app.build()
    return app


def test_rows_are_claims_with_the_data_files_line(built: SphinxTestApp):
    data = json.loads((built.outdir / "claims.json").read_text(encoding="utf-8"))
    points = [c for c in data["claims"] if c["id"].startswith("point-")]
    assert [(c["id"], c["file"].rsplit("/", 1)[-1], c["line"]) for c in points] == [
        ("point-one", "points.yaml", 1), ("point-two", "points.yaml", 12)]
    soup = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("table.claims-data tbody tr")
    assert [[td.get_text(" ", strip=True) for td in row.select("td")][:2] for row in rows] == [
        ["Jun 1999", "50,000"], ["Dec 2003", "17,500"]]
    assert [row.select_one("div.claim")["id"] for row in rows] == ["claim-point-one", "claim-point-two"]


def test_figures_are_vector_and_drawn_from_the_same_entries(built: SphinxTestApp):
    soup = BeautifulSoup((built.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    chart = [t.get_text() for t in soup.select("figure.claims-chart svg text[font-weight=bold]")]
    assert chart == ["50,000", "17,500"]
    labels = [t.get_text() for t in soup.select("figure.claims-timeline svg text")]
    assert "Jun 1999  First & <one>" in labels  # escaped in the SVG source, read back as text
    assert "&lt;one&gt;" in (built.outdir / "index.html").read_text(encoding="utf-8")


def test_bad_data_files_warn_with_location(built: SphinxTestApp):
    warnings = ANSI.sub("", built._warning.getvalue())
    assert "Traceback" not in warnings
    assert re.search(r"broken\.yaml:3: WARNING: cannot read claims data _data/broken\.yaml: expected .* \[claims\.data\]", warnings)
    assert re.search(r"index\.md:26: WARNING: cannot read claims data _data/missing\.yaml: No such file or directory \[claims\.data\]", warnings)
    assert len(warnings.strip().splitlines()) == 3, warnings  # one line each, nothing else
    assert re.search(r"points\.yaml:12: WARNING: claim 'point-two': unknown BibTeX key 'nosuch' .*\[claims\.unknown_key\]", warnings)


def test_latex_draws_the_figures_with_tikz(make_app, copy_root):
    app = make_app("latex", srcdir=copy_root("claims-data"), freshenv=True)
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\begin{tikzpicture}") == 2
    assert r"First \& <one>" in tex or r"First \& \textless{}one\textgreater{}" in tex
    assert r"\usepackage{tikz}" in tex
