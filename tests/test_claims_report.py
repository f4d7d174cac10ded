"""Plain-text outputs: the ``claims`` report builder (``make claims``) and
the text builder's markers and register."""
from __future__ import annotations

import re

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import claim_line


def table(report: str) -> dict[str, list[int]]:
    """Rows of the counts table: chapter -> verified, disputed, sourced, unsourced, total."""
    rows = {}
    for line in report.split("\n\n")[0].splitlines()[1:]:
        if set(line) == {"-"}:
            continue
        title, *numbers = line.rsplit(maxsplit=6)
        rows[title] = [int(n) for n in numbers]
    return rows


def open_slots(report: str) -> list[str]:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Open slots"))
    return lines[start + 1:]


@pytest.mark.sphinx("claims", testroot="claims-basic", freshenv=True)
def test_report_gives_counts_and_open_slots(app: SphinxTestApp, capsys: pytest.CaptureFixture[str]) -> None:
    app.build()
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["Chapter", "verified", "disputed", "not-confirmed", "sourced",
                                           "unsourced", "total"]
    assert table(out) == {
        "Chapter one": [1, 0, 0, 1, 0, 2],
        "Chapter two": [1, 1, 0, 0, 1, 3],
        "Whole book": [2, 1, 0, 1, 1, 5],
    }
    assert "Grade of the evidence (checked claims): 1 official, 0 scholarly, 2 news, 0 other" in out
    assert "Draft: 2 of 5 claims verified, 1 disputed, 2 still open" in out.splitlines()
    assert "Open slots (2):" in out
    assert open_slots(out) == [
        f"one.md:{claim_line(app.srcdir / 'one.md', 'troop-peak')}: troop-peak [sourced] Troop numbers peaked near 50,000 in 1999."
        " (NATO, 2024; Author, 2001)",
        f"two.md:{claim_line(app.srcdir / 'two.md', 'future-role')}: future-role [unsourced] KFOR will stay beyond 2030.",
    ]
    assert (app.outdir / "report.txt").read_text(encoding="utf-8") == out


@pytest.mark.sphinx("claims", testroot="claims-warnings", freshenv=True)
def test_report_names_a_disputed_claim_without_a_note(app: SphinxTestApp, capsys: pytest.CaptureFixture[str]) -> None:
    app.build()
    line = claim_line(app.srcdir / "bad.md", "no-note")
    assert f"bad.md:{line}: no-note [disputed without a note] Disputed, without saying what the source says." \
           " (Author, 2001)" in open_slots(
        capsys.readouterr().out)


@pytest.mark.sphinx("claims", testroot="claims-settled", freshenv=True)
def test_report_of_a_settled_book(app: SphinxTestApp, capsys: pytest.CaptureFixture[str]) -> None:
    app.build()
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == ["", "No open slots."]
    assert "All 2 claims settled: 1 verified, 1 disputed; evidence: 2 official" in out
    assert table(out)["Whole book"] == [1, 1, 0, 0, 0, 2]


def test_report_from_the_command_line(rootdir: Path, tmp_path: Path) -> None:
    """As ``make claims`` runs it: only the report on stdout, nothing else written."""
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "claims", "--quiet", "--keep-going",
         str(rootdir / "test-claims-basic"), str(tmp_path / "claims")],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("Chapter ")
    line = claim_line(rootdir / "test-claims-basic" / "one.md", "troop-peak")
    assert f"\none.md:{line}: troop-peak [sourced] " in proc.stdout
    assert sorted(p.name for p in (tmp_path / "claims").iterdir()) == [".doctrees", "report.txt"]


@pytest.mark.sphinx("text", testroot="claims-basic", freshenv=True)
def test_text_builder_writes_markers_and_register(app: SphinxTestApp) -> None:
    app.build()
    one = (app.outdir / "one.txt").read_text(encoding="utf-8")
    assert "KFOR entered Kosovo on 12 June 1999. (NATO, 2024) [V/O]" in one
    assert "Troop numbers peaked near 50,000 in 1999. (NATO, 2024; Author, 2001)\n[S]" in one
    register = (app.outdir / "register.txt").read_text(encoding="utf-8")
    assert "[V] verified\n   checked: a passage of the source, quoted, says what the claim says" in register
    assert "Draft: 2 of 5 claims verified, 1 disputed, 2 still open." in register
    # Chapter one's bar: ten of twenty marks, then its share (the cell may wrap)
    assert re.search(r"##########\.{8}(\s*\|\n[^\n]*)?\.\. 50%", register), register
    rows = [line for line in register.splitlines() if line.startswith("| troop-peak ")]
    assert len(rows) == 1 and "[S] sourced" in rows[0] and "NATO, 2024;" in rows[0]
