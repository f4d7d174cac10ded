"""The map (``claims-data`` with ``:show: map``): inline SVG in HTML, TikZ in
LaTeX, both drawn from the base-map file and the claims file; a bad data file
is a located warning, not a traceback."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import html_page, warning_text


@pytest.fixture
def built(make_app, copy_root) -> SphinxTestApp:
    app = make_app("html", srcdir=copy_root("map"), freshenv=True)
    app.build()
    return app


def _town_dots(app: SphinxTestApp) -> list[tuple[float, float]]:
    svg = html_page(app, "index").select_one("figure.claims-map svg")
    frame_bottom = float(svg["viewbox"].split()[3]) - 27.0  # the legend (with a sample dot) is below the map
    return [(float(c["cx"]), float(c["cy"])) for c in svg.select("circle") if float(c["cy"]) < frame_bottom]


def test_html_has_the_map_as_inline_svg(built: SphinxTestApp):
    page = html_page(built, "index")
    figure = page.select_one("figure.claims-figure.claims-map")
    assert figure is not None
    svg = figure.select_one("svg")
    assert svg["viewbox"].startswith("0 0 150.0 ")
    texts = [t.get_text() for t in svg.select("text")]
    for expected in ("Alfa", "Betë / Beta", "HQ One", "Sector B (Ruritania)", "Camp Two", "WESTLAND",
                     "20°E", "42°N", "Kosovo boundary", "km"):
        assert expected in texts, (expected, texts)
    assert "Kosovo" not in [t.lower().title() for t in texts if t.isupper()]  # Kosovo has no country label
    assert len(svg.select("path[fill-opacity='0.13']")) == 1  # the neighbour, in grey
    assert len(svg.select("path[stroke-width='0.7']")) == 1  # Kosovo's boundary
    assert figure.select_one("figcaption .caption-text").get_text(strip=True) == "A small map"
    rows = page.select("table.claims-data tbody tr")
    assert [row.select_one("td").get_text(strip=True) for row in rows] == ["HQ One", "Sector B (Ruritania)", "Camp Two"]


def test_latex_draws_the_map_with_tikz(make_app, copy_root):
    app = make_app("latex", srcdir=copy_root("map"), freshenv=True)
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    pictures = re.findall(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", tex, re.S)
    assert len(pictures) == 2  # index.md and bad.md
    picture = next(p for p in pictures if "HQ One" in p)
    start = tex.index(picture)
    assert r"\path[draw,line width=0.7mm,line join=round]" in picture  # Kosovo
    assert "fill=black!13" in picture  # the neighbour
    assert "{Betë / Beta}" in picture and r"{\bfseries Sector B (Ruritania)}" in picture
    assert tex.rindex(r"\begin{figure}", 0, start) > tex.rfind(r"\end{figure}", 0, start)  # inside a float
    assert r"\caption{A small map}" in tex


def test_moving_a_town_in_the_data_moves_its_dot(make_app, copy_root):
    src = copy_root("map")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    before = _town_dots(app)
    base = src / "_data" / "map.json"
    base.write_text(base.read_text(encoding="utf-8").replace('"lon": 20.7, "lat": 42.3', '"lon": 20.8, "lat": 42.3'),
                    encoding="utf-8")
    app.build()  # incremental: the base map is a dependency of the page
    after = _town_dots(app)
    assert len(before) == len(after) == 2
    assert before[0] == after[0]  # alpha stays
    moved = after[1][0] - before[1][0]
    assert after[1][1] == before[1][1]
    # 0.1 degree of longitude at 42.5 degrees north, with 150 mm for the 1-degree box
    assert moved == pytest.approx(15.0, abs=0.02)


def test_bad_data_warns_with_file_and_line(built: SphinxTestApp):
    warnings = warning_text(built)
    assert "Traceback" not in warnings
    assert re.search(r"broken-base\.json:3: WARNING: cannot read base map _data/broken-base\.json: "
                     r"Expecting value \[claims\.data\]", warnings), warnings
    assert re.search(r"bad-points\.yaml:7: WARNING: map entry 'nowhere': unknown place 'gamma' "
                     r"\(the base map has alpha, beta\) \[claims\.data\]", warnings), warnings
    map_warnings = [line for line in warnings.splitlines() if "[claims.data]" in line]
    assert len(map_warnings) == 2, warnings
    bad = html_page(built, "bad")
    assert [t.get_text() for t in bad.select("figure.claims-map svg text") if t.get_text() == "Fine"] == ["Fine"]
    assert "Lost" not in bad.get_text()


def test_a_base_map_with_a_bad_town_names_its_line(make_app, copy_root):
    src = copy_root("map")
    base = src / "_data" / "map.json"
    data = base.read_text(encoding="utf-8").replace('"lon": 20.7, "lat": 42.3', '"lon": "east", "lat": 42.3')
    base.write_text(data, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = warning_text(app)
    line = next(n for n, text in enumerate(data.splitlines(), 1) if '"id": "beta"' in text)
    assert re.search(rf"map\.json:{line}: WARNING: cannot read base map _data/map\.json: "
                     r"town 'beta': lon and lat must be numbers \[claims\.data\]", warnings), warnings
    assert "Traceback" not in warnings
    json.loads(data)  # the file is valid JSON: the check is on its content
