"""One formatter for sources: author-year labels that resolve, everywhere.

sphinxcontrib-bibtex formats the bibliography and the in-text citations
through pybtex plugins; this module registers ours and gives the rest of the
extension (tooltips, the evidence list, ``claims.json``, the claims report)
the same label and the same formatted text for a key, computed once per
bibliography rather than once per claim.

* Labels are ``Author, Year`` with a letter where two works share author
  and year (``NATO, 2023a``, ``NATO, 2023b``; undated ``n.d.-a``). Letters
  follow the bibliography's order within that author and year only, so a
  label never changes when an unrelated entry is added.
* The bibliography is sorted by author, year and title (pybtex's
  ``author_year_title``) and each entry starts with its label.
* ``{cite:p}`` prints the labels in round brackets, in the order the keys
  are given, separated by semicolons: ``(NATO, 2023a; UN, 1999)``.

The extension sets ``bibtex_default_style`` and ``bibtex_reference_style``
to them, so the bibliography and this module cannot drift apart.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.backends.html import Backend as HTMLBackend
from pybtex.backends.latex import Backend as LaTeXBackend
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, field, sentence
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex_docutils import Backend as DocutilsBackend
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
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
_shared: dict[str, list[str]] = {}


def _share(entries: Iterable[Entry]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for entry in AuthorYearSortingStyle().sort(list(entries)):
        groups.setdefault(base_label(entry), []).append(entry.key)
    return {base: keys for base, keys in groups.items() if len(keys) > 1}


class AuthorYearLabelStyle(BaseLabelStyle):
    """``Author, Year`` labels with a letter for works sharing both."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        entries = list(sorted_entries)
        local = _share(entries)
        for entry in entries:
            base = base_label(entry)
            keys = _shared.get(base) if entry.key in _shared.get(base, ()) else local.get(base)
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

    def format_entry(self, label, entry, bib_data=None):
        """pybtex's formatting, done once per label and entry content: the
        bibliography, its tooltips and :func:`sources` share it, and a
        rebuild finds it in the environment (``env.claims_formatted``)."""
        if "crossref" in entry.fields:
            return super().format_entry(label, entry, bib_data=bib_data)
        key = (label, entry.key, entry.type, tuple(entry.fields.items()),
               tuple((role, tuple(map(str, persons))) for role, persons in entry.persons.items()))
        done = _formatted.get(key)
        if done is None:
            done = _formatted[key] = super().format_entry(label, entry, bib_data=bib_data)
        _used.add(key)
        return done


#: Formatted entries by label and entry content, kept in the environment
#: between builds (bound at ``env-before-read-docs``, pruned to what the
#: build used at ``env-updated``).
_formatted: dict[tuple, object] = {}
_used: set[tuple] = set()


def _load_formatted(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    global _formatted
    stored = getattr(env, "claims_formatted", None)
    if stored is None or stored[0] != _STYLE_STAMP:
        stored = env.claims_formatted = (_STYLE_STAMP, {})
    _formatted = stored[1]
    _used.clear()


def _prune_formatted(app: Sphinx, env: BuildEnvironment) -> None:
    if _used:
        for key in [key for key in _formatted if key not in _used]:
            del _formatted[key]


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


class Source(NamedTuple):
    label: str  #: as printed in the text and the bibliography
    text: str  #: the full reference, plain text
    url: str


_BACKEND = PlainText()
_cache: dict[int, tuple[object, dict[str, Source]]] = {}


def sources(env: BuildEnvironment) -> dict[str, Source]:
    """Every entry of the .bib files, formatted once per bibliography.

    The result is also kept in the environment (``env.claims_sources``),
    with the .bib files' names and modification times, so a rebuild after
    which the files are unchanged does not format them again."""
    bibdata = env.get_domain("cite").bibdata
    data = bibdata.data
    cached = _cache.get(id(env))
    if cached is None or cached[0] is not data:
        stamp = _stamp(bibdata)
        stored = getattr(env, "claims_sources", None)
        if stored is None or stored[0] != stamp:
            stored = (stamp, _share(data.entries.values()), _format_all(data.entries.values()))
            env.claims_sources = stored
        _shared.clear()
        _shared.update(stored[1])
        cached = (data, stored[2])
        _cache[id(env)] = cached
    return cached[1]


def _stamp(bibdata) -> tuple:
    """What the formatted sources depend on: the .bib files (names, times,
    keys), their encoding, and this module (the style)."""
    files = tuple((str(path), info.mtime, tuple(info.keys)) for path, info in bibdata.bibfiles.items())
    return (bibdata.encoding, files, _STYLE_STAMP)


_STYLE_STAMP = Path(__file__).stat().st_mtime_ns


def _format_all(entries: Iterable[Entry]) -> dict[str, Source]:
    style = Style()
    ordered = style.sort(list(entries))
    out: dict[str, Source] = {}
    for label, entry in zip(style.format_labels(ordered), ordered):
        try:
            text = style.format_entry(label, entry).text.render(_BACKEND)
        except FieldIsMissing as exc:  # sphinxcontrib-bibtex warns about it, located
            text = f"{entry.key} ({exc})"
        out[entry.key] = Source(label, " ".join(text.split()), entry.fields.get("url", ""))
    return out


def reference(env: BuildEnvironment, key: str) -> Source:
    """The label, full reference and url for a key (empty for an unknown key)."""
    return sources(env).get(key, Source("", "", ""))


def _use_styles(app: Sphinx, config: Config) -> None:
    config.bibtex_default_style = STYLE
    config.bibtex_reference_style = STYLE


def _know_shared_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """Before anything is written: which works share author and year."""
    sources(env)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _use_styles)
    app.connect("env-before-read-docs", _load_formatted)
    app.connect("env-updated", _know_shared_labels)
    app.connect("env-updated", _prune_formatted, priority=900)
