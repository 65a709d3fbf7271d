"""A small dialog to add or edit one timeline row: time, event, actions taken, milestone.

What was typed is never lost: a time that cannot be read stays in the field with the reason
under it, and closing with escape (or jumping to another section) hands the typing back as a
draft that the next edit of the same row starts from.

Adding rows, a complete clock time (14:20) moves the cursor on to Event by itself; the keys
that go on writing a time (":30", " UTC", the "14:20 db failover" of a row typed on one line)
take it back to Time (see time_advance).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from postmortem.dialogs.editor_dialog import EditorDialog
from postmortem.dialogs.row_fields import (
    MILESTONE_BINDINGS,
    MILESTONE_CHOICES,
    NO_MILESTONE,
    EventInput,
    TimeInput,
    milestone_label,
    milestone_value,
)
from postmortem.dialogs.time_advance import (
    ADVANCE_BINDINGS,
    ADVANCE_HINT,
    GOES_ON_KEYS,
    complete_clock_time,
    type_into,
)
from postmortem.document.drafts import EventDraft, EventEdit
from postmortem.document.model import Milestone, TimelineEvent
from postmortem.document.outline import TIMELINE_TABLE
from postmortem.document.timeparse import (
    EXAMPLES,
    TimeContext,
    TimeEntryError,
    describe_moment,
    format_time,
    parse_time,
    split_time_and_event,
)
from postmortem.document.unfinished import NEW
from postmortem.widgets.choice_field import (
    ChoiceField,
    decide_by_letter,
    letter_decides,
    spell_on,
)
from postmortem.widgets.dialog_row import DialogRow
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar
from postmortem.widgets.key_order import keys_handled
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.shown_text import briefly, show_text

EVENT = TIMELINE_TABLE.column("event").name  # the field is the table's column
NOTED_EVENT_CHARS = 36  # of the event the "Added" note repeats: the note stays one line
# Given a saved new row, stores it and says what a time typed for the row after it means.
NextRow = Callable[[EventEdit], TimeContext]


class EventEditor(EditorDialog[EventEdit]):
    """Enter goes to the next field and, on Actions or Milestone, saves the row. It ends with
    an EventEdit: the valid event to store, or the draft to keep.

    Adding rows (given next_row), a saved row is handed to next_row at once and the dialog
    stays open on the next new row, cursor in its Time: keys typed right after the enter land
    there. Enter on an empty new row (or escape) ends the run. A milestone's letter (tab from
    Actions, then d for Detected) picks it and, adding, saves the row too."""

    BINDING_GROUP_TITLE = "Timeline row editor"
    # The cursor starts in Time as the dialog is built, before any key can arrive: focusing it
    # in on_mount instead pulled it back from where keys typed in the same burst had taken it.
    AUTO_FOCUS = "#time"
    BINDINGS = [
        # priority: the focus moves before the next key of a burst (laggy SSH, paste) is read
        Binding("enter", "next_or_save", "Next", key_display="⏎", priority=True,
                tooltip="Next field; on Actions or Milestone, save the row"),
        Binding("ctrl+n", "save", "Save", tooltip="Save the row now"),
        Binding("escape", "close", "Close", tooltip="Close (keeps what you typed)"),
        *MILESTONE_BINDINGS,
        *ADVANCE_BINDINGS,
        # the table's add key, typed out of habit into the new row already open (an empty
        # timeline opens one as the cursor arrives): no time starts with it
        Binding("a", "adding_already", "", show=False, priority=True),
    ]
    # The dialog's own keys in the footer (not the screen's behind it), and F1; the rest work.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    EventEditor { align: center middle; }
    EventEditor > Vertical { width: 76; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    EventEditor .note { color: $text-muted; height: auto; margin-top: 1; }
    EventEditor #time-check { padding-left: 10; height: auto; }
    EventEditor #time-check.-error { color: $error; }
    EventEditor #event-check { padding-left: 10; height: auto; color: $error; }
    """

    def __init__(self, title: str, draft: EventDraft, context: TimeContext, *,
                 restored: bool = False, origin: tuple[str, str] = ("timeline", NEW),
                 next_row: NextRow | None = None,
                 log_lines: Callable[[str], object] | None = None) -> None:
        super().__init__(origin)
        self.log_lines = log_lines  # where pasted log lines go (None: into the field)
        self.run_done = False  # ended by enter on an empty new row, not by escape
        self.next_row = next_row
        self.title_text = title
        self.draft = draft  # what the fields hold, as last seen
        self.original = draft
        self.context = context
        self.restored = restored
        # Event's text when a complete time moved the cursor there (None: it did not just now)
        self._advanced_from: str | None = None
        self._time_went_on = False  # a key took the cursor back to Time: no advancing again

    def compose(self) -> ComposeResult:
        yield KeyBar()  # this dialog's keys, over the footer of the screen behind
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = self._subtitle()
            # markup=False: these repeat what was typed, and "[/red]" is not markup here
            note = Static("Restored what you typed before." if self.restored else "",
                          classes="note", id="note", markup=False)
            note.display = self.restored  # set before it is mounted: no layout to redo
            yield note
            with DialogRow():
                yield Label("Time")
                # adding, a key typed as the dialog opens (it opens as the cursor arrives at
                # an empty timeline) must not be selected by the focus, and replaced by the next
                yield TimeInput(self.draft.time, placeholder="14:02, now, +15m …", id="time",
                                select_on_focus=self.next_row is None)
            yield self._time_check_line()
            with DialogRow():
                yield Label(EVENT)
                # adding, the cursor arrives here from a time that moved on: a selected event
                # would be replaced by the key typed next
                yield EventInput(self.draft.event, placeholder="What happened", id="event",
                                 select_on_focus=self.next_row is None)
            event_check = Static(f"✗ {EVENT}: say what happened.", id="event-check")
            event_check.display = False
            yield event_check
            with DialogRow():
                yield Label("Actions")
                yield PasteJoiningInput(self.draft.actions, placeholder="What was done (optional)",
                                        id="actions")
            with DialogRow():
                yield Label("Milestone")
                yield ChoiceField(MILESTONE_CHOICES, milestone_label(self.draft.milestone),
                                  id="milestone", hint=None if self.next_row is None else
                                  "type n/i/d/m/r: marks the row and saves it")

    def _subtitle(self) -> str:
        if self.next_row is None:
            return "enter: next / save · tab: milestone · escape: close"
        return "enter: next / save · tab: milestone · enter on an empty row: done"

    def _time_check_line(self) -> Static:
        """The line under Time as the dialog opens: a time given is checked at once."""
        shown: str | None = self._time_hint()
        error = False
        if self.draft.time:
            shown, error, _ = self._time_check(self.draft.time, show_error=True)
        return Static(shown or "", id="time-check", classes="-error" if error else "",
                      markup=False)

    def _time_hint(self) -> str:
        previous = self.context.previous
        after = f"; +15m counts from {format_time(previous)}" if previous else ""
        advance = f" {ADVANCE_HINT}" if self.next_row is not None else ""
        return f"UTC. Type {EXAMPLES}{after}.{advance}"

    def typed_values(self) -> tuple[str, ...] | None:
        draft = self.draft
        if draft == self.original or draft.empty:
            return None
        return draft.values()

    def what_is_typed(self) -> str:
        return "timeline row"

    def _values(self) -> EventDraft:
        time, event, actions = (self.query_one(f"#{name}", Input).value
                                for name in ("time", "event", "actions"))
        chosen = self.query_one("#milestone", ChoiceField).value
        return EventDraft(time, event, actions, milestone_value(chosen))

    @on(Input.Changed, "#time")
    def _time_changed(self) -> None:
        self._check_time(show_error=False)

    @on(Input.Blurred, "#time")
    def _time_left(self) -> None:
        self._check_time(show_error=True)

    def _check_time(self, *, show_error: bool) -> bool:
        check = self.query_one("#time-check", Static)
        shown, error, valid = self._time_check(self.query_one("#time", Input).value,
                                               show_error=show_error or check.has_class("-error"))
        if shown is not None:
            show_text(check, shown)
            check.set_class(error, "-error")
        return valid

    def _time_check(self, typed: str, *, show_error: bool) -> tuple[str | None, bool, bool]:
        """What the line under Time says of the time typed (None: what it says now), whether
        that is an error, and whether the time is one."""
        try:
            moment = parse_time(typed, self.context)
        except TimeEntryError as error:
            if show_error:
                return f"✗ {error}", True, False
            return (self._time_hint() if not typed.strip() else None), False, False
        return describe_moment(moment, self.context), False, True

    @on(Input.Changed, "#event")
    def _event_changed(self) -> None:
        if self.query_one("#event-check").display:
            self._check_event()

    def _check_event(self) -> bool:
        said = bool(self.query_one("#event", Input).value.strip())
        self.query_one("#event-check").display = not said
        return said

    def takes_tab(self) -> bool:
        """Tab right after a time moved on is this dialog's (see widgets/host.TakesTab)."""
        return self.check_action("tab_after_time", ()) is True

    def takes_key(self, field: Input, key: str) -> bool:
        """Whether a binding of this dialog's wants key while field has the cursor."""
        if field.id == "time" and key.isdigit():
            return self.check_action("time_digit", (key,)) is True
        if field.id == "event" and key in GOES_ON_KEYS:
            return self.check_action("time_goes_on", (key,)) is True
        if field.id == "time" and key == "a":
            return self.check_action("adding_already", ()) is True
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused.id if self.focused is not None else None
        if action == "decide":
            return letter_decides(self.focused, str(parameters[0]))
        if action == "time_digit":
            return self.next_row is not None and focused == "time" and not self._time_went_on
        if action in ("tab_after_time", "time_goes_on", "backspace_after_time"):
            return self._advanced_from is not None and focused == "event"
        if action == "adding_already":  # (not a letter spelling on a milestone picked)
            time = self.query_one("#time", TimeInput)
            return self.next_row is not None and focused == "time" and not (
                time.value or time.tail)
        return True

    def action_adding_already(self) -> None:
        """`a` in the empty Time of a new row: said, not typed (it would make the time
        unreadable)."""
        check = self.query_one("#time-check", Static)
        check.remove_class("-error")
        show_text(check, "Adding a row already: type its time (14:02, now, +15m …).")

    async def action_decide(self, letter: str) -> None:
        """A first letter that names one milestone (d: Detected) picks it and, adding rows,
        saves the row and goes on to the next, as enter would; the letters that spell on the
        word, typed right after, are the choice's. Editing one row, enter saves it (the
        letters after would otherwise hit the table)."""
        chosen = await decide_by_letter(self.focused, letter)
        if chosen is None or self.next_row is None:
            return
        self.action_save()
        spell_on(self.focused, chosen)

    async def action_time_digit(self, digit: str) -> None:
        """A digit typed into Time; adding rows, once the time is a complete clock time the
        cursor goes on to Event (here, before the next key of a burst is read)."""
        time = self.query_one("#time", Input)
        await keys_handled(time)
        type_into(time, digit)
        if (time.cursor_position == len(time.value) and complete_clock_time(time.value)
                and self._check_time(show_error=False)):
            event = self.query_one("#event", Input)
            self._advanced_from = event.value
            self.set_focus(event)
            event.cursor_position = len(event.value)

    async def _untouched_since_advance(self) -> bool:
        """True when the time just moved the cursor on and nothing has been typed in Event
        since (the flag is spent either way)."""
        if self._advanced_from is None:
            return False
        event = self.query_one("#event", Input)
        await keys_handled(event)
        advanced_from, self._advanced_from = self._advanced_from, None
        return event.value == advanced_from and self.focused is event

    async def action_tab_after_time(self) -> None:
        """Tab pressed out of habit right after a time that moved on by itself does nothing."""
        if not await self._untouched_since_advance():
            self.focus_next()

    async def action_backspace_after_time(self) -> None:
        """Backspace right after a time that moved on takes back its last character, in Time
        (a digit typed then moves on again); later, it is Event's."""
        event = self.query_one("#event", Input)
        if not await self._untouched_since_advance():
            event.action_delete_left()
            return
        time = self.query_one("#time", Input)
        self.set_focus(time)
        time.cursor_position = len(time.value)
        time.action_delete_left()

    async def action_time_goes_on(self, character: str) -> None:
        """:, space or + right after a time that moved on goes on writing the time (14:20:30,
        14:20 UTC, or a whole row on one line, which enter splits); later, it is Event's."""
        event = self.query_one("#event", Input)
        if not await self._untouched_since_advance():
            type_into(event, character)
            return
        self._time_went_on = True
        time = self.query_one("#time", Input)
        self.set_focus(time)
        time.value += character
        time.cursor_position = len(time.value)

    async def action_next_or_save(self) -> None:
        await keys_handled(self.focused)
        if await self._untouched_since_advance():
            return  # enter out of habit after a time that moved on by itself: nothing lost
        if self.origin[1] == NEW and self._values().empty:
            self.run_done = True  # not escape: the opener may go on from here
            self.end(EventEdit(EventDraft()))  # enter on an empty new row: the run is done
            return
        field = self.focused.id if self.focused is not None else None
        if field == "time" and self._split_row_typed_as_one_line():
            return
        if field == "time" and not self._check_time(show_error=True):
            return
        if field == "event" and not self._check_event():
            return
        if field in ("actions", "milestone"):
            self.action_save()
        else:
            self.focus_next()

    def _split_row_typed_as_one_line(self) -> bool:
        """Enter on "14:20 db failover started" in Time: the time stays, the rest goes to the
        event (before what it holds), and the cursor to Actions."""
        time, event = (self.query_one(f"#{name}", Input) for name in ("time", "event"))
        try:
            parse_time(time.value, self.context)
            return False  # a time as it is
        except TimeEntryError:
            split = split_time_and_event(time.value, self.context)
        if split is None:
            return False
        time.value, rest = split
        event.value = f"{rest} {event.value}".strip()
        self._check_time(show_error=True)
        self.set_focus(self.query_one("#actions", Input))
        return True

    def action_save(self) -> None:
        time_good, event_said = self._check_time(show_error=True), self._check_event()
        if not (time_good and event_said):
            self.set_focus(self.query_one("#time" if not time_good else "#event", Input))
            return
        draft = self._values()
        moment = parse_time(draft.time, self.context)
        milestone = Milestone(draft.milestone) if draft.milestone else None
        edit = EventEdit(draft, TimelineEvent(time=moment, event=draft.event,
                                              actions=draft.actions, milestone=milestone))
        if self.next_row is None:
            self.end(edit)
        else:
            self._start_next_row(self.next_row(edit), f"Added {format_time(moment)} "
                                                      f"{briefly(draft.event, NOTED_EVENT_CHARS)}")

    def _start_next_row(self, context: TimeContext, said: str) -> None:
        """The row is stored: empty the fields for the next one, cursor in Time."""
        self.context = context
        self.original = self.draft = EventDraft()
        self._advanced_from, self._time_went_on = None, False
        for name in ("time", "event", "actions"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#milestone", ChoiceField).choose(NO_MILESTONE)
        check = self.query_one("#time-check", Static)
        check.remove_class("-error")
        show_text(check, self._time_hint())
        note = self.query_one("#note", Static)
        show_text(note, f"✓ {said}. Next row:")
        note.display = True
        self.set_focus(self.query_one("#time", Input))
        self.typing_changed()  # the row typed is in the document now, not unfinished

    def action_close(self) -> None:
        self.close_with_draft()

    def takes_log_lines(self, pasted: str) -> bool:
        """Lines pasted into a new row with nothing typed yet are log lines."""
        return (self.log_lines is not None and self.origin[1] == NEW and self._values().empty
                and len(pasted.strip().splitlines()) > 1)

    def paste_log_lines(self, pasted: str) -> None:
        if self.log_lines is not None:
            self.end(EventEdit(EventDraft()))
            self.log_lines(pasted)

    def draft_result(self) -> EventEdit:
        return EventEdit(self._values())

    def last_draft_result(self) -> EventEdit:
        return EventEdit(self.draft)

    @on(Input.Changed)
    @on(ChoiceField.Changed)
    def _keep_typing(self) -> None:
        self.draft = self._values()
        self.typing_changed()
