"""Builds that stay right: an incremental, interrupted or repeated build of the
real book gives what a clean build gives, two builds of the same sources give
the same bytes, and a failed release leaves nothing behind.

Each test works on a copy of the book (conf.py, book/, references.bib) built
with sphinx-build the way the Makefile runs it (strict, parallel). The copy is
built once per module and restored into the same folder for every test, so
Sphinx finds its saved environment as an editor's checkout would. What is
compared: the set of output files; each page's title and meta tags, banner,
navigation and main content (as parsed HTML, so tooltips and links count; the
rest of ``<head>`` is asset links); the search index as parsed; claims.json;
the LaTeX source (the PDF is made from it, and
:func:`test_same_sources_give_the_same_bytes` shows that the same source gives
the same PDF).
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.search import js_index

from conftest import ANSI, ENV as BUILD_ENV, ROOT, Build, edit

ENV = {**BUILD_ENV, "PYTHONUNBUFFERED": "1"}  # the same SOURCE_DATE_EPOCH as the whole-book builds
MARKER = "briefing-html.json"  # briefing.freshness: the last build finished
NOISE = {".buildinfo", ".buildinfo.bak"}  # Sphinx's own config hash, not output


# -- building ---------------------------------------------------------------------

def command(builder: str, out: Path, *extra: str, jobs: str = "auto") -> list[str]:
    """sphinx-build as the Makefile runs it (ALLSPHINXOPTS)."""
    return [sys.executable, "-m", "sphinx", "-b", builder, "-c", ".", "--fail-on-warning", "--keep-going",
            "--jobs", jobs, *extra, "book", str(out)]


def build(root: Path, builder: str = "html", out: str = "_build/html", *extra: str, jobs: str = "auto") -> Build:
    proc = subprocess.run(command(builder, root / out, *extra, jobs=jobs), cwd=root, env=ENV,
                          capture_output=True, text=True)
    return Build(root / out, proc.returncode, ANSI.sub("", proc.stdout + proc.stderr).replace("\r", "\n"))


# -- what a build produced ------------------------------------------------------------

def searchindex(out: Path) -> dict[str, Any]:
    return js_index.loads((out / "searchindex.js").read_text(encoding="utf-8"))


def page(path: Path) -> dict[str, Any]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    banner = soup.select_one(".bd-header-announcement")
    main = soup.select_one("main#main-content") or soup.body
    return {
        "head": [soup.title.get_text() if soup.title else None]
        + [(m.get("name") or m.get("property"), m.get("content")) for m in soup.select("head meta")],
        "banner": banner.get_text(" ", strip=True) if banner else None,
        "navigation": [(a.get("href"), a.get_text(" ", strip=True)) for a in soup.select("nav.bd-docs-nav a")],
        "main": str(main),
    }


def html_output(out: Path) -> dict[str, Any]:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name not in NOISE and ".doctrees" not in p.relative_to(out).parts)
    return {
        "files": files,
        "pages": {name: page(out / name) for name in files if name.endswith(".html") and "/" not in name},
        "searchindex": searchindex(out),
        "claims": json.loads((out / "claims.json").read_text(encoding="utf-8")),
    }


def assert_same(got: dict[str, Any], clean: dict[str, Any]) -> None:
    """Equal, with a message that says where and how they differ."""
    assert got["files"] == clean["files"], (sorted(set(got["files"]) ^ set(clean["files"])))
    stale = [name for name in clean["pages"] if got["pages"][name] != clean["pages"][name]]
    if stale:
        name = stale[0]
        a, b = (json.dumps(x["pages"][name], indent=0).splitlines() for x in (got, clean))
        diff = "\n".join(list(difflib.unified_diff(a, b, "incremental", "clean", lineterm="", n=0))[:12])
        pytest.fail(f"{len(stale)} pages differ from a clean build: {stale}\n{name}:\n{diff}")
    index, clean_index = got["searchindex"], clean["searchindex"]
    assert index == clean_index, [k for k in clean_index if index.get(k) != clean_index[k]]
    assert got["claims"] == clean["claims"]


# -- the real book, copied ----------------------------------------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where every test's copy lives: always the same folder, as Sphinx's saved
    environment is only reused for the source folder it was built from."""
    return tmp_path_factory.mktemp("work") / "book-copy"


