"""The timeline as a live table: always in time order, edited in place, with undo.

Rows are keyed by the event they show, so an edit touches only its own rows (add_row,
remove_row, update_cell); the order is restored with a sort on the time column, never by
rebuilding the table. The document stays the only copy of the data.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import chain
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual._segment_tools import line_crop
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist, RowKey

from postmortem import clock
from postmortem.model import Document, Milestone, TimelineEvent
from postmortem.timeline_edit import Change, TimelineEditor, index_of
from postmortem.timeparse import TimeContext, format_time
from postmortem.widgets.app_access import UsesPostmortem
from postmortem.widgets.event_editor import EventDraft, EventEdit, EventEditor

if TYPE_CHECKING:
    pass

COLUMNS = (("Time (UTC)", "time"), ("Event", "event"), ("Actions Taken", "actions"),
           ("Milestone", "milestone"))
TIME_WIDTH, MILESTONE_WIDTH = 16, 12
ADD = "add"
NOWHERE = Coordinate(-2, -2)  # on no row, not even the header (-1)


def row_key(event: TimelineEvent) -> str:
    """A row's key is the identity of the event object it shows."""
    return f"event-{id(event)}"


def one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")


def cells(event: TimelineEvent) -> tuple[str, str, str, str]:
    return (format_time(event.time), one_line(event.event), one_line(event.actions),
            event.milestone.label if event.milestone else "")


