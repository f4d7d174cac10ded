"""Synthetic briefing books, and plain copies of a book, for the benchmark.

* :func:`synthetic_book` writes a project laid out like the real one
  (``conf.py``, ``references.bib``, ``book/``), with N chapters and claims of
  mixed statuses over a small .bib, a register, an evidence list and a
  bibliography. It uses the real ``conf.py``, with Sphinx's basic theme
  (:data:`SYNTHETIC_CONF` says why).
* :func:`plain_copy` copies a project and replaces every claim slot by its
  text followed by a ``{cite:p}`` of its sources (and each ``claims-data``
  table by a ``list-table`` of the same rows, cited the same way), so the
  copy builds the same prose and citations without the claims machinery.
* :func:`snapshot` copies the real project (with ``briefing/`` beside
  ``conf.py``, which imports it from there), so edits made to the working
  tree during a benchmark do not change what is measured.

Command line: ``python benchmarks/synth.py DEST --claims 1000 [--plain]``.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from briefing.datafile import load_entries
from briefing.directives import read_value, source_keys

ROOT = Path(__file__).resolve().parent.parent
STATUS_MIX = (("verified", 50), ("disputed", 10), ("sourced", 25), ("unsourced", 15))

#: A small bibliography (kept to the house rules: a kind, a urldate beside
#: each url): institutions and persons, two works sharing author and year
#: (labels with letters).
BIB = r"""
@online{nato-2023a, author = {{NATO}}, title = {{NATO's role in Kosovo}}, year = {2023}, url = {https://example.org/nato/role}, urldate = {2026-11-01}, kind = {official}}
@online{nato-2023b, author = {{NATO}}, title = {{KFOR: key facts and figures}}, year = {2023}, url = {https://example.org/nato/facts}, urldate = {2026-11-01}, kind = {official}}
@online{kfor-history, author = {{KFOR}}, title = {{History of the mission}}, year = {2024}, url = {https://example.org/kfor/history}, urldate = {2026-11-01}, kind = {official}}
@misc{unscr-1244, author = {{United Nations Security Council}}, title = {{Resolution 1244 (1999)}}, year = {1999}, howpublished = {S/RES/1244}, kind = {official}}
@online{un-press-1999, author = {{United Nations}}, title = {{Security Council authorizes international presences}}, year = {1999}, url = {https://example.org/un/sc6686}, urldate = {2026-11-02}, kind = {official}}
@online{eulex-2022, author = {{EULEX}}, title = {{About the mission}}, year = {2022}, url = {https://example.org/eulex}, urldate = {2026-11-02}, kind = {official}}
@online{osce-2021, author = {{OSCE Mission in Kosovo}}, title = {{Community rights}}, year = {2021}, url = {https://example.org/osce}, urldate = {2026-11-02}, kind = {official}}
@book{judah-2008, author = {Judah, Tim}, title = {Kosovo: What Everyone Needs to Know}, publisher = {Oxford University Press}, year = {2008}, kind = {scholarly}}
@book{malcolm-1998, author = {Malcolm, Noel}, title = {Kosovo: A Short History}, publisher = {Macmillan}, address = {London}, year = {1998}, kind = {scholarly}}
@article{smith-jones-2015, author = {Smith, Anna and Jones, Ben}, title = {Peacekeeping after 1999}, journal = {Journal of Peace Studies}, volume = {12}, number = {3}, pages = {45--67}, year = {2015}, kind = {scholarly}}
@article{lee-2019, author = {Lee, Chris and Park, Dana and Novak, Eva}, title = {Force rotations in the Balkans}, journal = {Security Review}, volume = {8}, pages = {1--20}, year = {2019}, kind = {scholarly}}
@techreport{sipri-2020, author = {{SIPRI}}, title = {Multilateral peace operations 2020}, institution = {SIPRI}, year = {2020}, kind = {scholarly}}
@online{us-army-2018, author = {{US Army Europe}}, title = {{KFOR rotation}}, year = {2018}, url = {https://example.org/usarmy}, urldate = {2026-11-03}, kind = {official}}
@online{bundeswehr-2017, author = {{Bundeswehr}}, title = {{Einsatz im Kosovo}}, year = {2017}, url = {https://example.org/bw}, urldate = {2026-11-03}, kind = {official}}
@online{italy-2016, author = {{Ministero della Difesa}}, title = {{Operazione Joint Enterprise}}, year = {2016}, url = {https://example.org/it}, urldate = {2026-11-03}, kind = {official}}
@article{gashi-2012, author = {Gashi, Arben}, title = {The north after 2008}, journal = {Balkan Studies}, volume = {4}, pages = {101--130}, year = {2012}, kind = {scholarly}}
@book{weller-2009, author = {Weller, Marc}, title = {Contested Statehood}, publisher = {Oxford University Press}, year = {2009}, kind = {scholarly}}
@online{icj-2010, author = {{International Court of Justice}}, title = {{Advisory opinion on Kosovo}}, year = {2010}, url = {https://example.org/icj}, urldate = {2026-11-04}, kind = {official}}
@online{nato-summit-2024, author = {{NATO}}, title = {{Washington Summit Declaration}}, year = {2024}, url = {https://example.org/nato/summit}, urldate = {2026-11-04}, kind = {official}}
@online{nato-2024b, author = {{NATO}}, title = {{KFOR reserve forces deployed}}, year = {2024}, url = {https://example.org/nato/reserve}, urldate = {2026-11-04}, kind = {official}}
"""
#: Appended to the real conf.py. sphinx-book-theme draws the whole book's
#: navigation on every page (time grows with chapters squared: about 17 s of
#: a 200-chapter build, with or without claims), which would hide what the
#: claims cost; Sphinx's basic theme does not.
SYNTHETIC_CONF = """
# -- Synthetic book (benchmarks/synth.py) ----------------------------------------
html_theme = "basic"
html_theme_options = {}
"""
KEYS = re.findall(r"@\w+\{([^,]+),", BIB)

WORDS = ("force troops mission mandate resolution brigade sector camp patrol border north south "
         "municipality rotation contingent reserve agreement dialogue security presence liaison "
         "headquarters command report assessment deployment transition police court").split()


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + f" in {rng.randint(1999, 2026)}."


def _claim(rng: random.Random, claim_id: str, cited: list[int]) -> str:
    """One slot; ``cited`` counts sourced slots, whose keys go round the .bib
    (so even a small book cites every entry, as the house rules want)."""
    status = rng.choices([s for s, _ in STATUS_MIX], weights=[w for _, w in STATUS_MIX])[0]
    keys = []
    if status != "unsourced":
        keys = [KEYS[(cited[0] + 7 * j) % len(KEYS)] for j in range(rng.choice((1, 1, 1, 2, 3)))]
        cited[0] += 1
    lines = [f"```{{claim}} {claim_id}", f":status: {status}"]
    if keys:
        lines.append(f":sources: {', '.join(keys)}")
    if status in ("verified", "disputed"):
        lines += [f":quote: '{_sentence(rng, 20)}'", f":locator: 'page {rng.randint(1, 300)}, paragraph 2'",
                  f":checked: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"]
    text = [_sentence(rng), _sentence(rng, 10)]
    if status == "disputed":
        lines += [f":note: 'The source gives another year: {_sentence(rng, 12)}'",
                  ":recheck: '2026-11-20, second reader: confirmed.'"]
        text[1] = "**Correction:** " + text[1]
    elif status != "verified":
        text[1] = "**Not confirmed:** " + text[1]
    return "\n".join(lines + text + ["```"])


def synthetic_book(dest: Path, claims: int, chapters: int = 200, seed: int = 1) -> Path:
    """A project in ``dest`` (``conf.py``, ``references.bib``, ``book/``) with
    ``claims`` claim slots spread over ``chapters`` chapters."""
    rng = random.Random(seed)
    book = dest / "book"
    book.mkdir(parents=True)
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(SYNTHETIC_CONF)
    shutil.copytree(ROOT / "briefing", dest / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "book" / "_static", book / "_static")
    (dest / "references.bib").write_text(BIB.lstrip(), encoding="utf-8")
    names = [f"ch{i:03d}" for i in range(1, chapters + 1)]
    (book / "index.md").write_text(
        "# Synthetic briefing\n\nA generated book for the benchmark.\n\n"
        "```{toctree}\n:numbered:\n:caption: Briefing\n:hidden:\n\n" + "\n".join(names) + "\n```\n\n"
        "```{toctree}\n:caption: Reference\n:hidden:\n\nregister\nevidence\nreferences\n```\n",
        encoding="utf-8")
    (book / "register.md").write_text("# Claims register\n\n```{claims-register}\n```\n", encoding="utf-8")
    (book / "evidence.md").write_text("# Evidence\n\n```{claims-evidence}\n```\n", encoding="utf-8")
    (book / "references.md").write_text("# Bibliography\n\n```{bibliography}\n```\n", encoding="utf-8")
    base, extra = divmod(claims, chapters)
    cited = [0]
    for c, name in enumerate(names):
        count = base + (1 if c < extra else 0)
        parts = [f"# Chapter {c + 1}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                 f"**Bottom line up front.** {_sentence(rng)} {_sentence(rng)}"]
        for i in range(count):
            if i % 5 == 0:
                parts.append(f"## Section {i // 5 + 1}")
                parts.append(f"{_sentence(rng)} {_sentence(rng)} {{cite:p}}`{rng.choice(KEYS)}`")
            parts.append(_claim(rng, f"c{c + 1}-{i + 1}", cited))
        (book / f"{name}.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return dest


def snapshot(dest: Path) -> Path:
    """A copy of the real project: conf.py, references.bib, book/ and briefing/."""
    dest.mkdir(parents=True)
    for name in ("conf.py", "references.bib"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("book", "briefing"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    return dest


def floor(dest: Path) -> Path:
    """The *floor*: the real conf.py, .bib, extensions and theme on a one-page book."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    shutil.copy2(ROOT / "references.bib", dest / "references.bib")
    shutil.copytree(ROOT / "briefing", dest / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "book" / "_static", dest / "book" / "_static")
    (dest / "book" / "index.md").write_text("# Floor\n\nOne page, no claims.\n", encoding="utf-8")
    _no_claims(dest)
    return dest


def _no_claims(project: Path) -> None:
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\n# Benchmark copy (benchmarks/synth.py): no slot cites a source, by design.\n"
                   "suppress_warnings = [*globals().get('suppress_warnings', []), 'claims.uncited']\n")


# -- plain copies --------------------------------------------------------------------

FENCE = re.compile(r"^(`{3,}|:{3,})(\{?)([\w-]*)\}?\s*(.*)$")
OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")
#: a reference to a claim made elsewhere (not one written as an example in inline code)
CLAIM_REF = re.compile(r"(?<!`` )\{claim-ref\}`[^`]*`")


def _cite(text: str, keys: list[str]) -> str:
    return f"{text} {{cite:p}}`{','.join(keys)}`" if keys else text


def plain_markdown(text: str, folder: Path) -> str:
    """``text`` with each top-level claim block replaced by its text and a
    ``{cite:p}`` of its sources, and each ``claims-data`` table by a
    ``list-table`` (``folder``: where the data paths are relative to)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            out.append(CLAIM_REF.sub("", lines[i]))  # the plain copy has no claims to refer to
            i += 1
            continue
        fence, brace, name, argument = m.groups()
        end = next(j for j in range(i + 1, len(lines)) if lines[j].rstrip() == fence)
        block = lines[i + 1:end]
        options: dict[str, str] = {}
        while block and OPTION.match(block[0]):
            key, value = OPTION.match(block[0]).groups()
            options[key] = read_value(value.strip())[0]  # as the claim directive reads it
            block = block[1:]
        if name == "claim":
            body = "\n".join(block).strip()
            out.append(_cite(body, source_keys(options.get("sources", ""))))
        elif name == "claims-data" and options.get("show", "table") == "table":
            out.append(_data_table(folder / argument.strip(), options.get("columns", "date")))
        elif brace:  # another directive: its content may hold claims
            out += [lines[i], plain_markdown("\n".join(lines[i + 1:end]), folder), lines[end]]
        else:  # code: kept as written
            out.extend(lines[i:end + 1])
        i = end + 1
    return "\n".join(out)


def _data_table(path: Path, columns: str) -> str:
    names = [c.strip() for c in columns.split(",") if c.strip()]
    rows = [[n.capitalize() for n in names] + ["Claim"]]
    for _, entry in load_entries(path):
        keys = source_keys(entry.get("sources", ""))
        text = " ".join(str(entry.get("text", "")).split())
        rows.append([str(entry.get(n, "")) or "\u2014" for n in names] + [_cite(text, keys)])
    body = "\n".join("* " + "\n  ".join(f"- {cell}" for cell in row) for row in rows)
    return f"```{{list-table}}\n:header-rows: 1\n:class: longtable\n\n{body}\n```"


def plain_copy(src: Path, dest: Path) -> Path:
    """Copy the project ``src`` to ``dest`` with every claim made plain."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    _no_claims(dest)
    for md in sorted((dest / "book").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        md.write_text(plain_markdown(text, md.parent), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--chapters", type=int, default=200)
    parser.add_argument("--plain", action="store_true", help="also write DEST-plain, the plain copy")
    args = parser.parse_args()
    synthetic_book(args.dest, args.claims, args.chapters)
    if args.plain:
        plain_copy(args.dest, args.dest.with_name(args.dest.name + "-plain"))


if __name__ == "__main__":
    main()
