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


def conf_line(confdir: Path | str, *names: str) -> str:
    """``conf.py:LINE`` of the first of ``names`` set in conf.py (line 1 when
    none is): a location Sphinx shows as typed, where a bare file name would
    be taken for a document."""
    conf = Path(confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    line = next((n for name in names for n, text in enumerate(lines, 1) if text.lstrip().startswith(name)), 1)
    return f"{relative(conf)}:{line}"


def undecodable(data: bytes) -> tuple[int, str] | None:
    """``(line, message)`` when ``data`` is not UTF-8 text, else None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
    return None


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
