"""The timeline as a live table: always in time order, edited in place, with undo.

The table draws straight from `document.timeline` (see VirtualTable), which the document keeps
in time order; an edit changes the document, and the table forgets the lines it drew and puts
the cursor on the row the edit names. The document stays the only copy of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.binding import Binding
from textual.events import Paste
from textual.message import Message

from postmortem.document import clock
from postmortem.document.drafts import NEW, Drafts, EventDraft, EventEdit, kept_notice
from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.outline import TIMELINE_TABLE
from postmortem.document.timeline_edit import Change, TimelineEditor, index_of, time_context
from postmortem.document.timeparse import TimeContext, format_time
from postmortem.document.unfinished import Unfinished, describe_row, edits_of
from postmortem.widgets.columns import Column
from postmortem.widgets.dialog_request import DialogRequest
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import OWN_KEYS_FIRST
from postmortem.widgets.key_order import in_typed_order
from postmortem.widgets.opens_when_empty import OpensWhenEmpty
from postmortem.widgets.status_line import confirm
from postmortem.widgets.virtual_table import VirtualTable

TIME_WIDTH, MILESTONE_WIDTH = 16, 12


def row_key(event: TimelineEvent) -> str:
    """A draft's key is the identity of the event object it edits."""
    return f"event-{id(event)}"


def one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")


def cell_text(text: str) -> str:
    # A tab's width depends on where it starts: one space keeps every column in its place.
    return one_line(text).replace("\t", " ")


WHERE = "timeline"  # the name unfinished typing for this table goes by
LOG_WHERE = "timeline log lines"  # ... and log lines pasted and not added


def typing_of(event: TimelineEvent | None, draft: EventDraft) -> Unfinished:
    """A row's draft as unfinished typing; event is the row it edits (None: a new row)."""
    started = None if event is None else EventDraft.of(event).values()
    values = draft.values()
    return Unfinished(WHERE, edits_of(started), values,
                      describe_row("timeline row", values[:3]))  # its words, not the mark


def _started_values(event: TimelineEvent) -> tuple[tuple[str, ...], ...]:
    values = EventDraft.of(event).values()
    return (values, values[:3])


def original_draft(event: TimelineEvent | None) -> EventDraft:
    """Where the editor starts for event (None: a new row) when no draft is kept."""
    return EventDraft() if event is None else EventDraft.of(event)


def cells(event: TimelineEvent) -> tuple[str, str, str, str]:
    return (format_time(event.time), cell_text(event.event), cell_text(event.actions),
            event.milestone.label if event.milestone else "")


