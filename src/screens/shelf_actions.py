"""Action items across every post-mortem on the shelf: open and overdue first, filtered as you
type by owner, status, priority and words; s and d change an item's status and due date in
its own file, with the same care for the file as the editor's save."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from postmortem.document import clock
from postmortem.document.errors import DocumentError, SaveError
from postmortem.screens.shelf import OpenPostmortem
from postmortem.shelf.actions import (
    FILTER_HELP,
    STATUSES,
    ActionFilter,
    ActionRow,
    FilterError,
    action_rows,
    in_follow_up_order,
    parse_filter,
)
from postmortem.shelf.catalog import Shelf
from postmortem.shelf.writing import FileChanged, ItemChange, NotWritable
from postmortem.storage.recovery import printable
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.shelf_tables import ActionTable

FILTER_HINT = f"Filter: {FILTER_HELP} (enter: to the list)"


def _undoing(row: ActionRow, change: ItemChange) -> ItemChange:
    """The change that puts the item back as it was before change."""
    item = row.item
    return ItemChange(item.item_id, status=item.status if change.status is not None else None,
                      due=item.due_date, change_due=change.change_due)


def next_status(status: str) -> str:
    index = STATUSES.index(status) if status in STATUSES else -1
    return STATUSES[(index + 1) % len(STATUSES)]


class ShelfActionsScreen(Screen[None]):
    BINDING_GROUP_TITLE = "Shelf: action items view"
    DEFAULT_CSS = """
    ShelfActionsScreen #actions-status { dock: top; height: 1; background: $panel;
        padding: 0 1; }
    ShelfActionsScreen #filter { border: none; height: 1; padding: 0 1; background: $boost; }
    ShelfActionsScreen #filter:focus { background: $primary 30%; }
    ShelfActionsScreen ActionTable { height: 1fr; }
    ShelfActionsScreen #action-detail { height: 2; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", key_display="esc",
                tooltip="Leave the filter for the list; in the list, back to the shelf"),
        # A priority binding, so that keys typed right after it land in the box; in the box
        # itself it stands aside (check_action) and / is typed.
        Binding("slash", "filter", "Filter", key_display="/", priority=True,
                tooltip="Type in the filter box"),
        Binding("u", "undo", "Undo", tooltip="Undo the last status or due-date change (saved "
                                             "back into its file)"),
        Binding("down", "move(1)", "Next item (from the box too)", show=False),
        Binding("up", "move(-1)", "Previous item (from the box too)", show=False),
        Binding("pagedown", "page(1)", "A page down the list", show=False),
        Binding("pageup", "page(-1)", "A page up the list", show=False),
    ]

    def __init__(self, shelf: Shelf) -> None:
        super().__init__(id="shelf-actions")
        self.shelf = shelf
        self.all_rows: list[ActionRow] = []
        self.item_filter = ActionFilter()
        self.filter_problem = ""
        # (the row as it was, the change that puts it back): u undoes the last one
        self.undo_stack: list[tuple[ActionRow, ItemChange]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="actions-status", markup=False)
        yield Input(placeholder=FILTER_HINT, id="filter", compact=True)
        yield ActionTable(id="actions")
        yield Static("", id="action-detail", markup=False)
        yield KeyBar()

    @property
    def table(self) -> ActionTable:
        return self.query_one(ActionTable)

    def on_mount(self) -> None:
        self.entries_changed()
        self.query_one("#filter", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not self.query_one("#filter", Input).has_focus
        if action == "undo":
            return bool(self.undo_stack) and not self.query_one("#filter", Input).has_focus
        return True

    def entries_changed(self) -> None:
        """The shelf's entries changed: take every item afresh."""
        self.all_rows = in_follow_up_order(action_rows(self.shelf.entries.values()),
                                           clock.today())
        self.show_rows()

    def show_rows(self) -> None:
        self.table.show(self.item_filter.apply(self.all_rows, clock.today()))
        self.show_status()
        self.show_detail()

    def show_status(self, note: str = "") -> None:
        today = clock.today()
        overdue = sum(1 for row in self.all_rows if row.is_overdue(today))
        open_items = sum(1 for row in self.all_rows if not row.item.is_done)
        parts = [f"Action items: {self.table.row_count:,} shown of {len(self.all_rows):,}",
                 f"{open_items:,} open", f"{overdue:,} overdue", self.table.sort_label]
        if self.filter_problem:
            parts = [self.filter_problem]
        if note:
            parts = [note]
        self.query_one("#actions-status", Static).update(" · ".join(parts))

    def show_detail(self) -> None:
        row = self.table.current()
        text = ""
        if row is not None:
            item = row.item
            late = " · OVERDUE" if row.is_overdue(clock.today()) else ""
            text = (f"{row.incident_id} {item.item_id} ({item.priority}, {item.status}"
                    f"{late}): {item.description}\n"
                    f"{item.owner or 'no owner'} · due {item.due or '-'} · {row.path}")
        self.query_one("#action-detail", Static).update(printable(text))

    # --- keys ---------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_typed(self, event: Input.Changed) -> None:
        try:
            self.item_filter = parse_filter(event.value)
            self.filter_problem = ""
        except FilterError as error:
            self.filter_problem = str(error)
        self.show_rows()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.table.focus()

    @on(ActionTable.CursorMoved)
    def cursor_moved(self) -> None:
        self.show_detail()

    @on(ActionTable.SortChanged)
    def sort_changed(self) -> None:
        self.show_status()

    @on(ActionTable.Chosen)
    def row_chosen(self, event: ActionTable.Chosen) -> None:
        row = event.row
        if event.what == "open":
            self.post_message(OpenPostmortem(row.entry))
        elif event.what == "status":
            self.save(row, ItemChange(row.item.item_id, status=next_status(row.item.status)))
        else:
            from postmortem.dialogs.due_date import DueDate, DueDateDialog

            def chosen(result: DueDate | None) -> None:
                if result is not None:
                    self.save(row, ItemChange(row.item.item_id, due=result.due,
                                              change_due=True))

            what = f"{row.incident_id} {row.item.item_id}: {row.item.description}"
            self.app.push_screen(DueDateDialog(printable(what), row.item.due), chosen)

    def save(self, row: ActionRow, change: ItemChange, undoing: bool = False) -> None:
        """Write the change into the item's own file; say how it went."""
        try:
            self.shelf.change_item(row.entry, change)
        except FileChanged as error:
            self.entries_changed()
            self.notify(str(error), title="Not saved: the file changed", severity="warning",
                        timeout=12, markup=False)
            return
        except NotWritable as error:
            self.notify(str(error), title="Not saved", severity="warning", timeout=12,
                        markup=False)
            return
        except (DocumentError, SaveError) as error:
            self.notify(printable(str(error)), title="Not saved", severity="error", timeout=15,
                        markup=False)
            return
        if not undoing:
            self.undo_stack.append((row, _undoing(row, change)))
        self.entries_changed()
        self.refresh_bindings()
        what = change.status or (f"due {change.due}" if change.due else "no due date")
        undone = "undone: " if undoing else ""
        self.show_status(f"{undone}{row.incident_id} {change.item_id}: {what} — saved in "
                         f"{row.path}" + ("" if undoing else " (u undoes)"))

    def action_undo(self) -> None:
        if not self.undo_stack:
            return
        row, change = self.undo_stack.pop()
        current = next((candidate for candidate in self.all_rows
                        if candidate.path == row.path
                        and candidate.item.item_id == change.item_id), None)
        if current is None:
            self.notify(f"{row.incident_id} {change.item_id} is gone from {row.path}; nothing "
                        "to undo there.", severity="warning", markup=False)
            return
        self.table.select(self.table.identity(current))
        self.save(current, change, undoing=True)

    def action_move(self, step: int) -> None:
        self.table.move_cursor(self.table.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.table.move_cursor(self.table.cursor_row + step * self.table.page_height)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Escape: out of the filter box to the list; in the list, back to the shelf."""
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.table.focus()
        else:
            self.dismiss(None)
