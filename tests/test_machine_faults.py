"""A full disk or a read-only folder while the book is written: one line
naming the path and the cause, a failing exit, and the next build (the
cause gone) equal to a clean build (briefing/run.py, the Makefile's
sphinx-build)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT


def build(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefing.run", "-q", "-b", "html", "--fail-on-warning",
                           "--keep-going", *extra, str(src), str(out)], cwd=ROOT, env=ENV, capture_output=True,
                          text=True)


def pages(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"}


def one_line(result: subprocess.CompletedProcess[str], path: str, cause: str) -> None:
    assert result.returncode == 2, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith(f"error: cannot write {path}: {cause}; "), lines[0]
    assert "Traceback" not in result.stdout + result.stderr and "sphinx-err" not in result.stderr


@pytest.fixture
def source(copy_root) -> Path:
    return copy_root("claims-basic")


@pytest.fixture
def clean(source: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean"
    result = build(source, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return pages(out)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_one_line_and_the_next_build_is_clean(source: Path, clean: dict, tmp_path: Path,
                                                             jobs: str) -> None:
    """A page that cannot be written (``/dev/full``: "No space left on
    device"), in a serial and a parallel build."""
    out = tmp_path / "html"
    out.mkdir()
    (out / "two.html").symlink_to("/dev/full")
    one_line(build(source, out, "--jobs", jobs), str(out / "two.html"), "No space left on device")
    assert not (out / ".doctrees" / "environment.pickle").exists()
    (out / "two.html").unlink()  # the space is back
    again = build(source, out, "--jobs", jobs)
    assert again.returncode == 0, again.stderr[-3000:]
    assert pages(out) == clean


def test_a_read_only_folder_is_one_line(source: Path, clean: dict, tmp_path: Path) -> None:
    out = tmp_path / "html"
    out.mkdir()
    if os.geteuid() == 0:  # root writes through permissions: a read-only mount
        if shutil.which("mount") is None or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out)], capture_output=True).returncode:
            pytest.skip("cannot mount a read-only folder here")
    else:
        out.chmod(0o555)
    try:
        result = build(source, out, "-d", str(tmp_path / "doctrees"))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(out)], check=True)
        else:
            out.chmod(0o755)
    assert result.returncode == 2, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot write {out}"), result.stderr[-3000:]
    assert ("Read-only file system" if os.geteuid() == 0 else "Permission denied") in lines[0]
    again = build(source, out, "-d", str(tmp_path / "doctrees"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert pages(out) == clean


def test_other_errors_still_reach_sphinx(tmp_path: Path) -> None:
    """Only machine faults are shortened: a missing source folder is Sphinx's own message."""
    result = build(tmp_path / "no-such-book", tmp_path / "out")
    assert result.returncode != 0
    assert "cannot write" not in result.stderr
