"""The file changed on disk while there are unsaved edits: keep mine or take theirs.

Whichever is chosen, the other version stays reachable: theirs is copied beside the file as
FILE.theirs-<time>.toml before mine replaces it, or mine is saved as FILE.mine-<time>.toml before
theirs is loaded. "Decide later" changes nothing; autosave waits, the recovery copy does not.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from postmortem.document.compare import differences
from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage.recovery import printable, printable_path, read_document
from postmortem.storage.session import Session
from postmortem.widgets.host import UsesPostmortem

SHOWN_DIFFERENCES = 8


class ConflictDialog(ModalScreen[None], UsesPostmortem):
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

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
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
            yield Static("", classes="problem", markup=False)
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
        if event.button.id == "later":
            self.action_later()
            return
        mine = event.button.id == "mine"
        try:
            message = self.session.keep_mine() if mine else self.session.take_theirs()
        except (SaveError, DocumentError, OSError, ValueError) as error:
            self.query_one(".problem", Static).update(
                f"✗ {printable(str(error))}. Nothing was lost; your version is still here.")
            return
        self.dismiss()
        self.postmortem.conflict_resolved(message, reloaded=not mine)

    def action_later(self) -> None:
        self.dismiss()
        self.postmortem.tell("Nothing changed. Autosave waits until you choose (ctrl+s); the "
                             "recovery copy keeps your work meanwhile.", timeout=8)
