"""One registry of warning subtypes (briefing/subtypes.py): the code gives
no other, and the editors' guide's table lists exactly them."""
from __future__ import annotations

import re
from pathlib import Path

from briefing.subtypes import SUBTYPES

ROOT = Path(__file__).resolve().parent.parent
#: How the code names a subtype: a logging call, a problem tuple, a bibcheck Problem.
PATTERNS = [r'subtype="([a-z_]+)"', r'append\(\("([a-z_]+)",', r'yield "([a-z_]+)",', r'"(bib(?:_[a-z]+)?|uncited)"\)',
            r'subtype: str = "([a-z_]+)"']


def code_subtypes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "briefing").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found.update(re.findall(pattern, text))
    return found


def test_the_code_gives_only_registered_subtypes() -> None:
    found = code_subtypes()
    assert len(found) > 25
    assert found - set(SUBTYPES) == set()


def test_the_editors_guide_lists_exactly_the_registered_subtypes() -> None:
    guide = (ROOT / "book" / "editors.md").read_text(encoding="utf-8")
    table = guide[guide.index("| in brackets | what to do |"):]
    table = table[:table.index("\n\n")]
    listed = re.findall(r"`claims\.([a-z_]+)`", table)
    assert sorted(listed) == sorted(SUBTYPES), set(listed) ^ set(SUBTYPES)
