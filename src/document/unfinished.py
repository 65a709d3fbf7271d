"""Typing that is not in the document yet: an editor dialog still open, or a draft kept when
one was closed without saving. It is kept with the recovery copy, so that a dropped link or a
crash loses none of it, and handed back to the table or list it belongs to on the next start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NEW = "add"  # what a draft of a row or item not added yet edits


@dataclass(frozen=True)
class Unfinished:
    """One piece of unfinished typing."""

    where: str  # the widget it belongs to, by a name that outlives the run ("timeline")
    edits: str  # what it edits: NEW, or the values of the row or item it started from
    values: tuple[str, ...]  # the fields as typed
    describe: str  # for a person: 'timeline row "14:20 db failover started"'

    def as_data(self) -> dict[str, Any]:
        return {"where": self.where, "edits": self.edits, "values": list(self.values),
                "describe": self.describe}

    @classmethod
    def from_data(cls, data: Any) -> Unfinished | None:
        """One read back from a recovery copy; None for anything malformed (it is hostile)."""
        if not isinstance(data, dict):
            return None
        values = data.get("values")
        fields = (data.get("where"), data.get("edits"), data.get("describe"))
        if not all(isinstance(value, str) for value in fields) or not isinstance(values, list):
            return None
        if not all(isinstance(value, str) for value in values):
            return None
        where, edits, describe = fields
        return cls(str(where), str(edits), tuple(values), str(describe))


def read_all(data: Any) -> list[Unfinished]:
    """The unfinished typing in a recovery copy's plain data (malformed entries left out)."""
    if not isinstance(data, list):
        return []
    found = (Unfinished.from_data(item) for item in data)
    return [item for item in found if item is not None]


def describe_row(kind: str, values: tuple[str, ...]) -> str:
    """'timeline row "14:20 db failover started"': the first words typed, for a person."""
    text = " ".join(value for value in values if value.strip())
    return f'{kind} "{text[:60]}"' if text else kind


def edits_of(values: tuple[str, ...] | None) -> str:
    """What a draft edits, as Unfinished keeps it: NEW, or the values it started from."""
    return NEW if values is None else "\x1f".join(values)
