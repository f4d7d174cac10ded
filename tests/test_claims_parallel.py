"""Parallel builds (``-j 2``) collect each claim once and give the same
register and claims.json as a serial build."""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from sphinx.testing.util import SphinxTestApp

from briefing.store import store
from conftest import ANSI, claims_json, html_page

CHAPTERS = [f"c{n:02d}" for n in range(1, 10)]


def outputs(app: SphinxTestApp) -> dict[str, Any]:
    index = html_page(app, "index")
    return {
        "json": claims_json(app),
        "register": [[td.get_text(" ", strip=True) for td in tr.select("td")] + [tr.get("id")]
                     for tr in index.select("table.claims-coverage tr, table.claims-register tr")],
        "markers": {doc: [(a["href"], a.parent.select_one(".claim-tip").get_text())
                          for a in html_page(app, doc).select("a.claim-marker")] for doc in CHAPTERS},
    }


def read_in_parallel(app: SphinxTestApp) -> bool:
    """Sphinx reports a parallel read in chunks: 'reading sources... [ 50%] c01 .. c05'."""
    return bool(re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", ANSI.sub("", app.status.getvalue())))


def assert_each_claim_once(app: SphinxTestApp) -> None:
    per_doc = store(app.env).records
    assert sorted(per_doc) == CHAPTERS
    assert all(len(records) == 2 for records in per_doc.values()), {d: len(r) for d, r in per_doc.items()}
    ids = [c["id"] for c in claims_json(app)["claims"]]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert ids == [f"{doc}-{n}" for doc in CHAPTERS for n in (1, 2)]


def test_parallel_build_equals_serial_build(make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path) -> None:
    src = rootdir / "test-claims-parallel"
    serial = make_app("html", srcdir=src, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    parallel = make_app("html", srcdir=src, builddir=tmp_path / "parallel", freshenv=True, parallel=2)
    parallel.build()
    assert read_in_parallel(parallel) and not read_in_parallel(serial)
    assert_each_claim_once(parallel)
    assert outputs(parallel) == outputs(serial)
    assert claims_json(parallel)["summary"] == "Draft: 5 of 18 claims verified, 4 disputed, 9 still open"


def test_parallel_rebuild_adds_no_duplicates(make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path],
                                           tmp_path: Path) -> None:
    """Workers start from the parent's environment, which already holds the
    chapters that are not re-read: merging those back would double them."""
    src = copy_root("claims-parallel")
    first = make_app("html", srcdir=src, builddir=tmp_path / "build", freshenv=True)
    first.build()
    expected = outputs(first)
    later = time.time() + 2
    for doc in CHAPTERS[:7]:  # c08 and c09 stay as they are
        os.utime(src / f"{doc}.md", (later, later))
    again = make_app("html", srcdir=src, builddir=tmp_path / "build", parallel=2)
    again.build()
    assert read_in_parallel(again)
    assert_each_claim_once(again)
    assert outputs(again) == expected
