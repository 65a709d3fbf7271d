"""Forgiving, exact time entry for the timeline: everything ends up in UTC, to the minute.

Accepted, in the words the editor shows:
  14:02                     the incident's date, or the later day the timeline has run on
                            to by the row above (past midnight, say); a time up to 12
                            hours after the row above's, past midnight, the next day
  14:02 UTC, 14:02+02:00    the same, with its zone, converted to UTC
  2026-03-14 14:02          a date and a time, in UTC
  2026-03-14T14:02+02:00    ISO-8601 with an offset (or Z), converted to UTC
  now                       the current UTC time, for logging while an incident runs
  +15m, +1h30m, -5m         relative to the row above
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from postmortem.document.clock import to_utc_minute

EXAMPLES = "14:02, 2026-03-14 14:02, 2026-03-14T14:02+02:00, now or +15m"

_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
_OFFSET = r"\s*(?P<offset>Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?"
# A bare time may name its zone too (14:02 UTC, 14:02Z, 14:02+02:00): the editor moves on to
# Event once 14:02 is typed, and a space or + right after goes back to write it.
_TIME_ONLY = re.compile(rf"^{_CLOCK}{_OFFSET}$", re.IGNORECASE)
_DATE_TIME = re.compile(
    rf"^(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}})(?:\s+|T){_CLOCK}{_OFFSET}$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"^(?P<sign>[+-])\s*(?:(?P<hours>\d+)\s*h)?\s*(?:(?P<minutes>\d+)\s*m(?:in)?)?$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class TimeEntryError(ValueError):
    """What is wrong with a typed time, in words the author can act on."""


@dataclass(frozen=True)
class TimeContext:
    """What a typed time is read against."""

    incident_date: dt.date | None
    previous: dt.datetime | None  # the row above, in UTC
    now: dt.datetime  # the current time, in UTC
    # The last day the timeline has run on to, day after day, by the row above (see
    # timeline_edit.day_reached); None: the row above's own date.
    reached: dt.date | None = None

    @property
    def base_date(self) -> dt.date:
        """The date a bare 14:02 gets: the incident's, or the day the timeline has reached when
        that is later."""
        reached = self.reached or self._previous_date
        dates = [day for day in (self.incident_date, reached) if day is not None]
        return max(dates) if dates else self.now.astimezone(dt.UTC).date()

    @property
    def _previous_date(self) -> dt.date | None:
        return self.previous.astimezone(dt.UTC).date() if self.previous else None


def format_time(moment: dt.datetime) -> str:
    """A timeline time as the table and the export show it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


def split_time_and_event(text: str, context: TimeContext) -> tuple[str, str] | None:
    """A whole row typed into the time field, "14:20 db failover started": the longest start
    of text (cut at a space) that is a time, and the rest; None when text is a time itself,
    or starts with none."""
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        head = " ".join(words[:count])
        try:
            parse_time(head, context)
        except TimeEntryError:
            continue
        return head, " ".join(words[count:])
    return None


def parse_time(text: str, context: TimeContext) -> dt.datetime:
    """The UTC minute that text means; TimeEntryError says why it means none."""
    text = " ".join(text.split())
    if not text:
        raise TimeEntryError(f"type a time: {EXAMPLES}")
    if text.lower() == "now":
        return to_utc_minute(context.now)
    for pattern, reader in ((_RELATIVE, _relative), (_TIME_ONLY, _time_only),
                            (_DATE_TIME, _date_time)):
        match = pattern.match(text)
        if match:
            return _read(reader, match, context)
    if _DATE_ONLY.match(text):
        raise TimeEntryError(f"add the time of day, e.g. {text} 14:02")
    raise TimeEntryError(f"could not read {quoted_briefly(text)} as a time; try {EXAMPLES}")


Reader = Callable[[re.Match[str], TimeContext], dt.datetime]


