"""Book-wide outputs: the draft banner (HTML), the draft mark and print
macros (LaTeX), ``claims.json`` beside the HTML, and the status legend.

``claims.json`` fields, one object per claim in reading order: ``id``,
``document``, ``file``, ``line``, ``chapter``, ``text``, ``status``,
``sources`` (list of ``{key, label, text, url}``: the label as the text and
the bibliography print it, the full reference, the url), ``quote``, ``locator``,
``checked``, ``note``, ``recheck``; plus ``summary`` (the banner line) and ``counts``
(claims per status).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape as tex_escape

from briefing.book import book
from briefing.charts import display_date
from briefing.files import umask, write_atomic
from briefing.nodes import claim_marker
from briefing.records import DESCRIPTIONS, GRADE_DESCRIPTIONS, GRADES, STATUSES, counts, grade_counts, text_digest
from briefing.references import reference

LATEX_MACROS = r"""
% -- claims (briefing extension) --
\newcommand{\claimsmarker}[1]{\raisebox{0.45ex}{\fbox{\sffamily\scriptsize\bfseries #1}}}
\setlength{\fboxsep}{1pt}
\newcommand{\claimsbar}[2]{\rule{\dimexpr #1\dimexpr 3cm\relax\relax}{1.2ex}\rule{\dimexpr 3cm - #1\dimexpr 3cm\relax\relax}{0.2pt}\,#2}
"""
LATEX_DRAFT = r"""
\AddToHook{shipout/foreground}{%
  \put(\dimexpr 0.5\paperwidth\relax,-\dimexpr 0.7cm\relax){%
    \makebox[0pt][c]{\sffamily\footnotesize\bfseries DRAFT\enspace\mdseries\claimsstatus}}}
"""


def is_draft(app: Sphinx) -> bool:
    return book(app.env).draft


def latex_preamble(app: Sphinx, builder) -> None:
    """Add the macros, the status line and (while open claims remain) the
    draft mark on every page; the title page shows ``\\claimsstatus``."""
    if builder.format != "latex":
        return
    made = book(app.env)
    line = tex_escape(made.summary, "unicode")
    extra = LATEX_MACROS + "\\newcommand{\\claimsstatus}{%s}\n" % line
    if made.latest_event or made.last_checked:
        currency = "; ".join(part for part in (
            f"events covered to {display_date(made.latest_event)}" if made.latest_event else "",
            f"sources checked to {display_date(made.last_checked)}" if made.last_checked else "") if part)
        extra += "\\newcommand{\\claimscurrency}{%s}\n" % tex_escape(currency[:1].upper() + currency[1:], "unicode")
    if is_draft(app):
        extra += LATEX_DRAFT
    builder.context["preamble"] = builder.context.get("preamble", "") + extra


def html_banner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format == "html" and is_draft(app):
        context["theme_announcement"] = book(app.env).summary


def claims_json(app: Sphinx) -> dict[str, Any]:
    data = book(app.env)
    claims = data.claims
    files = {source: source_path(app.confdir, source) for source in {c.source for c in claims}}
    cited = {key: {"key": key, **reference(app.env, key)._asdict()} for key in {k for c in claims for k in c.keys}}
    return {
        "summary": data.summary,
        "edition": {"number": app.config.claims_edition, "date": app.config.claims_edition_date},
        "currency": {"latest_event": data.latest_event, "last_checked": data.last_checked},
        "counts": counts(claims),
        "grades": grade_counts(claims),
        "claims": [
            {
                "id": c.id, "number": data.number[c.id], "document": c.docname, "file": files[c.source],
                "line": c.line, "chapter": c.chapter, "text": c.text, "digest": text_digest(c.text),
                "status": c.status, "grade": c.shown_grade, "date": c.date,
                "sources": [cited[k] for k in c.keys],
                "quote": c.quote, "locator": c.locator, "checked": c.checked, "note": c.note,
                "recheck": c.recheck,
            }
            for c in claims
        ],
    }


def source_path(confdir: str | Path, source: str) -> str:
    """A claim's file relative to the project (conf.py's folder), as editors see it."""
    try:
        return Path(source).resolve().relative_to(Path(confdir).resolve()).as_posix()
    except ValueError:
        return source


def write_json(app: Sphinx, exception: Exception | None) -> None:
    """``claims.json`` beside the HTML, written only when its content changes."""
    # Not the EPUB builder (also of format html): it would pack the file on
    # its next build, into a package whose manifest cannot name its type.
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    path = Path(app.outdir) / "claims.json"
    text = json.dumps(claims_json(app), indent=2, ensure_ascii=False) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            os.chmod(path, 0o666 & ~umask())
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


def drop_stale_json(app: Sphinx) -> None:
    """An EPUB build packs every file of its folder: a ``claims.json`` left
    there by an older version of this extension is removed first."""
    if app.builder.name == "epub":
        (Path(app.outdir) / "claims.json").unlink(missing_ok=True)


class ClaimsLegendDirective(SphinxDirective):
    """The markers and what each status means.

    MyST usage::

        ```{claims-legend}
        ```
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        items = nodes.definition_list(classes=["claims-legend"])
        for status in STATUSES:
            term = nodes.term()
            term += claim_marker(claim_id="", status=status, plain=True)
            items += nodes.definition_list_item("", term, nodes.definition("", nodes.paragraph(text=DESCRIPTIONS[status])))
        grades = nodes.definition_list(classes=["claims-legend", "claims-legend-grades"])
        for grade in GRADES:
            term = nodes.term()
            term += claim_marker(claim_id="", status="verified", grade=grade, plain=True)
            grades += nodes.definition_list_item("", term, nodes.definition("", nodes.paragraph(
                text=GRADE_DESCRIPTIONS[grade])))
        intro = nodes.paragraph(text="A checked claim also shows the grade of its evidence, the kind of its best "
                                     "source (in print, the second letter):")
        return [items, intro, grades]


def setup(app: Sphinx) -> None:
    app.add_directive("claims-legend", ClaimsLegendDirective)
    app.connect("write-started", latex_preamble)
    app.connect("html-page-context", html_banner)
    app.connect("builder-inited", drop_stale_json)
    app.connect("build-finished", write_json)
