"""Reading a claims data file: a YAML list of entries, every value a string
as written, each entry with its line (for warnings at the entry)."""
from __future__ import annotations

from pathlib import Path

import yaml

FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class DataFileError(ValueError):
    """The data file as a whole cannot be used (``line``: where, in the file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def load_entries(path: Path, problems: list[tuple[int, str]] | None = None) -> list[tuple[int, dict[str, str]]]:
    """``(line, entry)`` pairs; every scalar stays a string, as written.
    A field given twice in an entry keeps its last value and adds
    ``(line, message)`` to ``problems``."""
    text = path.read_text(encoding="utf-8")
    try:  # libyaml when PyYAML has it; its errors are reported by the Python reader, whose wording is clearer
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        root = _compose(text)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError("the file must hold a list of entries ('- id: ...')", root.start_mark.line + 1)
    out = []
    for node in root.value:
        if problems is not None and isinstance(node, yaml.MappingNode):
            problems.extend(_repeated(node))
        entry = _strings(node)
        if not isinstance(entry, dict):
            raise DataFileError("each entry must be a mapping ('id: ...', 'text: ...')", node.start_mark.line + 1)
        if isinstance(entry.get("sources"), list):
            entry["sources"] = ", ".join(entry["sources"])
        out.append((node.start_mark.line + 1, entry))
    return out


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        where = f" ({exc.context} at line {context.line + 1})" if context and exc.problem and context != mark else ""
        raise DataFileError(f"{exc.problem or exc.context}{where}", mark.line + 1 if mark else 1) from exc


def _repeated(node: yaml.MappingNode) -> list[tuple[int, str]]:
    """A field given twice in one entry, at its second line."""
    seen: dict[str, int] = {}
    out = []
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                out.append((key.start_mark.line + 1, f"field {key.value!r} given twice in this entry (first at line "
                                                     f"{seen[key.value]}); only the last value is used"))
            seen.setdefault(key.value, key.start_mark.line + 1)
    return out


def _strings(node: yaml.Node) -> object:
    """A composed node as plain data, every scalar a string (``yaml.BaseLoader``'s reading)."""
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise DataFileError("a key must be a plain name", key.start_mark.line + 1)
            out[key.value] = _strings(value)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_strings(item) for item in node.value]
    return node.value
