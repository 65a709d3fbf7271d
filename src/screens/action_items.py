"""Action Items: who does what by when, in a grid edited in place."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from postmortem.dialogs.action_editor import ActionEditor
from postmortem.document import clock
from postmortem.document.drafts import ActionEdit
from postmortem.document.model import ActionItem, Document
from postmortem.screens.base import SectionScreen
from postmortem.screens.editing import collapse_narrow_nav, run_when_shown
from postmortem.widgets.action_items.grid import OVERDUE, ActionGrid
from postmortem.widgets.shown_text import show_text

EMPTY_HINT = "No action items yet. Press a to add one: one concrete change, an owner, a date."


def counts_text(items: list[ActionItem], sort_label: str) -> str:
    today = clock.today()
    open_items = sum(1 for item in items if not item.is_done)
    overdue = sum(1 for item in items if item.is_overdue(today))
    flag = f"{overdue} overdue (marked {OVERDUE})" if overdue else "none overdue"
    count = f"{len(items)} item" + ("" if len(items) == 1 else "s")
    return f"{count} · {open_items} open · {flag} · {sort_label}"


def detail_text(item: ActionItem) -> str:
    """The highlighted item whole, every column of it, for a grid too narrow to show it: its
    description in full, then the columns cut in the grid."""
    due = f"due {item.due.isoformat()}" if item.due else "no due date"
    owner = item.owner or "no owner"
    late = f" · {OVERDUE} OVERDUE" if item.is_overdue(clock.today()) else ""
    facts = f"{owner} · {item.priority.value} · {due}{late} · {item.status.value}"
    return f"{item.id}: {item.description or '(no description)'}\n{facts}"


class ActionItemsScreen(SectionScreen):
    SECTION = "action_items"
    DEFAULT_CSS = """
    ActionItemsScreen #form { overflow-y: hidden; }
    ActionItemsScreen ActionGrid { height: auto; max-height: 1fr; }
    ActionItemsScreen #action-counts { height: 1; text-style: bold; }
    ActionItemsScreen #action-detail { height: auto; max-height: 6; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: Callable[[], object] | None = None

    def compose_form(self) -> ComposeResult:
        yield Static("", id="action-counts", markup=False)
        yield ActionGrid(id="action-grid")
        yield Static("", id="action-detail", markup=False)

    @property
    def grid(self) -> ActionGrid:
        return self.query_one(ActionGrid)

    def on_mount(self) -> None:
        collapse_narrow_nav(self)
        self.grid.edit_listeners.append(self.refresh_summary)  # in the edit's frame
        self.grid.cursor_listeners.append(lambda _row: self.refresh_summary())  # the cursor's
        self.refresh_summary()

    def load_from_model(self) -> None:
        self.grid.load()
        self.refresh_summary()
        super().load_from_model()

    def refresh_from_model(self, before: Document | None = None) -> None:
        self.grid.refresh_from_document(before)
        self.refresh_summary()
        super().refresh_from_model(before)

    def refresh_summary(self) -> None:
        items = self.postmortem.document.action_items
        show_text(self.query_one("#action-counts", Static),
                  counts_text(items, self.grid.sort_label))
        item = self.grid.current_item() if self.grid.is_mounted else None
        detail = detail_text(item) if item is not None else (EMPTY_HINT if not items else "")
        show_text(self.query_one("#action-detail", Static), detail)

    @on(ActionGrid.EditRequested)
    async def open_editor(self, request: ActionGrid.EditRequested) -> None:
        """Open the item editor the grid asks for; how it ends goes back to the grid (through
        this screen's queue, as in TimelineScreen.open_editor)."""
        with request.answering():
            editor = ActionEditor(request.title, request.draft, request.responders,
                                  request.today, restored=request.restored,
                                  origin=self.grid.typing_origin(request.item),
                                  next_item=self.grid.item_added if request.item is None
                                  else None)
            await editor.open_on(self.app, partial(self._editor_closed, editor, request))

    def _editor_closed(self, editor: ActionEditor, request: ActionGrid.EditRequested,
                       result: ActionEdit) -> None:
        """Store how the editor ended; enter on the empty new item that ends a run goes on to
        the next section: the grid is the screen's only field, nothing is left to do here."""
        self.grid.editor_closed(request.key, request.item, result)
        if editor.run_done:
            self.move_on_from(self.grid)

    def show_field(self, path: str) -> bool:
        """An item's field: the cursor on that item's row."""
        parts = path.split(".")
        if parts[0] != "action_items":
            return super().show_field(path)
        self.grid.focus()
        items = self.postmortem.document.action_items
        row = None
        if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(items):
            row = self.grid.row_of(items[int(parts[1])].id)
        if row is not None:
            self.grid.move_cursor(row)
        return True

    def add_item(self) -> None:
        """Open the editor for a new item, cursor in its Description (from the palette),
        asking for it as the grid does."""
        self._pending = run_when_shown(
            self, lambda: self.post_message(self.grid.edit_request(None)))

    def on_screen_resume(self) -> None:
        self.refresh_summary()
        if self._pending is not None:
            action, self._pending = self._pending, None
            self._pending = run_when_shown(self, action)
