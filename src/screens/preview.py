"""Preview: the exported Markdown, rendered as a reviewer will read it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import MarkdownViewer

from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.status_line import StatusLine


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

    def compose(self) -> ComposeResult:
        yield StatusLine("Preview")
        yield MarkdownViewer(self.markdown, show_table_of_contents=False, id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(MarkdownViewer).focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        self.query_one(MarkdownViewer).scroll_relative(y=lines, animate=False)
