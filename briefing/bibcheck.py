"""Checks of the .bib files, with pybtex's own parser, as ``file:line`` problems.

Two kinds:

* :func:`parse_problems`: what stops the book (not UTF-8, a syntax error, a
  repeated key, an entry type the style cannot print, no entries at all, a
  field pybtex cannot decode as LaTeX). Checked before sphinxcontrib-bibtex reads the files, so a
  typo in references.bib is one located line, not a crash report. A syntax
  error points at the line to fix where it can tell (the line whose brace is
  never closed, the line missing its comma), not where pybtex gave up.
* :func:`entry_problems`: the house rules for an entry (author, title, year, ``url`` with a real ``urldate``, a
  ``kind``, no unescaped ``%``, which BibTeX reads as a comment that drops the rest of the field). Reported as
  warnings (``claims.bib``) by the consistency check.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pybtex.errors
from pybtex.database import BibliographyData, BibliographyDataError, Entry
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.plain import Style as PlainStyle

from briefing.files import undecodable
from briefing.records import is_date

#: Entry types the bibliography style can print.
TYPES = frozenset(m[4:-9] for m in dir(PlainStyle) if m.startswith("get_") and m.endswith("_template"))
KINDS = ("official", "scholarly", "news", "other")
ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.M)
FIELD_RE = re.compile(r"^\s*([\w-]+)\s*=")
#: Fields printed as typed (not decoded as LaTeX), where % is part of the text.
RAW_FIELDS = frozenset({"url", "doi", "eprint", "file", "urldate"})
#: The only schemes a url may have: anything else (``javascript:``, ``data:``,
#: ``file:``) would be a link that runs or opens something on the reader's machine.
SAFE_SCHEMES = ("http", "https")
#: Fields whose value becomes a link in the bibliography or a tooltip.
URL_FIELDS = ("url",)
COMMENT_RE = re.compile(r"(?<!\\)%")
LITERAL_BRACE_RE = re.compile(r"\\[{}]")


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


def field_lines(text: str, entry_line: int) -> dict[str, int]:
    """Each field's line in the entry that starts at ``entry_line`` (none for line 0: not found)."""
    out: dict[str, int] = {}
    if not entry_line:
        return out
    for n, line in enumerate(text.splitlines()[entry_line:], entry_line + 1):
        if line.lstrip().startswith("@"):
            break
        match = FIELD_RE.match(line)
        if match:
            out.setdefault(match[1].lower(), n)
    return out


def read(path: Path) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, Problem(path, 0, "the bibliography file does not exist (conf.py: bibtex_bibfiles)", "bib_missing")
    except OSError as exc:
        return None, Problem(path, 0, f"cannot read the bibliography file: {exc.strerror}", "bib_missing")
    bad = undecodable(data)
    if bad:
        return None, Problem(path, bad[0], bad[1], "bib_syntax")
    return data.decode("utf-8"), None


def parse_problems(path: Path) -> tuple[BibliographyData | None, list[Problem]]:
    """Parse one .bib file strictly: its data, or the problems that stop it."""
    text, problem = read(path)
    if problem is not None or text is None:
        return None, [problem] if problem is not None else []
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser(encoding="utf-8").parse_string(text)
    except PybtexSyntaxError as exc:
        return None, [_syntax_problem(path, text, exc)]
    except BibliographyDataError as exc:
        return None, _repeats(path, text) or [Problem(path, 0, str(exc), "bib_syntax")]
    except Exception as exc:  # pybtex raises bare PybtexError for some inputs
        return None, [Problem(path, 0, f"cannot parse: {exc}", "bib_syntax")]
    finally:
        pybtex.errors.set_strict_mode(strict)
    if not data.entries:
        return None, [Problem(path, 1, "the bibliography file holds no entries (emptied by mistake?); "
                                       "every source a claim names would be unknown", "bib_empty")]
    lines = entry_lines(text)
    stops = [Problem(path, lines.get(key, [0])[0],
                     f"{key}: entry type @{entry.type} is not one the bibliography can print "
                     f"(use one of {', '.join(sorted(TYPES))})", "bib_type")
             for key, entry in data.entries.items() if entry.type.lower() not in TYPES]
    for key, entry in data.entries.items():
        stops += _latex_problems(path, text, key, entry, lines.get(key, [0])[0])
    return (None, stops) if stops else (data, [])


def _plainly_decodable(value: str) -> bool:
    """True if pybtex surely decodes ``value`` as LaTeX: with no backslash and
    no ``%``, decoding fails only on unbalanced braces."""
    if "\\" in value or "%" in value:
        return False
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _latex_problems(path: Path, text: str, key: str, entry: Entry, line: int) -> list[Problem]:
    """Fields pybtex cannot decode as LaTeX (sphinxcontrib-bibtex would crash on them)."""
    values = [(name, value) for name, value in entry.fields.items() if name.lower() not in RAW_FIELDS]
    values += [(role, str(person)) for role, persons in entry.persons.items() for person in persons]
    at = field_lines(text, line)
    out = []
    for name, value in values:
        if _plainly_decodable(value):  # decoding takes time: most fields need none to be sure
            continue
        try:
            Text.from_latex(value)
        except PybtexError as exc:
            reason = str(exc).split(": ", 1)[-1]
            hint = ("an unescaped % cuts off the rest of the field, braces included: write \\%"
                    if COMMENT_RE.search(value) else "a literal brace cannot be printed from a .bib file: leave it out")
            out.append(Problem(path, at.get(name.lower(), line), f"{key}: {name}: {reason} ({hint})", "bib_syntax"))
    return out


