# Kosovo briefing book: build HTML and PDF, run the tests.
#
#   make            HTML site, PDF and EPUB, the last two also offered for
#                   download on every page (installs what is missing on first run)
#   make html       HTML site in $(BUILDDIR)/html
#   make pdf        print PDF in $(BUILDDIR)/latex/kosovo-briefing.pdf
#   make epub       EPUB in $(BUILDDIR)/epub/kosovo-briefing.epub
#   make check      the editor's check: every slot, source and .bib rule, in
#                   seconds, one line per problem as file:line (no PDF)
#   make live       live preview on http://127.0.0.1:8000, rebuilt on save
#   make linkcheck  every url in references.bib and the chapters (needs a network)
#   make test       the test suite
#   make claims     claims report: counts by chapter and status, open slots
#   make release    issue the edition: a fresh strict build that fails while any
#                   claim is open, then the edition's ledger in editions/
#   make clean      remove build output (keeps the virtual environment)
#
# Variables: SPHINXOPTS (extra sphinx-build options), BUILDDIR (_build),
# PAPER (a4 | letter), JOBS (parallel sphinx jobs), TESTJOBS (test processes,
# auto: one per core), BENCHOPTS (e.g. --with-tests, --quick), PYTHON (python3).

SHELL       := /bin/bash
PYTHON      ?= python3
VENV        ?= .venv
BUILDDIR    ?= _build
PAPER       ?= a4
JOBS        ?= auto
SPHINXOPTS  ?=
PYTESTOPTS  ?=
TESTJOBS    ?= auto
BENCHOPTS   ?=

BIN         := $(VENV)/bin
# Every build takes the checkout's build lock (briefing/lock.py): a second
# `make` in the same checkout says so in one line and waits its turn.
LOCK        := $(BIN)/python -m briefing.lock $(BUILDDIR)/.lock --
# sphinx-build, with one line for a full disk or a read-only folder (briefing/run.py)
SPHINXBUILD := $(LOCK) $(BIN)/python -m briefing.run
STRICT      := --fail-on-warning --keep-going --jobs $(JOBS)
PAPEROPT_a4     := -D latex_elements.papersize=a4paper
PAPEROPT_letter := -D latex_elements.papersize=letterpaper
ifeq ($(PAPEROPT_$(PAPER)),)
$(error PAPER must be a4 or letter, not '$(PAPER)')
endif
ALLSPHINXOPTS := -c . $(STRICT) $(SPHINXOPTS)
# conf.py must run before any build: a typo there is one located line.
CONFCHECK := $(BIN)/python -m briefing.check --conf-only
# Reproducible output: the same commit builds the same bytes (dates in the
# PDF, the HTML and the EPUB come from the last commit, not from the clock).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
PDF := $(BUILDDIR)/latex/kosovo-briefing.pdf
EPUB := $(BUILDDIR)/epub/kosovo-briefing.epub

# Debian packages for the PDF (TeX Live with XeLaTeX, fonts) and for the tests.
DEB_PACKAGES := latexmk texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-xetex texlive-plain-generic \
	fonts-freefont-otf tex-gyre
# The browser the tests drive (Debian's Chromium; Playwright downloads none),
# the library the Node.js inside Playwright's wheel needs, and EPUBCheck
# (with a Java runtime) for the EPUB test.
BROWSER_PACKAGES := chromium libatomic1 epubcheck default-jre-headless
# Files that show those packages are there (commands, LaTeX styles, fonts).
TEX_PROBES := xelatex latexmk
STY_PROBES := tikz.sty fncychap.sty ulem.sty tabulary.sty capt-of.sty needspace.sty \
	polyglossia.sty fontspec.sty wrapfig.sty framed.sty
FONT_PROBES := FreeSerif FreeSans FreeMono

.PHONY: all html pdf epub site test lint bench claims release check live linkcheck clean distclean deps sysdeps help
.DEFAULT_GOAL := all

all: site

help:
	@sed -n '2,13p' $(firstword $(MAKEFILE_LIST))

