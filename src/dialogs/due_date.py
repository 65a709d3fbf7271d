"""A one-line dialog for an action item's due date, from the shelf's action items.

It takes what the action-item editor takes (YYYY-MM-DD, +10d, +2w, today; empty clears the
date), says at once what is wrong with what was typed, and returns the date; escape returns
nothing and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from postmortem.document import clock
from postmortem.document.duedate import EXAMPLES, DueDateError, parse_due
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar


@dataclass(frozen=True)
class DueDate:
    """The chosen due date; None clears it."""

    due: dt.date | None


class DueDateDialog(ModalScreen[DueDate | None]):
    BINDING_GROUP_TITLE = "Due date dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close; nothing is changed")]
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    DueDateDialog { align: center middle; }
    DueDateDialog > Vertical { width: 64; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1; }
    DueDateDialog #due-problem { color: $error; height: auto; }
    DueDateDialog .hint { color: $text-muted; }
    DueDateDialog Input { margin: 1 0 0 0; }
    """

    def __init__(self, what: str, current: str) -> None:
        super().__init__()
        self.what = what  # "INC-2026-0314 AI-2: description"
        self.current = current  # YYYY-MM-DD or empty

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical() as box:
            box.border_title = "Due date — enter saves, escape cancels"
            yield Static(self.what, markup=False)
            yield Static(f"{EXAMPLES}; empty clears the date (ctrl+u empties the field).",
                         classes="hint", markup=False)
            yield Input(self.current, placeholder=EXAMPLES, id="due")
            yield Static("", id="due-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.query_one("#due-problem", Static).update(self._problem(event.value) or "")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        problem = self._problem(event.value)
        if problem:
            self.query_one("#due-problem", Static).update(problem)
            return
        self.dismiss(DueDate(parse_due(event.value, clock.today())))

    @staticmethod
    def _problem(text: str) -> str | None:
        try:
            parse_due(text, clock.today())
        except DueDateError as error:
            return str(error)
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)
