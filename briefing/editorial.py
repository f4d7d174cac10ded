"""The book's editorial rules, checked by every build (and by ``make check``).

* Before anything else reads them, the .bib files must parse: a syntax
  error, a file that is not UTF-8, a repeated key or a missing file stops
  the build with one ``file:line: message`` (never pybtex's traceback).
* With ``claims_editorial_rules = True`` in conf.py, the consistency check
  also warns (type ``claims``) about:

  - ``bib``: an entry breaking the house rules (:mod:`briefing.bibcheck`);
  - ``uncited``: an entry no claim cites;
  - ``wording``: a disputed claim whose text says neither "Correction:" nor
    "More precisely:"; a not-confirmed claim whose text does not say "Not
    confirmed:"; a verified or disputed claim that says "Not confirmed:";
  - ``not_found``: a disputed claim whose note only says nothing was found;
  - ``no_recheck``: a disputed claim without the second reader's outcome;
  - ``weak_source``: a verified or disputed claim whose sources are all of
    kind ``other`` (blogs, wikis, digests, copies), which never settle one.
"""
from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from briefing.bibcheck import Problem, drop_unsafe_urls, lint, parse_problems
from briefing.files import conf_line, relative
from briefing.collector import all_claims
from briefing.records import Claim
from briefing.store import cite_domain, store
from briefing.subtypes import BookStopped

logger = logging.getLogger(__name__)

NOT_FOUND = re.compile(
    r"\b(not found|no (official )?sources? (was |were )?(found|describes?|mentions?|gives?)|"
    r"(did|could) not find|found no|cannot be confirmed|could not be (confirmed|found))\b", re.I)


def bib_paths(app: Sphinx) -> list[Path]:
    return [Path(app.confdir) / name for name in (app.config.bibtex_bibfiles or [])]


def parsed(app: Sphinx, path: Path) -> tuple[BibliographyData | None, list[Problem]]:
    """:func:`~briefing.bibcheck.parse_problems` for ``path``, once per build
    while the file is unchanged (the first check and the consistency check
    both need it)."""
    try:
        stat = path.stat()
        stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return parse_problems(path)
    kept = store(app.env).strict
    if stamp not in kept:
        kept[stamp] = parse_problems(path)
    return kept[stamp]


def stop_on_broken_bib(app: Sphinx) -> None:
    """Parse the .bib files first; a broken one ends the build with one
    located line per problem, then :class:`~briefing.subtypes.BookStopped`
    (exit status 2, no crash report)."""
    problems = [p for path in bib_paths(app) for p in parsed(app, path)[1]]
    for p in problems:
        if p.subtype == "bib_missing":  # no line to show in a file that is not there: show where it is named
            location = conf_line(app.confdir, "bibtex_bibfiles")
            message = f"{relative(p.path)}: the bibliography file named in bibtex_bibfiles does not exist"
        else:
            location, message = f"{relative(p.path)}:{p.line or 1}", p.message
        logger.error("%s", message, location=location, type="claims", subtype=p.subtype)
    if problems:
        raise BookStopped(f"{len(problems)} problem(s) in the .bib files, each on a line above")


def drop_unsafe_links(app: Sphinx) -> None:
    """Once sphinxcontrib-bibtex has read the .bib files: a url that is not a
    web address is taken out of the entry, so neither the bibliography, nor a
    tooltip, nor ``claims.json`` links it (the check reports it, located)."""
    drop_unsafe_urls(cite_domain(app.env).bibdata.data.entries)


def check(app: Sphinx, env: BuildEnvironment) -> None:
    if not app.config.claims_editorial_rules:
        return
    claims = all_claims(env)
    _check_bib(app, env, claims)
    for c in claims:
        for subtype, message in claim_problems(c):
            logger.warning(message, location=f"{c.source}:{c.line}", type="claims", subtype=subtype)


def claim_problems(c: Claim) -> list[tuple[str, str]]:
    """The house rules for one graded claim (:mod:`briefing.book`)."""
    found = []
    if c.status == "disputed":
        if not re.search(r"Correction:|More precisely:", c.text):
            found.append(("wording", f"claim {c.id!r} is disputed: its text must say 'Correction:' (a source "
                                     "contradicts) or 'More precisely:' (a source narrows)"))
        if NOT_FOUND.search(c.note):
            found.append(("not_found", f"claim {c.id!r}: a disputed note says what a source says instead; "
                                       "'not found' makes the claim unsourced, not disputed"))
        if not c.recheck:
            found.append(("no_recheck", f"claim {c.id!r} is disputed but has no :recheck: from a second reader"))
    if c.status in ("verified", "disputed") and "Not confirmed:" in c.text:
        found.append(("wording", f"claim {c.id!r} is {c.status}: 'Not confirmed:' is for not-confirmed claims"))
    if c.status == "not-confirmed" and "Not confirmed:" not in c.text:
        found.append(("wording", f"claim {c.id!r} is not-confirmed: its text must say 'Not confirmed:' and what "
                                 "the article claims, never state it as a fact"))
    if c.status in ("verified", "disputed") and c.keys and c.grade == "other":
        found.append(("weak_source", f"claim {c.id!r} is {c.status} but all its sources are of kind 'other' (blogs, "
                                     "wikis, digests, copies), which never settle a claim: name an official, "
                                     "scholarly or news source"))
    return found


def _check_bib(app: Sphinx, env: BuildEnvironment, claims: list[Claim]) -> None:
    cited = {key for c in claims for key in c.keys}
    for path in bib_paths(app):
        data, problems = lint(path, cited, parsed(app, path))
        if data is None:  # unreadable: already reported by stop_on_broken_bib
            continue
        for problem in problems:
            logger.warning(problem.message, location=f"{path}:{problem.line}", type="claims", subtype=problem.subtype)


def setup(app: Sphinx) -> None:
    app.add_config_value("claims_editorial_rules", False, "env", bool)
    app.connect("builder-inited", stop_on_broken_bib, priority=100)
    app.connect("builder-inited", drop_unsafe_links, priority=600)  # after sphinxcontrib-bibtex reads the files
    app.connect("env-check-consistency", check)
