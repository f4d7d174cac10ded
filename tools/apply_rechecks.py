"""Write second readers' outcomes into the slots they read.

    python tools/apply_rechecks.py RECHECK.json [--unchanged-since COMMIT]

RECHECK.json is a list of {"id", "file", "verdict", "recheck"}. Each
"agrees" outcome goes into its slot as ``:recheck:`` (``recheck:`` in a data
file) when the slot has none yet; with ``--unchanged-since``, only when the
slot reads as it did at that commit (a reader's outcome is about the slot
they read). Prints what it did and what it left.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path


def block(lines: list[str], claim_id: str, data: bool) -> tuple[int, int] | None:
    """First and last line (exclusive) of the slot's field lines."""
    start = next((n for n, line in enumerate(lines)
                  if (line.strip() == f"- id: {claim_id}" if data else line.rstrip() == f"```{{claim}} {claim_id}")),
                 None)
    if start is None:
        return None
    end = start + 1
    pattern = re.compile(r"^  [a-z]+:" if data else r"^:[\w-]+:")
    while end < len(lines) and (pattern.match(lines[end]) or (data and lines[end].startswith("    "))):
        end += 1
    return start, end


def find(item: dict) -> tuple[Path, tuple[int, int] | None, list[str], bool]:
    """The slot's file, place and lines: the file the reader named, else a data file."""
    for path in [Path(item["file"]), *sorted(Path("book/_data").glob("*.yaml"))]:
        if not path.is_file():
            continue
        data = path.suffix == ".yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        where = block(lines, item["id"], data)
        if where is not None:
            return path, where, lines, data
    return Path(item["file"]), None, [], False


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("recheck", type=Path)
    parser.add_argument("--unchanged-since")
    args = parser.parse_args()
    done = left = 0
    for item in json.loads(args.recheck.read_text(encoding="utf-8")):
        path, where, lines, data = find(item)
        if where is None or item.get("verdict") != "agrees":
            print(f"left {item['id']}: {item.get('verdict')}" + (" (slot not found)" if where is None else ""))
            left += 1
            continue
        slot = lines[where[0]:where[1]]
        if any(line.lstrip().startswith((":recheck:", "recheck:")) for line in slot):
            continue
        if args.unchanged_since:
            old = subprocess.run(["git", "show", f"{args.unchanged_since}:{path}"], capture_output=True,
                                 text=True).stdout.splitlines(keepends=True)
            was = block(old, item["id"], data)
            if was is None or old[was[0]:was[1] + 8] != lines[where[0]:where[1] + 8]:
                print(f"left {item['id']}: changed since it was read")
                left += 1
                continue
        line = (f"  recheck: {quoted(item['recheck'])}\n" if data else f":recheck: {quoted(item['recheck'])}\n")
        if where[1] and not lines[where[1] - 1].endswith("\n"):  # a file's last line, without its newline
            lines[where[1] - 1] += "\n"
        lines.insert(where[1], line)
        path.write_text("".join(lines), encoding="utf-8")
        done += 1
    print(f"{done} written, {left} left", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
