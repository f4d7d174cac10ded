"""``sphinx-build`` for the Makefile, with one line for a machine fault.

    python -m briefing.run [sphinx-build arguments]

is ``sphinx-build`` itself (:func:`sphinx.cmd.build.build_main`), except when
the build stops on an ``OSError`` while writing: a full disk, a read-only
or unwritable folder. Sphinx prints a traceback and a crash report asking
for a bug report; this prints one line naming the path and the cause, and
exits 2; and when the book stops the build (:class:`~briefing.subtypes.BookStopped`,
after its located lines), it adds nothing. The output may then be half-written, and Sphinx's saved
environment says its pages are done; so the environment is deleted, and
the next build, once the cause is gone, reads and writes everything, as a
clean build does.
"""
from __future__ import annotations

import errno
import re
import sys
from pathlib import Path
from typing import Sequence

import sphinx._cli.util.errors as sphinx_errors
from sphinx.cmd.build import build_main, get_parser
from sphinx.errors import SphinxParallelError

from briefing.subtypes import BookStopped

#: the faults of the machine, not of the book or the extension
FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO}
#: how a parallel worker's OSError reaches the main process (as text)
_CHILD = re.compile(r"(?:OSError|PermissionError): \[Errno (\d+)\] ([^:\n]+?)(?:: '([^'\n]+)')?(?: -> '([^'\n]+)')?$", re.M)


def fault(exc: BaseException) -> tuple[str, str] | None:
    """(path, cause) when ``exc`` or what it wraps is a write fault of the machine."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in FAULTS:
            path = current.filename2 or current.filename or "the build's output"
            return str(path), current.strerror or str(current)
        if isinstance(current, SphinxParallelError):
            found = [m for m in _CHILD.finditer(str(current.traceback or current)) if int(m.group(1)) in FAULTS]
            if found:
                last = found[-1]
                return last.group(4) or last.group(3) or "the build's output", last.group(2)
        current = current.__cause__ or current.__context__
    return None


#: Sphinx's own warnings for a file it could not write (it goes on without it)
_WARNED = re.compile(r"(?:Failed to copy a file .*?|cannot copy static file |error writing file (?P<page>\S+?): )"
                     r"(?:OSError\((?P<n1>\d+), '(?P<why1>[^']*)'\)|\[Errno (?P<n2>\d+)\] (?P<why2>.*))")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FaultFilter:
    """Sphinx's warning stream, less its warnings about files it could not
    write for a machine fault (one per file: hundreds on a full disk); the
    first is kept, to be reported in one line."""

    def __init__(self, stream, outdir: str) -> None:
        self.stream, self.outdir, self.pending = stream, outdir, ""
        self.first: tuple[str, str] | None = None

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            match = _WARNED.search(_ANSI.sub("", line))
            if match and int(match["n1"] or match["n2"]) in FAULTS:
                target = match["page"] or self.outdir  # a copy names its source only
                self.first = self.first or (target, match["why1"] or match["why2"])
            else:
                self.stream.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parsed = get_parser().parse_known_args(args)[0]
    doctrees = Path(parsed.doctreedir or Path(parsed.outputdir) / ".doctrees")
    default, stderr = sphinx_errors.handle_exception, sys.stderr
    stream = FaultFilter(stderr, str(parsed.outputdir))
    found: list[tuple[str, str]] = []

    def handle(exception: BaseException, /, **kwargs) -> None:
        if isinstance(exception, BookStopped):
            return  # every reason is above, located
        where = fault(exception)
        if where is None:
            default(exception, **kwargs)
        else:
            found.append(where)

    sphinx_errors.handle_exception = handle  # build_main looks it up when a build fails
    sys.stderr = stream  # Sphinx's warning stream, taken when build_main starts
    try:
        status = build_main(args)
    finally:
        sphinx_errors.handle_exception, sys.stderr = default, stderr
        stream.flush()
    where = stream.first or (found[0] if found else None)
    if where is None:
        return status
    print(f"error: cannot write {where[0]}: {where[1]}; free space or make the folder writable, "
          "then run make again (the next build starts clean)", file=stderr)
    try:
        (doctrees / "environment.pickle").unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: Sphinx finds the saved environment unusable and starts clean too
    return 2


if __name__ == "__main__":
    sys.exit(main())
