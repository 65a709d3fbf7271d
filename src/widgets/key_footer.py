"""The compact footer every screen shows, fitted to 80 columns.

The footer lists the focused widget's keys, then its screen's, then the app's F-keys; where
that is more than 80 columns hold, the focused widget or its screen names the keys it leaves
out in FOOTER_OMITS. They still work, and F1 and the palette still list them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; textual is pinned


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        omitted = self.omitted_keys()
        for widget in super().compose():
            if not (isinstance(widget, FooterKey) and widget.key in omitted):
                yield widget

    def omitted_keys(self) -> frozenset[str]:
        screen = self.screen
        where = screen.focused.ancestors_with_self if screen.focused is not None else [screen]
        omitted: frozenset[str] = frozenset()
        for node in where:
            omitted |= getattr(node, "FOOTER_OMITS", frozenset())
        return omitted
