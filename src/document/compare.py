"""What differs between two versions of a document, said in a few short lines for a person."""

from __future__ import annotations

from collections import Counter
from typing import Any

from postmortem.document.model import Document
from postmortem.document.outline import PARTS, Body
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


# --- section by section, for `postmortem diff` ---------------------------------------------------
# Rows are matched by what identifies them, not by position: a timeline row by its time, an
# action item by its ID, a list item by its text, a link by its address. So one row added at
# the top is one change, not a change to every row below it. Each is one pass (linear).

Change = tuple[str, str]  # the section's key, one line about what changed


def section_changes(before: Document, after: Document) -> list[tuple[str, list[str]]]:
    """What changed, section by section in the standard's order: each section's heading and
    its lines (empty when the documents are the same)."""
    from postmortem.document.review.finding import section_of

    changes: list[Change] = []
    changes += _timeline_changes(before, after)
    changes += _action_changes(before, after)
    changes += _list_changes(before, after)
    old = flatten(before.model_dump(mode="json", exclude=_MATCHED))
    new = flatten(after.model_dump(mode="json", exclude=_MATCHED))
    for path in [*new, *(path for path in old if path not in new)]:
        if _plain(old.get(path)) != _plain(new.get(path)) and path[0] not in _BOOKKEEPING:
            dotted = ".".join(str(part) for part in path)
            changes.append((section_of(dotted), _said(_named(dotted), old.get(path),
                                                      new.get(path))))
    return [(section.heading, lines) for section in SECTIONS
            if (lines := [line for key, line in changes if key == section.key])]


def _named(dotted: str) -> str:
    from postmortem.document.review.finding import field_name

    if dotted.startswith("extras."):
        return "text kept from the import"
    if dotted.startswith("stated_times.") and dotted.endswith(".note"):
        return f"{field_name(dotted.removesuffix('.note'))} note"
    return field_name(dotted.removesuffix(".value"))


def _said(name: str, before: Any, after: Any) -> str:
    old = "" if before in (None, []) else str(before)
    new = "" if after in (None, []) else str(after)
    if not old:
        return f"{name}: added {shorten(new)}"
    if not new:
        return f"{name}: emptied (was {shorten(old)})"
    return f"{name}: {shorten(old)} → {shorten(new)}"


def _timeline_changes(before: Document, after: Document) -> list[Change]:
    from postmortem.document.outline import TIMELINE_TABLE

    old = _by_key(before.timeline, lambda event: event.time)
    new = _by_key(after.timeline, lambda event: event.time)
    lines: list[str] = []
    for key in sorted(old.keys() | new.keys()):
        olds, news = old.get(key, []), new.get(key, [])
        when = f"{key:%Y-%m-%d %H:%M}"
        for was, now in zip(olds, news, strict=False):
            for name in ("event", "actions"):
                if getattr(was, name) != getattr(now, name):
                    column = TIMELINE_TABLE.column(name).name
                    lines.append(_said(f"{when} {column}", getattr(was, name),
                                       getattr(now, name)))
            if was.milestone != now.milestone:
                lines.append(f"{when} milestone: {_milestone(was.milestone)} → "
                             f"{_milestone(now.milestone)}")
        lines += [f"+ {when} {shorten(event.event)}" for event in news[len(olds):]]
        lines += [f"- {when} {shorten(event.event)}" for event in olds[len(news):]]
    return [("timeline", line) for line in lines]


def _milestone(milestone: Any) -> str:
    return milestone.label if milestone is not None else "none"


def _action_changes(before: Document, after: Document) -> list[Change]:
    from postmortem.document.outline import ACTION_TABLE

    old = {item.id: item for item in before.action_items}
    new = {item.id: item for item in after.action_items}
    lines: list[str] = []
    for item in after.action_items:
        was = old.get(item.id)
        if was is None:
            lines.append(f"+ {item.id} {shorten(item.description)}")
            continue
        for column in ACTION_TABLE.columns[1:]:
            then, now = getattr(was, column.field), getattr(item, column.field)
            if then != now:
                lines.append(_said(f"{item.id} {column.name}", then, now))
    lines += [f"- {item.id} {shorten(item.description)}" for item in before.action_items
              if item.id not in new]
    return [("action_items", line) for line in lines]


def _list_changes(before: Document, after: Document) -> list[Change]:
    from postmortem.document.outline import value_at
    from postmortem.document.review.finding import section_of

    lines: list[Change] = []
    for path in _ITEM_LISTS:
        old_items, new_items = value_at(before, path), value_at(after, path)
        name, section = _named(path), section_of(path)
        relabelled = _relabelled(old_items, new_items)
        lines += [(section, f"{name}: {line}") for line in relabelled.values()]
        old = [_item(item) for item in old_items if _url(item) not in relabelled]
        new = [_item(item) for item in new_items if _url(item) not in relabelled]
        gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
        lines += [(section, f"{name}: + {shorten(item)}") for item in _each(new, came)]
        lines += [(section, f"{name}: - {shorten(item)}") for item in _each(old, gone)]
        if not gone and not came and old != new:
            lines.append((section, f"{name}: the same items, in another order"))
    return lines


def _each(items: list[str], counts: Counter[str]) -> list[str]:
    """The items counted, in their order, each as many times as counted."""
    left = Counter(counts)
    found = []
    for item in items:
        if left[item] > 0:
            left[item] -= 1
            found.append(item)
    return found


def _url(item: Any) -> str:
    return item if isinstance(item, str) else str(item.url)


def _relabelled(old: list[Any], new: list[Any]) -> dict[str, str]:
    """Links to the same address under another label: the address, and a line about it."""
    before = {item.url: item.label for item in old if not isinstance(item, str)}
    changed = {}
    for item in new:
        if not isinstance(item, str) and item.url in before and before[item.url] != item.label:
            changed[item.url] = _said(f"label of {shorten(item.url)}", before[item.url],
                                      item.label)
    return changed


def _item(item: Any) -> str:
    """A list item's text, or a link as its label and address."""
    return item if isinstance(item, str) else f"[{item.label}]({item.url})"


def _by_key(rows: list[Any], key: Any) -> dict[Any, list[Any]]:
    found: dict[Any, list[Any]] = {}
    for row in rows:
        found.setdefault(key(row), []).append(row)
    return found


def _matched() -> dict[str, Any]:
    """What model_dump leaves out for the matching above: the two tables and the lists."""
    left_out: dict[str, Any] = {"timeline": True, "action_items": True}
    for path in _ITEM_LISTS:
        owner, name = path.split(".")
        left_out.setdefault(owner, set()).add(name)
    return left_out


_ITEM_LISTS = tuple(part.key for part in PARTS if part.body in (Body.LIST, Body.LINKS))
_MATCHED = _matched()
_BOOKKEEPING = ("last_action_number", "schema_version")
