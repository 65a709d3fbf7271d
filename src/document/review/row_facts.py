"""What the section marks' rules read from every timeline row, kept block by block: which cells
hold a template placeholder and which rows carry a milestone. After an edit, the review works
out the blocks the edit touched again (document/row_blocks.py), not all 50,000 rows: reading
every cell for a placeholder was ~80 ms a review at 50,000 rows, after every pause in typing.

The blocks are kept for the document reviewed last on each thread (the app reviews one open
document on its event loop; the shelf reads others on a thread of its own); a review of another
document starts afresh.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from postmortem.document.review.words import may_hold_placeholders, placeholders
from postmortem.document.row_blocks import RowBlocks

if TYPE_CHECKING:
    from postmortem.document.model import Document, TimelineEvent

COLUMNS = ("event", "actions")  # the cells that may hold a placeholder, in the order read


class Placeholder(NamedTuple):
    row: int  # in the timeline
    column: str
    text: str
    found: list[str]  # the placeholders, as written


class RowFacts:
    """The facts of one block of rows, as they were when the block was made."""

    __slots__ = ("marked", "placeholders", "rows")

    def __init__(self, rows: list[TimelineEvent]) -> None:
        self.rows = rows
        self.placeholders: list[tuple[int, str, str, list[str]]] = []
        self.marked: list[int] = []  # the offsets of the rows that carry a milestone
        for offset, event in enumerate(rows):
            # the cells by name, not getattr over COLUMNS: this is most of the work
            if may_hold_placeholders(event.event) and (found := placeholders(event.event)):
                self.placeholders.append((offset, "event", event.event, found))
            if may_hold_placeholders(event.actions) and (found := placeholders(event.actions)):
                self.placeholders.append((offset, "actions", event.actions, found))
            if event.milestone is not None:
                self.marked.append(offset)


class TimelineFacts:
    """The facts of every row of one timeline, as it is now."""

    def __init__(self, timeline: list[TimelineEvent], blocks: list[RowFacts]) -> None:
        self._timeline = timeline
        self._blocks = blocks

    def placeholders(self) -> Iterator[Placeholder]:
        """Every cell holding a placeholder, in timeline order (event before actions)."""
        start = 0
        for block in self._blocks:
            for offset, column, text, found in block.placeholders:
                yield Placeholder(start + offset, column, text, found)
            start += len(block.rows)

    def marked(self) -> list[tuple[int, TimelineEvent]]:
        """The rows that carry a milestone, with their places, in timeline order."""
        found = []
        start = 0
        for block in self._blocks:
            found += [(start + offset, self._timeline[start + offset]) for offset in block.marked]
            start += len(block.rows)
        return found


_kept = threading.local()  # .document (a weak reference), .blocks: the last one reviewed


def timeline_facts(document: Document) -> TimelineFacts:
    """The facts of the document's timeline now: the blocks an edit touched since the last
    look (at this document, on this thread) are worked out again, the others are kept."""
    blocks: RowBlocks[RowFacts] | None = getattr(_kept, "blocks", None)
    reference: Any = getattr(_kept, "document", None)
    if blocks is None or reference is None or reference() is not document:
        blocks = RowBlocks(RowFacts)
        _kept.blocks, _kept.document = blocks, weakref.ref(document)
    timeline = document.timeline
    return TimelineFacts(timeline, blocks.take(timeline))


def forget() -> None:
    """Drop the blocks kept on this thread (tests)."""
    _kept.blocks = _kept.document = None
