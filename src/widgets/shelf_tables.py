"""The shelf's two tables: the post-mortems, and the action items across them.

Both are virtual tables (only the lines on screen are drawn), so showing, filtering and sorting
ten thousand rows costs a sort, not a redraw of every row. A number key sorts by that column
(again: the other way round); the cursor stays on its row through every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.message import Message

from postmortem.document import clock
from postmortem.document.outline import ACTION_TABLE, LABEL_BY_PATH
from postmortem.shelf.actions import ActionRow
from postmortem.shelf.entry import Entry
from postmortem.widgets.columns import Column
from postmortem.widgets.virtual_table import VirtualTable

T = TypeVar("T")
BROKEN = "⚠ broken"
OVERDUE = "!"
# (name in the palette, the key to sort by, whether the first press sorts high to low)
SortKey = tuple[str, Callable[[Any], Any], bool]


def sort_bindings(names: Sequence[str]) -> list[BindingType]:
    """1-N sort by a column; shown once in the footer as "1-N Sort"."""
    listed = ", ".join(names)
    first: list[BindingType] = [
        Binding("1", "sort(0)", "Sort", key_display=f"1-{len(names)}",
                tooltip=f"Sort by column 1-{len(names)}: {listed} (again: reverse)")]
    return first + [Binding(str(number), f"sort({number - 1})", f"Sort by {name}", show=False)
                    for number, name in enumerate(names[1:], start=2)]


class SortedTable(VirtualTable, Generic[T]):
    """Rows of T in a given order, or sorted by one column; subclasses say how."""

    PADS = (1, 0)  # one space between columns: at 80 columns every cell counts
    SORT_KEYS: ClassVar[tuple[SortKey, ...]] = ()
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class SortChanged(Message):
        """The table is sorted another way: say so."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.given: list[T] = []
        self.rows: list[T] = []
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.today = clock.today()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def identity(self, row: T) -> str:
        """What names a row through changes (a file's path, say)."""
        return str(row)

    def current(self) -> T | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def show(self, rows: list[T]) -> None:
        """Show rows (in their given order unless the table is sorted), the cursor on the row it
        was on if that is still there, else on the first; a cursor on the first row stays on
        the first row (rows arriving while the shelf is read do not carry it away)."""
        here = self.current() if self.cursor_row > 0 else None
        kept = self.identity(here) if here is not None else None
        self.today = clock.today()
        self.given = rows
        self.rows = self._sorted(rows)
        self.rows_changed()
        self.move_cursor(self._row_named(kept))

    def select(self, identity: str) -> None:
        self.move_cursor(self._row_named(identity))

    def _row_named(self, identity: str | None) -> int:
        if identity is None:
            return 0
        return next((index for index, row in enumerate(self.rows)
                     if self.identity(row) == identity), 0)

    def _sorted(self, rows: list[T]) -> list[T]:
        if self.sort_column is None:
            return list(rows)
        _, key, _ = self.SORT_KEYS[self.sort_column]
        return sorted(rows, key=lambda row: key(self._with_today(row)), reverse=self.sort_reverse)

    def _with_today(self, row: T) -> Any:
        return (row, self.today)

    @property
    def sort_label(self) -> str:
        if self.sort_column is None:
            return self.default_order
        name, _, high_first = self.SORT_KEYS[self.sort_column]
        down = self.sort_reverse != high_first
        return f"by {name.lower()}{' (reversed)' if down else ''}"

    default_order = "in the shelf's order"

    def action_sort(self, column: int) -> None:
        if not 0 <= column < len(self.SORT_KEYS):
            return
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, self.SORT_KEYS[column][2]
        self.show(self.given)
        self.post_message(self.SortChanged())

    def unsort(self) -> None:
        """Back to the given order (a search's ranking, say)."""
        self.sort_column, self.sort_reverse = None, False
        self.show(self.given)
        self.post_message(self.SortChanged())


# --- the post-mortems --------------------------------------------------------------------------

def _review_rank(label: str) -> int:
    if label == "ready":
        return 1000
    numerator = label.partition("/")[0]
    return int(numerator) if numerator.isdigit() else -1 if not label else 0


def _blank_last(text: str) -> tuple[bool, str]:
    return (not text, text.casefold())


def entry_cells(entry: Entry, today: dt.date) -> tuple[str, ...]:
    if entry.broken:
        error = entry.error.strip()
        return (BROKEN, "", "", f"line {error}" if error[:1].isdigit() else error, "", "", "")
    late = entry.overdue_count(today)
    return (entry.incident_id or "—", entry.date, entry.severity,
            entry.title.replace("\n", " ") or entry.path, entry.review,
            str(entry.open_count), f"{OVERDUE}{late}" if late else "")


