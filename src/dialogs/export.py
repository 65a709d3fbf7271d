"""Export Markdown: confirm or change where the file goes."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.path_suggester import PathSuggester


class ExportDialog(ModalScreen[Path | None]):
    """Dismissed with the file to write the export to, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical { width: 70; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1; }
    ExportDialog .note { color: $text-muted; }
    """

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export Markdown"
            yield Label("Write the Markdown export to:")
            yield PasteJoiningInput(str(self.default), id="export-path",
                                    suggester=PathSuggester((".md",)))
            yield Static(self._note(str(self.default)), classes="note")

    def _note(self, text: str) -> str:
        path = Path(text).expanduser()
        if path.exists():
            return "This file exists: Enter replaces it. → completes a name. Escape cancels."
        return "Enter writes it. → completes a name. Escape cancels."

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(".note", Static).update(self._note(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        self.dismiss(Path(event.value.strip()).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
