"""Where the time goes: cProfile of a book and its plain copy, side by side.

Serial builds (``--jobs 1``) under cProfile, which roughly doubles the
times; the phases are cumulative seconds of a few known functions, and the
"extra self time" table is what the book spends beyond its plain copy, per
function (self time does not overlap, so those rows add up).
"""
from __future__ import annotations

import pstats
import shutil
import subprocess
import sys
from pathlib import Path

PY = sys.executable

#: label: (path ending, function name); cumulative seconds, summed over matches
PHASES = {
    "whole build": ("sphinx/cmd/build.py", "build_main"),
    "read: all sources": ("sphinx/builders/__init__.py", "read"),
    "  claim directive (ClaimDirective.run)": ("briefing/directives.py", "run"),
    "    MyST option block (parse_directive_text)": ("myst_parser/parsers/directives.py", "parse_directive_text"),
    "    nested parse of the claim's text": ("sphinx/util/docutils.py", "parse_content_to_nodes"),
    "consistency checks": ("sphinx/environment/__init__.py", "check_consistency"),
    "env-get-updated handlers": ("sphinx/environment/__init__.py", "check_dependents"),
    "write: doctree + post-transforms": ("sphinx/environment/__init__.py", "get_and_resolve_doctree"),
    "  citations (sphinxcontrib-bibtex resolve_xref)": ("sphinxcontrib/bibtex/domain.py", "resolve_xref"),
    "  ClaimsResolver (markers, tips, register, evidence)": ("briefing/register.py", "run"),
    "    register tables (build_register)": ("briefing/register.py", "build_register"),
    "    evidence list (build_evidence)": ("briefing/evidence.py", "build_evidence"),
    "write: HTML translation (write_doc)": ("sphinx/builders/html/__init__.py", "write_doc"),
    "  search index (index_page)": ("sphinx/builders/html/__init__.py", "index_page"),
    "  page templates (handle_page)": ("sphinx/builders/html/__init__.py", "handle_page"),
    "claims.json (write_json)": ("briefing/output.py", "write_json"),
    "pickling (pickle.dump)": ("~", "<built-in method _pickle.dump>"),
}


def profile(project: Path, out: Path, stats: Path) -> pstats.Stats:
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([PY, "-m", "cProfile", "-o", str(stats), "-m", "sphinx", "-q", "-b", "html", "-c", str(project),
                    "--jobs", "1", str(project / "book"), str(out)], check=True, capture_output=True)
    return pstats.Stats(str(stats))


def _name(key: tuple[str, int, str]) -> str:
    path, line, func = key
    for marker in ("site-packages/", "/briefing/"):
        if marker in path:
            path = ("briefing/" if marker == "/briefing/" else "") + path.split(marker, 1)[1]
            break
    return f"{path}:{line}({func})" if path != "~" else func


def phases(stats: pstats.Stats) -> dict[str, float]:
    out = dict.fromkeys(PHASES, 0.0)
    for (path, _, func), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        for label, (ending, name) in PHASES.items():
            if func == name and path.replace("\\", "/").endswith(ending):
                out[label] += cum
    return out


def self_times(stats: pstats.Stats) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        out[_name(key)] = out.get(_name(key), 0.0) + tottime
    return out


def compare(title: str, a: pstats.Stats, b: pstats.Stats, top: int = 15) -> list[str]:
    pa, pb = phases(a), phases(b)
    lines = [f"### {title}", "", "| phase (cumulative, profiled s) | slots | plain | extra |", "|---|---|---|---|"]
    lines += [f"| {label.replace('  ', '&nbsp;&nbsp;')} | {pa[label]:.2f} | {pb[label]:.2f} | "
              f"{pa[label] - pb[label]:+.2f} |" for label in PHASES if pa[label] or pb[label]]
    sa, sb = self_times(a), self_times(b)
    extra = sorted(((sa.get(k, 0) - sb.get(k, 0), k) for k in sa), reverse=True)[:top]
    total = sum(sa.values()) - sum(sb.values())
    lines += ["", f"Extra self time, top {top} functions (of {total:.1f} profiled s in all):", "",
              "| extra s | function |", "|---|---|"]
    lines += [f"| {seconds:.2f} | `{name}` |" for seconds, name in extra]
    return lines + [""]


def where_time_goes(work: Path, real: Path, plain: Path) -> list[str]:
    lines = [__doc__.split("\n\n", 1)[1].strip(), ""]
    pairs = [("10,000-claim synthetic book", work / "synthetic-10000", work / "synthetic-10000-plain"),
             ("The real book", real, plain)]
    for title, a, b in pairs:
        if not a.exists():
            continue
        sa = profile(a, work / "prof-a", work / "a.prof")
        sb = profile(b, work / "prof-b", work / "b.prof")
        lines += compare(title, sa, sb)
    return lines
