"""What a plain key costs beyond Textual's own work (issue 15): a typed character does not lay
the screen out again, and a run of edits keeps one timer for what waits until typing pauses,
not a new one per key. The behaviour stays: the marks are reviewed, and the note goes, once the
keys stop."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from editor_helpers import (
    drawn_lines,
    make_app,
    open_section,
    table_rows,
    text_of,
    type_text,
)
from textual.widget import Widget
from textual.widgets import Input

from postmortem.screens.base import SectionScreen
from postmortem.widgets import status_line
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.status_line import StatusLine


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    """Wait for condition, up to a deadline a loaded machine running two suites meets."""
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline
        await pilot.pause(0.05)


def count_layouts(widget: Widget, calls: list[bool]) -> None:
    """Record, for each refresh widget asks for, whether it asks for a layout."""
    refresh = widget.refresh

    def counted(*regions: Any, **options: Any) -> Any:
        calls.append(bool(options.get("layout")))
        return refresh(*regions, **options)

    widget.refresh = counted  # type: ignore[method-assign]


async def test_typing_in_a_field_repaints_it_without_laying_the_screen_out(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        calls: list[bool] = []
        count_layouts(field, calls)
        await type_text(pilot, " and more")
        await pilot.pause()
        assert app.document.title == "Checkout outage and more"
        assert calls and not any(calls)


async def test_a_run_of_typing_keeps_one_marks_timer_and_the_marks_follow_the_pause(
        tmp_path, monkeypatch):
    started: list[float] = []
    set_timer = SectionScreen.set_timer

    def counted(self: SectionScreen, delay: float, *args: Any, **options: Any) -> Any:
        started.append(delay)
        return set_timer(self, delay, *args, **options)

    monkeypatch.setattr(SectionScreen, "set_timer", counted)
    monkeypatch.setattr(SectionScreen, "MARKS_AFTER_SECONDS", 3.0)  # longer than the typing
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SectionScreen)
        started.clear()
        await type_text(pilot, "abcdefghij")
        await pilot.pause()
        assert started == [3.0]  # the first key's, not one per key
        assert screen._marks_due
        await until(pilot, lambda: not screen._marks_due)  # reviewed once typing pauses


async def test_a_run_of_notes_keeps_one_timer_and_the_last_note_goes_after_its_time(
        tmp_path, monkeypatch):
    monkeypatch.setattr(status_line, "NOTE_SECONDS", 2.0)  # longer than the keys take
    started: list[float] = []
    set_timer = StatusLine.set_timer

    def counted(self: StatusLine, delay: float, *args: Any, **options: Any) -> Any:
        started.append(delay)
        return set_timer(self, delay, *args, **options)

    monkeypatch.setattr(StatusLine, "set_timer", counted)
    app = make_app(tmp_path, action_items=[
        {"id": "AI-1", "description": "Item 1", "owner": "Sam", "priority": "High",
         "status": "Open"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        line = app.screen.query_one(StatusLine)
        started.clear()
        await pilot.press(*"pppppp")
        await pilot.pause()
        assert started == [2.0]  # the first note's, not one per note
        assert text_of(line).endswith("AI-1: priority High")
        await until(pilot, lambda: not line.note)  # it goes once NOTE_SECONDS pass
        assert "incident.toml" in text_of(line)
        assert "AI-1" not in text_of(line)


async def test_undoing_a_change_to_an_item_redraws_its_row_not_every_row(tmp_path):
    app = make_app(tmp_path, action_items=[
        {"id": f"AI-{n}", "description": f"Item {n}", "owner": "Sam", "priority": "High",
         "status": "Open"} for n in (1, 2, 3)])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        grid = app.screen.query_one(ActionGrid)
        await pilot.press("j", "p", "s")
        await pilot.pause()
        calls: list[bool] = []
        count_layouts(grid, calls)
        redrawn: list[int] = []
        row_changed = grid.row_changed
        grid.row_changed = lambda row: redrawn.append(row) or row_changed(row)  # type: ignore[method-assign]
        every_row: list[bool] = []
        rows_changed = grid.rows_changed
        grid.rows_changed = lambda: every_row.append(True) or rows_changed()  # type: ignore[method-assign]
        await pilot.press("u")
        await pilot.pause()
        assert table_rows(grid)[1][3:] == ["Medium", "", "Open"]
        assert calls and not any(calls)
        assert redrawn == [1] and not every_row  # its row drawn again, no other
        shown = drawn_lines(grid)[2]  # under the header
        assert "AI-2" in shown and "Medium" in shown and "Open" in shown
        await pilot.press("u", "d", "u")  # an item back: every row afresh
        await pilot.pause()
        assert every_row
        assert [row[0] for row in table_rows(grid)] == ["AI-1", "AI-2", "AI-3"]
        assert table_rows(grid)[1][3:] == ["High", "", "Open"]
