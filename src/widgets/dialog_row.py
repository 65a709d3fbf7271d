"""One row of an editor dialog: a label and a compact one-line field."""

from __future__ import annotations

from textual.containers import Horizontal


class DialogRow(Horizontal):
    """A label and a compact one-line field, as the section forms have them."""

    DEFAULT_CSS = """
    DialogRow { height: auto; margin-top: 1; }
    DialogRow > Label { width: 10; color: $text-muted; }
    DialogRow Input { width: 1fr; border: none; height: 1; padding: 0 1; background: $boost; }
    DialogRow Input:focus { border: none; background: $primary 40%; }
    DialogRow > Select { width: 1fr; }
    """
