"""Local times to UTC across DST changes and midnight; history files; never raising (issue 17)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.capture import (
    MAX_CAPTURE_LINES,
    CaptureTooLarge,
    UnknownZone,
    parse_history,
    parse_lines,
    zone_label,
    zone_named,
)

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def whens(text: str, zone: dt.tzinfo, day: dt.date) -> list[dt.datetime]:
    captured = parse_lines(text, zone=zone, incident_date=day)
    assert captured.unparsed == ()
    return [row.when for row in captured.rows]


def test_london_clocks_going_forward() -> None:
    # 2026-03-29: 01:00 GMT becomes 02:00 BST
    text = "00:30 before\n00:59 just before\n02:00 after\n02:30 later"
    assert whens(text, LONDON, dt.date(2026, 3, 29)) == [
        utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1, 0),
        utc(2026, 3, 29, 1, 30)]


def test_a_time_the_clocks_skip_is_reported() -> None:
    captured = parse_lines("00:59 a\n01:30 b", zone=LONDON, incident_date=dt.date(2026, 3, 29))
    assert [row.line for row in captured.rows] == [1]
    assert captured.unparsed[0].line == 2
    assert "does not exist in Europe/London" in captured.unparsed[0].reason


def test_london_clocks_going_back_a_repeated_hour_runs_forward() -> None:
    # 2026-10-25: 02:00 BST becomes 01:00 GMT; 01:00-01:59 happens twice
    text = "00:50 a\n01:20 b (BST)\n01:50 c (BST)\n01:10 d (GMT, the hour again)\n02:10 e"
    assert whens(text, LONDON, dt.date(2026, 10, 25)) == [
        utc(2026, 10, 24, 23, 50), utc(2026, 10, 25, 0, 20), utc(2026, 10, 25, 0, 50),
        utc(2026, 10, 25, 1, 10), utc(2026, 10, 25, 2, 10)]


def test_across_dst_and_midnight_in_new_york() -> None:
    # 2026-03-08 02:00 EST becomes 03:00 EDT; the log starts the evening before
    text = ("23:40 started (EST, UTC-5)\n00:20 past midnight\n01:59 last EST minute\n"
            "03:05 EDT all clear")
    assert whens(text, NEW_YORK, dt.date(2026, 3, 7)) == [
        utc(2026, 3, 8, 4, 40), utc(2026, 3, 8, 5, 20), utc(2026, 3, 8, 6, 59),
        utc(2026, 3, 8, 7, 5)]


def test_dated_local_lines_across_dst() -> None:
    text = ("2026-10-25 00:30 winter is coming\n2026-10-25 03:30 after the change\n"
            "2026-10-24T12:00:00+01:00 an offset is exact")
    assert whens(text, LONDON, dt.date(2026, 10, 25)) == [
        utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 3, 30), utc(2026, 10, 24, 11, 0)]


@pytest.mark.parametrize(("line", "zone", "when", "label"), [
    ("14:02 BST paged", UTC, utc(2026, 6, 15, 13, 2), "+01:00"),
    ("14:02 BST paged", LONDON, utc(2026, 6, 15, 13, 2), "Europe/London"),
    ("[14:02 UTC] paged", LONDON, utc(2026, 6, 15, 14, 2), "UTC"),
    ("14:02Z paged", LONDON, utc(2026, 6, 15, 14, 2), "UTC"),
    ("14:02 (PDT) - paged", UTC, utc(2026, 6, 15, 21, 2), "-07:00"),
    ("14:02 IST paged", ZoneInfo("Asia/Kolkata"), utc(2026, 6, 15, 8, 32), "Asia/Kolkata"),
    ("2026-06-15 14:02 CEST paged", UTC, utc(2026, 6, 15, 12, 2), "+02:00"),
    ("Mon Jun 15 14:02:11 CEST 2026 paged", UTC, utc(2026, 6, 15, 12, 2, 11), "+02:00"),
])
def test_a_zone_written_after_a_time_is_the_zone(line: str, zone: dt.tzinfo, when: dt.datetime,
                                                 label: str) -> None:
    captured = parse_lines(line, zone=zone, incident_date=dt.date(2026, 6, 15))
    assert [(row.when, row.zone, row.event) for row in captured.rows] == [(when, label, "paged")]


def test_an_abbreviation_of_several_zones_is_reported() -> None:
    captured = parse_lines("14:02 IST paged", zone=UTC, incident_date=dt.date(2026, 6, 15))
    assert captured.rows == ()
    assert "India" in captured.unparsed[0].reason and "--tz" in captured.unparsed[0].reason


def test_an_upper_case_word_that_is_no_zone_is_text() -> None:
    captured = parse_lines("14:02 API down", zone=UTC, incident_date=dt.date(2026, 6, 15))
    assert [row.event for row in captured.rows] == ["API down"]


def test_zone_names() -> None:
    assert zone_named("UTC") is UTC
    assert zone_named("Europe/London") == LONDON
    assert zone_label(zone_named("+02:00")) == "+02:00"
    assert zone_label(zone_named("-0530")) == "-05:30"
    assert zone_label(LONDON) == "Europe/London"
    with pytest.raises(UnknownZone, match="Mars/Olympus"):
        zone_named("Mars/Olympus")


BASH_HISTORY = """\
#1781532000
kubectl get pods -n prod
#1781532131
kubectl rollout undo deploy/api \\
  -n prod