@pytest.fixture(scope="module")
def pristine(workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book's sources as they are now, built to HTML and LaTeX in the
    work folder, then put aside."""
    workdir.mkdir()
    shutil.copy2(ROOT / "conf.py", workdir)
    shutil.copy2(ROOT / "references.bib", workdir)
    shutil.copytree(ROOT / "book", workdir / "book")
    shutil.copytree(ROOT / "editions", workdir / "editions")  # the issued editions the book compares with
    build(workdir).check()
    build(workdir, "latex", "_build/latex").check()
    stash = tmp_path_factory.mktemp("pristine") / "book-copy"
    shutil.copytree(workdir, stash, symlinks=True)
    return stash


@pytest.fixture
def book(pristine: Path, workdir: Path) -> Path:
    """The built copy, restored into the work folder (times kept) for each test."""
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(pristine, workdir, symlinks=True)
    return workdir


def sources_only(pristine: Path, dest: Path) -> Path:
    shutil.copytree(pristine, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


# -- edits, as an editor makes them ----------------------------------------------------

def bib_entry(root: Path, key: str) -> re.Match[str]:
    match = re.search(r"^@\w+\{%s,\n.*?^\}\n\n?" % re.escape(key), (root / "references.bib").read_text("utf-8"),
                      re.M | re.S)
    assert match, f"no entry {key} in references.bib"
    return match


def prepend_entry(root: Path, entry: str) -> None:
    bib = root / "references.bib"
    bib.write_text(entry + bib.read_text(encoding="utf-8"), encoding="utf-8")
    later = time.time() + 2
    os.utime(bib, (later, later))


def unsettle_a_claim(root: Path) -> None:
    """A verified claim goes back to 'sourced': the totals and every banner change."""
    edit(root / "book/03-deployment.md", ":status: verified\n", ":status: sourced\n")


def cited_by(root: Path) -> dict[str, set[str]]:
    """Key -> documents whose claims cite it (from the built claims.json)."""
    claims = json.loads((root / "_build/html/claims.json").read_text(encoding="utf-8"))["claims"]
    docs: dict[str, set[str]] = {}
    for c in claims:
        for source in c["sources"]:
            docs.setdefault(source["key"], set()).add(c["document"])
    return docs


def most_cited(root: Path) -> str:
    counts = Counter({key: len(docs) for key, docs in cited_by(root).items()})
    key, n = counts.most_common(1)[0]
    assert n >= 3, counts
    return key


def retitle(root: Path, key: str) -> str:
    entry = bib_entry(root, key).group()
    new = re.sub(r"(title\s*=\s*\{\{)(.*?)(\}\})", r"\1\2, revised edition\3", entry, count=1)
    assert new != entry, entry
    edit(root / "references.bib", entry, new)
    return re.search(r"title\s*=\s*\{\{(.*?)\}\}", new).group(1)


def twin_entry(root: Path, key: str, new_key: str) -> str:
    """An entry with the same author and year as ``key``: the labels of that
    author and year gain or shift a letter."""
    entry = bib_entry(root, key).group()
    author = re.search(r"^\s*author\s*=.*$", entry, re.M).group()
    year = re.search(r"^\s*year\s*=.*$", entry, re.M).group()
    return (f"@online{{{new_key},\n{author}\n  title   = {{{{A twin of {key}}}}},\n{year}\n"
            f"  url     = {{https://example.org/{new_key}}},\n  urldate = {{2026-11-24}},\n"
            f"  kind    = {{official}},\n}}\n\n")


NEW_CLAIM = """
```{claim} builds-stay-right-new
:status: sourced
:sources: builds-stay-right-source
KFOR's press office published a further page on the force in this year.
```
"""


def delete_chapter(root: Path, doc: str) -> None:
    """Remove the chapter, its toctree line, and the sources only it cited."""
    only_here = sorted(key for key, docs in cited_by(root).items() if docs == {doc})
    (root / "book" / f"{doc}.md").unlink()
    edit(root / "book/index.md", f"{doc}\n", "")
    for key in only_here:
        edit(root / "references.bib", bib_entry(root, key).group(), "")


# -- 1. incremental == clean ------------------------------------------------------------

def test_edits_then_incremental_build_equals_clean_build(book: Path) -> None:
    """Status changed, claim and source added, chapter deleted, a title edited."""
    key = most_cited(book)
    unsettle_a_claim(book)
    prepend_entry(book, twin_entry(book, key, "builds-stay-right-source"))
    edit(book / "book/05-operations.md", "\n## ", NEW_CLAIM + "\n## ")
    delete_chapter(book, "12-significance")
    # and, as an editor would, the link to it
    edit(book / "book/13-conclusion.md", "([chapter 12](12-significance.md))", "(the former chapter 12)")
    title = retitle(book, key)

    build(book).check()
    build(book, "latex", "_build/latex").check()
    build(book, "html", "_build/clean-html").check()
    build(book, "latex", "_build/clean-latex").check()

    got, clean = html_output(book / "_build/html"), html_output(book / "_build/clean-html")
    assert_same(got, clean)
    assert [name for name in got["files"] if "12-significance" in name] == []
    assert "12-significance" not in got["searchindex"]["docnames"]
    assert "builds-stay-right-new" in [c["id"] for c in got["claims"]["claims"]]
    assert any(title in p["main"] for p in got["pages"].values())
    tex = "kosovo-briefing.tex"
    assert (book / "_build/latex" / tex).read_text("utf-8") == (book / "_build/clean-latex" / tex).read_text("utf-8")


@pytest.mark.parametrize("where", ["last", "first"])
def test_source_edits_rewrite_the_pages_citing_them(book: Path, where: str) -> None:
    """A title edited, and a work by the same author in the same year cited
    from a claim, added last (the labels' letters move) or first (every
    bibliography anchor moves too). The totals do not move: the pages showing
    the sources must follow all the same."""
    key = most_cited(book)
    title = retitle(book, key)
    twin = twin_entry(book, key, "builds-stay-right-twin")
    if where == "first":
        prepend_entry(book, twin)
    else:
        edit(book / "references.bib", bib_entry(book, key).group(), bib_entry(book, key).group() + twin)
    text = (book / "book/06-contributors.md").read_text("utf-8")
    sources = re.search(r":status: verified\n:sources: .*\n", text).group()
    edit(book / "book/06-contributors.md", sources, sources[:-1] + ", builds-stay-right-twin\n")

    incremental = build(book, jobs="1")
    incremental.check()
    build(book, "html", "_build/clean-html").check()
    got = html_output(book / "_build/html")
    assert_same(got, html_output(book / "_build/clean-html"))
    assert all(title in got["pages"][f"{doc}.html"]["main"] for doc in cited_by(book)[key])
    assert cited_by(book)[key] <= incremental.written()
    if where == "last":  # a page that cites nothing is left alone
        assert "glossary" not in incremental.written(), incremental.written()


def test_added_page_appears_in_every_page_navigation(book: Path) -> None:
    (book / "book/annex.md").write_text("# Annex\n\nA page without claims.\n", encoding="utf-8")
    edit(book / "book/index.md", "glossary\n", "glossary\nannex\n")
    build(book).check()
    build(book, "html", "_build/clean-html").check()
    got = html_output(book / "_build/html")
    assert_same(got, html_output(book / "_build/clean-html"))
    assert all(("annex.html", "Annex") in p["navigation"] for name, p in got["pages"].items()
               if name not in ("annex.html", "search.html", "genindex.html"))


# -- 3. a no-change rebuild ----------------------------------------------------------------

def glossary_terms(root: Path) -> list[str]:
    text = (root / "book/glossary.md").read_text("utf-8")
    block = text.split("```{glossary}\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line[0].isspace() and not line.startswith(":")]


def test_no_change_rebuild_keeps_the_search_index(book: Path) -> None:
    before = searchindex(book / "_build/html")
    build(book).check()
    after = searchindex(book / "_build/html")
    terms = glossary_terms(book)
    assert len(terms) > 10
    assert [t for t in terms if t.lower() not in after["indexentries"]] == []
    assert after == before


# -- 2. a build killed at any point -------------------------------------------------------

@pytest.fixture(scope="module")
def unsettled_clean(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A clean build of the book with one claim unsettled."""
    root = sources_only(pristine, tmp_path_factory.mktemp("unsettled") / "book-copy")
    unsettle_a_claim(root)
    build(root).check()
    return html_output(root / "_build/html")


def group_alive(pgid: int) -> list[int]:
    """Processes of the group that are not zombies."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def group_names(pgid: int) -> list[str]:
    names = []
    for pid in group_alive(pgid):
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            continue
    return names


def start_and_kill(root: Path, after: float | str) -> str:
    """Start an HTML build in its own process group; SIGKILL the group after
    ``after`` seconds or when the build prints ``after``. Returns its output."""
    proc = subprocess.Popen(command("html", root / "_build/html"), cwd=root, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    seen = []
    try:
        if isinstance(after, str):
            for line in proc.stdout:
                seen.append(line)
                if after in line:
                    break
        else:
            time.sleep(after)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        seen.append(proc.communicate()[0])
    deadline = time.time() + 10
    while group_alive(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert group_alive(proc.pid) == [], "processes of the killed build are still running"
    return "".join(seen)


# Killed while reading (after 1 s, the parallel readers at work), then at each
# later phase: while the environment is pickled, pages written, the index dumped.
@pytest.mark.parametrize("after", [1.0, "pickling environment", "writing output... [", "dumping search index"])
def test_killed_build_then_next_build_is_right(book: Path, unsettled_clean: dict[str, Any], after: float | str) -> None:
    unsettle_a_claim(book)
    killed = start_and_kill(book, after)
    print(f"killed at {after!r}, last output: {killed.strip().splitlines()[-1:]}")
    rebuild = build(book)
    assert "search index couldn't be loaded" not in rebuild.log
    rebuild.check()
    got = html_output(book / "_build/html")
    assert_same(got, unsettled_clean)
    banners = {p["banner"] for name, p in got["pages"].items() if name not in ("search.html", "genindex.html")}
    assert banners == {got["claims"]["summary"]}
    assert json.loads((book / "_build/html/.doctrees" / MARKER).read_text("utf-8"))["complete"] is True


def test_killing_the_main_process_alone_leaves_no_workers(book: Path) -> None:
    """``kill -9`` of sphinx-build alone (not its group) while workers read in
    parallel: they go too, instead of waiting forever on their parent."""
    proc = subprocess.Popen(command("html", book / "_build/fresh", jobs="2"), cwd=book, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 30
        workers: list[int] = []
        while not workers and proc.poll() is None and time.time() < deadline:
            workers = [pid for pid in group_alive(proc.pid) if pid != proc.pid]
            time.sleep(0.05)
        assert workers, "no parallel workers were running when the build was killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 5
        while group_alive(proc.pid) and time.time() < deadline:
            time.sleep(0.1)
        assert group_alive(proc.pid) == []
    finally:
        if group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


def test_killed_pdf_build_then_next_make_pdf_works(tmp_path: Path) -> None:
    """``make pdf`` killed while XeLaTeX writes: the next ``make pdf`` starts
    LaTeX afresh (half-written .aux files, latexmk's remembered error) and
    gives the PDF."""
    make = ["make", "--no-print-directory", "-o", ".venv/.installed", "pdf", f"BUILDDIR={tmp_path}"]
    proc = subprocess.Popen(make, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.time() + 120
        while "xelatex" not in group_names(proc.pid) and proc.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None, "make pdf ended before XeLaTeX ran"
        time.sleep(1.5)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    again = subprocess.run(make, cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert again.returncode == 0, (again.stdout + again.stderr)[-3000:]
    pdf = tmp_path / "latex/kosovo-briefing.pdf"
    assert len(PdfReader(pdf).pages) > 20


# -- 4. same sources, same bytes ---------------------------------------------------------

def tree_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and ".doctrees" not in p.relative_to(out).parts}


def test_same_sources_give_the_same_bytes(book: Path, book_pdf: Path) -> None:
    """With one SOURCE_DATE_EPOCH: a serial HTML build equals the parallel one
    byte for byte, and a LaTeX build of this copy gives the .tex and the PDF
    (byte for byte) of the whole-book build made elsewhere for the other tests."""
    build(book, "html", "_build/serial", jobs="1").check()
    assert tree_bytes(book / "_build/serial") == tree_bytes(book / "_build/html")
    latex = book / "_build/latex"
    # the Makefile exports SOURCE_DATE_EPOCH to LaTeX too: xdvipdfmx takes its
    # font subset tags and dates from it (without it, two PDFs differ)
    proc = subprocess.run(["make", "-C", str(latex), "all-pdf", "LATEXMKOPTS=-silent"], env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (latex / "kosovo-briefing.tex").read_text("utf-8") == book_pdf.with_suffix(".tex").read_text("utf-8")
    assert (latex / "kosovo-briefing.pdf").read_bytes() == book_pdf.read_bytes()


# -- 5. a failed release -----------------------------------------------------------------

def test_failed_release_leaves_no_release_output(tmp_path: Path) -> None:
    """A copy of the book with one claim open: ``make release`` fails,
    names the claim, and writes nothing."""
    from test_make_every_time import copy_project, make

    project = copy_project(tmp_path / "clone")
    chapter = project / "book" / "12-significance.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace(":status: verified", ":status: sourced", 1), encoding="utf-8")
    builddir = project / "_build"
    (builddir / "release.tmp").mkdir(parents=True)  # left by an earlier, killed release
    (builddir / "release.tmp" / "kept-from-before").write_text("", encoding="utf-8")
    proc = make(project, "release")
    log = ANSI.sub("", proc.stdout + proc.stderr)
    assert proc.returncode != 0, log[-3000:]
    assert re.search(r"12-significance\.md:\d+: WARNING: claim '[\w-]+' is not settled \(sourced\) "
                     r"\[claims\.unverified\]", log), log[-3000:]
    assert "nothing was written" in log, log[-3000:]
    # no release; the failed build stays where the message says, for its logs
    assert sorted(p.name for p in builddir.glob("release*")) == ["release.tmp"]
    assert "the failed build and its logs stay in _build/release.tmp" in log
    assert not (builddir / "release.tmp" / "kept-from-before").exists()  # a new attempt started afresh


def test_a_release_that_latex_fails_names_the_error_and_keeps_its_log(tmp_path: Path) -> None:
    from test_make_every_time import copy_project, make

    project = copy_project(tmp_path / "clone")
    release = project / "_build" / "release"
    release.mkdir(parents=True)
    (release / "index.html").write_text("the last release", encoding="utf-8")
    chapter = project / "book" / "12-significance.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n```{raw} latex\n\\briefingnosuchcommand\n```\n",
                       encoding="utf-8")
    proc = make(project, "release")
    log = ANSI.sub("", proc.stdout + proc.stderr)
    assert proc.returncode != 0, log[-3000:]
    match = re.search(r"^_build/release\.tmp/latex/kosovo-briefing\.tex:(\d+): LaTeX error: Undefined control "
                      r"sequence\.$", log, re.M)
    assert match, log[-3000:]
    tex = (project / "_build/release.tmp/latex/kosovo-briefing.tex").read_text(encoding="utf-8").splitlines()
    assert "briefingnosuchcommand" in tex[int(match[1]) - 1]
    assert "full log: _build/release.tmp/latex/build.log" in log
    assert (project / "_build/release.tmp/latex/build.log").is_file()
    assert (release / "index.html").read_text(encoding="utf-8") == "the last release"
