"""Adding timeline rows, a complete clock time moves the cursor on to Event by itself: a row is
its time and its event with no key between. Enter or tab right after does nothing; :, space
or + right after goes on writing the time. Editing a row, nothing moves on by itself."""

from __future__ import annotations

import pytest
from editor_helpers import make_app, open_section, start_adding, until
from textual.widgets import Input, Static

from postmortem.dialogs.event_editor import EventEditor
from postmortem.dialogs.time_advance import complete_clock_time

ROW = {"time": "2023-06-15T23:50:00Z", "event": "Deploy started"}


def fields(app) -> tuple[str, str, str]:
    return tuple(app.screen.query_one(f"#{name}", Input).value  # type: ignore[return-value]
                 for name in ("time", "event", "actions"))


def rows(app) -> list[tuple[str, str, str]]:
    return [(event.time.strftime("%d %H:%M"), event.event, event.actions)
            for event in app.document.timeline]


@pytest.mark.parametrize(("text", "complete"), [
    ("14:20", True), ("4:05", True), ("2026-03-14 14:20", True), ("2026-03-14T14:20", True),
    ("14:2", False), ("14", False), ("14:20:3", False), ("14:20 UTC", False), ("+15m", False),
    ("now", False), ("2026-03-14", False),
])
def test_what_a_complete_clock_time_is(text, complete):
    assert complete_clock_time(text) is complete


async def test_a_row_is_its_time_then_its_event_with_no_key_between(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        # one burst, as a fast typist sends it: two rows, no key between time and event
        await pilot.press(*"14:20", *"Errors", "enter", *"Paged", "enter",
                          *"14:32", *"Rolled back", "enter", "enter", "enter")
        await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert rows(app) == [("15 14:20", "Errors", "Paged"), ("15 14:32", "Rolled back", "")]


async def test_enter_or_tab_right_after_the_time_moved_on_does_nothing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:20", "enter", *"Errors", "enter", "enter",
                          *"14:25", "tab", *"Paged", "enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 2)
        assert rows(app) == [("15 14:20", "Errors", ""), ("15 14:25", "Paged", "")]


async def test_seconds_a_zone_or_the_rest_of_a_row_typed_on_one_line_go_on_in_time(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        await pilot.press(*"14:20:30")
        await pilot.pause()
        assert fields(app) == ("14:20:30", "", "")
        assert editor.focused is editor.query_one("#time", Input)
        await pilot.press("enter", *"Seconds", "enter", "enter")  # enter: on to Event
        await pilot.press(*"14:30", "space", *"UTC", "enter", *"Zoned", "enter", "enter")
        # the one-line form: enter splits it, the event to Event, the cursor to Actions
        await pilot.press(*"14:40", "space", *"db failover", "enter", *"Paged", "enter")
        await pilot.press(*"14:45", "plus", *"02:00", "enter", *"Offset", "enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 4)
        assert rows(app) == [("15 12:45", "Offset", ""), ("15 14:20", "Seconds", ""),
                             ("15 14:30", "Zoned", ""), ("15 14:40", "db failover", "Paged")]


async def test_a_space_typed_in_the_event_is_the_events(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:20", *"db", "space", *"failover", "colon", "space", *"done")
        await pilot.pause()
        assert fields(app) == ("14:20", "db failover: done", "")


async def test_past_midnight_the_time_moves_on_and_says_the_next_day(tmp_path):
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press(*"00:10")
        await pilot.pause()
        editor = app.screen
        assert editor.focused is editor.query_one("#event", Input)
        assert "the next day" in str(editor.query_one("#time-check", Static).content)
        await pilot.press(*"Deploy done", "enter", "enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 2)
        assert rows(app)[1] == ("16 00:10", "Deploy done", "")


async def test_editing_a_row_the_time_does_not_move_on(tmp_path):
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press(*"23:55")  # the time, selected as the dialog opened, replaced
        await pilot.pause()
        editor = app.screen
        assert editor.focused is editor.query_one("#time", Input)
        assert fields(app)[0] == "23:55"
        assert "moves on" not in str(editor.query_one("#time-check", Static).content)


async def test_the_time_hint_says_a_complete_time_moves_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        hint = str(app.screen.query_one("#time-check", Static).content)
        assert "complete time moves on to Event" in hint
