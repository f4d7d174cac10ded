"""File helpers the extension and the command-line tools share."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def relative(path: Path | str) -> str:
    """A path as the editor sees it: relative to the current folder when below it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file, so a reader never sees half a file;
    the file gets the permissions of any new file (``mkstemp`` would leave it
    readable by its owner only, which a web server may refuse to serve)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process's file-creation mask (read, then put back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
