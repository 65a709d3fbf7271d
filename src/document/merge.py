"""A three-way merge of two versions of a post-mortem that grew apart from one base.

Two windows on one file, or `postmortem log` appending rows while the app holds unsaved edits,
change different fields most of the time; both sets of changes are kept, and only a field that
both sides changed differently is a conflict. The versions are compared as plain data (the
model dumped as JSON types), field by field:

- a value changed on one side only takes that side's value;
- timeline rows are kept as a collection: each side's added rows are added and each side's
  removed rows removed (an edited row is one removed and one added);
- action items are matched by ID and merged field by field; an item both sides added under the
  same ID keeps both, the second one under a new ID;
- any other list (responders, list items, links, the 5 Whys steps) is one value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postmortem.document.model import Document

Data = dict[str, Any]
ROW_LISTS = frozenset({"timeline"})
KEYED_LISTS = {"action_items": "id"}


@dataclass
class Merged:
    data: Data
    conflicts: list[str] = field(default_factory=list)  # dotted paths both sides changed

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_documents(base: Document, mine: Document, theirs: Document) -> Document | list[str]:
    """The document with both sides' changes to base, or the fields both changed."""
    from postmortem.document.model import Document

    merged = merge(*(version.model_dump(mode="json") for version in (base, mine, theirs)))
    if not merged.clean:
        return merged.conflicts
    return Document.model_validate(merged.data)


def merge(base: Data, mine: Data, theirs: Data) -> Merged:
    """Both sides' changes to base; where both changed one field differently, mine is kept
    and the field's path is listed in conflicts."""
    conflicts: list[str] = []
    data = _merge_dict(base, mine, theirs, "", conflicts)
    data["last_action_number"] = max(int(mine.get("last_action_number", 0)),
                                     int(theirs.get("last_action_number", 0)),
                                     _highest_action_number(data))
    return Merged(data, conflicts)


def _merge_dict(base: Data, mine: Data, theirs: Data, path: str, conflicts: list[str]) -> Data:
    merged: Data = {}
    for key in _ordered_keys(mine, theirs, base):
        where = f"{path}.{key}" if path else key
        merged_value = _merge_value(key, base.get(key), mine.get(key), theirs.get(key), where,
                                    conflicts)
        if merged_value is not _ABSENT:
            merged[key] = merged_value
    return merged


_ABSENT: Any = object()


def _merge_value(key: str, base: Any, mine: Any, theirs: Any, where: str,
                 conflicts: list[str]) -> Any:
    if mine == theirs:
        return _present(mine)
    if mine == base:
        return _present(theirs)
    if theirs == base:
        return _present(mine)
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return _merge_dict(base if isinstance(base, dict) else {}, mine, theirs, where,
                           conflicts)
    if key in ROW_LISTS and isinstance(mine, list) and isinstance(theirs, list):
        return _merge_rows(base if isinstance(base, list) else [], mine, theirs)
    if key in KEYED_LISTS and isinstance(mine, list) and isinstance(theirs, list):
        return _merge_keyed(base if isinstance(base, list) else [], mine, theirs,
                            KEYED_LISTS[key], where, conflicts)
    conflicts.append(where)
    return _present(mine)


def _present(value: Any) -> Any:
    return _ABSENT if value is None else value


def _ordered_keys(*versions: Data) -> list[str]:
    seen: dict[str, None] = {}
    for version in versions:
        seen.update(dict.fromkeys(version))
    return list(seen)


def _merge_rows(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
    """Theirs, less the rows mine removed, plus the rows mine added (as many times as added)."""
    key: Callable[[Any], str] = _row_key
    removed = Counter(map(key, base)) - Counter(map(key, mine))
    added = Counter(map(key, mine)) - Counter(map(key, base))
    result = []
    for row in theirs:
        row_key = key(row)
        if removed[row_key] > 0:
            removed[row_key] -= 1
            continue
        result.append(row)
    for row in mine:
        row_key = key(row)
        if added[row_key] > 0:
            added[row_key] -= 1
            result.append(row)
    return result


def _row_key(row: Any) -> str:
    import json

    return json.dumps(row, sort_keys=True, default=str)


def _merge_keyed(base: list[Data], mine: list[Data], theirs: list[Data], id_key: str,
                 where: str, conflicts: list[str]) -> list[Data]:
    base_by, mine_by, theirs_by = (_by_id(items, id_key) for items in (base, mine, theirs))
    merged: list[Data] = []
    renamed: list[Data] = []
    for item_id in _ordered_keys(theirs_by, mine_by):
        old, ours, other = base_by.get(item_id), mine_by.get(item_id), theirs_by.get(item_id)
        if old is None and ours is not None and other is not None and ours != other:
            merged.append(other)  # both added an item under this ID: keep both
            renamed.append(ours)
            continue
        value = _merge_value(item_id, old, ours, other, f"{where}.{item_id}", conflicts)
        if value is not _ABSENT:
            merged.append(value)
    next_number = max([_number(item.get(id_key)) for item in merged] + [0]) + 1
    for item in renamed:
        merged.append({**item, id_key: f"AI-{next_number}"})
        next_number += 1
    return merged


def _by_id(items: list[Data], id_key: str) -> dict[str, Data]:
    return {str(item.get(id_key)): item for item in items}


def _number(item_id: Any) -> int:
    text = str(item_id or "")
    return int(text[3:]) if text.startswith("AI-") and text[3:].isdigit() else 0


def _highest_action_number(data: Data) -> int:
    items = data.get("action_items") or []
    return max([_number(item.get("id")) for item in items] + [0])


def keep_objects(mine: Document, merged: Document) -> Document:
    """merged, each of its timeline rows and action items that equals one of mine being mine's
    very object: a view's cursor, an open row editor and the undo history name rows by the
    object, and keep naming the same rows after someone else's change is taken in."""
    merged.timeline[:] = _kept(mine.timeline, merged.timeline, _event_key)
    merged.action_items[:] = _kept(mine.action_items, merged.action_items, _item_key)
    return merged


def _kept(mine: list[Any], merged: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    pool: dict[Any, list[Any]] = {}
    for part in reversed(mine):  # popped from the end: the first of equal rows is used first
        pool.setdefault(key(part), []).append(part)
    result = []
    for part in merged:
        same = pool.get(key(part))
        result.append(same.pop() if same and same[-1] == part else part)
    return result


def _event_key(event: Any) -> tuple[Any, ...]:
    return (event.time, event.event, event.actions, event.milestone)


def _item_key(item: Any) -> str:
    return str(item.id)
