"""The bibliography's pybtex styles: author-year labels that resolve.

* Labels are ``Author, Year`` with a letter where two works share author
  and year (``NATO, 2023a``, ``NATO, 2023b``; undated ``n.d.-a``). Letters
  follow the bibliography's order within that author and year only, so a
  label never changes when an unrelated entry is added.
* The bibliography is sorted by author, year and title, each entry starts
  with its label, and titles are kept as written.
* ``{cite:p}`` prints the labels in round brackets, separated by semicolons:
  ``(NATO, 2023a; UN, 1999)``.

Importing this module registers the styles as pybtex and
sphinxcontrib-bibtex plugins under the name ``briefing``;
:mod:`briefing.references` is the one place the rest of the extension asks
for a source's label and text.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.backends.html import Backend as HTMLBackend
from pybtex.backends.latex import Backend as LaTeXBackend
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, optional, optional_field, sentence
from pybtex_docutils import Backend as DocutilsBackend
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

STYLE = "briefing"
UNDATED = "n.d."


@lru_cache(maxsize=None)
def _plain(latex: str) -> str:
    return str(Text.from_latex(latex)).strip()


def label_author(entry: Entry) -> str:
    """Surnames of the authors (or editors): one, two joined by 'and', or
    the first 'et al.'; an institution's name as written."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
    if not names:
        return _plain(entry.fields.get("title", "Anonymous"))
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def base_label(entry: Entry) -> str:
    """``Author, Year`` without the letter."""
    return f"{label_author(entry)}, {entry.fields.get('year', '').strip() or UNDATED}"


class AuthorYearSortingStyle(BaseSortingStyle):
    """By label author, year and title, ignoring braces and case."""

    def sorting_key(self, entry: Entry) -> tuple[str, str, str, str]:
        return (label_author(entry).casefold(), entry.fields.get("year", "").strip() or UNDATED,
                _plain(entry.fields.get("title", "")).casefold(), entry.key)


#: For each ``Author, Year`` shared by several works of the .bib files, their
#: keys in bibliography order. Letters come from here, so the in-text labels,
#: the bibliography and :func:`sources` agree even when a work is not cited.
shared: dict[str, list[str]] = {}


def share(entries: Iterable[Entry]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for entry in AuthorYearSortingStyle().sort(list(entries)):
        groups.setdefault(base_label(entry), []).append(entry.key)
    return {base: keys for base, keys in groups.items() if len(keys) > 1}


class AuthorYearLabelStyle(BaseLabelStyle):
    """``Author, Year`` labels with a letter for works sharing both."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        entries = list(sorted_entries)
        local = share(entries)
        for entry in entries:
            base = base_label(entry)
            keys = shared.get(base) if entry.key in shared.get(base, ()) else local.get(base)
            if not keys:
                yield base
                continue
            letter = _letter(keys.index(entry.key))
            yield f"{base}-{letter}" if base.endswith(UNDATED) else f"{base}{letter}"


def _letter(i: int) -> str:
    """a, b, ..., z, aa, ab, ... for 0, 1, ..."""
    out = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


class Style(PlainStyle):
    """pybtex's plain style, sorted by author and year, with author-year
    labels, and titles kept exactly as written in the .bib file (plain would
    lower-case them: "march 2004")."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearSortingStyle

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def get_misc_template(self, e):
        """pybtex's ``misc`` (and ``online``) template, less the year after
        the title when the title already gives it ("Press Update, 15 Dec.
        1999"): the label shows the year too, so it would print three times."""
        year = e.fields.get("year", "").strip()
        if not year or year not in e.fields.get("title", ""):
            return super().get_misc_template(e)
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[field("howpublished")]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_entry(self, label, entry, bib_data=None):
        """pybtex's formatting, done once per label and entry content: the
        bibliography, its tooltips and :func:`sources` share it, and a
        rebuild finds it in the environment (:func:`bind_format_cache`)."""
        if "crossref" in entry.fields:
            return super().format_entry(label, entry, bib_data=bib_data)
        key = (label, entry.key, entry.type, tuple(entry.fields.items()),
               tuple((role, tuple(map(str, persons))) for role, persons in entry.persons.items()))
        done = _formatted.get(key)
        if done is None:
            done = _formatted[key] = super().format_entry(label, entry, bib_data=bib_data)
        _used.add(key)
        return done


#: Formatted entries by label and entry content; :mod:`briefing.references`
#: binds it to a dict kept in the environment for one build (pybtex makes
#: the style without it), prunes it to what the build used, and releases it
#: when the build ends.
_formatted: dict[tuple, object] = {}
_used: set[tuple] = set()


def bind_format_cache(store: dict[tuple, object]) -> None:
    """Format into (and reuse) ``store`` from now on."""
    global _formatted
    _formatted = store
    _used.clear()


def prune_format_cache() -> None:
    """Forget the entries this build did not format."""
    if _used:
        for key in [key for key in _formatted if key not in _used]:
            del _formatted[key]


def release() -> None:
    """The build is over: hold nothing of it (the environment keeps it)."""
    global _formatted
    _formatted = {}
    _used.clear()
    shared.clear()


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class ReferenceStyle(LabelReferenceStyle):
    """``{cite:p}`` as ``(NATO, 2023a; UN, 1999)``."""

    # dataclasses.field: the name ``field`` is pybtex's template field here.
    bracket_parenthetical: BracketStyle = dataclasses.field(default_factory=_round)
    bracket_textual: BracketStyle = dataclasses.field(default_factory=_round)


pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, Style)
sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE, ReferenceStyle)
# The output backends, the same classes their entry points name, registered
# at run time: pybtex then finds them without scanning every installed
# package's entry points, which sphinxcontrib-bibtex makes it do for every
# citation it resolves and ``render_as`` for every call (about 5 ms each: a
# minute for a book of 10,000 citations).
for _name, _backend in (("plaintext", PlainText), ("text", PlainText), ("html", HTMLBackend),
                        ("latex", LaTeXBackend), ("markdown", MarkdownBackend), ("docutils", DocutilsBackend)):
    pybtex.plugin.register_plugin("pybtex.backends", _name, _backend, force=True)
