"""What every section screen shares: status line, section list, guidance, form, footer."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from postmortem.document.sections import SECTION_BY_KEY, SECTIONS
from postmortem.widgets.fields import Bound, own_bindings
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.pause_timer import PauseTimer
from postmortem.widgets.section_nav import SectionNav
from postmortem.widgets.status_line import StatusLine, confirm

if TYPE_CHECKING:
    from textual.worker import Worker

    from postmortem.document.model import Document


class SectionScreen(Screen[None], UsesPostmortem):
    """One section of the standard. Subclasses set SECTION and write compose_form."""

    SECTION: ClassVar[str]
    BINDING_GROUP_TITLE = "Section screens"
    # Textual would focus the first focusable widget as the screen is shown: the section list,
    # where letters typed the instant the app opens go nowhere. on_screen_resume focuses the
    # first field instead.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("f8", "app.review", "Review", key_display="F8", show=False,
                tooltip="Review: what a reviewer would flag, by section (enter goes there)"),
    ]
    MARKS_AFTER_SECONDS = 0.4  # the marks are reviewed again once typing pauses this long

    def __init__(self) -> None:
        super().__init__(id=f"screen-{self.SECTION}")
        self.section = SECTION_BY_KEY[self.SECTION]
        self.focus_on_show = True
        self._mark_timer = PauseTimer(self, self.MARKS_AFTER_SECONDS, self._refresh_marks)
        self._marks_due = False  # a review of the marks is scheduled, once typing pauses
        self._shown_before = False
        self._field_to_focus: str | None = None  # asked for before the screen was shown
        self._last_field: Widget | None = None  # where the cursor was last in the form


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
        self._marks_when_shown()
        if self._field_to_focus is not None:
            self.focus_on_show = False
            self.call_after_refresh(self._focus_asked_field)
        elif self.focus_on_show:
            self.focus_on_show = False
            self._take_keys_in_first_field()
            self.call_after_refresh(self.focus_first_field)

    def on_screen_suspend(self) -> None:
        """Another section shown in this one's place (not a dialog over it): its widgets let go
        of their rendered lines, drawn again if it is shown again. Each screen kept them, ~0.5
        MiB a section, for as long as the app ran."""
        if self not in self.app.screen_stack:
            for widget in self.walk_children():
                widget.refresh()

    def _marks_when_shown(self) -> None:
        """The marks as the screen shows again (a dialog closed, a section switched to): as
        they are when nothing changed since they were reviewed, or when the edit that changed
        them has a review scheduled (a dialog's save); else reviewed now (a whole review is
        ~50 ms at 50,000 timeline rows: not on every dialog closed)."""
        nav = self.query_one(SectionNav)
        if not (nav.marks_current or self._marks_due):
            nav.refresh_marks()

    def _take_keys_in_first_field(self) -> None:
        """Focus the first field before the screen is laid out (so without scrolling to it),
        for the keys typed while the app opens: they are read next, and must find it."""
        field = self.first_field()
        if field is not None:
            focused_already = field is self.focused
            self.set_focus(field, scroll_visible=False)
            arrived = getattr(field, "arrived", None)
            if focused_already and arrived is not None:
                # no focus event to tell an empty list or table the cursor is back: say it
                field.call_later(arrived)

    def focus_field(self, path: str) -> None:
        """Put the cursor in the field that holds the value at a dotted path (rows counted
        from 0, as the review names them), or in the first field when this screen shows the
        value otherwise; once the screen is shown, if it is not yet."""
        self._field_to_focus = path
        self.focus_on_show = False
        if self.is_current:
            self.call_after_refresh(self._focus_asked_field)

    def _focus_asked_field(self) -> None:
        path, self._field_to_focus = self._field_to_focus, None
        if path is not None and not self.show_field(path):
            self.focus_first_field()

    def show_field(self, path: str) -> bool:
        """Focus the form's widget bound to the value at path (or to the list holding it, with
        its item highlighted); False when no widget of the form is."""
        from postmortem.widgets.list_editor import ListEditor

        best: Widget | None = None
        best_source = ""
        for widget in self.query("#form *"):
            source = getattr(widget, "source", None)
            if isinstance(source, str) and len(source) > len(best_source) and (
                    path == source or path.startswith(f"{source}.")):
                best, best_source = widget, source
        if best is None:
            return False
        rest = path[len(best_source) + 1:].split(".")[0]
        if isinstance(best, ListEditor):
            best.focus_item(int(rest) if rest.isdigit() else 0)
        else:
            editors = best.query(".editor")
            (editors.first() if editors else best).focus()
        return True

    def focus_first_field(self) -> None:
        field = self.first_field()
        if field is not None and not self._typing_in_item_of(field):
            field.focus()

    def _typing_in_item_of(self, field: Widget) -> bool:
        """Whether the cursor is in the item an empty list (field) opened as it arrived."""
        focused = self.focused
        return (hasattr(field, "arrived") and focused is not None and field.parent is not None
                and field.parent in focused.ancestors)

    def first_field(self) -> Widget | None:
        form = self.query_one("#form")
        return next((widget for widget in form.query("*")
                     if widget.focusable and widget.display), None)

    async def on_key(self, event: events.Key) -> None:
        """A printable key no widget took is never lost. With no field focused, it came before
        the first field took it (just after the app opened, or F5/F6 in the same burst): it
        goes to the first field, as the ones after it will. In the section list it goes to
        the field the cursor left. Elsewhere (a list, a table, a button) it is said, not
        dropped in silence."""
        if not event.is_printable or event.character is None:
            return
        focused = self.focused
        if focused is None:
            field = self.first_field()
            if field is not None:
                self.focus_on_show = False
                await self._hand_key_to(field, event)
        elif isinstance(focused, SectionNav) and not _bound(focused, event):
            field = self._left_field() or self.first_field()
            if field is not None:
                await self._hand_key_to(field, event)
                confirm(self, f"Typed into {_field_name(field)} (the section list takes "
                              "j/k and enter)")
        elif _takes_text(focused):
            if not _bound(focused, event):  # queued for the widget the cursor just left
                await self._hand_key_to(focused, event)
        elif not _bound(focused, event):
            event.stop()
            event.prevent_default()
            confirm(self, f"{event.character!r} not typed: the cursor is on a "
                          f"{_kind(focused)}, not in a field (its keys are in the footer)")

    async def _hand_key_to(self, field: Widget, event: events.Key) -> None:
        """Focus field and give it the key: a key it binds (a on the timeline) runs its
        action, other text is typed into it."""
        self.set_focus(field)
        event.stop()
        event.prevent_default()
        binding = next(iter(own_bindings(type(field)).get(event.key, [])), None)
        if binding is not None:
            await field.run_action(binding.action)
        else:
            field.post_message(events.Key(event.key, event.character))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if _inside(event.widget, "#form"):
            self._last_field = event.widget

    def _left_field(self) -> Widget | None:
        """The form's field the cursor was last in, if it is still there to take keys."""
        field = self._last_field
        if field is None or not field.is_attached or not field.focusable:
            return None
        return field

    def takes_tab(self) -> bool:
        """Tab is a list's while an item is typed in it: it keeps the item (see ListEditor)."""
        if "postmortem.widgets.list_editor" not in sys.modules:
            return False  # no list exists yet (the footer asks at the first frame, ~10 ms)
        from postmortem.widgets.list_editor import ListEditor

        focused = self.focused
        editors = focused.ancestors if focused is not None else []
        return any(isinstance(node, ListEditor) and node.takes_tab() for node in editors)

    def move_on_from(self, widget: Widget) -> None:
        """Enter kept widget's value: the cursor to the next field, and from the form's last
        field to the next section (the section list is no place to type)."""
        chain = self.focus_chain
        position = chain.index(widget) if widget in chain else -1
        after = chain[position + 1:] if position >= 0 else []
        if after and _inside(after[0], "#form"):
            self.set_focus(after[0])
            return
        keys = [section.key for section in SECTIONS]
        if keys[-1] == self.SECTION:
            self.focus_next()  # the last section: round to the first field
        else:
            self.postmortem.go_to(keys[keys.index(self.SECTION) + 1])

    def load_from_model(self) -> None:
        """Show the document's current values, e.g. after it was reloaded from disk."""
        from postmortem.widgets.list_editor import ListEditor  # not needed for the first frame

        for widget in self.query("#form *"):
            if isinstance(widget, Bound | ListEditor):
                widget.load()
        # Between keys: the review of a long timeline takes longer than opening it (50,000
        # rows: ~150 ms), and the first key, which may be what built the model, waits for this.
        self.schedule_mark_refresh()

    def refresh_from_model(self, before: Document | None = None) -> None:
        """Show a document merged with (or replaced by) someone else's change; before is the
        document shown until then. Only what the change touched is drawn again: a field shows
        the document's value unless it holds typing that is not in the document yet (not
        valid), and every cursor stays where it is. The marks follow once typing pauses."""
        from postmortem.widgets.list_editor import ListEditor

        for widget in self.query("#form *"):
            if isinstance(widget, Bound | ListEditor):
                widget.refresh_from_document(before)
        for nav in self.query(SectionNav):
            nav.marks_out_of_date()
        self.schedule_mark_refresh()

    def schedule_mark_refresh(self) -> None:
        """After an edit: review the marks again once typing pauses (debounced), and never
        with a review begun before this edit still running."""
        self.workers.cancel_group(self, "marks")
        self._marks_due = True
        self._mark_timer.push()

    def _refresh_marks(self) -> None:
        self._marks_due = False
        # an edit can land while this screen is still being built (F6 in the same burst as the
        # key that closed a dialog): it has no section list yet, and will mark it when shown
        for nav in self.query(SectionNav):
            self._start_marking(nav)

    def _start_marking(self, nav: SectionNav) -> Worker[None]:
        # the method, not its coroutine: a worker cancelled before it starts (exclusive) then
        # leaves no coroutine never awaited
        return self.run_worker(nav.refresh_marks_between_keys, group="marks", exclusive=True)

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


def _takes_text(widget: Widget) -> bool:
    from textual.widgets import Input, TextArea

    return isinstance(widget, Input | TextArea)


def _bound(widget: Widget, event: events.Key) -> bool:
    """Whether widget, a container of it or its screen binds the key (the timeline's a)."""
    nodes = [widget, *widget.ancestors_with_self[1:]]
    return any(key in own_bindings(type(node)) for node in nodes if isinstance(node, Widget)
               for key in event.aliases)


def _field_name(field: Widget) -> str:
    label = getattr(field, "label", None) or getattr(field.parent, "label", None)
    return str(label) if label else "the field"


def _kind(widget: Widget) -> str:
    from textual.widgets import Button, OptionList

    if isinstance(widget, OptionList):
        return "list"
    return "button" if isinstance(widget, Button) else "table"
