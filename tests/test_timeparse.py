"""Forgiving, exact time entry for the timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem.document.timeparse import (
    TimeContext,
    TimeEntryError,
    format_time,
    parse_time,
    split_time_and_event,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 14, 15, 7, 42, tzinfo=UTC)
DAY = dt.date(2023, 6, 15)


def at(text: str, *, day: dt.date | None = DAY, previous: dt.datetime | None = None) -> str:
    return format_time(parse_time(text, TimeContext(day, previous, NOW)))


def test_clock_time_takes_the_incident_date():
    assert at("14:02") == "2023-06-15 14:02"
    assert at("4:05") == "2023-06-15 04:05"
    assert at(" 14:02:59 ") == "2023-06-15 14:02"


def test_clock_time_without_incident_date_takes_the_row_above_or_today():
    previous = dt.datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    assert at("14:02", day=None, previous=previous) == "2024-01-02 14:02"
    assert at("14:02", day=None) == "2026-03-14 14:02"


def test_after_midnight_a_clock_time_keeps_the_later_date_of_the_row_above():
    previous = dt.datetime(2023, 6, 16, 0, 10, tzinfo=UTC)
    assert at("00:40", previous=previous) == "2023-06-16 00:40"
    # an earlier row above does not pull the time back before the incident date
    assert at("14:02", previous=dt.datetime(2023, 6, 14, 9, 0, tzinfo=UTC)) == "2023-06-15 14:02"


def test_a_clock_time_takes_the_day_the_timeline_reached_not_a_far_off_row_above():
    logged_now = dt.datetime(2023, 7, 1, 9, 12, tzinfo=UTC)  # typed as `now`, weeks later
    context = TimeContext(DAY, logged_now, NOW, reached=DAY)
    assert format_time(parse_time("14:40", context)) == "2023-06-15 14:40"
    assert format_time(parse_time("+15m", context)) == "2023-07-01 09:27"  # still from it
    past_midnight = TimeContext(DAY, logged_now, NOW, reached=dt.date(2023, 6, 16))
    assert format_time(parse_time("00:40", past_midnight)) == "2023-06-16 00:40"


def test_date_and_time():
    assert at("2023-06-16 00:30") == "2023-06-16 00:30"
    assert at("2023-6-5 7:05") == "2023-06-05 07:05"
    assert at("2023-06-16T00:30") == "2023-06-16 00:30"


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-06-15T14:02:00+02:00", "2023-06-15 12:02"),
    ("2023-06-15T14:02-0500", "2023-06-15 19:02"),
    ("2023-06-15 23:30 -01:00", "2023-06-16 00:30"),
    ("2023-06-15T14:02Z", "2023-06-15 14:02"),
    ("2023-06-15 14:02 UTC", "2023-06-15 14:02"),
    ("2023-06-15T14:02:30.123+05:30", "2023-06-15 08:32"),
])
def test_iso_8601_with_offset_is_converted_to_utc(text, expected):
    assert at(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("14:02 UTC", "2023-06-15 14:02"),
    ("14:02Z", "2023-06-15 14:02"),
    ("14:02:30 utc", "2023-06-15 14:02"),
    ("14:02+02:00", "2023-06-15 12:02"),
    ("14:02 -01:00", "2023-06-15 15:02"),
])
def test_a_time_of_day_with_its_zone_is_converted_to_utc(text, expected):
    assert at(text) == expected


def test_now_is_the_current_utc_minute():
    assert at("now") == "2026-03-14 15:07"
    assert at("NOW") == "2026-03-14 15:07"


@pytest.mark.parametrize(("text", "expected"), [
    ("+15m", "2023-06-15 23:55"),
    ("+1h30m", "2023-06-16 01:10"),
    ("+ 2h", "2023-06-16 01:40"),
    ("+90min", "2023-06-16 01:10"),
    ("-10m", "2023-06-15 23:30"),
])
def test_relative_to_the_row_above_crosses_midnight(text, expected):
    previous = dt.datetime(2023, 6, 15, 23, 40, tzinfo=UTC)
    assert at(text, previous=previous) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("", "type a time"),
    ("25:00", "hour 25 is out of range"),
    ("14:60", "minute 60 is out of range"),
    ("2023-02-30 14:00", "2023-02-30 is not a real date"),
    ("2023-06-15", "add the time of day"),
    ("tomorrow", "could not read 'tomorrow' as a time"),
    ("+", "needs an amount"),
    ("+15m", "counts from the row above, and there is none"),
    ("2023-06-15T14:02+25:00", "out of range"),
    ("9999-12-31 23:59 -05:00", "beyond the calendar"),
])
def test_bad_times_say_why(text, words):
    with pytest.raises(TimeEntryError) as caught:
        at(text)
    assert words in str(caught.value)


def test_a_row_typed_as_one_line_splits_after_the_longest_time_it_starts_with():
    context = TimeContext(DAY, None, NOW)
    assert split_time_and_event("14:20 db failover started", context) == (
        "14:20", "db failover started")
    assert split_time_and_event("2023-06-15 14:20 db down", context) == (
        "2023-06-15 14:20", "db down")
    assert split_time_and_event("14:20", context) is None
    assert split_time_and_event("db failover", context) is None
