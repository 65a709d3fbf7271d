"""Time zones: naming one (`--tz`), the machine's own, what a row says its source zone was,
and a local wall-clock time made exact across a DST change."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$",
                     re.IGNORECASE)


class UnknownZone(ValueError):
    """A zone name that is neither an IANA name nor a UTC offset."""


def zone_named(name: str) -> dt.tzinfo:
    """The zone an IANA name ("Europe/London"), "UTC"/"Z" or an offset ("+02:00") names."""
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT", "ZULU"):
        return dt.UTC
    match = _OFFSET.match(text)
    if match:
        return fixed_offset(match.group("sign"), match.group("hours"), match.group("minutes"))
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownZone(f"unknown time zone {name!r} (expected a name such as "
                          "\"Europe/Berlin\", \"UTC\" or an offset such as \"+02:00\")") from error


def fixed_offset(sign: str, hours: str, minutes: str | None) -> dt.tzinfo:
    """A fixed UTC offset; raises UnknownZone past ±23:59."""
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        raise UnknownZone(f"UTC offset {sign}{hours}:{minutes or '00'} is out of range")
    delta = dt.timedelta(hours=hour, minutes=minute)
    return dt.UTC if not delta else dt.timezone(-delta if sign == "-" else delta)


def machine_zone() -> dt.tzinfo:
    """This machine's zone, with its DST rules (not just today's offset): $TZ, else the zone
    /etc/localtime names, else today's offset."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        target = os.readlink("/etc/localtime")
        candidates.append(target.partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return zone_named(name)
            except UnknownZone:
                continue
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key=Path("/etc/localtime").name)
    except (OSError, ValueError):
        local = dt.datetime.now().astimezone().tzinfo
        return local if local is not None else dt.UTC


def zone_label(zone: dt.tzinfo, at: dt.datetime | None = None) -> str:
    """How a row names its source zone: the IANA name, "UTC", or the offset ("+02:00")."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(at)
    if zone is dt.UTC or offset == dt.timedelta(0):
        return "UTC"
    if offset is None:
        return str(zone)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class NoSuchLocalTime(ValueError):
    """A wall-clock time the zone skips (the hour the clocks go forward)."""


def localize(wall: dt.datetime, zone: dt.tzinfo, after: dt.datetime | None = None) -> dt.datetime:
    """The exact moment a naive wall-clock time in zone means. A time the clocks skip raises
    NoSuchLocalTime; a time that happens twice (the clocks go back) is the first, unless only
    the second is not before `after` (the line before it, as a log runs forward)."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        if _round_trip(first) != wall:  # not in the zone's day: skipped
            raise NoSuchLocalTime(
                f"{wall:%H:%M} does not exist in {zone_label(zone)} on {wall:%Y-%m-%d} "
                "(the clocks went forward)")
        if after is not None and first < after <= second:
            return second
    return first


def _round_trip(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None
    return moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None, fold=0)


# Zone abbreviations written after a time ("14:02 BST") that name one offset in practice.
_ABBREVIATION_MINUTES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "AWST": 480, "ACST": 570, "AEST": 600,
    "AEDT": 660, "NZST": 720, "NZDT": 780,
}
# ... and those that name several: read only when the zone given (--tz) calls itself that.
_AMBIGUOUS = {
    "IST": "India +05:30, Ireland +01:00 or Israel +02:00",
    "CST": "US Central -06:00 or China +08:00",
    "AST": "Atlantic -04:00 or Arabia +03:00",
}
ZONE_WORDS = frozenset(_ABBREVIATION_MINUTES) | frozenset(_AMBIGUOUS)


def abbreviated_zone(word: str, zone: dt.tzinfo, wall: dt.datetime) -> dt.tzinfo:
    """The zone an abbreviation written after a time names: zone itself when that is what it
    calls itself then (BST in Europe/London in June: its DST rules apply), else the one offset
    the abbreviation stands for. Raises UnknownZone for one that names several."""
    if word == wall.replace(tzinfo=zone).tzname():
        return zone
    if word in _AMBIGUOUS:
        raise UnknownZone(f"{word} could be {_AMBIGUOUS[word]}: give --tz, or an offset "
                          "such as +05:30")
    minutes = _ABBREVIATION_MINUTES[word]
    if not minutes:
        return dt.UTC
    return dt.timezone(dt.timedelta(minutes=minutes))