# -- Python environment ---------------------------------------------------------
# A project-local virtual environment with the exact versions of constraints.txt.
# Rebuilt only when pyproject.toml or constraints.txt change.
$(VENV)/.installed: pyproject.toml constraints.txt
	@if ! [ -x $(BIN)/python ]; then \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	    rm -rf $(VENV); \
	    $(MAKE) --no-print-directory sysdeps-apt APT_PACKAGES="python3-venv" WHY="Python's venv module"; \
	    $(PYTHON) -m venv $(VENV); }; \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	  --constraint constraints.txt --editable '.[test]'
	@touch $@

deps: $(VENV)/.installed

# -- System packages ------------------------------------------------------------
# Installs the TeX packages with apt when any probe fails (as root, or through
# sudo); elsewhere it stops and names what to install.
sysdeps:
	@missing=0; \
	for c in $(TEX_PROBES); do command -v $$c >/dev/null || missing=1; done; \
	if [ $$missing = 0 ]; then \
	  for s in $(STY_PROBES); do kpsewhich $$s >/dev/null || missing=1; done; \
	  for f in $(FONT_PROBES); do fc-list 2>/dev/null | grep -q "$$f" || missing=1; done; \
	fi; \
	if [ $$missing = 1 ]; then \
	  $(MAKE) --no-print-directory sysdeps-apt APT_PACKAGES="$(DEB_PACKAGES)" WHY="the PDF (TeX Live with XeLaTeX)"; \
	fi

browserdeps:
	@if ! { command -v chromium || command -v chromium-browser; } >/dev/null \
	   || ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q 'libatomic\.so\.1' \
	   || ! [ -f /usr/share/java/epubcheck.jar ] || ! command -v java >/dev/null; then \
	  $(MAKE) --no-print-directory sysdeps-apt APT_PACKAGES="$(BROWSER_PACKAGES)" WHY="the browser tests"; \
	fi

.PHONY: sysdeps-apt browserdeps
sysdeps-apt:
	@if ! command -v apt-get >/dev/null; then \
	  echo "error: $(WHY) needs these packages (Debian names): $(APT_PACKAGES)" >&2; \
	  echo "error: install them with your system's package manager, then run make again." >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null; then sudo=sudo; \
	else echo "error: $(WHY) needs root to install: $(APT_PACKAGES)" >&2; exit 1; fi; \
	echo "Installing for $(WHY): $(APT_PACKAGES)"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get update -qq && \
	$$sudo apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null

# $(call latexpdf,DIR): run XeLaTeX (latexmk) in DIR quietly; on failure show
# the end of the log and where the whole log is. A run that was killed leaves
# half-written .aux files and a latexmk that remembers the error ("Nothing to
# do"): unless the last run finished (.pdf-finished), start from a clean folder.
define latexpdf
	@[ -f $(1)/.pdf-finished ] || $(MAKE) --no-print-directory -s -C $(1) clean; rm -f $(1)/.pdf-finished
	$(LOCK) $(MAKE) --no-print-directory -C $(1) all-pdf LATEXMKOPTS="-silent" >$(1)/build.log 2>&1 \
	  || { tail -n 40 $(1)/build.log; $(BIN)/python -m briefing.latexlog $(1) >&2; \
	       echo "error: LaTeX failed; full log: $(1)/build.log" >&2; exit 1; }
	@touch $(1)/.pdf-finished
endef

# -- Builds ---------------------------------------------------------------------

html: deps
	@$(CONFCHECK)
	$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) book $(BUILDDIR)/html
	@echo "HTML: $(BUILDDIR)/html/index.html"

pdf: deps sysdeps
	@$(CONFCHECK)
	$(SPHINXBUILD) -b latex $(ALLSPHINXOPTS) $(PAPEROPT_$(PAPER)) book $(BUILDDIR)/latex
	$(call latexpdf,$(BUILDDIR)/latex)
	@echo "PDF: $(PDF)"

epub: deps
	@$(CONFCHECK)
	$(SPHINXBUILD) -b epub $(ALLSPHINXOPTS) -d $(BUILDDIR)/doctrees-epub book $(BUILDDIR)/epub
	@echo "EPUB: $(EPUB)"

