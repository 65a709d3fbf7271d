"""The timeline's rows, rendered once and kept: saving and the recovery copy cost what changed,
not what exists.

A RowCache lives as long as the open file. Each time the file or its recovery copy is written,
take() is called on the event loop with the document's timeline and hands out TimelineRows: the
rows, in blocks of about BLOCK_ROWS, each block the UTF-8 of its rows as one bytes (compact: a
third of the memory of the rows' strings). The blocks follow the timeline as
document/row_blocks.py does: a block still holding its rows, none changed in place since, is
handed out again as it is; the others take a copy of their rows' values now (a few hundred
rows) and are rendered by whichever thread writes them. So the event loop pays for the blocks
an edit touched, the writer renders those blocks, and the rest is written from bytes kept.

The rendering is exactly the canonical one (rendering._table_pieces: tomli-w, one
[[timeline]] table per row); render_row takes a quicker way for the usual cell, and the tests
check it against tomli-w over hostile text."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from operator import attrgetter, is_
from typing import Any

import tomli_w

from postmortem.document.row_blocks import RowBlocks
from postmortem.document.row_edits import EDITED_ROWS, EditLog

BLOCK_ROWS = 256  # rows per block, about: an edit renders this many rows again
KEY = "timeline"
_HEADER = f"\n[[{KEY}]]\n"
# The characters tomli-w escapes in a string (a newline makes it a multi-line string).
_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_ESCAPED_ON_ONE_LINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')  # in a multi-line string
_BARE_KEY = re.compile(r"\A[A-Za-z0-9_-]+\Z")


def render_row(fields: tuple[str, ...], values: Sequence[Any]) -> str:
    """One row's table as the canonical rendering writes it; a value of None is left out."""
    lines = [_HEADER]
    for name, value in zip(fields, values, strict=True):
        if value is None:
            continue
        literal = _literal(value)
        if literal is None:  # nothing the quick way knows: tomli-w renders the whole row
            row = {key: item for key, item in zip(fields, values, strict=True)
                   if item is not None}
            return _HEADER + str(tomli_w.dumps(row, multiline_strings=True))
        lines.append(f"{name} = {literal}\n")
    return "".join(lines)


def _literal(value: Any) -> str | None:
    """A value as tomli-w writes it, where that is plain; None otherwise."""
    if isinstance(value, str):
        if _ESCAPED.search(value) is None:
            return '"' + value + '"'  # concatenation: a str enum gives its value
        if _ESCAPED_ON_ONE_LINE.search(value) is None:  # lines, nothing else to escape
            return '"""\n' + value + '"""'
        return str(tomli_w.dumps({"v": value}, multiline_strings=True))[4:-1]
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) in (dt.datetime, dt.date, int):
        return str(value)
    return None


def render_rows(fields: tuple[str, ...], rows: Sequence[Sequence[Any]],
                header: str = _HEADER) -> str:
    """The rows' tables one after another, each as render_row writes it (under header)."""
    if not rows:
        return ""
    return render_columns(fields, list(zip(*rows, strict=True)), header)


def render_columns(fields: tuple[str, ...], columns: Sequence[Sequence[Any]],
                   header: str = _HEADER) -> str:
    """render_rows, of the rows' values given a column (a field) at a time, and made a column
    at a time: a column of plain strings is checked for escapes in one search and quoted in
    one pass (half the time of a row at a time). Should a column hold a value no literal
    here can say, its rows are rendered one at a time."""
    count = len(columns[0]) if columns else 0
    width = len(fields) + 1
    lines: list[str] = [header] * (count * width)
    for offset, (name, column) in enumerate(zip(fields, columns, strict=True), start=1):
        found = _column_lines(name, column)
        if found is None:
            return "".join(header + render_row(fields, row)[len(_HEADER):]
                           for row in zip(*columns, strict=True))
        lines[offset::width] = found
    return "".join(lines)


