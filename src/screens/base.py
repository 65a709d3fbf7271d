"""What every section screen shares: status line, section list, guidance, form, footer."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from postmortem.document.sections import SECTION_BY_KEY
from postmortem.widgets.fields import Bound
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.section_nav import SectionNav
from postmortem.widgets.status_line import StatusLine


class SectionScreen(Screen[None], UsesPostmortem):
    """One section of the standard. Subclasses set SECTION and write compose_form."""

    SECTION: ClassVar[str]
    BINDING_GROUP_TITLE = "Section screens"
    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def __init__(self) -> None:
        super().__init__(id=f"screen-{self.SECTION}")
        self.section = SECTION_BY_KEY[self.SECTION]
        self.focus_on_show = True
        self._mark_timer: Timer | None = None
        self._shown_before = False


    def compose(self) -> ComposeResult:
        yield StatusLine(self.section.heading)
        with Horizontal():
            yield SectionNav(self.SECTION)
            with VerticalScroll(id="form"):
                yield Static(self.section.guidance, classes="guidance", markup=False)
                yield from self.compose_form()
        yield KeyBar()

    def compose_form(self) -> ComposeResult:
        yield from ()

    @on(events.ScreenResume)
    def _styled_already(self, event: events.ScreenResume) -> None:
        """Textual styles every widget again as a screen is shown (before this screen's own
        handlers run). The first time, they were styled as they were mounted a moment ago;
        doing it twice costs the first frame ~5 ms."""
        if not self._shown_before:
            event.refresh_styles = False
            self._shown_before = True

    def on_screen_resume(self) -> None:
        self.query_one(SectionNav).refresh_marks()
        if self.focus_on_show:
            self.focus_on_show = False
            self.call_after_refresh(self.focus_first_field)

    def focus_first_field(self) -> None:
        form = self.query_one("#form")
        for widget in form.query("*"):
            if widget.focusable and widget.display:
                widget.focus()
                return

    def load_from_model(self) -> None:
        """Show the document's current values, e.g. after it was reloaded from disk."""
        from postmortem.widgets.list_editor import ListEditor  # not needed for the first frame

        for widget in self.query("#form *"):
            if isinstance(widget, Bound | ListEditor):
                widget.load()
        self.query_one(SectionNav).refresh_marks()

    def schedule_mark_refresh(self) -> None:
        if self._mark_timer is not None:
            self._mark_timer.stop()
        self._mark_timer = self.set_timer(0.4, self._refresh_marks)

    def _refresh_marks(self) -> None:
        # an edit can land while this screen is still being built (F6 in the same burst as the
        # key that closed a dialog): it has no section list yet, and will mark it when shown
        for nav in self.query(SectionNav):
            nav.refresh_marks()

    def toggle_nav(self) -> None:
        nav = self.query_one(SectionNav)
        if nav.has_focus:
            nav.display = False
            self.focus_first_field()
        else:
            nav.display = True
            nav.focus()

    async def action_back(self) -> None:
        """Escape steps out of a field to the section list; it never quits. In the section
        list of an editor the shelf opened, it goes back to the shelf (saving first)."""
        focused = self.focused
        nav = self.query_one(SectionNav)
        if focused is not None and focused is not nav and _inside(focused, "#form"):
            nav.display = True
            nav.focus()
        elif self.postmortem.opened_from_shelf:
            await self.app.run_action("back_to_shelf")


def _inside(widget: Widget, selector: str) -> bool:
    return any(ancestor.id == selector.lstrip("#") for ancestor in widget.ancestors)