# The site with the whole book for download: the PDF and EPUB are copied into
# html/downloads/, which every page links from its header.
site: html pdf epub
	mkdir -p $(BUILDDIR)/html/downloads
	cp $(PDF) $(EPUB) $(BUILDDIR)/html/downloads/
	@echo "Site: $(BUILDDIR)/html/index.html (downloads: PDF and EPUB)"

# -- Claims -------------------------------------------------------------------------

claims: deps
	@$(CONFCHECK)
	@$(SPHINXBUILD) -b claims -c . --quiet --keep-going $(SPHINXOPTS) book $(BUILDDIR)/claims

RELEASEDIR := $(BUILDDIR)/release
# Each issued edition's ledger (claims_editions_dir in conf.py), committed with the book.
EDITIONSDIR := editions
# Built into a temporary folder and moved into place only when it passes:
# a failed release leaves the last release as it was, and keeps its own
# build (with the logs the error message names) in $(RELEASEDIR).tmp.
release: deps sysdeps
	@$(CONFCHECK)
	rm -rf $(RELEASEDIR).tmp
	$(MAKE) --no-print-directory release-build RELEASEOUT=$(RELEASEDIR).tmp \
	  || { echo "error: release failed; nothing was written to $(RELEASEDIR); the failed build and its logs stay in $(RELEASEDIR).tmp" >&2; exit 1; }
	$(BIN)/python -m briefing.ledger write $(RELEASEDIR).tmp/html/claims.json $(EDITIONSDIR) \
	  || { rm -rf $(RELEASEDIR).tmp; echo "error: release refused; nothing was written to $(RELEASEDIR)" >&2; exit 1; }
	rm -rf $(RELEASEDIR) && mv $(RELEASEDIR).tmp $(RELEASEDIR)
	cp $(EDITIONSDIR)/*.json $(RELEASEDIR)/
	@echo "Release: $(RELEASEDIR)/html/index.html and $(RELEASEDIR)/latex/kosovo-briefing.pdf"
	@echo "Commit the edition's ledger in $(EDITIONSDIR)/ with the book."

# The release itself, into $(RELEASEOUT); called by `release` only.
.PHONY: release-build
release-build:
	$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) --fresh-env -D claims_release=1 book $(RELEASEOUT)/html
	$(SPHINXBUILD) -b latex $(ALLSPHINXOPTS) --fresh-env -D claims_release=1 $(PAPEROPT_$(PAPER)) book $(RELEASEOUT)/latex
	$(call latexpdf,$(RELEASEOUT)/latex)

# -- Editors --------------------------------------------------------------------------

check: deps
	@$(BIN)/python -m briefing.check --outdir $(BUILDDIR)/check

$(VENV)/.live: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --constraint constraints.txt --editable '.[live]'
	@touch $@

live: $(VENV)/.live
	@$(CONFCHECK)
	$(BIN)/sphinx-autobuild -c . --host 127.0.0.1 --port 8000 --watch references.bib --watch briefing \
	  $(SPHINXOPTS) book $(BUILDDIR)/live

linkcheck: deps
	@$(CONFCHECK)
	$(BIN)/python -m briefing.linkcheck references.bib
	$(SPHINXBUILD) -b linkcheck -c . --keep-going -q $(SPHINXOPTS) book $(BUILDDIR)/linkcheck

# -- Tests ----------------------------------------------------------------------

# Lint and types (ruff and mypy, pinned in constraints.txt); `make test` runs it first.
lint: deps
	$(BIN)/ruff check briefing tests tools
	$(BIN)/mypy

test: deps sysdeps browserdeps lint
	$(BIN)/python -m pytest -n $(TESTJOBS) --dist worksteal $(PYTESTOPTS)

# What claims cost: the book against plain copies (benchmarks/results.md, ~7 min).
bench: deps
	$(BIN)/python benchmarks/run.py $(BENCHOPTS)

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) *.egg-info
