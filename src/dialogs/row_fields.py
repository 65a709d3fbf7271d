"""The fields of the timeline row dialog that need more than an input: Time (pasted log lines,
a digit that may complete the time), Event (the key right after a time that moved on), and
the milestone, a choice picked by its first letter."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.binding import Binding
from textual.events import Paste
from textual.widgets import Input

from postmortem.document.vocabulary import Milestone
from postmortem.widgets.choice_field import TailInput
from postmortem.widgets.pasting import PasteJoiningInput

NO_MILESTONE = "none"
# The milestone field's choices: what the table shows, each picked by its first letter
MILESTONE_CHOICES = [NO_MILESTONE, *(milestone.label for milestone in Milestone)]
MILESTONE_OF_LABEL = {milestone.label: milestone for milestone in Milestone}
MILESTONE_LETTERS = [choice[0].lower() for choice in MILESTONE_CHOICES]

# priority, as enter: a letter that decides the milestone saves the row before the next key
# of a burst is read (only in the milestone field: the dialog's check_action)
MILESTONE_BINDINGS = [
    Binding(f"{letter},{letter.upper()}", f"decide('{letter}')",
            "Milestone by its letter" if letter == MILESTONE_LETTERS[0] else "",
            key_display="/".join(MILESTONE_LETTERS) if letter == MILESTONE_LETTERS[0] else None,
            show=False, priority=True,
            tooltip="In Milestone (tab from Actions): n none, i impact start, d detected, "
                    "m mitigated, r resolved; adding rows, it saves the row too")
    for letter in MILESTONE_LETTERS]


def milestone_label(value: str) -> str:
    """The choice shown for a draft's milestone value ("detected" -> "Detected")."""
    return next((m.label for m in Milestone if m.value == value), NO_MILESTONE)


def milestone_value(label: str) -> str:
    """A draft's milestone value for the choice shown ("none" -> "")."""
    milestone = MILESTONE_OF_LABEL.get(label)
    return milestone.value if milestone is not None else ""


@runtime_checkable
class RowDialog(Protocol):
    """What the fields ask of the dialog they are in (the EventEditor)."""

    def takes_key(self, field: Input, key: str) -> bool:
        """Whether a binding of the dialog wants key while field has the cursor."""

    def takes_log_lines(self, pasted: str) -> bool:
        """Whether pasted text is log lines, for the dialog that reads them."""

    def paste_log_lines(self, pasted: str) -> None:
        """Hand pasted log lines to that dialog."""


def lent_to_dialog(field: Input, key: str) -> bool:
    """The dialog's binding takes key from field (an input takes every printable key, and
    Textual leaves the bindings of the screen around it out): a digit in Time, which may
    complete the time, and : space + in Event right after the time moved on."""
    dialog = field.screen
    return isinstance(dialog, RowDialog) and dialog.takes_key(field, key)


class EventInput(PasteJoiningInput):
    """The Event field: the key right after a time that moved on may go back to Time."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return not lent_to_dialog(self, key) and super().check_consume_key(key, character)


class TimeInput(TailInput):
    """The Time field: lines pasted into the new row an empty timeline opened are log lines,
    for the dialog that reads them (as a paste into the table is), not one joined time. After
    a milestone picked by its letter saves the row, the rest of its word is not a time."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return not lent_to_dialog(self, key) and super().check_consume_key(key, character)

    def on_paste(self, event: Paste) -> None:
        dialog = self.screen
        if isinstance(dialog, RowDialog) and dialog.takes_log_lines(event.text):
            event.prevent_default()  # not joined into this field (PasteJoiningInput's)
            event.stop()
            dialog.paste_log_lines(event.text)
