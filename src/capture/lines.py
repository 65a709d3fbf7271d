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
from postmortem.capture.formats import BadStamp, Kind, Reading, Stamp, parse_age, read_stamp
from postmortem.capture.rows import (
    Captured,
    CapturedRow,
    Unparsed,
    check_size,
    within,
)
from postmortem.capture.structured import read_table_row, read_wrapped
from postmortem.capture.zones import (
    NoSuchLocalTime,
    UnknownZone,
    abbreviated_zone,
    localize,
    zone_label,
    zone_named,
)

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
    speaker: str = ""  # the chat header above: its lines are this person's
    next_is_command: bool = False  # after bash's "#1686838800" line
    table_utc: bool = False  # a Markdown table's header said its times are UTC
    day_line: dt.date | None = None  # a line with a date alone: the day of the times below

    def read(self, number: int, raw: str) -> None:
        text = clean_line(raw)
        if not text:
            return
        reading, actions = self._stamp_of(text)
        if isinstance(reading, BadStamp):
            self._skip(number, text, reading.reason)
            return
        if reading is not None and reading.kind is Kind.HEADER:
            return
        if reading is not None and reading.kind is Kind.DATE:
            self._read_date(number, text, reading)
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
        if actions:
            self._add_row(number, message, actions)
            return
        self._add(number, message, as_command=reading.command)

    def _stamp_of(self, text: str) -> tuple[Reading, str]:
        """The line's stamp, wherever its shape puts it, and the actions a table row gives."""
        row = read_table_row(text, self.table_utc)
        if row is not None:
            self.table_utc = row.utc_header or self.table_utc
            return row.reading, row.actions
        reading = read_stamp(text)
        return (reading if reading is not None else read_wrapped(text)), ""

    def _read_date(self, number: int, text: str, stamp: Stamp) -> None:
        assert stamp.wall is not None
        try:
            if stamp.day_kind == "word":
                day = self._on_day_word(stamp, self.zone).date()
            elif stamp.day_kind == "no year":
                day = self._with_year(stamp.wall, self.zone).date()
            else:
                day = stamp.wall.date()
        except _Problem as problem:
            self._skip(number, text, str(problem))
            return
        except (OverflowError, ValueError):
            self._skip(number, text, "the day falls outside the calendar")
            return
        self.day_line = day

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
        self._add_row(number, event, command or "")

    def _add_row(self, number: int, event: str, actions: str) -> None:
        if (event or actions) and self.when is not None and within(self.when, self.since,
                                                                   self.until):
            self.rows.append(CapturedRow(self.when, event, actions, number, self.label))

    def _skip(self, number: int, text: str, reason: str) -> None:
        self.unparsed.append(Unparsed(number, text, reason))

    def _remember(self, when: dt.datetime, label: str, stamp: Stamp) -> None:
        self.when, self.label = when, label
        if stamp.speaker or stamp.rest.strip():
            self.speaker = stamp.speaker  # a time alone (a chat's next message) keeps it

    # --- placing a stamp -----------------------------------------------------------------

    def _place(self, stamp: Stamp) -> tuple[dt.datetime, str]:
        if stamp.exact is not None:
            return stamp.exact.astimezone(dt.UTC), zone_label(stamp.exact.tzinfo or dt.UTC,
                                                              stamp.exact)
        if stamp.kind is Kind.AGE:
            return self._aged(stamp)
        wall = self._wall(stamp, self.zone)
        zone = self._zone_of(stamp.zone_word, wall)
        if zone is not self.zone:
            wall = self._wall(stamp, zone)
        return self._local(wall, zone)

    def _wall(self, stamp: Stamp, zone: dt.tzinfo) -> dt.datetime:
        """The date and time of day a local stamp means, on zone's clock."""
        assert stamp.wall is not None
        if stamp.kind is Kind.LOCAL:
            return stamp.wall
        if stamp.kind is Kind.NO_YEAR:
            return self._with_year(stamp.wall, zone)
        if stamp.kind is Kind.DAY_WORD:
            return self._on_day_word(stamp, zone)
        return self._on_day(stamp.wall.time(), zone)

    def _zone_of(self, word: str, wall: dt.datetime) -> dt.tzinfo:
        """The zone a local time is on: the one written after it (BST, +02:00), else --tz."""
        if not word:
            return self.zone
        try:
            if word[0] in "+-":
                return zone_named(word)
            return abbreviated_zone(word, self.zone, wall)
        except UnknownZone as error:
            raise _Problem(str(error)) from error

    def _local(self, wall: dt.datetime, zone: dt.tzinfo) -> tuple[dt.datetime, str]:
        try:
            moment = localize(wall, zone, after=self.when)
        except NoSuchLocalTime as error:
            raise _Problem(str(error)) from error
        return moment.astimezone(dt.UTC), zone_label(zone, moment)

    def _previous_wall(self, zone: dt.tzinfo) -> dt.datetime | None:
        """The line before's time on zone's clock."""
        return self.when.astimezone(zone).replace(tzinfo=None) if self.when else None

    def _aged(self, stamp: Stamp) -> tuple[dt.datetime, str]:
        assert stamp.age is not None
        if self.anchor is None:
            raise _Problem("a kubectl age counts back from when the output was taken: give "
                           "that time as the anchor (--at)")
        return (self.anchor - stamp.age).astimezone(dt.UTC), zone_label(
            self.anchor.tzinfo or dt.UTC, self.anchor)

    def _on_day(self, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
        """A time of day on the day the lines have run on to (or the incident's date, when
        that is later); past midnight after a late line, the next day."""
        previous = self._previous_wall(zone)
        first = self.incident_date
        if self.day_line is not None:  # a date line above: from that day on
            first = self.day_line
            if previous is not None and previous.date() < self.day_line:
                previous = None
        days = [day for day in (first, previous.date() if previous else None) if day is not None]
        if not days:
            raise _Problem("a time of day with no date: there is no incident date, and no "
                           "line before it gives a date")
        wall = dt.datetime.combine(max(days), clock)
        if previous is not None and wall < previous:
            next_day = wall + dt.timedelta(days=1)
            if next_day - previous <= ROLLOVER_WITHIN:
                return next_day
        return wall

    def _on_day_word(self, stamp: Stamp, zone: dt.tzinfo) -> dt.datetime:
        assert stamp.wall is not None
        if self.anchor is not None:
            today = self.anchor.astimezone(zone).date()
        elif self.incident_date is not None:
            today = self.incident_date
        else:
            raise _Problem("\"today\" needs the day the text was copied: give it (--at)")
        return dt.datetime.combine(today - dt.timedelta(days=stamp.days_back), stamp.wall.time())

    def _with_year(self, wall: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
        """A syslog time's year: the one that puts it nearest the lines before it, else the
        incident's date, else the anchor."""
        previous = self._previous_wall(zone)
        if previous is not None:
            near = previous.date()
        elif self.incident_date is not None:
            near = self.incident_date
        elif self.anchor is not None:
            near = self.anchor.astimezone(zone).date()
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
    anchor, since, until = (_aware(moment) for moment in (anchor, since, until))
    reader = _Reader(zone, incident_date, anchor, since, until)
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.read(number, raw)
    return Captured(tuple(reader.rows), tuple(reader.unparsed))


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A time given without a zone is UTC, as the timeline's times are."""
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


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
