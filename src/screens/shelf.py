"""The shelf: every post-mortem under a folder in one table, searched as you type.

The search box filters the table at each key, over all the text of every post-mortem (the
index's full-text search), best match first; the line under the table shows the words found
in the post-mortem under the cursor. The screen asks the app, by message, to open a
post-mortem in the editor or the action items across them.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from postmortem.document import clock
from postmortem.shelf.catalog import Shelf
from postmortem.shelf.entry import Entry
from postmortem.shelf.git import Commit
from postmortem.storage.recovery import printable
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.shelf_tables import EntryTable

SEARCH_HINT = "Search every post-mortem: type words (↑↓ move, enter opens, tab: the list)"


class OpenPostmortem(Message):
    """Open this entry's file in the editor."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class ShowActions(Message):
    """Show the action items across the shelf."""


def shown_folder(folder: Path) -> str:
    """The shelf's folder by its name (the line under the table gives each file's path in
    it): at 80 columns the counts need the room."""
    return printable(folder.resolve().name or "/")


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class ShelfScreen(Screen[None]):
    BINDING_GROUP_TITLE = "Shelf"
    DEFAULT_CSS = """
    ShelfScreen #shelf-status { dock: top; height: 1; background: $panel; padding: 0 1; }
    ShelfScreen #search { border: none; height: 1; padding: 0 1; background: $boost; }
    ShelfScreen #search:focus { background: $primary 30%; }
    ShelfScreen EntryTable { height: 1fr; }
    ShelfScreen #detail { height: 2; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("f2", "actions", "Actions", key_display="F2",
                tooltip="Action items across every post-mortem on the shelf"),
        # Priority, so that keys typed right after it land in the box; in the box it stands
        # aside (check_action) and / is typed.
        Binding("slash", "search", "Search", key_display="/", priority=True,
                tooltip="Type in the search box"),
        Binding("ctrl+r", "rescan", "Rescan", show=False,
                tooltip="Look at the folder again now (after a git pull, say)"),
        Binding("escape", "back", "Back", show=False,
                tooltip="Leave the search box for the list; in the list, clear the search"),
        Binding("down", "move(1)", "Next post-mortem (from the box too)", show=False),
        Binding("up", "move(-1)", "Previous post-mortem (from the box too)", show=False),
        Binding("pagedown", "page(1)", "A page down the list", show=False),
        Binding("pageup", "page(-1)", "A page up the list", show=False),
    ]

    def __init__(self, shelf: Shelf, only: set[str] | None = None) -> None:
        super().__init__(id="shelf")
        self.shelf = shelf
        self.only = only  # just these paths (--since REV), or every post-mortem
        self.query_text = ""
        self.commits: dict[str, Commit] = {}
        self.progress = ""  # "reading 120 of 1,000 files", while the index catches up
        self.totals = (0, 0, 0, 0)  # post-mortems, open items, overdue ones, broken files
        self.shown_before = False

    def compose(self) -> ComposeResult:
        yield Static("", id="shelf-status", markup=False)
        yield Input(placeholder=SEARCH_HINT, id="search", compact=True)
        yield EntryTable(id="entries")
        yield Static("", id="detail", markup=False)
        yield KeyBar()

    @property
    def table(self) -> EntryTable:
        return self.query_one(EntryTable)

    @property
    def search_box(self) -> Input:
        return self.query_one("#search", Input)

    def on_mount(self) -> None:
        self.entries_changed()
        self.search_box.focus()

    def on_screen_resume(self) -> None:
        if self.shown_before:  # back from the action items, which may have changed some
            self.entries_changed()
        self.shown_before = True

    # --- what the table shows ----------------------------------------------------------------

    def shown_entries(self) -> list[Entry]:
        found = self.shelf.search(self.query_text) if self.query_text.strip() else None
        entries = self.shelf.sorted_entries() if found is None else found
        if self.only is not None:
            entries = [entry for entry in entries if entry.path in self.only]
        return entries

    def show_entries(self) -> None:
        self.table.show(self.shown_entries())
        self.show_status()
        self.show_detail()

    def entries_changed(self) -> None:
        """The shelf read files (or read them again): show what it holds now."""
        self.count()
        self.show_entries()

    def count(self) -> None:
        """The shelf's totals for the status line: worked out when the entries change, not at
        every key."""
        good = [entry for entry in self.shelf.entries.values() if not entry.broken]
        today = clock.today()
        self.totals = (len(good), sum(entry.open_count for entry in good),
                       sum(entry.overdue_count(today) for entry in good),
                       len(self.shelf.entries) - len(good))

    def commits_found(self, commits: dict[str, Commit]) -> None:
        self.commits = commits
        self.show_detail()

    def show_progress(self, text: str) -> None:
        self.progress = text
        self.show_status()

    def show_status(self) -> None:
        good, open_items, overdue, broken = self.totals
        shown = plural(good, "post-mortem")
        if self.query_text.strip():
            order = "" if self.shelf.last_ranked else ", newest first"
            shown = f"{self.table.row_count:,} of {shown} found{order}"
        elif self.only is not None:
            shown = f"{self.table.row_count:,} of {shown} changed"
        parts = [f"Shelf {shown_folder(self.shelf.root)}", shown,
                 f"{open_items:,} open actions ({overdue:,} overdue)"]
        if broken:
            parts.append(f"{broken} not readable (⚠)")
        if self.progress:
            parts.insert(2, self.progress)
        self.query_one("#shelf-status", Static).update(" · ".join(parts))

    def show_detail(self) -> None:
        entry = self.table.current()
        detail = self.query_one("#detail", Static)
        if entry is None:
            detail.update("Nothing matches the search." if self.query_text.strip()
                          else "No post-mortems here yet." if not self.progress else "")
            return
        detail.update(self.detail_of(entry))

    def detail_of(self, entry: Entry) -> Content:
        if entry.broken:
            return Content.assemble((printable(entry.error_at(entry.path)), "bold"),
                                    "\nThis file is not read until it is fixed; it is never "
                                    "written.")
        first = [entry.path]
        if entry.kind == "markdown":
            first.append("Markdown (enter imports it into TOML beside it)")
        commit = self.commits.get(entry.path)
        if commit is not None:
            first.append(f"last commit {commit.date} by {commit.author}")
        second: Content | str
        if self.query_text.strip():
            matches = self.shelf.matches(self.query_text, entry)
            second = Content.assemble("matched: ", (", ".join(matches.words), "bold"),
                                      " — ", *_marked(matches.snippet))
        else:
            late = entry.overdue_count(clock.today())
            second = (f"{entry.title} · {plural(len(entry.actions), 'action item')}, "
                      f"{entry.open_count} open, {late} overdue")
        return Content.assemble(printable(" · ".join(first)), "\n", second)

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not self.search_box.has_focus
        return True

    @on(Input.Changed, "#search")
    def search_typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self.table.sort_column is not None and event.value.strip():
            self.table.sort_column = None  # a search shows the best match first
        self.show_entries()
        if self.query_text.strip():
            self.table.move_cursor(0)

    @on(Input.Submitted, "#search")
    def open_from_search(self) -> None:
        self.table.action_choose()

    @on(EntryTable.CursorMoved)
    @on(EntryTable.SortChanged)
    def cursor_moved(self) -> None:
        self.show_detail()

    @on(EntryTable.Chosen)
    def chosen(self, event: EntryTable.Chosen) -> None:
        if event.entry.broken:
            self.notify(printable(event.entry.error_at(event.entry.path)),
                        title="This file does not load", severity="error", markup=False)
            return
        self.post_message(OpenPostmortem(event.entry))

    def action_move(self, step: int) -> None:
        self.table.move_cursor(self.table.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.table.move_cursor(self.table.cursor_row + step * self.table.page_height)

    def action_search(self) -> None:
        self.search_box.focus()

    def action_actions(self) -> None:
        self.post_message(ShowActions())

    def action_rescan(self) -> None:
        self.post_message(Rescan())

    def action_back(self) -> None:
        """Escape: out of the search box to the list; in the list, clear the search."""
        if self.search_box.has_focus:
            self.table.focus()
        elif self.search_box.value:
            self.search_box.value = ""  # Input.Changed shows every post-mortem again


class Rescan(Message):
    """Look at the folder again and read what changed."""


def _marked(snippet: str) -> list[str | tuple[str, str]]:
    """A snippet with its matched words (between \\x01 and \\x02) in bold."""
    pieces: list[str | tuple[str, str]] = []
    for index, piece in enumerate(snippet.replace("\x02", "\x01").split("\x01")):
        pieces.append((printable(piece), "bold") if index % 2 else printable(piece))
    return pieces
