"""`make` works every time: the README's command, run again and again in one
copy of the project, with edits between, as an editor does. Each run exits
0, a run with nothing changed writes no page, and the site's downloads are
always this build's PDF and EPUB (they hold the edit)."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ENV, ROOT

pytestmark = pytest.mark.slow
MARK = "Zebrafinch sentence added by an editor."


def copy_project(dest: Path) -> Path:
    """The project's files as a clone has them (tracked and new, not ignored)."""
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def make(project: Path, *goals: str) -> subprocess.CompletedProcess[str]:
    """`make` (or its ``goals``), with this test run's Python environment (not a second one)."""
    venv = ROOT / ".venv"
    if not (venv / "bin" / "sphinx-build").exists():
        pytest.fail("no .venv: run the tests with `make test`")
    return subprocess.run(["make", f"VENV={venv}", "-o", f"{venv}/.installed", *goals], cwd=project,
                          capture_output=True, text=True, env=ENV)


def pages_written(log: str) -> list[str]:
    """The pages a log says were written: one line per page on a terminal,
    "first .. last" in a log."""
    return re.findall(r"^writing output\.\.\. \[ *\d+%\] (.+)$", log, re.M)


def outputs(project: Path) -> dict[str, tuple[int, str]]:
    """Each page of the site and each download: its modification time and its bytes' digest."""
    build = project / "_build"
    files = [*build.glob("html/**/*.html"), *build.glob("epub/*.xhtml"), build / "latex" / "kosovo-briefing.pdf",
             build / "epub" / "kosovo-briefing.epub"]
    return {str(f.relative_to(build)): (f.stat().st_mtime_ns, hashlib.sha256(f.read_bytes()).hexdigest())
            for f in files}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_make_again_and_after_edits(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "clone")
    first = make(project)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]

    before = outputs(project)
    again = make(project)
    assert again.returncode == 0, again.stdout[-4000:] + again.stderr[-4000:]
    assert pages_written(again.stdout) == [], "a make with nothing changed rewrote pages"
    after = outputs(project)
    # Sphinx writes its own generated pages (index, search, EPUB navigation) on every run
    generated = {"genindex", "search", "nav"}
    assert [name for name in before if after[name][0] != before[name][0] and name.endswith("html")
            and Path(name).stem not in generated] == [], "a make with nothing changed rewrote pages"
    assert [name for name in before if after[name][1] != before[name][1]] == [], "a make with nothing changed changed bytes"

    # an edited chapter and a changed setting in conf.py
    edit(project / "book" / "13-conclusion.md", "\n\n", f"\n\n{MARK}\n\n")
    edit(project / "conf.py", "epub_publisher = author", "epub_publisher = author + ' (publisher)'")
    third = make(project)
    assert third.returncode == 0, third.stdout[-4000:] + third.stderr[-4000:]
    assert (project / "_build" / "epub" / ".buildinfo.bak").exists(), "the edit changed no EPUB setting"
    downloads = project / "_build" / "html" / "downloads"
    pdf = " ".join(page.extract_text() or "" for page in PdfReader(downloads / "kosovo-briefing.pdf").pages)
    assert "Zebrafinch" in pdf, "the downloaded PDF is not this build's"
    with zipfile.ZipFile(downloads / "kosovo-briefing.epub") as epub:
        text = " ".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
        assert MARK in text, "the downloaded EPUB is not this build's"
        assert not [n for n in epub.namelist() if n.endswith((".json", ".bak"))], epub.namelist()


def test_two_makes_at_once_in_one_checkout(tmp_path: Path) -> None:
    """The second `make html` started while the first runs waits for the
    build lock (one line says so); both succeed, and the pages are those of
    a build made alone."""
    project = copy_project(tmp_path / "clone")
    venv = ROOT / ".venv"
    command = ["make", f"VENV={venv}", "-o", f"{venv}/.installed", "html"]
    first = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    lock = project / "_build" / ".lock"
    for _ in range(600):  # the first holds the lock once sphinx-build starts
        if lock.exists() and first.poll() is None:
            break
        subprocess.run(["sleep", "0.1"])
    second = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
    out_first, _ = first.communicate()
    assert first.returncode == 0, out_first[-3000:]
    assert second.returncode == 0, (second.stdout + second.stderr)[-3000:]
    assert "another build is running in this checkout; waiting for it to finish (_build/.lock)" in second.stderr
    assert pages_written(second.stdout) == []  # it found the first's pages done
    alone = copy_project(tmp_path / "alone")
    assert make(alone, "html").returncode == 0
    for page in ("index.html", "04-objectives-structure.html", "evidence.html"):
        assert (project / "_build/html" / page).read_bytes() == (alone / "_build/html" / page).read_bytes(), page
