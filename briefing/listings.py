"""The register and the evidence list as plain data, and how they are written.

:mod:`briefing.register` and :mod:`briefing.evidence` say *what* the two
listings hold (rubrics, tables, numbered entries); this module writes them.
For HTML (the site and the EPUB) they are written straight to markup, one
string per listing: at thousands of claims, a docutils tree per row and per
field cost more than the rest of the book's pages. For LaTeX and the other
builders they become docutils nodes, which those builders' translators write.
Both writers take the same parts, so the two cannot say different things.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from docutils import nodes

from briefing.nodes import backref_html, bar_html, claim_marker, claims_backref, claims_bar, status_html
from briefing.tables import row, table


@dataclass(frozen=True)
class Backref:
    """A claim's id, linked to the claim (``uri``: its page, or None)."""

    claim_id: str
    uri: str | None
    kind: str = "register"
    evidence: str | None = None  #: the evidence page: link there instead (the register's rows)


@dataclass(frozen=True)
class Status:
    status: str
    grade: str = ""


@dataclass(frozen=True)
class Bar:
    value: float


Cell = str | Backref | Status | Bar


@dataclass
class Table:
    widths: list[int]
    header: list[str]
    classes: list[str]
    rows: list[tuple[list[Cell], str | None]]  #: cells, row id


@dataclass(frozen=True)
class Entry:
    """One numbered evidence entry: ``fields`` are (name, text) pairs."""

    number: int
    claim_id: str
    status: str
    uri: str | None
    fields: list[tuple[str, str]]
    grade: str = ""


@dataclass(frozen=True)
class Rubric:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    classes: tuple[str, ...] = ()


Part = Rubric | Para | Table | list  # a list is a run of Entry


def _ref(b: Backref) -> str:
    """The link to the claim itself (empty when its page has no URI), or to
    its evidence entry."""
    if b.evidence is not None:
        return f"{b.evidence}#claim-evidence-{b.claim_id}"
    return f"{b.uri}#claim-{b.claim_id}" if b.uri is not None else ""


# -- docutils nodes (LaTeX, text) --------------------------------------------------

def _cell_node(cell: Cell) -> nodes.Node | str:
    if isinstance(cell, Backref):
        return claims_backref(claim_id=cell.claim_id, refuri=_ref(cell), kind=cell.kind)
    if isinstance(cell, Status):
        return claim_marker(claim_id="", status=cell.status, grade=cell.grade, plain=True)
    if isinstance(cell, Bar):
        return claims_bar(value=cell.value)
    return cell


def _small(node: nodes.Node, extra: str = "") -> list[nodes.Node]:
    """In print, the listings are set in a smaller type."""
    return [nodes.raw("", r"\begingroup\small" + extra, format="latex"), node,
            nodes.raw("", r"\endgroup", format="latex")]


