"""Related incidents: the post-mortems on the shelf that share systems, root-cause words or
responders with the open one, best first, each with what it shares. Space chooses, enter
returns the chosen ones (or, with none chosen, the one under the cursor); escape returns
nothing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from postmortem.shelf.related import Related
from postmortem.storage.recovery import printable
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar

CHOSEN, NOT_CHOSEN = "[x] ", "[ ] "


def prompt(related: Related, chosen: bool) -> Content:
    """Two lines: the incident, and what it shares with the open one."""
    entry = related.entry
    head = " ".join(part for part in (entry.incident_id, entry.date, entry.title) if part)
    return Content.assemble((CHOSEN if chosen else NOT_CHOSEN, "bold"),
                            printable(head or entry.path), "\n    ",
                            (printable(related.reasons()), "italic"))


class RelatedDialog(ModalScreen[list[Related] | None]):
    BINDING_GROUP_TITLE = "Related incidents (F12)"
    BINDINGS = [
        Binding("space", "choose", "Choose", tooltip="Choose the incident under the cursor "
                                                     "(again: not)"),
        # Priority: the list's own enter would only highlight.
        Binding("enter", "add", "Add", priority=True,
                tooltip="Add the chosen ones (or the one under the cursor) to Related "
                        "Documentation"),
        Binding("escape", "cancel", "Close", key_display="esc", tooltip="Close; nothing is added"),
    ]
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    RelatedDialog { align: center middle; }
    RelatedDialog > Vertical { width: 78; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    RelatedDialog #related-note { height: auto; color: $text-muted; }
    RelatedDialog OptionList { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, looking_in: str) -> None:
        super().__init__()
        self.looking_in = looking_in
        self.found: list[Related] = []
        self.chosen: set[int] = set()

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical() as box:
            box.border_title = "Related incidents — space chooses, enter adds, escape closes"
            yield Static(f"Looking through the post-mortems in {self.looking_in}…",
                         id="related-note", markup=False)
            yield OptionList(id="related-list")

    @property
    def listing(self) -> OptionList:
        return self.query_one(OptionList)

    def show_found(self, found: list[Related], where: str) -> None:
        """The look is done: list what it found (the app calls this)."""
        self.found = found
        note = self.query_one("#related-note", Static)
        if not found:
            note.update(f"No other post-mortem in {where} shares a system, a responder or "
                        "the words of this root cause.")
            return
        note.update(f"{len(found)} in {where}, most related first; they go to Related "
                    "Documentation as links to their files.")
        self.listing.add_options([Option(prompt(related, False), id=str(index))
                                  for index, related in enumerate(found)])
        self.listing.highlighted = 0
        self.listing.focus()

    def show_problem(self, problem: str) -> None:
        self.query_one("#related-note", Static).update(problem)

    def action_choose(self) -> None:
        index = self.listing.highlighted
        if index is None or not self.found:
            return
        self.chosen ^= {index}
        self.listing.replace_option_prompt_at_index(
            index, prompt(self.found[index], index in self.chosen))
        self.listing.border_subtitle = f"{len(self.chosen)} chosen" if self.chosen else ""

    def action_add(self) -> None:
        chosen = sorted(self.chosen)
        if not chosen and self.listing.highlighted is not None and self.found:
            chosen = [self.listing.highlighted]
        if chosen:
            self.dismiss([self.found[index] for index in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
