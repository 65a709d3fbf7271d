"""What differs between two versions of a document, said in a few short lines for a person."""

from __future__ import annotations

from typing import Any

from postmortem.document.model import Document
from postmortem.document.sections import SECTIONS

SHOWN_CHARS = 48
TOP_LABELS = {section.key: section.heading for section in SECTIONS} | {
    "title": "Title",
    "stated_times": "Stated times",
    "extras": "Imported extras",
    "last_action_number": "Last action number",
    "schema_version": "Schema version",
}


def flatten(value: Any, prefix: tuple[str | int, ...] = ()) -> dict[tuple[str | int, ...], Any]:
    """Every leaf value of a dumped document, keyed by its path."""
    if isinstance(value, dict):
        out: dict[tuple[str | int, ...], Any] = {}
        for key, item in value.items():
            out |= flatten(item, (*prefix, key))
        return out
    if isinstance(value, list) and value:
        out = {}
        for index, item in enumerate(value):
            out |= flatten(item, (*prefix, index))
        return out
    return {prefix: value}


def label(path: tuple[str | int, ...]) -> str:
    """A readable name for a path, e.g. ("timeline", 2, "event") -> "Timeline row 3 › event"."""
    words: list[str] = []
    for part in path:
        if isinstance(part, int):
            words[-1] = f"{words[-1]} row {part + 1}" if words else f"row {part + 1}"
        elif not words:
            words.append(TOP_LABELS.get(part, part.replace("_", " ").capitalize()))
        else:
            words.append(part.replace("_", " "))
    return " › ".join(words)


def shorten(text: str, keep_end: bool = False) -> str:
    text = " ".join(text.split())
    if len(text) <= SHOWN_CHARS:
        return f'"{text}"'
    return f'"…{text[-SHOWN_CHARS:]}"' if keep_end else f'"{text[:SHOWN_CHARS]}…"'


def _plain(value: Any) -> Any:
    """An empty list, a missing value and empty text all mean "nothing here"."""
    return "" if value in (None, []) else value


def describe(path: tuple[str | int, ...], before: Any, after: Any) -> str:
    """One line about one changed value."""
    name = label(path)
    old = "" if before in (None, []) else str(before)
    new = "" if after in (None, []) else str(after)
    if not old:
        return f"{name}: added {shorten(new)}"
    if not new:
        return f"{name}: emptied (was {shorten(old)})"
    if new.startswith(old):
        return f"{name}: {len(new) - len(old)} more characters, ending {shorten(new, True)}"
    if old.startswith(new):
        return f"{name}: {len(old) - len(new)} fewer characters, now ending {shorten(new, True)}"
    return f"{name}: {shorten(old)} → {shorten(new)}"


def count_lines(before: Document, after: Document) -> list[str]:
    """Lines about tables and lists whose number of rows changed."""
    lines = []
    old_dump, new_dump = before.model_dump(), after.model_dump()
    for key in ("timeline", "action_items"):
        old, new = len(old_dump[key]), len(new_dump[key])
        if old != new:
            lines.append(f"{TOP_LABELS[key]}: {old} rows → {new} rows")
    return lines


def differences(before: Document, after: Document, limit: int = 12) -> list[str]:
    """Up to limit lines saying how `after` differs from `before`; empty when they are equal."""
    old = flatten(before.model_dump(mode="json"))
    new = flatten(after.model_dump(mode="json"))
    paths = list(new) + [path for path in old if path not in new]
    changed = [path for path in paths if _plain(old.get(path)) != _plain(new.get(path))]
    lines = count_lines(before, after)
    lines += [describe(path, old.get(path), new.get(path)) for path in changed]
    if len(lines) > limit:
        hidden = len(lines) - (limit - 1)
        lines = lines[: limit - 1] + [f"… and {hidden} more differences"]
    return lines
