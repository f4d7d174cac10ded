"""The site's search index, adjusted (Sphinx 9.0's HTML search).

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
"""
from __future__ import annotations

import functools
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx

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


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", folding_stems)
