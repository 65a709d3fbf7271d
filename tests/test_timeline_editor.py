"""The live timeline table, driven like a user: keys in, screen and saved file checked."""

from __future__ import annotations

import datetime as dt

import pytest
from editor_helpers import (
    add_row,
    end_run,
    frozen,
    make_app,
    open_section,
    start_adding,
    text_of,
    timeline_rows,
    type_text,
)
from textual import events
from textual.widgets import Input, Static

from postmortem.dialogs.event_editor import EventEditor
from postmortem.dialogs.stated_times import StatedTimesDialog
from postmortem.document.model import Milestone
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load
from postmortem.widgets.fields import LineField
from postmortem.widgets.timeline.metrics_panel import MetricsPanel
from postmortem.widgets.timeline.table import TimelineTable


def times(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[0] for row in timeline_rows(app.screen.query_one(TimelineTable))]


def panel(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one(MetricsPanel))


async def test_rows_typed_out_of_order_show_and_export_in_time_order(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "14:40", "Rollback finished", "Traffic back")
        await add_row(pilot, "14:02", "Errors start")
        assert times(app) == ["2023-06-15 14:02", "2023-06-15 14:40"]
        table = app.screen.query_one(TimelineTable)
        assert table.cursor_row == 0  # the cursor follows the new row
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert markdown.index("| 2023-06-15 14:02 | Errors start |") < markdown.index(
        "| 2023-06-15 14:40 | Rollback finished | Traffic back |")


async def test_milestones_give_the_four_times_live_and_in_the_export(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        for time, text in (("18:00", "Resolved"), ("14:20", "Alert"), ("16:30", "Mitigated"),
                           ("14:02", "Impact starts")):
            await add_row(pilot, time, text)
        assert "Duration —" in panel(app)
        # the rows' words suggest the four milestones (m would mark them); marked by hand here
        assert ("Suggested milestones: impact start row 1, detected row 2, mitigated row 3, "
                "resolved row 4 (m marks them)") in panel(app)
        await pilot.press("g", "1", "j", "2", "j", "3", "j", "4")
        await pilot.pause()
        shown = panel(app)
        assert "Suggested" not in shown and "Mark a row" not in shown
        for expected in ("Duration 3:58", "Time to Detection 0:18", "Time to Mitigation 2:10",
                         "Time to Resolution 3:40"):
            assert expected in shown
        assert [row[3] for row in timeline_rows(app.screen.query_one(TimelineTable))] == [
            "Impact start", "Detected", "Mitigated", "Resolved"]
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert "**Duration:** 3:58  \n" in markdown
    assert "**Time to Detection:** 0:18 (computed from the timeline milestones)" in markdown
    assert "**Time to Mitigation:** 2:10 (computed from the timeline milestones)" in markdown
    assert "**Time to Resolution:** 3:40 (computed from the timeline milestones)" in markdown
    assert "| 2023-06-15 14:20 | [Detected] Alert | _TBD_ |" in markdown


async def test_every_time_format(tmp_path, monkeypatch):
    frozen(monkeypatch, now=dt.datetime(2023, 6, 15, 23, 50, 31, tzinfo=dt.UTC))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "2023-06-15 14:02", "date and time")
        await add_row(pilot, "2023-06-15T16:30+02:00", "iso with offset")
        await add_row(pilot, "now", "logged live")
        await add_row(pilot, "+15m", "after midnight")
        await add_row(pilot, "00:20", "clock time on the real date")
        assert times(app) == ["2023-06-15 14:02", "2023-06-15 14:30", "2023-06-15 23:50",
                              "2023-06-16 00:05", "2023-06-16 00:20"]


async def test_a_clock_time_after_a_row_logged_now_takes_the_incidents_day(tmp_path,
                                                                           monkeypatch):
    """`now` while writing the post-mortem up, weeks later, is not where the timeline runs
    on to; a timeline past midnight is."""
    frozen(monkeypatch, now=dt.datetime(2023, 7, 1, 9, 12, tzinfo=dt.UTC))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "14:02", "Errors start")
        await add_row(pilot, "now", "Written up")
        await add_row(pilot, "14:40", "Rollback finished")
        assert times(app) == ["2023-06-15 14:02", "2023-06-15 14:40", "2023-07-01 09:12"]
        await add_row(pilot, "23:50", "Second wave")
        await add_row(pilot, "+20m", "Past midnight")
        await add_row(pilot, "00:40", "Fixed")
        assert times(app)[3:] == ["2023-06-16 00:10", "2023-06-16 00:40", "2023-07-01 09:12"]


