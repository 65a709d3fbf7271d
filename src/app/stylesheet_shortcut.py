"""A Textual internal the first frame needs: a new screen counts as styled with the current
stylesheet.

Textual keeps a count of stylesheet updates on the app and on each screen (the private
`_css_update_count`), and when it shows a screen whose count differs from the app's, it parses
all the CSS again and restyles every widget: about 6 ms of each first frame, for a screen that
was styled a moment ago as it was built. This is the only module that touches it;
tests/test_textual_internals.py fails if Textual changes how the count is kept or read.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen


def styled_with_current_stylesheet(screen: Screen[Any], app: App[Any]) -> None:
    """Mark a screen just built as styled with the app's stylesheet as it is now."""
    screen._css_update_count = app._css_update_count
