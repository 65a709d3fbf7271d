"""The list of sections beside every form, marking each as the review's rules find it: empty,
wrong (an error: times that do not add up), missing something, or complete."""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from postmortem.document.sections import SECTIONS
from postmortem.widgets.host import UsesPostmortem

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.document.review import Review
    from postmortem.document.review.marks import SectionState


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
        # What the marks shown were reviewed from: the document, its revision and the day
        # (None: not yet, or told they are out of date)
        self._marked_from: tuple[weakref.ref[Document], int, dt.date] | None = None

    def on_mount(self) -> None:
        self.refresh_marks()
        self.highlighted = [section.key for section in SECTIONS].index(self.current)

    def refresh_marks(self) -> None:
        """Mark each section now; until the model is built (opening.py) the marks are blank."""
        session = self.postmortem.session
        if not session.loaded:
            self.show_marks(None)  # the rules load the model: not for the first frame
            return
        from postmortem.document.review.marks import MARK_RULES
        from postmortem.widgets.review_runner import review_now

        reviewed = self._reviewed_from()
        self.show_review(review_now(session.document, MARK_RULES))
        self._marked_from = reviewed

    async def refresh_marks_between_keys(self) -> None:
        """Mark each section, running the rules between keys (after a pause in typing)."""
        from postmortem.document.review.marks import MARK_RULES
        from postmortem.widgets.review_runner import review_between_keys

        session = self.postmortem.session
        if session.loaded:
            reviewed = self._reviewed_from()
            self.show_review(await review_between_keys(session.document, MARK_RULES))
            self._marked_from = reviewed

    def _reviewed_from(self) -> tuple[weakref.ref[Document], int, dt.date]:
        from postmortem.document import clock

        session = self.postmortem.session
        return weakref.ref(session.document), session.revision, clock.today()

    @property
    def marks_current(self) -> bool:
        """Whether the marks shown are the review of the document as it is now: not another
        document's, not from before an edit, not from another day."""
        marked = self._marked_from
        if marked is None or not self.postmortem.session.loaded:
            return False
        document, revision, day = self._reviewed_from()
        return marked[0]() is document() and marked[1:] == (revision, day)

    def marks_out_of_date(self) -> None:
        """The document changed in a way its revision may not say (a merge): review again."""
        self._marked_from = None

    def show_review(self, review: Review) -> None:
        from postmortem.document.review.marks import section_states

        self.show_marks(section_states(self.postmortem.session.document, review.findings))

    def show_marks(self, states: dict[str, SectionState] | None) -> None:
        prompts = [f"{mark} {section.heading}"
                   for mark, section in zip(_marks(states), SECTIONS, strict=True)]
        if prompts == self._prompts:
            return  # as shown: setting the options again would lay the list out again
        self._prompts = prompts
        highlighted = self.highlighted
        self.set_options(Option(prompt, id=section.key)
                         for prompt, section in zip(prompts, SECTIONS, strict=True))
        self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.postmortem.go_to(event.option.id)


def _marks(states: dict[str, SectionState] | None) -> list[str]:
    """Each section's mark; blank ones without importing the review (and so the model)."""
    if not states:
        return [" "] * len(SECTIONS)
    from postmortem.document.review.marks import MARKS

    return [MARKS[states[section.key]] for section in SECTIONS]