class TimelineTable(DataTable[str], UsesPostmortem):
    """j/k or the arrows move; every edit can be undone with u."""

    HELP_GROUP = "Timeline table"
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a row (its time decides where it goes)"),
        Binding("e,enter", "edit", "Edit", key_display="e", tooltip="Edit the row in place"),
        Binding("d,delete", "delete", "Del", tooltip="Delete the row (u brings it back)"),
        Binding("u", "undo", "Undo", tooltip="Undo the last add, edit, copy, delete or mark"),
        Binding("1", "milestone('impact_start')", "Milestone", key_display="1-4",
                tooltip="Mark impact start (2 detected, 3 mitigated, 4 resolved; again: clear)"),
        Binding("2", "milestone('detected')", "Mark detected", show=False),
        Binding("3", "milestone('mitigated')", "Mark mitigated", show=False),
        Binding("4", "milestone('resolved')", "Mark resolved", show=False),
        Binding("0", "milestone('')", "Clear the row's milestone", show=False),
        Binding("c", "duplicate", "Copy", show=False, tooltip="Duplicate the row"),
        Binding("s", "stated_times", "Times", tooltip="State a measured time by hand, with a note"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ]

    class Edited(Message):
        """The timeline changed: whatever shows figures from it should refresh."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.history = TimelineEditor()
        self.drafts: dict[str, EventDraft] = {}


    @property
    def document(self) -> Document:
        return self.postmortem.document

    def on_mount(self) -> None:
        for label, key in COLUMNS:
            self.add_column(label, key=key, width=self._width(key, 20))
        self.load()

    def load(self) -> None:
        """Show the document's timeline afresh (after the document itself was replaced)."""
        self.history.forget()
        self.drafts.clear()
        self.clear()
        for event in self.document.timeline:
            self.add_row(*cells(event), key=row_key(event))

    # --- layout ------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        free = max(event.size.width - 2 - 2 * self.cell_padding * len(COLUMNS)
                   - TIME_WIDTH - MILESTONE_WIDTH, 20)
        widths = {"event": free * 11 // 20, "actions": free - free * 11 // 20}
        for key, width in widths.items():
            self.columns[ColumnKey(key)].width = self._width(key, width)
        self._require_update_dimensions = True
        self.refresh()

    @staticmethod
    def _width(key: str, free: int) -> int:
        return {"time": TIME_WIDTH, "milestone": MILESTONE_WIDTH}.get(key, free)

    # --- drawing -----------------------------------------------------------------------------

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """DataTable caches each rendered line and row under the cursor and hover positions, so
        a cursor move renders every visible row afresh. With a row cursor a row looks the same
        wherever the cursor is, as long as it is not on that row: such rows are rendered, and
        cached, for "nowhere". (DataTable._render_line of Textual 8.2.8, which is pinned, with
        that one change.)"""
        if self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)
        width = self.size.width
        try:
            row_key, y_offset_in_row = self._get_offsets(y)
        except LookupError:
            return Strip.blank(width, base_style)
        cursor, hover = self._seen_from(row_key)
        cache_key = (y, x1, x2, width, cursor, hover, base_style, self.cursor_type,
                     self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        if cache_key in self._line_cache:
            return self._line_cache[cache_key]
        fixed, scrollable = self._render_line_in_row(row_key, y_offset_in_row, base_style,
                                                     cursor_location=cursor,
                                                     hover_location=hover)
        fixed_width = sum(column.get_render_width(self)
                          for column in self.ordered_columns[: self.fixed_columns])
        fixed_line: list[Segment] = list(chain.from_iterable(fixed)) if fixed else []
        scrollable_line: list[Segment] = list(chain.from_iterable(scrollable))
        segments = fixed_line + line_crop(scrollable_line, x1 + fixed_width, x2, width)
        strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
        self._line_cache[cache_key] = strip
        return strip

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate,
                            ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        if self.cursor_type == "row":
            cursor_location, hover_location = self._seen_from(row_key, cursor_location,
                                                              hover_location)
        return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                           hover_location)

    def _seen_from(self, row_key: RowKey, cursor: Coordinate | None = None,
                   hover: Coordinate | None = None) -> tuple[Coordinate, Coordinate]:
        """The cursor and hover positions as a row cursor shows them on this row: where they
        are when on the row, else NOWHERE."""
        cursor = self.cursor_coordinate if cursor is None else cursor
        hover = self.hover_coordinate if hover is None else hover
        row = self._row_locations.get(row_key)
        row = -1 if row is None else row  # the header's row
        return (cursor if cursor.row == row else NOWHERE, hover if hover.row == row else NOWHERE)

    def _get_row_region(self, row_index: int) -> Region:
        """Every row is one line high (add_row's default), so a row's y is its index: DataTable
        adds up the heights of all the rows above it, for each cursor move."""
        if not self.is_valid_row_index(row_index):
            return Region(0, 0, 0, 0)
        row_width = (sum(column.get_render_width(self) for column in self.columns.values())
                     + self._row_label_column_width)
        y = row_index + (self.header_height if self.show_header else 0)
        return Region(0, y, max(self.size.width, row_width), 1)

    # --- what is under the cursor ----------------------------------------------------------

    def current_event(self) -> TimelineEvent | None:
        timeline = self.document.timeline
        index = self.cursor_row
        if not 0 <= index < len(timeline) or not self.row_count:
            return None
        event = timeline[index]
        if self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value == row_key(event):
            return event
        return None  # the view and the document disagree; never edit the wrong row

    def context_for(self, event: TimelineEvent | None) -> TimeContext:
        """What a typed time means for this row (None: a new row after the cursor)."""
        timeline = self.document.timeline
        previous = self.current_event() or (timeline[-1] if timeline else None)
        if event is not None:
            index = index_of(timeline, event)
            previous = timeline[index - 1] if index else None
        return TimeContext(self.document.incident.date,
                           previous.time if previous else None, clock.utc_now())

    # --- actions -----------------------------------------------------------------------------

    def action_add(self) -> None:
        self._open_editor(None)

    def action_edit(self) -> None:
        event = self.current_event()
        if event is None:
            self._open_editor(None)
        else:
            self._open_editor(event)

    def _open_editor(self, event: TimelineEvent | None) -> None:
        key = ADD if event is None else row_key(event)
        draft = self.drafts.get(key)
        restored = draft is not None
        if draft is None:
            draft = EventDraft() if event is None else EventDraft(
                format_time(event.time), event.event, event.actions)
        title = "Add a timeline event" if event is None else "Edit timeline event"
        self.app.push_screen(EventEditor(
            title, draft, self.context_for(event),
            lambda result: self._editor_closed(key, event, result), restored=restored))

    def _editor_closed(self, key: str, event: TimelineEvent | None, result: EventEdit) -> None:
        if result.event is None:
            self._keep_draft(key, event, result.draft)
            return
        self.drafts.pop(key, None)
        if event is None:
            self.apply(self.history.add(self.document, result.event))
        elif index_of(self.document.timeline, event) is not None:
            new = result.event.model_copy(update={"milestone": event.milestone})
            self.apply(self.history.edit(self.document, event, new))

    def _keep_draft(self, key: str, event: TimelineEvent | None, draft: EventDraft) -> None:
        original = EventDraft() if event is None else EventDraft(
            format_time(event.time), event.event, event.actions)
        if draft == original or draft.empty:
            self.drafts.pop(key, None)
            return
        self.drafts[key] = draft
        again = "a" if event is None else "e on that row"
        self.notify(f"Not saved yet; what you typed is kept. Press {again} to finish it.",
                    timeout=5)

    def action_duplicate(self) -> None:
        event = self.current_event()
        if event is not None:
            self.apply(self.history.duplicate(self.document, event))

    def action_delete(self) -> None:
        event = self.current_event()
        if event is not None:
            self.apply(self.history.delete(self.document, event))

    def action_undo(self) -> None:
        self.apply(self.history.undo(self.document))

    def action_milestone(self, name: str) -> None:
        event = self.current_event()
        if event is None:
            self.notify("Add a row first (a), then mark it.", timeout=3)
            return
        milestone = Milestone(name) if name else None
        self.apply(self.history.set_milestone(self.document, event, milestone))

    def action_stated_times(self) -> None:
        from postmortem.widgets.stated_times import StatedTimesDialog

        self.app.push_screen(StatedTimesDialog(self.document), self._stated_closed)

    def _stated_closed(self, _: None) -> None:
        self.post_message(self.Edited())

    # --- showing a change --------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Touch only the rows the change names, then put the cursor on its focus."""
        for event in change.removed + change.moved:
            self._remove(event)
        for event in change.added + change.moved:
            self.add_row(*cells(event), key=row_key(event))
        for event in change.updated:
            for (_, column), value in zip(COLUMNS, cells(event), strict=True):
                self.update_cell(row_key(event), column, value)
        if change.added or change.moved:
            self.sort("time")  # stable: rows of the same minute keep the document's order
        if change.focus is not None:
            self.move_cursor(row=self.get_row_index(row_key(change.focus)))
        if change.message:
            self.notify(change.message, timeout=3)
        if change.added or change.removed or change.moved or change.updated:
            self.postmortem.document_changed()
            self.post_message(self.Edited())

    def _remove(self, event: TimelineEvent) -> None:
        with suppress(RowDoesNotExist):
            self.remove_row(row_key(event))
