"""Build-time and memory benchmarks for the briefing book and the claims extension.

Usage (from the repository root, after `make deps`):

    .venv/bin/python benchmarks/run.py            # prints a table, rewrites benchmarks/results.md

Measures, each in a fresh child process (peak memory is that child's max RSS):
* synthetic books of 200, 800 and 3,200 claims over 16 chapters (HTML, fresh
  environment): claims must cost linear time, i.e. the time per claim of the
  largest book stays within 2x of the smallest's;
* the real book: fresh HTML build, fresh LaTeX + XeLaTeX PDF build, and a
  no-change HTML rebuild.
Targets are in TARGETS below; the script exits 1 when one is missed.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TARGETS = {
    "book html, fresh": 60.0,
    "book pdf, fresh": 120.0,
    "book html, no change": 10.0,
}
LINEARITY = 2.0  # max ratio of time per claim, largest / smallest synthetic book


def run(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the child processes) for one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def synthetic_book(folder: Path, claims: int, chapters: int = 16) -> Path:
    src = folder / f"book-{claims}"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefing"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nhtml_theme = "basic"\n', encoding="utf-8")
    (src / "refs.bib").write_text(
        "@online{src1, author = {{Body}}, title = {{Page}}, year = {2024}, url = {https://example.org}}\n",
        encoding="utf-8")
    names = [f"ch{i:02d}" for i in range(chapters)]
    (src / "index.md").write_text(
        "# Book\n\n```{toctree}\n" + "\n".join(names + ["register"]) + "\n```\n", encoding="utf-8")
    (src / "register.md").write_text("# Register\n\n```{claims-register}\n```\n", encoding="utf-8")
    per = claims // chapters
    for c, name in enumerate(names):
        body = [f"# Chapter {c}\n"]
        for i in range(per):
            body.append(
                f"```{{claim}} c{c}-{i}\n:status: verified\n:sources: src1\n:quote: q\n"
                f":locator: p. {i}\n:checked: 2026-01-01\nClaim {i} of chapter {c}.\n```\n")
        (src / f"{name}.md").write_text("\n".join(body), encoding="utf-8")
    return src


def main() -> int:
    rows: list[tuple[str, float, float, str]] = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        per_claim = {}
        for n in (200, 800, 3200):
            src = synthetic_book(tmp_path, n)
            sec, mem = run([PY, "-m", "sphinx", "-q", "-E", "-b", "html", str(src), str(tmp_path / f"out-{n}")])
            per_claim[n] = sec / n
            rows.append((f"synthetic, {n} claims, html", sec, mem, f"{1000 * sec / n:.2f} ms/claim"))
        ratio = per_claim[3200] / per_claim[200]
        ok = ratio <= LINEARITY
        failed |= not ok
        rows.append(("linearity (ms/claim 3200 vs 200)", ratio, 0.0, f"target <= {LINEARITY} {'ok' if ok else 'MISSED'}"))

        out = tmp_path / "book"
        sphinx = [PY, "-m", "sphinx", "-q", "-c", ".", "--fail-on-warning", "book"]
        for label, cmd in [
            ("book html, fresh", sphinx[:3] + ["-E", "-b", "html"] + sphinx[3:] + [str(out / "html")]),
            ("book html, no change", sphinx[:3] + ["-b", "html"] + sphinx[3:] + [str(out / "html")]),
        ]:
            sec, mem = run(cmd)
            ok = sec <= TARGETS[label]
            failed |= not ok
            rows.append((label, sec, mem, f"target <= {TARGETS[label]:.0f} s {'ok' if ok else 'MISSED'}"))
        if shutil.which("latexmk"):
            start = time.perf_counter()
            _, mem = run(sphinx[:3] + ["-E", "-b", "latex"] + sphinx[3:] + [str(out / "latex")])
            _, mem2 = run(["make", "-C", str(out / "latex"), "all-pdf", "LATEXMKOPTS=-silent"])
            sec = time.perf_counter() - start
            ok = sec <= TARGETS["book pdf, fresh"]
            failed |= not ok
            rows.append(("book pdf, fresh", sec, max(mem, mem2),
                         f"target <= {TARGETS['book pdf, fresh']:.0f} s {'ok' if ok else 'MISSED'}"))

    lines = ["| benchmark | seconds (or ratio) | peak RSS MiB | note |", "|---|---|---|---|"]
    lines += [f"| {name} | {sec:.2f} | {mem:.0f} | {note} |" for name, sec, mem, note in rows]
    table = "\n".join(lines)
    print(table)
    results = ROOT / "benchmarks" / "results.md"
    results.write_text(
        "# Benchmark results\n\nProduced by `benchmarks/run.py` on the project machine "
        "(2 cores, 24 GiB, Debian 12, Python 3.11). Peak RSS is the largest child process so far.\n\n"
        + table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
