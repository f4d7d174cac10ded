"""The glossary holds every abbreviation the book's own text uses (chapters,
front and back matter, the Summary, captions and data files' text and
labels), and nothing the book does not use."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
#: Fields that hold a source's words or the team's records, not the book's text.
NOT_TEXT = re.compile(r"^\s*:?(quote|locator|recheck|note|sources|id|date|checked|status):")
ABBREVIATION = re.compile(r"(?<![\w/])(?:CC BY|[A-Z][A-Z0-9]+(?:/[A-Z]+)?)(?![\w/])")
ROMAN = re.compile(r"[IVXLC]+")


def glossary_terms() -> set[str]:
    text = (BOOK / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return {line.strip() for line in block.splitlines()[1:] if line and not line[0].isspace()
            and not line.startswith(":")}


TERMS = glossary_terms()


def used_abbreviations() -> dict[str, str]:
    """Each abbreviation of the book's text, with a file that uses it."""
    files = [*BOOK.glob("*.md"), *BOOK.glob("_parts/*.md"), *BOOK.glob("_data/*.yaml")]
    found: dict[str, str] = {}
    for path in sorted(files):
        if path.name in ("glossary.md", "editors.md"):  # the guide is for editors, on the site only
            continue
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        for line in text.splitlines():
            if NOT_TEXT.match(line) or line.lstrip().startswith(("#", "```", ":::")) and path.suffix == ".yaml":
                continue
            for match in ABBREVIATION.finditer(line):
                word = match.group(0)
                if ROMAN.fullmatch(word):
                    continue
                # a term of several words ("JFC Naples") counts where it is written in full
                longer = next((t for t in TERMS if t.startswith(word + " ") and line.startswith(t, match.start())), None)
                found.setdefault(longer or word, path.name)
    return found


def test_every_abbreviation_the_book_uses_is_in_the_glossary() -> None:
    terms = glossary_terms()
    missing = {word: where for word, where in used_abbreviations().items() if word not in terms}
    assert missing == {}, missing


def test_the_glossary_explains_only_what_the_book_uses() -> None:
    used = set(used_abbreviations())
    text = " ".join(p.read_text(encoding="utf-8") for p in BOOK.glob("[01]*.md"))
    # a term the book spells out in full somewhere ("JFC Naples", "UÇK") counts as used
    unused = {t for t in glossary_terms() if t not in used and t not in text}
    assert unused == set(), unused
