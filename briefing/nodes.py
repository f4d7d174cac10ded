"""Docutils nodes for claims, and how each builder writes them.

* ``claim``: wraps the claim's text; an anchor the register links back to.
* ``claim_marker``: the small status marker after the claim's text; a link
  to the claim's row in the register, with sources, quote and date on hover
  and on keyboard focus (HTML) or a boxed letter (print).
* ``claims_register``: placeholder, replaced once every document is read.
* ``claims_listing``: the register or evidence list, as HTML (site, EPUB).
* ``claims_bar``: a horizontal bar for the coverage summary.
* ``claims_backref``: the register row's link back to its claim (and, in
  print, the page the claim stands on).
"""
from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from briefing.records import GRADE_TAGS, LABELS, SYMBOLS, TAGS


class claim(nodes.General, nodes.Element):
    """A claim and its slot (attributes: claim_id, status, keys, quote, ...)."""


class claim_marker(nodes.Inline, nodes.Element):
    """Status marker; ``refuri`` and ``tip`` are filled in after reading."""


class claims_register(nodes.General, nodes.Element):
    """Placeholder for the register."""


class claims_listing(nodes.General, nodes.TextElement):
    """The register or the evidence list, written: ``html`` is its markup;
    its text is the listing's words, once each, for the search index."""


class claims_bar(nodes.Inline, nodes.Element):
    """A bar of ``value`` (0 to 1)."""


class claims_backref(nodes.Inline, nodes.Element):
    """Register row anchor and link to the claim (``claim_id``, ``refuri``)."""


# -- HTML --------------------------------------------------------------------------

def visit_claim_html(self, node: claim) -> None:
    self.body.append(self.starttag(node, "div", CLASS=f"claim claim-{node['status']}"))


def depart_claim_html(self, node: claim) -> None:
    self.body.append("</div>\n")


def visit_marker_html(self, node: claim_marker) -> None:
    status, grade = node["status"], node.get("grade", "")
    if node.get("plain"):
        self.body.append(status_html(status, grade))
        raise nodes.SkipNode
    tip_id = node.get("tip_id") or f"claim-tip-{node['claim_id']}"
    href = escape(node.get("refuri", ""), quote=True)
    tag = "a" if href else "span"
    self.body.append(
        f'<span class="claim-marker-wrap">'
        f'<{tag} class="claim-marker claim-marker-{escape(status)}{_grade_class(grade)}"'
        + (f' href="{href}"' if href else ' tabindex="0"')
        + f' aria-describedby="{escape(tip_id)}">'
        + _marker_inner(status, grade)
        + f'</{tag}><span class="claim-tip" role="tooltip" id="{escape(tip_id)}">{node.get("tip_html", "")}</span>'
        f"</span>"
    )
    raise nodes.SkipNode


def visit_listing_html(self, node: claims_listing) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def visit_backref_html(self, node: claims_backref) -> None:
    self.body.append(backref_html(node["claim_id"], node["refuri"]))
    raise nodes.SkipNode


def visit_bar_html(self, node: claims_bar) -> None:
    self.body.append(bar_html(node["value"]))
    raise nodes.SkipNode


# -- HTML of the plain marker, the back-link and the bar (also used by briefing.listings)

def status_html(status: str, grade: str = "") -> str:
    """The status as the register and evidence list show it (no link, no tip)."""
    return (f'<span class="claim-marker claim-marker-{escape(status)}{_grade_class(grade)}">'
            + _marker_inner(status, grade) + "</span>")


def _grade_class(grade: str) -> str:
    return f" claim-grade-{escape(grade)}" if grade else ""


def _marker_inner(status: str, grade: str) -> str:
    """Symbol, status and (for a checked claim) the grade of its evidence."""
    return (f'<span class="claim-symbol" aria-hidden="true">{escape(SYMBOLS.get(status, "?"))}</span>'
            f'<span class="claim-status">{escape(LABELS.get(status, status) or "no status")}</span>'
            + (f' <span class="claim-grade">{escape(grade)}</span>' if grade else ""))


def print_tag(status: str, grade: str = "") -> str:
    """The boxed tag in print: status letter, then the grade's letter (V·O, V·N, NC)."""
    tag = TAGS.get(status, "?")
    return f"{tag}\u00b7{GRADE_TAGS[grade]}" if grade in GRADE_TAGS else tag


def backref_html(claim_id: str, refuri: str) -> str:
    return (f'<a class="reference internal claims-backref" href="{escape(refuri, quote=True)}">'
            f'<code>{escape(claim_id)}</code></a>')


