"""Timeline: the events in time order, edited in place, with the measured times they give."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from postmortem.dialogs.event_editor import EventEditor
from postmortem.dialogs.stated_times import StatedTimesDialog
from postmortem.document import clock
from postmortem.document.drafts import EventEdit
from postmortem.document.unfinished import NEW
from postmortem.screens.base import SectionScreen
from postmortem.screens.editing import collapse_narrow_nav, run_when_shown
from postmortem.widgets.timeline.metrics_panel import MetricsPanel
from postmortem.widgets.timeline.table import LOG_WHERE, TimelineTable, one_line

if TYPE_CHECKING:
    from postmortem.dialogs.log_lines import LogLines
    from postmortem.document.model import Document
    from postmortem.document.timeline_edit import Change

EMPTY_HINT = "No events yet. Press a to add one (type now for the current UTC time)."


class DetailLine(Static):
    """The highlighted row in full, under the table. It changes on every cursor move; its height
    is fixed (two lines), so an update repaints the line alone instead of laying out the screen
    again (a layout redraws the whole table)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.text = ""

    def show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.update(text, layout=False)


class TimelineScreen(SectionScreen):
    SECTION = "timeline"
    DEFAULT_CSS = """
    TimelineScreen #form { overflow-y: hidden; }
    TimelineScreen #form > .guidance { margin-bottom: 0; }
    TimelineScreen TimelineTable { height: 1fr; }
    TimelineScreen #timeline-detail { height: 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: Callable[[], object] | None = None

    def compose_form(self) -> ComposeResult:
        yield TimelineTable(id="timeline-table")
        yield DetailLine(id="timeline-detail")
        yield MetricsPanel(id="timeline-metrics")

    @property
    def table(self) -> TimelineTable:
        return self.query_one(TimelineTable)

    def on_mount(self) -> None:
        collapse_narrow_nav(self)
        # Followed as they happen, not through the table's messages: the figures and the
        # detail line are drawn in the key's frame, not in a second one.
        self.table.edit_listeners.append(self.refresh_figures)
        self.table.cursor_listeners.append(self._cursor_moved)
        self.refresh_figures()

    def load_from_model(self) -> None:
        self.table.load()
        self.refresh_figures()
        super().load_from_model()

    def refresh_from_model(self, before: Document | None = None) -> None:
        self.table.refresh_from_document(before)
        self.refresh_figures()
        super().refresh_from_model(before)

    def refresh_figures(self, change: Change | None = None) -> None:
        """The figures and the detail line again; change is the table's edit that led here
        (None: the timeline is looked at afresh)."""
        self.query_one(MetricsPanel).show(self.postmortem.document, change)
        self._show_detail()

    def _cursor_moved(self, row: int) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        event = self.table.current_event() if self.table.is_mounted else None
        detail = self.query_one(DetailLine)
        if event is None:
            detail.show(EMPTY_HINT if not self.postmortem.document.timeline else "")
            return
        parts = [one_line(event.event) or "(no event text)"]
        if event.actions:
            parts.append(f"→ {one_line(event.actions)}")
        detail.show(" ".join(parts))

    # --- the dialogs the table asks for ------------------------------------------------------

    @on(TimelineTable.EditRequested)
    async def open_editor(self, request: TimelineTable.EditRequested) -> None:
        """Open the row editor the table asks for; how it ends goes back to the table.

        Opened from this handler, the dialog delivers its result through this screen's queue,
        which a save or quit in the same burst waits for (typing_settled) before it looks."""
        with request.answering():
            editor = EventEditor(request.title, request.draft, request.context,
                                 restored=request.restored,
                                 origin=self.table.typing_origin(request.event),
                                 next_row=self.table.row_added if request.event is None
                                 else None,
                                 log_lines=self._pasted_log_lines)
            await editor.open_on(self.app, partial(self._editor_closed, editor, request))

    def _pasted_log_lines(self, pasted: str) -> None:
        self.table.post_message(self.table.log_request(pasted))

    def _editor_closed(self, editor: EventEditor, request: TimelineTable.EditRequested,
                       result: EventEdit) -> None:
        """Store how the editor ended. Enter on the empty new row of a timeline still empty
        goes on to the next section; after rows were added the cursor stays, for the
        milestones."""
        self.table.editor_closed(request.key, request.event, result)
        if editor.run_done and not self.postmortem.document.timeline:
            self.move_on_from(self.table)

    @on(TimelineTable.StatedTimesRequested)
    async def open_stated_times(self, request: TimelineTable.StatedTimesRequested) -> None:
        """Open the dialog that states measured times; the figures show them once it closes."""
        with request.answering():
            await self.app.push_screen(StatedTimesDialog(self.postmortem.document),
                                       self._stated_times_closed)

    @on(TimelineTable.LogLinesRequested)
    async def open_log_lines(self, request: TimelineTable.LogLinesRequested) -> None:
        """Open the dialog that reads pasted log lines; what it ends with goes to the table."""
        # Imported here, not with the screen: the reading of pasted lines (postmortem.capture)
        # is kept out of memory until a paste needs it.
        from postmortem.capture import UnknownZone, machine_zone, zone_named
        from postmortem.dialogs.log_lines import LogLinesDialog

        name = self.postmortem.settings.timezone
        try:
            zone = zone_named(name) if name else machine_zone()
        except UnknownZone:
            zone = machine_zone()  # the config's problem is told as the app opens
        with request.answering():
            dialog = LogLinesDialog(request.text, zone, self.postmortem.document.incident.date,
                                    clock.utc_now(), origin=(LOG_WHERE, NEW),
                                    restored=request.restored)
            await dialog.open_on(self.app, self._log_lines_closed)

    def _log_lines_closed(self, result: LogLines) -> None:
        self.table.log_lines_closed(result.text, result.rows, result.left)
        self.refresh_figures()

    def _stated_times_closed(self, _: None) -> None:
        self.refresh_figures()

    def show_field(self, path: str) -> bool:
        """A row's field: the cursor on that row; a stated time: the dialog that states them."""
        parts = path.split(".")
        if parts[0] not in ("timeline", "stated_times"):
            return super().show_field(path)
        self.table.focus()
        if parts[0] == "stated_times":
            self.state_times()
        elif len(parts) > 1 and parts[1].isdigit():
            self.table.move_cursor(int(parts[1]))
        return True

    # --- opened from the command palette -----------------------------------------------------
    # Posted as the table posts them: handled by this screen, which is then the one the dialog's
    # result is delivered through (see open_editor).

    def add_event(self) -> None:
        """Open the editor for a new row, cursor in its Time field."""
        self._pending = run_when_shown(
            self, lambda: self.post_message(self.table.edit_request(None)))

    def state_times(self) -> None:
        """Open the stated-times dialog (from the palette)."""
        self._pending = run_when_shown(
            self, lambda: self.post_message(TimelineTable.StatedTimesRequested()))

    def on_screen_resume(self) -> None:
        if self._pending is not None:
            action, self._pending = self._pending, None
            self._pending = run_when_shown(self, action)
