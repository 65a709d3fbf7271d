"""The line being typed stays on screen: a field's cursor is scrolled into view in every
scrolling container around the field, as the cursor moves and as the field grows.

Textual scrolls a field into view when it takes the focus, and a TextArea scrolls its own text
to its cursor; neither moves the form around a field that grows while it is typed into, so the
new lines of the last text box of a screen went on below the bottom of the terminal."""

from __future__ import annotations

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, TextArea


def reveal(widget: Widget, cursor: Offset) -> None:
    """Scroll the containers around widget so that the screen cell `cursor` is inside them."""
    row = cursor.y
    for container in widget.ancestors:
        if not isinstance(container, Widget) or not container.allow_vertical_scroll:
            continue
        view = container.scrollable_content_region
        shift = row - view.y if row < view.y else max(0, row - (view.bottom - 1))
        if not shift:
            continue
        before = container.scroll_y
        container.scroll_to(y=before + shift, animate=False, immediate=True)
        row -= round(container.scroll_y - before)


def keep_cursor_in_view(field: Input | TextArea) -> None:
    """After field's cursor moved or field changed size: once the screen is laid out again,
    scroll the containers around it to where its cursor then is."""
    if field.has_focus:
        field.call_after_refresh(_reveal_cursor, field)


def _reveal_cursor(field: Input | TextArea) -> None:
    if field.has_focus and field.is_attached:
        reveal(field, field.cursor_screen_offset)
