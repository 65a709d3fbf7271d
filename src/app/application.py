"""The Textual application: one screen per section of the standard, all editing one document."""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from postmortem.app.commands import PostmortemCommands
from postmortem.app.preferences import ThemeKeeper, apply_theme, driver_class
from postmortem.app.related_links import FindsRelated
from postmortem.app.stylesheet_shortcut import styled_with_current_stylesheet
from postmortem.document.errors import DocumentError, SaveError
from postmortem.document.sections import SECTIONS
from postmortem.document.text import sanitize
from postmortem.storage import lifeline, opening
from postmortem.storage.config import Settings
from postmortem.widgets.fields import LineField
from postmortem.widgets.host import TakesTab
from postmortem.widgets.key_order import keys_handled, refreshed, typing_settled

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.screens.base import SectionScreen
    from postmortem.storage.opening import Unchecked
    from postmortem.widgets.host import PaletteEntry, PostmortemHost

SECTION_KEYS = [section.key for section in SECTIONS]
S = TypeVar("S", bound="SectionScreen")


class PostmortemApp(FindsRelated):
    CSS_PATH = "app.tcss"
    TITLE = "postmortem"
    SERVES_POSTMORTEM = True  # widgets reach it as a PostmortemHost (widgets/host.py)
    COMMANDS = App.COMMANDS | {PostmortemCommands}
    BINDING_GROUP_TITLE = "Everywhere"
    # F-keys pass through SSH and tmux untouched; priority lets them work inside text areas too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("f2", "sections", "Sections", key_display="F2", priority=True,
                tooltip="Section list (press again to hide it)"),
        Binding("f3", "preview", "Preview", key_display="F3", priority=True),
        Binding("f4", "export", "Export Markdown", key_display="F4", priority=True, show=False),
        Binding("f5", "previous_section", "Prev", key_display="F5", priority=True,
                tooltip="Previous section"),
        Binding("f6", "next_section", "Next", key_display="F6", priority=True,
                tooltip="Next section"),
        Binding("f7", "copy_markdown", "Copy Markdown", key_display="F7", priority=True,
                show=False),
        Binding("ctrl+s", "save", "Save", priority=True),
        # Moving focus as a priority binding applies it before the next key is dispatched, so
        # keys that arrive in one burst (a laggy SSH link, a paste) land in the right field.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
        Binding("enter", "submit_field", "One-line field: keep it, go to the next field",
                show=False, priority=True),
        Binding("f9", "save_as", "Save as…", key_display="F9", priority=True, show=False,
                tooltip="Save as…: save to another file"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False,
                tooltip="Quit (saves first)"),
        # Shown, and bound, instead of Quit when the shelf opened the editor (check_action).
        Binding("ctrl+q", "back_to_shelf", "Shelf", priority=True,
                tooltip="opened from the shelf, back to it (so does escape in the section "
                        "list)"),
        Binding("f12", "related", "Related", key_display="F12", priority=True, show=False,
                tooltip="Related incidents on the shelf: add the chosen ones to Related "
                        "Documentation"),
    ]

    DEFAULT_MODE = SECTION_KEYS[0]
    # The model of a file opened unchecked is built this long after the start: the first
    # screen settles first (a few follow-up refreshes, ~40 ms). It is built a step at a time
    # (opening.ModelBuild); a key pressed sooner builds it at once (on_event), unless it is a
    # character typed into a field, which the field holds until the model is built.
    MODEL_AFTER_SECONDS = 0.1
    # ...or this long after a character typed before it (a few screen updates: the key is
    # drawn first), and with this gap between its steps.
    MODEL_AFTER_A_KEY_SECONDS = 0.05
    MODEL_STEP_GAP_SECONDS = 0.001

    def __init__(self, path: Path, document: Document | Unchecked,
                 settings: Settings | None = None, *, from_shelf: bool = False) -> None:
        super().__init__(path, document, driver_class=driver_class())
        self.opened_from_shelf = from_shelf  # quitting goes back to the shelf
        self._add_section_modes()
        self.unusable: DocumentError | None = None  # the file failed the model's check
        self._opened = False  # the model is built, shown and kept safe (finish_opening)
        self._building = False  # the model is being built a step at a time (_build_a_step)
        self._switching: Awaitable[object] | None = None  # go_to's switch of section, if any
        # The user's settings; without them (as in tests) the defaults, and nothing is kept.
        self.settings = apply_theme(self, settings) if settings else Settings(Path())
        self._theme_keeper = ThemeKeeper(self, self.settings) if settings else None
        if isinstance(document, opening.Unchecked) and document.new:
            self.save_state = "opened (new: written at the first save)"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_field":  # only for the form's one-line fields; else Enter goes on
            return self._focused_line_field() is not None
        if action in ("quit", "back_to_shelf"):  # ctrl+q says where it goes
            return self.opened_from_shelf == (action == "back_to_shelf")
        if action == "focus_next":  # a screen may take tab for itself (a suggestion to take)
            return not (isinstance(self.screen, TakesTab) and self.screen.takes_tab())
        return True

    async def action_back_to_shelf(self) -> None:
        """Leave for the shelf that opened the editor: the shelf comes back when this process
        ends, so this is quitting, with all its care for what was typed."""
        await self.action_quit()

    def _typed_before_the_model(self, event: events.Event) -> bool:
        """A character typed into a one-line field of the first screen before the model is
        built: the field holds it (fields.py), so the key need not wait for the model."""
        if self._opened or not isinstance(event, events.Key) or not event.is_printable:
            return False
        field = self._focused_line_field()
        return field is not None and field.source is not None

    def _focused_line_field(self) -> LineField | None:
        focused = self.focused
        return focused if isinstance(focused, LineField) else None

    async def action_submit_field(self) -> None:
        field = self._focused_line_field()
        if field is not None:
            await keys_handled(self.focused)  # the keys typed before enter are in the value
            field.submit()

    # --- screens -----------------------------------------------------------------------------

    def _add_section_modes(self) -> None:
        """A mode per section, its screen built when first opened. The first section is the
        default mode, so the app starts on it rather than switching to it from a blank screen
        (which would lay out and style every widget a second time)."""
        from postmortem.screens import screen_for

        for key in SECTION_KEYS:
            self.add_mode(key, partial(self._build, partial(screen_for, key)))

    def on_mount(self) -> None:
        if self._theme_keeper is not None:
            self._theme_keeper.start()
        if self.settings.problems:
            self.tell("\n".join(str(problem) for problem in self.settings.problems),
                      title="Config file", severity="warning", timeout=12)
        if self.session.loaded:
            self._opened = True
            self._start_keeping()
            opening.resume_collection()
        else:
            self.set_timer(self.MODEL_AFTER_SECONDS, self._start_building)

    def _start_building(self) -> None:
        if not self._building:
            self._building = True
            self._build_a_step()

    def _build_a_step(self) -> None:
        """Build the model a step at a time, each after the keys already waiting: a key typed
        meanwhile waits for one step, not for the whole build of a long timeline."""
        if self._opened:
            return
        try:
            built = self.session.build_step()
        except DocumentError:
            built = True  # finish_opening says so, and stops the app
        if built:
            self.finish_opening()
        else:  # a timer, not call_later: the app's queue empties, so the screen is drawn
            self.set_timer(self.MODEL_STEP_GAP_SECONDS, self._build_a_step)

    def finish_opening(self) -> bool:
        """Build the model of a file opened unchecked (opening.py) and show it as the model
        holds it; False when the file fails the check, and the app then stops with code 2."""
        if self._opened:
            return True
        try:
            self.session.load()
        except DocumentError as error:
            self.unusable = error
            self._leaving = True
            self.exit(2, return_code=2)
            return False
        self._opened = True
        typed = self.session.dirty  # keys held until now: their fields show what they hold
        for screen in self.section_screens.values():
            if typed:
                screen.refresh_from_model()
            else:
                screen.load_from_model()
        if typed:
            self.document_changed()
        self._start_keeping()
        opening.resume_collection()
        return True

    def _build(self, make: Callable[[], SectionScreen]) -> SectionScreen:
        screen = make()
        styled_with_current_stylesheet(screen, self)
        self.section_screens[screen.SECTION] = screen
        return screen

    def go_to(self, key: str) -> None:
        """Open a section with the cursor in its first field."""
        from postmortem.dialogs.editor_dialog import EditorDialog
        from postmortem.screens.base import SectionScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, SectionScreen):
            top = self.screen
            if isinstance(top, EditorDialog):
                top.close_with_draft()  # dismissed with its draft, which its table keeps
            else:
                self.pop_screen()
        screen = self.section_screens.get(key)
        if screen is not None:
            screen.focus_on_show = True
        if self.current_mode == key and screen is not None:
            screen.focus_first_field()
            return
        self._switching = self.switch_mode(key)

    async def arrive_at(self, key: str) -> None:
        """go_to, and wait until the section has taken the cursor: an empty table has opened
        its first new row (or 5 Whys its wizard), so that the keys typed after F6 in the same
        burst land there, not on the table before it opened."""
        self._switching = None
        self.go_to(key)
        if self._switching is not None:
            await self._switching
        screen = self.section_screens.get(key)
        if screen is not None:
            await keys_handled(screen)  # its resume: the cursor to its first field...
            await refreshed(screen)  # ...or, the first time it is shown, once laid out
            field = screen.focused or screen.first_field()
            arrived = getattr(field, "arrived", None)
            if arrived is not None:  # an empty table opens its first row: wait for it
                opening = arrived()
                if inspect.isawaitable(opening):
                    await opening
                await keys_handled(self.screen)  # the dialog shown, its cursor in place

    def open_field(self, section: str, field: str) -> None:
        """Open a section with the cursor in the field of the value at a dotted path."""
        self.go_to(section)
        screen = self.section_screens.get(section)
        if screen is not None:
            screen.focus_field(field)

    def action_review(self) -> None:
        """F8: the Review screen (F8 again, or escape, closes it)."""
        from postmortem.screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen):
            self.pop_screen()
        elif self.finish_opening():
            self.push_screen(ReviewScreen())

    def palette_entries(self) -> list[PaletteEntry]:
        from postmortem.screens.action_items import ActionItemsScreen
        from postmortem.screens.five_whys import FiveWhysScreen
        from postmortem.screens.timeline import TimelineScreen
        from postmortem.widgets.text_field import EDITOR_ACTION_NAME, EDITOR_KEY_SHOWN

        entries: list[PaletteEntry] = [
            (f"Go to {section.heading}", partial(self.go_to, section.key),
             f"Open {section.heading} with the cursor in its first field")
            for section in SECTIONS
        ]
        return entries + [
            ("Save", self.action_save, "Save the post-mortem now (ctrl+s)"),
            ("Save as…", self.action_save_as,
             "Save to another file, e.g. when this folder cannot be written (F9)"),
            ("Export Markdown", self.action_export, "Write the Markdown export to a file (F4)"),
            ("Copy Markdown to clipboard", self.action_copy_markdown,
             "Copy the whole export through the terminal (OSC 52) (F7)"),
            ("Preview", self.action_preview, "Show the export as a reviewer will see it (F3)"),
            ("Review", self.action_review,
             "What a reviewer would flag, by section; enter goes to the field (F8)"),
            (EDITOR_ACTION_NAME, self.action_edit_in_editor,
             "Edit the text area with the cursor in $VISUAL or $EDITOR, as git commit does "
             f"({EDITOR_KEY_SHOWN})"),
            ("Help", self.action_help, "List every key (F1)"),
            ("Related incidents…", self.action_related,
             "Post-mortems on the shelf that share systems, root-cause words or responders; "
             "add the chosen ones to Related Documentation (F12)"),
            ("Add timeline event",
             partial(self._open_in, TimelineScreen, TimelineScreen.add_event),
             "Open the timeline's row editor, cursor in the Time field"),
            ("State measured times by hand",
             partial(self._open_in, TimelineScreen, TimelineScreen.state_times),
             "Duration, detection, mitigation, resolution as H:MM with a note"),
            ("Start 5 Whys wizard",
             partial(self._open_in, FiveWhysScreen, FiveWhysScreen.start_wizard),
             "Walk the chain from the problem to its root cause, one why at a time"),
            ("Add action item",
             partial(self._open_in, ActionItemsScreen, ActionItemsScreen.add_item),
             "Open the action-item editor, cursor in the Description field"),
            ("Next section", self.action_next_section, "F6"),
            ("Previous section", self.action_previous_section, "F5"),
        ]

    def _open_in(self, screen_class: type[S], run: Callable[[S], object]) -> None:
        """Go to a section, then run one of its screen's methods (it waits until shown)."""
        self.go_to(screen_class.SECTION)
        screen = self.section_screens.get(screen_class.SECTION)
        if isinstance(screen, screen_class):
            run(screen)

    @property
    def current_section(self) -> str:
        return self.current_mode if self.current_mode in SECTION_KEYS else SECTION_KEYS[0]

    async def action_next_section(self) -> None:
        await typing_settled(self.focused)  # keys typed before F6 stay where they were typed
        index = SECTION_KEYS.index(self.current_section)
        await self.arrive_at(SECTION_KEYS[min(index + 1, len(SECTION_KEYS) - 1)])

    async def action_previous_section(self) -> None:
        await typing_settled(self.focused)
        index = SECTION_KEYS.index(self.current_section)
        await self.arrive_at(SECTION_KEYS[max(index - 1, 0)])

    def action_sections(self) -> None:
        from postmortem.screens.base import SectionScreen

        if isinstance(self.screen, SectionScreen):
            self.screen.toggle_nav()

    def action_help(self) -> None:
        from postmortem.app.help_sources import help_sources
        from postmortem.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sources(type(self))))

    def action_preview(self) -> None:
        from postmortem.screens.preview import PreviewScreen

        if isinstance(self.screen, PreviewScreen):
            self.pop_screen()
        else:
            self.push_screen(PreviewScreen(self.markdown()))

    # --- saving and exporting ----------------------------------------------------------------

    def markdown(self) -> str:
        from postmortem.markdown.export import export_markdown

        return export_markdown(self.document)

    def action_export(self) -> None:
        from postmortem.dialogs.export import ExportDialog

        if self.is_web:  # the file belongs on the reader's machine, not the server's
            self.deliver_markdown()
            return
        self.push_screen(ExportDialog(self.settings.export_target(self.path)),
                         self._export_chosen)

    def deliver_markdown(self) -> None:
        """Hand the export to the browser as a download (the app runs in a web page)."""
        import io

        name = self.path.with_suffix(".md").name
        self.deliver_text(io.StringIO(self.markdown()), save_filename=name,
                          mime_type="text/markdown")
        self.tell(f"{name} is on its way to your browser's downloads.", title="Export Markdown",
                  timeout=6)

    def action_edit_in_editor(self) -> None:
        """The palette's way to ctrl+o: the text area with the cursor, in the user's editor."""
        from postmortem.widgets.text_field import (
            EDITOR_ACTION_NAME,
            EDITOR_KEY_SHOWN,
            FieldTextArea,
        )

        focused = self.focused
        if isinstance(focused, FieldTextArea):
            focused.action_edit_in_editor()
        else:
            self.tell("Put the cursor in a text area first (a field of several lines), then "
                      f"press {EDITOR_KEY_SHOWN}.", title=EDITOR_ACTION_NAME, timeout=6)

    def _export_chosen(self, target: Path | None) -> None:
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        from postmortem.storage.toml_file import write_atomic

        text = self.markdown()
        try:
            write_atomic(target, text)
        except SaveError as error:
            self.notify(str(error), title="Export failed", severity="error", timeout=10,
                        markup=False)  # a path may hold [brackets]
            return
        lines = len(text.splitlines())
        self.notify(f"Exported {lines} lines to {target.resolve()}", title="Exported", timeout=6,
                    markup=False)

    def action_copy_markdown(self) -> None:
        from postmortem.storage.clipboard import copy_text

        if self.is_web:  # no terminal clipboard in a browser page: the file instead
            self.deliver_markdown()
            return

        result = copy_text(self.markdown(), terminal=self.copy_to_clipboard)
        self.notify(result.message, title="Copy Markdown", timeout=8,
                    severity="information" if result.routes else "warning")

    async def on_event(self, event: events.Event) -> None:
        if self._typed_before_the_model(event):
            # Shown at once, held by the field (session.hold), and the model built once the
            # key is on screen: at 50,000 rows the build takes longer than the first frame.
            self.set_timer(self.MODEL_AFTER_A_KEY_SECONDS, self._start_building)
        elif isinstance(event, events.InputEvent | events.Paste) and not self.finish_opening():
            return  # nothing typed may reach a document that is not there
        if isinstance(event, events.Paste):
            event.text = sanitize(event.text)  # a pasted escape sequence must not reach the screen
        await super().on_event(event)

def _serves_as_host(app: PostmortemApp) -> PostmortemHost:
    return app  # mypy checks here that the app offers all that PostmortemHost names


def run_app(path: Path, document: Document | Unchecked, settings: Settings | None = None, *,
            from_shelf: bool = False) -> int:
    app = PostmortemApp(path, document, settings, from_shelf=from_shelf)
    del document  # an Unchecked file's text and data go once the app has built its model
    for problem in app.settings.problems[len(settings.problems) if settings else 0:]:
        print(problem, file=sys.stderr)  # found by the app, e.g. a theme it does not know
    try:
        result = app.run()
        if app.unusable is not None:
            print(app.unusable, file=sys.stderr)
            return 2
    finally:
        # However the app stopped (even a crash inside Textual), unsaved work is kept.
        lifeline.ignore_ending_signals()
        farewell = app.session.keep_everything() or app.farewell
        app.session.close()
        if farewell and not farewell.startswith("saved "):
            with contextlib.suppress(OSError, ValueError):
                print(f"postmortem: {farewell}", file=sys.stderr)
    return result or app.return_code or 0  # 1 when Textual itself stopped on an error
