"""The timeline as a live table: always in time order, edited in place, with undo.

The table draws straight from `document.timeline` (see VirtualTable), which the document keeps
in time order; an edit changes the document, and the table forgets the lines it drew and puts
the cursor on the row the edit names. The document stays the only copy of the data.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.message import Message
from textual.widget import AwaitMount

from postmortem.dialogs.event_editor import EventDraft, EventEdit, EventEditor
from postmortem.document import clock
from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.outline import TIMELINE_TABLE
from postmortem.document.timeline_edit import Change, TimelineEditor, day_reached, index_of
from postmortem.document.timeparse import TimeContext, format_time
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.status_line import confirm
from postmortem.widgets.virtual_table import Column, VirtualTable

TIME_WIDTH, MILESTONE_WIDTH = 16, 12
ADD = "add"


def row_key(event: TimelineEvent) -> str:
    """A draft's key is the identity of the event object it edits."""
    return f"event-{id(event)}"


def one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")


def cell_text(text: str) -> str:
    # A tab's width depends on where it starts: one space keeps every column in its place.
    return one_line(text).replace("\t", " ")


def cells(event: TimelineEvent) -> tuple[str, str, str, str]:
    return (format_time(event.time), cell_text(event.event), cell_text(event.actions),
            event.milestone.label if event.milestone else "")


class TimelineTable(VirtualTable, UsesPostmortem):
    """j/k or the arrows move; every edit can be undone with u."""

    HELP_GROUP = "Timeline table"
    DRAFT_NAME = "timeline row (a or e on its row finishes it)"
    COLUMNS = (Column(TIMELINE_TABLE.column("time").name, width=TIME_WIDTH),
               Column(TIMELINE_TABLE.column("event").name, share=11),
               Column(TIMELINE_TABLE.column("actions").name, share=9),
               Column("Milestone", width=MILESTONE_WIDTH))
    # The footer shows the table's own keys, and of the app's F-keys only F1: all of them would
    # not fit in 80 columns. Every key still works and is in F1 and the command palette.
    FOOTER_OMITS = frozenset({"f2", "f3", "f5", "f6", "ctrl+s"})
    BINDINGS = [
        # A priority binding, awaiting the dialog: keys typed right after it, in one burst,
        # wait for the dialog and land in its first field instead of on the table.
        Binding("a", "add", "Add", tooltip="Add a row (its time decides where it goes)",
                priority=True),
        Binding("e", "edit", "Edit", tooltip="Edit the row in place", priority=True),
        Binding("enter", "edit", "Edit the row in place", show=False),
        Binding("d,delete", "delete", "Del",
                tooltip="Delete the row (u brings it back)"),
        Binding("u", "undo", "Undo",
                tooltip="Undo the last add, edit, copy, delete or mark"),
        Binding("1", "milestone('impact_start')", "Milestone", key_display="1-4",
                tooltip="Mark impact start (2 detected, 3 mitigated, 4 resolved; again: clear)"),
        Binding("2", "milestone('detected')", "Mark detected", show=False),
        Binding("3", "milestone('mitigated')", "Mark mitigated", show=False),
        Binding("4", "milestone('resolved')", "Mark resolved", show=False),
        Binding("0", "milestone('')", "Clear the row's milestone", show=False),
        Binding("m", "mark_suggested", "Mark suggested milestones", show=False,
                tooltip="Mark the milestones suggested from the rows' words (u undoes each)"),
        Binding("c", "duplicate", "Copy", show=False, tooltip="Duplicate the row"),
        Binding("s", "stated_times", "Times",
                tooltip="State a measured time by hand, with a note"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ]

    class Edited(Message):
        """The timeline changed: whatever shows figures from it should refresh."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history = TimelineEditor()
        self.drafts: dict[str, EventDraft] = {}

    @property
    def document(self) -> Document:
        return self.postmortem.document

    @property
    def row_count(self) -> int:
        return len(self.document.timeline)

    def row_cells(self, row: int) -> Sequence[str]:
        return cells(self.document.timeline[row])

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Show the document's timeline afresh (after the document itself was replaced)."""
        self.history.forget()
        self.drafts.clear()
        self.rows_changed()
        self.move_cursor(0)

    # --- what is under the cursor ----------------------------------------------------------

    def current_event(self) -> TimelineEvent | None:
        timeline = self.document.timeline
        return timeline[self.cursor_row] if self.cursor_row < len(timeline) else None

    def context_for(self, event: TimelineEvent | None) -> TimeContext:
        """What a typed time means for this row (None: a new row after the cursor)."""
        timeline = self.document.timeline
        above: int | None = self.cursor_row if timeline else None
        if event is not None:
            index = index_of(timeline, event)
            above = index - 1 if index else None
        incident_date = self.document.incident.date
        if above is None:
            return TimeContext(incident_date, None, clock.utc_now())
        return TimeContext(incident_date, timeline[above].time, clock.utc_now(),
                           reached=day_reached(timeline, above, incident_date))

    # --- actions -----------------------------------------------------------------------------

    async def action_add(self) -> None:
        await self.open_add()

    async def action_edit(self) -> None:
        await self._open_editor(self.current_event())

    def open_add(self) -> AwaitMount:
        return self._open_editor(None)

    def _open_editor(self, event: TimelineEvent | None) -> AwaitMount:
        key = ADD if event is None else row_key(event)
        draft = self.drafts.get(key)
        restored = draft is not None
        if draft is None:
            draft = EventDraft() if event is None else EventDraft(
                format_time(event.time), event.event, event.actions)
        title = "Add a timeline event" if event is None else "Edit timeline event"
        return self.app.push_screen(EventEditor(
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

    def action_mark_suggested(self) -> None:
        """m: mark the rows the suggestions name, each as 1-4 would (u undoes each)."""
        from postmortem.document.review.suggest import suggested_milestones

        suggestions = suggested_milestones(self.document)
        if not suggestions:
            self.notify("Nothing to suggest: a row is marked already, or no row's words say "
                        "which milestone it is. Mark rows with 1-4.", timeout=5)
        for suggestion in suggestions:
            event = self.document.timeline[suggestion.row]
            self.apply(self.history.set_milestone(self.document, event, suggestion.milestone))

    def action_stated_times(self) -> None:
        from postmortem.dialogs.stated_times import StatedTimesDialog

        self.app.push_screen(StatedTimesDialog(self.document), self._stated_closed)

    def _stated_closed(self, _: None) -> None:
        self.post_message(self.Edited())

    # --- showing a change --------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Show the document as the change left it, the cursor on the change's focus."""
        edited = bool(change.added or change.removed or change.moved or change.updated)
        if edited:
            self.rows_changed()
        if change.focus is not None:
            self._follow(change.focus)
        if change.message:  # routine (a delete, an undo): the status line, covering nothing
            confirm(self, change.message)
        if edited:
            self.postmortem.document_changed()
            self.post_message(self.Edited())

    def _follow(self, event: TimelineEvent) -> None:
        # Most edits leave their row where it was: look for it only when it is not.
        index = self.cursor_row if self.current_event() is event else index_of(
            self.document.timeline, event)
        if index is not None:
            self.move_cursor(index)
