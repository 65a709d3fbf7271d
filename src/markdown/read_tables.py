"""Reading the standard's two tables, Timeline and Action Items, as people write them.

A row the document cannot hold (an unreadable time, an unknown status) is not dropped: it is
kept, under its table's header, as extra text after the table's section.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from postmortem.document.model import Priority, Status, TimelineEvent
from postmortem.document.outline import ACTION_TABLE, TIMELINE_TABLE, Body, Table
from postmortem.document.text import EMPTY_MARKER, decode_cell, read_placeholder
from postmortem.markdown.blocks import Block, Source, plain_name, preview, table_rows
from postmortem.markdown.export import read_event_cell
from postmortem.markdown.read_values import read_date
from postmortem.markdown.report import ImportReport


def _names(table: Table, aliases: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The names a column may have, by the field it shows: the standard's, then the aliases."""
    return {column.field: (plain_name(column.name), *aliases.get(column.field, ()))
            for column in table.columns}


# Each column's names, by the field it shows: the standard's, then others people give it.
_TIMELINE_COLUMNS = _names(TIMELINE_TABLE, {
    "time": ("time", "timestamp", "when", "date/time", "time utc"),
    "event": ("description", "what happened"),
    "actions": ("actions", "action", "action taken", "response"),
})
_ACTION_COLUMNS = _names(ACTION_TABLE, {
    "id": ("#",),
    "description": ("action", "action item", "task", "item"),
    "owner": ("assignee", "responsible", "who"),
    "due": ("due", "deadline", "target date"),
    "status": ("state",),
})


def columns(header: list[str], kind: Body) -> dict[str, int] | None:
    """Which column holds which field, or None when the header is not this kind of table."""
    known = _TIMELINE_COLUMNS if kind is Body.TIMELINE else _ACTION_COLUMNS
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = plain_name(cell)
        field = next((key for key, names in known.items() if name in names), None)
        if field is None or field in found:
            return None
        found[field] = index
    needed = ("time", "event") if kind is Body.TIMELINE else ("description",)
    return found if all(key in found for key in needed) else None


_ROW_TIME = re.compile(
    r"(?:(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[ T])?(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::[0-9]{2})?(?:\s*(?:UTC|Z))?", re.I)


def read_row_time(text: str) -> tuple[dt.date | None, dt.time]:
    text = text.strip()
    if len(text) == 16 and _is_date_and_minute(text):  # as the export writes it: 2 µs less
        return _day(text[:10]), _time(int(text[11:13]), int(text[14:]))
    match = _ROW_TIME.fullmatch(text)
    if match is None:
        raise ValueError("not a time (expected YYYY-MM-DD HH:MM or HH:MM)")
    date, hour, minute = match.group("date", "hour", "minute")
    return (_day(date) if date else None), _time(int(hour), int(minute))


def _is_date_and_minute(text: str) -> bool:
    """text (16 characters) is YYYY-MM-DD HH:MM, in ASCII digits: what _ROW_TIME reads as a
    date, an hour of two digits and a minute."""
    return (text[4] == text[7] == "-" and text[10] == " " and text[13] == ":"
            and text.isascii() and (text[:4] + text[5:7] + text[8:10] + text[11:13]
                                    + text[14:]).isdigit())


# The rows of a timeline share a few days and at most 1,440 minutes: made once each.
_day = functools.lru_cache(maxsize=256)(dt.date.fromisoformat)
_time = functools.lru_cache(maxsize=2048)(dt.time)


def read_event(text: str) -> tuple[str | None, str]:
    milestone, event = read_event_cell(decode_cell(text))
    return (milestone.value if milestone else None), event


def read_cell(text: str) -> str:
    return read_placeholder(decode_cell(text))


def _has_words(cell: str) -> bool:
    """read_cell(cell).strip() is not empty: said without decoding the common cell."""
    if "<br" in cell or "[" in cell:
        return bool(read_cell(cell).strip())
    cell = cell.strip()
    return bool(cell) and cell != EMPTY_MARKER


def read_action_id(text: str) -> str:
    text = read_cell(text).strip()
    match = re.fullmatch(r"(?:AI-?)?([0-9]{1,9})", text, re.I)  # as the model's IDs
    if not text:
        return ""
    if match is None:
        raise ValueError(f"ID {text!r} is not like AI-1")
    return f"AI-{int(match.group(1))}"


def read_choice(text: str, choices: type[Priority] | type[Status], default: str) -> str:
    text = read_cell(text).strip()
    if not text:
        return default
    wanted = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    wanted = {"done": "completed", "todo": "open", "to do": "open", "wip": "in progress",
              "closed": "completed"}.get(wanted, wanted)
    for choice in choices:
        if choice.value.lower() == wanted:
            return choice.value
    names = ", ".join(choice.value for choice in choices)
    raise ValueError(f"{text!r} is not one of {names}")


def read_due(text: str) -> dt.date | None:
    return read_date(read_cell(text))




@dataclass
class _Table:
    anchor: str  # where rows it cannot hold are kept
    header: tuple[int, int]  # the lines of its header and separator
    bad: list[int] = field(default_factory=list)


class _Event(NamedTuple):
    """A row of the timeline as read: a tuple, a tenth of a dataclass with a dict of fields
    (200,000 rows are held until the incident's date is known)."""

    table: _Table
    line: int
    day: dt.date | None
    time: dt.time
    event: str
    actions: str
    milestone: str | None


