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
