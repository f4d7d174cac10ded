"""The same EPUB bytes for the same commit.

Sphinx's EPUB builder zips its output folder with each file's modification
time (``zipfile.ZipFile.write``), and it rewrites ``content.opf``, ``toc.ncx``
and the navigation page on every run, so two builds of one commit differ in
their zip headers only. With ``SOURCE_DATE_EPOCH`` set (the Makefile sets it
from the last commit), every entry gets that time instead, in the order and
with the compression Sphinx chose (``mimetype`` first, stored), and the file
is replaced whole, never half-written.
"""
from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from sphinx.application import Sphinx


def _epoch() -> tuple[int, int, int, int, int, int] | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value.isdigit():
        return None
    # a zip header holds no date before 1980
    return time.gmtime(max(int(value), 315532800))[:6]


def normalise(path: Path, when: tuple[int, int, int, int, int, int]) -> None:
    """Rewrite the zip at ``path`` with every entry dated ``when``."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(tmp, "w") as new:
            for info in old.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=when)
                fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
                new.writestr(fixed, old.read(info))
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _finished(app: Sphinx, exception: BaseException | None) -> None:
    when = _epoch()
    if exception is not None or when is None or app.builder.name != "epub":
        return
    path = Path(app.builder.outdir) / f"{app.config.epub_basename}.epub"
    if path.is_file():
        normalise(path, when)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _finished)
