"""The shelf in the app, driven by Textual's pilot: the table, the search as you type, sorting,
the editor one key away and back, the action items across files, and a broken file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from shelf_helpers import write_shelf

from postmortem.app.shelf_app import ShelfApp
from postmortem.dialogs.due_date import DueDateDialog
from postmortem.screens.shelf import ShelfScreen
from postmortem.screens.shelf_actions import ShelfActionsScreen
from postmortem.shelf.catalog import Shelf
from postmortem.storage.toml_file import load
from postmortem.widgets.shelf_tables import ActionTable, EntryTable

SIZE = (80, 24)


class Editor:
    """Stands in for the editor process: notes what it was asked to open, and may change it."""

    def __init__(self, change: dict[str, str] | None = None) -> None:
        self.opened: list[Path] = []
        self.change = change or {}

    def __call__(self, path: Path) -> int:
        self.opened.append(path)
        text = path.read_text("utf-8")
        for old, new in self.change.items():
            text = text.replace(old, new)
        path.write_text(text, "utf-8")
        return 0


def shelf_app(folder: Path, editor: Editor | None = None) -> ShelfApp:
    shelf = Shelf(folder)
    return ShelfApp(shelf, shelf.look(), launcher=editor or Editor())


async def settled(pilot: Any) -> None:
    """Wait until the shelf has read the folder (on its thread) and shown it."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        if not app.reading and not app.stale:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def ids(table: EntryTable) -> list[str]:
    return [row.incident_id for row in table.rows]


def items(table: ActionTable) -> list[str]:
    return [f"{row.incident_id} {row.item.item_id}" for row in table.rows]


def text_of(app: ShelfApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_shelf(tmp_path / "shelf")


async def test_every_post_mortem_is_listed_and_a_broken_file_with_its_error(
        folder: Path) -> None:
    editor = Editor()
    app = shelf_app(folder, editor)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ShelfScreen)
        table = screen.table
        assert ids(table) == ["INC-2026-0202", "INC-2026-0101", "INC-2025-0909", ""]
        assert table.row_cells(3)[0] == "⚠ broken"
        status = text_of(app, "#shelf-status")
        assert "3 post-mortems" in status and "1 not readable" in status
        await pilot.press("tab", "end")
        detail = text_of(app, "#detail")
        assert ("2026/broken.toml:6: incident.severity: Input should be 'P1', 'P2', 'P3' or "
                "'P4', got 5") in detail
        await pilot.press("enter")
        await pilot.pause()
        assert editor.opened == []  # a broken file is not opened, only said
        await pilot.press("home", "enter")
        await pilot.pause()
        assert editor.opened == [folder / "2026" / "certificate.toml"]


async def test_the_search_filters_as_you_type_and_shows_the_matching_words(
        folder: Path) -> None:
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        table = app.screen.query_one(EntryTable)
        await pilot.press("c", "h", "e", "c", "k")
        assert ids(table) == ["INC-2026-0202", "INC-2026-0101"]
        await pilot.press("o", "u", "t", "space", "c", "e", "r")
        assert ids(table) == ["INC-2026-0202"]
        assert "matched: certificate, checkout, certificates" in text_of(app, "#detail")
        assert "1 of 3 post-mortems found" in text_of(app, "#shelf-status")
        await pilot.press("escape")  # out of the box, the search kept
        assert app.focused is table and ids(table) == ["INC-2026-0202"]
        await pilot.press("escape")  # in the list: the search cleared
        await pilot.pause()
        assert len(table.rows) == 4


async def test_each_column_sorts_and_again_reverses(folder: Path) -> None:
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        table = app.screen.query_one(EntryTable)
        await pilot.press("tab")
        assert app.focused is table
        await pilot.press("3")  # severity, P1 first
        assert ids(table) == ["INC-2026-0202", "INC-2026-0101", "INC-2025-0909", ""]
        await pilot.press("3")
        assert ids(table) == ["", "INC-2025-0909", "INC-2026-0101", "INC-2026-0202"]
        await pilot.press("1")  # incident ID
        assert ids(table) == ["INC-2025-0909", "INC-2026-0101", "INC-2026-0202", ""]
        await pilot.press("6")  # open items, most first
        assert [row.open_count for row in table.rows] == [2, 1, 1, 0]
        await pilot.press("4")  # title
        assert [row.title for row in table.rows][:3] == [
            "Checkout down after certificate rotation", "Disk full on orders-db",
            "Search slow after cache eviction storm"]
        assert "by title" in table.sort_label


