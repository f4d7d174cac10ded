"""What claims cost: the book against the same book with plain citations.

Usage (from the repository root; ``make bench`` runs it with the project's venv)::

    .venv/bin/python benchmarks/run.py              # everything: about 15 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick      # fewer runs, no profiles, no Jupyter Book
    .venv/bin/python benchmarks/run.py --with-tests # also time `make test`

Each comparison runs its two commands in turn (A B A B ...), each in a fresh
process (peak memory: the largest resident size of that process tree), and
reports the medians and the median of the per-pair ratios A/B. The targets
are ratios (TARGETS); every one is printed with its measured value and "ok"
or "MISS", and written with the machine, the date and where the time goes
(cProfile, :mod:`profiles`) to ``benchmarks/results.md``. Exit status 1 when
a target is missed.

What is compared (projects made by :mod:`synth`, in a temporary folder; the
real book is a snapshot, so edits made meanwhile do not change the result):

* synthetic books of 1,000 and 10,000 claims over 200 chapters, and their
  plain copies (every slot replaced by its text and a ``{cite:p}``);
* the real book and its plain copy: clean HTML, an edited sentence, PDF;
* the real book's no-change rebuild against the *floor*: the same conf.py,
  extensions and theme on a one-page book;
* ``make check`` on the real book; Jupyter Book 1 on the same chapters.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jupyterbook  # noqa: E402
import profiles  # noqa: E402
import report  # noqa: E402
import synth  # noqa: E402

ROOT = synth.ROOT
PY = sys.executable
#: name: (limit, what is compared)
TARGETS = {
    "10k": (1.15, "10,000 claims, clean HTML: slots / plain {cite:p}"),
    "linear": (11.0, "10,000 / 1,000 claims, clean HTML (slots)"),
    "memory": (1.3, "10,000 claims, peak memory: slots / plain"),
    "html": (1.05, "real book, clean HTML: book / plain copy"),
    "nochange": (1.2, "no-change rebuild: book / floor (and no page written)"),
    "edit": (1.1, "one sentence edited: book / plain copy (and the same pages written)"),
    "pdf": (1.1, "PDF (latex + latexmk): book / plain copy (and no more XeLaTeX passes)"),
    "check": (3.0, "`make check` on the real book, seconds (warm)"),
    "test": (120.0, "`make test`, seconds"),
}


@dataclass
class Run:
    seconds: float
    peak_mib: float
    output: str
    returncode: int


@dataclass
class Pair:
    """A B A B ... runs of two commands."""

    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [x.seconds / y.seconds for x, y in zip(self.a, self.b)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def median(self, side: str) -> float:
        return statistics.median(r.seconds for r in getattr(self, side))

    def peak(self, side: str) -> float:
        return max(r.peak_mib for r in getattr(self, side))


def run(cmd: list[str], cwd: Path | None = None, check: bool = True) -> Run:
    """Time one command; peak memory from ``wait4`` (the process and its children)."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if check and proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n{text[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, text, proc.returncode)


def sphinx(project: Path, out: Path, builder: str = "html", jobs: str = "auto") -> list[str]:
    """sphinx-build as the Makefile runs it (strict), for a project made by :mod:`synth`."""
    return [PY, "-m", "sphinx", "-b", builder, "-c", str(project), "--fail-on-warning", "--keep-going",
            "--jobs", jobs, str(project / "book"), str(out)]


def alternate(n: int, a, b, before=None) -> Pair:
    """``n`` pairs of runs; ``a`` and ``b`` return a command (``before(side)`` runs untimed first)."""
    pair = Pair()
    for i in range(n):
        for side, make in (("a", a), ("b", b)):
            if before:
                before(side, i)
            getattr(pair, side).append(run(make()))
    return pair


