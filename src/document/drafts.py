"""What the editor dialogs hand back, and the drafts kept when one closes without saving.

A dialog ends with an edit: valid values to store, or a draft of what was typed. A draft is
kept by what it edits (a timeline row, an action item, or NEW for one not added yet), and the
next edit of the same thing starts from it: nothing typed is lost to escape or to F5/F6.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from postmortem.document.timeparse import format_time
from postmortem.document.vocabulary import Milestone, Priority, Status

if TYPE_CHECKING:  # the model loads after the first frame, which a list's tab key asks about
    from postmortem.document.model import ActionItem, TimelineEvent

NEW = "add"  # the key of the draft of a row or item not added yet


@dataclass(frozen=True)
class EventDraft:
    """A timeline row as typed: its time as text, which may not be valid yet, and its
    milestone's value ("detected"; "" for none)."""

    time: str = ""
    event: str = ""
    actions: str = ""
    milestone: str = ""

    @classmethod
    def of(cls, event: TimelineEvent) -> EventDraft:
        return cls(format_time(event.time), event.event, event.actions,
                   event.milestone.value if event.milestone else "")

    @property
    def empty(self) -> bool:
        return not (self.time.strip() or self.event.strip() or self.actions.strip()
                    or self.milestone)

    def values(self) -> tuple[str, str, str, str]:
        """The fields in order, as unfinished typing keeps them."""
        return (self.time, self.event, self.actions, self.milestone)

    @classmethod
    def from_values(cls, values: tuple[str, ...]) -> EventDraft:
        """A draft read back from unfinished typing (a milestone it does not know is none;
        one kept before the milestone was a field has three values)."""
        time, event, actions, milestone = (list(values) + [""] * 4)[:4]
        return cls(time, event, actions,
                   milestone if milestone in {m.value for m in Milestone} else "")


@dataclass(frozen=True)
class EventEdit:
    """How the timeline dialog ended: with a valid event to store, or with a draft to keep."""

    draft: EventDraft
    event: TimelineEvent | None = None


@dataclass(frozen=True)
class ActionDraft:
    """An action item as typed: its due date as text, which may not be valid yet."""

    description: str = ""
    owner: str = ""
    priority: str = Priority.MEDIUM.value
    due: str = ""
    status: str = Status.OPEN.value
    # The field the cursor was in, where a restored draft resumes; not part of the item.
    focus: str = field(default="", compare=False)

    @classmethod
    def of(cls, item: ActionItem) -> ActionDraft:
        return cls(item.description, item.owner, item.priority.value,
                   item.due.isoformat() if item.due else "", item.status.value)

    def values(self) -> tuple[str, str, str, str, str]:
        """The fields in order, as unfinished typing keeps them."""
        return (self.description, self.owner, self.priority, self.due, self.status)

    @classmethod
    def from_values(cls, values: tuple[str, ...]) -> ActionDraft:
        """A draft read back from unfinished typing (a choice it does not know is the
        default: the text typed is what matters)."""
        padded = (list(values) + [""] * 5)[:5]
        description, owner, priority, due, status = padded
        priority = priority if priority in {p.value for p in Priority} else Priority.MEDIUM.value
        status = status if status in {s.value for s in Status} else Status.OPEN.value
        return cls(description, owner, priority, due, status)


@dataclass(frozen=True)
class ActionEdit:
    """How the action-item dialog ended: with valid values to store, or with a draft to keep."""

    draft: ActionDraft
    due: dt.date | None = None
    saved: bool = False


def kept_notice(again: str) -> str:
    """Said when a draft is kept; again is how to finish it ("a", "e on AI-2")."""
    return f"Not saved yet; what you typed is kept. Press {again} to finish it."


Draft = TypeVar("Draft")


class Drafts(Generic[Draft]):
    """Drafts by the key of what they edit. Its length is how many are kept; `what` names
    one, for saying what is not in the document yet ("timeline row (a or e on its row
    finishes it)")."""

    def __init__(self, what: str, *, blank: Callable[[Draft], bool] | None = None) -> None:
        self.what = what
        self._blank = blank  # a draft holding nothing worth keeping (None: any draft is)
        self._kept: dict[str, Draft] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: str) -> Draft | None:
        """The draft kept for key, left kept: the dialog it is restored into may be closed
        again without saving, or the app quit while it is open."""
        return self._kept.get(key)

    def keep(self, key: str, draft: Draft, original: Draft) -> bool:
        """Keep draft for key, unless it is where the editor started (original) or blank;
        then any draft kept for key goes too. True when it is kept."""
        if draft == original or (self._blank is not None and self._blank(draft)):
            self._kept.pop(key, None)
            return False
        self._kept[key] = draft
        return True

    def take(self, key: str) -> Draft | None:
        """The draft for key, no longer kept (its edit was saved)."""
        return self._kept.pop(key, None)

    def clear(self) -> None:
        self._kept.clear()

    def items(self) -> list[tuple[str, Draft]]:
        """The drafts kept, with the keys of what they edit."""
        return list(self._kept.items())

    def not_kept_yet(self) -> str | None:
        """What the kept drafts hold that the document does not, e.g. "1 unfinished timeline
        row (a or e on its row finishes it)"; None when there are none."""
        return f"{len(self)} unfinished {self.what}" if self._kept else None
