"""Editions: issuing one writes its ledger; the next edition's What changed
page lists exactly what moved; numbers once issued stay with their claims."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from briefing import ledger
from conftest import edit, sphinx


def release(src: Path, out: Path, edition: int):
    build = sphinx("html", out, "-D", "claims_release=1", "-D", f"claims_edition={edition}", src=src, conf=src)
    build.check()
    return json.loads((out / "claims.json").read_text(encoding="utf-8"))


def changes_page(out: Path) -> tuple[str, list[tuple[str, list[list[str]]]]]:
    soup = BeautifulSoup((out / "changes.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    tables = []
    for rubric in article.select("p.rubric"):
        table = rubric.find_next("table")
        tables.append((rubric.get_text(strip=True),
                       [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]))
    return article.get_text(" ", strip=True), tables


def test_issue_two_editions(tmp_path: Path, rootdir: Path) -> None:
    src = Path(shutil.copytree(rootdir / "test-editions", tmp_path / "book"))
    first = release(src, tmp_path / "one", 1)
    assert first["edition"] == {"number": 1, "date": "2026-12-02"}
    text, tables = changes_page(tmp_path / "one")
    assert "Edition 1 is the first edition" in text and tables == []

    assert ledger.main(["write", str(tmp_path / "one" / "claims.json"), str(src / "editions")]) == 0
    issued = json.loads((src / "editions" / "1.json").read_text(encoding="utf-8"))
    assert issued["edition"] == 1
    assert [(c["id"], c["number"], c["status"], c["grade"], c["sources"]) for c in issued["claims"]] == [
        ("first-fact", 1, "verified", "official", ["known"]), ("second-fact", 2, "verified", "official", ["known"]),
        ("third-fact", 3, "disputed", "official", ["known"])]

    # the scripted changes: a claim added before the others, one reworded,
    # one correction withdrawn (disputed to verified), one removed
    one = src / "one.md"
    edit(one, "# Chapter one\n", "# Chapter one\n\n```{claim} new-fact\n:status: verified\n:sources: known\n"
                                 ":quote: New.\n:locator: p. 1\n:checked: 2024-05-02\nSomething new.\n```\n")
    edit(one, "It happened again.\n```", "It happened once more.\n```")
    edit(one, ":status: disputed", ":status: verified")
    edit(one, ":note: The source gives a later date.\n**Correction:** it happened late.", "It happened late.")
    text = one.read_text(encoding="utf-8")
    start = text.index("```{claim} first-fact")
    one.write_text(text[:start] + text[text.index("```", start + 3) + 4:], encoding="utf-8")

    second = release(src, tmp_path / "two", 2)
    numbers = {c["id"]: c["number"] for c in second["claims"]}
    assert numbers == {"new-fact": 4, "second-fact": 2, "third-fact": 3}, "issued numbers must not move"
    text, tables = changes_page(tmp_path / "two")
    assert "Edition 2 compared with Edition 1" in text
    assert tables == [
        ("Claims added", [["4", "new-fact", "Something new."]]),
        ("Claims removed", [["1", "first-fact", "It happened."]]),
        ("Corrections withdrawn", [["3", "third-fact", "It happened late."]]),
        ("Claims reworded", [["2", "second-fact", "It happened once more."], ["3", "third-fact", "It happened late."]]),
    ]


def test_an_issued_edition_is_not_changed(tmp_path: Path, rootdir: Path, capsys) -> None:
    """Issuing Edition 1 again after a claim moved is refused (the ledger is
    what readers of Edition 1 hold); issuing it again unchanged is allowed."""
    src = Path(shutil.copytree(rootdir / "test-editions", tmp_path / "book"))
    release(src, tmp_path / "one", 1)
    claims = str(tmp_path / "one" / "claims.json")
    assert ledger.main(["write", claims, str(src / "editions")]) == 0
    issued = (src / "editions" / "1.json").read_text(encoding="utf-8")
    assert ledger.main(["write", claims, str(src / "editions")]) == 0  # the same claims: no harm
    edit(src / "one.md", "It happened again.\n```", "It happened once more.\n```")
    release(src, tmp_path / "again", 1)
    capsys.readouterr()
    assert ledger.main(["write", str(tmp_path / "again" / "claims.json"), str(src / "editions")]) == 1
    err = capsys.readouterr().err
    assert "Edition 1 was issued with other claims (1 differ)" in err and "set claims_edition = 2" in err
    assert (src / "editions" / "1.json").read_text(encoding="utf-8") == issued
