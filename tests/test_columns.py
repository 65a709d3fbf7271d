"""One function shares a table's width out among its columns, for both tables."""

from __future__ import annotations

import pytest

from postmortem.widgets.action_items.grid import COLUMNS as GRID_COLUMNS
from postmortem.widgets.action_items.grid import MIN_DESCRIPTION_WIDTH
from postmortem.widgets.columns import Column, column_widths


@pytest.mark.parametrize("width", [20, 60, 78, 80, 131])
def test_the_grids_description_takes_what_the_fixed_columns_leave(width):
    fixed = [5, 12, 8, 12, 11]  # ID, Owner, Priority, Due Date, Status
    description = max(width - 2 - 2 * len(GRID_COLUMNS) - sum(fixed), MIN_DESCRIPTION_WIDTH)
    assert column_widths(GRID_COLUMNS, width, min_free=MIN_DESCRIPTION_WIDTH) == [
        5, description, *fixed[1:]]


def test_shared_columns_split_by_share_and_the_last_takes_the_rounding():
    columns = [Column("a", share=1), Column("b", width=4), Column("c", share=2)]
    # 40 less a scrollbar (2) and padding (2 a column): 32; less the fixed 4: 28 to share
    assert column_widths(columns, 40) == [9, 4, 19]
    assert column_widths(columns, 40, padding=0) == [11, 4, 23]


def test_a_table_too_narrow_still_gives_the_shared_columns_the_minimum():
    columns = [Column("a", width=30), Column("b", share=1)]
    assert column_widths(columns, 10) == [30, 10]
    assert column_widths(columns, 10, min_free=3) == [30, 3]
