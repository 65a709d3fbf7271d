"""The current time, in one place, so tests can fix it."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Now, in UTC (the timeline's clock)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date where the author is (for due dates)."""
    return dt.date.today()
