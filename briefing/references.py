"""One formatter for sources: the label and text of every .bib entry.

sphinxcontrib-bibtex formats the bibliography and the in-text citations
through the pybtex styles of :mod:`briefing.bibstyle`; this module gives the
rest of the extension (tooltips, the evidence list, ``claims.json``, the
claims report) the same label and the same formatted text for a key,
computed once per bibliography rather than once per claim, and kept in the
environment between builds.

The extension sets ``bibtex_default_style`` and ``bibtex_reference_style``
to those styles, so the bibliography and this module cannot drift apart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, NamedTuple

from docutils import nodes
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import Entry
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.writers.text import TextTranslator

from briefing import bibstyle
from briefing.bibstyle import STYLE, Style
from briefing.store import cite_domain, store


class Source(NamedTuple):
    label: str  #: as printed in the text and the bibliography
    text: str  #: the full reference, plain text
    url: str
    kind: str = ""  #: official, scholarly, news or other (the entry's ``kind``)


_PLAIN = PlainText()


def sources(env: BuildEnvironment) -> dict[str, Source]:
    """Every entry of the .bib files, formatted once per bibliography.

    The result is kept in the environment (the store's ``sources``,
    :mod:`briefing.store`), with the .bib files' names and modification
    times, so a rebuild after which the files are unchanged does not format
    them again; and for this process, with the parsed .bib it came from."""
    bibdata = cite_domain(env).bibdata
    data = bibdata.data
    kept = store(env)
    if kept.parsed is None or kept.parsed[0] is not data:
        stamp = _stamp(bibdata)
        stored = kept.sources
        if stored is None or stored[0] != stamp:
            stored = kept.sources = (stamp, bibstyle.share(data.entries.values()), _format_all(data.entries.values()))
        bibstyle.shared.clear()
        bibstyle.shared.update(stored[1])
        kept.parsed = (data, stored[2])
    return kept.parsed[1]


def _stamp(bibdata) -> tuple:
    """What the formatted sources depend on: the .bib files (names, times,
    keys), their encoding, and this module (the style)."""
    files = tuple((str(path), info.mtime, tuple(info.keys)) for path, info in bibdata.bibfiles.items())
    return (bibdata.encoding, files, _STYLE_STAMP)


#: Changes when the code that formats sources changes.
_STYLE_STAMP = (Path(__file__).stat().st_mtime_ns, Path(bibstyle.__file__).stat().st_mtime_ns)


def _format_all(entries: Iterable[Entry]) -> dict[str, Source]:
    style = Style()
    ordered = style.sort(list(entries))
    out: dict[str, Source] = {}
    for label, entry in zip(style.format_labels(ordered), ordered):
        try:
            text = style.format_entry(label, entry).text.render(_PLAIN)
        except FieldIsMissing as exc:  # sphinxcontrib-bibtex warns about it, located
            text = f"{entry.key} ({exc})"
        out[entry.key] = Source(label, " ".join(text.split()), entry.fields.get("url", ""),
                                entry.fields.get("kind", "").strip())
    return out


def reference(env: BuildEnvironment, key: str) -> Source:
    """The label, full reference and url for a key (empty for an unknown key)."""
    return sources(env).get(key, Source("", "", "", ""))


def _use_styles(app: Sphinx, config: Config) -> None:
    config.bibtex_default_style = STYLE
    config.bibtex_reference_style = STYLE


def _load_formatted(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    kept = store(env)
    stored = kept.formatted
    if stored is None or stored[0] != _STYLE_STAMP:
        stored = kept.formatted = (_STYLE_STAMP, {})
    bibstyle.bind_format_cache(stored[1])


def _prune_formatted(app: Sphinx, env: BuildEnvironment) -> None:
    bibstyle.prune_format_cache()


def _release(app: Sphinx, exception: BaseException | None) -> None:
    """Nothing of this build stays in the process: the next build (the same
    app building again, or another app) binds its own."""
    bibstyle.release()
    store(app.env).release()


def _know_shared_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """Before anything is written: which works share author and year."""
    sources(env)


def _visit_citation_text(self, node: nodes.citation) -> None:
    """Sphinx's text writer indents a bibliography entry by its label's
    width, and fails on a label wider than its line (an organisation's name
    can be): the indent is capped, the label printed in full."""
    label = node[0].astext() if len(node) and isinstance(node[0], nodes.label) else ""
    self._citlabel = label
    self.new_state(min(len(label) + 3, TEXT_INDENT))


TEXT_INDENT = 12  #: the text builder's widest indent for a bibliography entry


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, text=(_visit_citation_text, TextTranslator.depart_citation))
    app.connect("config-inited", _use_styles)
    app.connect("env-before-read-docs", _load_formatted)
    app.connect("env-updated", _know_shared_labels)
    app.connect("env-updated", _prune_formatted, priority=900)
    app.connect("build-finished", _release, priority=999)  # after claims.json and the report
