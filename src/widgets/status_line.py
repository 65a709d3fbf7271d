"""One line at the top of every screen: where we are, the file, and when it was last saved.
For a few seconds after a routine change it says what the change did ("AI-2: Completed") in
place of the file's name, so that the note fits at 80 columns and covers nothing."""

from __future__ import annotations

import time

from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from postmortem.widgets.host import UsesPostmortem

NOTE_SECONDS = 5.0


class StatusLine(Static, UsesPostmortem):
    DEFAULT_CSS = """
    StatusLine { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, heading: str) -> None:
        super().__init__("", markup=False)  # file names may contain [brackets]
        self.heading = heading
        self.note = ""
        self._note_timer: Timer | None = None
        self._note_until = 0.0  # time.monotonic() when the note goes
        self._shown: tuple[str, str, str] | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._show, init=True)

    def _show(self) -> None:
        """Say it again, if it changed; one line high always, so without a layout of the
        screen (which would draw a whole grid or table again on every key that edits)."""
        app = self.postmortem
        shown = (app.save_state, self.note, app.path.name)
        if shown == self._shown:
            return
        self._shown = shown
        if self.note:
            self.update(Content.assemble(f"{self.heading} · {app.save_state} · ",
                                         (self.note, "bold")), layout=False)
        else:
            self.update(f"{self.heading} · {app.path.name} · {app.save_state}", layout=False)

    def show_note(self, note: str) -> None:
        """Say note until NOTE_SECONDS pass or the next note comes."""
        if note:
            # One timer for a run of notes (one per key that edits), not a new one each time:
            # when it ends early it waits out what is left.
            self._note_until = time.monotonic() + NOTE_SECONDS
            if self._note_timer is None:
                self._note_timer = self.set_timer(NOTE_SECONDS, self._note_due)
        elif self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        self.note = note
        self._show()

    def _note_due(self) -> None:
        self._note_timer = None
        left = self._note_until - time.monotonic()
        if left > 0:
            self._note_timer = self.set_timer(left, self._note_due)
        else:
            self.show_note("")


def confirm(widget: Widget, message: str) -> None:
    """Confirm a routine change where it covers nothing: in the status line of the widget's
    screen. Errors and what needs attention stay notifications."""
    lines = widget.screen.query(StatusLine)
    if lines:
        lines.first().show_note(message)
    else:
        widget.notify(message, timeout=3, markup=False)  # it may repeat what was typed
