"""Continuous entry: one `a` starts a run of new rows or items; enter on the last field keeps
one and opens the next, enter on an empty one (or escape) ends the run. Nothing typed is lost."""

from __future__ import annotations

import datetime as dt

from editor_helpers import (
    frozen,
    leave_opened,
    make_app,
    open_section,
    start_adding,
    type_row,
    type_text,
)
from textual.widgets import Input, Static

from postmortem.dialogs.action_editor import ActionEditor
from postmortem.dialogs.event_editor import EventEditor
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

TODAY = dt.date(2023, 6, 20)


async def test_one_a_adds_a_run_of_timeline_rows_and_enter_on_an_empty_row_ends_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_row(pilot, "14:02", "Errors start", "Paged")
        await type_row(pilot, "14:10", "Rollback begun")
        editor = app.screen
        assert isinstance(editor, EventEditor)  # still open, on the next new row
        assert editor.focused is editor.query_one("#time", Input)
        assert editor.query_one("#time", Input).value == ""
        assert "Added 2023-06-15 14:10 Rollback begun" in str(
            editor.query_one("#note", Static).content)
        await type_row(pilot, "+15m", "Traffic back")
        await pilot.press("enter")  # on the empty new row: the run is done
        await pilot.pause()
        assert not isinstance(app.screen, EventEditor)
        assert [event.event for event in app.document.timeline] == [
            "Errors start", "Rollback begun", "Traffic back"]
        assert app.document.timeline[2].time.strftime("%H:%M") == "14:25"  # +15m from 14:10
        assert app.save()
        assert app.unfinished_typing() == []
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert "| 2023-06-15 14:25 | Traffic back |" in markdown


async def test_a_row_typed_in_one_burst_with_the_next_lands_in_the_file_and_the_draft(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        # One burst: the whole first row, its last enter, and the start of the next row.
        await start_adding(pilot)
        await pilot.press(*"14:02", "enter", *"Errors", "enter", "enter", *"14:0")
        await pilot.press("escape")  # ends the run; the half-typed row is kept as a draft
        await pilot.pause()
        assert [event.event for event in app.document.timeline] == ["Errors"]
        assert [item.values[0] for item in app.unfinished_typing()] == ["14:0"]
        await start_adding(pilot)  # the next run starts from the draft
        await pilot.pause()
        assert app.screen.query_one("#time", Input).value == "14:0"


async def test_one_a_adds_a_run_of_action_items(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.pause()
        for description in ("Add alerting", "Rotate certs"):
            await type_text(pilot, description)
            await pilot.press("enter", "enter", "enter", "enter", "enter")
            await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        assert editor.focused is editor.query_one("#description", Input)
        assert editor.query_one("#description", Input).value == ""
        await pilot.press("enter")  # on the empty new item: the run is done
        await pilot.pause()
        assert not isinstance(app.screen, ActionEditor)
        items = app.document.action_items
        assert [(item.id, item.description) for item in items] == [
            ("AI-1", "Add alerting"), ("AI-2", "Rotate certs")]
        assert app.unfinished_typing() == []


async def test_leaving_a_run_of_action_items_keeps_the_item_being_typed(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.press(*"First", "enter", "enter", "enter", "enter", "enter",
                          *"Second")
        await pilot.press("f6")  # to the next section, the dialog popped: its draft is kept
        await pilot.pause()
        assert [item.description for item in app.document.action_items] == ["First"]
        assert [item.values[0] for item in app.unfinished_typing()] == ["Second"]


async def test_one_a_adds_a_run_of_list_items_in_one_burst(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        await start_adding(pilot)
        await pilot.press(*"Canary certs", "enter", *"Alert on declines", "enter",
                          *"Half")
        await pilot.press("escape")  # ends the run; the half-typed item is kept as a draft
        await pilot.pause()
        assert app.document.preventive.technical == ["Canary certs", "Alert on declines"]
        assert [item.values for item in app.unfinished_typing()] == [("Half",)]
        await start_adding(pilot)
        await pilot.press("end", *" done", "enter", "enter")
        assert app.document.preventive.technical == [
            "Canary certs", "Alert on declines", "Half done"]
        assert not isinstance(app.focused, Input)  # enter on the empty one ended the run


async def test_enter_on_the_stated_times_last_field_keeps_it_and_closes(tmp_path):
    from postmortem.dialogs.stated_times import StatedTimesDialog

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await leave_opened(pilot)  # the empty timeline opened its first row
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatedTimesDialog)
        # Duration, then detection and its note, mitigation and its note, resolution and its
        # note: enter after each; on the last one the dialog closes.
        await pilot.press(*"4:00", "enter", *"0:10", "enter", "enter", "enter", "enter",
                          *"3:50", "enter", *"from the pager", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, StatedTimesDialog)
        stated = app.document.stated_times
        assert (stated.duration.value, stated.time_to_detection.value) == ("4:00", "0:10")
        assert stated.time_to_resolution.value == "3:50"
        assert stated.time_to_resolution.note == "from the pager"


async def test_a_bad_time_in_the_stated_times_keeps_the_dialog_open_on_it(tmp_path):
    from postmortem.dialogs.stated_times import StatedTimesDialog

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await leave_opened(pilot)  # the empty timeline opened its first row
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"4:99", *["tab"] * 6, "enter")  # tab passes the bad time
        await pilot.pause()
        assert isinstance(app.screen, StatedTimesDialog)
        assert app.focused is app.screen.query_one("#stated-duration")


async def test_tab_keeps_the_item_being_typed_and_goes_on_past_the_list(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await start_adding(pilot)
        await pilot.press(*"Canary", "enter", *"Alerts", "tab")
        await pilot.pause()
        assert app.document.preventive.technical == ["Canary", "Alerts"]
        assert app.unfinished_typing() == []
        assert app.focused in app.screen.query("#process *")
        await pilot.press("tab")
        await start_adding(pilot)
        await pilot.press(*"Drill", "tab")  # the form's last list: the next section
        await pilot.pause()
        assert app.document.preventive.monitoring == ["Drill"]
        assert app.current_mode == "lessons_learned"
