"""``make claims``: the claims report in the terminal, without a full build.

A builder (``sphinx-build -b claims``) that reads the book, writes nothing
but ``report.txt``, and prints counts per chapter and status and every open
slot as ``file:line``.
"""
from __future__ import annotations

from pathlib import Path
from typing import AbstractSet

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from briefing.book import book
from briefing.files import write_atomic
from briefing.output import source_path
from briefing.references import reference
from briefing.records import GRADES, STATUSES, by_document, counts, grade_counts


def report_text(env: BuildEnvironment, confdir: str | Path) -> str:
    made = book(env)
    claims = made.claims
    chapters = {group[0].chapter: group for group in by_document(claims).values()}
    width = max([len(t) for t in chapters] + [10])
    head = f"{'Chapter':<{width}}  " + "  ".join(f"{s:>13}" for s in STATUSES) + "  total"
    lines = [head, "-" * len(head)]
    for title, group in [*chapters.items(), ("Whole book", claims)]:
        n = counts(group)
        if title == "Whole book":
            lines.append("-" * len(head))
        lines.append(f"{title:<{width}}  " + "  ".join(f"{n[s]:>13}" for s in STATUSES) + f"  {len(group):>5}")
    still_open = [c for c in claims if c.is_open]
    g = grade_counts(claims)
    lines += ["", "Grade of the evidence (checked claims): " + ", ".join(f"{g[x]} {x}" for x in GRADES), "",
              made.summary, ""]
    if still_open:
        lines.append(f"Open slots ({len(still_open)}):")
        for c in still_open:
            cited = "; ".join(reference(env, key).label or key for key in c.keys)
            lines.append(f"{source_path(confdir, c.source)}:{c.line}: {c.id} [{c.open_reason}] {c.short_text}"
                         + (f" ({cited})" if cited else ""))
    else:
        lines.append("No open slots.")
    return "\n".join(lines) + "\n"


class ClaimsReportBuilder(Builder):
    """Reads the book and prints the claims report."""

    name = "claims"
    format = ""
    epilog = ""

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> list[str]:
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree) -> None:
        pass

    def finish(self) -> None:
        text = report_text(self.env, self.confdir)
        write_atomic(Path(self.outdir) / "report.txt", text)
        print(text, end="")


def setup(app: Sphinx) -> None:
    app.add_builder(ClaimsReportBuilder)
