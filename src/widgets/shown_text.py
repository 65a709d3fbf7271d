"""Show a text in a Static only when it changed, and lay the screen out again only when the
Static's height may change: an update costs a full layout of the screen (a grid or a table
drawn again) even when the text is the same, and the editors refresh their notes on every key."""

from __future__ import annotations

from rich.cells import cell_len
from textual.css.scalar import Unit
from textual.widgets import Static


def show_text(static: Static, text: str) -> None:
    """Give static this text, unless it shows it already."""
    if static.content != text:
        static.update(text, layout=height_may_change(static, text))


def height_may_change(static: Static, text: str) -> bool:
    """Whether showing text in place of what static shows may change its height: not when its
    height is fixed, nor when both texts have as many lines and none of the lines that differ
    wraps (a line that did not change takes the lines it took)."""
    height = static.styles.height
    if height is not None and height.unit is Unit.CELLS:
        return False
    shown = static.content
    width = static.content_size.width
    if not isinstance(shown, str) or width <= 0:
        return True
    before, after = shown.split("\n"), text.split("\n")
    return len(before) != len(after) or any(
        cell_len(old) > width or cell_len(new) > width
        for old, new in zip(before, after, strict=True) if old != new)


def briefly(text: str, chars: int) -> str:
    """The start of text in at most chars characters, for a one-line note that repeats what
    was typed (a pasted log excerpt as an event ran the note to 40 lines)."""
    return text if len(text) <= chars else f"{text[:chars - 1]}…"