def bar_html(value: float) -> str:
    pct = round(max(0.0, min(1.0, float(value))) * 100)
    return (f'<span class="claims-bar" role="img" aria-label="{pct}% settled">'
            f'<span class="claims-bar-fill" style="width: {pct}%"></span></span>'
            f'<span class="claims-bar-label">{pct}%</span>')


# -- LaTeX -------------------------------------------------------------------------

def visit_claim_latex(self, node: claim) -> None:
    # The anchor goes inside the claim's first paragraph: on its own it would
    # make an empty line at the top of a table cell.
    anchor = nodes.raw("", r"\phantomsection\label{claim:%s}" % _latex_id(node["claim_id"]), format="latex")
    first = next(iter(node.findall(nodes.paragraph)), None)
    if first is not None:
        first.insert(0, anchor)
    else:
        self.body.append(anchor.astext())


def depart_claim_latex(self, node: claim) -> None:
    pass


def visit_marker_latex(self, node: claim_marker) -> None:
    tag = print_tag(node["status"], node.get("grade", ""))
    if node.get("plain"):
        label = LABELS.get(node["status"], node["status"])
        grade = f", {node['grade']}" if node.get("grade") else ""
        self.body.append(r"\claimsmarker{%s}\,%s" % (tag, self.encode(label + grade)))
    elif node.get("evidence") and node.get("number"):
        # In print the marker carries the claim's number in the evidence list.
        self.body.append(r"\hyperref[claimev:%s]{\claimsmarker{%s\,%d}}"
                         % (_latex_id(node["claim_id"]), tag, node["number"]))
    elif node.get("refuri"):
        self.body.append(r"\hyperref[claimrow:%s]{\claimsmarker{%s}}" % (_latex_id(node["claim_id"]), tag))
    else:
        self.body.append(r"\claimsmarker{%s}" % tag)
    raise nodes.SkipNode


def visit_backref_latex(self, node: claims_backref) -> None:
    label = _latex_id(node["claim_id"])
    evidence = node.get("kind") == "evidence"
    # A register row stacks the page under the id; an evidence entry runs on.
    self.body.append(
        r"\phantomsection\label{%s:%s}\hyperref[claim:%s]{\sphinxcode{%s}}%s\emph{p.\,\pageref{claim:%s}}"
        % ("claimev" if evidence else "claimrow", label, label, self.encode(node["claim_id"]),
           ", " if evidence else r"\newline{}", label)
    )
    raise nodes.SkipNode


def visit_backref_text(self, node: claims_backref) -> None:
    self.add_text(node["claim_id"])
    raise nodes.SkipNode


def visit_bar_latex(self, node: claims_bar) -> None:
    value = max(0.0, min(1.0, float(node["value"])))
    self.body.append(
        r"\claimsbar{%.3f}{%d\%%}" % (value, round(value * 100))
    )
    raise nodes.SkipNode


def _latex_id(claim_id: str) -> str:
    """Label-safe form of an id (ids are checked; this keeps bad ones harmless)."""
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in claim_id)


def skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


# -- text --------------------------------------------------------------------------

def visit_marker_text(self, node: claim_marker) -> None:
    grade = node.get("grade", "")
    tag = f"[{TAGS.get(node['status'], '?')}{'/' + GRADE_TAGS[grade] if grade in GRADE_TAGS else ''}]"
    label = LABELS.get(node["status"], node["status"]) + (f", {grade}" if grade else "")
    self.add_text(f"{tag} {label}" if node.get("plain") else f" {tag}")
    raise nodes.SkipNode


def visit_bar_text(self, node: claims_bar) -> None:
    value = max(0.0, min(1.0, float(node["value"])))
    full = round(value * 20)
    self.add_text("#" * full + "." * (20 - full) + f" {round(value * 100)}%")
    raise nodes.SkipNode


def _pass(self, node: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> None:
    app.add_node(
        claim,
        html=(visit_claim_html, depart_claim_html),
        latex=(visit_claim_latex, depart_claim_latex),
        text=(_pass, _pass),
    )
    app.add_node(
        claim_marker,
        html=(visit_marker_html, None),
        latex=(visit_marker_latex, None),
        text=(visit_marker_text, None),
    )
    app.add_node(claims_register, html=(skip, None), latex=(skip, None), text=(skip, None))
    app.add_node(claims_listing, html=(visit_listing_html, None), latex=(skip, None), text=(skip, None))
    app.add_node(
        claims_bar,
        html=(visit_bar_html, None),
        latex=(visit_bar_latex, None),
        text=(visit_bar_text, None),
    )
    app.add_node(
        claims_backref,
        html=(visit_backref_html, None),
        latex=(visit_backref_latex, None),
        text=(visit_backref_text, None),
    )
