"""The editor's loop on the real book: `make check` passes quickly and
clean, and `make live` serves a preview on 127.0.0.1 that follows an edit."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_make_check_passes_on_the_book(tmp_path):
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "briefing.check", "--outdir", str(tmp_path / "check")],
                          cwd=ROOT, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr
    assert proc.stderr.strip() == "check: no problems"
    assert time.monotonic() - start < 60  # the target (a few seconds) lives in the benchmark


def test_make_check_names_file_and_line(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book)
    for name in ("conf.py", "references.bib"):
        shutil.copy2(ROOT / name, tmp_path / name)
    chapter = book / "05-operations.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith(":status: verified"))
    lines[n] = ":status: verifed"
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "briefing.check", "--source", str(book), "--confdir", str(tmp_path),
                           "--outdir", str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    out = proc.stdout.splitlines()
    assert len(out) == 1 and out[0].startswith("book/05-operations.md:") and out[0].endswith("[claims.bad_status]")
    assert "unknown status 'verifed'" in out[0]
    assert "Traceback" not in proc.stdout + proc.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_live_preview_follows_an_edit(tmp_path):
    autobuild = Path(sys.executable).parent / "sphinx-autobuild"
    if not autobuild.exists():
        pytest.fail("sphinx-autobuild is not installed: run the tests with `make test`")
    for name in ("book", "briefing"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("conf.py", "references.bib"):
        shutil.copy2(ROOT / name, tmp_path / name)
    port = _free_port()
    proc = subprocess.Popen([str(autobuild), "-c", ".", "--host", "127.0.0.1", "--port", str(port),
                             "book", "_build/live"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)})
    url = f"http://127.0.0.1:{port}/12-significance.html"
    try:
        deadline = time.monotonic() + 90
        page = ""
        while time.monotonic() < deadline and "Wider significance" not in page:
            time.sleep(1)
            try:
                page = _get(url)
            except OSError:
                continue
        assert "Wider significance" in page
        chapter = tmp_path / "book" / "12-significance.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added while previewing.\n",
                           encoding="utf-8")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "added while previewing" not in page:
            time.sleep(1)
            page = _get(url)
        assert "added while previewing" in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
