"""What the shelf knows of one post-mortem file: a plain, JSON-friendly summary.

An Entry is built from the file once (reading.py) and kept in the index (index.py), so that
opening a shelf of a thousand files reads none of them again unless they changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

DONE_STATUSES = ("Completed", "Verified")


class ActionRecord(NamedTuple):
    """One action item as a file holds it; due is YYYY-MM-DD or empty. (A named tuple: a shelf
    of ten thousand post-mortems holds some forty thousand, made afresh at every start.)"""

    item_id: str
    description: str = ""
    owner: str = ""
    priority: str = "Medium"
    due: str = ""
    status: str = "Open"

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def due_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.due) if self.due else None

    def is_overdue(self, today: dt.date) -> bool:
        return self.overdue_on(today.isoformat())

    def overdue_on(self, today: str) -> bool:
        """is_overdue, today given as YYYY-MM-DD (for many items at once)."""
        return bool(self.due) and self.due < today and self.status not in DONE_STATUSES


@dataclass(frozen=True)
class Entry:
    """One post-mortem on the shelf, or a file that failed to load (error set)."""

    path: str  # relative to the shelf's folder, with forward slashes
    kind: str = "toml"  # "toml" or "markdown"
    incident_id: str = ""
    date: str = ""  # YYYY-MM-DD or empty
    severity: str = ""
    title: str = ""
    review: str = ""  # the review state's label (review.py)
    actions: tuple[ActionRecord, ...] = ()
    responders: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    cause_words: tuple[str, ...] = ()  # the root cause's significant words, for related.py
    linked: tuple[str, ...] = ()  # the URLs its Related Documentation already holds
    error: str = ""  # "LINE: field: what" of a file that did not load (see error_at)

    @property
    def broken(self) -> bool:
        return bool(self.error)

    def error_at(self, shown_path: str) -> str:
        """The load error as FILE:LINE: field: what, FILE written as shown_path."""
        return f"{shown_path}:{self.error}"

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.actions if not item.is_done)

    def overdue_count(self, today: dt.date) -> int:
        day = today.isoformat()
        return sum(1 for item in self.actions if item.overdue_on(day))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path, "kind": self.kind, "id": self.incident_id, "date": self.date,
            "severity": self.severity, "title": self.title, "review": self.review,
            "actions": [[item.item_id, item.description, item.owner, item.priority, item.due,
                         item.status] for item in self.actions],
            "responders": list(self.responders), "systems": list(self.systems),
            "cause_words": list(self.cause_words), "linked": list(self.linked),
        }
        if self.error:
            data["error"] = self.error
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            path=str(data["path"]), kind=str(data.get("kind", "toml")),
            incident_id=str(data.get("id", "")), date=str(data.get("date", "")),
            severity=str(data.get("severity", "")), title=str(data.get("title", "")),
            review=str(data.get("review", "")),
            actions=tuple(ActionRecord(*row) for row in data.get("actions", ())),
            responders=tuple(data.get("responders", ())),
            systems=tuple(data.get("systems", ())),
            cause_words=tuple(data.get("cause_words", ())),
            linked=tuple(data.get("linked", ())),
            error=str(data.get("error", "")),
        )


def broken_entry(path: str, kind: str, error: str) -> Entry:
    """The entry of a file that failed to load: listed with its error, never written."""
    return Entry(path=path, kind=kind, error=error)
