r"""Print layout for the LaTeX/PDF book.

Three things the LaTeX builder does not do by itself:

* Only chapters the HTML numbers (those under a ``:numbered:`` toctree) are
  numbered in the PDF. Front matter (the Summary, "About this briefing")
  and back matter
  (glossary, register, bibliography) come out as unnumbered chapters that
  still appear in the table of contents, so "chapter 3" means the same thing
  on paper and on screen.
* A document that is empty once LaTeX has moved its citations to the end
  (the HTML "References" page) is dropped, so the PDF has no empty chapter
  before its bibliography.
* With ``latex_show_pagerefs``, Sphinx prints a cross-reference's page in
  parentheses ("see chapter 3 (page 10)"), which nests inside the book's own
  parentheses; :class:`PrintTranslator` prints it after a comma, as
  briefings do: "see chapter 3, p. 10" (``\pageautorefname`` is set to
  "p." in conf.py's preamble).
"""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator

UNNUMBERED = (
    r"\edef\briefingsecnumdepth{\the\value{secnumdepth}}"
    r"\setcounter{secnumdepth}{-1}"
)
NUMBERED = r"\setcounter{secnumdepth}{\briefingsecnumdepth}"


def _is_empty(doc: nodes.Element) -> bool:
    """True when a document holds only section titles, targets and empty
    containers (what sphinxcontrib-bibtex leaves once LaTeX has moved the
    citations to the end of the book)."""
    for node in doc.findall(nodes.Text):
        if not any(isinstance(a, nodes.title) for a in _ancestors(node)):
            return False
    return not any(
        isinstance(node, (nodes.image, nodes.raw, nodes.table))
        for node in doc.findall(nodes.Element)
    )


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def _shape_latex_tree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex" or doctree.get("docname") != docname:
        return
    numbered_docs = {doc for doc, nums in app.env.toc_secnumbers.items() if nums}
    if not numbered_docs:
        return
    numbering = True
    for part in list(doctree.findall(addnodes.start_of_file)):
        if part.parent is None:
            continue
        if _is_empty(part):
            part.parent.remove(part)
            continue
        wanted = part["docname"] in numbered_docs
        if wanted != numbering:
            code = NUMBERED if wanted else UNNUMBERED
            part.insert(0, nodes.raw("", code, format="latex"))
            numbering = wanted


class PrintTranslator(LaTeXTranslator):
    """Sphinx's LaTeX translator, with a cross-reference's page after a comma."""

    def visit_reference(self, node: nodes.reference) -> None:
        super().visit_reference(node)
        closing = self.context[-1] if self.context else None
        if isinstance(closing, str) and closing.startswith("}}} (\\autopageref*{") and closing.endswith(")"):
            self.context[-1] = "}}}, " + closing[len("}}} ("):-1]


def _use_print_translator(app: Sphinx) -> None:
    # Registered for LaTeX builds only: a translator registered for any
    # builder makes pydata-sphinx-theme wrap only the registered ones, and
    # the HTML pages would lose its accessible markup (aria-level on headings).
    if app.builder.format == "latex":
        app.set_translator(app.builder.name, PrintTranslator, override=True)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _use_print_translator)
    app.connect("doctree-resolved", _shape_latex_tree)
