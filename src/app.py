"""The Textual application: one screen per section of the standard, all editing one document."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from postmortem.errors import SaveError
from postmortem.model import Document
from postmortem.sections import SECTIONS
from postmortem.session import Session
from postmortem.widgets.commands import PostmortemCommands

if TYPE_CHECKING:
    from postmortem.screens.base import SectionScreen

SECTION_KEYS = [section.key for section in SECTIONS]


class PostmortemApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "postmortem"
    COMMANDS = App.COMMANDS | {PostmortemCommands}
    HELP_GROUP = "Everywhere"
    # F-keys pass through SSH and tmux untouched; priority lets them work inside text areas too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("f2", "sections", "Sections", key_display="F2", priority=True,
                tooltip="Section list: show and focus it; press again to hide it"),
        Binding("f3", "preview", "Preview", key_display="F3", priority=True),
        Binding("f4", "export", "Export Markdown", key_display="F4", priority=True, show=False),
        Binding("f5", "previous_section", "Prev", key_display="F5", priority=True,
                tooltip="Previous section"),
        Binding("f6", "next_section", "Next", key_display="F6", priority=True,
                tooltip="Next section"),
        Binding("f7", "copy_markdown", "Copy Markdown", key_display="F7", priority=True,
                show=False),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False,
                tooltip="Quit (saves first)"),
    ]

    save_state: reactive[str] = reactive("")

    def __init__(self, path: Path, document: Document) -> None:
        super().__init__()
        self.session = Session(path, document)
        self.section_screens: dict[str, SectionScreen] = {}
        self.save_state = "opened"
        self._quit_refused_at = -10.0

    # --- the document ------------------------------------------------------------------------

    @property
    def document(self) -> Document:
        return self.session.document

    @property
    def path(self) -> Path:
        return self.session.path

    def document_changed(self) -> None:
        """Every edit ends here: the file is marked unsaved and the section marks refresh."""
        self.session.changed()
        self.save_state = "unsaved changes"
        screen = self.screen
        from postmortem.screens.base import SectionScreen

        if isinstance(screen, SectionScreen):
            screen.schedule_mark_refresh()

    def replace_document(self, document: Document) -> None:
        """Show another version of the document (reloaded or recovered) on every screen."""
        self.session.document = document
        self.session.changed()
        for screen in self.section_screens.values():
            screen.load_from_model()

    # --- screens -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        from postmortem.screens import screen_for

        for key in SECTION_KEYS:
            self.add_mode(key, partial(self._build, partial(screen_for, key)))
        self.go_to(SECTION_KEYS[0])

    def _build(self, make: Callable[[], SectionScreen]) -> SectionScreen:
        screen = make()
        self.section_screens[screen.SECTION] = screen
        return screen

    def go_to(self, key: str) -> None:
        """Open a section with the cursor in its first field."""
        from postmortem.screens.base import SectionScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, SectionScreen):
            self.pop_screen()
        screen = self.section_screens.get(key)
        if screen is not None:
            screen.focus_on_show = True
        if self.current_mode == key and screen is not None:
            screen.focus_first_field()
            return
        self.switch_mode(key)

    @property
    def current_section(self) -> str:
        return self.current_mode if self.current_mode in SECTION_KEYS else SECTION_KEYS[0]

    def action_next_section(self) -> None:
        index = SECTION_KEYS.index(self.current_section)
        self.go_to(SECTION_KEYS[min(index + 1, len(SECTION_KEYS) - 1)])

    def action_previous_section(self) -> None:
        index = SECTION_KEYS.index(self.current_section)
        self.go_to(SECTION_KEYS[max(index - 1, 0)])

    def action_sections(self) -> None:
        from postmortem.screens.base import SectionScreen

        if isinstance(self.screen, SectionScreen):
            self.screen.toggle_nav()

    def action_help(self) -> None:
        from postmortem.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_preview(self) -> None:
        from postmortem.screens.preview import PreviewScreen

        if isinstance(self.screen, PreviewScreen):
            self.pop_screen()
        else:
            self.push_screen(PreviewScreen())

    # --- saving and exporting ----------------------------------------------------------------

    def action_save(self) -> None:
        self.save(announce=True)

    def save(self, announce: bool = False) -> bool:
        try:
            path = self.session.save()
        except SaveError as error:
            self.session.last_error = error.reason
            self.save_state = f"NOT SAVED: {error.reason}"
            self.notify(f"{error}. Your work is still here; fix the problem and save again.",
                        title="Save failed", severity="error", timeout=10)
            return False
        self.save_state = f"saved {self.session.saved_at:%H:%M:%S}"
        if announce:
            self.notify(f"Saved {path}", timeout=3)
        return True

    def markdown(self) -> str:
        from postmortem.export import export_markdown

        return export_markdown(self.document)

    def action_export(self) -> None:
        from postmortem.screens.export_dialog import ExportDialog

        self.push_screen(ExportDialog(self.path.with_suffix(".md")))

    def export_to(self, target: Path) -> None:
        from postmortem.storage import write_atomic

        text = self.markdown()
        try:
            write_atomic(target, text)
        except SaveError as error:
            self.notify(str(error), title="Export failed", severity="error", timeout=10)
            return
        lines = len(text.splitlines())
        self.notify(f"Exported {lines} lines to {target.resolve()}", title="Exported", timeout=6)

    def action_copy_markdown(self) -> None:
        from postmortem.clipboard import copy_text

        result = copy_text(self.markdown(), terminal=self.copy_to_clipboard)
        self.notify(result.message, title="Copy Markdown", timeout=8,
                    severity="information" if result.routes else "warning")

    async def action_quit(self) -> None:
        import time

        forced = time.monotonic() - self._quit_refused_at < 3
        if self.session.dirty and not self.save() and not forced:
            self._quit_refused_at = time.monotonic()
            self.notify("Not quitting: the last changes are not saved. Press ctrl+q again "
                        "within 3 s to quit anyway.", severity="error")
            return
        self.exit(0)


def run_app(path: Path, document: Document) -> int:
    app = PostmortemApp(path, document)
    result = app.run()
    return result or 0
