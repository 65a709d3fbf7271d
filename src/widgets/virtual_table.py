"""A read-only table drawn line by line from rows it never copies (Textual's Line API).

Only the lines on screen are rendered, each straight from the row it shows, so opening the
table, moving its cursor and scrolling cost the same at ten rows or ten thousand. A subclass
says where its rows are: how many there are (row_count) and what one shows (row_cells).
The table keeps no more than a few screens of rendered lines, for scrolling back and forth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from postmortem.widgets.columns import CELL_PADDING, Column, column_widths
from postmortem.widgets.key_order import in_typed_order

HEADER_HEIGHT = 1
SCREENS_KEPT = 4  # rendered lines kept, in screens' worth: enough to scroll back and forth


def line_text(cells: Sequence[str], widths: Sequence[int],
              pads: tuple[int, int] = (CELL_PADDING, CELL_PADDING)) -> str:
    """One table line: every cell padded (left, right), and cropped to its column without an
    ellipsis."""
    left, right = " " * pads[0], " " * pads[1]
    return "".join(f"{left}{set_cell_size(cell, width)}{right}"
                   for cell, width in zip(cells, widths, strict=True))


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


class VirtualTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A header, then one line per row; the cursor is a whole row."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    # Spaces left and right of every cell; a table short of room keeps one between cells.
    PADS: ClassVar[tuple[int, int]] = (CELL_PADDING, CELL_PADDING)
    # priority, every key of a table (in_typed_order): handled in the order typed
    BINDINGS: ClassVar[list[BindingType]] = in_typed_order([
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ])
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header", "virtual-table--cursor", "virtual-table--even-row",
        "virtual-table--odd-row",
    }
    # DataTable's look, in the app's theme.
    DEFAULT_CSS = """
    VirtualTable {
        width: 1fr;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .virtual-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .virtual-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .virtual-table--even-row { background: $surface-darken-1 40%; }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--header { background-tint: $foreground 5%; }
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class CursorMoved(Message):
        """The cursor is on another row (it may also have moved with an edit)."""

        def __init__(self, table: VirtualTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor_row = 0
        self._widths = column_widths(self.COLUMNS, 0, pads=self.PADS)
        self._lines: dict[tuple[int, bool], Strip] = {}
        self._header: Strip | None = None
        # Called as the cursor moves, before CursorMoved is posted: what they change is drawn
        # in the same frame as the cursor (a message arrives after that frame, and the screen
        # is drawn twice per key).
        self.cursor_listeners: list[Callable[[int], object]] = []

    # --- what a subclass provides (as it stands, the table has no rows) -----------------------

    @property
    def row_count(self) -> int:
        return 0

    def row_cells(self, row: int) -> Sequence[str]:
        """The texts the row shows, one per column, uncropped."""
        return ("",) * len(self.COLUMNS)

    # --- the cursor ---------------------------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        return self._cursor_row

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row (clamped to the rows there are), in view."""
        old, self._cursor_row = self._cursor_row, clamp(row, 0, max(self.row_count - 1, 0))
        self.scroll_to_cursor()
        if old != self._cursor_row:
            self.refresh_line(old + HEADER_HEIGHT)
            self.refresh_line(self._cursor_row + HEADER_HEIGHT)
            for listener in self.cursor_listeners:
                listener(self._cursor_row)
            self.post_message(self.CursorMoved(self, self._cursor_row))

    def keep_cursor_line(self, row: int, line: int) -> None:
        """Put the cursor on a row that moved (rows came or went above it), on the same line
        of the table it was on where the rows allow: what the reader looks at stays put."""
        self.scroll_to(y=max(row - line, 0), animate=False, force=True, immediate=True)
        self.move_cursor(row)

    def scroll_to_cursor(self) -> None:
        """Scroll the least that shows the cursor's row below the header."""
        self.scroll_to_region(Region(0, self._cursor_row + HEADER_HEIGHT, 1, 1),
                              spacing=Spacing(top=HEADER_HEIGHT), animate=False, force=True,
                              immediate=True)

    @property
    def page_height(self) -> int:
        """How many rows show at once."""
        return max(self.scrollable_content_region.height - HEADER_HEIGHT, 1)

    @property
    def first_visible_row(self) -> int:
        """The row on the line under the header."""
        return self.scroll_offset.y

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor_row + 1)

    def action_page_up(self) -> None:
        self.scroll_to(y=self.scroll_y - self.page_height, animate=False, force=True)
        self.move_cursor(self._cursor_row - self.page_height)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + self.page_height, animate=False, force=True)
        self.move_cursor(self._cursor_row + self.page_height)

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= HEADER_HEIGHT:
            row = offset.y - HEADER_HEIGHT + self.first_visible_row
            if row < self.row_count:
                self.move_cursor(row)

    # --- when the rows or the size change -------------------------------------------------

    def rows_changed(self) -> None:
        """Show the rows afresh after they changed (the cursor stays on its row number); the
        header is drawn as it was."""
        self._lines.clear()
        self._resize_content(self.row_count + HEADER_HEIGHT)
        self._cursor_row = clamp(self._cursor_row, 0, max(self.row_count - 1, 0))
        self.refresh()

    def _resize_content(self, height: int) -> None:
        """The table's virtual height is now height. Setting virtual_size lays the whole
        screen out again (a few ms a key: a row added, duplicated or deleted), which only
        a table shorter than its room needs: its own height follows its rows. A table that
        fills its room before and after keeps its size; only its scrollbar changes."""
        old = self.virtual_size.height
        room = self.size.height
        if not (self.is_mounted and room and old > room and height > room):
            self.virtual_size = Size(0, height)
            return
        self.set_reactive(VirtualTable.virtual_size, Size(0, height))
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = height
            scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def forget_lines(self) -> None:
        self._lines.clear()
        self._header = None

    def on_resize(self, event: events.Resize) -> None:
        # The outer width, scrollbar included: the columns leave room for one (SCROLLBAR_ROOM).
        self._widths = column_widths(self.COLUMNS, event.size.width, pads=self.PADS)
        self.forget_lines()
        self.refresh()  # the lines Textual painted at the new size used the old widths
        self.scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # e.g. focus: the cursor's colours change
        self.forget_lines()
        self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if y < HEADER_HEIGHT:
            return self._header_line()
        row = y - HEADER_HEIGHT + self.first_visible_row
        if not 0 <= row < self.row_count:
            return Strip.blank(self.size.width, self.rich_style)
        return self._row_line(row)

    def _header_line(self) -> Strip:
        if self._header is None:
            labels = [column.label for column in self.COLUMNS]
            self._header = self._strip(labels, self.get_component_rich_style(
                "virtual-table--header"))
        return self._header

    def _row_line(self, row: int) -> Strip:
        on_cursor = row == self._cursor_row
        key = (row, on_cursor)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > SCREENS_KEPT * max(self.size.height, 1):
                self._lines.clear()
            line = self._lines[key] = self._strip(self.row_cells(row),
                                                  self._row_style(row, on_cursor))
        return line

    def _row_style(self, row: int, on_cursor: bool) -> Style:
        stripe = "virtual-table--odd-row" if row % 2 else "virtual-table--even-row"
        style = self.get_component_rich_style(stripe)
        if on_cursor:
            style += self.get_component_rich_style("virtual-table--cursor")
        return style

    def _strip(self, cells: Sequence[str], style: Style) -> Strip:
        """One line of the table, its style carried to the right edge as DataTable does."""
        text = line_text(cells, self._widths, self.PADS)
        return Strip([Segment(text, style)]).adjust_cell_length(self.size.width, style)
