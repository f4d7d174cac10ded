"""Claims kept in a data file, shown as a table, a timeline or a chart.

One YAML file holds a list of entries; each entry is a claim slot (``id``,
``text``, ``status``, ``sources``, ``quote``, ``locator``, ``checked``,
``note``) plus its data (``date``; ``troops`` and ``nations`` for strength
figures; ``label`` for the short text on a figure). The table rows are the
claims themselves; the figures are drawn from the same entries, so no date
or number is typed twice. MyST usage::

    ```{claims-data} _data/chronology.yaml
    :show: table
    :columns: date
    ```

    ```{claims-data} _data/chronology.yaml
    :show: timeline
    :caption: Key dates, 1999 to 2023
    ```

    ```{claims-data} _data/kfor-map.yaml
    :show: map
    :base: _data/map/kosovo.json
    :caption: Kosovo and KFOR
    ```

For a map, each entry also has ``kind``, ``place`` and ``label`` (and
``side`` for camps); see :mod:`briefing.maps`.

A problem with one entry (no date where the table or figure needs one, a
date that is not real, troops that are not a number) is a warning at the
entry's line in the YAML file; the rest of the file is still shown.
"""
from __future__ import annotations

from pathlib import Path
from typing import cast

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from briefing.charts import display_date, timeline
from briefing import drawing
from briefing.drawing import drawing_node
from briefing.datafile import DataFileError, load_entries
from briefing.files import undecodable
from briefing.directives import SLOT_FIELDS, build_claim, source_keys
from briefing.maps import MapDataError, entry_problems, kfor_map, load_base
from briefing.records import grade_of, partial_date_problem
from briefing.tables import row, table
from briefing.store import cite_domain
from briefing.timechart import strength_chart

logger = logging.getLogger(__name__)


def date_problem(entry: dict[str, str]) -> str | None:
    """Why an entry's ``date`` cannot be shown (None when it can)."""
    value = str(entry.get("date", "")).strip()
    if not value:
        return f"entry {entry.get('id', '?')!r} has no date"
    problem = partial_date_problem(value)
    return f"entry {entry.get('id', '?')!r}: {problem}" if problem else None


def _out_of_order(entries: list[tuple[int, dict[str, str]]]) -> list[tuple[int, str]]:
    """An entry dated before the one above it (a file's entries go in date order)."""
    out = []
    last: tuple[int, str] | None = None
    for line, entry in entries:
        value = str(entry.get("date", "")).strip()
        if not value or date_problem(entry):
            continue
        if last is not None and value < last[1][:len(value)]:
            out.append((line, f"entry {entry.get('id', '?')!r}: date {value} comes before the date above it "
                              f"({last[1]}, line {last[0]}); list the entries in date order"))
        last = (line, value)
    return out


