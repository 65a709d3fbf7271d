"""Save as…: write the document to another file, e.g. when its folder is read-only or full.

The new file becomes the one being edited. An existing file is only replaced after a second
Enter. The dialog returns the chosen path; should saving there fail, the app opens it again with
the path as typed and the reason, so another place can be tried at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from postmortem.storage.recovery import absolute, printable_path
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.path_suggester import PathSuggester


def suggested_path(current: Path, trouble: str | None) -> Path:
    """Where to offer saving: the file itself when all is well, else the home folder (or the
    temporary folder when the file already lives in the home folder)."""
    if trouble is None:
        return current
    home = Path.home()
    if absolute(current).parent != absolute(home):
        return home / current.name
    return Path(tempfile.gettempdir()) / current.name


class SaveAsDialog(ModalScreen[Path | None]):
    """Dismissed with the path to save to, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    SaveAsDialog { align: center middle; }
    SaveAsDialog > Vertical { width: 74; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1; }
    SaveAsDialog .note { color: $text-muted; height: auto; }
    SaveAsDialog .problem { color: $error; height: auto; }
    """

    def __init__(self, current: Path, trouble: str | None, *, typed: str | None = None,
                 problem: str = "") -> None:
        super().__init__()
        self.current = current
        self.trouble = trouble
        self.typed = typed  # what was typed when saving there failed, with the reason (problem)
        self.problem = problem
        self.confirmed: Path | None = None  # an existing file the user agreed to replace


    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Save as…"
            if self.trouble:
                yield Static(f"{printable_path(self.current)} cannot be saved: {self.trouble}.",
                             classes="problem", markup=False)
            yield Label("Save the post-mortem to:")
            typed = self.typed if self.typed is not None else str(
                suggested_path(self.current, self.trouble))
            yield PasteJoiningInput(typed, id="save-as-path", suggester=PathSuggester((".toml",)))
            yield Static("Enter saves; from then on that file is the one being edited. "
                         "→ completes a name. Escape cancels.", classes="note", markup=False)
            yield Static(self.problem, classes="problem", id="save-as-problem", markup=False)

    def show_problem(self, text: str) -> None:
        self.query_one("#save-as-problem", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value == self.typed:
            return  # the input showing the path it opened with: the reason still holds
        self.typed = None
        self.confirmed = None
        self.show_problem("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        target = Path(text).expanduser()
        if target.is_dir():
            self.show_problem("✗ That is a folder: add a file name, e.g. …/incident.toml")
            return
        replacing = target.exists() and absolute(target) != absolute(self.current)
        if replacing and self.confirmed != target:
            self.confirmed = target
            self.show_problem(f"{printable_path(target)} exists: press Enter again to replace "
                              "it, or change the name.")
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)


def could_not_save_there(problem: str) -> str:
    """The line the dialog shows when saving to the chosen path failed."""
    return f"✗ Could not save there: {problem}. Try another place."
