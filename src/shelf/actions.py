"""Action items across every post-mortem on a shelf: one row per item, naming its incident and
its file, open and overdue first, filtered by owner, status, priority and words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from postmortem.shelf.entry import ActionRecord, Entry

PRIORITIES = ("High", "Medium", "Low")
STATUSES = ("Open", "In Progress", "Completed", "Verified")
# What status:WORD may say, besides a status itself: any that is not done, overdue, or done.
STATUS_GROUPS = ("open", "overdue", "done")
FILTER_HELP = "words owner:NAME status:open|overdue|done priority:high|medium|low"
_TERM = re.compile(r'(\w+):(?:"([^"]*)"?|(\S*))|(\S+)')


@dataclass(frozen=True)
class ActionRow:
    """One action item, with the post-mortem it belongs to."""

    entry: Entry
    item: ActionRecord

    @cached_property
    def haystack(self) -> str:
        """Its words, casefolded, for the filter's words (worked out when first asked)."""
        entry, item = self.entry, self.item
        return " ".join((entry.incident_id, entry.title, entry.path, item.item_id,
                         item.description, item.owner)).casefold()

    @property
    def incident_id(self) -> str:
        return self.entry.incident_id

    @property
    def path(self) -> str:
        return self.entry.path

    def is_overdue(self, today: dt.date) -> bool:
        return self.item.is_overdue(today)


def action_rows(entries: Iterable[Entry]) -> list[ActionRow]:
    return [ActionRow(entry, item) for entry in entries for item in entry.actions]


def follow_up_key(row: ActionRow, today: str) -> tuple[int, str, str, str, int]:
    """Overdue first, then the rest that are open, then those done; each by due date (none
    last), then incident and item. today is YYYY-MM-DD."""
    item = row.item
    group = 0 if item.overdue_on(today) else 2 if item.is_done else 1
    return (group, item.due or "9999", row.entry.incident_id, row.entry.path,
            _number(item.item_id))


def _number(item_id: str) -> int:
    digits = item_id.rpartition("-")[2]
    return int(digits) if digits.isdigit() else 0


def in_follow_up_order(rows: Iterable[ActionRow], today: dt.date) -> list[ActionRow]:
    day = today.isoformat()
    return sorted(rows, key=lambda row: follow_up_key(row, day))


@dataclass(frozen=True)
class ActionFilter:
    """Which rows to keep: each part that is set must hold."""

    owner: str = ""  # a part of the owner's name, any case
    status: str = ""  # a status, or one of STATUS_GROUPS
    priority: str = ""
    words: tuple[str, ...] = ()  # each in the incident, title, file, description or owner

    def keeps(self, row: ActionRow, today: dt.date) -> bool:
        item = row.item
        if self.owner and self.owner.casefold() not in item.owner.casefold():
            return False
        if self.priority and item.priority != self.priority:
            return False
        if self.status and not _status_holds(self.status, item, today):
            return False
        return all(word in row.haystack for word in self.words)

    def apply(self, rows: Iterable[ActionRow], today: dt.date) -> list[ActionRow]:
        if self == ActionFilter():
            return list(rows)  # nothing to check
        return [row for row in rows if self.keeps(row, today)]


def _status_holds(status: str, item: ActionRecord, today: dt.date) -> bool:
    if status == "open":
        return not item.is_done
    if status == "overdue":
        return item.is_overdue(today)
    if status == "done":
        return item.is_done
    return item.status == status


class FilterError(ValueError):
    """A filter that names no status or priority there is."""


def parse_filter(text: str) -> ActionFilter:
    """"owner:sam status:open priority:high disk" -> its filter; FilterError says what is
    wrong with a status or priority (a partial one, as typed, is completed: status:ov)."""
    owner = status = priority = ""
    words: list[str] = []
    for name, quoted, bare, word in _TERM.findall(text):
        value = quoted or bare
        key = name.casefold()
        if word or not value and key not in ("owner", "status", "priority"):
            words.append((word or f"{name}:").casefold())
        elif key == "owner":
            owner = value
        elif key == "status":
            status = status_named(value)
        elif key in ("priority", "prio"):
            priority = priority_named(value)
        else:
            words.append(f"{name}:{value}".casefold())
    return ActionFilter(owner, status, priority, tuple(words))


def status_named(text: str) -> str:
    """The status (or group) text starts: "in" -> "In Progress", "over" -> "overdue"."""
    return _named(text, (*STATUS_GROUPS, *STATUSES), "status",
                  "open, overdue, done, in progress, completed or verified")


def priority_named(text: str) -> str:
    return _named(text, PRIORITIES, "priority", "high, medium or low")


def _named(text: str, choices: tuple[str, ...], what: str, listed: str) -> str:
    wanted = _letters(text)
    if not wanted:
        return ""
    for choice in choices:
        if _letters(choice).startswith(wanted):
            return choice
    raise FilterError(f"no {what} {text!r}: use {listed}")


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())
