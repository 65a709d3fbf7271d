"""A read-only table drawn line by line from rows it never copies (Textual's Line API).

Only the lines on screen are rendered, each straight from the row it shows, so opening the
table, moving its cursor and scrolling cost the same at ten rows or ten thousand. A subclass
says where its rows are: how many there are (row_count) and what one shows (row_cells).
The table keeps no more than a few screens of rendered lines, for scrolling back and forth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from postmortem.widgets.columns import CELL_PADDING, MIN_FREE_WIDTH, Column, column_widths
from postmortem.widgets.key_order import in_typed_order

HEADER_HEIGHT = 1
SCREENS_KEPT = 4  # rendered lines kept, in screens' worth: enough to scroll back and forth
ELLIPSIS = "…"


class StyledCell(NamedTuple):
    """A cell in a style of its own over its row's; on the cursor's row the cursor's colour
    wins, as in a DataTable (its other attributes, bold say, stay)."""

    text: str
    style: Style


Cell = str | StyledCell


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.text


def fitted(text: str, width: int, ellipsis: bool = False) -> str:
    """text cropped or padded to width cells; cropped with an ellipsis where asked."""
    if ellipsis and width > 0 and cell_len(text) > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    return set_cell_size(text, max(width, 0))


def line_text(cells: Sequence[str], widths: Sequence[int],
              pads: tuple[int, int] = (CELL_PADDING, CELL_PADDING), ellipsis: bool = False) -> str:
    """One table line: every cell padded (left, right), and cropped to its column (without an
    ellipsis unless asked)."""
    left, right = " " * pads[0], " " * pads[1]
    return "".join(f"{left}{fitted(cell, width, ellipsis)}{right}"
                   for cell, width in zip(cells, widths, strict=True))


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


class VirtualTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A header, then one line per row; the cursor is a whole row."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    # Spaces left and right of every cell; a table short of room keeps one between cells.
    PADS: ClassVar[tuple[int, int]] = (CELL_PADDING, CELL_PADDING)
    # The least the shared columns get; a table narrower than its columns is cropped at the
    # right, or, if it scrolls sideways, scrolled (as a DataTable is).
    MIN_FREE: ClassVar[int] = MIN_FREE_WIDTH
    SCROLLS_SIDEWAYS: ClassVar[bool] = False
    ELLIPSIS: ClassVar[bool] = False  # a cell cut short ends in "…"
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
        self._widths = column_widths(self.columns_for(0), 0, pads=self.PADS,
                                     min_free=self.MIN_FREE)
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

    def row_cells(self, row: int) -> Sequence[Cell]:
        """The texts the row shows, one per column, uncropped."""
        return ("",) * len(self.COLUMNS)

    def columns_for(self, width: int) -> Sequence[Column]:
        """The columns when the table is width cells wide (the same number at every width)."""
        return self.COLUMNS

    def header_labels(self) -> Sequence[str]:
        return [column.label for column in self.COLUMNS]

    @property
    def widths(self) -> list[int]:
        """Each column's text width as the table is drawn now (padding not included)."""
        return list(self._widths)

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
        """Scroll the least that shows the cursor's row below the header (and not sideways)."""
        self.scroll_to_region(Region(self.scroll_offset.x, self._cursor_row + HEADER_HEIGHT, 1, 1),
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
        header is drawn as it was (forget_lines() first for a new one)."""
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
            self.virtual_size = Size(self._line_width(), height)
            return
        self.set_reactive(VirtualTable.virtual_size, Size(self._line_width(), height))
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = height
            scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def row_changed(self, row: int) -> None:
        """Draw one row again (its cells changed, no row came or went): the only line drawn."""
        self._lines.pop((row, False), None)
        self._lines.pop((row, True), None)
        self.refresh_line(row + HEADER_HEIGHT)

    def forget_lines(self) -> None:
        self._lines.clear()
        self._header = None

    def _line_width(self) -> int:
        """How wide the table's lines are, where it scrolls sideways (0: as wide as it is)."""
        if not self.SCROLLS_SIDEWAYS:
            return 0
        return sum(self._widths) + sum(self.PADS) * len(self._widths)

    def on_resize(self, event: events.Resize) -> None:
        # The outer width, scrollbar included: the columns leave room for one (SCROLLBAR_ROOM).
        self._widths = column_widths(self.columns_for(event.size.width), event.size.width,
                                     pads=self.PADS, min_free=self.MIN_FREE)
        self.virtual_size = Size(self._line_width(), self.virtual_size.height)
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
            return self._in_view(self._header_line())
        row = y - HEADER_HEIGHT + self.first_visible_row
        if not 0 <= row < self.row_count:
            return Strip.blank(self.size.width, self.rich_style)
        return self._in_view(self._row_line(row))

    def _in_view(self, line: Strip) -> Strip:
        """The part of a line the table shows: all of it, unless it scrolled sideways."""
        x = self.scroll_offset.x
        if line.cell_length <= self.size.width and not x:
            return line
        return line.crop(x, x + self.size.width)

    def _header_line(self) -> Strip:
        if self._header is None:
            self._header = self._strip(self.header_labels(), self.get_component_rich_style(
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
                                                  *self._row_styles(row, on_cursor))
        return line

    def _row_styles(self, row: int, on_cursor: bool) -> tuple[Style, Style]:
        """The row's style, and what goes over a styled cell's (the cursor's colour)."""
        stripe = "virtual-table--odd-row" if row % 2 else "virtual-table--even-row"
        style = self.get_component_rich_style(stripe)
        if not on_cursor:
            return style, Style.null()
        cursor = self.get_component_rich_style("virtual-table--cursor")
        return style + cursor, Style.from_color(cursor.color)

    def _strip(self, cells: Sequence[Cell], style: Style, over: Style | None = None) -> Strip:
        """One line of the table, its style carried to the right edge as DataTable does."""
        plain = [cell for cell in cells if isinstance(cell, str)]
        if len(plain) == len(cells):  # one segment for the line: the common case
            segments = [Segment(line_text(plain, self._widths, self.PADS, self.ELLIPSIS), style)]
        else:
            segments = self._segments(cells, style, over or Style.null())
        width = max(self._line_width(), self.size.width)
        return Strip(segments).adjust_cell_length(width, style)

    def _segments(self, cells: Sequence[Cell], style: Style, over: Style) -> list[Segment]:
        left, right = " " * self.PADS[0], " " * self.PADS[1]
        segments: list[Segment] = []
        for cell, width in zip(cells, self._widths, strict=True):
            text = fitted(cell_text(cell), width, self.ELLIPSIS)
            if isinstance(cell, str):
                segments.append(Segment(f"{left}{text}{right}", style))
            else:
                segments += [Segment(left, style), Segment(text, style + cell.style + over),
                             Segment(right, style)]
        return segments