def _column_lines(name: str, column: Sequence[Any]) -> list[str] | None:
    """Each value's line ("" for None); None when a value has no plain literal."""
    prefix = name + " = "
    present = [value for value in column if value is not None]
    kinds = set(map(type, present))
    if kinds == {dt.datetime}:
        return ["" if value is None else prefix + moment_text(value) + "\n" for value in column]
    if kinds <= _SHOWN_AS_IS:
        return ["" if value is None else f"{prefix}{value}\n" for value in column]
    if all(isinstance(value, str) for value in present):
        quote = prefix + '"'
        if _ESCAPED.search("".join(present)) is None:
            return ["" if value is None else quote + value + '"\n' for value in column]
        return ["" if value is None else quote + value + '"\n' if _ESCAPED.search(value) is None
                else f"{prefix}{_literal(value)}\n" for value in column]
    literals = [None if value is None else _literal(value) for value in column]
    if any(literal is None for literal, value in zip(literals, column, strict=True)
           if value is not None):
        return None
    return ["" if literal is None else prefix + literal + "\n" for literal in literals]


_SHOWN_AS_IS = {dt.datetime, dt.date, int}  # written as str() writes them (see _literal)


def moment_text(value: dt.datetime) -> str:
    """str(value), a fifth of the time for the timeline's own kind of time: UTC, in whole
    seconds (str() works out the offset and formats seven numbers: 3 µs a row)."""
    if value.tzinfo is not dt.UTC or value.microsecond:
        return str(value)
    days = _day_texts()
    ordinal = value.toordinal()
    day = days.get(ordinal)
    if day is None:
        if len(days) > 4096:
            days.clear()
        day = days[ordinal] = value.date().isoformat() + " "
    return day + _minute_texts()[value.hour * 60 + value.minute] + _second_texts()[value.second]


@functools.cache
def _day_texts() -> dict[int, str]:
    return {}


@functools.cache
def _minute_texts() -> list[str]:
    return [f"{hour:02d}:{minute:02d}:" for hour in range(24) for minute in range(60)]


@functools.cache
def _second_texts() -> list[str]:
    return [f"{second:02d}+00:00" for second in range(60)]


class Block:
    """A run of rows and their rendered text: the rows (which objects, as the event loop last
    saw them) are for the event loop only; the text is rendered from the values taken with
    them, in whichever thread asks first."""

    __slots__ = ("_text", "_values", "fields", "rows")

    def __init__(self, fields: tuple[str, ...], rows: list[Any]) -> None:
        self.fields = fields
        self.rows = rows
        self._values: list[tuple[Any, ...]] | None = list(map(attrgetter(*fields), rows))
        self._text: bytes | None = None

    def text(self) -> bytes:
        text = self._text
        if text is None:
            values = self._values or []
            text = render_rows(self.fields, values).encode("utf-8")
            self._text, self._values = text, None
        return text


class TimelineRows:
    """The timeline as written at one moment: its blocks, in order. Immutable once made."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimelineRows) and len(self.blocks) == len(other.blocks) \
            and all(map(is_, self.blocks, other.blocks))

    __hash__ = None  # type: ignore[assignment]

    def pieces(self) -> Iterator[bytes]:
        for block in self.blocks:
            yield block.text()


class RowCache:
    """The timeline's blocks between one write and the next; for the event loop."""

    def __init__(self, fields: tuple[str, ...], log: EditLog = EDITED_ROWS) -> None:
        self.fields = fields
        self._blocks = RowBlocks(self._block, log, block_rows=BLOCK_ROWS)
        self._last: TimelineRows | None = None

    def _block(self, rows: list[Any]) -> Block:
        return Block(self.fields, rows)

    def take(self, timeline: list[Any]) -> TimelineRows | list[Any]:
        """The timeline now, as blocks ([] for no rows: an empty array is written as a value).
        Costs the blocks that changed, and a comparison of the others by identity."""
        blocks = self._blocks.take(timeline)
        if not blocks:
            self._last = None
            return []
        if self._last is not None and len(blocks) == len(self._last.blocks) and all(
                map(is_, blocks, self._last.blocks)):
            return self._last
        self._last = TimelineRows(blocks)
        return self._last