async def test_enter_opens_the_editor_and_the_shelf_comes_back_where_it_was(
        folder: Path) -> None:
    editor = Editor({"Disk full on orders-db": "Disk full on the orders database"})
    app = shelf_app(folder, editor)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("o", "r", "d", "e", "r", "s")
        table = app.screen.query_one(EntryTable)
        assert ids(table) == ["INC-2026-0101"]
        await pilot.press("enter")
        await settled(pilot)
        assert editor.opened == [folder / "2026" / "disk-full.toml"]
        screen = app.screen
        assert isinstance(screen, ShelfScreen)
        assert screen.search_box.value == "orders"
        assert table.current() is not None
        assert table.current().title == "Disk full on the orders database"  # read again


async def test_a_status_changed_in_the_action_view_is_in_the_items_file(
        folder: Path) -> None:
    path = folder / "2026" / "disk-full.toml"
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ShelfActionsScreen)
        table = app.screen.query_one(ActionTable)
        assert items(table)[:2] == ["INC-2026-0101 AI-1", "INC-2025-0909 AI-1"]  # overdue first
        for key in "owner:sam status:open":
            await pilot.press("space" if key == " " else "colon" if key == ":" else key)
        assert items(table) == ["INC-2026-0101 AI-1"]
        await pilot.press("enter", "s")  # to the list; next status
        await pilot.pause()
        assert load(path).action_items[0].status.value == "In Progress"
        assert "INC-2026-0101 AI-1: In Progress — saved in 2026/disk-full.toml" in text_of(
            app, "#actions-status")
        await pilot.press("u")
        await pilot.pause()
        assert load(path).action_items[0].status.value == "Open"
        await pilot.press("escape")  # the list: back to the shelf
        await pilot.pause()
        assert isinstance(app.screen, ShelfScreen)


async def test_the_due_date_is_typed_checked_and_saved(folder: Path) -> None:
    path = folder / "2026" / "certificate.toml"
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for key in "handshake":
            await pilot.press(key)
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, DueDateDialog)
        await pilot.press("ctrl+u", *"2031-13-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DueDateDialog)  # not a real date: said, not saved
        assert "not a real date" in text_of(app, "#due-problem")
        await pilot.press("ctrl+u", *"2031-05-06", "enter")
        await pilot.pause()
        assert str(load(path).action_items[0].due) == "2031-05-06"
        await pilot.press("d", "escape")
        await pilot.pause()
        assert str(load(path).action_items[0].due) == "2031-05-06"


async def test_a_file_changed_behind_the_shelf_is_not_overwritten(folder: Path) -> None:
    path = folder / "2026" / "disk-full.toml"
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await pilot.pause()
        theirs = path.read_text("utf-8").replace("Rotate debug logs daily", "Rotate hourly")
        path.write_text(theirs, "utf-8")
        await pilot.press("enter", "s")  # the first row: INC-2026-0101 AI-1
        await pilot.pause()
        assert path.read_text("utf-8") == theirs
        assert any("changed on disk since the shelf read it" in str(note.message)
                   for note in app._notifications)
        table = app.screen.query_one(ActionTable)
        assert table.rows[0].item.description == "Rotate hourly"  # read again


async def test_a_markdown_post_mortems_items_are_not_written(folder: Path) -> None:
    path = folder / "2025" / "search.md"
    before = path.read_bytes()
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for key in "evictions":
            await pilot.press(key)
        await pilot.press("enter", "s")
        await pilot.pause()
        assert path.read_bytes() == before
        assert any("is Markdown" in str(note.message) for note in app._notifications)


async def test_since_a_revision_the_shelf_shows_only_what_changed(folder: Path) -> None:
    shelf = Shelf(folder)
    app = ShelfApp(shelf, shelf.look(), only={"2026/disk-full.toml"}, launcher=Editor())
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert ids(app.screen.query_one(EntryTable)) == ["INC-2026-0101"]
        assert "1 of 3 post-mortems changed" in text_of(app, "#shelf-status")


async def test_ctrl_r_reads_a_file_that_arrived_meanwhile(folder: Path) -> None:
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        copy = (folder / "2026" / "disk-full.toml").read_text("utf-8")
        (folder / "2026" / "pulled.toml").write_text(
            copy.replace("INC-2026-0101", "INC-2026-0404"), "utf-8")
        await pilot.press("tab", "ctrl+r")
        await settled(pilot)
        assert "INC-2026-0404" in ids(app.screen.query_one(EntryTable))


async def test_a_filter_naming_no_status_says_so(folder: Path) -> None:
    app = shelf_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await pilot.pause()
        for key in "status:later":
            await pilot.press("colon" if key == ":" else key)
        assert "no status 'later'" in text_of(app, "#actions-status")
        assert len(app.screen.query_one(ActionTable).rows) == 7  # nothing filtered by it
