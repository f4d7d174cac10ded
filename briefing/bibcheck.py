"""Checks of the .bib files, with pybtex's own parser, as ``file:line`` problems.

Two kinds:

* :func:`parse_problems`: what stops the book (not UTF-8, a syntax error, a
  repeated key, an entry type the style cannot print). Checked before sphinxcontrib-bibtex reads the files, so a
  typo in references.bib is one located line, not a crash report.
* :func:`entry_problems`: the house rules for an entry (author, title, year, ``url`` with a real ``urldate``, and a
  ``kind``). Reported as warnings (``claims.bib``) by the consistency check.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pybtex.errors
from pybtex.database import BibliographyData, BibliographyDataError, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.plain import Style as PlainStyle

from briefing.records import is_date

#: Entry types the bibliography style can print.
TYPES = frozenset(m[4:-9] for m in dir(PlainStyle) if m.startswith("get_") and m.endswith("_template"))
KINDS = ("official", "scholarly", "news", "other")
ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.M)


class Problem(NamedTuple):
    path: Path
    line: int
    message: str
    subtype: str = "bib"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def entry_lines(text: str) -> dict[str, list[int]]:
    """Each key's lines (where its ``@type{key,`` stands), in file order."""
    lines: dict[str, list[int]] = {}
    for match in ENTRY_RE.finditer(text):
        lines.setdefault(match[2], []).append(text.count("\n", 0, match.start()) + 1)
    return lines


def read(path: Path) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, Problem(path, 0, "the bibliography file does not exist (conf.py: bibtex_bibfiles)", "bib_missing")
    except OSError as exc:
        return None, Problem(path, 0, f"cannot read the bibliography file: {exc.strerror}", "bib_missing")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                             "bib_syntax")


def parse_problems(path: Path) -> tuple[BibliographyData | None, list[Problem]]:
    """Parse one .bib file strictly: its data, or the problems that stop it."""
    text, problem = read(path)
    if problem is not None:
        return None, [problem]
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser(encoding="utf-8").parse_string(text)
    except PybtexSyntaxError as exc:
        return None, [Problem(path, exc.lineno or 0, f"syntax error: {exc.args[0] if exc.args else exc}",
                              "bib_syntax")]
    except BibliographyDataError as exc:
        return None, _repeats(path, text) or [Problem(path, 0, str(exc), "bib_syntax")]
    except Exception as exc:  # pybtex raises bare PybtexError for some inputs
        return None, [Problem(path, 0, f"cannot parse: {exc}", "bib_syntax")]
    finally:
        pybtex.errors.set_strict_mode(strict)
    lines = entry_lines(text)
    unknown = [Problem(path, lines.get(key, [0])[0],
                       f"{key}: entry type @{entry.type} is not one the bibliography can print "
                       f"(use one of {', '.join(sorted(TYPES))})", "bib_type")
               for key, entry in data.entries.items() if entry.type.lower() not in TYPES]
    return (None, unknown) if unknown else (data, [])


def _repeats(path: Path, text: str) -> list[Problem]:
    out = []
    for key, lines in entry_lines(text).items():
        for line in lines[1:]:
            out.append(Problem(path, line, f"repeated key {key!r} (first defined at line {lines[0]})", "bib_duplicate"))
    return out


def entry_problems(path: Path, key: str, entry: Entry, line: int) -> list[Problem]:
    """The house rules for one entry."""
    found: list[str] = []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    if not (entry.persons.get("author") or entry.persons.get("editor")):
        found.append("no author (an institution goes in double braces: author = {{NATO}})")
    for name in ("title", "year"):
        if not fields.get(name, "").strip():
            found.append(f"no {name}")
    if fields.get("url") and not fields.get("urldate"):
        found.append("url without urldate (the date you read the page, YYYY-MM-DD)")
    if fields.get("urldate") and not is_date(fields["urldate"].strip()):
        found.append(f"urldate {fields['urldate']!r} is not a real date as YYYY-MM-DD")
    if fields.get("kind", "").strip() not in KINDS:
        found.append(f"kind must be one of {', '.join(KINDS)} (see the editors' guide)")
    return [Problem(path, line, f"{key}: {message}") for message in found]


def lint(path: Path) -> tuple[BibliographyData | None, list[Problem]]:
    """Everything wrong with one .bib file."""
    data, problems = parse_problems(path)
    if data is None:
        return None, problems
    lines = entry_lines(path.read_text(encoding="utf-8"))
    for key, entry in data.entries.items():
        problems += entry_problems(path, key, entry, lines.get(key, [0])[0])
    return data, problems
