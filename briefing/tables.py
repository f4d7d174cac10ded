"""Docutils tables for the register and the data files (every builder
renders them; ``colwidths-given`` makes LaTeX use the given widths)."""
from __future__ import annotations

from docutils import nodes


def table(widths: list[int], header: list[str], classes: list[str]) -> tuple[nodes.table, nodes.tbody]:
    """An empty table with a header row; returns the table and its body."""
    tab = nodes.table(classes=[*classes, "colwidths-given"])
    group = nodes.tgroup(cols=len(widths))
    tab += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    head, body = nodes.thead(), nodes.tbody()
    head += row(*header)
    group += head
    group += body
    return tab, body


def row(*cells: nodes.Node | str, ids: list[str] | None = None) -> nodes.row:
    """A row; text and inline nodes go into a paragraph, block nodes as they are."""
    out = nodes.row(ids=ids or [])
    for cell in cells:
        if isinstance(cell, str):
            cell = nodes.paragraph(text=cell)
        elif isinstance(cell, (nodes.Inline, nodes.Text)):
            cell = nodes.paragraph("", "", cell)
        out += nodes.entry("", cell)
    return out
