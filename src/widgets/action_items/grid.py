"""The action items as a grid: add, edit in place, delete (with undo), cycle, sort.

The grid is a VirtualTable: it draws only the lines on screen, and a change draws again only
the rows whose cells it changed. Sorting orders the view only; the document (and so the
export) keeps the items in the order they were added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from rich.style import Style
from textual.binding import Binding
from textual.message import Message

from postmortem.document import clock
from postmortem.document.action_edit import (
    PRIORITY_ORDER,
    STATUS_ORDER,
    ActionChange,
    ActionItemsEditor,
)
from postmortem.document.drafts import NEW, ActionDraft, ActionEdit, Drafts, kept_notice
from postmortem.document.model import ActionItem, Document
from postmortem.document.outline import ACTION_TABLE
from postmortem.document.unfinished import Unfinished, describe_row
from postmortem.widgets.columns import Column
from postmortem.widgets.dialog_request import DialogRequest
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import OWN_KEYS_FIRST
from postmortem.widgets.key_order import in_typed_order
from postmortem.widgets.opens_when_empty import OpensWhenEmpty
from postmortem.widgets.status_line import confirm
from postmortem.widgets.virtual_table import Cell, StyledCell, VirtualTable

# The standard's columns, with their widths (0: a share of what the others leave).
WIDTHS = {"id": 5, "description": 0, "owner": 12, "priority": 8, "due": 12, "status": 11}
# In a narrow grid the Description takes what the others can spare: their labels and the
# longest of their values ("In Progress") are cut, and the line under the grid shows the
# highlighted item whole.
NARROW_WIDTHS = {"id": 5, "description": 0, "owner": 11, "priority": 6, "due": 11, "status": 9}
# Narrower than this, the grid takes NARROW_WIDTHS (at 80 columns its description gets 22
# cells instead of 16).
NARROW_BELOW = 100


def grid_columns(widths: dict[str, int]) -> tuple[Column, ...]:
    return tuple(Column(column.name, widths[column.field], share=0 if widths[column.field] else 1,
                        key=column.field) for column in ACTION_TABLE.columns)


COLUMNS = grid_columns(WIDTHS)
NARROW_COLUMNS = grid_columns(NARROW_WIDTHS)
# The description shows at least this much, however narrow the terminal: the grid then scrolls.
MIN_DESCRIPTION_WIDTH = 12
OVERDUE = "!"
LATE = Style(bold=True, color="red")  # an overdue item's due date
WHERE = "action_items"  # the name unfinished typing for this grid goes by

SORT_KEYS: dict[str, Callable[[ActionItem], Any]] = {
    "id": lambda item: item.number,
    "description": lambda item: item.description.casefold(),
    "owner": lambda item: (not item.owner, item.owner.casefold()),
    "priority": lambda item: PRIORITY_ORDER.index(item.priority),
    "due": lambda item: (item.due is None, item.due or dt.date.min),
    "status": lambda item: STATUS_ORDER.index(item.status),
}


def cells(item: ActionItem, today: dt.date) -> tuple[Cell, ...]:
    """The row's cells as written (never read as markup); the grid cuts them with an ellipsis."""
    due = item.due.isoformat() if item.due else ""
    late = item.is_overdue(today)
    description = item.description.replace("\n", " ⏎ ").replace("\t", " ")
    return (item.id, description, item.owner, item.priority.value,
            StyledCell(f"{OVERDUE}{due}", LATE) if late else due, item.status.value)


def ids(items: list[ActionItem]) -> list[str]:
    return [item.id for item in items]


def original_draft(item: ActionItem | None) -> ActionDraft:
    """Where the editor starts for item (None: a new one) when no draft is kept."""
    return ActionDraft() if item is None else ActionDraft.of(item)


