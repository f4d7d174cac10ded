"""Sphinx configuration for the Kosovo briefing book.

Build from the repository root with this file as the configuration and
``book/`` as the source folder::

    sphinx-build -c . book _build/html
"""
from __future__ import annotations

import os
import sys
from datetime import date

sys.path.insert(0, os.path.abspath(os.path.dirname(__file__)))

# -- General --------------------------------------------------------------------

project = "Allied Peacekeeping in Kosovo"
subtitle = "A briefing on NATO's Kosovo Force (KFOR), with every claim checked"
author = "The Kosovo Briefing Team"
description = ("A checked briefing on NATO's Kosovo Force (KFOR): origins, mandate, structure, "
               "operations, contributors, challenges and outlook, with every claim checked and graded.")
keywords = ["Kosovo", "KFOR", "NATO", "peacekeeping", "UNSCR 1244", "UNMIK", "EULEX", "Western Balkans"]
# The edition this build is (`make release` issues it: editions/<N>.json).
claims_edition = 2
claims_edition_date = "2026-12-02"  # the date of issue
edition_line = f"Edition {claims_edition}, {date.fromisoformat(claims_edition_date):%B %Y}"
# The running heads and the footer print "Edition 1, December 2026".
version = release = edition_line.removeprefix("Edition ")
copyright = f"2026, {author}. {edition_line}"
language = "en"

# The date of information: the book covers events up to this date (the newest
# event its sources report; `make check` warns when it runs ahead of the
# content by more than claims_currency_margin). Sources were read and checked
# up to the edition's date of issue (claims_edition_date): no slot may carry a
# later ``checked`` date (warning claims.bad_date). Both are on the title page.
date_of_information = date(2026, 6, 25)
claims_information_date = date_of_information.isoformat()
# The house rules for slots and sources (briefing/editorial.py): wording of
# corrections, second reads, source kinds, every .bib entry well formed and cited.
claims_editorial_rules = True
# The article the book reviews: each disputed and not-confirmed claim is
# published as schema.org ClaimReview JSON-LD in its page's head, with this
# article as the item reviewed (briefing/factcheck.py).
claims_article_title = "Overview of Allied Peacekeeping Missions in Kosovo"
# The book's index (briefing/bookindex.py): each name is indexed where a
# paragraph gives it, under its first spelling and its kind.
claims_index_terms = {
    "places": ["Pristina|Prishtinë|Priština", "Mitrovica|Mitrovicë", "Zvečan|Zveçan", "Zubin Potok",
               "Leposavić|Leposaviq", "Banjska|Banjskë", "Ibar|Ibër", "Ferizaj|Uroševac|Urosevac",
               "Peć|Pejë|Pec", "Gjilan|Gnjilane", "Prizren", "Skopje", "Blace", "Camp Bondsteel",
               "Camp Film City", "Camp Villaggio Italia", "Camp Monteith", "Serbia", "Albania",
               "North Macedonia|Macedonia", "Bosnia and Herzegovina|Bosnia"],
    "units": ["Multinational Specialized Unit|MSU", "Regional Command East|RC-East",
              "Regional Command West|RC-West", "Multinational Battle Group|MNBG",
              "Multinational Brigade|MNB", "Task Force Falcon", "Carabinieri",
              "Kosovo Security Force|KSF", "Kosovo Protection Corps|KPC", "Kosovo Police",
              "Kosovo Liberation Army|KLA|UÇK", "Joint Force Command Naples|JFC Naples",
              "SHAPE", "operational reserve force"],
    "missions": ["UNMIK", "EULEX", "OSCE", "EUFOR", "UNHCR", "Joint Guardian", "Joint Enterprise",
                 "Allied Force"],
    "people": ["Michael Jackson|Mike Jackson", "Özkan Ulutaş|Ulutaş", "Albin Kurti|Kurti",
               "Vjosa Osmani|Osmani", "Jens Stoltenberg|Stoltenberg", "Mark Rutte|Rutte",
               "Christopher Cavoli|Cavoli", "Javier Solana|Solana", "Wesley Clark",
               "Aleksandar Vučić|Vučić", "Caroline Ziadeh|Ziadeh", "Peter Sørensen|Sørensen",
               "Jeffrey Hovenier|Hovenier", "Albulena Haxhiu|Haxhiu"],
    "texts": ["Resolution 1244", "Military Technical Agreement", "Brussels Agreement"],
}
# The Summary is indexed where the site and the EPUB show it (index.md); the
# editors' guide is on the site only.
claims_index_skip = ["summary", "editors"]
information_line = f"Information as of {date_of_information.day} {date_of_information:%B %Y}"

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "briefing",
]

root_doc = "index"
# _data: read by directives; _parts: included by pages; neither is a page
exclude_patterns = ["_static", "_build", "_data", "_parts", "Thumbs.db", ".DS_Store"]
# A warning is a defect: the Makefile builds with --fail-on-warning.
nitpicky = True
# Figures and maps numbered through the book (Figure 1, 2, ...), as in the
# PDF's list of figures.
numfig = True
numfig_secnum_depth = 0

# -- MyST -----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_substitutions = {
    "project": project,
    "subtitle": subtitle,
    "author": author,
    "edition_line": edition_line,
    "date_of_information": information_line.removeprefix("Information as of "),
    "sources_checked": f"{date.fromisoformat(claims_edition_date):%-d %B %Y}",
}
myst_heading_anchors = 3
myst_footnote_transition = False

# -- Bibliography (sphinxcontrib-bibtex) ----------------------------------------

