"""Recognising the timestamp a captured line starts with, in the formats logs, terminals,
shell histories and chat windows write. Each reader looks only at the start of the line with
bounded patterns, so a line costs time in proportion to its length.

A reader returns a Stamp: what the time is (exact, a local wall-clock time to place in the
zone, or an age to count back from an anchor) and the rest of the line; or BadStamp when the
line starts like a time that is not one (25:61), which is reported, never guessed around.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from postmortem.capture.zones import ZONE_WORDS, UnknownZone, fixed_offset


class Kind(Enum):
    EXACT = "exact"  # an instant: an offset or Z was given, or seconds since 1970
    LOCAL = "local"  # a date and a time of day on the zone's clock
    NO_YEAR = "no year"  # syslog: month, day and time of day, the year understood
    CLOCK = "clock"  # a time of day alone: the incident's date, midnight-safe
    DAY_WORD = "day word"  # "Today at 2:02 PM", "Yesterday at ..."
    AGE = "age"  # kubectl: how long before the output was taken
    HISTORY = "history"  # bash's "#1686838800" line: the time of the command below it
    HEADER = "header"  # a line that is a table's header: no row, no problem
    DATE = "date"  # a date alone ("2026-06-15", "June 15", "Today"): the day of the times below


@dataclass(frozen=True)
class Stamp:
    kind: Kind
    rest: str = ""  # the line after the stamp
    exact: dt.datetime | None = None  # EXACT, HISTORY: aware
    wall: dt.datetime | None = None  # LOCAL, NO_YEAR (year 2000 as a stand-in), CLOCK, DAY_WORD
    days_back: int = 0  # DAY_WORD: 0 today, 1 yesterday
    age: dt.timedelta | None = None  # AGE
    command: bool = False  # the rest is a shell command (zsh history)
    zone_word: str = ""  # "BST", "PDT": the zone written after a local time
    day_kind: str = ""  # DATE: "" a whole date, "no year" (June 15), "word" (Today)
    speaker: str = ""  # a chat header's name: the lines below it are that person's


@dataclass(frozen=True)
class BadStamp:
    reason: str


Reading = Stamp | BadStamp | None


class _Invalid(ValueError):
    pass


_CLOCK = (r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>[.,]\d{1,9})?)?"
          r"(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?")
_END = r"(?=$|[\s\]\)|,;>-]|:(?!\d))"  # what may follow a stamp
_OFFSET = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?|\s?(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)"
_WEEKDAY = r"(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6},?\s+)"
_OPEN = r"^[\[(]?"

_ISO = re.compile(
    _OPEN + r"(?:" + _WEEKDAY + r")?(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:T|\s+|_)" + _CLOCK + _OFFSET + r"[\])]?" + _END)
_SYSLOG = re.compile(
    r"^(?:<\d{1,3}>(?:1\s)?)?[\[(]?" + _WEEKDAY + r"?" + _MONTH
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?P<year>\d{4}),?\s+)?(?:at\s+)?" + _CLOCK
    + r"(?:\s+(?P<abbr>[A-Za-z]{2,5})\s+(?P<year2>\d{4})|\s+(?P<year3>\d{4}))?[\])]?" + _END)
# 15 Jun 2026 14:02, 15-Jun-2026 14:02:11.123 (Tomcat), [15/Jun/2026:14:02:11 +0000] (an
# access log, after its client, identity and user).
_DAY_MONTH = re.compile(
    r"^(?P<prefix>(?:\S{1,64} ){3}(?=\[))?[\[(]?" + _WEEKDAY + r"?(?P<day>\d{1,2})[-\s/]" + _MONTH
    + r"[-\s,/]+(?P<year>\d{4})(?:,?\s+(?:at\s+)?|:|T)" + _CLOCK
    + r"(?:\s?(?P<offset>Z|[+-]\d{2}:?\d{2}|UTC|GMT))?[\])]?" + _END)
# 15.06.2026 14:02 (day first, as dots are written); 6/15/2026 2:02 PM (month first, as the
# 12-hour clock is written); 15/06/2026 14:02 only when the day is past 12.
_NUMERIC_DATE = re.compile(
    _OPEN + r"(?P<part1>\d{1,2})(?P<separator>[/.])(?P<part2>\d{1,2})[/.](?P<year>\d{4}|\d{2}),?"
    r"\s+" + _CLOCK + _OFFSET + r"[\])]?" + _END)
_DMESG = re.compile(r"^\[\s*\d{1,9}\.\d{3,9}\]")
_DAY_WORD = re.compile(_OPEN + r"(?P<word>(?i:today|yesterday))(?:\s+at)?,?\s+" + _CLOCK
                       + r"[\])]?" + _END)
_CLOCK_ONLY = re.compile(_OPEN + _CLOCK + r"(?P<offset>Z|[+-]\d{2}:?\d{2})?[\])]?" + _END)
_EPOCH = re.compile(_OPEN + r"(?P<digits>\d{10}|\d{13}|\d{16}|\d{19})(?P<fraction>\.\d{1,9})?"
                    r"[\])]?" + _END)
_BASH_STAMP = re.compile(r"^#(?P<digits>\d{9,11})\s*$")
_ZSH = re.compile(r"^:\s?(?P<digits>\d{9,11}):\d+;(?P<command>.*)$")
_AGE = r"(?P<age>(?:\d{1,6}[ydhms]){1,4})"
_KUBECTL_EVENTS = re.compile(r"^" + _AGE + r"\s+(?P<rest>(?:Normal|Warning)\s.*)$")
_KUBECTL_DESCRIBE = re.compile(
    r"^(?P<type>Normal|Warning)\s+(?P<reason>\S+)\s+" + _AGE
    + r"(?:\s+\(x\d+ over [\dydhms]+\))?\s+(?P<rest>\S.*)$")
_KUBECTL_HEADER = re.compile(
    r"^(?:LAST SEEN\s+TYPE\s|Type\s+Reason\s+Age\s|-{4}\s+-{6}\s|Events:\s*$)")
_DATE_LINE = re.compile(
    r"^[\[(=#*\s-]{0,6}" + _WEEKDAY + r"?(?:(?P<year>\d{4})-(?P<number>\d{1,2})-(?P<day>\d{1,2})"
    r"|" + _MONTH + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year2>\d{4}))?"
    r"|(?P<word>(?i:today|yesterday)))[\])=#*\s:-]{0,6}$")
_CHAT_HEADER = re.compile(
    r"^(?P<name>[^\s\[\]\d:$#][^\[\]:]{0,59}?)"
    r"(?:\s{2,}|\s*[—–·|]\s*|\s+(?=(?i:today|yesterday)\s))"
    r"(?:(?P<word>(?i:today|yesterday))(?:\s+at)?\s+)?" + _CLOCK + r"\s*$")

# Seconds since 1970 read from 10 digits only within these years: an ID or a count of that
# length is far more likely outside them than a log line.
_EPOCH_YEARS = (2000, 2100)


def read_stamp(line: str) -> Reading:
    """The timestamp line starts with, in any format known here; None when it has none."""
    for reader in _READERS:
        reading = reader(line)
        if reading is not None:
            return reading
    return None


def _guarded(reader: Callable[[re.Match[str]], Stamp],
             pattern: re.Pattern[str]) -> Callable[[str], Reading]:
    def read(line: str) -> Reading:
        match = pattern.match(line)
        if match is None:
            return None
        try:
            return reader(match)
        except (_Invalid, UnknownZone, ValueError, OverflowError) as error:
            return BadStamp(f"{match.group(0).strip()!r} is not a time: {error}")
    return read


def _rest(line: str, match: re.Match[str]) -> str:
    return line[match.end():]


def _time_of_day(match: re.Match[str]) -> dt.time:
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise _Invalid(f"hour {hour} with {ampm.upper()}: 12-hour times go from 1 to 12")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        raise _Invalid(f"hour {hour} is out of range (00 to 23)")
    if minute > 59 or second > 59:
        raise _Invalid("minutes and seconds go from 00 to 59")
    fraction = match["fraction"]
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    return dt.time(hour, minute, second, micro)


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    text = text.strip().upper()
    if text in ("Z", "UTC", "GMT"):
        return dt.UTC
    text = text.removeprefix("UTC").removeprefix("GMT")
    digits = text[1:].replace(":", "")
    if len(digits) <= 2:
        return fixed_offset(text[0], digits, None)
    return fixed_offset(text[0], digits[:-2], digits[-2:])


_ZONE_WORD = re.compile(r"\s?\(?(?P<word>[A-Z]{1,5})\)?(?=$|[\s\]\)|,;:>-])")


def _zone_word(rest: str) -> tuple[str, str]:
    """A zone abbreviation at the start of rest ("14:02 BST - paged"), and the rest after it;
    ("", rest) when there is none (an upper-case word that names no zone is text: "API")."""
    match = _ZONE_WORD.match(rest)
    if match is None or match["word"] not in ZONE_WORDS:
        return "", rest
    return match["word"], rest[match.end():]


def _iso(match: re.Match[str]) -> Stamp:
    day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    wall = dt.datetime.combine(day, _time_of_day(match))
    return _local_or_exact(match, wall)


def _local_or_exact(match: re.Match[str], wall: dt.datetime) -> Stamp:
    """wall on the offset written with it; else on a zone named after it, or --tz's."""
    offset = _offset(match["offset"])
    rest = _rest(match.string, match)
    if offset is None:
        word, rest = _zone_word(rest)
        return Stamp(Kind.LOCAL, rest, wall=wall, zone_word=word)
    return Stamp(Kind.EXACT, rest, exact=wall.replace(tzinfo=offset))