class TimelineTable(VirtualTable, OpensWhenEmpty, UsesPostmortem):
    """j/k or the arrows move; every edit can be undone with u."""

    BINDING_GROUP_TITLE = "Timeline table"
    DRAFT_NAME = "timeline row (a or e on its row finishes it)"
    COLUMNS = (Column(TIMELINE_TABLE.column("time").name, width=TIME_WIDTH),
               Column(TIMELINE_TABLE.column("event").name, share=11),
               Column(TIMELINE_TABLE.column("actions").name, share=9),
               Column("Milestone", width=MILESTONE_WIDTH))
    # The footer shows the table's own keys, and of the app's F-keys only F1: all of them would
    # not fit in 80 columns. Every key still works and is in F1 and the command palette.
    FOOTER_OMITS = OWN_KEYS_FIRST
    # every key in the order typed (in_typed_order), not only those opening a dialog
    BINDINGS = in_typed_order([
        # A priority binding, awaiting the dialog: keys typed right after it, in one burst,
        # wait for the dialog and land in its first field instead of on the table.
        Binding("a", "add", "Add", tooltip="Add a row (its time decides where it goes)",
                priority=True),
        Binding("e", "edit", "Edit", tooltip="Edit the row in place", priority=True),
        Binding("enter", "edit", "Edit the row in place", show=False),
        Binding("d,delete", "delete", "Del",
                tooltip="Delete the row (u brings it back)"),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u",
                tooltip="Undo the last add, edit, copy, delete or mark (or ctrl+z)"),
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
        Binding("l", "log_lines", "Log", priority=True,
                tooltip="Paste log lines (each line's time read, the rows previewed in UTC)"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ])

    class Edited(Message):
        """The timeline changed: whatever shows figures from it should refresh."""

        def __init__(self, change: Change) -> None:
            super().__init__()
            self.change = change  # what the edit did, for those who follow it row by row

    class EditRequested(DialogRequest):
        """Open the row editor on event (None: a new row), starting from draft. Its result
        goes back to editor_closed(key, event, result)."""

        def __init__(self, key: str, event: TimelineEvent | None, title: str,
                     draft: EventDraft, context: TimeContext, *, restored: bool) -> None:
            super().__init__()
            self.key = key  # the key of the row's draft
            self.event = event
            self.title = title
            self.draft = draft
            self.context = context  # what a typed time means for this row
            self.restored = restored  # the draft is what was typed before

    class StatedTimesRequested(DialogRequest):
        """Open the dialog that states measured times by hand."""

    class LogLinesRequested(DialogRequest):
        """Open the dialog that reads pasted log lines into rows, starting from text. Its
        result goes back to log_lines_closed."""

        def __init__(self, text: str, *, restored: bool) -> None:
            super().__init__()
            self.text = text
            self.restored = restored  # the text starts with a draft kept before

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = TimelineEditor()
        # Typing closed without saving, by row (drafts and DRAFT_NAME: the app looks for them)
        self.drafts: Drafts[EventDraft] = Drafts(self.DRAFT_NAME, blank=lambda draft: draft.empty)
        self._drafted: dict[str, TimelineEvent] = {}  # the row each kept draft edits
        self.log_draft = ""  # log lines pasted and not added (backed out, or not understood)
        # Called with each edit, before Edited is posted: drawn in the edit's frame (as
        # VirtualTable.cursor_listeners)
        self.edit_listeners: list[Callable[[Change], object]] = []

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
        self.take_typing_back()

    def load(self) -> None:
        """Show the document's timeline afresh (after the document itself was replaced).
        Drafts stay: typing is never dropped, even when the row it edited is gone."""
        self.editor.forget()
        self.rows_changed()
        self.move_cursor(0)

    def refresh_from_document(self, before: Document | None = None) -> None:
        """Show the timeline after someone else's change (before: the document shown until
        then), the cursor on the same row, on the same line of the screen. The rows both
        versions share are the very same objects (keep_objects): the undo history and an
        open row editor still name them."""
        if before is not None and before.timeline == self.document.timeline:
            return
        timeline = before.timeline if before is not None else self.document.timeline
        row = self.cursor_row
        current = timeline[row] if row < len(timeline) else None
        found = index_of(self.document.timeline, current) if current is not None else None
        self.rows_changed()
        self.keep_cursor_line(row if found is None else found, row - self.first_visible_row)

    # --- typing that is not in the document yet ----------------------------------------------

    def unfinished_typing(self) -> list[Unfinished]:
        """The drafts kept, for the recovery copy and the warning before quitting."""
        kept = [typing_of(self._drafted.get(key), draft) for key, draft in self.drafts.items()]
        if self.log_draft.strip():
            kept.append(Unfinished(LOG_WHERE, NEW, (self.log_draft,),
                                   describe_row("log lines", (self.log_draft,))))
        return kept

    def take_typing_back(self) -> None:
        """Keep as drafts the unfinished typing an earlier run left for the timeline."""
        for item in self.postmortem.typing_for(LOG_WHERE):
            self.log_draft = "\n".join(filter(None, (self.log_draft, *item.values)))
        restored = self.postmortem.typing_for(WHERE)
        for item in restored:
            draft = EventDraft.from_values(item.values)
            event = None if item.edits == NEW else self._row_started_from(item.edits)
            key = NEW if event is None else row_key(event)
            if self.drafts.keep(key, draft, original_draft(event)) and event is not None:
                self._drafted[key] = event
        if restored:
            self.notify(kept_notice("a (or e on its row)"), title="Unfinished typing restored",
                        timeout=8)

    def _row_started_from(self, edits: str) -> TimelineEvent | None:
        # a copy kept before the milestone was a field names the row by its first three values
        return next((event for event in self.document.timeline
                     if edits in {edits_of(values) for values in _started_values(event)}), None)

    # --- what is under the cursor ----------------------------------------------------------

    def current_event(self) -> TimelineEvent | None:
        timeline = self.document.timeline
        return timeline[self.cursor_row] if self.cursor_row < len(timeline) else None

    def context_for(self, event: TimelineEvent | None) -> TimeContext:
        """What a typed time means for this row (None: a new row after the cursor)."""
        return time_context(self.document, event, self.cursor_row, clock.utc_now())

    # --- actions -----------------------------------------------------------------------------

    async def action_add(self) -> None:
        await self._request(self.edit_request(None))

    async def action_edit(self) -> None:
        await self._request(self.edit_request(self.current_event()))

    async def action_stated_times(self) -> None:
        await self._request(self.StatedTimesRequested())

    async def action_log_lines(self) -> None:
        await self._request(self.log_request(""))

    def on_paste(self, event: Paste) -> None:
        """Lines pasted into the table are log lines: the dialog previews them as rows.
        (Posted, not awaited: the request goes up through this table's own queue.)"""
        event.stop()
        if event.text.strip():
            self.post_message(self.log_request(event.text))

    def log_request(self, pasted: str) -> LogLinesRequested:
        """What the log-lines dialog starts from: the draft kept, then what was pasted."""
        text = "\n".join(filter(None, (self.log_draft, pasted)))
        return self.LogLinesRequested(text, restored=bool(self.log_draft))

    def log_lines_closed(self, text: str, rows: Sequence[TimelineEvent] | None,
                         left: str) -> None:
        """Add the rows the dialog read (one step of undo) and keep what it did not read, or
        keep all of its text (backed out) for the next time it opens."""
        if rows is None:
            self.log_draft = text
            if text.strip():
                self.notify("What you pasted is kept: l opens it again.", timeout=5)
            return
        self.log_draft = left
        self.apply(self.editor.add_rows(self.document, rows))
        if left.strip():
            self.notify("The lines not understood are kept: l shows them, to fix or drop.",
                        title="Some lines not added", severity="warning", timeout=8)

    async def _request(self, request: DialogRequest) -> None:
        self.post_message(request)
        await request.answered()

    def edit_request(self, event: TimelineEvent | None) -> EditRequested:
        """What the row editor needs to edit event (None: a new row after the cursor)."""
        key = NEW if event is None else row_key(event)
        draft = self.drafts.get(key)
        restored = draft is not None
        if draft is None:
            draft = original_draft(event)
        title = "Add a timeline event" if event is None else "Edit timeline event"
        return self.EditRequested(key, event, title, draft, self.context_for(event),
                                  restored=restored)

    def typing_origin(self, event: TimelineEvent | None) -> tuple[str, str]:
        """What the row editor's unfinished typing belongs to: this table, and the row."""
        return typing_of(event, EventDraft()).where, typing_of(event, EventDraft()).edits

    def editor_closed(self, key: str, event: TimelineEvent | None, result: EventEdit) -> None:
        """Store what the row editor opened by edit_request ended with, or keep its draft."""
        if result.event is None:
            self._keep_draft(key, event, result.draft)
            return
        self.drafts.take(key)
        self._drafted.pop(key, None)
        self.apply(self.editor.save(self.document, event, result.event))

    def row_added(self, result: EventEdit) -> TimeContext:
        """Store a new row saved in a run of additions; what a time typed for the next new
        row (after this one) means."""
        self.editor_closed(NEW, None, result)
        return self.context_for(None)

    def _keep_draft(self, key: str, event: TimelineEvent | None, draft: EventDraft) -> None:
        if self.drafts.keep(key, draft, original_draft(event)):
            if event is not None:
                self._drafted[key] = event
            self.notify(kept_notice("a" if event is None else "e on that row"), timeout=5)

    def action_duplicate(self) -> None:
        event = self.current_event()
        if event is not None:
            self.apply(self.editor.duplicate(self.document, event))

    def action_delete(self) -> None:
        event = self.current_event()
        if event is not None:
            self.apply(self.editor.delete(self.document, event))

    def action_undo(self) -> None:
        self.apply(self.editor.undo(self.document))

    def action_milestone(self, name: str) -> None:
        event = self.current_event()
        if event is None:
            self.notify("Add a row first (a), then mark it.", timeout=3)
            return
        milestone = Milestone(name) if name else None
        self.apply(self.editor.set_milestone(self.document, event, milestone))

    def action_mark_suggested(self) -> None:
        """m: mark the rows the suggestions name, each as 1-4 would (u undoes each)."""
        from postmortem.document.review.suggest import suggested_milestones

        suggestions = suggested_milestones(self.document)
        if not suggestions:
            self.notify("Nothing to suggest: a row is marked already, or no row's words say "
                        "which milestone it is. Mark rows with 1-4.", timeout=5)
        for suggestion in suggestions:
            event = self.document.timeline[suggestion.row]
            self.apply(self.editor.set_milestone(self.document, event, suggestion.milestone))

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
            for listener in self.edit_listeners:
                listener(change)
            self.post_message(self.Edited(change))

    def _follow(self, event: TimelineEvent) -> None:
        # Most edits leave their row where it was: look for it only when it is not.
        index = self.cursor_row if self.current_event() is event else index_of(
            self.document.timeline, event)
        if index is not None:
            self.move_cursor(index)
