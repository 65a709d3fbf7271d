"""The shelf as an app of its own: the post-mortems of a folder, their action items, and the
editor one key away.

Enter hands the terminal to the editor (`postmortem open FILE`, a process of its own, so that
its saving, signals and exit work exactly as when it is started by hand) and the shelf waits,
suspended; when the editor quits (ctrl+q, or escape in its section list, saving first) the
shelf comes back as it was, cursor and search kept, and reads what the editor changed.

The index is brought up to date on a thread of its own after the first frame: the shelf shows
what the index holds at once, and fills in what was new or changed as it is read.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType

from postmortem.app.commands import PostmortemCommands
from postmortem.screens.shelf import OpenPostmortem, Rescan, ShelfScreen, ShowActions, plural
from postmortem.shelf.catalog import Batch, Shelf
from postmortem.shelf.scan import Found
from postmortem.storage.recovery import printable_path
from postmortem.widgets.host import PaletteEntry

Launcher = Callable[[Path], int]
REFRESH_SECONDS = 0.3  # while the index is read, the table is shown afresh at most this often


def run_editor(path: Path) -> int:
    """Edit path as `postmortem FILE` does, in a process of its own; its exit code."""
    command = [sys.executable, "-m", "postmortem", "open", "--from-shelf", str(path)]
    return subprocess.run(command, check=False).returncode


class ShelfCommands(PostmortemCommands):
    """The palette of the shelf: its own actions, then the keys of what has the focus."""

    def entries(self) -> list[PaletteEntry]:
        app = self.app
        own = app.palette_entries() if isinstance(app, ShelfApp) else []
        return own + self.focused_keys()


class ShelfApp(App[int]):
    TITLE = "postmortem shelf"
    BINDING_GROUP_TITLE = "Everywhere on the shelf"
    COMMANDS = App.COMMANDS | {ShelfCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False,
                tooltip="Quit the shelf (nothing on it needs saving)"),
    ]

    def __init__(self, shelf: Shelf, stale: list[Found], only: set[str] | None = None,
                 launcher: Launcher = run_editor) -> None:
        from postmortem.app.terminal_driver import SturdyDriver

        super().__init__(driver_class=SturdyDriver)
        self.shelf = shelf
        self.stale = stale
        self.only = only
        self.launcher = launcher
        self.reading = False
        self.rescan_wanted = False
        self._shown_at = 0.0

    def on_mount(self) -> None:
        self.push_screen(ShelfScreen(self.shelf, self.only))
        self.call_after_refresh(self.read_stale)

    @property
    def shelf_screen(self) -> ShelfScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, ShelfScreen))

    # --- keeping up with the folder ----------------------------------------------------------

    def read_stale(self) -> None:
        files, self.stale = self.stale, []
        if not files:
            self.find_commits()
            return
        self.reading = True
        self.shelf_screen.show_progress(f"reading 0 of {len(files):,} files")
        self._read(files)

    @work(thread=True, group="read", exit_on_error=False)
    def _read(self, files: list[Found]) -> None:
        index = self.shelf.index.another()
        try:
            self.shelf.read(files, lambda batch: self.call_from_thread(self.take, batch), index)
        finally:
            index.close()
            self.call_from_thread(self.reading_done)

    def take(self, batch: Batch) -> None:
        """A batch of files was read: keep it, and show it now and then."""
        self.shelf.take(batch)
        self.shelf_screen.show_progress(f"reading {batch.done:,} of {batch.total:,} files")
        if time.monotonic() - self._shown_at > REFRESH_SECONDS:
            self._shown_at = time.monotonic()
            self.entries_changed()

    def reading_done(self) -> None:
        self.reading = False
        self.shelf_screen.show_progress("")
        self.entries_changed()
        if self.rescan_wanted:
            self.rescan()
        else:
            self.find_commits()

    def entries_changed(self) -> None:
        for screen in self.screen_stack:
            changed = getattr(screen, "entries_changed", None)
            if callable(changed):
                changed()

    def rescan(self) -> None:
        """Look at the folder again and read what changed (after the editor, or ctrl+r)."""
        if self.reading:
            self.rescan_wanted = True
            return
        self.rescan_wanted = False
        self.stale = self.shelf.look()
        self.entries_changed()
        self.read_stale()

    def find_commits(self) -> None:
        wanted = set(self.shelf.entries)
        self._find_commits(wanted)

    @work(thread=True, group="git", exclusive=True, exit_on_error=False)
    def _find_commits(self, wanted: set[str]) -> None:
        index = self.shelf.index.another()
        try:
            commits = self.shelf.commits(wanted, index)
        finally:
            index.close()
        if commits:
            self.call_from_thread(self.shelf_screen.commits_found, commits)

    # --- what the screens ask for ------------------------------------------------------------

    @on(OpenPostmortem)
    def open_postmortem(self, message: OpenPostmortem) -> None:
        path = self.shelf.path_of(message.entry)
        code = self.edit(path)
        if code != 0:
            self.notify(f"The editor stopped (exit code {code}) on {printable_path(path)}; "
                        f"run postmortem {printable_path(path)} to see why.",
                        title="Not opened", severity="error", timeout=15, markup=False)
        self.rescan()

    def edit(self, path: Path) -> int:
        """Hand the terminal to the editor on path and wait for it; its exit code."""
        try:
            with self.suspend():
                return self.launcher(path)
        except SuspendNotSupported:  # no terminal to hand over (run headless): just run it
            return self.launcher(path)

    @on(ShowActions)
    def show_actions(self) -> None:
        from postmortem.screens.shelf_actions import ShelfActionsScreen

        self.push_screen(ShelfActionsScreen(self.shelf))

    @on(Rescan)
    def rescan_asked(self) -> None:
        self.rescan()
        self.notify(f"Looked again: {plural(len(self.shelf.entries), 'post-mortem')}.",
                    timeout=3)

    def palette_entries(self) -> list[PaletteEntry]:
        screen = self.shelf_screen
        return [
            ("Action items", screen.action_actions,
             "Every action item on the shelf, overdue and open first (F2)"),
            ("Search", screen.action_search, "Type words to find post-mortems (/)"),
            ("Rescan the folder", screen.action_rescan,
             "Read what changed on disk, e.g. after a git pull (ctrl+r)"),
            ("Help", self.action_help, "List every key (F1)"),
        ]

    def action_help(self) -> None:
        from postmortem.dialogs.due_date import DueDateDialog
        from postmortem.screens.help import HelpScreen
        from postmortem.screens.shelf_actions import ShelfActionsScreen
        from postmortem.widgets.shelf_tables import ActionTable, EntryTable

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([type(self), ShelfScreen, EntryTable,
                                         ShelfActionsScreen, ActionTable, DueDateDialog]))

    def on_terminal_gone(self) -> None:
        self.exit(129)


def run_shelf(folder: Path, only: set[str] | None = None) -> int:
    """Open the shelf on folder (only the given paths, for --since) until the user quits."""
    shelf = Shelf(folder)
    stale = shelf.look()
    app = ShelfApp(shelf, stale, only)
    result = app.run()
    return result or app.return_code or 0
