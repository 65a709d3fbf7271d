"""Preview: the exported Markdown, rendered as a reviewer will read it.

A document with a long table (thousands of timeline rows) is shown in parts: its text through
Textual's Markdown widget, each long table as a table drawn line by line, so the first screen
comes at once and the app answers keys whatever the document's size.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Markdown, MarkdownViewer

from postmortem.screens.preview_parts import LongTable, cell_text, parts, split_row
from postmortem.widgets.columns import Column
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.status_line import StatusLine
from postmortem.widgets.virtual_table import VirtualTable

NARROW_COLUMN = 24  # a column no wider than this in its first rows keeps its width
SAMPLE_ROWS = 100  # the rows that decide the columns' widths


class PreviewTable(VirtualTable):
    """A long Markdown table, drawn a line per row and only where it shows."""

    DEFAULT_CSS = "PreviewTable { margin: 0 2 1 2; }"

    def __init__(self, table: LongTable) -> None:
        self._table = table
        super().__init__()

    @property
    def row_count(self) -> int:
        return len(self._table.lines)

    def row_cells(self, row: int) -> Sequence[str]:
        cells = [cell_text(cell) for cell in split_row(self._table.lines[row])]
        width = len(self.COLUMNS)
        return (cells + [""] * width)[:width]

    def on_mount(self) -> None:
        self.rows_changed()


def table_widget(table: LongTable) -> PreviewTable:
    """A PreviewTable whose columns fit the table: narrow columns fixed, the rest shared."""
    sample = [[cell_text(cell) for cell in split_row(line)]
              for line in table.lines[:SAMPLE_ROWS]]
    columns: list[Column] = []
    for index, label in enumerate(table.header):
        widest = max([len(label), *(len(row[index]) for row in sample if index < len(row))])
        columns.append(Column(label, width=widest) if widest <= NARROW_COLUMN
                       else Column(label, share=1))

    class Table(PreviewTable):
        COLUMNS = tuple(columns)

    return Table(table)


class PreviewScroll(VerticalScroll):
    """The parts of a long document, one under the other, scrolled as one page."""

    DEFAULT_CSS = "PreviewScroll { height: 1fr; scrollbar-gutter: stable; background: $surface; }"


def preview_parts(markdown: str) -> list[Widget]:
    """A widget per part: Markdown for text, a PreviewTable for each long table."""
    return [table_widget(part) if isinstance(part, LongTable) else Markdown(part)
            for part in parts(markdown)]


class PreviewScreen(Screen[None]):
    BINDING_GROUP_TITLE = "Preview (F3)"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown
        self._later: list[Widget] = []

    def compose(self) -> ComposeResult:
        yield StatusLine("Preview")
        widgets = preview_parts(self.markdown)
        if all(isinstance(widget, Markdown) for widget in widgets):
            yield MarkdownViewer(self.markdown, show_table_of_contents=False, id="preview")
        else:
            # The first part fills the first screen; the rest follows once it shows.
            yield PreviewScroll(widgets[0], id="preview")
            self._later = widgets[1:]
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#preview").focus()
        if self._later and not isinstance(self.query_one(PreviewScroll).children[0], Markdown):
            self._mount_the_rest()

    def on_markdown_table_of_contents_updated(
            self, message: Markdown.TableOfContentsUpdated) -> None:
        """The first part has its blocks: once they are drawn, the rest follows."""
        if self._later and message.markdown is self.query_one(PreviewScroll).children[0]:
            self._mount_the_rest()

    def _mount_the_rest(self) -> None:
        later, self._later = self._later, []
        self.call_after_refresh(self._start_mounting, later)

    def _start_mounting(self, widgets: list[Widget]) -> None:
        self.run_worker(self._mount_later(widgets), exclusive=True)

    async def _mount_later(self, widgets: list[Widget]) -> None:
        """Mount the parts below the first, one at a time: keys are answered in between, and
        escape leaves at once (the worker ends with the screen)."""
        scroll = self.query_one(PreviewScroll)
        for widget in widgets:
            await scroll.mount(widget)

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#preview").scroll_relative(y=lines, animate=False)
