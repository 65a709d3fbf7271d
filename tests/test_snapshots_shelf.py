"""80x24 snapshots of the shelf's screens: the list, a search, the action items, the due-date
dialog, and the editor's related-incidents dialog, on the hand-made shelf (its due dates are in
2020 or 2099, so what is overdue does not depend on the day the tests run)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from shelf_helpers import write_shelf
from textual.widgets import OptionList

from postmortem.app.application import PostmortemApp
from postmortem.app.shelf_app import ShelfApp
from postmortem.shelf.catalog import Shelf
from postmortem.storage.toml_file import load

SIZE = (80, 24)


@pytest.fixture
def shelf_app(tmp_path: Path) -> ShelfApp:
    shelf = Shelf(write_shelf(tmp_path / "shelf"))
    return ShelfApp(shelf, shelf.look(), launcher=lambda path: 0)


async def settled(pilot: Any) -> None:
    for _ in range(500):
        await pilot.pause()
        if not pilot.app.reading and not pilot.app.stale:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def then(*keys: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run


def test_the_shelf(snap_compare, shelf_app):
    assert snap_compare(shelf_app, terminal_size=SIZE, run_before=then())


def test_the_shelf_searched(snap_compare, shelf_app):
    assert snap_compare(shelf_app, terminal_size=SIZE, run_before=then(*"cert rot"))


def test_the_action_items_across_the_shelf(snap_compare, shelf_app):
    assert snap_compare(shelf_app, terminal_size=SIZE, run_before=then("f2", "enter"))


def test_the_due_date_dialog(snap_compare, shelf_app):
    assert snap_compare(shelf_app, terminal_size=SIZE,
                        run_before=then("f2", "enter", "d", "ctrl+u", *"+2w"))


def test_the_related_incidents_dialog(snap_compare, tmp_path):
    path = write_shelf(tmp_path / "shelf") / "2026" / "disk-full.toml"
    app = PostmortemApp(path, load(path))

    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press("f12")
        for _ in range(500):
            await pilot.pause()
            if pilot.app.screen.query(OptionList) and pilot.app.screen.query_one(
                    OptionList).option_count:
                break
            await asyncio.sleep(0.01)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run)
