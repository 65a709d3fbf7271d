"""The file changed on disk while there are unsaved edits: keep mine or take theirs.

Whichever is chosen, the other version stays reachable: theirs is copied beside the file as
FILE.theirs-<time>.toml before mine replaces it, or mine is saved as FILE.mine-<time>.toml before
theirs is loaded. "Decide later" changes nothing; autosave waits, the recovery copy does not.
The dialog returns the choice; the app carries it out, and opens the dialog again with the reason
should that fail.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from postmortem.document.compare import differences
from postmortem.document.errors import DocumentError
from postmortem.storage.recovery import printable, printable_path, read_document
from postmortem.storage.session import Session

SHOWN_DIFFERENCES = 8


class ConflictDialog(ModalScreen[str | None]):
    """Dismissed with "mine" or "theirs", or None to decide later."""

    BINDINGS = [
        Binding("escape", "later", "Decide later"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1; }
    ConflictDialog .differences { height: auto; max-height: 10; color: $text-muted; }
    ConflictDialog .problem { color: $error; height: auto; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 1; }
    """

    def __init__(self, session: Session, problem: str = "") -> None:
        super().__init__()
        self.session = session
        self.problem = problem  # why carrying out the last choice failed
        self.their_problem: str | None = None


    def compose(self) -> ComposeResult:
        name = printable_path(self.session.path)
        with Vertical() as box:
            box.border_title = "Changed on disk"
            yield Static(f"{name} was changed on disk (another editor, a git pull, …) while you "
                         "have unsaved edits here. Whichever you choose, the other version is "
                         "kept beside the file. What theirs changes compared with yours:",
                         markup=False)
            with VerticalScroll(classes="differences"):
                yield Static(self.difference_lines(), markup=False)
            yield Static(self.problem, classes="problem", markup=False)
            with Horizontal():
                yield Button("Keep mine", id="mine", variant="primary")
                yield Button("Take theirs", id="theirs", disabled=self.their_problem is not None)
                yield Button("Decide later", id="later")

    def difference_lines(self) -> str:
        try:
            theirs = read_document(self.session.path)
        except DocumentError as error:
            self.their_problem = printable(str(error))
            return f"Their version cannot be opened: {self.their_problem}"
        lines = differences(self.session.document, theirs, limit=SHOWN_DIFFERENCES)
        return "\n".join(f"• {line}" for line in lines) or "• (no differences in the content)"

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_later(self) -> None:
        self.dismiss(None)


def choice_failed(error: str) -> str:
    """The line the dialog shows when the choice could not be carried out."""
    return f"✗ {printable(error)}. Nothing was lost; your version is still here."
