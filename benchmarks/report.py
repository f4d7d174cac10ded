"""The benchmark's verdicts and ``benchmarks/results.md``."""
from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Results:
    jobs: str
    synthetic: dict = field(default_factory=dict)  #: claims: Pair (A slots, B plain)
    serial: Any = None  #: the 10,000-claim pair with --jobs 1
    html: Any = None
    nochange: Any = None
    nochange_written: list = field(default_factory=list)
    edit: Any = None
    edit_written: list = field(default_factory=list)
    edit_written_plain: list = field(default_factory=list)
    pdf: Any = None  #: (Pair, {side: XeLaTeX passes}) or None without TeX
    check: Any = None  #: list of Run, or None (no such make target)
    test: Any = None
    jupyter_book: Any = None  #: see jupyterbook.compare
    profiles: Any = None  #: see profiles.where_time_goes
    minutes: float = 0.0


def targets(r: Results, table: dict[str, tuple[float, str]]) -> tuple[list[str], bool]:
    """One line per target: verdict, what, measured value, limit."""
    rows = verdicts(r, table)
    lines = ["", "Targets:"]
    for name, (verdict, measured) in rows.items():
        limit, what = table[name]
        lines.append(f"  {verdict:<4}  {what}: {measured} (target <= {limit:g})")
    return lines, any(v == "MISS" for v, _ in rows.values())


def verdicts(r: Results, table: dict[str, tuple[float, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}

    def judge(name: str, value: float | None, extra_ok: bool = True, note: str = "", unit: str = "x") -> None:
        if value is None:
            out[name] = ("-", note or "not measured")
            return
        ok = value <= table[name][0] and extra_ok
        out[name] = ("ok" if ok else "MISS", f"{value:.3f}{unit}" + (f"; {note}" if note else ""))

    big, small = r.synthetic.get(10000), r.synthetic.get(1000)
    judge("10k", big.ratio if big else None)
    judge("linear", big.median("a") / small.median("a") if big and small else None)
    judge("memory", big.peak("a") / big.peak("b") if big else None,
          note=f"{big.peak('a'):.0f} MiB vs {big.peak('b'):.0f} MiB" if big else "")
    judge("html", r.html.ratio if r.html else None)
    if r.nochange:
        most = max(len(w) for w in r.nochange_written)
        judge("nochange", r.nochange.ratio, most == 0, f"pages written: {most}")
    else:
        judge("nochange", None)
    if r.edit:
        same = r.edit_written == r.edit_written_plain
        judge("edit", r.edit.ratio, same, "same pages written as the plain copy" if same else
              f"pages written: {r.edit_written[0]} vs plain {r.edit_written_plain[0]}")
    else:
        judge("edit", None)
    if r.pdf:
        pair, passes = r.pdf
        judge("pdf", pair.ratio, passes["a"] <= passes["b"], f"XeLaTeX passes {passes['a']} vs {passes['b']}")
    else:
        judge("pdf", None, note="no latexmk/xelatex")
    if r.check:
        warm = sorted(run.seconds for run in r.check[1:]) or [r.check[0].seconds]
        failed = [run.returncode for run in r.check if run.returncode]
        judge("check", warm[len(warm) // 2], not failed,
              f"cold {r.check[0].seconds:.2f} s" + (f"; exit status {failed[0]}" if failed else ""), unit=" s")
    else:
        judge("check", None, note="no `make check` target")
    if r.test:
        judge("test", r.test[0].seconds, r.test[0].returncode == 0,
              "" if r.test[0].returncode == 0 else f"exit status {r.test[0].returncode}", unit=" s")
    else:
        judge("test", None, note="not measured (run with --with-tests; the suite is not run while others work)")
    return out


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) / 1024 ** 2 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True)
    versions = ", ".join(f"{name} {version(name)}" for name in
                         ("sphinx", "docutils", "myst-parser", "sphinxcontrib-bibtex", "pybtex", "sphinx-book-theme"))
    return [
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.platform()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- Commit {git.stdout.strip() or '?'}" + (" with uncommitted changes" if dirty.stdout.strip() else ""),
    ]


def _pair_row(name: str, pair, a: str, b: str) -> str:
    return (f"| {name} | {a} / {b} | {len(pair.a)} | {pair.median('a'):.2f} | {pair.median('b'):.2f} | "
            f"**{pair.ratio:.3f}** | {', '.join(f'{x:.3f}' for x in pair.ratios)} | "
            f"{pair.peak('a'):.0f} / {pair.peak('b'):.0f} |")


def write(path: Path, r: Results, table: dict[str, tuple[float, str]]) -> None:
    out = ["# Benchmark results", "",
           f"`make bench` (`benchmarks/run.py`), {r.minutes:.1f} minutes. The targets are ratios of two builds "
           "run in turn (A B A B ...) on the same machine; absolute times vary between machines.", "",
           *machine(), f"- sphinx-build as in the Makefile: `--fail-on-warning --keep-going --jobs {r.jobs}`", "",
           "## Targets", "", "| | target | measured | limit |", "|---|---|---|---|"]
    for name, (verdict, measured) in verdicts(r, table).items():
        limit, what = table[name]
        out.append(f"| {verdict} | {what} | {measured} | {limit:g} |")
    out += ["", "## Measurements", "",
            "Seconds are medians; the ratio is the median of the per-pair ratios A/B. Peak memory: the largest "
            "resident size of the build's process tree (MiB).", "",
            "| comparison | A / B | pairs | A (s) | B (s) | ratio | per pair | peak MiB A / B |",
            "|---|---|---|---|---|---|---|---|"]
    for claims, pair in sorted(r.synthetic.items()):
        out.append(_pair_row(f"synthetic, {claims:,} claims, 200 chapters, clean HTML", pair, "slots", "plain"))
    if r.serial:
        out.append(_pair_row("synthetic, 10,000 claims, clean HTML, `--jobs 1` (no target)", r.serial,
                             "slots", "plain"))
    if r.html:
        out.append(_pair_row("real book, clean HTML", r.html, "book", "plain copy"))
    if r.nochange:
        out.append(_pair_row("no-change rebuild", r.nochange, "book", "floor"))
    if r.edit:
        out.append(_pair_row("one sentence edited (05-operations)", r.edit, "book", "plain copy"))
    if r.pdf:
        out.append(_pair_row("PDF: latex builder + latexmk", r.pdf[0], "book", "plain copy"))
    if r.check:
        out += ["", f"`make check`: {', '.join(f'{run.seconds:.2f} s' for run in r.check)} (first run cold)."]
    if r.nochange_written:
        out += ["", "Pages written by the no-change rebuilds: "
                + "; ".join(", ".join(w) or "none" for w in r.nochange_written) + "."]
    if r.edit_written:
        out += ["", "Pages written after the edit (book | plain copy): "
                + "; ".join(f"{', '.join(a) or 'none'} | {', '.join(b) or 'none'}"
                            for a, b in zip(r.edit_written, r.edit_written_plain)) + "."]
    if r.pdf:
        out += ["", f"XeLaTeX passes (latexmk): book {r.pdf[1]['a']}, plain copy {r.pdf[1]['b']}."]
    if r.jupyter_book is not None:
        out += ["", "## Jupyter Book 1", "", *r.jupyter_book]
    if r.profiles is not None:
        out += ["", "## Where the time goes", "", *r.profiles]
    notes = Path(__file__).with_name("NOTES.md")
    if notes.exists():
        out += ["", notes.read_text(encoding="utf-8").rstrip()]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
