"""The chapters mirror the source article: one file per section, in its order."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

# Written out on purpose: the article's sections, in order, and the chapter
# that restates each one (file, title). Subsections are sections of their chapter.
ARTICLE_TO_CHAPTER = [
    ("Origins and Evolution of Allied Peacekeeping in Kosovo", "01-origins", "Origins and evolution"),
    ("The Role of NATO in the Kosovo Peacekeeping Process", "02-nato-role", "NATO's role"),
    ("Deployment of KFOR and Its Mandates", "03-deployment", "Deployment and mandate"),
    ("Strategic Objectives and Operational Structure", "04-objectives-structure", "Objectives and structure"),
    ("Major Allied Operations and Their Tactics", "05-operations", "Operations and tactics"),
    ("International Collaboration and Multinational Contributions", "06-contributors", "Multinational contributions"),
    ("Challenges Faced During Allied Peacekeeping Missions", "07-challenges", "Challenges"),
    ("Successes and Impact of Allied Operations in Kosovo", "08-successes", "Successes and impact"),
    ("Transition from Peacekeeping to Stability Operations", "09-transition", "From peacekeeping to stability"),
    ("Lessons Learned from Allied Peacekeeping Efforts", "10-lessons", "Lessons learned"),
    ("The Future of Allied Peacekeeping Missions in Kosovo", "11-future", "The future"),
    ("Significance of Allied Peacekeeping in the Broader Context of Military Operations", "12-significance", "Wider significance"),
    ("(closing paragraphs)", "13-conclusion", "Conclusion"),
]
SUBSECTIONS = {
    "07-challenges": ["Political and ethnic tensions", "Security threats and militant activity"],
}
FRONT = ["summary", "00-about", "changes"]
#: the bibliography ends the book; the editors' guide follows on the site only
BACK_LAST = ["references", "editors"]


def headings(path: Path, level: int) -> list[str]:
    mark = "#" * level + " "
    text = re.sub(r"^(```|:::).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    return [line[len(mark):].strip() for line in text.splitlines() if line.startswith(mark)]


def toctree_entries() -> list[str]:
    text = (BOOK / "index.md").read_text(encoding="utf-8")
    entries = []
    for block in re.findall(r"```\{toctree\}\n(.*?)```", text, flags=re.S):
        entries += [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(":")]
    return entries


def test_one_chapter_file_per_article_section_in_order():
    chapter_files = sorted(p.stem for p in BOOK.glob("[0-9][0-9]-*.md") if p.stem not in FRONT)
    assert chapter_files == [slug for _, slug, _ in ARTICLE_TO_CHAPTER]


def test_chapter_titles():
    for _, slug, title in ARTICLE_TO_CHAPTER:
        assert headings(BOOK / f"{slug}.md", 1) == [title], slug


def test_subsections_are_sections_of_their_chapter():
    for slug, subs in SUBSECTIONS.items():
        assert headings(BOOK / f"{slug}.md", 2)[: len(subs)] == subs


def test_article_headings_exist_in_source_order():
    """The mapping's left side really is the article's section list, in order."""
    article = (ROOT.parent / "shared" / "source" / "article.txt")
    if not article.exists():  # a user's clone has no ../shared
        import pytest
        pytest.skip("../shared/source/article.txt is not beside this clone")
    lines = [line.strip() for line in article.read_text(encoding="utf-8").splitlines()]
    positions = [lines.index(section) for section, _, _ in ARTICLE_TO_CHAPTER[:-1]]
    assert positions == sorted(positions)


def test_toctree_order_front_chapters_back():
    entries = toctree_entries()
    slugs = [slug for _, slug, _ in ARTICLE_TO_CHAPTER]
    assert entries[: len(FRONT)] == FRONT
    assert entries[len(FRONT) : len(FRONT) + len(slugs)] == slugs
    assert entries[-2:] == BACK_LAST
