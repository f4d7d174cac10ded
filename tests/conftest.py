"""Shared fixtures: Sphinx's own testing fixtures, and one real build of the book."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the ``roots/test-*`` folders."""
    return Path(__file__).resolve().parent / "roots"


@dataclass
class Build:
    out: Path
    returncode: int
    log: str

    def check(self) -> None:
        assert self.returncode == 0, self.log
        assert "WARNING" not in self.log, self.log


def sphinx(builder: str, out: Path, *extra: str, src: Path | None = None, conf: Path | None = None) -> Build:
    """Run sphinx-build like the Makefile does (strict), return its output."""
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder,
        "-c", str(conf or ROOT), "--fail-on-warning", "--keep-going",
        *extra, str(src or ROOT / "book"), str(out),
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return Build(out, proc.returncode, ANSI.sub("", proc.stdout + proc.stderr))


def latexmk(latexdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(latexdir), "all-pdf", "LATEXMKOPTS=-silent"],
        capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real book, built once to HTML."""
    return sphinx("html", tmp_path_factory.mktemp("book") / "html")


@pytest.fixture(scope="session")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book, built once to LaTeX and through XeLaTeX to a PDF."""
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex/latexmk missing: run the tests with `make test`, which installs them")
    build = sphinx("latex", tmp_path_factory.mktemp("book") / "latex")
    build.check()
    proc = latexmk(build.out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return build.out / "kosovo-briefing.pdf"
