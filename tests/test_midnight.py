"""Midnight: a bare 00:10 typed after a 23:50 row is the next day, and the editor says so."""

from __future__ import annotations

import datetime as dt

from editor_helpers import make_app, open_section, start_adding, type_row, type_text
from textual.widgets import Static

from postmortem.document.timeparse import TimeContext, describe_moment, parse_time

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 3, 14, 23, 50, tzinfo=dt.UTC)


def context(previous: dt.datetime | None) -> TimeContext:
    return TimeContext(dt.date(2026, 3, 14), previous, NOW)


def test_a_bare_time_just_past_midnight_after_a_late_row_is_the_next_day():
    moment = parse_time("00:10", context(LATE))
    assert moment == dt.datetime(2026, 3, 15, 0, 10, tzinfo=dt.UTC)
    assert "the next day: past midnight after 2026-03-14 23:50" in describe_moment(
        moment, context(LATE))


def test_an_earlier_time_the_same_afternoon_stays_on_its_day():
    afternoon = dt.datetime(2026, 3, 14, 14, 40, tzinfo=dt.UTC)
    moment = parse_time("14:02", context(afternoon))  # a row typed out of order
    assert moment == dt.datetime(2026, 3, 14, 14, 2, tzinfo=dt.UTC)
    assert describe_moment(moment, context(afternoon)) == "= 2026-03-14 14:02 UTC"


def test_a_time_more_than_twelve_hours_round_midnight_stays_on_its_day():
    assert parse_time("12:00", context(LATE)).date() == dt.date(2026, 3, 14)
    assert parse_time("11:49", context(LATE)).date() == dt.date(2026, 3, 15)


async def test_the_row_editor_says_past_midnight_and_the_row_goes_after(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_row(pilot, "23:50", "Still failing")
        await type_text(pilot, "00:10")
        await pilot.pause()
        said = str(app.screen.query_one("#time-check", Static).content)
        assert "= 2023-06-16 00:10 UTC, the next day: past midnight" in said
        await pilot.press("enter", *"Fixed", "enter", "enter", "enter")
        await pilot.pause()
        assert [(event.time.strftime("%d %H:%M"), event.event)
                for event in app.document.timeline] == [("15 23:50", "Still failing"),
                                                        ("16 00:10", "Fixed")]
