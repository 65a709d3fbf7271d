"""The list of sections beside every form, marking each empty, started or complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from postmortem.document.sections import SECTIONS, Section, SectionState, section_state
from postmortem.widgets.host import UsesPostmortem

if TYPE_CHECKING:
    from postmortem.document.model import Document

MARKS = {SectionState.EMPTY: "○", SectionState.STARTED: "◐", SectionState.COMPLETE: "●"}


class SectionNav(OptionList, UsesPostmortem):
    """Enter opens the highlighted section; j/k move like the arrows."""

    BINDING_GROUP_TITLE = "Section list (F2)"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Open section", show=False),
    ]

    def __init__(self, current: str) -> None:
        super().__init__(id="section-nav")
        self.current = current
        self.border_title = "Sections"
        self._prompts: list[str] = []


    def on_mount(self) -> None:
        self.refresh_marks()
        self.highlighted = [section.key for section in SECTIONS].index(self.current)

    def refresh_marks(self) -> None:
        """Mark each section; until the model is built (opening.py) the marks are blank."""
        session = self.postmortem.session
        document = session.document if session.loaded else None
        prompts = [f"{self._mark(section, document)} {section.heading}" for section in SECTIONS]
        if prompts == self._prompts:
            return  # as shown: setting the options again would lay the list out again
        self._prompts = prompts
        highlighted = self.highlighted
        self.set_options(Option(prompt, id=section.key)
                         for prompt, section in zip(prompts, SECTIONS, strict=True))
        self.highlighted = highlighted

    @staticmethod
    def _mark(section: Section, document: Document | None) -> str:
        return " " if document is None else MARKS[section_state(section, document)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.postmortem.go_to(event.option.id)
