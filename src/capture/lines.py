"""Captured lines to timeline rows: each line's stamp placed on the calendar and in UTC.

A line without a stamp takes the time of the line before it (a continuation: a stack trace,
a command's output, the rest of a chat message); before any time it is reported. A time of day
alone takes the incident's date, or the day the lines have run on to, and a time earlier than
the line before's, after a late one, is the next day (23:58 then 00:03). Local times are read
on the zone's clock, DST included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from postmortem.capture.cleaning import after_stamp, clean_line, shell_command
from postmortem.capture.formats import BadStamp, Kind, Stamp, parse_age, read_stamp
from postmortem.capture.rows import (
    Captured,
    CapturedRow,
    Unparsed,
    check_size,
    within,
)
from postmortem.capture.zones import NoSuchLocalTime, localize, zone_label

# A time of day up to this long after the line before's, past midnight, is the next day;
# further off, it is an earlier line out of order (as the timeline editor reads 00:10).
ROLLOVER_WITHIN = dt.timedelta(hours=12)


class _Problem(ValueError):
    pass


@dataclass
class _Reader:
    zone: dt.tzinfo
    incident_date: dt.date | None
    anchor: dt.datetime | None
    since: dt.datetime | None
    until: dt.datetime | None
    rows: list[CapturedRow] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    when: dt.datetime | None = None  # the last time read, in UTC
    label: str = ""  # and the zone it was read in
    wall: dt.datetime | None = None  # the last time read, on the zone's clock
    speaker: str = ""  # the chat header above: its lines are this person's
    next_is_command: bool = False  # after bash's "#1686838800" line

    def read(self, number: int, raw: str) -> None:
        text = clean_line(raw)
        if not text:
            return
        reading = read_stamp(text)
        if isinstance(reading, BadStamp):
            self._skip(number, text, reading.reason)
            return
        if reading is not None and reading.kind is Kind.HEADER:
            return
        command_next = self.next_is_command
        self.next_is_command = False
        if reading is None:
            self._continuation(number, text, command_next)
            return
        try:
            when, label = self._place(reading)
        except _Problem as problem:
            self._skip(number, text, str(problem))
            return
        except (OverflowError, ValueError):  # placed before year 1 or after 9999
            self._skip(number, text, "the time falls outside the calendar")
            return
        self._remember(when, label, reading)
        if reading.kind is Kind.HISTORY:
            self.next_is_command = True
            return
        message = reading.rest.strip() if reading.command else after_stamp(reading.rest)
        self._add(number, message, as_command=reading.command)

    def _continuation(self, number: int, text: str, command: bool) -> None:
        if self.when is None:
            self._skip(number, text, "no time on this line, and no line before it gives one")
            return
        self._add(number, text, as_command=command)

    def _add(self, number: int, message: str, *, as_command: bool = False) -> None:
        if not message or self.when is None:
            return  # a time alone, or a chat header: it dates the lines below
        command = message if as_command else shell_command(message)
        event = "" if command is not None else message
        if self.speaker and command is None:
            event = f"{self.speaker}: {message}"
        if within(self.when, self.since, self.until):
            self.rows.append(CapturedRow(self.when, event, command or "", number, self.label))

    def _skip(self, number: int, text: str, reason: str) -> None:
        self.unparsed.append(Unparsed(number, text, reason))

    def _remember(self, when: dt.datetime, label: str, stamp: Stamp) -> None:
        self.when, self.label = when, label
        self.wall = when.astimezone(self.zone).replace(tzinfo=None)
        if stamp.speaker or stamp.rest.strip():
            self.speaker = stamp.speaker  # a time alone (a chat's next message) keeps it

    # --- placing a stamp -----------------------------------------------------------------

    def _place(self, stamp: Stamp) -> tuple[dt.datetime, str]:
        if stamp.exact is not None:
            return stamp.exact.astimezone(dt.UTC), zone_label(stamp.exact.tzinfo or dt.UTC,
                                                              stamp.exact)
        if stamp.kind is Kind.AGE:
            return self._aged(stamp)
        assert stamp.wall is not None
        if stamp.kind is Kind.LOCAL:
            return self._local(stamp.wall)
        if stamp.kind is Kind.NO_YEAR:
            return self._local(self._with_year(stamp.wall))
        if stamp.kind is Kind.DAY_WORD:
            return self._local(self._on_day_word(stamp))
        return self._local(self._on_day(stamp.wall.time()))

    def _local(self, wall: dt.datetime) -> tuple[dt.datetime, str]:
        try:
            moment = localize(wall, self.zone, after=self.when)
        except NoSuchLocalTime as error:
            raise _Problem(str(error)) from error
        try:
            return moment.astimezone(dt.UTC), zone_label(self.zone, moment)
        except OverflowError as error:
            raise _Problem("the time falls outside the calendar in UTC") from error

    def _aged(self, stamp: Stamp) -> tuple[dt.datetime, str]:
        assert stamp.age is not None
        if self.anchor is None:
            raise _Problem("a kubectl age counts back from when the output was taken: give "
                           "that time as the anchor (--at)")
        return (self.anchor - stamp.age).astimezone(dt.UTC), zone_label(
            self.anchor.tzinfo or dt.UTC, self.anchor)

    def _reference_day(self) -> dt.date | None:
        """The day a time of day alone falls on, before midnight is looked at: the day the
        lines have run on to, or the incident's date when that is later."""
        days = [day for day in (self.incident_date, self.wall.date() if self.wall else None)
                if day is not None]
        return max(days) if days else None

    def _on_day(self, clock: dt.time) -> dt.datetime:
        day = self._reference_day()
        if day is None:
            raise _Problem("a time of day with no date: there is no incident date, and no "
                           "line before it gives a date")
        wall = dt.datetime.combine(day, clock)
        if self.wall is not None and wall < self.wall:
            next_day = wall + dt.timedelta(days=1)
            if next_day - self.wall <= ROLLOVER_WITHIN:
                return next_day
        return wall

    def _on_day_word(self, stamp: Stamp) -> dt.datetime:
        assert stamp.wall is not None
        if self.anchor is not None:
            today = self.anchor.astimezone(self.zone).date()
        elif self.incident_date is not None:
            today = self.incident_date
        else:
            raise _Problem("\"today\" needs the day the text was copied: give it (--at)")
        return dt.datetime.combine(today - dt.timedelta(days=stamp.days_back), stamp.wall.time())

    def _with_year(self, wall: dt.datetime) -> dt.datetime:
        """A syslog time's year: the one that puts it nearest the lines before it, else the
        incident's date, else the anchor."""
        if self.wall is not None:
            near = self.wall.date()
        elif self.incident_date is not None:
            near = self.incident_date
        elif self.anchor is not None:
            near = self.anchor.astimezone(self.zone).date()
        else:
            raise _Problem("a date without a year: there is no incident date to take it from")
        candidates = []
        for year in (near.year - 1, near.year, near.year + 1):
            try:
                candidates.append(wall.replace(year=year))
            except ValueError:
                continue  # Feb 29 in a year without one
        if not candidates:
            raise _Problem(f"{wall:%b} {wall.day} is in no year near {near.year}")
        return min(candidates, key=lambda moment: abs(moment.date() - near))