async def test_an_invalid_time_says_why_and_keeps_what_was_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "25:00")
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EventEditor)
        assert editor.query_one("#time", Input).value == "25:00"
        assert "hour 25 is out of range" in text_of(editor.query_one("#time-check", Static))
        assert app.focused is editor.query_one("#time", Input)
        await pilot.press("ctrl+n")  # saving is refused too
        await pilot.pause()
        assert isinstance(app.screen, EventEditor)
        assert app.document.timeline == []


async def test_escape_closes_the_editor_but_keeps_the_draft(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "14:0")
        await pilot.press("tab")
        await type_text(pilot, "half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EventEditor) and app.is_running
        await start_adding(pilot)
        await pilot.pause()
        assert app.screen.query_one("#time", Input).value == "14:0"
        assert app.screen.query_one("#event", Input).value == "half typed"
        await pilot.press("end")  # focus selects the whole field; end keeps it
        await type_text(pilot, "2")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert [event.event for event in app.document.timeline] == ["half typed"]


async def test_edit_in_place_delete_undo_and_duplicate(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "14:02", "First")
        await add_row(pilot, "14:10", "Second")
        await pilot.press("k", "e")
        await pilot.pause()
        assert app.screen.query_one("#time", Input).value == "2023-06-15 14:02"
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "First, edited")
        await pilot.press("ctrl+n")
        await pilot.pause()
        table = app.screen.query_one(TimelineTable)
        assert timeline_rows(table)[0][1] == "First, edited"
        await pilot.press("d")
        await pilot.pause()
        assert times(app) == ["2023-06-15 14:10"]
        await pilot.press("u")
        await pilot.pause()
        assert times(app) == ["2023-06-15 14:02", "2023-06-15 14:10"]
        assert table.cursor_row == 0
        await pilot.press("c")
        await pilot.pause()
        assert [row[1] for row in timeline_rows(table)] == ["First, edited", "First, edited",
                                                         "Second"]
        assert len(app.document.timeline) == 3


async def test_setting_a_milestone_clears_it_elsewhere_and_warns_out_of_order(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "14:00", "A")
        await add_row(pilot, "15:00", "B")
        await pilot.press("g", "2", "j", "2")
        await pilot.pause()
        assert [event.milestone for event in app.document.timeline] == [None,
                                                                        Milestone.DETECTED]
        await pilot.press("1")  # impact start after detection
        await pilot.pause()
        assert app.document.timeline[1].milestone is Milestone.IMPACT_START
        await pilot.press("k", "4", "j", "2")  # resolved 14:00, detected 15:00
        await pilot.pause()
        assert "⚠ Resolved (2023-06-15 14:00) comes before Detected (2023-06-15 15:00)" in (
            panel(app))
        assert "⚠ Detected (2023-06-15 15:00) comes before" not in panel(app)


