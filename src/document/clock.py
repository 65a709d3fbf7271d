"""The current time, in one place, so tests can fix it."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Now, in UTC (the timeline's clock)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date where the author is (for due dates)."""
    return dt.date.today()


def to_utc_minute(value: dt.datetime) -> dt.datetime:
    """The timeline is kept in UTC to the minute, as the standard writes it."""
    if value.tzinfo is dt.UTC and not value.second and not value.microsecond:
        return value  # as stored (the common case): what the general code returns, sooner
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(second=0, microsecond=0)
