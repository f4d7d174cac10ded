"""Plain-text references for BibTeX keys (tooltips, claims.json, reports)."""
from __future__ import annotations

from pybtex.plugin import find_plugin
from sphinx.environment import BuildEnvironment

_STYLE = find_plugin("pybtex.style.formatting", "plain")()


def reference(env: BuildEnvironment, key: str) -> tuple[str, str]:
    """``(formatted reference, url)`` for a key; ``("", "")`` when unknown."""
    entry = env.get_domain("cite").bibdata.data.entries.get(key)
    if entry is None:
        return "", ""
    text = _STYLE.format_entry(key, entry).text.render_as("text")
    return " ".join(text.split()), entry.fields.get("url", "")
