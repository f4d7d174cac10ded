"""One renderer for figures: the node that carries a drawing into each output.

A :class:`~briefing.charts.Figure` (chart, timeline, map) becomes one
``claims_drawing`` node holding its SVG and its TikZ (:func:`drawing_node`);
the HTML writer puts the SVG inline, the EPUB an SVG image file beside the
page, the LaTeX writer the TikZ picture, the text writer nothing.
"""
from __future__ import annotations

from hashlib import sha1
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from briefing.charts import Figure, to_svg, to_tikz


class claims_drawing(nodes.General, nodes.Element):
    """A vector drawing (attributes ``svg`` and ``tikz``)."""


def drawing_node(fig: Figure) -> claims_drawing:
    return claims_drawing(svg=to_svg(fig), tikz=to_tikz(fig), alt=fig.title)


def visit_drawing_html(self, node: claims_drawing) -> None:
    if self.builder.name.startswith("epub"):
        # EPUB readers take SVG best as an image file (and inline SVG would
        # need a manifest property Sphinx does not write).
        name = f"drawing-{sha1(node['svg'].encode()).hexdigest()[:12]}.svg"
        target = Path(self.builder.outdir) / self.builder.imagedir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + node["svg"], encoding="utf-8")
        alt = escape(node.get("alt", ""), quote=True)
        self.body.append(f'<img src="{self.builder.imgpath}/{name}" alt="{alt}" class="claims-drawing"/>')
    else:
        self.body.append(node["svg"])
    raise nodes.SkipNode


def visit_drawing_latex(self, node: claims_drawing) -> None:
    self.body.append("\n" + node["tikz"] + "\n")
    raise nodes.SkipNode


def visit_drawing_text(self, node: claims_drawing) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(claims_drawing, html=(visit_drawing_html, None), latex=(visit_drawing_latex, None),
                 text=(visit_drawing_text, None))
    app.add_latex_package("tikz")
