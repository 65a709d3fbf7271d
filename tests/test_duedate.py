"""Due dates: a calendar date, or a distance from today."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem.document.duedate import DueDateError, due_problem, parse_due

TODAY = dt.date(2026, 3, 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-04-01", dt.date(2026, 4, 1)),
    ("2026-4-1", dt.date(2026, 4, 1)),
    ("+10d", dt.date(2026, 3, 30)),
    ("+2w", dt.date(2026, 4, 3)),
    ("+ 3 days", dt.date(2026, 3, 23)),
    ("+1 week", dt.date(2026, 3, 27)),
    ("today", TODAY),
    ("", None),
    ("   ", None),
])
def test_due_dates(text, expected):
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("2026-02-30", "2026-02-30 is not a real date"),
    ("next week", "use YYYY-MM-DD"),
    ("+2m", "could not read '+2m'"),
    ("+99999999999w", "too far ahead"),
    ("01/04/2026", "+10d / +2w"),
])
def test_bad_due_dates_say_why(text, words):
    with pytest.raises(DueDateError) as caught:
        parse_due(text, TODAY)
    assert words in str(caught.value)
    assert words in (due_problem(text, TODAY) or "")
