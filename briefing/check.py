"""``make check``: everything an editor touches, in a few seconds, no PDF.

Reads the book with Sphinx's ``dummy`` builder (so every rule of the
extension runs: slots, sources, the .bib file, the editorial rules) and
prints one line per problem, ``file:line: message [claims.subtype]``, with
paths relative to the project. Exit status 0 when all is well, 1 when there
are problems, 2 when conf.py or the .bib file cannot be read at all.

    python -m briefing.check [--conf-only] [--source book] [--confdir .]

``--conf-only`` only checks that conf.py runs (the Makefile does this before
every build, so a typo there is one located line, not a crash report).
"""
from __future__ import annotations

import argparse
import io
import re
import runpy
import sys
import traceback
from pathlib import Path

from briefing.files import relative
from briefing.subtypes import BookStopped

WARNING_RE = re.compile(r"^(?P<where>.+?): (?:WARNING|ERROR|CRITICAL): (?P<message>.*)$")


def conf_problem(confdir: Path) -> str | None:
    """None when conf.py runs; otherwise one located line saying why not."""
    conf = confdir / "conf.py"
    shown = relative(conf)
    try:
        source = conf.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"{shown}: cannot read the configuration: {exc}"
    try:
        compile(source, str(conf), "exec")
    except SyntaxError as exc:
        return f"{shown}:{exc.lineno}: syntax error: {exc.msg}"
    try:
        runpy.run_path(str(conf), run_name="conf")
    except BaseException as exc:  # anything conf.py raises is the editor's to fix
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == conf]
        line = f":{frames[-1].lineno}" if frames else ""
        return f"{shown}{line}: {type(exc).__name__}: {exc}"
    return None


def _tidy(line: str) -> str:
    match = WARNING_RE.match(line)
    if not match:
        return line
    where, message = match["where"], match["message"]
    path, _, rest = where.partition(":")
    # paths inside the message too ("first used at book/01-origins.md:12")
    message = message.replace(str(Path.cwd().resolve()) + "/", "")
    return f"{relative(path)}{':' + rest if rest else ''}: {message}"


def run_check(source: Path, confdir: Path, outdir: Path) -> tuple[int, list[str]]:
    """Read the book; (exit status, problem lines)."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    warnings = io.StringIO()
    status = 0
    try:
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(str(source), str(confdir), str(outdir), str(outdir / ".doctrees"), "dummy",
                         status=None, warning=warnings, keep_going=True)
            app.build()
    except BookStopped:  # a broken .bib file: already reported, located
        status = 2
    except Exception as exc:  # a bug of ours or Sphinx's: one line, not a crash report
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        warnings.write(f"check: internal error (a bug in the build, not in your text): {type(exc).__name__}: "
                       f"{exc} at {relative(frame.filename)}:{frame.lineno}\n")
        status = 2
    lines = [_tidy(line) for line in warnings.getvalue().splitlines() if line.strip()]
    return (status or (1 if lines else 0)), lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.check", description=__doc__.splitlines()[0])
    parser.add_argument("--conf-only", action="store_true", help="only check that conf.py runs")
    parser.add_argument("--source", default="book", type=Path)
    parser.add_argument("--confdir", default=".", type=Path)
    parser.add_argument("--outdir", default=Path("_build") / "check", type=Path)
    args = parser.parse_args(argv)
    problem = conf_problem(args.confdir)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.conf_only:
        return 0
    status, lines = run_check(args.source, args.confdir, args.outdir)
    for line in lines:
        print(line)
    print(f"check: {len(lines)} problem{'s' if len(lines) != 1 else ''}" if lines else "check: no problems",
          file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
