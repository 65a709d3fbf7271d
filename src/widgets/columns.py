"""How wide each column of a table is: the one place that shares a table's width out.

Every VirtualTable (the timeline, the action-item grid, the shelf's tables, the preview's long
tables) draws its lines with these widths, worked out again as the terminal is resized.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CELL_PADDING = 1  # a space each side of every cell
# The columns always leave room for a vertical scrollbar, so they stay put when one appears.
SCROLLBAR_ROOM = 2
# Narrower than this, the shared columns would show next to nothing: the table is cropped at
# the right instead. (The timeline fits down to 48 cells: 80 columns with the section list.)
MIN_FREE_WIDTH = 10


@dataclass(frozen=True)
class Column:
    """A fixed width in cells, or a share of the width the fixed columns leave.

    key names the column where a table needs a name for it (the grid's sort keys)."""

    label: str
    width: int = 0
    share: int = 0
    key: str = ""


def column_widths(columns: Sequence[Column], total: int, *, padding: int = CELL_PADDING,
                  pads: tuple[int, int] | None = None,
                  min_free: int = MIN_FREE_WIDTH) -> list[int]:
    """Each column's text width when the table is `total` cells wide (padding not included:
    `padding` cells each side of a cell, or `pads` cells left and right): fixed columns keep
    their width, the others share what is left by their shares."""
    fixed = sum(column.width for column in columns)
    per_cell = 2 * padding if pads is None else sum(pads)
    free = max(total - SCROLLBAR_ROOM - per_cell * len(columns) - fixed, min_free)
    shared = [index for index, column in enumerate(columns) if not column.width]
    shares = sum(columns[index].share for index in shared) or 1
    widths = [column.width for column in columns]
    for index in shared[:-1]:
        widths[index] = free * columns[index].share // shares
    if shared:  # the last shared column takes what rounding down left over
        widths[shared[-1]] = free - sum(widths[index] for index in shared[:-1])
    return widths