class ClaimsDataDirective(SphinxDirective):
    """Claims from a YAML data file, as a table (rows are claims), a timeline
    or a strength chart; see the module docstring for the file's fields."""

    required_arguments = 1
    option_spec = {
        "show": lambda arg: directives.choice(arg, ("table", "timeline", "chart", "map")),
        "columns": directives.unchanged,
        "caption": directives.unchanged,
        "base": directives.unchanged,
        "detail": directives.unchanged,  #: a map's second figure: the base map's detail box, with this caption
        "widths": directives.positive_int_list,  #: a table's column widths, the claim's last (per cent)
    }

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(rel)
        problems: list[tuple[int, str]] = []
        try:
            entries = load_entries(Path(path), problems)
        except DataFileError as exc:
            logger.warning("cannot read claims data %s: %s", rel, exc, location=f"{path}:{exc.line}",
                           type="claims", subtype="data")
            return []
        except UnicodeDecodeError:
            line, message = undecodable(Path(path).read_bytes()) or (1, "not UTF-8 text")
            logger.warning("cannot read claims data %s: %s", rel, message, location=f"{path}:{line}",
                           type="claims", subtype="data")
            return []
        except (OSError, ValueError, yaml.YAMLError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            logger.warning("cannot read claims data %s: %s", rel, reason,
                           location=self.get_location(), type="claims", subtype="data")
            return []
        for line, message in problems + _out_of_order(entries):
            self._warn_entry(path, line, message)
        if not entries:
            self._warn_entry(path, 1, f"claims data {rel} holds no entries: there is nothing to show")
            return []
        show = self.options.get("show", "table")
        if show == "table":
            return [self._table(entries, path)]
        if show == "map":
            return self._map(entries, path)
        return [self._figure(entries, show, path)]

    def _table(self, entries: list[tuple[int, dict[str, str]]], path: str) -> nodes.table:
        columns = [c.strip() for c in self.options.get("columns", "date").split(",") if c.strip()]
        widths = self.options.get("widths") or [18] * len(columns) + [100 - 18 * len(columns)]
        if len(widths) != len(columns) + 1:
            logger.warning("claims-data: %d widths for %d columns and the claim's; widths ignored", len(widths),
                           len(columns), location=self.get_location(), type="claims", subtype="data")
            widths = [18] * len(columns) + [100 - 18 * len(columns)]
        tab, body = table(widths, [c.capitalize() for c in columns] + ["Claim"], ["claims-data", "longtable"])
        if self.options.get("caption"):  # numbered, so that "Table 2 (continued)" names a caption the reader saw
            tab.insert(0, nodes.title("", "", *self.parse_inline(self.options["caption"])[0]))
        for line, entry in entries:
            fields = {**{k: entry.get(k, "") for k in SLOT_FIELDS}, "date": entry.get("date", "")}
            body_nodes = self.parse_text_to_nodes(entry.get("text", ""))
            claim = build_claim(self, entry.get("id", ""), fields, body_nodes, source=path, line=line)
            bad_date = "date" in columns and date_problem(entry)
            if bad_date:
                self._warn_entry(path, line, bad_date)
            body += row(*(entry.get(c, "") if c == "date" and bad_date else _cell(c, entry.get(c, ""))
                          for c in columns), claim)
        return tab

    def _figure(self, entries: list[tuple[int, dict[str, str]]], show: str, path: str) -> nodes.figure:
        """The timeline or the chart, from the entries it can draw (the others warned about at their line)."""
        usable = []
        for line, e in entries:
            if show == "chart" and not e.get("troops"):
                continue
            problem = date_problem(e) or (show == "chart" and not str(e["troops"]).isdigit() and
                                          f"entry {e.get('id', '?')!r}: troops {e['troops']!r} is not a whole number")
            if problem:
                self._warn_entry(path, line, problem)
            else:
                usable.append(e)
        if not usable:
            return nodes.figure()
        caption = self.options.get("caption", "")
        if show == "timeline":
            fig = timeline([(e["date"], e.get("label") or e.get("text", "")) for e in usable], caption)
        else:
            fig = strength_chart([(e["date"], int(e["troops"]), self._grade(e)) for e in usable], caption)
        return self._wrap(fig, show)

    def _grade(self, entry: dict[str, str]) -> str:
        """The grade of an entry's evidence: the best kind among its sources
        (official, scholarly, news, other). The chart depends on the .bib,
        where kinds live."""
        bibdata = cite_domain(self.env).bibdata
        for path in bibdata.bibfiles:
            self.env.note_dependency(str(path))
        listed = entry.get("sources", "")
        keys = [str(k) for k in listed] if isinstance(listed, list) else source_keys(str(listed))
        kinds = [bibdata.data.entries[k].fields.get("kind", "") for k in keys if k in bibdata.data.entries]
        return grade_of(kinds) or "other"

    def _warn_entry(self, path: str, line: int, message: str) -> None:
        """Warn at an entry's line, once per document (a file may be shown as a table and a figure)."""
        warned = cast("set[tuple[str, int, str]]", self.env.temp_data.setdefault("claims_data_warned", set()))
        if (path, line, message) not in warned:
            warned.add((path, line, message))
            logger.warning(message, location=f"{path}:{line}", type="claims", subtype="data")

    def _map(self, entries: list[tuple[int, dict[str, str]]], path: str) -> list[nodes.Node]:
        if not self.options.get("base"):
            logger.warning("a claims-data map needs :base: (the base-map file)",
                           location=self.get_location(), type="claims", subtype="data")
            return []
        rel, base_path = self.env.relfn2path(self.options["base"], self.env.docname)
        self.env.note_dependency(rel)
        try:
            base = load_base(Path(base_path))
        except MapDataError as exc:
            logger.warning("cannot read base map %s: %s", rel, exc,
                           location=f"{base_path}:{exc.line or 1}", type="claims", subtype="data")
            return []
        except OSError as exc:
            logger.warning("cannot read base map %s: %s", rel, exc.strerror or exc,
                           location=self.get_location(), type="claims", subtype="data")
            return []
        towns = {town["id"]: town for town in base["towns"]}
        drawable = []
        for line, entry in entries:
            problems = entry_problems(entry, towns)
            for message in problems:
                logger.warning(message, location=f"{path}:{line}", type="claims", subtype="data")
            if not problems:
                drawable.append(entry)
        out = [self._wrap(kfor_map(base, drawable, self.options.get("caption", "")), "map")]
        if self.options.get("detail") and base.get("detail"):
            out.append(self._wrap(kfor_map(base, drawable, self.options["detail"], detail=True), "map"))
        return out

    def _wrap(self, fig, show: str) -> nodes.figure:
        figure = nodes.figure(classes=["claims-figure", f"claims-{show}"])
        figure += drawing_node(fig)
        if fig.title:
            figure += nodes.caption(text=fig.title)
        self.set_source_info(figure)
        return figure


def _cell(column: str, value: str) -> str:
    if column == "date" and value:
        return display_date(value)
    if column in ("troops", "nations") and value.isdigit():
        return f"{int(value):,}"
    return value


def setup(app) -> None:
    drawing.setup(app)
    app.add_directive("claims-data", ClaimsDataDirective)
