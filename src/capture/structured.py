"""Lines whose timestamp is not simply at the start: a list item ("- 14:02 paged"), a log
level before the time ("[ERROR] 2026-06-15T14:02:11Z ..."), a JSON log line ({"ts": ...,
"msg": ...}), logfmt (ts=... msg=...), and a row of a Markdown timeline table (this tool's own
export, or notes kept in that shape). Each is read as its stamp, with the rest as the message."""

from __future__ import annotations

import dataclasses
import json
import re

from postmortem.capture.formats import BadStamp, Kind, Reading, Stamp, read_stamp
from postmortem.document.text import EMPTY_MARKER, decode_cell

_BULLET = re.compile(r"^(?:[-*•+]|\d{1,3}[.)])\s+")
_LEVEL = re.compile(r"^(?:\[(?P<bracketed>[A-Za-z]{3,8})\]|(?P<bare>INFO|WARN|WARNING|ERROR|ERR|"
                    r"DEBUG|TRACE|FATAL|CRITICAL|CRIT|NOTICE|ALERT|EMERG|PANIC)\b:?)\s+")
_JSON_TIME = re.compile(r'"(?:@timestamp|timestamp|time|ts|datetime|date)"\s*:\s*'
                        r'(?:"(?P<text>[^"]{1,64})"|(?P<number>\d{9,19}(?:\.\d{1,9})?))')
_JSON_MESSAGE = re.compile(r'"(?:msg|message|log)"\s*:\s*"(?P<text>(?:[^"\\]|\\.){0,100000})"')
_JSON_LEVEL = re.compile(r'"(?:level|severity|lvl)"\s*:\s*"(?P<text>[A-Za-z]{1,10})"')
_LOGFMT_TIME = re.compile(r'(?:^|\s)(?:ts|time|t|timestamp)=(?:"(?P<quoted>[^"]{1,64})"'
                          r"|(?P<bare>\S{1,64}))")
_LOGFMT_MESSAGE = re.compile(r'(?:^|\s)(?:msg|message)=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"'
                             r"|(?P<bare>\S+))")
_LOGFMT_LEVEL = re.compile(r"(?:^|\s)(?:level|lvl)=(?P<text>\w{1,10})")
_TABLE_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_wrapped(line: str) -> Reading:
    """The stamp of a line of one of the shapes above; None when it is none of them."""
    if line.startswith("{"):
        return _json_line(line)
    if _LOGFMT_TIME.search(line[:200]) and "=" in line[:20]:
        return _logfmt_line(line)
    bullet = _BULLET.match(line)
    if bullet:
        return _whole_stamp_or_none(line[bullet.end():])
    level = _LEVEL.match(line)
    if level:
        found = read_stamp(line[level.end():])
        if isinstance(found, Stamp) and found.kind is not Kind.HEADER:
            name = (level["bracketed"] or level["bare"]).upper()
            return dataclasses.replace(found, rest=f"{name} {found.rest.strip()}")
        return found if isinstance(found, BadStamp) else None
    return None


def _whole_stamp_or_none(text: str) -> Reading:
    found = read_stamp(text)
    return found if found is not None and not (isinstance(found, Stamp) and
                                               found.kind is Kind.HEADER) else None


def _message(stamp_text: str, level: str, message: str, line: str) -> Reading:
    stamp = read_stamp(stamp_text)
    if isinstance(stamp, BadStamp):
        return stamp
    if stamp is None or stamp.rest.strip(" ]\"'") or stamp.kind is Kind.HEADER:
        return BadStamp(f"its time {stamp_text!r} is not a time this tool reads")
    text = f"{level.upper()}: {message}" if level and message else message or line
    return dataclasses.replace(stamp, rest=" " + text)


def _json_line(line: str) -> Reading:
    found = _JSON_TIME.search(line)
    if found is None:
        return None
    message = _JSON_MESSAGE.search(line)
    level = _JSON_LEVEL.search(line)
    text = ""
    if message is not None:
        try:
            text = str(json.loads(f'"{message["text"]}"'))
        except ValueError:
            text = message["text"]
    return _message(found["text"] or found["number"], level["text"] if level else "", text,
                    line)


def _logfmt_line(line: str) -> Reading:
    found = _LOGFMT_TIME.search(line)
    if found is None:
        return None
    message = _LOGFMT_MESSAGE.search(line)
    level = _LOGFMT_LEVEL.search(line)
    text = (message["quoted"] or message["bare"] or "").replace('\\"', '"') if message else ""
    return _message(found["quoted"] or found["bare"], level["text"] if level else "", text,
                    line)


@dataclasses.dataclass(frozen=True)
class TableRow:
    """A row of a Markdown timeline table: its stamp (None for a header or delimiter row)."""

    reading: Reading
    actions: str = ""
    utc_header: bool = False  # a header that says its times are UTC ("Time (UTC)")


def read_table_row(line: str, utc: bool) -> TableRow | None:
    """A line of a Markdown table (| Time | Event | Actions Taken |); None when line is not
    one. Its times are UTC when its header said so (the standard's "Time (UTC)")."""
    if not line.startswith("|"):
        return None
    if _TABLE_DELIMITER.match(line):
        return TableRow(Stamp(Kind.HEADER))
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
    stamp = read_stamp(cells[0]) if cells and cells[0] else None
    if stamp is None:
        if cells and "time" in cells[0].lower():
            return TableRow(Stamp(Kind.HEADER), utc_header="utc" in cells[0].lower())
        return None
    if isinstance(stamp, BadStamp):
        return TableRow(stamp)
    event, actions = (_cell(cells[1]) if len(cells) > 1 else "",
                      _cell(cells[2]) if len(cells) > 2 else "")
    if utc and not stamp.zone_word and stamp.kind in (Kind.LOCAL, Kind.CLOCK, Kind.NO_YEAR):
        stamp = dataclasses.replace(stamp, zone_word="UTC")
    return TableRow(dataclasses.replace(stamp, rest=" " + event if event else ""), actions)


def _cell(text: str) -> str:
    value = decode_cell(text.replace("\\|", "|")).replace("\n", " ").strip()
    return "" if value == EMPTY_MARKER else value