def as_nodes(parts: list[Part]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for part in parts:
        if isinstance(part, Rubric):
            out.append(nodes.rubric(text=part.text))
        elif isinstance(part, Para):
            out.append(nodes.paragraph(text=part.text, classes=list(part.classes)))
        elif isinstance(part, Table):
            tab, body = table(part.widths, part.header, part.classes)
            for cells, row_id in part.rows:
                body += row(*map(_cell_node, cells), ids=[row_id] if row_id else None)
            out.extend(_small(tab))
        else:
            items = nodes.definition_list(classes=["claims-evidence"])
            items.extend(_entry_node(entry) for entry in part)
            out.extend(_small(items, r"\setlength{\parskip}{0.2ex}"))
    return out


def _entry_node(e: Entry) -> nodes.definition_list_item:
    term = nodes.term(ids=[f"claim-evidence-{e.claim_id}"])
    term += nodes.strong(text=str(e.number))
    term += nodes.Text("\u2002")
    term += claim_marker(claim_id=e.claim_id, status=e.status, grade=e.grade, plain=True)
    term += nodes.Text("\u2002")
    term += _cell_node(Backref(e.claim_id, e.uri, "evidence"))
    fields = (nodes.paragraph("", "", nodes.strong(text=f"{name}: "), nodes.Text(text),
                              classes=["claims-evidence-field"]) for name, text in e.fields)
    return nodes.definition_list_item("", term, nodes.definition("", *fields))


# -- HTML --------------------------------------------------------------------------

def _cell_html(cell: Cell) -> str:
    if isinstance(cell, Backref):
        return backref_html(cell.claim_id, _ref(cell))
    if isinstance(cell, Status):
        return status_html(cell.status, cell.grade)
    if isinstance(cell, Bar):
        return bar_html(cell.value)
    return escape(cell, quote=False)


def _table_html(t: Table) -> str:
    """The markup Sphinx and the theme give a docutils table with given widths."""
    out = [f'<div class="pst-scrollable-table-container"><table class="{" ".join(t.classes)} table">\n<colgroup>\n']
    out += [f'<col style="width: {w * 100 / sum(t.widths):.1f}%" />\n' for w in t.widths]
    out.append('</colgroup>\n<thead>\n<tr class="row-odd">')
    out.append("\n".join(f'<th class="head"><p>{escape(h, quote=False)}</p></th>' for h in t.header))
    out.append("\n</tr>\n</thead>\n<tbody>\n")
    for i, (cells, row_id) in enumerate(t.rows):
        ident = f' id="{escape(row_id, quote=True)}"' if row_id else ""
        out.append(f'<tr class="row-{"odd" if i % 2 else "even"}"{ident}>')
        out.append("\n".join(f"<td><p>{_cell_html(c)}</p></td>" for c in cells))
        out.append("\n</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n")
    return "".join(out)


def _entry_html(e: Entry) -> str:
    head = (f'<dt id="claim-evidence-{escape(e.claim_id, quote=True)}"><strong>{e.number}</strong>\u2002'
            f"{status_html(e.status, e.grade)}\u2002{_cell_html(Backref(e.claim_id, e.uri))}</dt>\n")
    fields = "\n".join(f'<p class="claims-evidence-field"><strong>{escape(name)}: </strong>{escape(text, quote=False)}</p>'
                       for name, text in e.fields)
    return f"{head}<dd>{fields}\n</dd>\n"


def search_words(parts: list[Part]) -> str:
    """The words a reader sees in the listing, each once: what the search
    index needs of a page (it records which pages hold a word, not how
    often), without splitting megabytes of markup into words."""
    seen: dict[str, None] = {}

    def add(text: str) -> None:
        seen.update(dict.fromkeys(text.split()))

    for part in parts:
        if isinstance(part, (Rubric, Para)):
            add(part.text)
        elif isinstance(part, Table):
            add(" ".join(part.header))
            for cells, _ in part.rows:
                for cell in cells:
                    add(cell.claim_id if isinstance(cell, Backref) else f"{cell.status} {cell.grade}"
                        if isinstance(cell, Status)
                        else f"{round(cell.value * 100)}%" if isinstance(cell, Bar) else cell)
        else:
            for e in part:
                add(f"{e.number} {e.status} {e.grade} {e.claim_id}")
                for name, text in e.fields:
                    add(f"{name}: {text}")
    return " ".join(seen)


def as_html(parts: list[Part]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Rubric):
            out.append(f'<p class="rubric">{escape(part.text, quote=False)}</p>\n')
        elif isinstance(part, Para):
            classes = f' class="{" ".join(part.classes)}"' if part.classes else ""
            out.append(f"<p{classes}>{escape(part.text, quote=False)}</p>\n")
        elif isinstance(part, Table):
            out.append(_table_html(part))
        else:
            out.append('<dl class="claims-evidence">\n' + "".join(map(_entry_html, part)) + "</dl>\n")
    return "".join(out)