def parse_lines(text: str, *, zone: dt.tzinfo, incident_date: dt.date | None,
                anchor: dt.datetime | None = None, since: dt.datetime | None = None,
                until: dt.datetime | None = None) -> Captured:
    """The timeline rows in captured text (a paste, terminal output, a log, a chat), and
    the lines that could not be read, each with its reason. Raises CaptureTooLarge past the
    limits in rows.py, and nothing else."""
    check_size(text)
    reader = _Reader(zone, incident_date, anchor, since, until)
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.read(number, raw)
    return Captured(tuple(reader.rows), tuple(reader.unparsed))


_RELATIVE = re.compile(r"^(?P<sign>[+-])\s*(?P<age>(?:\d{1,6}\s*[dhms]\s*){1,4})$", re.IGNORECASE)
MOMENT_EXAMPLES = "now, -5m, 14:02, 2:02 PM, 2026-06-15 14:02, 2026-06-15T14:02:00+02:00"


def parse_moment(text: str, *, zone: dt.tzinfo, incident_date: dt.date | None,
                 now: dt.datetime) -> dt.datetime:
    """One time given on its own (`--at`, `--since`): in UTC; read as a captured line's stamp
    is, plus "now" and "-5m"/"+1h" from now. Raises ValueError saying what was expected."""
    cleaned = clean_line(text)
    relative = _RELATIVE.match(cleaned)
    if cleaned.lower() == "now":
        return now.astimezone(dt.UTC)
    if relative:
        age = parse_age(relative["age"].replace(" ", "").lower())
        return (now + age if relative["sign"] == "+" else now - age).astimezone(dt.UTC)
    stamp = read_stamp(cleaned)
    if isinstance(stamp, BadStamp):
        raise ValueError(stamp.reason)
    if stamp is None or stamp.rest.strip() or stamp.kind in (Kind.AGE, Kind.HEADER):
        raise ValueError(f"could not read {cleaned!r} as a time; try {MOMENT_EXAMPLES}")
    reader = _Reader(zone, incident_date, now, None, None)
    try:
        return reader._place(stamp)[0]
    except (_Problem, OverflowError) as error:
        raise ValueError(str(error) or "the time falls outside the calendar") from error
