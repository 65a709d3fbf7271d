"""The open app follows the file as another process appends to it (`postmortem log` in another
shell): an appended event shows within a second, the cursor stays on its row, and nothing being
typed (a field, an open row editor) is touched. Real second processes, conditions not sleeps."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import INCIDENT, drawn_lines, open_section, type_text, until
from textual.widgets import Input

from postmortem.app import following
from postmortem.app import keeping as keeping_module
from postmortem.app.application import PostmortemApp
from postmortem.dialogs.event_editor import EventEditor
from postmortem.document.model import Document
from postmortem.storage import toml_file as storage
from postmortem.widgets.timeline.table import TimelineTable

APPENDER = Path(__file__).with_name("appender.py")
START = dt.datetime(2023, 6, 15, 14, 0, tzinfo=dt.UTC)
DEADLINE = 30.0  # generous: a loaded two-core machine running two suites at once


def write_incident(path: Path, rows: int) -> None:
    timeline = [{"time": START + dt.timedelta(minutes=2 * i), "event": f"row {i}"}
                for i in range(rows)]
    storage.save(Document.model_validate({"title": "Checkout outage", "incident": INCIDENT,
                                          "timeline": timeline}), path)


def start_appender(path: Path, start: dt.datetime, count: int,
                   label: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(APPENDER), str(path), start.isoformat(),
                             str(count), label], stdout=subprocess.PIPE, text=True)


async def finished(process: subprocess.Popen[str]) -> list[float]:
    """Wait (without blocking the app) for the appender; the times its events landed."""
    output, _ = await asyncio.to_thread(process.communicate, timeout=DEADLINE)
    assert process.returncode == 0
    lines = output.split()
    assert lines[-1] == "done"
    return [float(line) for line in lines[:-1]]


def count_looks(app: PostmortemApp) -> list[float]:
    """When the app looked at the file: each call of _look_at_the_file, timed."""
    looks: list[float] = []
    look = app._look_at_the_file

    def counted() -> None:
        looks.append(time.monotonic())
        look()

    app._look_at_the_file = counted  # type: ignore[method-assign]
    return looks


def notices(app: PostmortemApp) -> list[str]:
    """The titles of the notices the app gives from now on."""
    titles: list[str] = []
    tell = app.tell

    def told(message: str, **options: Any) -> None:
        titles.append(options.get("title", ""))
        tell(message, **options)

    app.tell = told  # type: ignore[method-assign]
    return titles


def merge_times(app: PostmortemApp) -> list[float]:
    """When the app showed a merged change from now on (monotonic)."""
    times: list[float] = []
    show = app.show_merged

    def shown(message: str, before: Any = None) -> None:
        times.append(time.monotonic())
        show(message, before)

    app.show_merged = shown  # type: ignore[method-assign]
    return times


def events_of(app: PostmortemApp) -> list[str]:
    return [event.event for event in app.document.timeline]


def test_the_file_is_looked_at_often_enough_to_show_a_change_within_a_second() -> None:
    # a change landing just after a look is seen at the next one: one poll and its work
    assert following.DISK_POLL_SECONDS * 2 <= 0.5


async def test_an_event_appended_by_another_process_shows_at_the_next_look(
        tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    write_incident(path, 30)
    app = PostmortemApp(path, storage.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        table.focus()
        await pilot.press(*["down"] * 12)
        under_cursor, line = table.current_event(), table.cursor_row - table.first_visible_row
        looks = count_looks(app)
        # earlier than the row under the cursor: every row below it moves down one
        landed = (await finished(start_appender(path, START + dt.timedelta(minutes=3), 1,
                                                "appended elsewhere")))[0]
        looks_before = len([look for look in looks if look < landed])
        assert await until(pilot, lambda: table.row_count == 31)
        shown = time.monotonic()
        print(f"shown {shown - landed:.3f} s after it landed")
        assert len(looks) - looks_before <= 2  # at the first look after it landed (or the next)
        assert table.current_event() is under_cursor  # the very row, on the same line
        assert table.cursor_row - table.first_visible_row == line
        assert events_of(app)[2] == "appended elsewhere 0"
        cursor_line = drawn_lines(table)[line + 1]  # under the header
        assert f"row {12}" in cursor_line  # drawn afresh: the rows moved down under it
        assert not app.session.dirty  # the file's version: nothing to save


@pytest.mark.parametrize("unsaved", [False, True])
async def test_a_change_on_disk_is_read_and_parsed_off_the_event_loop(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsaved: bool) -> None:
    """At several thousand rows reading and parsing a change takes ~0.3 s: typing must not wait
    for it. The event loop only merges (with unsaved edits) or takes it in (without)."""
    import threading

    from postmortem.storage import disk_changes

    monkeypatch.setattr(keeping_module, "AUTOSAVE_IDLE_SECONDS", 600)
    monkeypatch.setattr(keeping_module, "AUTOSAVE_MAX_SECONDS", 600)
    parsed_in: list[str] = []
    real_parse = disk_changes.parse_document

    def parse(raw: bytes, where: Path, **options: bool) -> Document:
        parsed_in.append(threading.current_thread().name)
        return real_parse(raw, where, **options)

    monkeypatch.setattr(disk_changes, "parse_document", parse)
    path = tmp_path / "incident.toml"
    write_incident(path, 10)
    app = PostmortemApp(path, storage.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if unsaved:
            title = app.screen.query(Input).first()
            title.focus()
            await type_text(pilot, " (draft)")
            assert await until(pilot, lambda: app.session.dirty)
        parsed_in.clear()  # the file as opened
        await finished(start_appender(path, START + dt.timedelta(hours=2), 1, "logged"))
        assert await until(pilot, lambda: "logged 0" in events_of(app))
        assert parsed_in and threading.main_thread().name not in parsed_in
        assert app.session.dirty is unsaved
        assert app.document.title == "Checkout outage" + (" (draft)" if unsaved else "")


async def test_a_stream_of_appends_leaves_typing_an_open_editor_and_the_cursor_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the title's typing stays unsaved while the events come in: every one is merged
    monkeypatch.setattr(keeping_module, "AUTOSAVE_IDLE_SECONDS", 600)
    monkeypatch.setattr(keeping_module, "AUTOSAVE_MAX_SECONDS", 600)
    path = tmp_path / "incident.toml"
    write_incident(path, 10)
    app = PostmortemApp(path, storage.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = app.screen.query(Input).first()
        title.focus()
        await type_text(pilot, " (draft)")
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        table.focus()
        await pilot.press("down", "down", "down", "e")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press("end")
        await type_text(pilot, " then")  # into the row's Time field: not valid yet
        told = notices(app)
        merged_at = merge_times(app)
        await finished(start_appender(path, START + dt.timedelta(hours=2), 20, "logged"))
        assert await until(pilot, lambda: events_of(app).count("logged 19") == 1)
        editor = app.screen
        assert isinstance(editor, EventEditor)  # still open, still holding what was typed
        assert editor.query(Input).first().value.endswith(" then")
        await pilot.press("ctrl+u")
        await type_text(pilot, "14:07")
        await pilot.press("enter", "end")
        await type_text(pilot, " edited")
        await pilot.press("enter", "enter")
        assert await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        # one notice for the burst, not one an event (a pause longer than a burst's between
        # two merges, as on a loaded machine, starts another)
        assert len(merged_at) >= 2
        pauses = sum(1 for one, two in itertools.pairwise(merged_at)
                     if two - one > following.BURST_SECONDS)
        assert 1 <= told.count("Merged") <= 1 + pauses
        assert app.document.title == "Checkout outage (draft)"
        assert "row 3 edited" in events_of(app)
        assert table.current_event() is not None
        assert table.current_event().event == "row 3 edited"
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not app.session.dirty)
        saved = storage.load(path)
        assert saved.title == "Checkout outage (draft)"
        assert [e.event for e in saved.timeline].count("row 3 edited") == 1
        assert all(f"logged {n}" in [e.event for e in saved.timeline] for n in range(20))
        assert len(saved.timeline) == 30


async def test_an_item_added_elsewhere_shows_in_the_action_items_the_cursor_on_its_item(
        tmp_path: Path) -> None:
    from postmortem.screens.action_items import ActionItemsScreen
    from postmortem.widgets.action_items.grid import ActionGrid

    path = tmp_path / "incident.toml"
    items = [{"id": f"AI-{n}", "description": f"Add check {n}", "owner": "Sam"}
             for n in range(1, 5)]
    storage.save(Document.model_validate({"title": "Checkout outage", "action_items": items}),
                 path)
    app = PostmortemApp(path, storage.load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        grid = app.screen.query_one(ActionGrid)
        grid.focus()
        await pilot.press("down", "down")
        assert grid.current_item() is not None and grid.current_item().id == "AI-3"
        theirs = storage.load(path)
        theirs.action_items.insert(0, theirs.action_items[0].model_copy(
            update={"id": "AI-5", "description": "Page the owner of the gateway"}))
        storage.write_atomic(path, storage.dumps(theirs))  # as an editor or git pull would
        assert await until(pilot, lambda: grid.row_count == 5)
        assert grid.current_item() is not None and grid.current_item().id == "AI-3"
        screen = app.screen
        assert isinstance(screen, ActionItemsScreen)
        assert "5 items" in str(screen.query_one("#action-counts").render())
