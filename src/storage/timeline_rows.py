"""The timeline's rows, rendered once and kept: saving and the recovery copy cost what changed,
not what exists.

A RowCache lives as long as the open file. Each time the file or its recovery copy is written,
take() is called on the event loop with the document's timeline and hands out TimelineRows: the
rows, in blocks of about BLOCK_ROWS, each block the UTF-8 of its rows as one bytes (compact: a
third of the memory of the rows' strings). A block whose rows are the very objects it holds,
none of them changed in place since (the model logs that: document/row_edits.py), is handed out
again as it is; the others take a copy of their rows' values now (a few hundred rows) and are
rendered by whichever thread writes them. So the event loop pays for the blocks an edit
touched, the writer renders those blocks, and the rest is written from bytes kept.

The rendering is exactly the canonical one (rendering._table_pieces: tomli-w, one
[[timeline]] table per row); render_row takes a quicker way for the usual cell, and the tests
check it against tomli-w over hostile text."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from operator import attrgetter, is_
from typing import Any

import tomli_w

from postmortem.document.row_edits import EDITED_ROWS, EditLog

BLOCK_ROWS = 256  # rows per block, about: an edit renders this many rows again
KEY = "timeline"
_HEADER = f"\n[[{KEY}]]\n"
# The characters tomli-w escapes in a string (a newline makes it a multi-line string).
_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
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
        return str(tomli_w.dumps({"v": value}, multiline_strings=True))[4:-1]
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) in (dt.datetime, dt.date, int):
        return str(value)
    return None


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
            text = "".join(render_row(self.fields, row) for row in values).encode("utf-8")
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
        self._log = log
        self._read, self._blocks = log.end, list[Block]()
        self._last: TimelineRows | None = None

    def take(self, timeline: list[Any]) -> TimelineRows | list[Any]:
        """The timeline now, as blocks ([] for no rows: an empty array is written as a value).
        Costs the blocks that changed, and a comparison of the others by identity."""
        edited, self._read = self._log.since(self._read)
        if not timeline:
            self._blocks, self._last = [], None
            return []
        if edited is None or not self._blocks:
            blocks = self._fresh(timeline)
        else:
            blocks = self._follow(timeline, strict=bool(edited))
            places = {_place(timeline, row) for row in _distinct(edited)}
            blocks = self._render_again(blocks, places)
        if self._last is not None and len(blocks) == len(self._last.blocks) and all(
                map(is_, blocks, self._last.blocks)):
            self._blocks = blocks
            return self._last
        self._blocks, self._last = blocks, TimelineRows(blocks)
        return self._last

    def _fresh(self, rows: list[Any]) -> list[Block]:
        """Blocks for rows not rendered before, about BLOCK_ROWS each."""
        count = max(1, round(len(rows) / BLOCK_ROWS))
        size, extra = divmod(len(rows), count)
        blocks, start = [], 0
        for index in range(count):
            end = start + size + (index < extra)
            if end > start:
                blocks.append(Block(self.fields, rows[start:end]))
            start = end
        return blocks

    def _follow(self, timeline: list[Any], *, strict: bool) -> list[Block]:
        """The blocks for timeline: those at its start and end that still hold the rows kept,
        the rest made anew (a row added, removed or moved). Rows are compared by identity
        (strict) after rows were changed in place; otherwise by equality, which is quicker
        and as good: a row equal to one kept, that was not changed since it was rendered,
        renders as it did."""
        same = _identical if strict else _equal
        old = self._blocks
        front, start = 0, 0
        while front < len(old):
            piece = timeline[start:start + len(old[front].rows)]
            if not same(piece, old[front].rows):
                break
            old[front].rows = piece
            start += len(piece)
            front += 1
        back, end = len(old), len(timeline)
        while back > front and end - len(old[back - 1].rows) >= start:
            piece = timeline[end - len(old[back - 1].rows):end]
            if not same(piece, old[back - 1].rows):
                break
            old[back - 1].rows = piece
            end -= len(piece)
            back -= 1
        middle = self._reuse(timeline[start:end], old[front:back])
        return old[:front] + middle + old[back:]

    def _reuse(self, rows: list[Any], old: list[Block]) -> list[Block]:
        """Blocks for rows, taking each old block whose rows are found there unchanged (a row
        moved far: the blocks it passed shifted by one, and are not rendered again)."""
        if len(rows) <= 2 * BLOCK_ROWS or not old:
            return self._fresh(rows)
        where = {id(row): index for index, row in enumerate(rows)}
        blocks: list[Block] = []
        done = 0
        for block in old:
            at = where.get(id(block.rows[0])) if block.rows else None
            if at is None or at < done or not _identical(rows[at:at + len(block.rows)],
                                                         block.rows):
                continue
            blocks += self._fresh(rows[done:at]) if at > done else []
            blocks.append(block)
            done = at + len(block.rows)
        return blocks + (self._fresh(rows[done:]) if done < len(rows) else [])

    def _render_again(self, blocks: list[Block], places: set[int | None]) -> list[Block]:
        """The blocks holding a row changed in place, made anew with its values now."""
        if not places:
            return blocks
        starts = [0, *accumulate(len(block.rows) for block in blocks)]
        for place in places:
            if place is None:
                continue
            index = bisect_right(starts, place) - 1
            if 0 <= index < len(blocks):
                blocks[index] = Block(self.fields, blocks[index].rows)
        return blocks


def _distinct(rows: list[Any]) -> list[Any]:
    return list({id(row): row for row in rows}.values())


def _place(timeline: list[Any], row: Any) -> int | None:
    """Where the very object row is in the timeline, or None."""
    from postmortem.document.timeline_edit import index_of

    return index_of(timeline, row)


def _equal(piece: list[Any], rows: list[Any]) -> bool:
    return piece == rows  # identity first, element by element: quick when all are the same


def _identical(piece: list[Any], rows: list[Any]) -> bool:
    return len(piece) == len(rows) and all(map(is_, piece, rows))