#1781532400
echo "done"
"""
ZSH_HISTORY = """\
: 1781532000:0;kubectl get pods -n prod
: 1781532131:3;kubectl rollout undo deploy/api \\
-n prod
: 1781532400:0;echo done
"""


def test_bash_history_with_histtimeformat() -> None:
    captured = parse_history(BASH_HISTORY, zone=LONDON)
    assert captured.unparsed == ()
    assert [(row.when, row.event, row.actions, row.line) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 0), "", "kubectl get pods -n prod", 2),
        (utc(2026, 6, 15, 14, 2, 11), "", "kubectl rollout undo deploy/api \\\n-n prod", 4),
        (utc(2026, 6, 15, 14, 6, 40), "", 'echo "done"', 7),
    ]


def test_zsh_extended_history() -> None:
    captured = parse_history(ZSH_HISTORY, zone=LONDON)
    assert captured.unparsed == ()
    assert [(row.when, row.actions) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 0), "kubectl get pods -n prod"),
        (utc(2026, 6, 15, 14, 2, 11), "kubectl rollout undo deploy/api\n-n prod"),
        (utc(2026, 6, 15, 14, 6, 40), "echo done"),
    ]


def test_history_since_and_until() -> None:
    captured = parse_history(BASH_HISTORY, zone=UTC, since=utc(2026, 6, 15, 14, 1),
                             until=utc(2026, 6, 15, 14, 5))
    assert [row.line for row in captured.rows] == [4]


def test_history_without_times_is_reported_not_guessed() -> None:
    captured = parse_history("ls\ncd /srv\n", zone=UTC)
    assert captured.rows == ()
    assert [problem.line for problem in captured.unparsed] == [1, 2]
    assert "HISTTIMEFORMAT" in captured.unparsed[0].reason


def test_input_past_the_limit_is_refused_with_a_message() -> None:
    with pytest.raises(CaptureTooLarge, match="lines"):
        parse_lines("x\n" * MAX_CAPTURE_LINES, zone=UTC, incident_date=None)
    with pytest.raises(CaptureTooLarge, match="characters"):
        parse_history("x" * (5 * 2**20), zone=UTC)


def test_cost_is_linear_in_a_long_hostile_line() -> None:
    # Patterns that backtrack would take minutes on these; each is read in milliseconds.
    import time

    for line in ("1" * 200_000, "1:" * 100_000, "Jun " * 50_000, "a  " * 60_000 + "14:02",
                 "2026-06-15 " * 20_000, "$ " * 100_000, "|" * 200_000, "- " * 100_000,
                 '{"ts": "2026-06-15T14:02Z", "msg": "' + '\\"' * 100_000,
                 "ts=1 msg=" + '\\"' * 100_000, "[ERROR] " * 50_000,
                 "1.1." * 50_000, "a b c [" * 30_000, "15 Jun " * 30_000, "[ 1." + "1" * 100_000):
        started = time.process_time()
        parse_lines(line, zone=UTC, incident_date=dt.date(2026, 6, 15))
        assert time.process_time() - started < 2.0, line[:20]


def test_times_beyond_the_calendar_are_reported() -> None:
    captured = parse_lines("5m  Normal  Pulled  pod/x  pulled\n23:59 a\n00:01 b", zone=UTC,
                           incident_date=dt.date.max, anchor=dt.datetime.min.replace(tzinfo=UTC))
    assert [problem.line for problem in captured.unparsed] == [1, 3]
    assert "outside the calendar" in captured.unparsed[0].reason
    captured = parse_lines("Yesterday\n00:01 x", zone=UTC, incident_date=None,
                           anchor=dt.datetime.min.replace(tzinfo=UTC))
    assert "outside the calendar" in captured.unparsed[0].reason


_LINE_PARTS = st.sampled_from([
    "14:02", "23:59", "00:01", "25:61", "2026-06-15T14:02:11Z", "2026-03-29 01:30",
    "Jun 15 14:02:11", "Feb 29 10:00:00", "1781532131", "1781532131123", "#1781532131",
    ": 1781532131:0;", "5m", "2m30s", "Normal", "Warning", "[2:02 PM]", "Today at",
    "Yesterday at 11:59 PM", "$ ", "# ", "root@h:~# ", "\x1b[31m", "\r", "\u202e", "\x00",
    " ", "  ", "\n", "Alice", ":", "-", "PM", "+99:99", "9999-12-31 23:59+14:00",
    "0001-01-01 00:00-14:00", "\t", '{"ts":', '"msg":"', '"@timestamp": ', "| ", " |",
    "| --- |", "| Time (UTC) |", "ts=", " level=", " msg=", "- ", "[ERROR] ", "WARN ", " BST",
    " IST", "Z", "\\", '"', "15/06/2026 ", "6/5/26 ", "15-Jun-2026 ", "[15/Jun/2026:", " +0000]",
    "[ 42.123456] ", "2026-06-16\n", "June 20\n",
])
_TEXTS = st.lists(st.one_of(_LINE_PARTS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(text=_TEXTS, zone=st.sampled_from([UTC, LONDON, NEW_YORK, zone_named("+14:00")]),
       day=st.one_of(st.none(), st.dates()),
       anchor=st.one_of(st.none(), st.datetimes(timezones=st.just(UTC))))
def test_parsing_never_raises_and_every_row_is_utc(
        text: str, zone: dt.tzinfo, day: dt.date | None, anchor: dt.datetime | None) -> None:
    for captured in (parse_lines(text, zone=zone, incident_date=day, anchor=anchor),
                     parse_history(text, zone=zone)):
        lines = text.count("\n") + 1
        for row in captured.rows:
            assert row.when.utcoffset() == dt.timedelta(0)
            assert 1 <= row.line <= lines
            assert row.event or row.actions
            assert "\x1b" not in row.event + row.actions
        for problem in captured.unparsed:
            assert 1 <= problem.line <= lines and problem.reason


def test_times_given_without_a_zone_are_utc_and_rows_become_events() -> None:
    from postmortem.capture import timeline_events

    naive = dt.datetime(2026, 6, 15, 14, 0)
    captured = parse_lines("13:59 a\n14:00:30 b\x1b[0m", zone=UTC,
                           incident_date=dt.date(2026, 6, 15), since=naive)
    (event,) = timeline_events(captured.rows)
    assert (event.time, event.event) == (utc(2026, 6, 15, 14, 0), "b")
    assert parse_history("#1781532131\nls\n", zone=UTC, until=naive).rows == ()
