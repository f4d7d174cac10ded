"""Editions: each issued edition's ledger, and what changed since the last.

``make release`` issues the edition named by ``claims_edition`` (conf.py):
once the strict release build has passed, it writes the edition's ledger,
``<claims_editions_dir>/<N>.json``, from that build's ``claims.json``:
each claim's id, number, text digest, text, status, grade, sources, checked
date and note. Ledgers are committed with the book; they are what keeps a
claim's number once printed (:mod:`briefing.book`) and what the "What
changed in this edition" page compares the book with.

    python -m briefing.ledger write _build/release/html/claims.json editions
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx

from briefing.files import write_atomic
from briefing.records import text_digest

LEDGER_RE = re.compile(r"^(\d+)\.json$")
#: What a ledger keeps of each claim (from claims.json).
FIELDS = ("id", "number", "digest", "text", "status", "grade", "checked", "note")


class Change(NamedTuple):
    kind: str  #: added, removed, reworded, status, grade, correction added, correction withdrawn, sources
    claim_id: str
    number: int
    what: str  #: for readers: the claim's text, or the move ("sourced to verified")


def editions_dir(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.claims_editions_dir


def ledgers(folder: Path) -> dict[int, Path]:
    """The issued editions' ledgers, by edition number."""
    if not folder.is_dir():
        return {}
    return {int(m[1]): path for path in folder.iterdir() if (m := LEDGER_RE.match(path.name))}


def read(path: Path) -> dict[str, Any]:
    """A ledger, or an error naming the file (a hand-edited ledger may be broken)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LedgerError(f"{path}: cannot read the edition's ledger: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise LedgerError(f"{path}: not an edition's ledger (no list of claims)")
    return data


class LedgerError(Exception):
    pass


def previous(app: Sphinx) -> tuple[int, dict[str, Any]] | None:
    """The last edition issued before this one (``claims_edition``)."""
    found = {n: p for n, p in ledgers(editions_dir(app)).items() if n < app.config.claims_edition}
    if not found:
        return None
    last = max(found)
    return last, read(found[last])


def issued_numbers(app: Sphinx) -> dict[str, int]:
    """Every claim id's number in the editions issued so far (the latest
    edition that had the claim gives it)."""
    out: dict[str, int] = {}
    for _, path in sorted(ledgers(editions_dir(app)).items()):
        for claim in read(path)["claims"]:
            if isinstance(claim, dict) and isinstance(claim.get("number"), int):
                out[str(claim.get("id"))] = claim["number"]
    return out


def changes(old: dict[str, Any], new: list[dict[str, Any]]) -> list[Change]:
    """What moved between a ledger's claims and this book's (records with a
    ledger's fields, ``sources`` as keys, and ``labels``: the sources as
    printed), in the new book's reading order, then the removed claims."""
    before = {c["id"]: c for c in old["claims"] if isinstance(c, dict) and "id" in c}
    out: list[Change] = []
    for c in new:
        was = before.get(c["id"])
        number = c["number"]
        if was is None:
            out.append(Change("added", c["id"], number, c["text"]))
            continue
        if was.get("digest") != c["digest"]:
            out.append(Change("reworded", c["id"], number, c["text"]))
        if was.get("status") != c["status"]:
            if c["status"] == "disputed":
                out.append(Change("correction added", c["id"], number, c["text"]))
            elif was.get("status") == "disputed":
                out.append(Change("correction withdrawn", c["id"], number, c["text"]))
            else:
                out.append(Change("status", c["id"], number, f"{_label(was.get('status'))} to {_label(c['status'])}"))
        if (was.get("grade") or "") != (c.get("grade") or ""):
            out.append(Change("grade", c["id"], number, f"{was.get('grade') or 'none'} to {c.get('grade') or 'none'}"))
        if sorted(was.get("sources", [])) != sorted(c["sources"]):
            out.append(Change("sources", c["id"], number, f"now {'; '.join(c['labels']) or 'none'}"))
    current = {c["id"] for c in new}
    out += [Change("removed", claim_id, int(c.get("number") or 0), str(c.get("text", "")))
            for claim_id, c in before.items() if claim_id not in current]
    return out


def _label(status: Any) -> str:
    return str(status or "none").replace("-", " ")


def ledger_of(claims_json: dict[str, Any]) -> dict[str, Any]:
    """The ledger an edition's claims.json gives."""
    return {
        "edition": claims_json["edition"]["number"],
        "issued": claims_json["edition"]["date"],
        "summary": claims_json["summary"],
        "currency": claims_json.get("currency", {}),
        "claims": [{**{name: c.get(name, "") for name in FIELDS}, "sources": [s["key"] for s in c["sources"]]}
                   for c in claims_json["claims"]],
    }


def records(claims, number: dict[str, int], label) -> list[dict[str, Any]]:
    """This book's claims as :func:`changes` compares them (``label``: a
    key's printed label)."""
    return [{"id": c.id, "number": number[c.id], "digest": text_digest(c.text), "text": c.text,
             "status": c.status, "grade": c.shown_grade, "checked": c.checked, "note": c.note,
             "sources": list(c.keys), "labels": [label(k) for k in c.keys]} for c in claims]


def _issued_claims(path: Path) -> list[dict[str, Any]] | None:
    """The claims of an edition already issued at ``path`` (None when none is)."""
    if not path.is_file():
        return None
    try:
        return read(path)["claims"]
    except (LedgerError, KeyError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.ledger", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="write an edition's ledger from its release build's claims.json")
    write.add_argument("claims_json", type=Path)
    write.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.claims_json.read_text(encoding="utf-8"))
        ledger = ledger_of(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{args.claims_json}: cannot make the edition's ledger: {exc}", file=sys.stderr)
        return 1
    if not ledger["edition"]:
        print(f"{args.claims_json}: no edition number (set claims_edition in conf.py)", file=sys.stderr)
        return 1
    target = args.folder / f"{ledger['edition']}.json"
    issued = _issued_claims(target)
    if issued is not None and issued != ledger["claims"]:
        moved = sum(1 for a, b in zip(issued, ledger["claims"]) if a != b) + abs(len(issued) - len(ledger["claims"]))
        print(f"{target}: Edition {ledger['edition']} was issued with other claims ({moved} differ); an issued "
              f"edition is not changed: set claims_edition = {ledger['edition'] + 1} and claims_edition_date "
              "in conf.py to issue the book as it is now", file=sys.stderr)
        return 1
    try:
        write_atomic(target, json.dumps(ledger, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"{target}: cannot write the edition's ledger: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Edition {ledger['edition']}: ledger {target} ({len(ledger['claims'])} claims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