async def test_stated_times_override_and_disagreement_is_flagged(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await add_row(pilot, "14:02", "Impact")
        await add_row(pilot, "18:00", "Fixed")
        await pilot.press("g", "1", "j", "4", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatedTimesDialog)
        await type_text(pilot, "4:")
        await pilot.press("tab")
        await pilot.pause()
        assert "H:MM" in str(app.screen.query_one("#stated-duration", LineField).border_subtitle)
        await pilot.press("shift+tab", "end")
        await type_text(pilot, "00")
        assert not app.screen.query("#note-duration")  # the standard gives Duration no note
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.stated_times.duration.value == "4:00"
        assert "Duration 4:00 (stated; timeline gives 3:58) ⚠" in panel(app)
        assert "Duration: stated 4:00, but the milestones give 3:58" in panel(app)
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert "**Duration:** 4:00  \n" in markdown  # <H:MM> alone, as the standard has it


async def test_palette_entry_opens_the_editor_in_the_time_field(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Add timeline event")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.current_mode == "timeline"
        assert isinstance(app.screen, EventEditor)
        assert app.focused is app.screen.query_one("#time", Input)


async def test_escape_on_the_table_goes_to_the_section_list_and_never_quits(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert app.is_running and app.current_mode == "timeline"


async def test_palette_entry_opens_the_stated_times(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "State measured times")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, StatedTimesDialog)
        assert app.focused is app.screen.query_one("#stated-duration", Input)


async def test_a_row_without_event_text_is_refused_and_the_typing_kept(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "14:02")
        await pilot.press("enter", "enter")  # enter on the empty Event field
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EventEditor)
        check = editor.query_one("#event-check", Static)
        assert check.display and "Event: say what happened" in text_of(check)
        assert app.focused is editor.query_one("#event", Input)
        await pilot.press("tab")
        await type_text(pilot, "Paged Sam")
        await pilot.press("enter")  # enter on the last field saves, but not without an event
        await pilot.pause()
        assert app.screen is editor and app.document.timeline == []
        assert app.focused is editor.query_one("#event", Input)
        assert [editor.query_one(f"#{name}", Input).value for name in ("time", "actions")] == [
            "14:02", "Paged Sam"]
        await type_text(pilot, "Errors start")
        await pilot.pause()
        assert not check.display  # the message goes once there is an event
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert [(event.event, event.actions) for event in app.document.timeline] == [
            ("Errors start", "Paged Sam")]


async def test_leaving_the_section_with_the_editor_open_keeps_the_typing(tmp_path):
    """F6 closes the dialog without escape: what was typed still comes back as a draft."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "14:0")
        await pilot.press("tab")
        await type_text(pilot, "half typed")
        await pilot.press("f6")
        await pilot.pause()
        assert app.current_mode == "impact" and not isinstance(app.screen, EventEditor)
        assert app.typing_not_kept() == [
            'an unfinished timeline row "14:0 half typed"']
        await pilot.press("f5")
        await pilot.pause()
        await start_adding(pilot)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EventEditor) and editor.restored
        assert [editor.query_one(f"#{name}", Input).value for name in ("time", "event")] == [
            "14:0", "half typed"]


async def test_the_editor_hands_its_draft_back_once_however_it_is_closed(tmp_path):
    """close_with_draft (what escape does, and what the app may call instead of popping the
    dialog) dismisses with the draft; the dialog's unmount then hands nothing back again."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "14:0")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EventEditor)
        editor.close_with_draft()
        editor.close_with_draft()  # a second close does nothing
        await pilot.pause()
        assert not isinstance(app.screen, EventEditor) and editor not in app.screen_stack
        notices = [n.message for n in app._notifications if n.message.startswith("Not saved")]
        assert notices == ["Not saved yet; what you typed is kept. Press a to finish it."]
        table = app.screen.query_one(TimelineTable)
        assert len(table.drafts) == 1


@pytest.mark.parametrize("opened_by", ["key", "palette"])
async def test_a_save_in_the_same_burst_as_the_enter_that_saved_the_row_has_the_row(
        tmp_path, opened_by):
    """The dialog's result reaches the document after the dialog has closed, through the
    screen: ctrl+s queued right behind the enter must still find the row there."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        if opened_by == "key":
            await start_adding(pilot)
        else:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await type_text(pilot, "Add timeline event")
            await pilot.pause(0.3)
            await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, EventEditor)
        await type_text(pilot, "14:02")
        await pilot.press("tab")
        await type_text(pilot, "Errors start")
        await pilot.press("tab")
        for key in ("enter", "ctrl+s"):  # one burst: both queued before either is handled
            app.post_message(events.Key(key, None))
        await pilot.pause()
        assert [event.event for event in load(tmp_path / "incident.toml").timeline] == [
            "Errors start"]


async def test_a_row_typed_as_one_line_in_the_time_field_is_split_on_enter(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:20", "space", *"db", "space", *"failover", "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#actions")
        await pilot.press(*"paged", "enter")
        await end_run(pilot)
        [row] = app.document.timeline
        assert (row.time.strftime("%H:%M"), row.event, row.actions) == (
            "14:20", "db failover", "paged")
