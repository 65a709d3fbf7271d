"""The shelf's answers written for scripts and people: text, JSON, CSV, and iCalendar for the
due dates of action items."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from postmortem.shelf.actions import ActionRow
from postmortem.shelf.entry import Entry
from postmortem.shelf.git import Commit
from postmortem.shelf.index import Matches
from postmortem.storage.recovery import printable

ShownPath = Callable[[str], str]  # a shelf path as the user should see it (under their DIR)

LIST_FIELDS = ("path", "id", "date", "severity", "title", "review", "open", "overdue",
               "last_author", "last_commit", "error")
ACTION_FIELDS = ("id", "item", "description", "owner", "priority", "due", "status", "overdue",
                 "path", "title")
SEARCH_FIELDS = ("rank", "path", "id", "date", "title", "matched", "snippet")


def shown_under(folder: str) -> ShownPath:
    """Paths as the user typed the folder (`list posts` shows posts/2026/x.toml), with any
    control character in a file's name escaped."""
    shown: dict[str, str] = {}

    def path(relative: str) -> str:
        if relative not in shown:  # a file has several items: worked out once
            shown[relative] = printable(os.path.normpath(os.path.join(folder, relative)))
        return shown[relative]

    return path


# --- list --------------------------------------------------------------------------------------

def list_records(entries: Sequence[Entry], commits: dict[str, Commit], today: dt.date,
                 shown: ShownPath) -> list[dict[str, Any]]:
    records = []
    for entry in entries:
        commit = commits.get(entry.path)
        records.append({
            "path": shown(entry.path), "id": entry.incident_id, "date": entry.date,
            "severity": entry.severity, "title": entry.title, "review": entry.review,
            "open": entry.open_count, "overdue": entry.overdue_count(today),
            "last_author": commit.author if commit else "",
            "last_commit": commit.date if commit else "",
            "error": entry.error_at(shown(entry.path)) if entry.broken else "",
        })
    return records


def list_text(records: Sequence[dict[str, Any]]) -> str:
    rows = [[record["id"] or "-", record["date"] or "-", record["severity"] or "-",
             record["review"], f"{record['open']} open",
             f"{record['overdue']} overdue" if record["overdue"] else "", record["title"],
             _commit_text(record), record["path"]]
            for record in records if not record["error"]]
    return aligned(rows)


def _commit_text(record: dict[str, Any]) -> str:
    if not record["last_author"]:
        return ""
    return f"{record['last_author']} {record['last_commit']}"


# --- actions -----------------------------------------------------------------------------------

def action_records(rows: Iterable[ActionRow], today: dt.date,
                   shown: ShownPath) -> list[dict[str, Any]]:
    day = today.isoformat()
    return [{
        "id": entry.incident_id, "item": item.item_id, "description": item.description,
        "owner": item.owner, "priority": item.priority, "due": item.due, "status": item.status,
        "overdue": item.overdue_on(day), "path": shown(entry.path), "title": entry.title,
    } for entry, item in ((row.entry, row.item) for row in rows)]


def actions_text(records: Sequence[dict[str, Any]]) -> str:
    rows = [[record["id"] or "-", record["item"], record["priority"],
             ("!" if record["overdue"] else "") + (record["due"] or "-"), record["status"],
             record["owner"] or "-", record["description"].replace("\n", " "), record["path"]]
            for record in records]
    return aligned(rows)


def actions_ics(records: Sequence[dict[str, Any]], now: dt.datetime) -> str:
    """An iCalendar of the items' due dates (items without one are left out): an all-day event
    on each due date, to subscribe to."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//postmortem//shelf actions//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Post-mortem action items"]
    for record in records:
        if not record["due"]:
            continue
        day = dt.date.fromisoformat(record["due"])
        uid = hashlib.sha256(f"{record['path']}\0{record['item']}".encode()).hexdigest()[:32]
        summary = f"{record['item']} ({record['id'] or record['path']}): {record['description']}"
        details = (f"Owner: {record['owner'] or '-'}\nPriority: {record['priority']}\n"
                   f"Status: {record['status']}\nIncident: {record['id']} {record['title']}\n"
                   f"File: {record['path']}")
        lines += ["BEGIN:VEVENT", f"UID:{uid}@postmortem", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{ics_text(summary)}", f"DESCRIPTION:{ics_text(details)}",
                  f"CATEGORIES:{ics_text(record['status'])}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(folded(line) + "\r\n" for line in lines)


def ics_text(text: str) -> str:
    """A TEXT value as iCalendar writes it (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def folded(line: str, limit: int = 75) -> str:
    """A content line folded at limit octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        room = limit if not pieces else limit - 1  # a folded line starts with a space
        if size + width > room:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


# --- search ------------------------------------------------------------------------------------

def search_records(found: Sequence[tuple[Entry, Matches]],
                   shown: ShownPath) -> list[dict[str, Any]]:
    return [{
        "rank": rank, "path": shown(entry.path), "id": entry.incident_id, "date": entry.date,
        "title": entry.title, "matched": matches.words,
        "snippet": matches.snippet.replace("\x01", "").replace("\x02", ""),
    } for rank, (entry, matches) in enumerate(found, start=1)]


def search_text(records: Sequence[dict[str, Any]]) -> str:
    lines = []
    for record in records:
        lines.append(f"{record['id'] or '-'}  {record['date'] or '-'}  {record['title']}  "
                     f"{record['path']}")
        lines.append(f"    matched: {', '.join(record['matched'])} — {record['snippet']}")
    return "".join(f"{printable(line)}\n" for line in lines)


# --- shared ------------------------------------------------------------------------------------

def aligned(rows: Sequence[Sequence[str]]) -> str:
    """Rows as columns two spaces apart, the last column unpadded; text from files is shown with
    control characters escaped."""
    if not rows:
        return ""
    columns = len(rows[0])
    widths = [max(len(row[column]) for row in rows) for column in range(columns - 1)]
    line = "  ".join([*(f"{{:<{width}}}" for width in widths), "{}"])
    return printable("\n".join(line.format(*row).rstrip() for row in rows)) + "\n"


def as_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"


def as_csv(records: Sequence[dict[str, Any]], fields: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return value