ENTRY_SORTS: tuple[SortKey, ...] = (
    ("Incident", lambda pair: _blank_last(pair[0].incident_id), False),
    (LABEL_BY_PATH["incident.date"].text, lambda pair: pair[0].date, True),
    ("Sev", lambda pair: (not pair[0].severity, pair[0].severity), False),
    ("Title", lambda pair: _blank_last(pair[0].title), False),
    ("Review", lambda pair: _review_rank(pair[0].review), True),
    ("Open", lambda pair: pair[0].open_count, True),
    ("Late", lambda pair: pair[0].overdue_count(pair[1]), True),
)


class EntryTable(SortedTable[Entry]):
    """Every post-mortem on the shelf: enter opens one in the editor."""

    BINDING_GROUP_TITLE = "Shelf: the post-mortems"
    COLUMNS = (Column("Incident", width=14), Column(ENTRY_SORTS[1][0], width=10),
               Column("Sev", width=3), Column("Title", share=1), Column("Review", width=6),
               Column("Open", width=4), Column("Late", width=4))
    SORT_KEYS = ENTRY_SORTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", tooltip="Open the post-mortem in the editor"),
        *sort_bindings([name for name, _, _ in ENTRY_SORTS]),
    ]

    class Chosen(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def identity(self, row: Entry) -> str:
        return row.path

    def row_cells(self, row: int) -> Sequence[str]:
        return entry_cells(self.rows[row], self.today)

    def action_choose(self) -> None:
        entry = self.current()
        if entry is not None:
            self.post_message(self.Chosen(entry))


# --- the action items --------------------------------------------------------------------------

PRIORITY_RANK = {"High": 0, "Medium": 1, "Low": 2}
STATUS_RANK = {"Open": 0, "In Progress": 1, "Completed": 2, "Verified": 3}


def action_cells(row: ActionRow, today: dt.date) -> tuple[str, ...]:
    item = row.item
    due = f"{OVERDUE}{item.due}" if item.is_overdue(today) else item.due
    return (row.incident_id or "—", item.item_id, item.description.replace("\n", " "),
            item.owner, item.priority[:1], due, item.status)


ACTION_SORTS: tuple[SortKey, ...] = (
    ("Incident", lambda pair: _blank_last(pair[0].incident_id), False),
    (ACTION_TABLE.column("id").name, lambda pair: pair[0].item.item_id, False),
    (ACTION_TABLE.column("description").name,
     lambda pair: _blank_last(pair[0].item.description), False),
    (ACTION_TABLE.column("owner").name, lambda pair: _blank_last(pair[0].item.owner), False),
    (ACTION_TABLE.column("priority").name,
     lambda pair: PRIORITY_RANK.get(pair[0].item.priority, 3), False),
    (ACTION_TABLE.column("due").name, lambda pair: (not pair[0].item.due, pair[0].item.due),
     False),
    (ACTION_TABLE.column("status").name,
     lambda pair: STATUS_RANK.get(pair[0].item.status, 4), False),
)


class ActionTable(SortedTable[ActionRow]):
    """Every action item on the shelf; s and d change the item in its own file."""

    BINDING_GROUP_TITLE = "Shelf: action items"
    COLUMNS = (Column("Incident", width=14), Column(ACTION_SORTS[1][0], width=5),
               Column(ACTION_SORTS[2][0], share=1), Column(ACTION_SORTS[3][0], width=12),
               Column("P", width=1), Column("Due", width=11),
               Column(ACTION_SORTS[6][0], width=11))
    SORT_KEYS = ACTION_SORTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "change('status')", ACTION_TABLE.column("status").name,
                tooltip="Next status (Open → In Progress → Completed → Verified), saved in "
                        "the item's own file"),
        Binding("d", "change('due')", "Due",
                tooltip="Set the due date (YYYY-MM-DD, +10d, +2w; empty clears it), saved in "
                        "the item's own file"),
        Binding("enter", "choose", "Open", tooltip="Open the item's post-mortem in the editor"),
        *sort_bindings([name for name, _, _ in ACTION_SORTS]),
    ]
    default_order = "overdue and open first"

    class Chosen(Message):
        """A key asked to do something with a row: open its file, or change it."""

        def __init__(self, row: ActionRow, what: str) -> None:
            super().__init__()
            self.row = row
            self.what = what  # "open", "status" or "due"

    def identity(self, row: ActionRow) -> str:
        return f"{row.path}\0{row.item.item_id}"

    def row_cells(self, row: int) -> Sequence[str]:
        return action_cells(self.rows[row], self.today)

    def action_choose(self) -> None:
        self.action_change("open")

    def action_change(self, what: str) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Chosen(row, what))
