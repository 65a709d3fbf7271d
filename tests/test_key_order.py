"""A burst of a widget's keys is handled in the order typed. The keys that open a dialog are
priority bindings, so that what follows them lands in the dialog; the keys typed before one
used to be overtaken by it and dropped (k k e edited the row the cursor had been on)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from editor_helpers import open_section, until
from textual import events
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.dialogs.action_editor import ActionEditor
from postmortem.dialogs.event_editor import EventEditor
from postmortem.storage import toml_file as storage
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.list_editor import ItemList, ListEditor
from postmortem.widgets.timeline.table import TimelineTable

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo.toml"


def demo_app(tmp_path: Path) -> PostmortemApp:
    path = tmp_path / "incident.toml"
    shutil.copy(DEMO, path)
    return PostmortemApp(path, storage.load(path))


def burst(pilot: Any, *keys: str) -> None:
    """Send keys as one read from the terminal: none waits for the one before."""
    driver = pilot.app._driver
    for key in keys:
        driver.send_message(events.Key(key, None if len(key) > 1 else key))


async def test_cursor_keys_typed_before_e_in_the_timeline_move_the_row_it_edits(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        table.focus()
        await pilot.press("end")
        await pilot.press("a")  # a run of new rows, ended by enter on the empty one
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        burst(pilot, "enter", "k", "k", "e")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor)
                           and app.screen.query_one("#event", Input).value != "")
        rows = app.document.timeline
        assert app.screen.query_one("#event", Input).value == rows[len(rows) - 3].event


async def test_cursor_keys_typed_before_e_in_the_action_grid_move_the_item_it_edits(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        grid = app.screen.query_one(ActionGrid)
        grid.focus()
        await pilot.press("j", "j", "j", "j")
        assert await until(pilot, lambda: grid.cursor_row == 4)
        burst(pilot, "k", "up", "e")
        assert await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.pause()
        wanted = app.document.action_items[2].description
        assert app.screen.query_one("#description", Input).value == wanted


async def test_a_delete_typed_just_before_a_in_a_list_is_not_dropped(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "root_cause")
        factors = next(editor for editor in app.screen.query(ListEditor)
                       if editor.query(ItemList) and "contributing" in str(editor.id))
        items = factors.query_one(ItemList)
        items.focus()
        before = list(app.document.root_cause.contributing_factors)
        burst(pilot, "d", "a")
        assert await until(pilot, lambda: isinstance(app.screen.focused, Input)
                           and app.screen.focused in factors.query(Input))
        assert await until(pilot, lambda: app.document.root_cause.contributing_factors
                           == before[1:])