def _read(reader: Reader, match: re.Match[str], context: TimeContext) -> dt.datetime:
    """What reader makes of match; a number past the calendar, or past the digits int()
    reads (a paste of nines), is a TimeEntryError too, not a crash of the dialog checking
    the time as it is typed."""
    try:
        return reader(match, context)
    except TimeEntryError:
        raise
    except (OverflowError, ValueError) as error:
        raise TimeEntryError(f"{quoted_briefly(match.group(0))} goes beyond the calendar"
                             ) from error


QUOTED_CHARS = 40  # of a typed entry an error message repeats: it is shown under the field


def quoted_briefly(text: str) -> str:
    """text in quotes, cut short when it is long (a paste of 10,000 characters)."""
    return repr(text if len(text) <= QUOTED_CHARS else f"{text[:QUOTED_CHARS - 1]}…")


def _relative(match: re.Match[str], context: TimeContext) -> dt.datetime:
    hours, minutes = match.group("hours"), match.group("minutes")
    text = match.group(0)
    if hours is None and minutes is None:
        raise TimeEntryError(f"{text!r} needs an amount, e.g. +15m or +1h30m")
    if context.previous is None:
        raise TimeEntryError(f"{quoted_briefly(text)} counts from the row above, and there "
                             "is none; type a time like 14:02")
    delta = dt.timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    try:
        moment = context.previous + delta if match.group("sign") == "+" else (
            context.previous - delta)
    except OverflowError as error:
        raise TimeEntryError(f"{quoted_briefly(text)} goes beyond the calendar") from error
    return to_utc_minute(moment)


def _clock(match: re.Match[str]) -> dt.time:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if hour > 23:
        raise TimeEntryError(f"hour {hour} is out of range: hours go from 00 to 23")
    if minute > 59:
        raise TimeEntryError(f"minute {minute} is out of range: minutes go from 00 to 59")
    second = match.group("second")
    if second is not None and int(second) > 59:
        raise TimeEntryError(f"second {second} is out of range: seconds go from 00 to 59")
    return dt.time(hour, minute)


# A bare time this little after the row above's time of day, past midnight, is the next day
# (00:10 after 23:50); further off it is an earlier row typed out of order (14:02 after 14:40).
ROLLOVER_WITHIN = dt.timedelta(hours=12)


def _time_only(match: re.Match[str], context: TimeContext) -> dt.datetime:
    zone = _offset(match.group("offset"))
    moment = to_utc_minute(dt.datetime.combine(context.base_date, _clock(match), tzinfo=zone))
    previous = context.previous
    if previous is not None and moment < previous:
        next_day = moment + dt.timedelta(days=1)
        if dt.timedelta(0) <= next_day - previous <= ROLLOVER_WITHIN:
            return next_day
    return moment


def describe_moment(moment: dt.datetime, context: TimeContext) -> str:
    """What a typed time was read as, for the editor: said plainly when it is past midnight
    after the row above."""
    said = f"= {format_time(moment)} UTC"
    previous = context.previous
    if previous is not None and moment.astimezone(dt.UTC).date() > previous.astimezone(
            dt.UTC).date() and moment - previous <= ROLLOVER_WITHIN:
        said += f", the next day: past midnight after {format_time(previous)}"
    return said


def _date_time(match: re.Match[str], context: TimeContext) -> dt.datetime:
    day = _date(match.group("date"))
    clock = _clock(match)
    offset = _offset(match.group("offset"))
    try:
        return to_utc_minute(dt.datetime.combine(day, clock, tzinfo=offset))
    except OverflowError as error:
        raise TimeEntryError(f"{match.group(0)} goes beyond the calendar") from error


def _date(text: str) -> dt.date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise TimeEntryError(f"{text} is not a real date") from error


def _offset(text: str | None) -> dt.tzinfo:
    if text is None or text.upper() in ("Z", "UTC"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2] if len(digits) > 2 else digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 23 or minutes > 59:
        raise TimeEntryError(f"UTC offset {text} is out of range (at most ±23:59)")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