bibtex_bibfiles = ["references.bib"]  # paths here are relative to conf.py
# The briefing extension sets the bibliography and citation styles: author-year
# labels with letters for works that share author and year ("NATO, 2023a"),
# the same in the text, the bibliography, the tooltips, the evidence list and
# claims.json (see briefing/references.py).

# -- HTML -----------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["book/_static"]
html_css_files = ["briefing.css"]
html_favicon = "book/_static/favicon.svg"
html_last_updated_fmt = ""
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "home_page_in_toc": True,
    # download links for the whole book (briefing/templates/download-book.html)
    "article_header_end": ["download-book.html", "article-header-buttons.html"],
}
# default_mode: follow the reader's light or dark setting (pydata theme context)
html_context = {"description": description, "default_mode": "auto"}

# -- EPUB -----------------------------------------------------------------------
# `make epub`: the same book for phones and e-readers (Sphinx's epub builder).

epub_basename = "kosovo-briefing"
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_description = description
epub_language = "en"
epub_scheme = "URN"
epub_identifier = "kosovo-briefing"  # the same id in the OPF and the NCX
epub_uid = "kosovo-briefing"
epub_show_urls = "no"
# .buildinfo.bak: Sphinx's copy of the last build's record, left when conf.py changes.
# The editors' guide is for the site only; the Summary is the EPUB's first page (index).
epub_exclude_files = ["search.html", ".buildinfo.bak", "editors.xhtml", "summary.xhtml"]
# The root toctrees are hidden (the HTML shows them in the sidebar): include
# them in the e-reader's table of contents.
epub_tocscope = "includehidden"
epub_tocdepth = 2

# -- LaTeX / PDF ----------------------------------------------------------------
# PAPER=letter in the Makefile passes -D latex_elements.papersize=letterpaper.

latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "kosovo-briefing.tex", project, author, "manual", False),
]
latex_show_urls = "no"
# A cross-reference in print gives the page it leads to: "chapter 4 (p. 56)".
latex_show_pagerefs = True
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "releasename": "Edition",
    # One continuous book; pass -D latex_elements.extraclassoptions=openright
    # for a duplex print where chapters open on right-hand pages.
    "extraclassoptions": "openany,oneside",
    "fontpkg": r"""
\setmainfont{FreeSerif}[Ligatures=TeX]  % "--" (the index's page ranges) is an en dash
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    # Links stay live but print in a dark blue-black, not screen blue.
    "sphinxsetup": "InnerLinkColor={RGB}{25,35,75}, OuterLinkColor={RGB}{25,35,75}",
    # Document metadata (pdfinfo shows it), from the values above.
    "preamble": r"""
\setlength{\headheight}{14pt}
%% The bibliography is set ragged right: long URLs and organisation names
%% otherwise stretch the spaces of justified lines.
\AtBeginEnvironment{sphinxthebibliography}{\raggedright}
%% The HTML "Bibliography" page is empty in print (its entries move to the end
%% of the book; briefing/printbook.py drops it): links to it go to the
%% bibliography itself.
\makeatletter
\renewenvironment{sphinxthebibliography}[1]{%%
  \if@openright\cleardoublepage\else\clearpage\fi
  \begin{thebibliography}{#1}%%
  \addcontentsline{toc}{chapter}{\bibname}\label{\detokenize{references::doc}}}{\end{thebibliography}}
\makeatother
\makeatletter
\newcommand{\briefingcontents}{%%
  \clearpage\begingroup\parskip\z@skip\sphinxtableofcontentshook\tableofcontents\endgroup
  \listoffigures\clearpage\pagenumbering{arabic}}
\makeatother
%% The index names places and people in the text face, not in code type.
\protected\def\sphinxstyleindexentry#1{#1}
%% Long URLs break at any character rather than run into the margin.
\usepackage{xurl}
%% Page references after cross-references read "(p. 56)".
\AtBeginDocument{\def\pageautorefname{p.}}
\AtBeginDocument{\hypersetup{
  pdftitle={%s}, pdfauthor={%s}, pdfsubject={%s},
  pdfkeywords={%s}, pdflang={en-GB}, pdfcreator={Sphinx and XeLaTeX}}%%
  \special{pdf:put @catalog <</Lang (en-GB)>>}}
""" % (project, author, description.replace(",", "{,}"), ", ".join(keywords).replace(",", "{,}")),
    # The Summary (book/index.md) comes first, on pages i-ii, then the
    # contents and a list of figures and maps (\briefingcontents, placed by
    # index.md); the body is numbered from 1.
    "tableofcontents": "",
    "maketitle": r"""\makeatletter
\begin{titlepage}
  \centering
  \vspace*{3cm}
  {\sffamily\bfseries\Huge Allied Peacekeeping in Kosovo\par}
  \vspace{1em}
  {\sffamily\Large A briefing on NATO's Kosovo Force (KFOR)\par}
  \vspace{4cm}
  {\large Kosovo\,/\,Kosova\,/\,Косово\par}
  \vfill
  \ifdefined\claimsstatus
    {\sffamily\large\claimsstatus\par}\vspace{1.5em}
  \fi
  {\large\bfseries %s\par}\vspace{0.5em}
  \ifdefined\claimscurrency{\normalsize\claimscurrency\par}\vspace{1em}\fi
  {\large \@author\par}
  {\large %s\par}
\end{titlepage}
\pagenumbering{roman}
\makeatother
""" % (information_line, edition_line),
    # The index of places, units, missions and people ends the book.
    "printindex": r"\printindex",
}
