"""Related incidents: the post-mortems on the shelf that share systems, root-cause words or
responders with the open one, best first. Space chooses, enter returns the chosen ones (or,
with none chosen, the one under the cursor); escape returns nothing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from postmortem.shelf.related import Related
from postmortem.storage.recovery import printable
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar


def prompt(related: Related) -> str:
    entry = related.entry
    head = " ".join(part for part in (entry.incident_id, entry.date, entry.title) if part)
    return printable(f"{head or entry.path}\n  {related.reasons()}")


class RelatedDialog(ModalScreen[list[Related] | None]):
    BINDING_GROUP_TITLE = "Related incidents (F8)"
    BINDINGS = [
        Binding("escape", "cancel", "Close", key_display="esc", tooltip="Close; nothing is added"),
        Binding("enter", "add", "Add", tooltip="Add the chosen ones (or the one under the "
                                               "cursor) to Related Documentation"),
    ]
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    RelatedDialog { align: center middle; }
    RelatedDialog > Vertical { width: 78; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    RelatedDialog #related-note { height: auto; color: $text-muted; }
    RelatedDialog SelectionList { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, looking_in: str) -> None:
        super().__init__()
        self.looking_in = looking_in
        self.found: list[Related] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical() as box:
            box.border_title = "Related incidents — space chooses, enter adds, escape closes"
            yield Static(f"Looking through the post-mortems in {self.looking_in}…",
                         id="related-note", markup=False)
            yield SelectionList[int](id="related-list")

    def show_found(self, found: list[Related], where: str) -> None:
        """The look is done: list what it found (the app calls this)."""
        self.found = found
        note = self.query_one("#related-note", Static)
        listing = self.query_one(SelectionList)
        if not found:
            note.update(f"No other post-mortem in {where} shares a system, a responder or "
                        "the words of this root cause.")
            return
        note.update(f"{len(found)} in {where}, most related first; they go to Related "
                    "Documentation as links to their files.")
        listing.add_options([Selection(prompt(related), index)
                             for index, related in enumerate(found)])
        listing.focus()

    def show_problem(self, problem: str) -> None:
        self.query_one("#related-note", Static).update(problem)

    @on(SelectionList.SelectedChanged)
    def chosen_changed(self) -> None:
        count = len(self.query_one(SelectionList).selected)
        self.query_one(SelectionList).border_subtitle = f"{count} chosen" if count else ""

    def action_add(self) -> None:
        listing = self.query_one(SelectionList)
        chosen = sorted(listing.selected)
        if not chosen and listing.highlighted is not None and self.found:
            chosen = [listing.highlighted]
        if chosen:
            self.dismiss([self.found[index] for index in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
