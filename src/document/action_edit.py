"""Editing the action items with undo: every change names the item to show and what to say.

The document stays the single source of truth: an edit changes `document.action_items` and
returns an ActionChange saying which row a view must add, redraw or remove, which item the
cursor goes to, and the message confirming it. Undo keeps copies of the items as they were
before each change (a few dozen: copying them is cheap). IDs once given are never given again,
not even by undoing the add that took one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from postmortem.document.drafts import ActionEdit
from postmortem.document.model import ActionItem, Document, Priority, Status
from postmortem.document.undo import NOTHING_TO_UNDO, UndoHistory

UNDO_DEPTH = 100

PRIORITY_ORDER = list(Priority)
STATUS_ORDER = list(Status)


@dataclass(frozen=True)
class ActionChange:
    """What a view of the action items must do to show the document again."""

    message: str = ""  # confirms the change (or says why there was none)
    focus: ActionItem | None = None  # the item the cursor goes to
    added: ActionItem | None = None  # a new row
    updated: ActionItem | None = None  # a row to draw again
    removed: ActionItem | None = None  # a row to take out
    restored: bool = False  # undone: the items are as they were, every row to draw afresh

    @property
    def edited(self) -> bool:
        """Whether the document changed."""
        return bool(self.added or self.updated or self.removed or self.restored)


def item_from(edit: ActionEdit, item_id: str) -> ActionItem:
    """The item a saved dialog describes, under the ID given."""
    draft = edit.draft
    return ActionItem(id=item_id, description=draft.description, owner=draft.owner,
                      priority=Priority(draft.priority), due=edit.due,
                      status=Status(draft.status))


Choice = TypeVar("Choice")


def next_in(order: list[Choice], current: Choice) -> Choice:
    """The value after current, round to the first after the last."""
    return order[(order.index(current) + 1) % len(order)]


class ActionItemsEditor:
    """The edits an action-item view offers, and their undo history."""

    def __init__(self) -> None:
        self._history: UndoHistory[list[ActionItem]] = UndoHistory(UNDO_DEPTH)

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    def forget(self) -> None:
        """Drop the history, e.g. when another version of the document is loaded."""
        self._history.forget()

    def save(self, document: Document, item: ActionItem | None,
             edit: ActionEdit) -> ActionChange:
        """Store what the item editor saved: a new item (item None), or item's new values."""
        return self.add(document, edit) if item is None else self.edit(document, item, edit)

    def add(self, document: Document, edit: ActionEdit) -> ActionChange:
        """Add the item a saved dialog describes, with the next free ID."""
        self._remember(document, "add")
        new = item_from(edit, document.next_action_id())
        document.action_items.append(new)
        return ActionChange(f"Added {new.id}", focus=new, added=new)

    def edit(self, document: Document, item: ActionItem, edit: ActionEdit) -> ActionChange:
        """Give item the values a saved dialog describes; it keeps its ID. Nothing changes
        when item is no longer in the document (it went while the dialog was open)."""
        if item not in document.action_items:
            return ActionChange()
        self._remember(document, f"edit {item.id}")
        new = item_from(edit, item.id)
        document.action_items[document.action_items.index(item)] = new
        return ActionChange(f"Changed {new.id}", focus=new, updated=new)

    def delete(self, document: Document, item: ActionItem) -> ActionChange:
        self._remember(document, f"delete {item.id}")
        document.action_items.remove(item)
        return ActionChange(f"Deleted {item.id} (u brings it back)", removed=item)

    def cycle_priority(self, document: Document, item: ActionItem) -> ActionChange:
        """High → Medium → Low → High."""
        self._remember(document, f"priority of {item.id}")
        item.priority = next_in(PRIORITY_ORDER, item.priority)
        return ActionChange(f"{item.id}: priority {item.priority.value}", focus=item,
                            updated=item)

    def cycle_status(self, document: Document, item: ActionItem) -> ActionChange:
        """Open → In Progress → Completed → Verified → Open."""
        self._remember(document, f"status of {item.id}")
        item.status = next_in(STATUS_ORDER, item.status)
        return ActionChange(f"{item.id}: {item.status.value}", focus=item, updated=item)

    def undo(self, document: Document, focus_id: str | None = None) -> ActionChange:
        """Put the items back as they were before the last change; the cursor stays on the
        item with ID focus_id, if it is there once undone."""
        step = self._history.take_last()
        if step is None:
            return ActionChange(NOTHING_TO_UNDO)
        document.action_items[:] = step.before
        focus = next((item for item in step.before if item.id == focus_id), None)
        return ActionChange(step.undone_message, focus=focus, restored=True)

    def _remember(self, document: Document, what: str) -> None:
        self._history.remember(what, [item.model_copy() for item in document.action_items])
