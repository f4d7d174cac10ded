"""The first error of a failed LaTeX run, as one located line.

    python -m briefing.latexlog FOLDER

reads the LaTeX logs (``*.log``) in FOLDER and prints the first error as
``FOLDER/book.tex:LINE: LaTeX error: MESSAGE`` (the line LaTeX gives as
``l.LINE``), so that a failed ``make pdf`` or ``make release`` names it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

LINE_RE = re.compile(r"^l\.(\d+)")


def first_error(folder: Path) -> str | None:
    for log in sorted(folder.glob("*.log")):
        if log.name == "build.log":
            continue
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        for n, line in enumerate(lines):
            if line.startswith("! "):
                message = line[2:].strip().removeprefix("LaTeX Error: ")
                where = next((m for m in map(LINE_RE.match, lines[n + 1:n + 40]) if m), None)
                tex = log.with_suffix(".tex")
                return f"{tex}:{where.group(1)}: LaTeX error: {message}" if where else f"{tex}: LaTeX error: {message}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(".")
    found = first_error(folder)
    print(found or f"{folder}: no LaTeX error found in its logs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