def _syslog(match: re.Match[str]) -> Stamp:
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    year_text = match["year"] or match["year2"] or match["year3"]
    clock = _time_of_day(match)
    rest = _rest(match.string, match)
    abbr = match["abbr"] or ""
    year = int(year_text) if year_text else 2000  # a leap year: Feb 29 stands until placed
    wall = dt.datetime.combine(dt.date(year, month, int(match["day"])), clock)
    if abbr and abbr not in ZONE_WORDS:  # `date` output in a zone not known here
        raise _Invalid(f"{abbr} is not a time zone known here: give an offset such as +02:00")
    if not abbr:
        abbr, rest = _zone_word(rest)
    return Stamp(Kind.LOCAL if year_text else Kind.NO_YEAR, rest, wall=wall, zone_word=abbr)


def _day_month(match: re.Match[str]) -> Stamp:
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    day = dt.date(int(match["year"]), month, int(match["day"]))
    wall = dt.datetime.combine(day, _time_of_day(match))
    rest = (match["prefix"] or "") + _rest(match.string, match).lstrip()
    offset = _offset(match["offset"])
    if offset is None:
        word, rest = _zone_word(" " + rest)
        return Stamp(Kind.LOCAL, rest, wall=wall, zone_word=word)
    return Stamp(Kind.EXACT, " " + rest, exact=wall.replace(tzinfo=offset))


