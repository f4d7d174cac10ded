"""Shared fixtures: Sphinx's own testing fixtures, one real build of the book, and
small helpers for the claims tests (test roots under roots/test-claims-*)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Builds made here use one fixed SOURCE_DATE_EPOCH, as the Makefile sets one from
# the last commit: the same sources give the same bytes (test_builds_stay_right).
EPOCH = "1700000000"
ENV = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": EPOCH}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the ``roots/test-*`` folders."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture
def copy_root(tmp_path: Path, rootdir: Path) -> Callable[[str], Path]:
    """Copy ``roots/test-<name>`` to the test's own folder, for tests that edit sources."""
    def copy(name: str) -> Path:
        return Path(shutil.copytree(rootdir / f"test-{name}", tmp_path / name))
    return copy


# -- helpers for the claims tests (``from conftest import ...``) -----------------

def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a copied source, dated after the last build (so an
    incremental build sees it, whatever the clock's grain)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def warning_text(app: SphinxTestApp) -> str:
    """What a sphinx.testing build warned, without colour codes."""
    return ANSI.sub("", app.warning.getvalue())


def html_page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def claims_json(app: SphinxTestApp) -> dict:
    return json.loads((Path(app.outdir) / "claims.json").read_text(encoding="utf-8"))


def claim_line(path: Path, claim_id: str) -> int:
    """The line a claim's fence starts on: where its warnings must point."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f"```{{claim}} {claim_id}")


@dataclass
class Build:
    out: Path
    returncode: int
    log: str

    def check(self) -> None:
        assert self.returncode == 0, self.log
        assert "WARNING" not in self.log, self.log

    def written(self) -> set[str]:
        """Pages a serial build wrote."""
        return set(re.findall(r"^writing output\.\.\. \[ *\d+%\] (\S+)$", self.log, re.M))


def sphinx(builder: str, out: Path, *extra: str, src: Path | None = None, conf: Path | None = None,
           strict: bool = True) -> Build:
    """Run sphinx-build like the Makefile does (strict), return its output."""
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder,
        "-c", str(conf or ROOT), *(("--fail-on-warning",) if strict else ()), "--keep-going",
        *extra, str(src or ROOT / "book"), str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=ROOT)
    return Build(out, proc.returncode, ANSI.sub("", proc.stdout + proc.stderr))


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, as pypdf extracts it: extracted once
    per PDF (the real book's takes seconds) and kept beside it, for every
    test and test process that asks."""
    stamp = pdf.stat()
    kept = pdf.with_name(f".{pdf.name}.{stamp.st_size}-{stamp.st_mtime_ns}.pages.json")
    with FileLock(str(kept) + ".lock"):
        if not kept.exists():
            from pypdf import PdfReader

            texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
            kept.write_text(json.dumps(texts), encoding="utf-8")
    return json.loads(kept.read_text(encoding="utf-8"))


def latexmk(latexdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(latexdir), "all-pdf", "LATEXMKOPTS=-silent"],
        capture_output=True, text=True, env=ENV,
    )


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder every test process of this run sees: with pytest-xdist
    (``make test`` runs two), the whole-book builds below are made once, by
    whichever process asks first, and the others wait for them."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def once(shared: Path, name: str, make: Callable[[Path], Build]) -> Build:
    """``make(folder)`` run once per test run, whichever process asks first."""
    folder, record = shared / name, shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not record.exists():
            shutil.rmtree(folder, ignore_errors=True)
            built = make(folder)
            record.write_text(json.dumps([str(built.out), built.returncode, built.log]), encoding="utf-8")
    out, returncode, log = json.loads(record.read_text(encoding="utf-8"))
    return Build(Path(out), returncode, log)


@pytest.fixture(scope="session")
def book_html(shared_dir: Path) -> Build:
    """The real book, built once to HTML."""
    return once(shared_dir, "book-html", lambda folder: sphinx("html", folder / "html"))


@pytest.fixture(scope="session")
def book_pdf(shared_dir: Path) -> Path:
    """The real book, built once to LaTeX and through XeLaTeX to a PDF."""
    if not shutil.which("xelatex") or not shutil.which("latexmk"):
        pytest.fail("xelatex/latexmk missing: run the tests with `make test`, which installs them")

    def make(folder: Path) -> Build:
        build = sphinx("latex", folder / "latex")
        if build.returncode == 0:
            proc = latexmk(build.out)
            build = Build(build.out, proc.returncode, build.log + proc.stdout[-3000:] + proc.stderr[-3000:])
        return build

    build = once(shared_dir, "book-pdf", make)
    assert build.returncode == 0 and "WARNING" not in build.log, build.log[-6000:]
    return build.out / "kosovo-briefing.pdf"


@pytest.fixture(scope="session")
def book_epub(shared_dir: Path) -> Path:
    """The real book, built once to EPUB (doctrees kept out of the package)."""
    build = once(shared_dir, "book-epub", lambda folder: sphinx("epub", folder / "epub", "-d",
                                                                 str(folder / "doctrees-epub")))
    build.check()
    return build.out / "kosovo-briefing.epub"


@pytest.fixture(scope="session")
def book_site(book_html: Build, book_pdf: Path, book_epub: Path) -> Path:
    """The HTML site with the whole book for download, as `make` lays it out."""
    book_html.check()
    downloads = book_html.out / "downloads"
    with FileLock(str(downloads) + ".lock"):
        downloads.mkdir(exist_ok=True)
        for built in (book_pdf, book_epub):
            if not (downloads / built.name).exists():
                shutil.copy2(built, downloads / built.name)
    return book_html.out
