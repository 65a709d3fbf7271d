"""One line at the top of every screen: where we are, the file, and when it was last saved.
For a few seconds after a routine change it says what the change did ("AI-2: Completed") in
place of the file's name, so that the note fits at 80 columns and covers nothing."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.pause_timer import PauseTimer

NOTE_SECONDS = 5.0


class StatusLine(Static, UsesPostmortem):
    DEFAULT_CSS = """
    StatusLine { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, heading: str) -> None:
        super().__init__("", markup=False)  # file names may contain [brackets]
        self.heading = heading
        self.note = ""
        self._note_timer = PauseTimer(self, NOTE_SECONDS, lambda: self.show_note(""))
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
            self._note_timer.push()
        else:
            self._note_timer.cancel()
        self.note = note
        self._show()


def confirm(widget: Widget, message: str) -> None:
    """Confirm a routine change where it covers nothing: in the status line of the widget's
    screen. Errors and what needs attention stay notifications."""
    lines = widget.screen.query(StatusLine)
    if lines:
        lines.first().show_note(message)
    else:
        widget.notify(message, timeout=3, markup=False)  # it may repeat what was typed