def clean(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def pages(out: Path) -> dict[str, int]:
    """The documents' pages (not Sphinx's genindex and search, which every build writes)."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.html")
            if p.stem not in ("genindex", "search", "py-modindex")}


def written(before: dict[str, int], out: Path) -> list[str]:
    return sorted(name for name, mtime in pages(out).items() if before.get(name) != mtime)


# -- the comparisons -------------------------------------------------------------------

def synthetic(work: Path, n: dict[int, int], jobs: str, log) -> dict[int, Pair]:
    out = {}
    for claims, runs in n.items():
        book = synth.synthetic_book(work / f"synthetic-{claims}", claims)
        plain = synth.plain_copy(book, work / f"synthetic-{claims}-plain")
        outs = {"a": work / f"out-syn-{claims}", "b": work / f"out-syn-{claims}-plain"}
        out[claims] = alternate(runs, lambda: sphinx(book, outs["a"], jobs=jobs),
                                lambda: sphinx(plain, outs["b"], jobs=jobs),
                                before=lambda side, i: clean(outs[side]))
        log(f"synthetic {claims:,} claims", out[claims])
    return out


def serial(work: Path, log) -> Pair:
    """The 10,000-claim books once more with ``--jobs 1`` (no target: where parallel writing stands)."""
    book, plain = work / "synthetic-10000", work / "synthetic-10000-plain"
    outs = {"a": work / "out-syn-serial", "b": work / "out-syn-serial-plain"}
    pair = alternate(1, lambda: sphinx(book, outs["a"], jobs="1"), lambda: sphinx(plain, outs["b"], jobs="1"),
                     before=lambda side, i: clean(outs[side]))
    log("synthetic 10,000 claims, --jobs 1", pair)
    return pair


def real_html(real: Path, plain: Path, work: Path, runs: int, jobs: str, log) -> Pair:
    outs = {"a": work / "out-real", "b": work / "out-plain"}
    pair = alternate(runs, lambda: sphinx(real, outs["a"], jobs=jobs), lambda: sphinx(plain, outs["b"], jobs=jobs),
                     before=lambda side, i: clean(outs[side]))
    log("real book, clean HTML", pair)
    return pair


def no_change(real: Path, floor: Path, work: Path, runs: int, jobs: str, log) -> tuple[Pair, list[list[str]]]:
    outs = {"a": work / "out-real-nc", "b": work / "out-floor-nc"}
    commands = {"a": sphinx(real, outs["a"], jobs=jobs), "b": sphinx(floor, outs["b"], jobs=jobs)}
    for side in outs:
        clean(outs[side])
        run(commands[side])
    pair, rewritten = Pair(), []
    for _ in range(runs):
        before = pages(outs["a"])
        pair.a.append(run(commands["a"]))
        rewritten.append(written(before, outs["a"]))
        pair.b.append(run(commands["b"]))
    log("no-change rebuild (book, floor)", pair)
    return pair, rewritten


EDITED = "05-operations.md"


def edit(real: Path, plain: Path, work: Path, runs: int, jobs: str, log) -> tuple[Pair, list[list[str]], list[list[str]]]:
    """Add a sentence to (then remove it from) the first paragraph of one chapter."""
    projects = {"a": real, "b": plain}
    outs = {"a": work / "out-real-edit", "b": work / "out-plain-edit"}
    originals = {side: (projects[side] / "book" / EDITED).read_text(encoding="utf-8") for side in projects}
    for side in outs:
        clean(outs[side])
        run(sphinx(projects[side], outs[side], jobs=jobs))
    pair, rewritten = Pair(), {"a": [], "b": []}
    for i in range(runs):
        for side in ("a", "b"):
            text = originals[side]
            if i % 2 == 0:
                title, first, rest = text.split("\n\n", 2)
                text = "\n\n".join([title, first + " One more sentence for the benchmark.", rest])
            (projects[side] / "book" / EDITED).write_text(text, encoding="utf-8")
            before = pages(outs[side])
            getattr(pair, side).append(run(sphinx(projects[side], outs[side], jobs=jobs)))
            rewritten[side].append(written(before, outs[side]))
    for side in projects:
        (projects[side] / "book" / EDITED).write_text(originals[side], encoding="utf-8")
    log(f"one sentence edited in {EDITED}", pair)
    return pair, rewritten["a"], rewritten["b"]


def pdf(real: Path, plain: Path, work: Path, runs: int, jobs: str, log) -> tuple[Pair, dict[str, int]] | None:
    if not shutil.which("latexmk") or not shutil.which("xelatex"):
        return None
    projects = {"a": real, "b": plain}
    outs = {"a": work / "out-real-latex", "b": work / "out-plain-latex"}
    pair, passes = Pair(), {}
    for _ in range(runs):
        for side in ("a", "b"):
            clean(outs[side])
            first = run(sphinx(projects[side], outs[side], "latex", jobs))
            tex = run(["make", "-C", str(outs[side]), "all-pdf", "LATEXMKOPTS="])
            passes[side] = tex.output.count("Running 'xelatex")
            getattr(pair, side).append(Run(first.seconds + tex.seconds, max(first.peak_mib, tex.peak_mib),
                                           "", 0))
    log("PDF", pair)
    return pair, passes


def make_target(target: str, runs: int, log) -> list[Run] | None:
    """``make TARGET`` in the working tree (output in a temporary folder): a cold run, then warm ones."""
    probe = subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True)
    if probe.returncode != 0:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        results = [run(["make", "-s", "-C", str(ROOT), target, f"BUILDDIR={tmp}"], check=False)
                   for _ in range(runs)]
    log(f"make {target}", None, results)
    return results


# -- main --------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; no profiles, no Jupyter Book")
    parser.add_argument("--with-tests", action="store_true", help="also time `make test` (slow)")
    parser.add_argument("--jobs", default="auto", help="sphinx-build --jobs, as in the Makefile (auto)")
    parser.add_argument("--jb-venv", type=Path, default=Path("/tmp/jb-venv"),
                        help="virtual environment for Jupyter Book 1 (made when missing)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    n = 2 if args.quick else 5
    started = time.time()

    def log(name: str, pair: Pair | None, runs: list[Run] | None = None) -> None:
        if pair is not None:
            print(f"  {name}: A {pair.median('a'):.2f} s, B {pair.median('b'):.2f} s, "
                  f"ratios {', '.join(f'{r:.3f}' for r in pair.ratios)}", flush=True)
        else:
            print(f"  {name}: {', '.join(f'{r.seconds:.2f} s' for r in runs)}", flush=True)

    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    if args.keep:
        clean(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Projects in {work}", flush=True)
        real = synth.snapshot(work / "real")
        plain = synth.plain_copy(real, work / "real-plain")
        floor = synth.floor(work / "floor")
        results = report.Results(jobs=args.jobs)
        results.synthetic = synthetic(work, {1000: 2 if args.quick else 3, 10000: 1 if args.quick else 2},
                                      args.jobs, log)
        if not args.quick and args.jobs != "1":
            results.serial = serial(work, log)
        results.html = real_html(real, plain, work, n, args.jobs, log)
        results.nochange, results.nochange_written = no_change(real, floor, work, n, args.jobs, log)
        results.edit, results.edit_written, results.edit_written_plain = edit(real, plain, work, n, args.jobs, log)
        results.pdf = pdf(real, plain, work, 1 if args.quick else 2, args.jobs, log)
        results.check = make_target("check", 4, log)
        if args.with_tests:
            results.test = make_target("test", 1, log)
        if not args.quick:
            ours = {"real book (sphinx-book-theme)": (results.html.median("a"), results.html.median("b")),
                    "synthetic, 1,000 claims (basic theme)": (results.synthetic[1000].median("a"),
                                                              results.synthetic[1000].median("b"))}
            results.jupyter_book = jupyterbook.compare(args.jb_venv, work, plain, ours)
            print("Profiling (cProfile, serial builds) ...", flush=True)
            results.profiles = profiles.where_time_goes(work, real, plain)
    finally:
        if not args.keep:
            clean(work)
    results.minutes = (time.time() - started) / 60
    lines, missed = report.targets(results, TARGETS)
    print("\n".join(lines))
    report.write(ROOT / "benchmarks" / "results.md", results, TARGETS)
    print(f"\nResults: benchmarks/results.md ({results.minutes:.1f} minutes)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