def _numeric_date(match: re.Match[str]) -> Stamp:
    first, second = int(match["part1"]), int(match["part2"])
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    if match["separator"] == "." or first > 12:
        day, month = first, second
    elif second > 12 or match["ampm"] or first == second:
        day, month = second, first
    else:
        raise _Invalid(f"{first}/{second}/{match['year']} could be day/month or month/day: "
                       "write the date as YYYY-MM-DD")
    wall = dt.datetime.combine(dt.date(year, month, day), _time_of_day(match))
    return _local_or_exact(match, wall)


def _dmesg(line: str) -> Reading:
    if _DMESG.match(line):
        return BadStamp("seconds since the machine started (dmesg), not a time: run dmesg -T")
    return None


def _day_word(match: re.Match[str]) -> Stamp:
    wall = dt.datetime.combine(dt.date(2000, 1, 1), _time_of_day(match))
    back = 1 if match["word"].lower() == "yesterday" else 0
    word, rest = _zone_word(_rest(match.string, match))
    return Stamp(Kind.DAY_WORD, rest, wall=wall, days_back=back, zone_word=word)


def _clock_only(match: re.Match[str]) -> Stamp:
    wall = dt.datetime.combine(dt.date(2000, 1, 1), _time_of_day(match))
    word, rest = _zone_word(_rest(match.string, match))
    if match["offset"]:
        word = "UTC" if match["offset"] == "Z" else match["offset"]
    return Stamp(Kind.CLOCK, rest, wall=wall, zone_word=word)


def from_epoch(digits: str, fraction: str | None = None) -> dt.datetime:
    scale = {10: 1, 13: 10**3, 16: 10**6, 19: 10**9}.get(len(digits), 1)
    whole, part = divmod(int(digits), scale)
    micro = part * 10**6 // scale + (int((fraction[1:] + "000000")[:6]) if fraction else 0)
    return dt.datetime.fromtimestamp(whole, dt.UTC) + dt.timedelta(microseconds=micro)


