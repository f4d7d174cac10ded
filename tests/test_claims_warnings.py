"""Bad slots warn at their file and line, as ``[claims.SUBTYPE]``, and the
build carries on; release mode lists every open claim."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import claim_line, sphinx, warning_text

WARNINGS = pytest.mark.sphinx("html", testroot="claims-warnings", freshenv=True)

# (file, claim id, subtype, what the message must say), in reading order.
BAD_SLOTS = [
    ("bad.md", "unknown-source", "unknown_key", "unknown BibTeX key 'no-such-key'"),
    ("bad.md", "shared-id", "duplicate_id", "duplicate claim id 'shared-id' (first used at "),
    ("bad.md", "maybe-true", "bad_status", "unknown status 'maybe'"),
    ("bad.md", "Bad_ID", "bad_id", "claim id 'Bad_ID' must be lower-case"),
    ("bad.md", "impossible-date", "bad_date", "checked date '2026-02-30' is not a real date"),
    ("bad.md", "malformed-date", "bad_date", "checked date '24 May 2024' is not a real date"),
    ("bad.md", "half-verified", "incomplete", "is verified but has no locator / checked"),
    ("bad.md", "no-sources", "no_sources", "is sourced but names no sources"),
    ("bad.md", "no-note", "no_note", "is disputed but has no note"),
    ("bad.md", "no-text", "empty", "claim 'no-text' has no text"),
    ("bad.md", "no-status", "bad_status", "unknown status ''"),
]
# Claims a release build must list: sourced, unsourced, disputed without a note,
# or with a status that is missing or unknown.
OPEN = [
    ("first.md", "shared-id", "sourced"),
    ("first.md", "still-open", "unsourced"),
    ("bad.md", "unknown-source", "sourced"),
    ("bad.md", "shared-id", "sourced"),
    ("bad.md", "maybe-true", "status 'maybe' unknown"),
    ("bad.md", "Bad_ID", "unsourced"),
    ("bad.md", "impossible-date", "sourced"),
    ("bad.md", "malformed-date", "sourced"),
    ("bad.md", "no-sources", "sourced"),
    ("bad.md", "no-note", "disputed without a note"),
    ("bad.md", "no-text", "unsourced"),
    ("bad.md", "no-status", "no status"),
]
WARNING_LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$")


def claims_warnings(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    """(file relative to the root, line, type, message) of every warning;
    fails on any warning line that is not in Sphinx's located form."""
    found = []
    for line in warning_text(app).splitlines():
        if "WARNING" not in line:
            continue
        match = WARNING_LINE.match(line)
        assert match, f"warning without file:line or [type]: {line}"
        path = match["file"].removeprefix(f"{app.srcdir}/")
        found.append((path, int(match["line"]), match["type"], match["message"]))
    return found


@WARNINGS
@pytest.mark.parametrize(("file", "claim_id", "subtype", "message"), BAD_SLOTS, ids=[s[2] + ":" + s[1] for s in BAD_SLOTS])
def test_bad_slot_warns_at_its_file_and_line(app: SphinxTestApp, file: str, claim_id: str, subtype: str, message: str) -> None:
    app.build()
    line = claim_line(app.srcdir / file, claim_id)
    expected = re.compile(
        rf"^{re.escape(str(app.srcdir / file))}:{line}: WARNING: .*{re.escape(message)}.* \[claims\.{subtype}\]$",
        re.M,
    )
    assert expected.search(warning_text(app)), warning_text(app)


@WARNINGS
def test_each_bad_slot_warns_once_and_nothing_else_warns(app: SphinxTestApp) -> None:
    app.build()
    got = [(path, line, kind) for path, line, kind, _ in claims_warnings(app)]
    expected = [(f, claim_line(app.srcdir / f, cid), f"claims.{sub}") for f, cid, sub, _ in BAD_SLOTS]
    assert sorted(got) == sorted(expected)
    # the first use of a duplicated id is fine; only the second one warns
    assert ("first.md", claim_line(app.srcdir / "first.md", "shared-id"), "claims.duplicate_id") not in got


@WARNINGS
def test_bad_input_never_gives_a_traceback(app: SphinxTestApp) -> None:
    app.build()  # raises if the extension crashed
    for stream in (warning_text(app), app.status.getvalue()):
        assert "Traceback" not in stream
        assert "Exception occurred" not in stream
    # the broken slots still reach the output
    assert (app.outdir / "bad.html").is_file() and (app.outdir / "claims.json").is_file()


@pytest.mark.sphinx("html", testroot="claims-warnings", freshenv=True, confoverrides={"claims_release": "1"})
def test_release_mode_lists_every_open_claim(app: SphinxTestApp) -> None:
    # "1" as a string, as the Makefile passes it: -D claims_release=1
    app.build()
    unverified = [(path, line, message) for path, line, kind, message in claims_warnings(app)
                  if kind == "claims.unverified"]
    assert unverified == [
        (f, claim_line(app.srcdir / f, cid), f"claim {cid!r} is not settled ({why})") for f, cid, why in OPEN
    ]


@pytest.mark.sphinx("html", testroot="claims-warnings", freshenv=True)
def test_draft_mode_does_not_list_open_claims(app: SphinxTestApp) -> None:
    app.build()
    assert "[claims.unverified]" not in warning_text(app)


@pytest.mark.sphinx("html", testroot="claims-warnings", freshenv=True,
                    confoverrides={"claims_release": "1", "suppress_warnings": ["claims.unverified"]})
def test_suppress_warnings_silences_only_unverified(app: SphinxTestApp) -> None:
    app.build()
    kinds = {kind for _, _, kind, _ in claims_warnings(app)}
    assert "claims.unverified" not in kinds
    assert kinds == {f"claims.{sub}" for _, _, sub, _ in BAD_SLOTS}


@pytest.mark.sphinx("html", testroot="claims-settled", freshenv=True, confoverrides={"claims_release": "1"})
def test_release_build_of_a_settled_book_is_clean(app: SphinxTestApp) -> None:
    app.build()
    assert warning_text(app) == ""


def test_the_release_gate_holds_however_the_build_is_run(tmp_path: Path, rootdir: Path) -> None:
    """A draft build, then the same folder with -D claims_release=1, then
    that again with nothing changed, then a parallel build: each strict
    release build fails on the open claims (Sphinx runs consistency checks
    only when a document changed, so the gate must not live there)."""
    src = Path(shutil.copytree(rootdir / "test-claims-basic", tmp_path / "basic"))
    out = tmp_path / "html"
    assert sphinx("html", out, src=src, conf=src).returncode == 0
    for extra in ((), ()):  # after the draft build, then with nothing changed at all
        gate = sphinx("html", out, "-D", "claims_release=1", *extra, src=src, conf=src)
        assert gate.returncode != 0, gate.log
        assert gate.log.count("[claims.unverified]") == 2, gate.log
    parallel = sphinx("html", tmp_path / "parallel", "-D", "claims_release=1", "-j", "2", src=src, conf=src)
    assert parallel.returncode != 0 and parallel.log.count("[claims.unverified]") == 2, parallel.log
