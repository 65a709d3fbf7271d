"""Reading a file's timeline rows quickly, where they are as this tool writes them.

The timeline is nearly all of a large file (50,000 rows: 7 MB), and the TOML parser reads it
a character at a time. The rows this tool writes have one layout (rendering.py), which one
regular expression reads at C speed; the rest of the file, a few KB, goes to the parser.
The data is exactly what the parser gives for the whole file, key order included, or None:
anything else (a row written another way, a comment, a string with quotes, a time with an
offset, another [[timeline]] further on) leaves the whole file to the parser, which also
says what is wrong with a bad one. tests/test_toml_reader.py compares the two.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Parse = Callable[[str], dict[str, Any]]

_HEADER = re.compile(r"^\[\[timeline\]\]\n", re.MULTILINE)
# A basic string: no quote, backslash or control character but through TOML 1.0's escapes
# (runs of plain characters between escapes: one step each, not one a character).
_ESCAPE = r'\\(?:["\\bfnrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})'
_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_PLAIN_LINES = r'[^"\\\x00-\x08\x0b-\x1f\x7f]*'  # and newlines
# A string's text, in one group or the other: multi-line as written for text with newlines
# (the newline after its opening quotes is not the text's).
_STRING = (rf'"({_PLAIN}(?:{_ESCAPE}{_PLAIN})*)"'
           rf'|"""\n({_PLAIN_LINES}(?:{_ESCAPE}{_PLAIN_LINES})*)"""')
_ROW = re.compile(
    r"\[\[timeline\]\]\n"
    r"time = (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00)\n"
    rf"(?:event = (?:{_STRING})\n)?"
    rf"(?:actions = (?:{_STRING})\n)?"
    r'(?:milestone = "(impact_start|detected|mitigated|resolved)"\n)?'
    r"\n?")
_ONE_ESCAPE = re.compile(_ESCAPE)
_SIMPLE = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class NotAsWritten(ValueError):
    """Something the fast reading does not take: the parser reads the file instead."""


def read(text: str, parse: Parse) -> dict[str, Any] | None:
    """The data of the TOML text, reading its timeline rows here and the rest with parse;
    None where the parser must read it all."""
    header = _HEADER.search(text)
    if header is None:
        return None
    start = header.start()
    try:
        timeline, end = _rows(text, start)
        if not timeline or (end < len(text) and text[end] != "["):  # then a table of its own
            return None
        head = parse(text[:start])  # on its own too: the rows start outside any string
        rest = parse(text[:start] + text[end:])
    except (ValueError, RecursionError):  # the parser's errors and NotAsWritten alike
        return None
    if "timeline" in rest:
        return None
    data = {key: rest[key] for key in head}  # the keys in the file's order, as the parser's
    data["timeline"] = timeline
    data.update(rest)
    return data


def _rows(text: str, start: int) -> tuple[list[dict[str, Any]], int]:
    """The rows from start on, and where they end. One loop, no call a row: a row costs
    about a microsecond, as long as matching it."""
    rows: list[dict[str, Any]] = []
    end = start
    match = _ROW.match(text, start)
    while match is not None:
        time, event, event_lines, actions, action_lines, milestone = match.groups()
        row: dict[str, Any] = {"time": dt.datetime.fromisoformat(time)}
        if event is not None or event_lines is not None:
            event = event if event is not None else event_lines
            row["event"] = _unescaped(event) if "\\" in event else event
        if actions is not None or action_lines is not None:
            actions = actions if actions is not None else action_lines
            row["actions"] = _unescaped(actions) if "\\" in actions else actions
        if milestone is not None:
            row["milestone"] = milestone
        rows.append(row)
        end = match.end()
        match = _ROW.match(text, end)
    return rows, end


def _unescaped(text: str) -> str:
    return _ONE_ESCAPE.sub(_unescape, text)


def _unescape(escape: re.Match[str]) -> str:
    code = escape.group()[1:]
    if code in _SIMPLE:
        return _SIMPLE[code]
    number = int(code[1:], 16)
    if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        raise NotAsWritten("not a Unicode scalar value")
    return chr(number)
