"""The site's search index, adjusted (Sphinx 9.0's HTML search).

Each item names the Sphinx behaviour it works around; check them when
Sphinx is upgraded (constraints.txt pins 9.0.4).

* **One stemming memo per build.** Sphinx memoises the stemmer per page
  (``IndexBuilder.feed``); the register and the evidence list repeat every
  claim's words, so one memo for the whole build makes them cheap to index.
  The index is the same.
* **Names with or without their accents.** Sphinx's English stemmer keeps
  accented letters, so "Ulutas" and "Ulutaş" found different pages. Every
  word is folded to plain letters before it is stemmed (:func:`fold`:
  "Ulutaş", "Prishtinë", "Zvečan" are indexed as "ulutas", "prishtine",
  "zvecan"), and ``briefing/static/briefing.js`` folds the reader's query the
  same way before Sphinx's search stems it.
* **Index entries of the pages not rewritten.** Sphinx's ``IndexBuilder``
  (``sphinx/search/__init__.py``) collects index entries (the glossary's
  terms, the book's index) only from the pages it writes in this build, and
  its saved index keeps none for the others: an incremental build would
  lose them. :func:`restore_index_entries` reads them back from the saved
  ``searchindex.js`` (``write-started``, :mod:`briefing.freshness`).
* **Words with no page.** When a page is removed, Sphinx keeps its words in
  the saved index with an empty list of pages; :func:`drop_empty_terms`
  drops them once the index is written.
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index

from briefing.files import write_atomic

#: Letters that Unicode does not decompose into a plain letter and a mark
#: (briefing.js holds the same table).
LETTERS = str.maketrans({"ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                         "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def fold(word: str) -> str:
    """The word in plain letters: accents and other marks dropped."""
    decomposed = unicodedata.normalize("NFKD", word.translate(LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folding_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give the build's indexer one memoised stemmer that folds first."""
    lang = getattr(getattr(app.builder, "indexer", None), "lang", None)
    stem = getattr(lang, "stem", None)
    if lang is not None and stem is not None and not hasattr(stem, "cache_info"):
        lang.stem = functools.lru_cache(maxsize=None)(lambda word: stem(fold(word)))


def _saved_index(path: Path, env: BuildEnvironment) -> dict[str, Any] | None:
    try:
        frozen = js_index.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return frozen if isinstance(frozen, dict) and frozen.get("envversion") == env.version else None


def restore_index_entries(index: Path, env: BuildEnvironment) -> None:
    """Give Sphinx's indexer back the index entries of every page, from the saved index."""
    frozen = _saved_index(index, env) or {"docnames": [], "indexentries": {}}
    names = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {}
    for entry, uses in sorted(frozen.get("indexentries", {}).items()):
        for doc, target, main in uses:
            restored.setdefault(names[doc], []).append((entry, target, "main" if main else ""))
    # Sphinx's IndexBuilder reads and writes this dict; in document order, as a clean build feeds it
    entries = getattr(env, "_search_index_index_entries", None)
    if entries is None:  # a Sphinx that keeps them elsewhere
        return
    entries.clear()
    entries.update((doc, restored.get(doc, [])) for doc in sorted(env.all_docs))


def drop_empty_terms(path: Path) -> None:
    """Words whose pages are all gone stay in Sphinx's index with no page."""
    try:
        frozen = js_index.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    empty = [(kind, word) for kind in ("terms", "titleterms") for word, docs in frozen.get(kind, {}).items()
             if docs == []]
    for kind, word in empty:
        del frozen[kind][word]
    if empty:
        write_atomic(path, js_index.dumps(frozen))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", folding_stems)
