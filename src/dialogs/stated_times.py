"""State a measured time by hand (H:MM) with a note on how it was measured.

A stated time overrides the one computed from the timeline milestones in the export; the
metrics panel warns when the two disagree. Each field writes to the document as it is typed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from postmortem.document.metrics import METRIC_LABELS, METRIC_NAMES, metric_values
from postmortem.document.model import Document
from postmortem.document.validation import hours_minutes_problem
from postmortem.widgets.fields import LineField, Setter, attribute
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar


class LastField(LineField):
    """The dialog's last field: enter keeps it and, when every field is good, closes the
    dialog (as every dialog's last field does), instead of going round to the first."""

    def submit(self) -> None:
        super().submit()
        dialog = self.screen
        if isinstance(dialog, StatedTimesDialog) and dialog.all_good():
            dialog.action_close()


class StatedTimesDialog(ModalScreen[None]):
    BINDING_GROUP_TITLE = "Stated times dialog (s on the timeline)"
    BINDINGS = [Binding("escape", "close", "Close", tooltip="Close (everything typed is kept)")]
    # The dialog's own keys in the footer (not the screen's behind it), and F1; the rest work.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    StatedTimesDialog { align: center middle; }
    StatedTimesDialog > Grid { grid-size: 2; grid-columns: 28 1fr; grid-rows: 3; grid-gutter: 0 1;
        width: 76; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; }
    StatedTimesDialog .intro { column-span: 2; color: $text-muted; height: auto; }
    """

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        yield KeyBar()  # this dialog's keys, over the footer of the screen behind
        computed = metric_values(self.document)
        with Grid() as grid:
            grid.border_title = "Times stated by hand"
            grid.border_subtitle = ("enter on the last field or escape closes · "
                                    "empty = use the timeline")
            yield Static("Leave a time empty to use the one the milestones give.",
                         classes="intro")
            for name in METRIC_NAMES:
                given = computed[name].computed or "—"
                get, set = attribute(f"stated_times.{name}.value")
                yield LineField(f"{METRIC_LABELS[name]} ({given})", get, _stripped(set),
                                problem=hours_minutes_problem, placeholder="H:MM",
                                id=f"stated-{name}")
                if name == "duration":  # the standard has no note for it: <H:MM> alone
                    yield Static("")
                    continue
                field = LastField if name == METRIC_NAMES[-1] else LineField
                yield field("How it was measured", *attribute(f"stated_times.{name}.note"),
                            placeholder="e.g. from the first alert", id=f"note-{name}")

    def on_mount(self) -> None:
        self.query_one("#stated-duration", Input).focus()

    def all_good(self) -> bool:
        """Every field holds a value it can keep; else enter shows where (the field says)."""
        for field in self.query(LineField):
            if field.problem is not None and field.problem(field.value) is not None:
                self.set_focus(field)
                return False
        return True

    def action_close(self) -> None:
        self.dismiss()


def _stripped(set: Setter) -> Setter:
    def store(document: Document, value: str) -> None:
        set(document, value.strip())

    return store
