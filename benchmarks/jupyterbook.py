"""Jupyter Book 1 building the same chapters, for comparison.

Jupyter Book 1 (``pip install 'jupyter-book<2'``, in its own virtual
environment: it pins an older Sphinx and MyST) cannot load the briefing
extension, so it builds the *plain* copies: the same prose and the same
``{cite:p}`` citations, without slots, register or evidence list (the
briefing's own directives, such as the data tables' figures, show as
unknown directives there). No target: this is what a reader of the issue
would otherwise pick.
"""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TOCTREE = re.compile(r"^```\{toctree\}.*?^```\n?", re.M | re.S)
ENTRY = re.compile(r"^([\w-]+)$", re.M)


def ensure(venv: Path) -> tuple[Path | None, str]:
    """The ``jupyter-book`` command, installing it when missing; or why not."""
    command = venv / "bin" / "jupyter-book"
    if command.exists():
        return command, ""
    steps = [[sys.executable, "-m", "venv", str(venv)],
             [str(venv / "bin" / "pip"), "install", "--quiet", "jupyter-book<2"]]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode != 0:
            return None, f"`{' '.join(step)}` failed: {(proc.stderr or proc.stdout).strip()[-600:]}"
    return (command, "") if command.exists() else (None, "installed, but no jupyter-book command")


def project(src: Path, dest: Path, theme: str | None = None) -> Path:
    """A Jupyter Book project of the plain copy ``src`` (its book/ and .bib)."""
    shutil.copytree(src / "book", dest, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    shutil.copy2(src / "references.bib", dest / "references.bib")
    index = (dest / "index.md").read_text(encoding="utf-8")
    chapters = [name for block in TOCTREE.findall(index) for name in ENTRY.findall(block)]
    (dest / "index.md").write_text(TOCTREE.sub("", index), encoding="utf-8")
    (dest / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n"
                                   + "".join(f"- file: {name}\n" for name in chapters), encoding="utf-8")
    config = ["title: Benchmark", "only_build_toc_files: true", "execute:", "  execute_notebooks: 'off'",
              "bibtex_bibfiles:", "  - references.bib", "parse:",
              "  myst_enable_extensions: [colon_fence, deflist, substitution]",
              "  myst_substitutions:", "    date_of_information: 29 November 2026",
              "sphinx:", "  config:", "    numfig: true", "    bibtex_reference_style: author_year",
              "    exclude_patterns: [_build, _data, _static]"]
    if theme:
        config += [f"    html_theme: {theme}"]
    (dest / "_config.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return dest


def build(command: Path, source: Path, runs: int) -> tuple[float | None, str]:
    times, note = [], ""
    for _ in range(runs):
        shutil.rmtree(source / "_build", ignore_errors=True)
        start = time.perf_counter()
        proc = subprocess.run([str(command), "build", "--all", str(source)], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            return None, f"failed: {(proc.stderr or proc.stdout).strip()[-400:]}"
        warnings = proc.stdout.count("WARNING") + proc.stderr.count("WARNING")
        note = f"{warnings} warnings" if warnings else ""
    return statistics.median(times), note


def compare(venv: Path, work: Path, plain: Path, ours: dict[str, tuple[float, float]]) -> list[str]:
    """Lines for results.md; ``ours``: label: (book with slots, plain copy) median seconds."""
    command, why = ensure(venv)
    if command is None:
        return [f"Not measured: Jupyter Book 1 did not install. {why}"]
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True).stdout.strip()
    lines = [__doc__.split("\n\n", 1)[1].strip().replace("\n", " "), "",
             f"{version.splitlines()[0] if version else 'jupyter-book'}, in {venv}.", "",
             "| chapters | Jupyter Book 1, plain (s) | ours, plain copy (s) | ours, with slots (s) | note |",
             "|---|---|---|---|---|"]
    cases = [("real book (sphinx-book-theme)", plain, None),
             ("synthetic, 1,000 claims (basic theme)", work / "synthetic-1000-plain", "basic")]
    for label, src, theme in cases:
        if not src.exists() or label not in ours:
            continue
        jb = project(src, work / f"jb-{src.name}", theme)
        seconds, note = build(command, jb, 2)
        mine = ours[label]
        shown = f"{seconds:.2f}" if seconds is not None else "failed"
        lines.append(f"| {label} | {shown} | {mine[1]:.2f} | {mine[0]:.2f} | {note} |")
        print(f"  Jupyter Book 1, {label}: {shown} s {note}", flush=True)
    return lines
