"""The action items as a grid: add, edit in place, delete (with undo), cycle, sort.

Rows are keyed by the item's ID, so an edit touches only its row. Sorting orders the view
only; the document (and so the export) keeps the items in the order they were added.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

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
from postmortem.widgets.columns import Column, column_widths
from postmortem.widgets.dialog_request import DialogRequest
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import OWN_KEYS_FIRST
from postmortem.widgets.key_order import base_keys, in_typed_order
from postmortem.widgets.opens_when_empty import OpensWhenEmpty
from postmortem.widgets.status_line import confirm

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
# Until the grid knows its size (its first resize), the description is this wide.
FIRST_DESCRIPTION_WIDTH = 20
OVERDUE = "!"
WHERE = "action_items"  # the name unfinished typing for this grid goes by

SORT_KEYS: dict[str, Callable[[ActionItem], Any]] = {
    "id": lambda item: item.number,
    "description": lambda item: item.description.casefold(),
    "owner": lambda item: (not item.owner, item.owner.casefold()),
    "priority": lambda item: PRIORITY_ORDER.index(item.priority),
    "due": lambda item: (item.due is None, item.due or dt.date.min),
    "status": lambda item: STATUS_ORDER.index(item.status),
}


def cut_text(text: str, style: str = "") -> Text:
    """A cell's text as written (a str cell would be read as markup), and, where the column is
    too narrow for it, cut with an ellipsis."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def cells(item: ActionItem, today: dt.date) -> tuple[Text, ...]:
    due = item.due.isoformat() if item.due else ""
    late = item.is_overdue(today)
    return (cut_text(item.id), cut_text(item.description.replace("\n", " ⏎ ")),
            cut_text(item.owner), cut_text(item.priority.value),
            cut_text(f"{OVERDUE}{due}", "bold red") if late else cut_text(due),
            cut_text(item.status.value))


def original_draft(item: ActionItem | None) -> ActionDraft:
    """Where the editor starts for item (None: a new one) when no draft is kept."""
    return ActionDraft() if item is None else ActionDraft.of(item)


class ActionGrid(DataTable[str | Text], OpensWhenEmpty, UsesPostmortem):
    """j/k or the arrows move; 1-6 sort by a column (again: reverse)."""

    BINDING_GROUP_TITLE = "Action-item grid"
    # At 80 columns the grid's own keys and F1 fill the footer; the F-keys work as everywhere.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DRAFT_NAME = "action item (a or e on its row finishes it)"
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
        # DataTable's cursor keys again, to be priority too (enter edits, above)
        *base_keys(DataTable.BINDINGS, leaving_out="select_cursor"),
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
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.editor = ActionItemsEditor()
        # Typing closed without saving, by item (drafts and DRAFT_NAME: the app looks for them)
        self.drafts: Drafts[ActionDraft] = Drafts(self.DRAFT_NAME)
        self.sort_column: str | None = None
        self.sort_reverse = False
        # Called as the items change, before Edited is posted: what they change is drawn in
        # the key's frame (a message arrives after it, and the screen is drawn twice per key).
        self.edit_listeners: list[Callable[[], object]] = []

    @property
    def document(self) -> Document:
        return self.postmortem.document

    def on_mount(self) -> None:
        for column in COLUMNS:  # as Text: a str label is read as markup, loading rich's emoji
            self.add_column(Text(column.label), key=column.key,
                            width=column.width or FIRST_DESCRIPTION_WIDTH)
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
        if focus is not None and self.is_valid_row_index(0):
            with contextlib.suppress(Exception):  # the item may be gone
                self.move_cursor(row=self.get_row_index(focus.id))

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
        self.clear()
        today = clock.today()
        for item in self.document.action_items:
            self.add_row(*cells(item, today), key=item.id)
        self._resort()

    def on_resize(self, event: Resize) -> None:
        columns = NARROW_COLUMNS if event.size.width < NARROW_BELOW else COLUMNS
        widths = column_widths(columns, event.size.width, padding=self.cell_padding,
                               min_free=MIN_DESCRIPTION_WIDTH)
        for column, width in zip(COLUMNS, widths, strict=True):
            self.columns[ColumnKey(column.key)].width = width
        # What DataTable works out once its rows change, done here for a change of widths: the
        # scrollable width is the columns' (padding included), or a scrollbar would be left.
        self.virtual_size = self.virtual_size.with_width(
            sum(column.get_render_width(self) for column in self.columns.values()))
        self.refresh()

    # --- what is under the cursor ----------------------------------------------------------

    def current_item(self) -> ActionItem | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return next((item for item in self.document.action_items if item.id == key), None)

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

    def action_sort(self, column: str) -> None:
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        focus = self.current_item()
        self._resort()
        self._focus(focus)
        self._edited()

    # --- showing a change --------------------------------------------------------------------

    def apply(self, change: ActionChange) -> None:
        """Show the document as the change left it, the cursor on the change's focus."""
        if not change.edited:
            if change.message:  # e.g. "Nothing to undo"
                confirm(self, change.message)
            return
        if change.restored:
            self._show_restored()
        if change.added is not None:
            self.add_row(*cells(change.added, clock.today()), key=change.added.id)
        if change.updated is not None:
            self._redraw(change.updated)
        if change.removed is not None:
            row = self.cursor_row
            self.remove_row(change.removed.id)
            self.move_cursor(row=min(row, self.row_count - 1))
        self._changed(change.focus, change.message)

    def _show_restored(self) -> None:
        """The items as an undo left them: where the same items are shown, the cells that
        changed (no rows added, so no layout of the screen); else every row afresh."""
        items = self.document.action_items
        if sorted(key.value or "" for key in self.rows) != sorted(item.id for item in items):
            self._show_rows()
            return
        for item in items:
            self._redraw(item)

    def _redraw(self, item: ActionItem) -> None:
        for column, value in zip(COLUMNS, cells(item, clock.today()), strict=True):
            if self.get_cell(item.id, column.key) != value:
                self.update_cell(item.id, column.key, value)

    def _resort(self) -> None:
        items = {item.id: item for item in self.document.action_items}
        order = SORT_KEYS[self.sort_column or "id"]
        self.sort("id", key=lambda value: order(items[str(value)]), reverse=self.sort_reverse)
        for column in COLUMNS:
            arrow = (" ▼" if self.sort_reverse else " ▲") if column.key == self.sort_column else ""
            self.columns[ColumnKey(column.key)].label = cut_text(column.label + arrow)

    def _focus(self, item: ActionItem | None) -> None:
        if item is not None:
            self.move_cursor(row=self.get_row_index(item.id))

    def _changed(self, focus: ActionItem | None, message: str) -> None:
        self._resort()
        self._focus(focus)
        confirm(self, message)
        self.postmortem.document_changed()
        self._edited()

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
