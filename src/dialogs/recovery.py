"""On start: unsaved work from a run that ended without saving. Show what differs; keep or drop.

Neither choice loses anything: keeping puts the recovered work in the document (and, should the
file have changed after the copy was made, keeps the file's version beside it); dropping moves
the copy aside in the state folder instead of deleting it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from postmortem.document.compare import differences
from postmortem.document.model import Document
from postmortem.storage.recovery import RecoveryOffer, printable_path

SHOWN_DIFFERENCES = 8


class RecoveryDialog(ModalScreen[bool]):
    """Dismissed with True to keep the recovered work, False to drop it."""

    BINDINGS = [
        Binding("escape", "keep", "Keep it"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    DEFAULT_CSS = """
    RecoveryDialog { align: center middle; }
    RecoveryDialog > Vertical { width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1; }
    RecoveryDialog .differences { height: auto; max-height: 10; color: $text-muted; }
    RecoveryDialog Horizontal { height: auto; margin-top: 1; }
    RecoveryDialog Button { margin-right: 2; }
    """

    def __init__(self, offer: RecoveryOffer, current: Document) -> None:
        super().__init__()
        self.offer = offer
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Unsaved work found"
            yield Static(self.explanation(), markup=False)
            with VerticalScroll(classes="differences"):
                yield Static(self.difference_lines(), markup=False)
            with Horizontal():
                yield Button("Keep the recovered work", id="keep", variant="primary")
                yield Button("Drop it", id="drop")

    def explanation(self) -> str:
        name = printable_path(self.offer.document_path)
        when = f"{self.offer.written_at:%Y-%m-%d %H:%M:%S}"
        text = (f"The last session on {name} ended before saving. A recovery copy from "
                f"{when} holds work the file does not. Compared with the file:")
        if self.offer.file_is_newer:
            text += ("\n(The file was changed after the copy was made: keeping the copy keeps "
                     "the file's version beside it.)")
        return text

    def difference_lines(self) -> str:
        lines = differences(self.current, self.offer.document, limit=SHOWN_DIFFERENCES)
        lines += [f"unfinished {item.describe}" for item in self.offer.unfinished]
        footer = ("\nKeep: the document becomes the recovered version. Drop: open the file as "
                  "saved; the copy is moved aside, not deleted. Escape keeps.")
        return "\n".join(f"• {line}" for line in lines) + "\n" + footer

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "keep")

    def action_keep(self) -> None:
        self.dismiss(True)
