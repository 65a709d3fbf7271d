"""A quick check, in plain Python, that a document's data will pass the model's validation.

Opening a file must report a bad one before the app takes over the screen, yet pydantic (its
import, the model's validator, the validation) costs the first frame more than drawing it. So
the data read from the file is checked here first: `surely_valid` is True only for data of the
plain types the model takes as they are (text as str, dates as dates, words of the vocabulary,
no unknown keys), which the model cannot refuse; the model is then built once, after the first
frame. Anything else (a mistake, or a value pydantic would convert) is False, and the model
checks it before the screen is taken over, saying what is wrong in its own words. Never True
for data the model refuses: tests/test_shape.py checks it over the hostile corpus and
generated mistakes, and that every field of the model has its check here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from postmortem.document.limits import TooLarge, check_free_text
from postmortem.document.outline import PARTS
from postmortem.document.text import normalize_line, sanitize
from postmortem.document.vocabulary import Milestone, Priority, Severity, Status

SCHEMA_VERSION = 1
HOURS_MINUTES = re.compile(r"^\d+:[0-5]\d$")  # any hours: a computed time can be long
# Up to nine digits: an ID and the counter (last_action_number) stay ordinary numbers.
ACTION_ID = re.compile(r"^AI-(\d{1,9})$")
MAX_ACTION_NUMBER = 999_999_999
# Where text that fits no field (an Extra) can be: after the title or a part of the outline,
# in export order.
EXTRA_ANCHORS = ("title", *(part.key for part in PARTS))

Check = Callable[[Any], bool]


def surely_valid(data: Any) -> bool:
    """Whether the model will take data (a TOML file's, as read) without a problem."""
    try:
        check_free_text(data)  # what the model checks first, in plain Python already
    except TooLarge:
        return False
    return DOCUMENT(data) and _unique_action_ids(data.get("action_items", []))


# --- values ------------------------------------------------------------------------------------

def _text(value: Any) -> bool:
    return type(value) is str


def _block(value: Any) -> bool:
    """Free text with nothing for sanitize to drop: then its normalised form is no longer, in
    lines or table cells, than the text check_free_text measured."""
    return type(value) is str and sanitize(value) is value


def _texts(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _blocks(value: Any) -> bool:
    return type(value) is list and all(_block(item) for item in value)


def _day(value: Any) -> bool:
    return type(value) is dt.date


def _moment(value: Any) -> bool:
    # Years 1 and 9999 are left to the model: an offset can take them out of the calendar.
    return type(value) is dt.datetime and 1 < value.year < 9999


def _one_of(words: Iterable[str]) -> Check:
    allowed = frozenset(words)
    return lambda value: type(value) is str and value in allowed


def _hours_minutes(value: Any) -> bool:
    if type(value) is not str:
        return False
    value = normalize_line(value)
    return not value or HOURS_MINUTES.match(value) is not None


def _action_id(value: Any) -> bool:
    return type(value) is str and ACTION_ID.match(normalize_line(value)) is not None


def _schema_version(value: Any) -> bool:
    return type(value) is int and 1 <= value <= SCHEMA_VERSION


def _action_number(value: Any) -> bool:
    return type(value) is int and value <= MAX_ACTION_NUMBER


def _unique_action_ids(items: list[dict[str, str]]) -> bool:
    ids = [normalize_line(item["id"]) for item in items]
    return len(set(ids)) == len(ids)


# --- tables ------------------------------------------------------------------------------------

class Table:
    """A check of a table (a dict): no key but its fields, each field's value passing its
    check, the required ones present."""

    def __init__(self, fields: dict[str, Check], required: tuple[str, ...] = ()) -> None:
        self.fields = fields
        self.required = required

    def __call__(self, value: Any) -> bool:
        if type(value) is not dict:
            return False
        fields = self.fields
        for name, item in value.items():
            check = fields.get(name)
            if check is None or not check(item):
                return False
        return all(name in value for name in self.required)


def _rows(check: Check) -> Check:
    return lambda value: type(value) is list and all(check(row) for row in value)


STATED_TIME = Table({"value": _hours_minutes, "note": _text})
LINK = Table({"label": _text, "url": _text})
TIMELINE_EVENT = Table({"time": _moment, "event": _text, "actions": _text,
                        "milestone": _one_of(Milestone)}, required=("time",))
ACTION_ITEM = Table({"id": _action_id, "description": _text, "owner": _text,
                     "priority": _one_of(Priority), "due": _day, "status": _one_of(Status)},
                    required=("id",))
WHY_STEP = Table({"why": _text, "because": _text})
EXTRA = Table({"after": _one_of(EXTRA_ANCHORS), "markdown": _block}, required=("after",))

_EVENT_FIELDS = frozenset(TIMELINE_EVENT.fields)
_MILESTONES = frozenset(Milestone)


def _timeline(rows: Any) -> bool:
    """_rows(TIMELINE_EVENT), in one loop: a long timeline is most of a large file (this way
    50,000 rows take ~15 ms, not ~50)."""
    if type(rows) is not list:
        return False
    for row in rows:
        if type(row) is not dict:
            return False
        time = row.get("time")
        if type(time) is not dt.datetime or not 1 < time.year < 9999:
            return False
        if len(row) > 1 and not (
                _EVENT_FIELDS.issuperset(row) and type(row.get("event", "")) is str
                and type(row.get("actions", "")) is str
                and type(milestone := row.get("milestone", "detected")) is str
                and milestone in _MILESTONES):
            return False
    return True


# Each part of the document by its model's name: tests/test_shape.py holds them to the model.
PARTS_BY_MODEL: dict[str, Table] = {
    "IncidentInfo": Table({
        "id": _text, "date": _day, "severity": _one_of(Severity), "commander": _text,
        "technical_lead": _text, "communications_lead": _text,
        "additional_responders": _texts}),
    "StatedTime": STATED_TIME,
    "StatedTimes": Table({name: STATED_TIME for name in (
        "duration", "time_to_detection", "time_to_mitigation", "time_to_resolution")}),
    "TimelineEvent": TIMELINE_EVENT,
    "Impact": Table({name: _text for name in (
        "affected_users", "affected_functionality", "user_experience", "revenue_impact",
        "sla_violations", "reputation_impact", "systems_affected", "data_impact",
        "downstream_services")}),
    "RootCause": Table({"what_happened": _block, "why_it_happened": _block,
                        "contributing_factors": _blocks}),
    "WhyStep": WHY_STEP,
    "FiveWhys": Table({"problem_statement": _text, "steps": _rows(WHY_STEP)}),
    "Response": Table({"went_well": _blocks, "went_poorly": _blocks,
                       "detection_gaps": _block, "resolution_challenges": _block}),
    "ActionItem": ACTION_ITEM,
    "Preventive": Table({"technical": _blocks, "process": _blocks, "monitoring": _blocks}),
    "Link": LINK,
    "Supporting": Table({name: _rows(LINK) for name in (
        "metrics_and_logs", "communication_artifacts", "related_documentation")}),
    "Extra": EXTRA,
}
PARTS_BY_MODEL["Document"] = DOCUMENT = Table({
    "schema_version": _schema_version,
    "title": _text,
    "executive_summary": _block,
    "lessons_learned": _block,
    "last_action_number": _action_number,
    "incident": PARTS_BY_MODEL["IncidentInfo"],
    "stated_times": PARTS_BY_MODEL["StatedTimes"],
    "timeline": _timeline,
    "impact": PARTS_BY_MODEL["Impact"],
    "root_cause": PARTS_BY_MODEL["RootCause"],
    "five_whys": PARTS_BY_MODEL["FiveWhys"],
    "response": PARTS_BY_MODEL["Response"],
    "action_items": _rows(ACTION_ITEM),
    "preventive": PARTS_BY_MODEL["Preventive"],
    "supporting": PARTS_BY_MODEL["Supporting"],
    "extras": _rows(EXTRA),
})
