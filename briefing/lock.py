"""One build at a time in a checkout.

    python -m briefing.lock LOCKFILE -- COMMAND [ARG ...]

runs COMMAND while holding an exclusive lock on LOCKFILE (``fcntl.flock``).
When another build holds it, one line says so and the command waits its
turn, so two ``make`` in one checkout never write the same output at once.
The Makefile runs every ``sphinx-build`` and LaTeX run through it.
"""
from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3 or args[1] != "--":
        print("usage: python -m briefing.lock LOCKFILE -- COMMAND [ARG ...]", file=sys.stderr)
        return 2
    path, command = Path(args[0]), args[2:]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
    except OSError as exc:
        print(f"{path}: cannot take the build lock: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build is running in this checkout; waiting for it to finish ({path})", file=sys.stderr,
                  flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            return subprocess.run(command).returncode
        except KeyboardInterrupt:
            return 130
        except OSError as exc:
            print(f"{command[0]}: cannot run: {exc.strerror or exc}", file=sys.stderr)
            return 127


if __name__ == "__main__":
    sys.exit(main())
