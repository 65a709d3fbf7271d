"""Checks for single fields as the author types them: each returns what is wrong, or None."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem.document.model import Severity

INCIDENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$")


def incident_id_problem(text: str) -> str | None:
    if not text or INCIDENT_ID.match(text):
        return None
    return "use letters, digits and dashes, e.g. INC-2026-0042"


def parse_date(text: str) -> dt.date | None:
    """The date in text (YYYY-MM-DD), or None when it is empty; ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError("write the date as YYYY-MM-DD, e.g. 2026-03-14")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{text} is not a real date") from error


def date_problem(text: str) -> str | None:
    try:
        parse_date(text)
    except ValueError as error:
        return str(error)
    return None


def parse_severity(text: str) -> Severity | None:
    from postmortem.document.model import Severity

    text = text.strip().upper()
    if not text:
        return None
    try:
        return Severity(text)
    except ValueError as error:
        raise ValueError("severity is one of P1, P2, P3, P4 (P1 is the worst)") from error


def severity_problem(text: str) -> str | None:
    try:
        parse_severity(text)
    except ValueError as error:
        return str(error)
    return None


def hours_minutes_problem(text: str) -> str | None:
    from postmortem.document.model import HOURS_MINUTES

    if not text.strip() or HOURS_MINUTES.match(text.strip()):
        return None
    return "use H:MM, e.g. 3:45"


def link_url_problem(text: str) -> str | None:
    from postmortem.document.review.links import url_problem  # not needed for the first frame

    return url_problem(text.strip()) if text.strip() else None
