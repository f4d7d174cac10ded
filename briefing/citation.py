"""A slot's citation: its sources' labels, linked to the bibliography.

The claim directive leaves a ``claim_citation`` node with the slot's keys,
in the slot's order, and notes the keys in sphinxcontrib-bibtex's domain as
cited (so the bibliography lists them). Once every document is read,
:func:`resolve` gives the node each source's label and tooltip (from
:mod:`briefing.references`, the formatter the bibliography uses too) and
its link (the entry sphinxcontrib-bibtex made for it), and its text,
``(Label; Label)``, for the search index and the text builder; the HTML and
LaTeX writers below write the markup sphinxcontrib-bibtex's own citations
have. This costs one lookup per key, where a citation role per key cost a
pybtex render and a dozen nodes (issue 12).
"""
from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.roles import CitationRef

from briefing.references import sources
from briefing.store import cite_domain


class claim_citation(nodes.Inline, nodes.TextElement):
    """The slot's sources (``keys``); ``links`` and the text are filled in by
    :func:`resolve`: one ``(label, href, title)`` per key found."""


class Target(NamedTuple):
    docname: str  #: the page of the bibliography
    citation_id: str  #: the entry's id there
    label: str
    title: str  #: the tooltip: the full reference ('' when tooltips are off)


def note_cited(env: BuildEnvironment, keys: list[str], ref_id: str, line: int) -> claim_citation:
    """The citation node for ``keys``, noted as cited in the current document."""
    cite_domain(env).citation_refs.append(
        CitationRef(ref_id, env.docname, line, [CitationTarget(key, "", "") for key in keys]))
    return claim_citation(keys=keys)


_targets: dict[int, dict[str, Target]] = {}


def targets(env: BuildEnvironment) -> dict[str, Target]:
    """Each cited key's bibliography entry (from sphinxcontrib-bibtex) and
    its label and tooltip text (from :mod:`briefing.references`, the one
    formatter), once per build
    (:func:`_forget` drops them when sphinxcontrib-bibtex makes its citations
    again, in the same list: a second build in one process, as a live preview
    makes)."""
    domain = cite_domain(env)
    cached = _targets.get(id(env))
    if cached is None:
        found: dict[str, Target] = {}
        formatted = sources(env)
        for cit in domain.citations:
            if cit.key in found or domain.bibliographies[cit.bibliography_key].list_ != "citation":
                continue
            source = formatted.get(cit.key)
            label = source.label if source else cit.formatted_entry.label
            title = source.text if source and cit.tooltip_entry else ""
            found[cit.key] = Target(cit.bibliography_key.docname, cit.citation_id, label, title)
        cached = _targets[id(env)] = found
    return cached


def _forget(app: Sphinx, env: BuildEnvironment) -> None:
    _targets.pop(id(env), None)


def resolve(node: claim_citation, env: BuildEnvironment, builder: Builder, fromdocname: str) -> None:
    found = targets(env)
    links = []
    for key in node["keys"]:
        target = found.get(key)
        if target is None:
            continue
        if builder.name == "latex":
            href = f"cite.{target.docname}:{target.citation_id}"
        elif fromdocname == target.docname:
            href = "#" + target.citation_id
        else:
            href = builder.get_relative_uri(fromdocname, target.docname) + "#" + target.citation_id
        links.append((target.label, href, target.title))
    node["links"] = links
    node += nodes.Text("(" + "; ".join(label for label, _, _ in links) + ")")


# -- writers: the markup of sphinxcontrib-bibtex's citations ----------------------

def visit_html(self, node: claim_citation) -> None:
    links = [f'<span class="bibtex-citation"><a class="reference internal" href="{self.attval(href)}"'
             + (f' title="{self.attval(title)}"' if title else "") + f">{self.encode(label)}</a></span>"
             for label, href, title in node.get("links", ())]
    self.body.append('<span class="claim-citation">(' + "; ".join(links) + ")</span>")
    raise nodes.SkipNode


def visit_latex(self, node: claim_citation) -> None:
    links = [r"\DUrole{bibtex-citation}{\hyperlink{%s}{%s}}" % (href, self.encode(label))
             for label, href, _ in node.get("links", ())]
    self.body.append(r"\DUrole{claim-citation}{(" + "; ".join(links) + ")}")
    raise nodes.SkipNode


def _pass(self, node: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> None:
    app.add_node(claim_citation, html=(visit_html, None), latex=(visit_latex, None), text=(_pass, _pass))
    app.connect("env-updated", _forget)