class ActionGrid(VirtualTable, OpensWhenEmpty, UsesPostmortem):
    """j/k or the arrows move; 1-6 sort by a column (again: reverse)."""

    BINDING_GROUP_TITLE = "Action-item grid"
    # At 80 columns the grid's own keys and F1 fill the footer; the F-keys work as everywhere.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DRAFT_NAME = "action item (a or e on its row finishes it)"
    COLUMNS = COLUMNS
    MIN_FREE = MIN_DESCRIPTION_WIDTH
    SCROLLS_SIDEWAYS = True
    ELLIPSIS = True
    DEFAULT_CSS = "ActionGrid { overflow-x: auto; }"
    # every key in the order typed (in_typed_order), not only those opening a dialog
    BINDINGS = in_typed_order([
        # A priority binding, awaiting the dialog: keys typed right after it, in one burst,
        # wait for the dialog and land in its first field instead of on the table.
        Binding("a", "add", "Add", tooltip="Add an action item (gets the next free ID)",
                priority=True),
        Binding("e", "edit", "Edit", tooltip="Edit the item in place", priority=True),
        Binding("enter", "edit", "Edit the item in place", show=False),
        Binding("d,delete", "delete", "Del", tooltip="Delete the item (u brings it back)"),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u",
                tooltip="Undo the last add, edit, delete, priority or status (or ctrl+z)"),
        Binding("p", "cycle_priority", ACTION_TABLE.column("priority").name,
                tooltip="Cycle High → Medium → Low"),
        Binding("s", "cycle_status", ACTION_TABLE.column("status").name,
                tooltip="Cycle Open → In Progress → Completed → Verified"),
        Binding("1", "sort('id')", "Sort", key_display="1-6",
                tooltip="Sort by column 1-6: ID, Description, Owner, Priority, Due, Status"),
        *[Binding(str(number), f"sort('{column.key}')", f"Sort by {column.label}", show=False)
          for number, column in enumerate(COLUMNS[1:], start=2)],
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        # The keys of a DataTable's row cursor the table has not, or has otherwise: ctrl+home
        # and ctrl+end go to the first and last row, home, end, left and right scroll a grid
        # wider than the terminal. No description: F1 lists the keys the grid adds.
        Binding("ctrl+home", "scroll_top", "", show=False),
        Binding("ctrl+end", "scroll_bottom", "", show=False),
        Binding("home", "scroll_sideways(0)", "", show=False),
        Binding("end", "scroll_sideways(-1)", "", show=False),
        Binding("left", "scroll_left", "", show=False),
        Binding("right", "scroll_right", "", show=False),
    ])

    class Edited(Message):
        """The items changed: counts and marks should refresh."""

    class EditRequested(DialogRequest):
        """Open the item editor on item (None: a new one), starting from draft. Its result
        goes back to editor_closed(key, item, result)."""

        def __init__(self, key: str, item: ActionItem | None, title: str, draft: ActionDraft,
                     responders: list[str], today: dt.date, *, restored: bool) -> None:
            super().__init__()
            self.key = key  # the key of the item's draft
            self.item = item
            self.title = title
            self.draft = draft
            self.responders = responders  # the owners to suggest
            self.today = today  # what +10d counts from
            self.restored = restored  # the draft is what was typed before

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = ActionItemsEditor()
        # Typing closed without saving, by item (drafts and DRAFT_NAME: the app looks for them)
        self.drafts: Drafts[ActionDraft] = Drafts(self.DRAFT_NAME)
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._rows: list[ActionItem] = []  # the document's items in the grid's order
        self._today = clock.today()  # what overdue is counted from, as the rows are drawn
        # Called as the items change, before Edited is posted: what they change is drawn in
        # the key's frame (a message arrives after it, and the screen is drawn twice per key).
        self.edit_listeners: list[Callable[[], object]] = []

    @property
    def document(self) -> Document:
        return self.postmortem.document

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row_cells(self, row: int) -> Sequence[Cell]:
        return cells(self._rows[row], self._today)

    def columns_for(self, width: int) -> tuple[Column, ...]:
        return NARROW_COLUMNS if width < NARROW_BELOW else COLUMNS

    def header_labels(self) -> list[str]:
        arrow = " ▼" if self.sort_reverse else " ▲"
        return [column.label + (arrow if column.key == self.sort_column else "")
                for column in COLUMNS]

    def on_mount(self) -> None:
        self.load()
        self.take_typing_back()

    def load(self) -> None:
        """Show the document's items afresh (after the document itself was replaced). Drafts
        stay: typing is never dropped, even when the item it edited is gone."""
        self.editor.forget()
        self._show_rows()

    def refresh_from_document(self, before: Document | None = None) -> None:
        """Show the items after someone else's change (before: the document shown until
        then), the cursor on the same item; items the change left alone are not touched (nor
        is the undo history)."""
        if before is not None and before.action_items == self.document.action_items:
            return
        focus = self.current_item()
        self.load()
        self._focus(focus)  # if it is still there

    # --- typing that is not in the document yet ----------------------------------------------

    def unfinished_typing(self) -> list[Unfinished]:
        """The drafts kept, for the recovery copy and the warning before quitting."""
        return [Unfinished(WHERE, key, draft.values(), describe_row("action item", draft.values()))
                for key, draft in self.drafts.items()]

    def typing_origin(self, item: ActionItem | None) -> tuple[str, str]:
        """What the item editor's unfinished typing belongs to: this grid, and the item."""
        return WHERE, NEW if item is None else item.id

    def take_typing_back(self) -> None:
        """Keep as drafts the unfinished typing an earlier run left for the action items."""
        restored = self.postmortem.typing_for(WHERE)
        for item in restored:
            edited = next((found for found in self.document.action_items
                           if found.id == item.edits), None)
            key = NEW if edited is None else edited.id
            self.drafts.keep(key, ActionDraft.from_values(item.values), original_draft(edited))
        if restored:
            self.notify(kept_notice("a (or e on its item)"), title="Unfinished typing restored",
                        timeout=8)

    def _show_rows(self) -> None:
        """Every row afresh, the cursor on the first (as a cleared table's)."""
        self._today = clock.today()
        self._rows = self._sorted()
        self.rows_changed()
        self.move_cursor(0)

    # --- what is under the cursor ----------------------------------------------------------

    def current_item(self) -> ActionItem | None:
        if not 0 <= self.cursor_row < len(self._rows):
            return None
        key = self._rows[self.cursor_row].id
        return next((item for item in self.document.action_items if item.id == key), None)

    def row_of(self, item_id: str) -> int | None:
        """The row showing the item with that ID (None: none does)."""
        return next((row for row, item in enumerate(self._rows) if item.id == item_id), None)

    # --- actions -----------------------------------------------------------------------------

    async def action_add(self) -> None:
        await self._request(self.edit_request(None))

    async def action_edit(self) -> None:
        await self._request(self.edit_request(self.current_item()))

    async def _request(self, request: DialogRequest) -> None:
        self.post_message(request)
        await request.answered()

    def edit_request(self, item: ActionItem | None) -> EditRequested:
        """What the item editor needs to edit item (None: a new one)."""
        key = NEW if item is None else item.id
        draft = self.drafts.get(key)
        restored = draft is not None
        if draft is None:
            draft = original_draft(item)
        title = "Add an action item" if item is None else f"Edit {item.id}"
        return self.EditRequested(key, item, title, draft, self.document.incident.responders(),
                                  clock.today(), restored=restored)

    def editor_closed(self, key: str, item: ActionItem | None, result: ActionEdit) -> None:
        """Store what the item editor opened by edit_request ended with, or keep its draft."""
        if not result.saved:
            self._keep_draft(key, item, result.draft)
            return
        self.drafts.take(key)
        self.apply(self.editor.save(self.document, item, result))

    def item_added(self, result: ActionEdit) -> None:
        """Store a new item saved in a run of additions."""
        self.editor_closed(NEW, None, result)

    def _keep_draft(self, key: str, item: ActionItem | None, draft: ActionDraft) -> None:
        if self.drafts.keep(key, draft, original_draft(item)):
            self.notify(kept_notice("a" if item is None else f"e on {item.id}"), timeout=5)

    def action_delete(self) -> None:
        item = self.current_item()
        if item is not None:
            self.apply(self.editor.delete(self.document, item))

    def action_undo(self) -> None:
        focus = self.current_item()
        self.apply(self.editor.undo(self.document, focus.id if focus is not None else None))

    def action_cycle_priority(self) -> None:
        item = self.current_item()
        if item is not None:
            self.apply(self.editor.cycle_priority(self.document, item))

    def action_cycle_status(self) -> None:
        item = self.current_item()
        if item is not None:
            self.apply(self.editor.cycle_status(self.document, item))

    def action_scroll_sideways(self, x: int) -> None:
        """home (x 0) and end (x -1): the grid's left or right edge."""
        self.scroll_to(x=self.max_scroll_x if x < 0 else x, animate=False)

    def action_sort(self, column: str) -> None:
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        focus = self.current_item()
        self._rows = self._sorted()
        self.forget_lines()  # the header's arrow too
        self.rows_changed()
        self._focus(focus)
        self._edited()

    # --- showing a change --------------------------------------------------------------------

    def apply(self, change: ActionChange) -> None:
        """Show the document as the change left it, the cursor on the change's focus: the
        rows it changed drawn again, or, where rows came, went or moved, every row shown."""
        if not change.edited:
            if change.message:  # e.g. "Nothing to undo"
                confirm(self, change.message)
            return
        shown, self._today = self._rows, clock.today()
        self._rows = self._sorted()
        if ids(shown) == ids(self._rows):
            self._redraw_changed(shown, change.updated)
        else:
            self.rows_changed()  # the cursor stays on its row, as after a row's removal
            if change.restored and set(ids(shown)) != set(ids(self._rows)):
                self.move_cursor(0)  # an undo that brought items back or took one away
        self._focus(change.focus)
        confirm(self, change.message)
        self.postmortem.document_changed()
        self._edited()

    def _redraw_changed(self, shown: list[ActionItem], updated: ActionItem | None) -> None:
        """The same items in the same rows: draw again the rows whose cells changed (an
        item changed in place, or one an undo put back with other values)."""
        for row, (before, now) in enumerate(zip(shown, self._rows, strict=True)):
            if now is updated or (before is not now and cells(before, self._today)
                                  != cells(now, self._today)):
                self.row_changed(row)

    def _sorted(self) -> list[ActionItem]:
        """The items in the grid's order (ties in the document's order)."""
        order = SORT_KEYS[self.sort_column or "id"]
        return sorted(self.document.action_items, key=order, reverse=self.sort_reverse)

    def _focus(self, item: ActionItem | None) -> None:
        row = None if item is None else self.row_of(item.id)
        if row is not None:
            self.move_cursor(row)

    def _edited(self) -> None:
        for listener in self.edit_listeners:
            listener()
        self.post_message(self.Edited())

    @property
    def sort_label(self) -> str:
        if self.sort_column is None:
            return "in ID order"
        label = next(column.label for column in COLUMNS if column.key == self.sort_column)
        return f"sorted by {label} {'▼' if self.sort_reverse else '▲'}"
