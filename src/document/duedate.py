"""Due dates for action items: a calendar date, or a distance from today."""

from __future__ import annotations

import datetime as dt
import re

from postmortem.document.timeparse import quoted_briefly

EXAMPLES = "YYYY-MM-DD (e.g. 2026-04-01), or +10d / +2w from today"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RELATIVE = re.compile(r"^\+\s*(\d+)\s*(d|w|days?|weeks?)$", re.IGNORECASE)


class DueDateError(ValueError):
    """What is wrong with a typed due date."""


def parse_due(text: str, today: dt.date) -> dt.date | None:
    """The date text means (None when it is empty); DueDateError says why it means none."""
    text = text.strip()
    if not text:
        return None
    if text.lower() == "today":
        return today
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as error:
            raise DueDateError(f"{text} is not a real date") from error
    match = _RELATIVE.match(text)
    if match:
        try:  # int() refuses a number past 4,300 digits (a paste of nines): ValueError
            amount = int(match.group(1))
            days = amount * 7 if match.group(2).lower().startswith("w") else amount
            return today + dt.timedelta(days=days)
        except (OverflowError, ValueError) as error:
            raise DueDateError(f"{quoted_briefly(text)} is too far ahead") from error
    raise DueDateError(f"could not read {quoted_briefly(text)} as a due date; use {EXAMPLES}")


def due_problem(text: str, today: dt.date) -> str | None:
    try:
        parse_due(text, today)
    except DueDateError as error:
        return str(error)
    return None
