"""The HTML site around the book: document and link-preview metadata in
each page's head, the download links for the whole book (PDF, EPUB), and
a navigation without the pages only another format shows.

The Makefile copies the built PDF and EPUB into the site's ``downloads/``
folder (``make`` or ``make site``); every page links them from its header
through the ``download-book.html`` template, which conf.py places in the
theme's ``article_header_end``.
"""
from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

TEMPLATES = str(Path(__file__).parent / "templates")
DOWNLOADS = "downloads"


def _description(doctree: nodes.document | None, fallback: str) -> str:
    """The page's first paragraph (a chapter's bottom line), shortened."""
    para = next(iter(doctree.findall(nodes.paragraph)), None) if doctree is not None else None
    text = " ".join(para.astext().split()) if para is not None else ""
    text = text.removeprefix("Bottom line up front.").strip() or fallback
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "\u2026"


def page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    project = app.config.project
    title = re.sub(r"<[^>]+>", "", unescape(context.get("title") or "")) or project
    page_title = project if pagename == app.config.root_doc else f"{title} \u2013 {project}"
    description = _description(doctree, app.config.html_context.get("description", project))
    tags = {
        "description": ("name", description),
        "og:title": ("property", page_title),
        "og:description": ("property", description),
        "og:type": ("property", "article"),
        "og:site_name": ("property", project),
        "og:locale": ("property", "en_GB"),
    }
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n    <meta {kind}="{escape(name)}" content="{escape(value, quote=True)}" />'
        for name, (kind, value) in tags.items()
    )
    context["briefing_icons_css"] = app.config.html_theme == "sphinx_book_theme"
    base = f"{DOWNLOADS}/{app.config.epub_basename}"
    context["briefing_downloads"] = [("PDF", f"{base}.pdf", "application/pdf"),
                                     ("EPUB", f"{base}.epub", "application/epub+zip")]


def _drop_other_formats_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """On the site, a toctree inside ``{only}`` for another format is dropped
    before Sphinx collects it: Sphinx evaluates ``only`` when it writes a
    page, too late for the navigation, so the print-only Summary page
    (index.md's ``{only} latex`` toctree) showed in the site's sidebar and
    page links beside the landing page that already carries the Summary."""
    if app.builder.format != "html":
        return
    for only in list(doctree.findall(addnodes.only)):
        if next(iter(only.findall(addnodes.toctree)), None) is not None and \
                not app.builder.tags.eval_condition(only["expr"]):
            only.parent.remove(only)


STATIC = str(Path(__file__).parent / "static")


def _site_assets(app: Sphinx) -> None:
    """The extension's own files for the site's pages (``static/``): the
    markers' tooltip and search script (``briefing.js``), and, where the
    layout (``templates/layout.html``) leaves out Font Awesome's script, the
    theme's icons as CSS (``icons.css``). EPUB readers run no scripts (an
    EPUB page with one must say so), and keep their own theme."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    app.config.html_static_path.append(STATIC)
    app.add_js_file("briefing.js", loading_method="defer")
    if app.config.html_theme == "sphinx_book_theme":
        app.add_css_file("icons.css")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _site_assets)
    app.connect("doctree-read", _drop_other_formats_toctrees, priority=400)  # before the toctree collector
    app.connect("html-page-context", page_metadata)
    app.connect("config-inited", lambda app, config: config.templates_path.append(TEMPLATES))
