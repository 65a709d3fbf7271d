"""One way for screens and widgets to reach the running PostmortemApp with its real type."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from postmortem.app.application import PostmortemApp


class UsesPostmortem(DOMNode):
    @property
    def postmortem(self) -> PostmortemApp:
        return cast("PostmortemApp", self.app)
