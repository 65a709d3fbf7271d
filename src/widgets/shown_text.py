"""Show a text in a Static only when it changed: an update costs a full layout even when the
text is the same, and the editors refresh their notes on every key."""

from __future__ import annotations

from textual.widgets import Static


def show_text(static: Static, text: str) -> None:
    """Give static this text, unless it shows it already."""
    if static.content != text:
        static.update(text)