class TableReader:
    """Collects the rows of the Timeline and Action Items tables; finish() gives the document's
    events and action items once the incident's date (for times written without one) is known."""

    def __init__(self, source: Source, report: ImportReport) -> None:
        self.source = source
        self.report = report
        self.tables: list[_Table] = []
        self.events: list[_Event] = []
        self.actions: list[tuple[_Table, int, dict[str, Any]]] = []
        self.action_ids: set[str] = set()

    def read(self, block: Block, kind: Body, anchor: str) -> int | None:
        """Read a table of this kind; the number of its rows, or None if it is another table."""
        rows = table_rows(self.source, block)
        header = next(rows, None)
        found = columns(header[1], kind) if header is not None else None
        if found is None:
            return None
        table = _Table(anchor, (block.start, block.start + 1))
        self.tables.append(table)
        count = 0
        for line, cells in rows:
            count += 1
            if not any(map(_has_words, cells)):
                continue  # an empty row, or the template's own [placeholder] row
            try:
                self._row(kind, table, line, cells, found)
            except ValueError as error:
                self._bad(table, line, str(error))
        return count

    def _row(self, kind: Body, table: _Table, line: int, cells: list[str],
             found: dict[str, int]) -> None:
        if _cell_count(self.source.lines[line]) > len(cells):
            raise ValueError("more cells than the header has columns (an unescaped |?)")
        if kind is Body.TIMELINE:
            self._event(table, line, cells, found)
            return

        def cell(name: str) -> str:
            return cells[found[name]] if name in found else ""

        item: dict[str, Any] = {
            "id": read_action_id(cell("id")),
            "description": read_cell(cell("description")),
            "owner": read_cell(cell("owner")),
            "priority": read_choice(cell("priority"), Priority, ""),
            "due": read_due(cell("due")),
            "status": read_choice(cell("status"), Status, Status.OPEN.value),
        }
        if not item["priority"]:
            del item["priority"]  # the model's default (Medium); a review says none was given
        if item["id"] in self.action_ids:
            raise ValueError(f"ID {item['id']} is used twice")
        if item["id"]:
            self.action_ids.add(item["id"])
        self.actions.append((table, line, item))

    def _event(self, table: _Table, line: int, cells: list[str], found: dict[str, int]) -> None:
        """A timeline row (time and event are columns of every timeline table)."""
        day, time = read_row_time(cells[found["time"]])
        milestone, event = read_event(cells[found["event"]])
        actions = read_cell(cells[found["actions"]]) if "actions" in found else ""
        self.events.append(_Event(table, line, day, time, event, actions, milestone))

    def _bad(self, table: _Table, line: int, why: str) -> None:
        table.bad.append(line)
        self.report.unreadable.append((line + 1, preview(self.source.lines[line]), why))

    def finish(self, incident_date: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                  list[tuple[str, int, str]]]:
        """The events, the action items, and the rows kept as extra: (after, line, text)."""
        events = self._events(incident_date if isinstance(incident_date, dt.date) else None)
        actions = self._actions()
        kept = []
        for table in self.tables:
            if table.bad:
                lines = [*table.header, *sorted(table.bad)]
                text = "\n".join(self.source.lines[line] for line in lines)
                kept.append((table.anchor, min(table.bad), text))
        return events, actions, kept

    def _events(self, day: dt.date | None) -> list[Any]:
        """Times without a date take the incident's date (or the last date above them), and the
        next day once they go past midnight. Each row is validated as it is made (see
        validated_row), and the rows read are let go of one by one."""
        events: list[Any] = []
        previous: dt.datetime | None = None
        rows, self.events = self.events, []
        for index, event in enumerate(rows):
            rows[index] = None  # type: ignore[call-overload]
            if event.day is None and day is None:
                self._bad(event.table, event.line, "a time without a date, and the incident "
                                                   "has no date to take")
                continue
            moment = dt.datetime.combine(event.day or day, event.time,  # type: ignore[arg-type]
                                         tzinfo=dt.UTC)  # as the model keeps it: no copy
            if event.day is None and previous is not None and moment < previous:
                if moment.date() == dt.date.max:
                    self._bad(event.table, event.line, "past midnight after 9999-12-31, the "
                                                       "calendar's last day")
                    continue
                moment += dt.timedelta(days=1)
            day, previous = moment.date(), moment
            self.report.lines[f"timeline.{len(events)}"] = event.line + 1
            events.append(validated_row({"time": moment, "event": event.event,
                                         "actions": event.actions,
                                         "milestone": event.milestone}))
        return events

    def _actions(self) -> list[dict[str, Any]]:
        used = {int(item["id"][3:]) for _, _, item in self.actions if item["id"]}
        number = max(used, default=0)
        items: list[dict[str, Any]] = []
        for _, line, item in self.actions:
            self.report.lines[f"action_items.{len(items)}"] = line + 1
            if not item["id"]:
                number += 1
                item = {**item, "id": f"AI-{number}"}
            items.append(item)
        return items


def validated_row(row: dict[str, Any]) -> Any:
    """The row as the model's TimelineEvent, which the Document takes as it is (no dict per
    row kept beside it); the row itself if it is not valid, so that validating the Document
    says what is wrong with it, where, as it always has."""
    try:
        return _validate_event(row)
    except ValidationError:
        return row


_validate_event = TimelineEvent.__pydantic_validator__.validate_python  # model_validate's


def _cell_count(line: str) -> int:
    """How many cells a row's source line holds, split as markdown-it splits it: on every pipe
    without a backslash just before it, after dropping the pipes at either end."""
    text = line.strip()
    count = text.count("|") - text.count("\\|") + 1  # a pipe right after a backslash is text
    start = 1 if text.startswith("|") else 0  # the pipes at either end, once each
    if len(text) > start and text.endswith("|") and not (
            len(text) > start + 1 and text.endswith("\\|")):
        count -= 1
    return count - start