def _epoch(match: re.Match[str]) -> Stamp:
    moment = from_epoch(match["digits"], match["fraction"])
    if not _EPOCH_YEARS[0] <= moment.year < _EPOCH_YEARS[1]:
        raise _Invalid(f"as seconds since 1970 it would be in {moment.year}")
    return Stamp(Kind.EXACT, _rest(match.string, match), exact=moment)


def _bash_stamp(match: re.Match[str]) -> Stamp:
    return Stamp(Kind.HISTORY, exact=from_epoch(match["digits"].rjust(10, "0")))


def _zsh(match: re.Match[str]) -> Stamp:
    return Stamp(Kind.EXACT, match["command"], exact=from_epoch(match["digits"].rjust(10, "0")),
                 command=True)


_AGE_UNITS = {"y": 365 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_age(text: str) -> dt.timedelta:
    """A kubectl age: 5m, 2m30s, 3h5m, 2d."""
    seconds = sum(int(number) * _AGE_UNITS[unit]
                  for number, unit in re.findall(r"(\d+)([ydhms])", text))
    return dt.timedelta(seconds=seconds)


def _kubectl_events(match: re.Match[str]) -> Stamp:
    columns = re.split(r"\s{2,}", match["rest"].strip(), maxsplit=3)
    if len(columns) == 4:
        kind, reason, thing, message = columns
        text = f"{kind} {reason} {thing}: {message}"
    else:
        text = " ".join(columns)
    return Stamp(Kind.AGE, text, age=parse_age(match["age"]))


def _kubectl_describe(match: re.Match[str]) -> Stamp:
    source, _, message = match["rest"].strip().partition("  ")
    text = f"{match['type']} {match['reason']} ({source.strip()}): {message.strip()}" if (
        message.strip()) else f"{match['type']} {match['reason']}: {source.strip()}"
    return Stamp(Kind.AGE, text, age=parse_age(match["age"]))


def _date_line(match: re.Match[str]) -> Stamp:
    if match["word"]:
        back = 1 if match["word"].lower() == "yesterday" else 0
        return Stamp(Kind.DATE, wall=dt.datetime(2000, 1, 1), days_back=back, day_kind="word")
    if match["year"]:
        day = dt.date(int(match["year"]), int(match["number"]), int(match["day"]))
        return Stamp(Kind.DATE, wall=dt.datetime.combine(day, dt.time()))
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    day = dt.date(int(match["year2"] or 2000), month, int(match["day2"]))
    return Stamp(Kind.DATE, wall=dt.datetime.combine(day, dt.time()),
                 day_kind="" if match["year2"] else "no year")


def _kubectl_header(match: re.Match[str]) -> Stamp:
    return Stamp(Kind.HEADER)


def _chat_header(match: re.Match[str]) -> Stamp:
    wall = dt.datetime.combine(dt.date(2000, 1, 1), _time_of_day(match))
    name = match["name"].strip()
    if match["word"]:
        back = 1 if match["word"].lower() == "yesterday" else 0
        return Stamp(Kind.DAY_WORD, wall=wall, days_back=back, speaker=name)
    return Stamp(Kind.CLOCK, wall=wall, speaker=name)


def _short_chat_header(line: str) -> Reading:
    # Only a short line can be a chat header ("Alice Smith  14:02"): it bounds the pattern's
    # work, and a long line ending in a time is a sentence.
    return _guarded(_chat_header, _CHAT_HEADER)(line) if len(line) <= 90 else None


_READERS: tuple[Callable[[str], Reading], ...] = (
    _guarded(_bash_stamp, _BASH_STAMP),
    _guarded(_zsh, _ZSH),
    _guarded(_iso, _ISO),
    _guarded(_day_month, _DAY_MONTH),
    _guarded(_numeric_date, _NUMERIC_DATE),
    _dmesg,
    _guarded(_epoch, _EPOCH),
    _guarded(_kubectl_events, _KUBECTL_EVENTS),
    _guarded(_kubectl_describe, _KUBECTL_DESCRIBE),
    _guarded(_kubectl_header, _KUBECTL_HEADER),
    _guarded(_day_word, _DAY_WORD),
    _guarded(_date_line, _DATE_LINE),
    _guarded(_syslog, _SYSLOG),
    _guarded(_clock_only, _CLOCK_ONLY),
    _short_chat_header,
)
