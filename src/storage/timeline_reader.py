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
# A basic string: no quote, backslash or control character but through TOML 1.0's escapes.
_ESCAPE = r'\\(?:["\\bfnrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})'
_STRING = (rf'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|{_ESCAPE})*"'
           # multi-line, as written for text with newlines: the first newline is not the text's
           rf'|"""\n(?:[^"\\\x00-\x08\x0b-\x1f\x7f]|{_ESCAPE})*"""')
_ROW = re.compile(
    r"\[\[timeline\]\]\n"
    r"time = (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00)\n"
    rf"(?:event = ({_STRING})\n)?"
    rf"(?:actions = ({_STRING})\n)?"
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
    rows, end = _rows(text, start)
    if not rows or (end < len(text) and text[end] != "["):  # what follows: a table of its own
        return None
    try:
        head = parse(text[:start])  # on its own too: the rows start outside any string
        rest = parse(text[:start] + text[end:])
        timeline = [_row(match) for match in rows]
    except (ValueError, RecursionError):  # the parser's errors and NotAsWritten alike
        return None
    if "timeline" in rest:
        return None
    data = {key: rest[key] for key in head}  # the keys in the file's order, as the parser's
    data["timeline"] = timeline
    data.update(rest)
    return data


def _rows(text: str, start: int) -> tuple[list[re.Match[str]], int]:
    rows = []
    match = _ROW.match(text, start)
    while match is not None:
        rows.append(match)
        match = _ROW.match(text, match.end())
    return rows, rows[-1].end() if rows else start


def _row(match: re.Match[str]) -> dict[str, Any]:
    time, event, actions, milestone = match.groups()
    row: dict[str, Any] = {"time": dt.datetime.fromisoformat(time)}
    if event is not None:
        row["event"] = _string(event)
    if actions is not None:
        row["actions"] = _string(actions)
    if milestone is not None:
        row["milestone"] = milestone
    return row


def _string(written: str) -> str:
    value = written[4:-3] if written.startswith('"""') else written[1:-1]
    return _ONE_ESCAPE.sub(_unescape, value) if "\\" in value else value


def _unescape(escape: re.Match[str]) -> str:
    code = escape.group()[1:]
    if code in _SIMPLE:
        return _SIMPLE[code]
    number = int(code[1:], 16)
    if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        raise NotAsWritten("not a Unicode scalar value")
    return chr(number)
