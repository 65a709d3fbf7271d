"""A small dialog to add or edit one action item.

Description, owner (suggesting the responders named in Incident Information), priority and
status (typed by their first letters, or stepped through), and a due date typed as YYYY-MM-DD,
+10d or +2w. As in the timeline editor, escape hands what was typed back as a draft; nothing
is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import DescendantFocus
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from postmortem.dialogs.editor_dialog import EditorDialog
from postmortem.document.drafts import ActionDraft, ActionEdit
from postmortem.document.duedate import EXAMPLES, DueDateError, parse_due
from postmortem.document.model import Priority, Status
from postmortem.document.outline import ACTION_TABLE
from postmortem.document.unfinished import NEW
from postmortem.widgets.choice_field import (
    DECIDING_LETTERS,
    ChoiceField,
    TailInput,
    choice_typed,
    decide_by_letter,
    letter_decides,
    spell_on,
)
from postmortem.widgets.dialog_row import DialogRow
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar
from postmortem.widgets.key_order import keys_handled
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.shown_text import briefly, show_text

NOTED_CHARS = 40  # of the item the "Added" note repeats: the note stays one line

__all__ = ["ActionEditor", "ChoiceField", "choice_typed"]  # the tests import them from here


class ActionEditor(EditorDialog[ActionEdit]):
    """Enter goes to the next field and, on the last one, saves the item. It ends with an
    ActionEdit: the valid values to store, or the draft to keep.

    Adding items (given next_item), a saved item is handed to next_item at once and the dialog
    stays open on the next new one, cursor in its description: keys typed right after the
    enter land there. Enter on an empty new item (or escape) ends the run."""

    BINDING_GROUP_TITLE = "Action-item dialog"
    # The cursor starts in the description as the dialog is built, before any key can arrive
    # (see EventEditor); a restored draft moves it on to where the author was.
    AUTO_FOCUS = "#description"
    BINDINGS = [
        # priority: the focus moves before the next key of a burst (laggy SSH, paste) is read
        Binding("enter", "next_or_save", "Next", key_display="⏎", priority=True,
                tooltip="Next field; on the last one, save the item"),
        Binding("ctrl+n", "save", "Save", tooltip="Save the item now"),
        Binding("escape", "close", "Close", tooltip="Close (keeps what you typed)"),
        # priority, as enter: a letter that decides a choice moves on before the next key of
        # a burst is read (only in a priority or status field: see check_action)
        *[Binding(f"{letter},{letter.upper()}", f"decide('{letter}')", f"{choice}, go on",
                  show=False, priority=True) for letter, choice in DECIDING_LETTERS.items()],
    ]
    # The dialog's own keys in the footer (not the screen's behind it), and F1; the rest work.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    ActionEditor { align: center middle; }
    ActionEditor > Vertical { width: 76; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    ActionEditor .check { padding-left: 10; height: auto; color: $text-muted; }
    ActionEditor .check.-error { color: $error; }
    """

    FIELDS = ("description", "owner", "priority", "due", "status")

    def __init__(self, title: str, draft: ActionDraft, responders: list[str], today: dt.date,
                 *, restored: bool = False,
                 origin: tuple[str, str] = ("action_items", NEW),
                 next_item: Callable[[ActionEdit], object] | None = None) -> None:
        super().__init__(origin)
        self.run_done = False  # ended by enter on an empty new row, not by escape
        self.next_item = next_item
        self.title_text = title
        self.draft = draft  # what the fields hold, as last seen
        self.original = draft
        self.responders = responders
        self.today = today
        self.restored = restored
        self._resume_in: Input | None = None

    def compose(self) -> ComposeResult:
        yield KeyBar()  # this dialog's keys, over the footer of the screen behind
        draft, next_item = self.draft, self.next_item
        suggester = SuggestFromList(self.responders, case_sensitive=False)
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = ("enter: next / save · escape: close" if next_item is None
                                   else "enter: next / save, then the next item · "
                                        "enter on an empty item: done")
            # markup=False: these repeat what was typed, and "[/red]" is not markup here
            note = Static("Restored what you typed before." if self.restored else "",
                          classes="check", id="note", markup=False)
            note.display = self.restored  # set before it is mounted: no layout to redo
            yield note
            with DialogRow():
                yield Label("What")
                yield TailInput(draft.description, placeholder="One concrete change",
                                id="description",  # see EventEditor
                                select_on_focus=self.next_item is None)
            yield Static("", classes="check", id="description-check", markup=False)
            with DialogRow():
                yield Label(ACTION_TABLE.column("owner").name)
                yield PasteJoiningInput(draft.owner, placeholder=self._owner_hint(),
                                        suggester=suggester, id="owner")
            with DialogRow():
                yield Label(ACTION_TABLE.column("priority").name)
                yield ChoiceField([p.value for p in Priority], draft.priority, id="priority")
            with DialogRow():
                yield Label("Due")
                yield TailInput(draft.due, placeholder="2026-04-01, +10d or +2w", id="due")
            yield self._due_check_line()
            with DialogRow():
                yield Label(ACTION_TABLE.column("status").name)
                yield ChoiceField([s.value for s in Status], draft.status, id="status")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "decide":
            return True
        return letter_decides(self.focused, str(parameters[0]))

    async def action_decide(self, letter: str) -> None:
        """A first letter that names one choice (h: High) picks it and goes on: to the next
        field, or from the status of a new item to the next item, as enter would. The letters
        that spell on the word, typed right after, are taken as the choice's."""
        field = self.focused
        chosen = await decide_by_letter(field, letter)
        if chosen is None or field is None:
            return
        if field.id != "status":
            self.focus_next()
        elif self.next_item is not None:
            self.action_save()
        # editing one item, enter saves it (the letters after would otherwise hit the grid)
        spell_on(self.focused, chosen)

    def _owner_hint(self) -> str:
        names = ", ".join(self.responders[:3])
        return f"Who does it (enter takes a suggestion: {names})" if names else "Who does it"

    def on_mount(self) -> None:
        start = self.query_one(f"#{self._start_field()}")
        if self.restored and isinstance(start, Input):
            self._resume_in = start
        if start.id != "description":  # else it has the cursor already (AUTO_FOCUS)
            self.set_focus(start)

    def _start_field(self) -> str:
        """A restored draft resumes in the field the cursor was in; anything else starts in
        the description, the one required field."""
        if self.restored and self.draft.focus in self.FIELDS:
            return self.draft.focus
        return "description"

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        resume = self._resume_in
        if resume is not None and event.widget is resume:
            # Focus selects a field's text, and the next key would replace it: resuming,
            # the cursor goes after what was typed instead.
            self._resume_in = None
            resume.cursor_position = len(resume.value)
        self.draft = self._values()

    def typed_values(self) -> tuple[str, ...] | None:
        draft = self.draft
        return None if draft == self.original else draft.values()

    def what_is_typed(self) -> str:
        return "action item"

    def _values(self) -> ActionDraft:
        focused = self.focused.id if self.focused is not None else None
        return ActionDraft(
            self.query_one("#description", Input).value, self.query_one("#owner", Input).value,
            self.query_one("#priority", ChoiceField).value, self.query_one("#due", Input).value,
            self.query_one("#status", ChoiceField).value,
            focus=focused if focused in self.FIELDS else "")

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._check_due(show_error=False)

    @on(Input.Blurred, "#due")
    def _due_left(self) -> None:
        self._check_due(show_error=True)

    def _due_check_line(self) -> Static:
        """The line under Due as the dialog opens: a date given is checked at once."""
        shown, error = f"Type {EXAMPLES}.", False
        if self.draft.due:
            said, error = self._due_check(self.draft.due, show_error=True)
            shown = said if said is not None else shown
        return Static(shown, classes="check -error" if error else "check", id="due-check",
                      markup=False)

    def _check_due(self, *, show_error: bool) -> bool:
        check = self.query_one("#due-check", Static)
        shown, error = self._due_check(self.query_one("#due", Input).value,
                                       show_error=show_error or check.has_class("-error"))
        if shown is not None:
            show_text(check, shown)
            check.set_class(error, "-error")
        return shown is not None and not error

    def _due_check(self, typed: str, *, show_error: bool) -> tuple[str | None, bool]:
        """What the line under Due says of the date typed (None: what it says now, the date
        not being one), and whether that is an error."""
        try:
            due = parse_due(typed, self.today)
        except DueDateError as error:
            return (f"✗ {error}", True) if show_error else (None, True)
        return _describe_due(due, self.today), False

    def _check_description(self) -> bool:
        text = self.query_one("#description", Input).value.strip()
        check = self.query_one("#description-check", Static)
        check.set_class(not text, "-error")
        show_text(check, "" if text else "✗ Describe the change: one concrete thing to do.")
        return bool(text)

    async def action_next_or_save(self) -> None:
        await keys_handled(self.focused)
        if self.origin[1] == NEW and self._values() == ActionDraft():
            self.run_done = True  # not escape: the opener may go on from here
            self.end(ActionEdit(ActionDraft()))  # enter on an empty new item: the run is done
            return
        name = self.focused.id if self.focused is not None else None
        if name == "due" and not self._check_due(show_error=True):
            return
        if name == "description" and not self._check_description():
            return
        if name == "owner":
            self._take_suggested_owner()
        if name == "status":
            self.action_save()
        else:
            self.focus_next()

    def _take_suggested_owner(self) -> None:
        """Enter takes the responder the typed start suggests. Worked out here, not taken from
        the field's suggestion, which may not have arrived yet when keys come in a burst."""
        owner = self.query_one("#owner", Input)
        typed = owner.value.casefold()
        suggested = next((responder for responder in self.responders
                          if typed and responder.casefold().startswith(typed)), None)
        if suggested is not None:
            owner.value = suggested
            owner.cursor_position = len(suggested)

    def action_save(self) -> None:
        if not self._check_description():
            self.set_focus(self.query_one("#description", Input))
            return
        if not self._check_due(show_error=True):
            self.set_focus(self.query_one("#due", Input))
            return
        draft = self._values()
        edit = ActionEdit(draft, parse_due(draft.due, self.today), saved=True)
        if self.next_item is None:
            self.end(edit)
            return
        self.next_item(edit)
        self._start_next_item(draft.description)

    def _start_next_item(self, added: str) -> None:
        """The item is stored: empty the fields for the next one, cursor in its description."""
        self.original = self.draft = ActionDraft()
        for name in ("description", "owner", "due"):
            self.query_one(f"#{name}", Input).value = ""
        for name, default in (("priority", Priority.MEDIUM), ("status", Status.OPEN)):
            self.query_one(f"#{name}", ChoiceField).choose(default.value)
        show_text(self.query_one("#due-check", Static), f"Type {EXAMPLES}.")
        self.query_one("#due-check", Static).remove_class("-error")
        note = self.query_one("#note", Static)
        show_text(note, f"✓ Added: {briefly(added, NOTED_CHARS)}. Next item:")
        note.display = True
        self.set_focus(self.query_one("#description", Input))
        self.typing_changed()  # the item typed is in the document now, not unfinished

    def action_close(self) -> None:
        self.close_with_draft()

    def draft_result(self) -> ActionEdit:
        return ActionEdit(self._values())

    def last_draft_result(self) -> ActionEdit:
        return ActionEdit(self.draft)

    @on(Input.Changed)
    @on(ChoiceField.Changed)
    def _keep_typing(self) -> None:
        self.draft = self._values()
        self.typing_changed()


def _describe_due(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return f"No due date yet. Type {EXAMPLES}."
    days = (due - today).days
    when = ("today" if days == 0 else f"in {days} days" if days > 0
            else f"{-days} days ago: overdue unless done")
    return f"= {due.isoformat()} ({when})"
