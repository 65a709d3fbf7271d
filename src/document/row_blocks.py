"""A long timeline followed in blocks of rows, so that what is worked out from its rows costs
what an edit changed, not what exists.

What is worked out per block (the rows' rendered text for saving: storage/timeline_rows.py;
the review's facts about them: review/row_facts.py) is kept while the block's rows stay. Each
time it is asked, a RowBlocks hands out the blocks that make up the timeline now: a block whose
rows are the very objects it holds, none of them changed in place since (the model logs that:
row_edits.py), is handed out again as it is; the blocks an edit touched are made anew from
their rows. So a look costs the blocks that changed and a comparison of the others by identity.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from operator import is_
from typing import Any, Generic, Protocol, TypeVar

from postmortem.document.row_edits import EDITED_ROWS, EditLog

BLOCK_ROWS = 256  # rows per block, about: an edit works out this many rows again


class HasRows(Protocol):
    rows: list[Any]  # the block's rows, in timeline order


B = TypeVar("B", bound=HasRows)


class RowBlocks(Generic[B]):
    """The blocks of one timeline between one look and the next. make(rows) works out a
    block from its rows, as they are at that moment; block_rows is the size of a block."""

    def __init__(self, make: Callable[[list[Any]], B], log: EditLog = EDITED_ROWS,
                 block_rows: int | None = None) -> None:
        self._make = make
        self._log = log
        self._block_rows = block_rows
        self._read, self._blocks = log.end, list[B]()

    @property
    def block_rows(self) -> int:
        return self._block_rows or BLOCK_ROWS

    def take(self, timeline: list[Any]) -> list[B]:
        """The blocks of the timeline now, in order ([] for no rows)."""
        edited, self._read = self._log.since(self._read)
        if not timeline:
            self._blocks = []
        elif edited is None or not self._blocks:
            self._blocks = self._fresh(timeline)
        else:
            blocks = self._follow(timeline, strict=bool(edited))
            places = {_place(timeline, row) for row in _distinct(edited)}
            self._blocks = self._made_again(blocks, places)
        return list(self._blocks)

    def _fresh(self, rows: list[Any]) -> list[B]:
        """Blocks for rows not seen before, about block_rows each."""
        count = max(1, round(len(rows) / self.block_rows))
        size, extra = divmod(len(rows), count)
        blocks, start = [], 0
        for index in range(count):
            end = start + size + (index < extra)
            if end > start:
                blocks.append(self._make(rows[start:end]))
            start = end
        return blocks

    def _follow(self, timeline: list[Any], *, strict: bool) -> list[B]:
        """The blocks for timeline: those at its start and end that still hold the rows kept,
        the rest made anew (a row added, removed or moved). Rows are compared by identity
        (strict) after rows were changed in place; otherwise by equality, which is quicker
        and as good: a row equal to one kept, that was not changed since its block was made,
        makes the block it made."""
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

    def _reuse(self, rows: list[Any], old: list[B]) -> list[B]:
        """Blocks for rows, taking each old block whose rows are found there unchanged (a row
        moved far: the blocks it passed shifted by one, and are not made again)."""
        if len(rows) <= 2 * self.block_rows or not old:
            return self._fresh(rows)
        where = {id(row): index for index, row in enumerate(rows)}
        blocks: list[B] = []
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

    def _made_again(self, blocks: list[B], places: set[int | None]) -> list[B]:
        """The blocks holding a row changed in place, made anew with its values now."""
        if not places:
            return blocks
        starts = [0, *accumulate(len(block.rows) for block in blocks)]
        for place in places:
            if place is None:
                continue
            index = bisect_right(starts, place) - 1
            if 0 <= index < len(blocks):
                blocks[index] = self._make(blocks[index].rows)
        return blocks


def _distinct(rows: list[Any]) -> list[Any]:
    return list({id(row): row for row in rows}.values())


def _place(timeline: list[Any], row: Any) -> int | None:
    """Where the very object row is in the timeline, or None."""
    from postmortem.document.timeline_edit import index_of  # it imports the model

    return index_of(timeline, row)


def _equal(piece: list[Any], rows: list[Any]) -> bool:
    return piece == rows  # identity first, element by element: quick when all are the same


def _identical(piece: list[Any], rows: list[Any]) -> bool:
    return len(piece) == len(rows) and all(map(is_, piece, rows))