def _syntax_problem(path: Path, text: str, exc: PybtexSyntaxError) -> Problem:
    """A syntax error at the line to fix (an unclosed brace, a missing comma or
    '}'), found by following the braces up to where pybtex gave up."""
    lines = text.splitlines()
    at = min(exc.lineno or len(lines), len(lines)) or 1
    depth, start, opened, prev, entry = 0, 1, 1, 1, "the file"
    for n, line in enumerate(lines[:at], 1):
        entry_starts = line.lstrip().startswith("@")
        if depth == 0 and entry_starts:
            match = ENTRY_RE.match(line)
            start, entry = n, f"entry {match[2]!r}" if match else f"the entry at line {n}"
        elif depth >= 2 and (FIELD_RE.match(line) or entry_starts):
            return Problem(path, opened, f"in {entry}: the brace opened on this line is never closed", "bib_syntax")
        elif depth == 1 and entry_starts:
            return Problem(path, prev, f"{entry} is not closed: a '}}' is missing after this line", "bib_syntax")
        elif depth == 1 and n > start and FIELD_RE.match(line) and not lines[prev - 1].rstrip().endswith(","):
            return Problem(path, prev, f"in {entry}: a comma is missing at the end of this line", "bib_syntax")
        for char in line:
            depth += (char == "{") - (char == "}")
            if char == "{" and depth == 2:
                opened = n
        prev = n if line.strip() else prev
    if isinstance(exc, UndefinedMacro):
        return Problem(path, at, f"in {entry}: {exc.args[0]!r} is not a defined string: put the value in braces "
                                 "({...})", "bib_syntax")
    return Problem(path, at, f"syntax error in {entry}: {exc.args[0] if exc.args else exc}", "bib_syntax")


def _repeats(path: Path, text: str) -> list[Problem]:
    out = []
    for key, lines in entry_lines(text).items():
        for line in lines[1:]:
            out.append(Problem(path, line, f"repeated key {key!r} (first defined at line {lines[0]})", "bib_duplicate"))
    return out


def entry_problems(path: Path, key: str, entry: Entry, line: int, at: dict[str, int] | None = None) -> list[Problem]:
    """The house rules for one entry (``at``: each field's line, see :func:`field_lines`)."""
    at = at or {}
    found: list[tuple[int, str]] = []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    if not (entry.persons.get("author") or entry.persons.get("editor")):
        found.append((line, "no author (an institution goes in double braces: author = {{NATO}})"))
    for name in ("title", "year"):
        if not fields.get(name, "").strip():
            found.append((line, f"no {name}"))
    if fields.get("url") and not fields.get("urldate"):
        found.append((at.get("url", line), "url without urldate (the date you read the page, YYYY-MM-DD)"))
    for name in URL_FIELDS:
        if fields.get(name) and not safe_url(fields[name]):
            found.append((at.get(name, line), f"{name} {fields[name].strip()[:60]!r} is not a web address "
                                              f"({' or '.join(SAFE_SCHEMES)}); it is left out of the book"))
    if fields.get("urldate") and not is_date(fields["urldate"].strip()):
        found.append((at.get("urldate", line), f"urldate {fields['urldate']!r} is not a real date as YYYY-MM-DD"))
    if fields.get("kind", "").strip() not in KINDS:
        found.append((at.get("kind", line), f"kind must be one of {', '.join(KINDS)} (see the editors' guide)"))
    for name, value in fields.items():
        if name not in RAW_FIELDS and COMMENT_RE.search(value):
            found.append((at.get(name, line), f"{name}: an unescaped % starts a comment in BibTeX and the rest of "
                                              "the field is lost; write \\%"))
        if name not in RAW_FIELDS and LITERAL_BRACE_RE.search(value):
            found.append((at.get(name, line), f"{name}: pybtex prints \\{{ and \\}} as a backslash, not a brace: "
                                              "leave literal braces out"))
    return [Problem(path, where, f"{key}: {message}") for where, message in found]


def safe_url(url: str) -> bool:
    """A web address with a scheme of :data:`SAFE_SCHEMES` and a host.

    Browsers drop tabs and newlines inside a scheme and ignore its case, so
    they are dropped here too before the scheme is read."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


def drop_unsafe_urls(entries) -> list[str]:
    """Remove every url field that :func:`safe_url` refuses from pybtex
    entries (``{key: Entry}``), so no output can link it; the keys touched."""
    touched = []
    for key, entry in entries.items():
        for name in URL_FIELDS:
            if name in entry.fields and not safe_url(entry.fields[name]):
                del entry.fields[name]
                touched.append(key)
    return touched


def lint(path: Path, cited: set[str] | None = None,
         parsed: tuple[BibliographyData | None, list[Problem]] | None = None
         ) -> tuple[BibliographyData | None, list[Problem]]:
    """Everything wrong with one .bib file; with ``cited``, also each entry
    that no claim cites (subtype ``uncited``). ``parsed`` is what
    :func:`parse_problems` gave for it, if the caller has it already."""
    data, stops = parsed or parse_problems(path)
    problems = list(stops)
    if data is None:
        return None, problems
    text = path.read_text(encoding="utf-8")
    lines = entry_lines(text)
    for key, entry in data.entries.items():
        line = lines.get(key, [0])[0]
        problems += entry_problems(path, key, entry, line, field_lines(text, line))
        if cited is not None and key not in cited:
            problems.append(Problem(path, line, f"{key}: no claim cites this entry (cite it, or remove it)",
                                    "uncited"))
    return data, problems
