"""Each timestamp format `postmortem log` reads, placed in UTC (issue 17)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from postmortem.capture import Captured, CapturedRow, parse_lines

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
DAY = dt.date(2026, 6, 15)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def read(text: str, zone: dt.tzinfo = UTC, day: dt.date | None = DAY,
         anchor: dt.datetime | None = None) -> Captured:
    return parse_lines(text, zone=zone, incident_date=day, anchor=anchor)


def only_row(text: str, **options: object) -> CapturedRow:
    captured = read(text, **options)  # type: ignore[arg-type]
    assert captured.unparsed == ()
    assert len(captured.rows) == 1, captured.rows
    return captured.rows[0]


@pytest.mark.parametrize(("line", "when", "zone"), [
    ("2026-06-15T14:02:11Z api down", utc(2026, 6, 15, 14, 2, 11), "UTC"),
    ("2026-06-15T14:02:11.250Z api down", utc(2026, 6, 15, 14, 2, 11, 250000), "UTC"),
    ("2026-06-15T16:02:11+02:00 api down", utc(2026, 6, 15, 14, 2, 11), "+02:00"),
    ("2026-06-15T09:02-05:00 api down", utc(2026, 6, 15, 14, 2), "-05:00"),
    ("2026-06-15 14:02:11 UTC api down", utc(2026, 6, 15, 14, 2, 11), "UTC"),
    # without an offset: the zone's clock (London is on BST, UTC+1, in June)
    ("2026-06-15T15:02:11 api down", utc(2026, 6, 15, 14, 2, 11), "Europe/London"),
    ("2026-06-15 15:02 api down", utc(2026, 6, 15, 14, 2), "Europe/London"),
    ("2026-06-15 15:02:11 api down", utc(2026, 6, 15, 14, 2, 11), "Europe/London"),
    ("[2026-06-15 15:02:11,123] api down", utc(2026, 6, 15, 14, 2, 11, 123000), "Europe/London"),
])
def test_iso_and_date_time(line: str, when: dt.datetime, zone: str) -> None:
    row = only_row(line, zone=LONDON)
    assert (row.when, row.zone, row.event) == (when, zone, "api down")


def test_journalctl_short_iso() -> None:
    text = ("2026-06-15T16:02:11+0200 web01 nginx[812]: upstream timed out\n"
            "2026-06-15T16:02:12.345678+02:00 web01 systemd[1]: nginx.service: Failed")
    rows = read(text).rows
    assert [row.when for row in rows] == [utc(2026, 6, 15, 14, 2, 11),
                                          utc(2026, 6, 15, 14, 2, 12, 345678)]
    assert rows[0].event == "web01 nginx[812]: upstream timed out"
    assert rows[0].zone == "+02:00"


def test_syslog_takes_the_incident_year_and_the_zone() -> None:
    row = only_row("Jun 15 15:02:11 web01 sshd[99]: Accepted key", zone=LONDON)
    assert row.when == utc(2026, 6, 15, 14, 2, 11)
    assert row.event == "web01 sshd[99]: Accepted key"


def test_syslog_across_new_year_takes_the_nearest_year() -> None:
    rows = read("Dec 31 23:59:00 a\nJan  1 00:01:00 b", day=dt.date(2026, 12, 31)).rows
    assert [row.when for row in rows] == [utc(2026, 12, 31, 23, 59), utc(2027, 1, 1, 0, 1)]


def test_the_date_command() -> None:
    captured = read("Mon Jun 15 14:02:11 UTC 2026\nrestarted", day=None)
    assert [(row.when, row.event) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 2, 11), "restarted")]


@pytest.mark.parametrize(("line", "when"), [
    ("1781532131 disk full", utc(2026, 6, 15, 14, 2, 11)),
    ("1781532131123 disk full", utc(2026, 6, 15, 14, 2, 11, 123000)),
    ("[1781532131.5] disk full", utc(2026, 6, 15, 14, 2, 11, 500000)),
])
def test_epoch_seconds_and_milliseconds(line: str, when: dt.datetime) -> None:
    row = only_row(line, zone=LONDON)
    assert (row.when, row.zone, row.event) == (when, "UTC", "disk full")


def test_a_ten_digit_number_far_from_now_is_reported_not_read_as_a_time() -> None:
    captured = read("0123456789 called the vendor")
    assert captured.rows == ()
    assert captured.unparsed[0].line == 1
    assert "1973" in captured.unparsed[0].reason


def test_time_of_day_takes_the_incident_date_in_the_zone() -> None:
    rows = read("14:02 paged\n14:05:30 - acknowledged\n[14:07] Alice: on it", zone=LONDON).rows
    assert [(row.when, row.event) for row in rows] == [
        (utc(2026, 6, 15, 13, 2), "paged"),
        (utc(2026, 6, 15, 13, 5, 30), "acknowledged"),
        (utc(2026, 6, 15, 13, 7), "Alice: on it"),
    ]


def test_time_of_day_is_midnight_safe() -> None:
    rows = read("23:50 failover started\n23:58 still failing\n00:03 recovered\n"
                "00:01 a line out of order\n01:10 all clear").rows
    assert [row.when for row in rows] == [
        utc(2026, 6, 15, 23, 50), utc(2026, 6, 15, 23, 58), utc(2026, 6, 16, 0, 3),
        utc(2026, 6, 16, 0, 1), utc(2026, 6, 16, 1, 10)]


def test_an_earlier_time_the_same_day_is_not_the_next_day() -> None:
    rows = read("14:40 rollback\n14:02 (earlier) first alert").rows
    assert [row.when for row in rows] == [utc(2026, 6, 15, 14, 40), utc(2026, 6, 15, 14, 2)]


def test_time_of_day_after_dated_lines_takes_their_date() -> None:
    """Chat copied below a dated log: its times are on the log's day, not the incident's
    (nor today, when the file has no incident date)."""
    rows = read("2026-06-10T14:02:11Z api errors spike\n[2:10 PM] Alice: rollback done",
                day=dt.date(2026, 6, 15)).rows
    assert [row.when for row in rows] == [utc(2026, 6, 10, 14, 2, 11), utc(2026, 6, 10, 14, 10)]


def test_time_of_day_without_any_date_is_reported() -> None:
    captured = read("14:02 paged", day=None)
    assert captured.rows == ()
    assert "no incident date" in captured.unparsed[0].reason


def test_bash_history_lines_in_a_paste() -> None:
    captured = read("#1781532131\nsystemctl restart nginx")
    assert [(row.when, row.event, row.actions) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 2, 11), "", "systemctl restart nginx")]


def test_zsh_extended_history_lines_in_a_paste() -> None:
    row = only_row(": 1781532131:0;kubectl rollout undo deploy/api")
    assert (row.when, row.event, row.actions) == (
        utc(2026, 6, 15, 14, 2, 11), "", "kubectl rollout undo deploy/api")


KUBECTL_EVENTS = """\
LAST SEEN   TYPE      REASON      OBJECT          MESSAGE
5m          Normal    Scheduled   pod/api-7d9f    Successfully assigned prod/api-7d9f to node-3
2m30s       Warning   BackOff     pod/api-7d9f    Back-off restarting failed container
"""
KUBECTL_DESCRIBE = """\
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Warning  BackOff    2m (x4 over 3m)    kubelet            Back-off restarting failed container
"""


def test_kubectl_get_events_counts_back_from_the_anchor() -> None:
    anchor = dt.datetime(2026, 6, 15, 16, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # 14:10 UTC
    captured = read(KUBECTL_EVENTS, anchor=anchor)
    assert captured.unparsed == ()
    assert [(row.when, row.event, row.line) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 5), "Normal Scheduled pod/api-7d9f: Successfully assigned "
                                  "prod/api-7d9f to node-3", 2),
        (utc(2026, 6, 15, 14, 7, 30), "Warning BackOff pod/api-7d9f: Back-off restarting "
                                      "failed container", 3),
    ]


def test_kubectl_describe_events() -> None:
    captured = read(KUBECTL_DESCRIBE, anchor=utc(2026, 6, 15, 14, 10))
    assert captured.unparsed == ()
    assert [(row.when, row.event) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 8), "Warning BackOff (kubelet): Back-off restarting failed "
                                  "container")]


def test_kubectl_ages_without_an_anchor_are_reported() -> None:
    captured = read(KUBECTL_EVENTS)
    assert captured.rows == ()
    assert [problem.line for problem in captured.unparsed] == [2, 3]
    assert "--at" in captured.unparsed[0].reason


def test_chat_copies() -> None:
    text = ("[2:02 PM] Priya Raman: declaring an incident\n"
            "[2:04 PM] Sam: rolling back\n"
            "Alex Chen  14:09\n"
            "error rate is back to normal\n"
            "and latency too\n")
    rows = read(text, zone=LONDON).rows
    assert [(row.when, row.event) for row in rows] == [
        (utc(2026, 6, 15, 13, 2), "Priya Raman: declaring an incident"),
        (utc(2026, 6, 15, 13, 4), "Sam: rolling back"),
        (utc(2026, 6, 15, 13, 9), "Alex Chen: error rate is back to normal"),
        (utc(2026, 6, 15, 13, 9), "Alex Chen: and latency too"),
    ]


def test_slack_today_and_yesterday_count_from_the_anchor() -> None:
    text = ("Priya Raman  Yesterday at 11:58 PM\nseeing 502s\n"
            "Sam Lee  Today at 12:03 AM\nrolled back\n")
    rows = read(text, zone=LONDON, anchor=utc(2026, 6, 16, 9, 0)).rows
    assert [(row.when, row.event) for row in rows] == [
        (utc(2026, 6, 15, 22, 58), "Priya Raman: seeing 502s"),
        (utc(2026, 6, 15, 23, 3), "Sam Lee: rolled back"),
    ]


def test_twelve_hour_clock() -> None:
    rows = read("12:05 AM a\n12:10 PM b\n1:15 p.m. c").rows
    assert [row.when.hour for row in rows] == [0, 12, 13]


def test_a_line_without_a_time_takes_the_time_before_it() -> None:
    captured = read("14:02 deploy failed\nTraceback (most recent call last):\n  File \"x\"")
    assert [(row.when, row.event, row.line) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 2), "deploy failed", 1),
        (utc(2026, 6, 15, 14, 2), "Traceback (most recent call last):", 2),
        (utc(2026, 6, 15, 14, 2), "File \"x\"", 3),
    ]


def test_a_line_without_a_time_before_any_time_is_reported() -> None:
    captured = read("some preamble\n\n14:02 paged")
    assert [(problem.line, problem.text) for problem in captured.unparsed] == [
        (1, "some preamble")]
    assert [row.line for row in captured.rows] == [3]


def test_shell_commands_become_actions() -> None:
    text = ("14:02 $ kubectl rollout undo deploy/api\n"
            "deployment.apps/api rolled back\n"
            "root@web01:~# systemctl restart nginx\n"
            "[ops@bastion ~]$ ./failover.sh --region eu\n")
    rows = read(text).rows
    assert [(row.event, row.actions) for row in rows] == [
        ("", "kubectl rollout undo deploy/api"),
        ("deployment.apps/api rolled back", ""),
        ("", "systemctl restart nginx"),
        ("", "./failover.sh --region eu"),
    ]


def test_colours_and_control_characters_are_removed() -> None:
    text = "\x1b[1;31m2026-06-15T14:02:11Z\x1b[0m \x1b[33mERROR\x1b[0m db\u202e down\x07\r\n"
    row = only_row(text)
    assert row.when == utc(2026, 6, 15, 14, 2, 11)
    assert row.event == "ERROR db down"


def test_a_progress_bar_keeps_its_start_and_what_it_ended_as() -> None:
    row = only_row("14:02 copying 10%\rcopying 55%\rcopying 100%")
    assert row.event == "copying 10% … copying 100%"


@pytest.mark.parametrize(("line", "reason"), [
    ("25:61 broken clock", "hour 25"),
    ("2026-02-30 14:02 no such day", "day is out of range"),
    ("13:05 PM nonsense", "12-hour"),
])
def test_a_time_that_is_not_one_is_reported_with_its_line(line: str, reason: str) -> None:
    captured = read(f"14:00 fine\n{line}")
    assert [row.line for row in captured.rows] == [1]
    assert captured.unparsed[0].line == 2
    assert reason in captured.unparsed[0].reason


def test_since_and_until_select_a_window() -> None:
    text = "13:59 before\n14:00 start\n14:30 middle\n15:00 end\n15:01 after\nstill after"
    rows = parse_lines(text, zone=UTC, incident_date=DAY, since=utc(2026, 6, 15, 14),
                       until=utc(2026, 6, 15, 15)).rows
    assert [row.event for row in rows] == ["start", "middle", "end"]


def test_list_items_and_log_levels_before_the_time() -> None:
    text = ("- 14:02 paged\n* 14:05 acknowledged\n1. 14:07 rolled back\n"
            "[ERROR] 2026-06-15T14:09:00Z db: too many connections\n"
            "WARN 2026-06-15 14:10:00 pool at 95%\n- a note under it")
    rows = read(text).rows
    assert [(row.when.strftime("%H:%M"), row.event) for row in rows] == [
        ("14:02", "paged"), ("14:05", "acknowledged"), ("14:07", "rolled back"),
        ("14:09", "ERROR db: too many connections"), ("14:10", "WARN pool at 95%"),
        ("14:10", "- a note under it")]


def test_json_and_logfmt_log_lines() -> None:
    text = ('{"level":"error","ts":"2026-06-15T14:02:11.5Z","msg":"upstream \\"api\\" down"}\n'
            '{"@timestamp": 1781532191, "message": "retrying"}\n'
            'ts=2026-06-15T14:04:00Z level=warn msg="queue depth 10k" caller=q.go:12\n'
            '{"time": "yesterday-ish", "msg": "x"}\n')
    captured = read(text)
    assert [(row.when, row.event) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 2, 11, 500000), 'ERROR: upstream "api" down'),
        (utc(2026, 6, 15, 14, 3, 11), "retrying"),
        (utc(2026, 6, 15, 14, 4), "WARN: queue depth 10k"),
    ]
    assert [problem.line for problem in captured.unparsed] == [4]


def test_a_markdown_timeline_table_keeps_its_columns_and_utc() -> None:
    text = ("| Time (UTC) | Event | Actions Taken |\n"
            "| --- | --- | --- |\n"
            "| 2026-06-15 14:02 | [Detected] alert fired | _TBD_ |\n"
            "| 2026-06-15 14:30 | rollback<br>started | kubectl rollout undo \\| tee log |\n")
    captured = read(text, zone=LONDON)
    assert captured.unparsed == ()
    assert [(row.when, row.event, row.actions, row.zone) for row in captured.rows] == [
        (utc(2026, 6, 15, 14, 2), "[Detected] alert fired", "", "UTC"),
        (utc(2026, 6, 15, 14, 30), "rollback started", "kubectl rollout undo | tee log", "UTC"),
    ]


def test_a_date_alone_dates_the_times_below_it() -> None:
    text = ("2026-06-16\n09:00 follow-up call\n23:59 late\n00:10 next day\n"
            "== June 20 ==\n10:00 review\nYesterday\n08:00 prep\n")
    captured = read(text, anchor=utc(2026, 6, 22, 12, 0))
    assert captured.unparsed == ()
    assert [row.when for row in captured.rows] == [
        utc(2026, 6, 16, 9, 0), utc(2026, 6, 16, 23, 59), utc(2026, 6, 17, 0, 10),
        utc(2026, 6, 20, 10, 0), utc(2026, 6, 21, 8, 0)]


@pytest.mark.parametrize(("line", "when", "event"), [
    ("15 Jun 2026 14:02 paged", utc(2026, 6, 15, 14, 2), "paged"),
    ("15-Jun-2026 14:02:11.123 SEVERE pool exhausted", utc(2026, 6, 15, 14, 2, 11, 123000),
     "SEVERE pool exhausted"),
    ('10.0.0.7 - - [15/Jun/2026:16:02:11 +0200] "GET /checkout HTTP/1.1" 502 0',
     utc(2026, 6, 15, 14, 2, 11), '10.0.0.7 - - "GET /checkout HTTP/1.1" 502 0'),
    ("[Mon Jun 15 14:02:11 2026] oom-killer: killed process 4242", utc(2026, 6, 15, 14, 2, 11),
     "oom-killer: killed process 4242"),
    ("Jun 15, 2026 at 2:02 PM rollback started", utc(2026, 6, 15, 14, 2), "rollback started"),
    ("15.06.2026 14:02 paged", utc(2026, 6, 15, 14, 2), "paged"),
    ("15/06/2026 14:02 paged", utc(2026, 6, 15, 14, 2), "paged"),
    ("[6/15/2026 2:02 PM] Priya: paged", utc(2026, 6, 15, 14, 2), "Priya: paged"),
    ("[6/5/2026 2:02 PM] Priya: paged", utc(2026, 6, 5, 14, 2), "Priya: paged"),
])
def test_more_date_shapes(line: str, when: dt.datetime, event: str) -> None:
    row = only_row(line)
    assert (row.when, row.event) == (when, event)


@pytest.mark.parametrize(("line", "reason"), [
    ("06/07/2026 14:02 paged", "day/month or month/day"),
    ("[ 4242.123456] usb 1-1: new device", "dmesg -T"),
])
def test_dates_that_cannot_be_told_are_reported(line: str, reason: str) -> None:
    captured = read(line)
    assert captured.rows == ()
    assert reason in captured.unparsed[0].reason
